"""Fit the author choices on the DEV bench, and judge them out of fold: the HTML choice
(parsers/meta/html_authors.py) on the HTML pages, described here, and the text choice
(parsers/meta/text_authors.py) on the markdown and plain-text pages (see :mod:`train.text_authors`);
both go into one model file.

    python -m train.authors [--out parsers/models/authors.json] [--report FILE]

Every trafilatura-eval and wcxb HTML page annotated with its authors, or as having none, is parsed
up to the choice, which gives its candidate credits ("nobody" among them); a candidate is labelled
right when its persons are the gold authors as score.py compares them (for "nobody": when the page
is annotated as having none). The trees are fitted on every candidate. The threshold the best
candidate must reach is fitted on out-of-fold scores: the most pages right, giving no more wrong
authors than the rules gave on the same pages. The report fits the trees and threshold
without each fold (the threshold on scores out of fold within the other folds) and scores that
fold's pages with them, beside the rules' authors and the share where some candidate is right.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from parsers.meta.html_authors import (
    AUTHOR_MODEL_PATH,
    HTML_AUTHOR_FEATURES,
    AuthorChooser,
    Credits,
    load_author_model,
    parse_author_model,
)
from schemas.model import AuthorModel, Pass
from train.bench import FOLDS, Page, pages, score_module
from train.export import flat_pass
from train.fit import loadable, write_model
from train.tally import author_shares
from train.text_authors import (
    TextCreditedPage,
    fit_text,
    text_credited_pages,
    text_out_of_fold,
    text_report,
)
from train.titles import ROUNDS, SETS, choice_pass  # the same small trees and sets as the date and title choices


@dataclass(frozen=True)
class CreditedPage:
    """An HTML page: its candidate credits and rows, which are right, and the rules' outcome."""

    page: Page
    found: Credits
    right: list[bool]
    empty: bool  # annotated as having no author
    rules_right: bool
    rules_wrong: bool  # the rules give authors, not the gold ones


def _credited(page: Page) -> CreditedPage | None:
    from parsers import load_rules
    from parsers.pipeline import html_author_evidence
    from parsers.strip.model import load_model
    from train.dataset import read_page

    score = score_module()
    read = read_page(page)
    if read is None:
        return None
    found = html_author_evidence(*read, load_rules(), load_model())
    if found is None:
        return None
    empty = page.gold["author"] == ""
    gold = set() if empty else score.author_set(page.gold["author"])
    right = [score.author_set(c.persons) == gold for c in found.credits]
    at = next((k for k, c in enumerate(found.credits) if "rule" in c.sources), len(found.credits) - 1)
    return CreditedPage(page, found, right, empty, right[at], bool(found.credits[at].persons) and not right[at])


def credited_pages(workers: int = 2) -> list[CreditedPage]:
    """Every HTML page annotated with its authors or as having none."""
    todo = [p for s in SETS for p in pages(s, "html") if p.gold.get("author") is not None]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        found = pool.map(_credited, todo, chunksize=20)
    return [c for c in found if c is not None]


def fit_pass(credited: Sequence[CreditedPage]) -> Pass:
    return choice_pass([c.found.X for c in credited], [c.right for c in credited], HTML_AUTHOR_FEATURES)


Outcome = tuple[float, bool, bool, bool]  # best score; taking it is right, is a wrong author; giving none is right


def _outcome(c: CreditedPage, scores: npt.NDArray[np.float64]) -> Outcome:
    top = int(np.argmax(scores))
    gives = bool(c.found.credits[top].persons)
    return float(scores[top]), c.right[top], gives and not c.right[top], c.empty


def best_threshold(outcomes: Sequence[Outcome], allowed: int) -> float | None:
    """The cut (the best candidate taken at or above it, "nobody" below) giving the most pages
    right with at most ``allowed`` wrong authors (of equals, the fewest wrong); None: no cut does
    better than taking none."""
    ordered = sorted(outcomes, key=lambda o: -o[0])
    right = sum(o[3] for o in ordered)  # nothing taken: pages annotated with no author are right
    wrong = 0
    best: tuple[int, int, float] = (right, 0, float("inf"))
    for k, (score, ok, fault, empty) in enumerate(ordered):
        right += ok - empty
        wrong += fault
        if k + 1 < len(ordered) and ordered[k + 1][0] == score:
            continue  # a cut takes every page of the same score
        if wrong <= allowed and (right, -wrong) > best[:2]:
            best = (right, -wrong, score)
    return None if best[2] == float("inf") else best[2]


def _oof_scores(credited: Sequence[CreditedPage], folds: Sequence[int]) -> list[Outcome]:
    """The outcome of each page of ``folds``, scored by trees fitted on the other folds of ``folds``."""
    outcomes = []
    for k in folds:
        chooser = _chooser(fit_pass([c for c in credited if c.page.fold in folds and c.page.fold != k]), 0.0)
        outcomes += [
            _outcome(c, chooser.html_forest.raw(c.found.X)) for c in credited if c.page.fold == k and c.found.credits
        ]
    return outcomes


