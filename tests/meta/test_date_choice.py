"""The publication date of a page, chosen among its sources by the shipped date model."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
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
from parsers.meta.text_dates import TEXT_DATE_FEATURES, WrittenDays
from parsers.strip.model import ModelFileError
from schemas.document import Document
from tests.pages import FERRY_PARAS
from train.bench import Page
from train.cuts import best_cuts
from train.dates import DatedPage, DatedText, fit


def test_the_shipped_model_loads_and_reads_this_versions_features() -> None:
    chooser = load_date_model()
    assert tuple(chooser.spec.sources) == SOURCES and tuple(chooser.spec.scorer.features) == FEATURES
    assert tuple(chooser.spec.text_scorer.features) == TEXT_DATE_FEATURES
    assert len(chooser.spec.scorer.trees) >= 10 and len(chooser.spec.text_scorer.trees) >= 10
    assert len(chooser.digest) == 8


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.pop("scorer"), "invalid date model file"),
        (lambda d: d.update(sources=["declared"]), "other sources or features"),
        (lambda d: d["scorer"].update(features=d["scorer"]["features"][:-1]), "invalid date model file"),
        (lambda d: d["text_scorer"].update(features=d["text_scorer"]["features"][::-1]), "other sources or features"),
        (lambda d: d.pop("text_scorer"), "invalid date model file"),
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
    # on text pages, the day on a "Published" line is right, the pipeline's wrong
    published = TEXT_DATE_FEATURES.index("published_label")
    texts = []
    for n in range(60):
        right, wrong = np.zeros(len(TEXT_DATE_FEATURES)), np.zeros(len(TEXT_DATE_FEATURES))
        right[published] = 1.0
        wrong[TEXT_DATE_FEATURES.index("pipeline")] = 1.0
        days = [f"2020-02-{n % 27 + 1:02d}", "2019-06-01"]
        page = Page("set", "text", f"t{n}", tmp_path / f"t{n}.md", {}, f"site{n}.example", n % 5)
        written = WrittenDays(days, [], np.vstack([right, wrong]), [False, False])
        texts.append(DatedText(page, days[0], "2019-06-01", written))
    model = fit(pages, texts)
    chooser = parse_date_model(model.model_dump_json().encode(), "tiny")
    assert chooser.choose({"headline": ["2022-02-02"], "pipeline": ["2021-07-07"]}) == "2022-02-02"
    assert chooser.choose_text(["2021-07-07", "2022-02-02"], texts[0].written.X[::-1], scanned=True) == "2022-02-02"
    assert chooser.choose_text([], np.zeros((0, len(TEXT_DATE_FEATURES))), scanned=False) is None


def test_the_cuts_take_the_most_right_dates_within_the_wrong_ones_allowed() -> None:
    scanned = [(3.0, True, False), (2.0, False, True), (1.0, True, False)]
    unscanned = [(5.0, True, False), (4.0, False, True), (0.5, True, False)]
    assert best_cuts(scanned, unscanned, 0) == (3.0, 5.0)  # no wrong date: only what scores above every wrong one
    assert best_cuts(scanned, unscanned, 1) == (3.0, 0.5)  # one wrong date: three right ones
    assert best_cuts(scanned, unscanned, 2) == (1.0, 0.5)  # all
    assert best_cuts([(1.0, False, True)], [], 0) == (float("inf"), float("inf"))  # nothing is worth it
    assert best_cuts([(1.0, False, False)], [], 0) == (float("inf"), float("inf"))  # no gain, no fault: not taken


def test_a_text_day_below_the_threshold_is_no_date() -> None:
    chooser = load_date_model()
    row = np.zeros((1, len(TEXT_DATE_FEATURES)))
    never = replace(chooser, spec=chooser.spec.model_copy(update={"text_threshold": None}))
    assert never.choose_text(["2021-03-04"], row, scanned=True) is None
    always = replace(chooser, spec=chooser.spec.model_copy(update={"text_threshold": -1e9}))
    assert always.choose_text(["2021-03-04"], row, scanned=True) == "2021-03-04"
