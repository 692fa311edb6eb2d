"""The title of an HTML page: what its markup and headings propose, and the one the shipped title
model chooses."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from lxml import html as lxml_html

from parsers import Origin, load_rules, parse_bytes
from parsers.html.scan import h1_headings
from parsers.meta.html_titles import (
    HTML_TITLE_FEATURES,
    HtmlTitles,
    candidates,
    html_title_rows,
    markup_titles,
    proposed_titles,
)
from parsers.meta.text_titles import TITLE_MODEL_PATH, load_title_model, parse_title_model
from parsers.pipeline import html_title_evidence
from parsers.strip.model import ModelFileError, load_model
from schemas.document import Document
from tests.pages import FERRY
from train.bench import Page
from train.titles import HtmlTitledPage, fit

HEAD = """<head><title>Ferry timetable changes for the winter | Harbour Notes</title>
<meta property="og:title" content="Ferry timetable changes for the winter">
<meta name="twitter:title" content="Winter ferries">
<meta property="og:type" content="article">
<script type="application/ld+json">
{"@type": "NewsArticle", "headline": "Ferry timetable changes \\u2013 winter"}</script>
</head>"""
BODY = "".join(f"<p>{FERRY} Part {i} of the morning went on.</p>" for i in range(6))
PAGE = f"""<html>{HEAD}<body><header><a href="/">Harbour Notes</a></header>
<article><h1>Ferry timetable changes for the winter</h1>{BODY}</article>
<aside><h2>More from the harbour</h2><p><a href="/a">Gulls</a></p></aside></body></html>"""
URL = "https://harbour-notes.example/2024/ferry-timetable-changes-winter"


def test_the_markup_titles_are_read_by_source() -> None:
    found = markup_titles(lxml_html.fromstring(PAGE), PAGE)
    assert found["element"] == ["Ferry timetable changes for the winter | Harbour Notes"]
    assert found["og"] == ["Ferry timetable changes for the winter"]
    assert found["twitter"] == ["Winter ferries"]
    assert found["jsonld"] == ["Ferry timetable changes \u2013 winter"]  # JSON escapes decoded
    assert found["itemprop"] == []


def test_each_distinct_text_is_one_candidate_with_its_sources_and_parts() -> None:
    proposed = {
        "element": ["Ferry times | Harbour Notes"],
        "og": ["Ferry times"],
        "h1": ["Harbour Notes", "Ferry times"],
    }
    by_text = {c.text: c for c in candidates(proposed)}
    assert by_text["Ferry times"].whole == {"og", "h1"} and by_text["Ferry times"].parts == {"element": {1}}
    assert by_text["Ferry times"].ranks["h1"] == 1
    assert by_text["Harbour Notes"].parts == {"element": {2}}
    found = html_title_rows(proposed, "Harbour Notes", "https://harbour-notes.example/ferry-times", "article")
    assert found.X.shape == (3, len(HTML_TITLE_FEATURES))
    row = dict(zip(HTML_TITLE_FEATURES, found.X[found.candidates.index(by_text["Ferry times"])], strict=True))
    assert row["agree"] == 2 and row["part_first"] == 1 and row["slug_recall"] == 1.0 and row["in_element"] == 1
    assert row["article"] == 1
    at = [c.text for c in found.candidates].index("Harbour Notes")
    site = dict(zip(HTML_TITLE_FEATURES, found.X[at], strict=True))
    assert site["names_site"] == 1 and site["part_last"] == 1


def test_an_h1_cut_by_its_tags_gives_its_first_part_and_the_rest() -> None:
    html = (
        '<h1><span class="kicker">Harbour</span> <span>Ferry <em>timetable</em> changes</span></h1>'
        '<h1>Ferry <a href="/t">timetable</a> changes</h1><h1>Tides<br>of the bay<br/>in winter</h1>'
    )
    # a link or an emphasis writes inside the headline; a <span>, a <br> sets its parts apart
    assert h1_headings(html)[1] == [("Harbour", "Ferry timetable changes"), ("Tides", "of the bay in winter")]


def test_an_h1_parts_and_the_candidates_they_extend_are_features() -> None:
    proposed = proposed_titles(
        {}, None, None, ["Harbour Ferry timetable changes"], [], [], [("Harbour", "Ferry timetable changes")]
    )
    found = html_title_rows(proposed, None, None)
    by_text = {c.text: c for c in found.candidates}
    assert by_text["Harbour"].parts == {"h1": {1}} and by_text["Ferry timetable changes"].parts == {"h1": {2}}
    rows = {
        c.text: dict(zip(HTML_TITLE_FEATURES, x, strict=True)) for c, x in zip(found.candidates, found.X, strict=True)
    }
    headline, whole = rows["Ferry timetable changes"], rows["Harbour Ferry timetable changes"]
    assert headline["part_last"] == 1 and headline["ends_other"] == 1 and headline["starts_other"] == 0
    assert whole["other_ends"] == 1 and whole["other_starts"] == 1 and whole["ends_other"] == 0


def test_the_pipeline_gathers_every_source_the_rules_choice_among_them() -> None:
    origin = Origin(path="ferry.html", format="html", sha256="", url=URL)
    found = html_title_evidence(PAGE, origin, load_rules(), load_model())
    assert found is not None
    sources = {source for c in found.candidates for source in c.whole}
    assert {"rule", "element", "og", "twitter", "jsonld", "trafilatura", "h1", "h2"} <= sources  # and the kept headings


def test_the_headline_is_the_title_of_an_html_page() -> None:
    (doc,) = parse_bytes(PAGE.encode(), "ferry.html")
    assert isinstance(doc, Document)
    assert doc.title == "Ferry timetable changes for the winter"


def test_a_records_own_title_stands_on_an_html_page() -> None:
    record = {"html": PAGE, "url": URL, "title": "Timetables for the winter"}
    (doc,) = parse_bytes(json.dumps(record).encode(), "feed.json")
    assert isinstance(doc, Document)
    assert doc.title == "Timetables for the winter"


def test_a_title_model_with_no_html_trees_leaves_the_rules_choice(tmp_path: Path) -> None:
    data = json.loads(TITLE_MODEL_PATH.read_bytes())
    data.pop("html_scorer")
    path = tmp_path / "titles.json"
    path.write_text(json.dumps(data))
    chooser = load_title_model(path)
    assert chooser.html_forest is None
    assert chooser.choose_html(html_title_rows({"og": ["Ferry times"]}, None, None)) is None


def test_html_trees_fitted_on_other_features_are_a_clear_error(tmp_path: Path) -> None:
    data = json.loads(TITLE_MODEL_PATH.read_bytes())
    data["html_scorer"]["features"] = data["html_scorer"]["features"][::-1]
    path = tmp_path / "titles.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ModelFileError, match="other features"):
        load_title_model(path)


def test_a_tiny_fit_learns_which_source_to_trust(tmp_path: Path) -> None:
    proposed = {"og": ["Ferry timetable changes"], "h2": ["More from the harbour"]}
    pages = []
    for n in range(60):
        found = html_title_rows(proposed, None, None)
        right = [c.text == "Ferry timetable changes" for c in found.candidates]
        page = Page("set", "html", f"p{n}", tmp_path / f"p{n}.html", {}, f"site{n}.example", n % 5)
        pages.append(HtmlTitledPage(page, found, right))
    chooser = parse_title_model(fit([], pages).model_dump_json().encode(), "tiny")
    found = html_title_rows({"h2": ["More from the harbour"], "og": ["Ferry timetable changes"]}, None, None)
    chosen = chooser.choose_html(found)
    assert chosen is not None and chosen.text == "Ferry timetable changes"
    assert chooser.choose_html(HtmlTitles([], np.zeros((0, len(HTML_TITLE_FEATURES))))) is None
