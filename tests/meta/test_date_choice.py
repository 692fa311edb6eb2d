"""The publication date of an HTML page, chosen among its sources by the shipped date model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers import parse_bytes
from parsers.meta.date_choice import (
    DATE_MODEL_PATH,
    FEATURES,
    SOURCES,
    load_date_model,
    parse_date_model,
    rows,
)
from parsers.strip.model import ModelFileError
from schemas.document import Document
from tests.pages import FERRY_PARAS
from train.bench import Page
from train.dates import DatedPage, fit


def test_the_shipped_model_loads_and_reads_this_versions_features() -> None:
    chooser = load_date_model()
    assert tuple(chooser.spec.sources) == SOURCES and tuple(chooser.spec.scorer.features) == FEATURES
    assert len(chooser.spec.scorer.trees) >= 10 and len(chooser.digest) == 8


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.pop("scorer"), "invalid date model file"),
        (lambda d: d.update(sources=["declared"]), "other sources or features"),
        (lambda d: d["scorer"].update(features=d["scorer"]["features"][:-1]), "invalid date model file"),
    ],
)
def test_a_bad_date_model_file_is_a_clear_error(tmp_path: Path, change: object, expected: str) -> None:
    data = json.loads(DATE_MODEL_PATH.read_bytes())
    change(data)  # type: ignore[operator]
    path = tmp_path / "dates.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ModelFileError, match=expected):
        load_date_model(path)


def test_each_day_proposed_is_one_row_with_its_votes() -> None:
    candidates = {
        "declared": ["2021-03-04T10:00:00+01:00", "2021-03-09"],
        "headline": ["2021-03-04"],
        "htmldate": ["2021-03-04"],
        "url": [],
        "pipeline": ["2021-03-09T08:00:00"],
    }
    days, X = rows(candidates)
    assert days == ["2021-03-04", "2021-03-09"]
    column = {name: k for k, name in enumerate(FEATURES)}
    first, second = X
    assert first[column["from.declared"]] == 1 and second[column["from.declared"]] == 0  # the first declared only
    assert first[column["from.declared_any"]] == second[column["from.declared_any"]] == 1
    assert first[column["agree"]] == 4 and second[column["agree"]] == 2
    assert first[column["earliest"]] == 1 and second[column["latest"]] == 1
    assert first[column["log_gap_htmldate"]] == 0 and second[column["log_gap_htmldate"]] > 0
    assert rows({})[0] == []


LD = '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2021-03-04T10:00:00+01:00"}</script>'


def _page(head: str, dateline: str) -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in FERRY_PARAS.split("\n\n"))
    return (
        f"<html><head><title>Ferry timetable changes</title>{head}</head><body><article>"
        f"<h1>Ferry timetable changes</h1><p class='date'>{dateline}</p>{paras}</article></body></html>"
    ).encode()


def test_the_date_the_sources_agree_on_is_chosen_with_its_time() -> None:
    doc = parse_bytes(_page(LD, "4 March 2021"), "ferry.html")[0]
    assert isinstance(doc, Document)
    assert doc.published == "2021-03-04T10:00:00+01:00"


def test_a_records_own_date_stands() -> None:
    record = {"html": _page(LD, "4 March 2021").decode(), "published": "2021-05-06"}
    doc = parse_bytes(json.dumps(record).encode(), "feed.json")[0]
    assert isinstance(doc, Document)
    assert doc.published == "2021-05-06"


def test_a_day_after_the_fetch_is_never_chosen() -> None:
    record = {"html": _page(LD, "4 March 2021").decode(), "fetched_at": "2021-03-01T00:00:00Z"}
    doc = parse_bytes(json.dumps(record).encode(), "feed.json")[0]
    assert isinstance(doc, Document)
    assert doc.published is None or doc.published[:10] <= "2021-03-01"


def test_a_tiny_fit_makes_a_model_that_loads_and_learns_which_source_to_trust(tmp_path: Path) -> None:
    def dated(n: int, gold: str, candidates: dict[str, list[str]]) -> DatedPage:
        page = Page("set", "html", f"p{n}", tmp_path / f"p{n}.html", {}, f"site{n}.example", n % 5)
        return DatedPage(page, gold, candidates)

    # the headline's day is right, the pipeline's wrong, on every page
    pages = [
        dated(n, f"2020-01-{n % 27 + 1:02d}", {"headline": [f"2020-01-{n % 27 + 1:02d}"], "pipeline": ["2019-06-01"]})
        for n in range(60)
    ]
    model = fit(pages)
    chooser = parse_date_model(model.model_dump_json().encode(), "tiny")
    assert chooser.choose({"headline": ["2022-02-02"], "pipeline": ["2021-07-07"]}) == "2022-02-02"
