"""Fit the title choices (parsers/meta/text_titles.py, parsers/meta/html_titles.py) on the DEV
bench's pages, and judge them out of fold.

    python -m train.titles [--out parsers/models/titles.json] [--report FILE]

Every trafilatura-eval and wcxb page with a gold title is parsed up to the choice, which gives its
candidate titles; a candidate is labelled right when it is the gold title as score.py compares
titles. One set of trees is fitted on the markdown and plain-text pages' candidates, one on the HTML
pages'. The report fits them once per fold (5 folds grouped by site) and scores each page's choice
with the trees fitted without its fold, beside the title before the choice (the header scan's, the
rules') and the share of pages where some candidate is right.
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

from parsers.meta.html_titles import HTML_TITLE_FEATURES, HtmlTitles
from parsers.meta.text_titles import (
    TEXT_TITLE_FEATURES,
    TITLE_MODEL_PATH,
    Lines,
    TitleChooser,
    load_title_model,
    parse_title_model,
)
from schemas.model import Pass, TitleModel
from train.bench import FOLDS, Page, pages, score_module
from train.dates import PARAMS  # the same small trees as the date choice
from train.export import flat_pass, pass_of
from train.fit import loadable, write_model

SETS = ("trafilatura-eval", "wcxb")
KINDS = ("text", "plain")
ROUNDS = 150


@dataclass(frozen=True)
class TitledPage:
    """A text page: its candidate titles and rows, and which of them are right."""

    page: Page
    found: Lines
    right: list[bool]


def _titled(page: Page) -> TitledPage | None:
    from parsers import Origin, load_rules
    from parsers.pipeline import text_title_evidence

    score = score_module()
    text = page.path.read_text("utf-8")
    origin = Origin(path=page.path.name, format="markdown" if page.kind == "text" else "text", sha256="")
    found = text_title_evidence(text, origin, load_rules())
    if found is None:
        return None
    gold = score.norm_title(page.gold["title"])
    return TitledPage(page, found, [score.norm_title(line.text) == gold for line in found.lines])


@dataclass(frozen=True)
class HtmlTitledPage:
    """An HTML page: the titles its sources propose, their rows, and which of them are right."""

    page: Page
    found: HtmlTitles
    right: list[bool]
    addressed: bool = True  # parsed with the page's address (a scraper record's url), else without


def _html_titled(job: tuple[Page, bool]) -> HtmlTitledPage | None:
    from parsers import load_rules
    from parsers.pipeline import html_title_evidence
    from parsers.strip.model import load_model
    from train.dataset import read_page

    page, addressed = job
    score = score_module()
    read = read_page(page)
    if read is None:
        return None
    html, origin = read
    if not addressed:
        origin.url = None
    found = html_title_evidence(html, origin, load_rules(), load_model())
    if found is None:
        return None
    gold = score.norm_title(page.gold["title"])
    return HtmlTitledPage(page, found, [score.norm_title(c.text) == gold for c in found.candidates], addressed)


def titled_pages(workers: int = 2) -> list[TitledPage]:
    """Every markdown and plain-text page with a gold title."""
    todo = [p for s in SETS for k in KINDS for p in pages(s, k) if p.gold.get("title")]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        found = pool.map(_titled, todo, chunksize=20)
    return [t for t in found if t is not None]


def html_titled_pages(workers: int = 2) -> list[HtmlTitledPage]:
    """Every HTML page with a gold title, twice: parsed with its address and without (an HTML
    file read from disk, whose page may still name its canonical address). A user gives either,
    and the slug features read the address: fitted on both, the trees serve both."""
    todo = [
        (p, addressed) for s in SETS for p in pages(s, "html") if p.gold.get("title") for addressed in (True, False)
    ]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        found = pool.map(_html_titled, todo, chunksize=20)
    return [t for t in found if t is not None]


def choice_pass(X: Sequence[npt.NDArray[np.float64]], right: Sequence[list[bool]], features: Sequence[str]) -> Pass:
    """Trees scoring a choice's candidates: ``X`` the candidates' rows of each page, ``right``
    which of them are right (the text and HTML title choices, the HTML author choice)."""
    import lightgbm as lgb

    if not X:
        return flat_pass(features)  # no page to learn from: every candidate scored alike
    table = np.vstack(X)
    y = np.array([float(ok) for r in right for ok in r])
    booster = lgb.train(PARAMS, lgb.Dataset(table, y, feature_name=list(features)), num_boost_round=ROUNDS)
    return pass_of(booster, features)


def fit(titled: Sequence[TitledPage], html: Sequence[HtmlTitledPage] = ()) -> TitleModel:
    """The text trees fitted on ``titled``, the HTML trees on ``html``."""
    text = [t for t in titled if t.found.lines]
    scorer = choice_pass([t.found.X for t in text], [t.right for t in text], TEXT_TITLE_FEATURES)
    marked = [t for t in html if t.found.candidates]
    html_scorer = choice_pass([t.found.X for t in marked], [t.right for t in marked], HTML_TITLE_FEATURES)
    trained = {
        "pages": str(len(titled)),
        "rows": str(sum(len(t.right) for t in titled)),
        "html_pages": str(len({(t.page.dataset, t.page.id) for t in html})),
        "html_rows": str(sum(len(t.right) for t in html)),
        "rounds": str(ROUNDS),
        "sets": ", ".join(SETS),
    }
    return TitleModel(scorer=scorer, html_scorer=html_scorer, trained=trained)


def fold_models(titled: Sequence[TitledPage], html: Sequence[HtmlTitledPage] = ()) -> list[TitleChooser]:
    out = []
    for k in range(FOLDS):
        model = fit([t for t in titled if t.page.fold != k], [t for t in html if t.page.fold != k])
        out.append(parse_title_model(model.model_dump_json().encode(), f"fold {k}"))
    return out


def out_of_fold(
    titled: Sequence[TitledPage], models: Sequence[TitleChooser], html: Sequence[HtmlTitledPage] = ()
) -> dict[str, dict[str, float]]:
    """Per set and input kind: the share of pages given the gold title by the choice out of fold,
    by the header scan (the rules, on HTML) before it, and by some candidate (the most a choice
    can reach)."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for h in html:
        picked = models[h.page.fold].choose_html(h.found)
        at = h.found.candidates.index(picked) if picked is not None else -1
        rule = next((k for k, c in enumerate(h.found.candidates) if "rule" in c.whole), -1)
        counts = tally[f"{h.page.dataset}/{h.page.kind}" + ("" if h.addressed else ", no address")]
        counts[0] += 1
        counts[1] += at >= 0 and h.right[at]
        counts[2] += rule >= 0 and h.right[rule]
        counts[3] += any(h.right)
    for t in titled:
        chosen = models[t.page.fold].choose(t.found)
        index = t.found.lines.index(chosen) if chosen is not None else -1
        scan = next((k for k, line in enumerate(t.found.lines) if line.scan), -1)
        counts = tally[f"{t.page.dataset}/{t.page.kind}"]
        counts[0] += 1
        counts[1] += index >= 0 and t.right[index]
        counts[2] += scan >= 0 and t.right[scan]
        counts[3] += any(t.right)
    return {
        g: {"pages": n, "chosen": c / n, "before": b / n, "any": a / n} for g, (n, c, b, a) in sorted(tally.items())
    }


