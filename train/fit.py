"""Fit the block classifier on the whole DEV bench and write the model file.

    python -m train.fit [--out parsers/models/blocks.json]

The first pass is fitted on every page; the second pass on the first pass's out-of-fold
probabilities (5 folds grouped by site), so that it learns from the probabilities the first
pass gives on pages it never saw, as at run time. Deterministic: same bench, same code, same file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel

from parsers.strip.features import CONTEXT_FEATURES, TEXT_FEATURES, context_features, dom_feature_names
from parsers.strip.model import MODEL_PATH
from schemas.model import BlockModel
from train.dataset import PageTable, all_tables, vocabulary
from train.export import pass_of

PARAMS: dict[str, Any] = {
    "objective": "cross_entropy",
    "learning_rate": 0.1,
    "num_leaves": 31,
    "max_depth": 6,  # the run-time walk costs one numpy step per level
    "min_data_in_leaf": 50,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "max_bin": 63,
    "verbose": -1,
    "seed": 1,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 2,
}
ROUNDS = 150
THRESHOLD = 0.5


def weights(page: PageTable) -> npt.NDArray[np.float64]:
    """Each block's training weight: the square root of its words (long blocks count more, as in
    the body metrics, without drowning short ones), scaled so that every page weighs the same
    (the metrics average over pages)."""
    w = np.sqrt(page.w.astype(np.float64))
    total = w.sum()
    return w / total * PAGE_WEIGHT * SET_WEIGHT.get(page.page.dataset, 1.0) if total > 0 else w


PAGE_WEIGHT = 100.0  # what one page's blocks weigh together
# A set's pages weigh this much more. ScrapingHub's 83 pages are the only ones annotated as news
# readers want it (no captions, bios or teasers) and would be outvoted by wcxb's 1,176; the factor
# was chosen out of fold (docs/benchmarks.md).
SET_WEIGHT: dict[str, float] = {"scrapinghub": 4.0}


def fit_pass(pages: Sequence[PageTable], rounds: int = ROUNDS, params: dict[str, Any] = PARAMS) -> Any:
    """One pass of trees on the labelled blocks of ``pages``."""
    import lightgbm as lgb

    X = np.vstack([p.X for p in pages])
    y = np.concatenate([p.y for p in pages])
    w = np.concatenate([weights(p) for p in pages])
    keep = w > 0
    data = lgb.Dataset(X[keep], y[keep], weight=w[keep], free_raw_data=True)
    return lgb.train(params, data, num_boost_round=rounds)


def chars(p: PageTable) -> npt.NDArray[np.float64]:
    return np.array([len(t) for t in p.texts], np.float64)


def with_context(p: PageTable, first: npt.NDArray[np.float64]) -> PageTable:
    """The page's rows with the second pass's columns: what ``first`` says around each block."""
    S = context_features(first.astype(np.float64), chars(p)).astype(np.float32)
    return PageTable(p.page, p.texts, np.hstack([p.X, S]), p.y, p.w)


def first_pass_oof(
    pages: Sequence[PageTable], rounds: int = ROUNDS, params: dict[str, Any] = PARAMS
) -> list[npt.NDArray[np.float64]]:
    """Each page's first-pass probabilities from a pass fitted without its fold."""
    out: list[npt.NDArray[np.float64]] = [np.zeros(0)] * len(pages)
    for fold in sorted({p.page.fold for p in pages}):
        model = fit_pass([p for p in pages if p.page.fold != fold], rounds, params)
        for i, p in enumerate(pages):
            if p.page.fold == fold and len(p.X):
                out[i] = model.predict(p.X)
    return out


def fit_model(
    pages: Sequence[PageTable], vocab: Sequence[str], rounds: int = ROUNDS, params: dict[str, Any] = PARAMS
) -> BlockModel:
    """The two-pass model fitted on ``pages``."""
    names = [*TEXT_FEATURES, *dom_feature_names(vocab)]
    first = fit_pass(pages, rounds, params)
    oof = first_pass_oof(pages, rounds, params)
    second = fit_pass([with_context(p, q) for p, q in zip(pages, oof, strict=True) if len(p.X)], rounds, params)
    return BlockModel(
        vocabulary=list(vocab),
        first=pass_of(first, names),
        second=pass_of(second, [*names, *CONTEXT_FEATURES]),
        threshold=THRESHOLD,
        trained={"pages": str(len(pages)), "rounds": str(rounds), "params": json.dumps(params, sort_keys=True)},
    )


@contextmanager
def loadable(path: Path, load: Callable[[Path], object], stand_in: Callable[[], BaseModel]) -> Iterator[None]:
    """While the block runs, the shipped model file at ``path`` loads: if it does not, a stand-in
    (``stand_in()``, flat trees) takes its place. Parsing the training pages needs it: a rejection
    names the pipeline's version, the model's digest in it, and a file fitted on an older feature
    set no longer loads. A fit written to ``path`` replaces the stand-in; if the block ends with the
    stand-in still there (the fit written elsewhere with ``--out``, or failed), the file it replaced
    is put back."""
    from parsers.strip.model import ModelFileError

    try:
        load(path)
    except ModelFileError:
        pass
    else:
        yield
        return
    before = path.read_bytes() if path.exists() else None
    write_model(stand_in(), path)
    flat = path.read_bytes()
    print(f"{path}: missing or fitted on other features; a flat stand-in until the fit is written", file=sys.stderr)
    try:
        yield
    finally:
        if path.exists() and path.read_bytes() == flat:
            if before is None:
                path.unlink()
            else:
                _write_whole(path, before)


def write_model(model: BaseModel, path: Path) -> None:
    """A model file, written whole or not at all."""
    _write_whole(path, (model.model_dump_json(exclude_none=True) + "\n").encode())


def _write_whole(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args()
    pages = [p for p in all_tables() if len(p.X)]
    write_model(fit_model(pages, vocabulary()), args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
