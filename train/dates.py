"""Fit the date choice (parsers/meta/date_choice.py) on the DEV bench's HTML pages, and judge it
out of fold.

    python -m train.dates [--out parsers/models/dates.json] [--report]

Every trafilatura-eval and wcxb HTML page with a gold date is parsed by the pipeline up to the
choice (the shipped block classifier, no date model), which gives its candidates; each distinct
day is a row labelled by whether it is the gold day. The model is fitted on every row; the
report fits one model per fold (5 folds grouped by site) and scores each page's choice with the
model fitted without its fold, beside the pipeline's date before the choice and htmldate's.
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

from parsers.inputs.read import DEFAULT_MAX_BYTES, decode, gunzip
from parsers.meta.date_choice import DATE_MODEL_PATH, FEATURES, SOURCES, Candidates, DateChooser, day_of, rows
from schemas.model import DateModel
from train.bench import FOLDS, Page, pages
from train.export import pass_of
from train.fit import write_model

SETS = ("trafilatura-eval", "wcxb")
PARAMS: dict[str, Any] = {
    "objective": "binary", "learning_rate": 0.05, "num_leaves": 7, "min_data_in_leaf": 10, "verbose": -1,
    "deterministic": True, "num_threads": 1, "seed": 7,
}  # fmt: skip
ROUNDS = 100


@dataclass(frozen=True)
class DatedPage:
    page: Page
    gold: str
    candidates: Candidates


def _candidates(page: Page) -> Candidates | None:
    from parsers import Origin, load_rules
    from parsers.pipeline import html_date_candidates
    from parsers.strip.model import load_model

    raw = gunzip(page.path.read_bytes(), DEFAULT_MAX_BYTES)
    html = decode(raw) if isinstance(raw, bytes) else None
    if not isinstance(html, str):
        return None
    origin = Origin(path=page.path.name, format="html", sha256="")
    return html_date_candidates(html, origin, load_rules(), load_model())


def dated_pages(workers: int = 2) -> list[DatedPage]:
    todo = [p for s in SETS for p in pages(s, "html") if day_of(str(p.gold.get("date") or ""))]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        found = pool.map(_candidates, todo, chunksize=20)
    return [DatedPage(p, day_of(str(p.gold["date"])) or "", c) for p, c in zip(todo, found, strict=True) if c]


def table(dated: Sequence[DatedPage]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], list[int]]:
    """Feature rows, labels, and the index of each row's page."""
    X: list[npt.NDArray[np.float64]] = []
    y: list[float] = []
    owner: list[int] = []
    for k, d in enumerate(dated):
        days, rows_of = rows(d.candidates)
        X.append(rows_of)
        y += [float(day == d.gold) for day in days]
        owner += [k] * len(days)
    return np.vstack(X) if X else np.zeros((0, len(FEATURES))), np.array(y), owner


def fit(dated: Sequence[DatedPage]) -> DateModel:
    import lightgbm as lgb

    X, y, _ = table(dated)
    booster = lgb.train(PARAMS, lgb.Dataset(X, y, feature_name=list(FEATURES)), num_boost_round=ROUNDS)
    trained = {"pages": str(len(dated)), "rows": str(len(y)), "rounds": str(ROUNDS), "sets": ", ".join(SETS)}
    return DateModel(sources=list(SOURCES), scorer=pass_of(booster, FEATURES), trained=trained)


def fold_models(dated: Sequence[DatedPage]) -> list[DateChooser]:
    from parsers.meta.date_choice import parse_date_model

    out = []
    for k in range(FOLDS):
        model = fit([d for d in dated if d.page.fold != k])
        out.append(parse_date_model(model.model_dump_json().encode(), f"fold {k}"))
    return out


def out_of_fold(dated: Sequence[DatedPage]) -> dict[str, dict[str, float]]:
    """Per set (and wcxb's articles): the share of pages whose date is the gold day, for the
    choice out of fold, the pipeline before it, and htmldate's fast search."""
    models = fold_models(dated)
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for d in dated:
        chosen = models[d.page.fold].choose(d.candidates)
        before = next(iter(d.candidates.get("pipeline", [])), None)
        htmldate = next(iter(d.candidates.get("htmldate", [])), None)
        groups = [d.page.dataset, *(["wcxb articles"] if d.page.gold.get("page_type") == "article" else [])]
        for group in groups:
            t = tally[group]
            t[0] += 1
            t[1] += chosen == d.gold
            t[2] += day_of(before) == d.gold
            t[3] += day_of(htmldate) == d.gold
    return {g: {"pages": n, "chosen": c / n, "before": b / n, "htmldate": h / n} for g, (n, c, b, h) in tally.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DATE_MODEL_PATH)
    parser.add_argument("--report", type=Path, help="also write the out-of-fold figures here (markdown)")
    args = parser.parse_args(argv)
    dated = dated_pages()
    write_model(fit(dated), args.out)
    if args.report:
        text = report(out_of_fold(dated))
        args.report.write_text(text, "utf-8")
        print(text)
    return 0


def report(figures: dict[str, dict[str, float]]) -> str:
    lines = [
        "# Date choice: out-of-fold report",
        "",
        "Written by `make train`. Each DEV HTML page with a gold date (trafilatura-eval, wcxb) is parsed up to",
        "the choice; its date is then chosen by a model fitted without its fold (5 folds grouped by site). Share of",
        "pages whose date is the gold day (pages the pipeline rejects are left out):",
        "",
        "| pages | n | date chosen | before the choice | htmldate's fast search |",
        "|---|---|---|---|---|",
    ]
    for group, r in figures.items():
        lines.append(f"| {group} | {r['pages']:.0f} | {r['chosen']:.3f} | {r['before']:.3f} | {r['htmldate']:.3f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
