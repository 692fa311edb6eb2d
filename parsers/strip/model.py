"""The learned block classifier at run time: load the model file, score blocks with numpy.

The model file (``parsers/models/blocks.json``, rebuilt by ``make train``) holds gradient-boosted
trees as data (:mod:`schemas.model`). Here the trees of a pass are flattened into a few arrays and
every block walks every tree at once, one level per step, so a page costs a handful of numpy
calls per tree level whatever its number of blocks.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ValidationError

from parsers.strip.features import MISSING, context_features, dom_feature_names
from schemas.model import BlockModel, Pass, Tree

Spec = TypeVar("Spec", bound=BaseModel)  # a model file's schema

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "blocks.json"


class ModelFileError(ValueError):
    """A model file that cannot be read or does not validate; names the file and the problem."""


@dataclass(frozen=True)
class Forest:
    """One pass's trees as flat arrays. Node ids are global; a leaf is a node that loops back to
    itself, so after ``depth`` steps every block stands on a leaf of every tree."""

    feature: npt.NDArray[np.intp]
    threshold: npt.NDArray[np.float64]
    children: npt.NDArray[np.intp]  # node * 2 -> left child, node * 2 + 1 -> right child
    value: npt.NDArray[np.float64]
    roots: npt.NDArray[np.intp]
    depth: int
    width: int  # feature columns

    @classmethod
    def of(cls, spec: Pass) -> Forest:
        features: list[int] = []
        thresholds: list[float] = []
        children: list[int] = []
        values: list[float] = []
        roots: list[int] = []
        depth = 0
        for tree in spec.trees:
            base = len(features)
            inner = len(tree.feature)
            leaf_base = base + inner

            def node(child: int, leaf_base: int = leaf_base, base: int = base) -> int:
                return leaf_base + (-child - 1) if child < 0 else base + child

            for f, t, lo, hi in zip(tree.feature, tree.threshold, tree.left, tree.right, strict=True):
                features.append(f)
                thresholds.append(t)
                children += [node(lo), node(hi)]
                values.append(0.0)
            for k, v in enumerate(tree.leaf):
                features.append(0)
                thresholds.append(np.inf)
                children += [leaf_base + k, leaf_base + k]
                values.append(v)
            roots.append(base if inner else leaf_base)
            depth = max(depth, _depth(tree.left, tree.right))
        return cls(
            np.array(features, np.intp), np.array(thresholds), np.array(children, np.intp), np.array(values),
            np.array(roots, np.intp), depth, len(spec.features),
        )  # fmt: skip

    def raw(self, X: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """The summed leaf scores (log-odds) of each row."""
        n = len(X)
        if n == 0:
            return np.zeros(0)
        flat = np.ascontiguousarray(X, dtype=np.float64).ravel()
        offsets = (np.arange(n, dtype=np.intp) * self.width)[:, None]
        node = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        for _ in range(self.depth):
            x = flat.take(offsets + self.feature.take(node))
            node = self.children.take(2 * node + (x > self.threshold.take(node)))
        scores: npt.NDArray[np.float64] = self.value.take(node).sum(axis=1)
        return scores


def _depth(left: list[int], right: list[int]) -> int:
    """Levels of internal nodes on the longest path of a tree."""
    if not left:
        return 0
    best, todo = 0, [(0, 1)]
    while todo:
        at, level = todo.pop()
        best = max(best, level)
        todo += [(c, level + 1) for c in (left[at], right[at]) if c > 0]
    return best


def fixed(spec: Pass, values: dict[str, float]) -> Pass:
    """The pass for rows whose columns named in ``values`` always hold those values: every test
    of such a column is settled once here, and the rows carry only the other columns, in order.
    Each row reaches the same leaves as through ``spec``, so it gets the same score, bit for bit."""
    kept = [name for name in spec.features if name not in values]
    column = {name: k for k, name in enumerate(kept)}
    return Pass(features=kept, trees=[_fixed_tree(t, spec.features, values, column) for t in spec.trees])


def _fixed_tree(tree: Tree, names: list[str], values: dict[str, float], column: dict[str, int]) -> Tree:
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    leaf: list[float] = []

    def settled(child: int) -> int:
        """``child``, or where the tests of fixed columns from it lead."""
        while child >= 0 and names[tree.feature[child]] in values:
            taken = values[names[tree.feature[child]]] > tree.threshold[child]
            child = tree.right[child] if taken else tree.left[child]
        return child

    def copy(child: int) -> int:  # pre-order, so that the root stays node 0
        child = settled(child)
        if child < 0:
            leaf.append(tree.leaf[-child - 1])
            return -len(leaf)
        at = len(feature)
        feature.append(column[names[tree.feature[child]]])
        threshold.append(tree.threshold[child])
        left.append(0)
        right.append(0)
        left[at] = copy(tree.left[child])
        right[at] = copy(tree.right[child])
        return at

    copy(0 if tree.feature else -1)
    return Tree(feature=feature, threshold=threshold, left=left, right=right, leaf=leaf)


@dataclass(frozen=True)
class Classifier:
    """A loaded model: its passes as forests, its vocabulary, threshold and content hash; and the
    same passes for text pages, whose DOM columns always hold MISSING (see :func:`fixed`)."""

    spec: BlockModel
    first: Forest
    second: Forest | None
    digest: str
    text_first: Forest
    text_second: Forest | None

    @property
    def vocabulary(self) -> list[str]:
        return self.spec.vocabulary

    @property
    def threshold(self) -> float:
        return self.spec.threshold

    def probabilities(self, X: npt.NDArray[np.float64], chars: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Each block's probability of being content, from its feature row (and, in the second
        pass, from the first pass's probabilities around it). A text page's rows may leave out
        the DOM columns (``X`` as wide as the text passes read)."""
        first, second = (
            (self.first, self.second) if X.shape[1] == self.first.width else (self.text_first, self.text_second)
        )
        if X.shape[1] != first.width:
            raise ValueError(
                f"feature rows of {X.shape[1]} columns: the model reads {self.first.width} or {first.width}"
            )
        p = _sigmoid(first.raw(X))
        if second is None:
            return p
        return _sigmoid(second.raw(np.hstack([X, context_features(p, chars)])))


