"""Fit the text path's title choice (parsers/meta/text_titles.py) on the DEV bench's markdown and
plain-text pages, and judge it out of fold.

    python -m train.titles [--out parsers/models/titles.json] [--report FILE]

Every trafilatura-eval and wcxb text page with a gold title is parsed up to the choice, which gives
its candidate titles; a candidate is labelled right when it is the gold title as score.py compares
titles. The trees are fitted on every candidate; the report fits them once per fold (5 folds grouped
by site) and scores each page's choice with the trees fitted without its fold, beside the header
scan's title and the share of pages where some candidate is right.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from parsers.meta.text_titles import (
    TEXT_TITLE_FEATURES,
    TITLE_MODEL_PATH,
    Lines,
    TitleChooser,
    load_title_model,
    parse_title_model,
)
from schemas.model import TitleModel
from train.bench import BENCH, FOLDS, Page, pages
from train.dates import PARAMS  # the same small trees as the date choice
from train.export import flat_pass, pass_of
from train.fit import ensure_loadable, write_model

SETS = ("trafilatura-eval", "wcxb")
KINDS = ("text", "plain")
ROUNDS = 150


def _score_module() -> Any:
    sys.path.insert(0, str(BENCH))
    import score  # type: ignore[import-not-found]  # the bench's own rules: the figures' title normalisation

    return score


@dataclass(frozen=True)
class TitledPage:
    """A text page: its candidate titles and rows, and which of them are right."""

    page: Page
    found: Lines
    right: list[bool]


def _titled(page: Page) -> TitledPage | None:
    from parsers import Origin, load_rules
    from parsers.pipeline import text_title_evidence

    score = _score_module()
    text = page.path.read_text("utf-8")
    origin = Origin(path=page.path.name, format="markdown" if page.kind == "text" else "text", sha256="")
    found = text_title_evidence(text, origin, load_rules())
    if found is None:
        return None
    gold = score.norm_title(page.gold["title"])
    return TitledPage(page, found, [score.norm_title(line.text) == gold for line in found.lines])


def titled_pages(workers: int = 2) -> list[TitledPage]:
    """Every markdown and plain-text page with a gold title."""
    todo = [p for s in SETS for k in KINDS for p in pages(s, k) if p.gold.get("title")]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        found = pool.map(_titled, todo, chunksize=20)
    return [t for t in found if t is not None]


def table(titled: Sequence[TitledPage]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    X = [t.found.X for t in titled if t.found.lines]
    y = [float(ok) for t in titled for ok in t.right]
    return (np.vstack(X) if X else np.zeros((0, len(TEXT_TITLE_FEATURES)))), np.array(y)


def fit(titled: Sequence[TitledPage]) -> TitleModel:
    import lightgbm as lgb

    X, y = table(titled)
    booster = lgb.train(PARAMS, lgb.Dataset(X, y, feature_name=list(TEXT_TITLE_FEATURES)), num_boost_round=ROUNDS)
    trained = {"pages": str(len(titled)), "rows": str(len(y)), "rounds": str(ROUNDS), "sets": ", ".join(SETS)}
    return TitleModel(scorer=pass_of(booster, TEXT_TITLE_FEATURES), trained=trained)


def fold_models(titled: Sequence[TitledPage]) -> list[TitleChooser]:
    out = []
    for k in range(FOLDS):
        model = fit([t for t in titled if t.page.fold != k])
        out.append(parse_title_model(model.model_dump_json().encode(), f"fold {k}"))
    return out


def out_of_fold(titled: Sequence[TitledPage], models: Sequence[TitleChooser]) -> dict[str, dict[str, float]]:
    """Per set and input kind: the share of pages given the gold title by the choice out of fold,
    by the header scan before it, and by some candidate (the most a choice can reach)."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
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
        "# Text title choice: out-of-fold report",
        "",
        "Written by `make train`. Each DEV markdown and plain-text page with a gold title (trafilatura-eval, wcxb)",
        "is parsed up to the choice; its title is then chosen by trees fitted without its fold (5 folds grouped by",
        "site). Share of pages given the gold title (as score.py compares titles):",
        "",
        "| pages / input | n | title chosen | header scan's | some candidate |",
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
    ensure_loadable(TITLE_MODEL_PATH, load_title_model, lambda: TitleModel(scorer=flat_pass(TEXT_TITLE_FEATURES)))
    titled = titled_pages()
    write_model(fit(titled), args.out)
    if args.report:
        text = report(out_of_fold(titled, fold_models(titled)))
        args.report.write_text(text, "utf-8")
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
