"""The block classifier's model file: it loads and validates, a corrupt one is a clear error, the
numpy walk of its trees gives LightGBM's own scores, and a tiny training run works end to end."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from parsers.strip.features import CONTEXT_FEATURES, MISSING, TEXT_FEATURES, dom_feature_names
from parsers.strip.model import MODEL_PATH, Forest, ModelFileError, fixed, load_model, parse_model
from schemas.model import BlockModel, Pass, Tree


def test_shipped_model_loads_and_matches_the_feature_columns() -> None:
    model = load_model()
    names = [*TEXT_FEATURES, *dom_feature_names(model.vocabulary)]
    assert model.spec.first.features == names
    assert model.spec.second is not None and model.spec.second.features == [*names, *CONTEXT_FEATURES]
    assert 0 < model.threshold < 1
    assert len(model.digest) == 8


def test_probabilities_are_probabilities() -> None:
    model = load_model()
    rng = np.random.default_rng(0)
    X = rng.random((40, len(model.spec.first.features)))
    p = model.probabilities(X, rng.random(40) * 500)
    assert p.shape == (40,)
    assert ((p > 0) & (p < 1)).all()
    assert model.probabilities(X[:0], np.zeros(0)).shape == (0,)


def _one_split() -> Tree:
    # x0 <= 0.5 -> leaf 0 (-1.0); else x1 <= 2.0 -> leaf 1 (0.5), else leaf 2 (2.0)
    return Tree(feature=[0, 1], threshold=[0.5, 2.0], left=[-1, -2], right=[1, -3], leaf=[-1.0, 0.5, 2.0])


def test_tree_walk_by_hand() -> None:
    spec = BlockModel(vocabulary=[], first=Pass(features=["a", "b"], trees=[_one_split()]), threshold=0.5)
    model = parse_model(spec.model_dump_json().encode(), "hand.json")
    X = np.array([[0.2, 9.0], [0.7, 1.0], [0.7, 3.0], [0.5, 2.0]])
    raw = model.first.raw(X)
    assert raw.tolist() == [-1.0, 0.5, 2.0, -1.0]


def test_a_fixed_column_is_settled_once_and_left_out_of_the_rows() -> None:
    spec = Pass(
        features=["a", "b"], trees=[_one_split(), Tree(feature=[], threshold=[], left=[], right=[], leaf=[0.25])]
    )
    settled = fixed(spec, {"a": 0.7})  # x0 > 0.5: every row goes right, to the test of b
    assert settled.features == ["b"]
    assert settled.trees[0] == Tree(feature=[0], threshold=[2.0], left=[-1], right=[-2], leaf=[0.5, 2.0])
    assert fixed(spec, {"a": 0.1}).trees[0] == Tree(feature=[], threshold=[], left=[], right=[], leaf=[-1.0])
    assert Forest.of(settled).raw(np.array([[1.0], [3.0]])).tolist() == [0.75, 2.25]


def test_text_rows_without_dom_columns_score_as_with_them_all_missing() -> None:
    model = load_model()
    rng = np.random.default_rng(1)
    text = rng.random((60, len(TEXT_FEATURES))) * rng.choice([1.0, 10.0, 200.0], size=len(TEXT_FEATURES))
    text[rng.random(text.shape) < 0.2] = MISSING
    dom = np.full((60, len(dom_feature_names(model.vocabulary))), MISSING)
    chars = rng.random(60) * 500
    full = model.probabilities(np.hstack([text, dom]), chars)
    assert model.text_first.width == len(TEXT_FEATURES)
    assert model.probabilities(text, chars).tolist() == full.tolist()  # bit for bit
    with pytest.raises(ValueError, match="columns"):
        model.probabilities(text[:, :5], chars)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{not json", "invalid model file"),
        (b'{"kind": "something-else"}', "kind"),
        (json.dumps({"vocabulary": [], "threshold": 0.5, "first": {"features": ["a"], "trees": [
            {"feature": [0], "threshold": [1.0], "left": [-1], "right": [-5], "leaf": [0.0, 1.0]}]}}).encode(),
         "child index -5 out of range"),
        (json.dumps({"vocabulary": [], "threshold": 0.5, "first": {"features": ["a"], "trees": [
            {"feature": [3], "threshold": [1.0], "left": [-1], "right": [-2], "leaf": [0.0, 1.0]}]}}).encode(),
         "outside 0..0"),
        (json.dumps({"vocabulary": [], "threshold": 2, "first": {"features": ["a"], "trees": [
            {"feature": [], "threshold": [], "left": [], "right": [], "leaf": [0.0]}]}}).encode(),
         "threshold"),
    ],
)  # fmt: skip
def test_corrupt_model_file_is_a_clear_error(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(ModelFileError) as caught:
        load_model(path)
    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


def test_missing_model_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="cannot read model file"):
        load_model(tmp_path / "absent.json")


def test_model_file_is_in_the_package() -> None:
    assert MODEL_PATH.parent.name == "models" and MODEL_PATH.parent.parent.name == "parsers"