def _sigmoid(z: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return 1.0 / (1.0 + np.exp(-z))


def parse_model(data: bytes, source: str) -> Classifier:
    """A model from its file's bytes; ``source`` names the file in errors."""
    spec = validated(BlockModel, data, source, "model")
    second = Forest.of(spec.second) if spec.second is not None else None
    no_dom = dict.fromkeys(dom_feature_names(spec.vocabulary), MISSING)
    text_second = Forest.of(fixed(spec.second, no_dom)) if spec.second is not None else None
    return Classifier(
        spec, Forest.of(spec.first), second, hashlib.sha256(data).hexdigest()[:8],
        Forest.of(fixed(spec.first, no_dom)), text_second,
    )  # fmt: skip


def validated(schema: type[Spec], data: bytes, source: str, what: str) -> Spec:
    """A model file's bytes read against ``schema``; an invalid file is a :class:`ModelFileError`
    naming it (``source``) and its kind (``what``: "model", "date model"...)."""
    try:
        return schema.model_validate(json.loads(data))
    except (ValueError, UnicodeDecodeError) as exc:
        detail = problems(exc) if isinstance(exc, ValidationError) else exc
        raise ModelFileError(f"{source}: invalid {what} file: {detail}") from exc


def problems(exc: ValidationError) -> str:
    """A model file's first validation errors, each with where it stands."""
    return "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:5])


def load_model(path: Path | None = None) -> Classifier:
    """The model file at ``path`` (default: the one shipped in the package)."""
    return _load(path or MODEL_PATH)


@lru_cache(maxsize=4)
def _load(path: Path) -> Classifier:
    return parse_model(read_model_file(path), str(path))


def read_model_file(path: Path) -> bytes:
    """A model file's bytes; one that cannot be read is a :class:`ModelFileError` naming it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ModelFileError(f"{path}: cannot read model file: {exc.strerror or exc}") from exc