def _allowed(credited: Sequence[CreditedPage]) -> int:
    return sum(c.rules_wrong for c in credited)


def _chooser(scorer: Pass, threshold: float | None) -> AuthorChooser:
    model = AuthorModel(html_scorer=scorer, html_threshold=threshold)
    return parse_author_model(model.model_dump_json().encode(), "fit")


def fit(credited: Sequence[CreditedPage], texts: Sequence[TextCreditedPage] = ()) -> AuthorModel:
    """The trees fitted on ``credited`` (HTML pages) and ``texts`` (text pages, when given), and
    their thresholds fitted on their scores out of fold."""
    text_scorer, text_threshold = fit_text(texts) if texts else (None, None)
    folds = sorted({c.page.fold for c in credited})
    threshold = best_threshold(_oof_scores(credited, folds), _allowed(credited)) if len(folds) > 1 else None
    trained = {
        "pages": str(len(credited)),
        "rows": str(sum(len(c.right) for c in credited)),
        "rounds": str(ROUNDS),
        "sets": ", ".join(SETS),
        "text_pages": str(len(texts)),
        "text_rows": str(sum(len(c.right) for c in texts)),
    }
    return AuthorModel(
        html_scorer=fit_pass(credited),
        html_threshold=threshold,
        text_scorer=text_scorer,
        text_threshold=text_threshold,
        trained=trained,
    )


def fold_models(credited: Sequence[CreditedPage], texts: Sequence[TextCreditedPage] = ()) -> list[AuthorChooser]:
    out = []
    for k in range(FOLDS):
        model = fit([c for c in credited if c.page.fold != k], [t for t in texts if t.page.fold != k])
        out.append(parse_author_model(model.model_dump_json().encode(), f"fold {k}"))
    return out


def out_of_fold(credited: Sequence[CreditedPage], models: Sequence[AuthorChooser]) -> dict[str, dict[str, float]]:
    """Per set: pages annotated with authors given them (choice, rules, some candidate), pages
    annotated with none given none (choice, rules), and wrong authors given (choice, rules)."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0] * 9)
    for c in credited:
        chosen = models[c.page.fold].choose_html(c.found)
        at = c.found.credits.index(chosen) if chosen is not None else len(c.found.credits) - 1
        t = tally[c.page.dataset]
        if c.empty:
            t[4] += 1
            t[5] += c.right[at]
            t[6] += c.rules_right
        else:
            t[0] += 1
            t[1] += c.right[at]
            t[2] += c.rules_right
            t[3] += any(ok for ok, credit in zip(c.right, c.found.credits, strict=True) if credit.persons)
        t[7] += bool(c.found.credits[at].persons) and not c.right[at]
        t[8] += c.rules_wrong
    return {s: author_shares(t) for s, t in sorted(tally.items())}


def report(figures: dict[str, dict[str, float]]) -> str:
    lines = [
        "# Author choices: out-of-fold report",
        "",
        "## HTML pages",
        "",
        "Written by `make train`. Each DEV HTML page annotated with its authors or as having none (trafilatura-eval,",
        "wcxb) is parsed up to the choice; its authors are then chosen by trees and a threshold fitted without its",
        "fold (5 folds grouped by site), and compared with the gold as score.py compares authors. Beside the choice:",
        "the rules' authors, and the share of pages where some candidate is right. The block model here is the one",
        "shipped; parsers/models/blocks.report.md gives the whole pipeline out of fold.",
        "",
        "| set | n | authors right | rules' | some candidate | n no author | none right | rules' "
        "| wrong authors given | rules' |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for group, r in figures.items():
        lines.append(
            f"| {group} | {r['pages']:.0f} | {r['chosen']:.3f} | {r['rules']:.3f} | {r['any']:.3f} | {r['empty']:.0f} "
            f"| {r['empty_chosen']:.3f} | {r['empty_rules']:.3f} | {r['wrong']:.0f} | {r['wrong_rules']:.0f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=AUTHOR_MODEL_PATH)
    parser.add_argument("--report", type=Path, help="also write the out-of-fold figures here (markdown)")
    args = parser.parse_args(argv)
    with loadable(
        AUTHOR_MODEL_PATH, load_author_model, lambda: AuthorModel(html_scorer=flat_pass(HTML_AUTHOR_FEATURES))
    ):
        credited, texts = credited_pages(), text_credited_pages()
        write_model(fit(credited, texts), args.out)
    if args.report:
        models = fold_models(credited, texts)
        text = report(out_of_fold(credited, models)) + "\n".join(text_report(text_out_of_fold(texts, models))) + "\n"
        args.report.write_text(text, "utf-8")
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
