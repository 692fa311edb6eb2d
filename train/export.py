"""A fitted LightGBM booster as a model-file pass (see :mod:`schemas.model`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from schemas.model import Pass, Tree


def tree_of(structure: dict[str, Any]) -> Tree:
    """One tree of LightGBM's ``dump_model()`` as parallel arrays (internal nodes numbered in
    pre-order, the root 0; leaves by their own index)."""
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    leaves: dict[int, float] = {}

    def visit(node: dict[str, Any]) -> int:
        if "leaf_value" in node:
            index = int(node.get("leaf_index", 0))
            leaves[index] = float(node["leaf_value"])
            return -index - 1
        if node.get("decision_type", "<=") != "<=":
            raise ValueError(f"unsupported split {node.get('decision_type')}")
        at = len(feature)
        feature.append(int(node["split_feature"]))
        threshold.append(float(node["threshold"]))
        left.append(0)
        right.append(0)
        left[at] = visit(node["left_child"])
        right[at] = visit(node["right_child"])
        return at

    visit(structure)
    return Tree(
        feature=feature, threshold=threshold, left=left, right=right, leaf=[leaves[i] for i in range(len(leaves))]
    )


def pass_of(booster: Any, features: Sequence[str]) -> Pass:
    dump = booster.dump_model()
    if len(dump["feature_names"]) != len(features):
        raise ValueError("the booster was fitted on other columns")
    return Pass(features=list(features), trees=[tree_of(t["tree_structure"]) for t in dump["tree_info"]])


def flat_pass(features: Sequence[str]) -> Pass:
    """A pass of one leaf that scores every row alike: a stand-in until a fit is written."""
    return Pass(features=list(features), trees=[Tree(feature=[], threshold=[], left=[], right=[], leaf=[0.0])])
