"""The text half of the author choice (parsers/meta/text_authors.py): its trees and threshold fitted
on the DEV bench's markdown and plain-text pages, and its out-of-fold figures; ``train.authors``
writes them into the author model beside the HTML choice's.

Every trafilatura-eval and wcxb markdown and plain-text page annotated with its authors, or as
having none, is parsed up to the choice, which gives its candidate credits; a credit is labelled
right when its persons are the gold authors as score.py compares them. The trees are fitted on
every page's credits. Where the byline rules credit someone, their credit is one candidate and the
best-scored one is given, with no threshold (someone is given either way). Elsewhere the best must
reach a threshold, fitted on those pages' best scores out of fold: the cut giving the most pages
right (the gold authors given, or none given where the gold has none) when each wrong author given
counts against it WRONG_COST times, a wrong credit being worse than none to a user who cites or
filters by it.
"""

from __future__ import annotations

import multiprocessing
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from parsers.meta.html_authors import AuthorChooser
from parsers.meta.text_authors import TEXT_AUTHOR_FEATURES, TextCredits
from schemas.model import Pass
from train.bench import Page, pages, score_module
from train.tally import author_shares
from train.titles import KINDS, SETS, choice_pass

WRONG_COST = 2.0


@dataclass(frozen=True)
class TextCreditedPage:
    """A text page: its candidate credits and rows, which are right, and the byline rules' outcome."""

    page: Page
    found: TextCredits
    right: list[bool]
    empty: bool  # annotated as having no author
    ruled: bool  # the byline rules gave authors (the choice does not run)
    rules_right: bool  # the rules' authors are the gold ones (none on a page annotated with none)


def _credited(page: Page) -> TextCreditedPage | None:
    from parsers import Origin, load_rules
    from parsers.pipeline import text_author_evidence

    score = score_module()
    origin = Origin(path=page.path.name, format="markdown" if page.kind == "text" else "text", sha256="")
    evidence = text_author_evidence(page.path.read_text("utf-8"), origin, load_rules())
    if evidence is None:
        return None
    ruled, found = evidence
    empty = page.gold["author"] == ""
    gold = set() if empty else score.author_set(page.gold["author"])
    # On a page with no author any credit is wrong, even one the scorer's normalisation empties.
    right = [not empty and score.author_set(c.persons) == gold for c in found.credits]
    return TextCreditedPage(page, found, right, empty, bool(ruled), score.author_set(ruled) == gold)


def text_credited_pages(workers: int = 2) -> list[TextCreditedPage]:
    """Every markdown and plain-text page annotated with its authors or as having none."""
    todo = [p for s in SETS for k in KINDS for p in pages(s, k) if p.gold.get("author") is not None]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        found = pool.map(_credited, todo, chunksize=20)
    return [c for c in found if c is not None]


def fit_text_pass(credited: Sequence[TextCreditedPage]) -> Pass:
    return choice_pass([c.found.X for c in credited], [c.right for c in credited], TEXT_AUTHOR_FEATURES)


Outcome = tuple[float, bool, bool]  # a page's best score; taking it is right; the page has no author


def best_text_threshold(outcomes: Sequence[Outcome]) -> float | None:
    """The cut (the best credit taken at or above it, none below) with the most pages right less
    WRONG_COST per wrong author given; None when no cut does better than taking none."""
    ordered = sorted(outcomes, key=lambda o: -o[0])
    gain, best, cut = 0.0, 0.0, None
    for k, (score, ok, empty) in enumerate(ordered):
        gain += 1.0 if ok else -WRONG_COST - empty  # a page with none, given a name, also loses its "none"
        if k + 1 < len(ordered) and ordered[k + 1][0] == score:
            continue  # a cut takes every page of the same score
        if gain > best:
            best, cut = gain, score
    return cut


def _applied(credited: Sequence[TextCreditedPage]) -> list[TextCreditedPage]:
    """The pages the choice runs on: no author from the rules, some candidate."""
    return [c for c in credited if not c.ruled and c.found.credits]


def _outcome(c: TextCreditedPage, scores: npt.NDArray[np.float64]) -> Outcome:
    top = int(np.argmax(scores))
    return float(scores[top]), c.right[top], c.empty


def fit_text(credited: Sequence[TextCreditedPage]) -> tuple[Pass, float | None]:
    """The trees fitted on every page of ``credited``, and the threshold fitted on the best scores
    out of fold (their own folds among ``credited``) of the pages the choice runs on."""
    from parsers.strip.model import Forest

    folds = sorted({c.page.fold for c in credited})
    outcomes: list[Outcome] = []
    for k in folds if len(folds) > 1 else ():
        forest = Forest.of(fit_text_pass([c for c in credited if c.page.fold != k]))
        outcomes += [_outcome(c, forest.raw(c.found.X)) for c in _applied(credited) if c.page.fold == k]
    return fit_text_pass(credited), best_text_threshold(outcomes) if outcomes else None


def text_out_of_fold(
    credited: Sequence[TextCreditedPage], models: Sequence[AuthorChooser]
) -> dict[str, dict[str, float]]:
    """Per set and input kind, with each fold's model (``models[k]``): of the pages
    with gold authors, the share given them (the rules then the choice, and the rules alone) and
    the count given others; of the pages annotated with none, the share given none."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0] * 9)
    for c in credited:
        t = tally[f"{c.page.dataset}/{c.page.kind}"]
        chosen = models[c.page.fold].choose_text(c.found, c.ruled)
        gives = chosen is not None or c.ruled
        if chosen is not None:
            ok = c.right[c.found.credits.index(chosen)]
        else:
            ok = c.rules_right if c.ruled else c.empty
        if c.empty:
            t[4] += 1
            t[5] += not gives
            t[6] += not c.ruled
        else:
            t[0] += 1
            t[1] += ok
            t[2] += c.ruled and c.rules_right
            t[3] += any(c.right) or (c.ruled and c.rules_right)
        t[7] += gives and not ok
        t[8] += c.ruled and not c.rules_right
    return {group: author_shares(t) for group, t in sorted(tally.items())}


def text_report(figures: dict[str, dict[str, float]]) -> list[str]:
    lines = [
        "",
        "## Text pages",
        "",
        "Each DEV markdown and plain-text page annotated with its authors or as having none is parsed up to the",
        "choice, among whose candidates is the byline rules' credit (taken, where they credit someone, when",
        "the trees score it best; elsewhere the best credit must reach a threshold); its trees and threshold",
        'are fitted without the page\'s fold. "Some candidate": the share of pages where the rules or a',
        "candidate credit is right.",
        "",
        "| set / input | n | authors right | rules' | some candidate | n no author | none given | rules' "
        "| wrong authors given | rules' |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for group, r in figures.items():
        lines.append(
            f"| {group} | {r['pages']:.0f} | {r['chosen']:.3f} | {r['rules']:.3f} | {r['any']:.3f} | {r['empty']:.0f} "
            f"| {r['empty_chosen']:.3f} | {r['empty_rules']:.3f} | {r['wrong']:.0f} | {r['wrong_rules']:.0f} |"
        )
    return lines
