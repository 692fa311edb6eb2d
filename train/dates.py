"""Fit the date choice (parsers/meta/date_choice.py, parsers/meta/text_dates.py) on the DEV
bench's pages, and judge it out of fold.

    python -m train.dates [--out parsers/models/dates.json] [--report FILE]

Every trafilatura-eval and wcxb page with a gold date is parsed by the pipeline up to the choice
(the shipped block classifier, no date model), which gives its candidates: for an HTML page the
days its sources propose, for a markdown or plain-text page the days its text writes. Each
distinct day is a row labelled by whether it is the gold day. One set of trees is fitted on the
HTML rows and one on the text rows; the report fits them once per fold (5 folds grouped by site)
and scores each page's choice with the trees fitted without its fold, beside the pipeline's date
before the choice (and, on HTML, htmldate's).
"""

from __future__ import annotations

import argparse
import math
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
from parsers.meta.date_choice import (
    DATE_MODEL_PATH,
    FEATURES,
    SOURCES,
    Candidates,
    DateChooser,
    day_of,
    load_date_model,
    rows,
)
from parsers.meta.text_dates import TEXT_DATE_FEATURES, WrittenDays
from schemas.model import DateModel
from train.bench import FOLDS, Page, pages
from train.cuts import best_cuts
from train.export import flat_pass, pass_of
from train.fit import loadable, write_model

SETS = ("trafilatura-eval", "wcxb")
TEXT_KINDS = ("text", "plain")
PARAMS: dict[str, Any] = {
    "objective": "binary", "learning_rate": 0.05, "num_leaves": 7, "min_data_in_leaf": 10, "verbose": -1,
    "deterministic": True, "num_threads": 1, "seed": 7,
}  # fmt: skip
ROUNDS = 100
TEXT_ROUNDS = 150


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


@dataclass(frozen=True)
class DatedText:
    """A markdown or plain-text page: the days it writes, their feature rows, the pipeline's date."""

    page: Page
    gold: str
    pipeline: str | None
    written: WrittenDays

    @property
    def days(self) -> list[str]:
        return self.written.days


def _text_rows(page: Page) -> tuple[str | None, WrittenDays] | None:
    from parsers import Origin, load_rules
    from parsers.pipeline import text_date_evidence

    text = page.path.read_text("utf-8")
    origin = Origin(path=page.path.name, format="markdown" if page.kind == "text" else "text", sha256="")
    return text_date_evidence(text, origin, load_rules())


def annotated_day(page: Page) -> str | None:
    """The gold publication day; "" for a page annotated as showing none (trafilatura-eval's "",
    any wcxb page without a date: its service, product and documentation pages show none); None
    when the date was not annotated."""
    value = page.gold.get("date")
    if value is None and page.dataset != "wcxb":
        return None
    return day_of(str(value or "")) or ""


def dated_texts(workers: int = 2) -> list[DatedText]:
    """Every markdown and plain-text page whose date is annotated, the undated ones included."""
    todo = [p for s in SETS for k in TEXT_KINDS for p in pages(s, k) if annotated_day(p) is not None]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        found = pool.map(_text_rows, todo, chunksize=20)
    return [DatedText(p, annotated_day(p) or "", *f) for p, f in zip(todo, found, strict=True) if f is not None]


