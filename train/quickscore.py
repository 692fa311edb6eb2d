"""The bench's own metrics, called in this process on bodies we assemble (no files, no bootstrap):
the shingle F1 (scrapinghub, wcxb), the snippet F1 (trafilatura-eval), and WCXB's word-F1."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Mapping
from types import ModuleType
from typing import Any

from train.bench import BENCH


def _module(name: str) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def body_scores(dataset: str, gold: Mapping[str, dict[str, Any]], bodies: Mapping[str, str]) -> dict[str, float]:
    """The figures the bench reports for bodies: f1 (shingles, or snippets on trafilatura-eval),
    and word_f1 where the gold has a full body."""
    score = _module("score")
    ids = [i for i in gold if i in bodies]
    if dataset == "trafilatura-eval":
        snip_gold = {i: {"with": gold[i]["with"], "without": gold[i]["without"]} for i in ids}
        result, _ = score.score_snippet(snip_gold, {i: {"body": bodies[i]} for i in ids})
        return {"f1": float(result["body"]["f1"])}
    triples = [score.shingle_counts(gold[i].get("articleBody") or "", bodies[i]) for i in ids]
    p, r, f1 = score.aggregate_shingles(triples)
    wcxb = _module("score_wcxb")
    wf = [wcxb.word_f1(bodies[i], gold[i].get("articleBody") or "") for i in ids]
    return {"f1": float(f1), "precision": float(p), "recall": float(r), "word_f1": sum(wf) / len(wf) if wf else 0.0}
