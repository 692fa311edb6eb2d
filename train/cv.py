"""Out-of-fold evaluation of the block classifier on the cached block tables (fast: no parsing;
the body of a page is its kept blocks joined, before metadata and repair).

    python -m train.cv [--single]
"""

from __future__ import annotations

import argparse
import collections
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from train.bench import FOLDS
from train.dataset import CACHE, PageTable, all_tables
from train.fit import ROUNDS, first_pass_oof, fit_pass, with_context
from train.quickscore import body_scores


def oof_probabilities(pages: Sequence[PageTable], stacked: bool = True, rounds: int = ROUNDS) -> list[Any]:
    """Each page's block probabilities from the model fitted without its fold."""
    out: list[Any] = [np.zeros(0)] * len(pages)
    for k in range(FOLDS):
        train = [p for p in pages if p.page.fold != k]
        first = fit_pass(train, rounds)
        second = None
        if stacked:
            inner = first_pass_oof(train, rounds)
            second = fit_pass([with_context(p, q) for p, q in zip(train, inner, strict=True)], rounds)
        for i, p in enumerate(pages):
            if p.page.fold == k:
                out[i] = first.predict(p.X)
                if second is not None:
                    out[i] = second.predict(with_context(p, out[i]).X)
        print(f"fold {k} done", flush=True)
    return out


def report(pages: Sequence[PageTable], probs: Sequence[npt.NDArray[np.float64]], threshold: float = 0.5) -> None:
    groups: dict[tuple[str, str], dict[str, str]] = collections.defaultdict(dict)
    gold: dict[str, dict[str, Any]] = {}
    for p, q in zip(pages, probs, strict=True):
        body = "\n\n".join(t for t, x in zip(p.texts, q, strict=True) if x >= threshold)
        groups[(p.page.dataset, p.page.kind)][p.page.id] = body
        gold[f"{p.page.dataset}/{p.page.id}"] = p.page.gold
    for (dataset, kind), bodies in sorted(groups.items()):
        g = {i: gold[f"{dataset}/{i}"] for i in bodies}
        s = body_scores(dataset, g, bodies)
        print(f"{dataset}/{kind}: " + ", ".join(f"{k}={v:.3f}" for k, v in s.items()))
        types = sorted({str(v.get("page_type")) for v in g.values() if v.get("page_type")})
        if types:
            per = []
            for t in types:
                sub = {i: v for i, v in g.items() if v.get("page_type") == t}
                per.append(f"{t} {body_scores(dataset, sub, bodies)['word_f1']:.3f}")
            print("    word_f1 by type: " + ", ".join(per))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--single", action="store_true", help="one pass, no second (context) pass")
    ap.add_argument("--rounds", type=int, default=ROUNDS)
    args = ap.parse_args()
    started = time.time()
    pages = [p for p in all_tables() if len(p.X)]
    probs = oof_probabilities(pages, stacked=not args.single, rounds=args.rounds)
    np.save(CACHE / "oof.npy", np.array(probs, dtype=object), allow_pickle=True)
    print(f"({time.time() - started:.0f} s)")
    report(pages, probs, args.threshold)


if __name__ == "__main__":
    main()
