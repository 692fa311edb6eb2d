"""Out-of-fold experiment for the metadata issue: the publication date chosen among candidates by
a small model, against the date the pipeline gives today. Not wired into the pipeline.

    python -m train.date_choice DUMP_DIR [--sources declared url headline ...]

DUMP_DIR is a ``benchmarks.same_outputs`` dump of this checkout (the pipeline's own date is one
candidate source). For every HTML page of trafilatura-eval and wcxb with a gold date, each
distinct day any source proposes is one row: which sources propose it, how many agree, whether it
is the earliest or latest day proposed, how many days are proposed, and how far it lies from
htmldate's. Gradient-boosted trees score the rows, fitted in 5 folds grouped by site; a page's
choice is its best-scored day. Printed: the share of pages whose chosen day is the gold day, beside
the pipeline's date and htmldate's alone, per set and for wcxb's article pages.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from benchmarks.metadata import BENCH, _dump, _pages
from train.bench import fold_of, site_of

# Cheap sources only by default: htmldate's extensive search and trafilatura's date (which runs
# it) cost up to a second and more on a page.
CHEAP = ("declared", "declared_any", "url", "headline", "htmldate_fast_original", "boilerstrip")
ALL = (*CHEAP, "htmldate_original", "htmldate", "trafilatura")


def _day(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def pages(dump: Path) -> list[dict[str, Any]]:
    """Every HTML page with a gold date: its set, page type, site, gold day and date candidates."""
    out: list[dict[str, Any]] = []
    for name in ("trafilatura-eval", "wcxb"):
        gold = json.loads((BENCH / name / "gold.json").read_text("utf-8"))
        files = [f for f in sorted((BENCH / name / "html").glob("*.html.gz")) if gold[_id(f)].get("date")]
        chunks = [[str(f) for f in files[k : k + 25]] for k in range(0, len(files), 25)]
        with multiprocessing.get_context("fork").Pool(2) as pool:
            found = [p for part in pool.map(_pages, chunks) for p in part]
        mine = _dump(dump / f"{name}-html.jsonl")
        for file, page in zip(files, found, strict=True):
            i = _id(file)
            page["dates"]["boilerstrip"] = (mine.get(i) or {}).get("published")
            out.append({
                "set": name, "type": gold[i].get("page_type"), "site": site_of(gold[i].get("url") or i),
                "gold": _day(gold[i]["date"]), "dates": page["dates"],
            })  # fmt: skip
    return out


def _id(path: Path) -> str:
    return path.name.removesuffix(".html.gz")


def rows(page: dict[str, Any], sources: tuple[str, ...]) -> tuple[list[str], list[list[float]]]:
    """The page's candidate days and one feature row for each."""
    proposed: dict[str, np.ndarray[Any, np.dtype[np.float64]]] = defaultdict(lambda: np.zeros(len(sources)))
    for k, source in enumerate(sources):
        value = page["dates"].get(source)
        for item in value if isinstance(value, list) else [value]:
            if (found := _day(item)) is not None:
                proposed[found][k] = 1.0
    days = sorted(proposed)
    ref = _day(page["dates"].get("htmldate_fast_original"))
    features = []
    for day in days:
        gap = abs((date.fromisoformat(day) - date.fromisoformat(ref)).days) if ref else -1
        votes = proposed[day]
        features.append(
            [*votes, votes.sum(), day == days[0], day == days[-1], len(days), np.log1p(gap) if gap >= 0 else -1.0]
        )
    return days, features


def experiment(found: list[dict[str, Any]], sources: tuple[str, ...]) -> dict[str, dict[str, float]]:
    import lightgbm as lgb

    table: list[list[float]] = []
    labels: list[bool] = []
    owner: list[int] = []
    folds: list[int] = []
    days_of: list[list[str]] = []
    for p, page in enumerate(found):
        days, features = rows(page, sources)
        days_of.append(days)
        for day, row in zip(days, features, strict=True):
            table.append(row)
            labels.append(day == page["gold"])
            owner.append(p)
            folds.append(fold_of(page["site"]))
    X, y = np.array(table, dtype=np.float64), np.array(labels, dtype=np.float64)
    fold_ids, owners = np.array(folds), np.array(owner)
    scores: npt.NDArray[np.float64] = np.zeros(len(y))
    for fold in range(5):
        model = lgb.LGBMClassifier(n_estimators=100, num_leaves=7, learning_rate=0.05, min_child_samples=10, verbose=-1)
        model.fit(X[fold_ids != fold], y[fold_ids != fold])
        probabilities = np.asarray(model.predict_proba(X[fold_ids == fold]), dtype=np.float64)
        scores[fold_ids == fold] = probabilities[:, 1]
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for p, page in enumerate(found):
        at = np.flatnonzero(owners == p)
        chosen = days_of[p][int(np.argmax(scores[at]))] if len(at) else None
        groups = [page["set"], *(["wcxb articles"] if page["type"] == "article" else [])]
        for group in groups:
            t = tally[group]
            t[0] += 1
            t[1] += chosen == page["gold"]
            t[2] += _day(page["dates"].get("boilerstrip")) == page["gold"]
            t[3] += _day(page["dates"].get("htmldate_original")) == page["gold"]
    return {g: {"pages": n, "chosen": c / n, "pipeline": b / n, "htmldate": h / n} for g, (n, c, b, h) in tally.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dump", type=Path)
    parser.add_argument("--sources", nargs="+", choices=ALL, default=list(CHEAP))
    args = parser.parse_args(argv)
    result = experiment(pages(args.dump), tuple(args.sources))
    print("| pages | n | chosen (out of fold) | pipeline today | htmldate alone (original_date) |")
    print("|---|---|---|---|---|")
    for group, r in result.items():
        print(f"| {group} | {r['pages']:.0f} | {r['chosen']:.3f} | {r['pipeline']:.3f} | {r['htmldate']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
