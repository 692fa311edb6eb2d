"""A tiny training run on pages of our own: block tables with labels, a two-pass fit, the export
to a model file, and the numpy walk of the exported trees agreeing with LightGBM's own scores."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("lightgbm")

from parsers import ParseOptions, parse_bytes
from parsers.meta.html_authors import HTML_AUTHOR_FEATURES, load_author_model
from parsers.strip.features import TEXT_FEATURES, dom_feature_names
from parsers.strip.model import Forest, load_model
from schemas.document import Document
from schemas.model import AuthorModel
from train.bench import Page
from train.dataset import PageTable, table_of
from train.export import flat_pass, pass_of
from train.fit import PARAMS, fit_model, fit_pass, loadable, write_model
from train.vocabulary import MIN_PAGES, ranked

TOWNS = ["Alder Bay", "Brook Hollow", "Cedar Point", "Dunmore", "Elm Ridge", "Fernhill"]
MENU = "* [Home](/)\n* [News](/news)\n* [Sport](/sport)\n* [Weather](/weather)\n* [Contact](/contact)\n"
FOOTER = (
    "Share this article\n\n[Subscribe to our newsletter](/subscribe)\n\n© 2024 Example Herald. All rights reserved.\n"
)


def _article(town: str, n: int) -> list[str]:
    return [
        f"The council of {town} voted on Tuesday to repair the old footbridge over the river before the "
        f"spring floods, after residents had asked for it at {n + 3} meetings in a row.",
        f"Work will start in March and should last about {n + 6} weeks, during which walkers will be sent "
        "along the road bridge a little further downstream, the town's engineer said.",
        "The repairs will be paid from the reserve fund that the town set aside for its roads and bridges, "
        "so that no other project has to wait, according to the budget the council approved.",
    ]


def _pages(folder: Path) -> list[PageTable]:
    tables = []
    for n, town in enumerate(TOWNS):
        paragraphs = _article(town, n)
        text = MENU + f"\n# Bridge repairs for {town}\n\n" + "\n\n".join(paragraphs) + "\n\n" + FOOTER
        path = folder / f"{n}.md"
        path.write_text(text, encoding="utf-8")
        page = Page("fixture", "text", str(n), path, {"articleBody": "\n\n".join(paragraphs)}, town, n % 3)
        table = table_of(page, ())
        assert table is not None
        tables.append(table)
    return tables


TINY = {**PARAMS, "min_data_in_leaf": 2, "bagging_fraction": 1.0, "max_depth": 3, "num_leaves": 4}


def test_labels_follow_the_gold(tmp_path: Path) -> None:
    table = _pages(tmp_path)[0]
    labelled = dict(zip(table.texts, table.y.tolist(), strict=True))
    assert labelled["Share this article"] == 0.0
    assert labelled["Home"] == 0.0
    assert all(labelled[p] == 1.0 for p in _article(TOWNS[0], 0))
    assert table.X.shape == (len(table.texts), len(TEXT_FEATURES) + len(dom_feature_names(())))


def test_exported_trees_score_as_lightgbm(tmp_path: Path) -> None:
    tables = _pages(tmp_path)
    booster = fit_pass(tables, rounds=5, params=TINY)
    names = [*TEXT_FEATURES, *dom_feature_names(())]
    forest = Forest.of(pass_of(booster, names))
    X = np.vstack([t.X for t in tables]).astype(np.float64)
    assert np.allclose(forest.raw(X), booster.predict(X, raw_score=True))


def test_a_fitted_model_file_cleans_a_page(tmp_path: Path) -> None:
    tables = _pages(tmp_path)
    model = fit_model(tables, (), rounds=5, params=TINY)
    path = tmp_path / "model.json"
    write_model(model, path)
    assert load_model(path).spec == model
    page = tmp_path / "0.md"
    doc = parse_bytes(page.read_bytes(), "0.md", ParseOptions(model_path=path))[0]
    assert isinstance(doc, Document)
    assert "footbridge over the river" in doc.body
    assert "Subscribe to our newsletter" not in doc.body


def test_the_dom_vocabulary_is_the_same_whatever_order_the_tokens_were_counted_in() -> None:
    tokens = {"nav": MIN_PAGES + 5, "main": MIN_PAGES, "aside": MIN_PAGES, "byline": MIN_PAGES, "x": 99, "rare": 1}
    forward, backward = Counter(dict(tokens.items())), Counter(dict(reversed(tokens.items())))
    assert ranked(forward) == ranked(backward) == ["nav", "aside", "byline", "main"]  # ties alphabetical


def _flat_authors() -> AuthorModel:
    return AuthorModel(html_scorer=flat_pass(HTML_AUTHOR_FEATURES))


def test_a_stand_in_model_loads_during_a_fit_and_the_file_it_replaced_comes_back(tmp_path: Path) -> None:
    shipped = tmp_path / "authors.json"
    shipped.write_text('{"kind": "fitted on other features"}')
    with loadable(shipped, load_author_model, _flat_authors):
        load_author_model(shipped)  # the training pages can be parsed
    assert shipped.read_text() == '{"kind": "fitted on other features"}'  # the fit went elsewhere (--out)


def test_a_fit_written_in_place_of_the_stand_in_stays(tmp_path: Path) -> None:
    shipped = tmp_path / "authors.json"
    with loadable(shipped, load_author_model, _flat_authors):
        fitted = _flat_authors().model_copy(update={"html_threshold": 0.5})
        write_model(fitted, shipped)
    assert load_author_model(shipped).spec.html_threshold == 0.5
    missing = tmp_path / "none.json"
    with loadable(missing, load_author_model, _flat_authors):
        assert missing.exists()
    assert not missing.exists()  # no file before, none after