def report(figures: dict[str, dict[str, float]]) -> str:
    lines = [
        "# Title choice: out-of-fold report",
        "",
        "Written by `make train`. Each DEV page with a gold title (trafilatura-eval, wcxb) is parsed up to the",
        "choice; its title is then chosen by trees fitted without its fold (5 folds grouped by site). Share of",
        "pages given the gold title (as score.py compares titles), beside the title before the choice (a text",
        "page's header scan, an HTML page's rules) and the share where some candidate is the gold title. The",
        "block model here is the one shipped; parsers/models/blocks.report.md gives the whole pipeline out of fold.",
        'HTML pages are parsed with the address the bench gives and, apart ("no address"), without it, as an HTML',
        "file read from disk is; the HTML trees are fitted on both.",
        "",
        "| pages / input | n | title chosen | before the choice | some candidate |",
        "|---|---|---|---|---|",
    ]
    for group, r in figures.items():
        lines.append(f"| {group} | {r['pages']:.0f} | {r['chosen']:.3f} | {r['before']:.3f} | {r['any']:.3f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=TITLE_MODEL_PATH)
    parser.add_argument("--report", type=Path, help="also write the out-of-fold figures here (markdown)")
    args = parser.parse_args(argv)
    with loadable(TITLE_MODEL_PATH, load_title_model, lambda: TitleModel(scorer=flat_pass(TEXT_TITLE_FEATURES))):
        titled, html = titled_pages(), html_titled_pages()
        write_model(fit(titled, html), args.out)
    if args.report:
        text = report(out_of_fold(titled, fold_models(titled, html), html))
        args.report.write_text(text, "utf-8")
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