def text_table(texts: Sequence[DatedText]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Feature rows and labels of the days the text pages write (every day of an undated page is
    labelled no publication day)."""
    X = [d.written.X for d in texts if d.days]
    y = [float(day == d.gold) for d in texts for day in d.days]
    return (np.vstack(X) if X else np.zeros((0, len(TEXT_DATE_FEATURES)))), np.array(y)


def _text_booster(texts: Sequence[DatedText]) -> Any:
    import lightgbm as lgb

    X, y = text_table(texts)
    features = list(TEXT_DATE_FEATURES)
    return lgb.train(PARAMS, lgb.Dataset(X, y, feature_name=features), num_boost_round=TEXT_ROUNDS)


def text_thresholds(texts: Sequence[DatedText]) -> tuple[float, float]:
    """The least score a text page's best day needs to be its date, on pages the header scan
    dated and on the others. Wrong dates (another day than the gold one, or any date on a page
    annotated as undated) may not outnumber those the pipeline gave before the choice; within
    that, the cuts take the most right dates. Fitted on the pages' best scores out of fold (their
    own folds among ``texts``)."""
    best: dict[bool, list[tuple[float, bool, bool]]] = {True: [], False: []}
    allowed = 0
    for k in sorted({d.page.fold for d in texts}):
        booster = _text_booster([d for d in texts if d.page.fold != k])
        for d in (d for d in texts if d.page.fold == k):
            allowed += d.pipeline is not None and day_of(d.pipeline) != d.gold
            days, X = d.written.publishable(None)
            if days:
                scores = booster.predict(X, raw_score=True)
                top = int(np.argmax(scores))
                right = days[top] == d.gold
                best[d.pipeline is not None].append((float(scores[top]), right, not right))
    return best_cuts(best[True], best[False], allowed)


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


def fit(dated: Sequence[DatedPage], texts: Sequence[DatedText]) -> DateModel:
    import lightgbm as lgb

    X, y, _ = table(dated)
    booster = lgb.train(PARAMS, lgb.Dataset(X, y, feature_name=list(FEATURES)), num_boost_round=ROUNDS)
    text_booster, (scanned, unscanned) = _text_booster(texts), text_thresholds(texts)
    trained = {
        "pages": str(len(dated)), "rows": str(len(y)), "rounds": str(ROUNDS), "sets": ", ".join(SETS),
        "text pages": str(len(texts)), "text rows": str(len(text_table(texts)[1])), "text rounds": str(TEXT_ROUNDS),
    }  # fmt: skip
    return DateModel(
        sources=list(SOURCES),
        scorer=pass_of(booster, FEATURES),
        text_scorer=pass_of(text_booster, TEXT_DATE_FEATURES),
        text_threshold=scanned if math.isfinite(scanned) else None,
        text_threshold_unscanned=unscanned if math.isfinite(unscanned) else None,
        trained=trained,
    )


def fold_models(dated: Sequence[DatedPage], texts: Sequence[DatedText]) -> list[DateChooser]:
    from parsers.meta.date_choice import parse_date_model

    out = []
    for k in range(FOLDS):
        model = fit([d for d in dated if d.page.fold != k], [d for d in texts if d.page.fold != k])
        out.append(parse_date_model(model.model_dump_json().encode(), f"fold {k}"))
    return out


def _groups(page: Page, kind: str = "") -> list[str]:
    groups = [page.dataset + kind]
    return groups + ([f"wcxb articles{kind}"] if page.gold.get("page_type") == "article" else [])


def text_out_of_fold(texts: Sequence[DatedText], models: Sequence[DateChooser]) -> dict[str, dict[str, float]]:
    """Per set and input kind (and wcxb's articles), for the choice out of fold and the pipeline
    before it: the share of dated pages given the gold day, the share given another day, and the
    share of undated pages given a date; and the share of dated pages whose text writes the day."""
    tally: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for d in texts:
        chosen = models[d.page.fold].choose_text(*d.written.publishable(None), scanned=d.pipeline is not None)
        before = day_of(d.pipeline)
        for group in _groups(d.page, "/" + d.page.kind):
            t = tally[group]
            if not d.gold:
                t["undated"] += 1
                t["chosen_undated"] += chosen is not None
                t["before_undated"] += before is not None
                continue
            t["pages"] += 1
            t["chosen"] += chosen == d.gold
            t["chosen_wrong"] += chosen is not None and chosen != d.gold
            t["before"] += before == d.gold
            t["before_wrong"] += before is not None and before != d.gold
            t["any"] += d.gold in d.days
    out = {}
    for group, t in sorted(tally.items()):
        n, u = max(t["pages"], 1), max(t["undated"], 1)
        shares = {k: v / (u if k.endswith("undated") else n) for k, v in t.items() if k not in ("pages", "undated")}
        out[group] = {"pages": t["pages"], "undated": t["undated"], **shares}
    return out


def out_of_fold(dated: Sequence[DatedPage], models: Sequence[DateChooser]) -> dict[str, dict[str, float]]:
    """Per set (and wcxb's articles): the share of pages whose date is the gold day, for the
    choice out of fold, the pipeline before it, and htmldate's fast search."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for d in dated:
        chosen = models[d.page.fold].choose(d.candidates)
        before = next(iter(d.candidates.get("pipeline", [])), None)
        htmldate = next(iter(d.candidates.get("htmldate", [])), None)
        for group in _groups(d.page):
            t = tally[group]
            t[0] += 1
            t[1] += chosen == d.gold
            t[2] += day_of(before) == d.gold
            t[3] += day_of(htmldate) == d.gold
    return {g: {"pages": n, "chosen": c / n, "before": b / n, "htmldate": h / n} for g, (n, c, b, h) in tally.items()}


def _flat() -> DateModel:
    html, text = flat_pass(FEATURES), flat_pass(TEXT_DATE_FEATURES)
    return DateModel(
        sources=list(SOURCES), scorer=html, text_scorer=text, text_threshold=0.0, text_threshold_unscanned=0.0
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DATE_MODEL_PATH)
    parser.add_argument("--report", type=Path, help="also write the out-of-fold figures here (markdown)")
    args = parser.parse_args(argv)
    with loadable(DATE_MODEL_PATH, load_date_model, _flat):
        dated, texts = dated_pages(), dated_texts()
        write_model(fit(dated, texts), args.out)
    if args.report:
        models = fold_models(dated, texts)
        text = report(out_of_fold(dated, models), text_out_of_fold(texts, models))
        args.report.write_text(text, "utf-8")
        print(text)
    return 0


def report(figures: dict[str, dict[str, float]], text_figures: dict[str, dict[str, float]]) -> str:
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
    lines += [
        "",
        "Markdown and plain-text pages (trafilatura-eval, wcxb), the same way, each fold's least scores for a date",
        "fitted on the other folds. Of the pages with a gold date, the share given that day (right) and another",
        '(wrong); "any day written" is the share whose text writes the gold day somewhere, the most a choice',
        "among those days can reach. Of the pages annotated with no date (trafilatura-eval's empty dates, wcxb",
        "pages without one), the share given a date anyway:",
        "",
        "| pages / input | dated | right | wrong | right before | wrong before | any day written "
        "| undated | given a date | before |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for group, r in text_figures.items():
        lines.append(
            f"| {group} | {r['pages']:.0f} | {r['chosen']:.3f} | {r['chosen_wrong']:.3f} | {r['before']:.3f} "
            f"| {r['before_wrong']:.3f} | {r['any']:.3f} | {r['undated']:.0f} | {r['chosen_undated']:.3f} "
            f"| {r['before_undated']:.3f} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
