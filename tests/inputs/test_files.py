"""HTML, gzip and scraper-record inputs produce the same documents as the text path."""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Sequence

import pytest

from parsers import blocks, parse_bytes
from parsers.html.credits import author_credits
from parsers.html.scan import page_lines
from parsers.inputs.read import sniff_format
from parsers.meta.dates import url_date
from parsers.strip import evidence
from parsers.strip.classify import RuleHits, apply_rules
from parsers.strip.gate import top_level_branches
from schemas.document import Document, Rejection
from schemas.rules import Profile
from tests.conftest import ROOT

HTML = (ROOT / "raw" / "lakeside-post-orchard.html").read_bytes()


def test_html_page_becomes_a_document_with_page_metadata() -> None:
    doc = parse_bytes(HTML, "page.html")[0]
    assert isinstance(doc, Document) and doc.source.format == "html"
    assert doc.title == "Orchard reopens its cider press to the public"
    assert doc.authors == ["Priya Natarajan"] and doc.publisher == "Lakeside Post"
    assert doc.published is not None and doc.published.startswith("2023-10-07")
    assert doc.body.startswith("The old orchard on the east road")
    for clutter in ("Share this article", "Sign up", "All rights reserved", "Subscribe", "Home"):
        assert clutter not in doc.body
    assert {"generic.share", "generic.newsletter"} <= {r.rule for r in doc.removed}


def test_gzipped_html_and_legacy_encodings_are_read() -> None:
    doc = parse_bytes(gzip.compress(HTML), "page.html.gz")[0]
    assert isinstance(doc, Document) and doc.source.format == "html"
    latin = HTML.replace(b'charset="utf-8"', b'charset="iso-8859-1"').replace(b"cider", "cidré".encode("latin-1"))
    doc = parse_bytes(latin, "page.html")[0]
    assert isinstance(doc, Document) and "cidré press" in doc.body


def test_broken_gzip_is_rejected() -> None:
    result = parse_bytes(gzip.compress(HTML)[:40], "page.html.gz")[0]
    assert isinstance(result, Rejection) and result.reason == "undecodable"


def test_html_without_article_is_rejected() -> None:
    result = parse_bytes(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "x.html")[0]
    assert isinstance(result, Rejection) and result.reason == "no_content"


def test_jsonl_records_each_become_a_document_and_a_bad_line_is_rejected_alone() -> None:
    results = parse_bytes((ROOT / "raw" / "courier-feed.jsonl").read_bytes(), "feed.jsonl")
    assert [type(r).__name__ for r in results] == ["Document", "Document", "Rejection"]
    first, second, bad = results
    assert isinstance(first, Document) and isinstance(second, Document) and isinstance(bad, Rejection)
    assert first.title == "Market hall roof repaired before the summer season"
    assert first.source.record == 1 and first.source.url and first.source.fetched_at
    assert second.source.format == "jsonl" and second.authors == ["Tomas Reyes"]
    assert second.published == "2024-05-02"  # "yesterday", against the record's fetch time
    assert "Copyright" not in second.body
    assert bad.reason == "malformed_record" and bad.record == 3 and "line 3" in bad.detail


def test_a_core_bug_on_one_record_rejects_that_record_alone(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """An exception inside the core (here injected into the rule stage, which every input kind
    goes through) is the rejection of the one record it happened on, with the exception named;
    the other records are cleaned."""
    good = (ROOT / "raw" / "courier-feed.jsonl").read_text().splitlines()[:2]
    faulty = json.dumps({"text": "# Faulty\n\nThis record trips the injected fault in the rule stage."})

    def failing_rules(found: Sequence[blocks.Block], profiles: Sequence[Profile]) -> RuleHits:
        if any("injected fault" in b.text for b in found):
            raise RuntimeError("injected fault")
        return apply_rules(found, profiles)

    monkeypatch.setattr(evidence, "apply_rules", failing_rules)
    with caplog.at_level(logging.ERROR, logger="parsers.inputs.files"):
        results = parse_bytes("\n".join([good[0], faulty, good[1]]).encode(), "feed.jsonl")
    assert [type(r).__name__ for r in results] == ["Document", "Rejection", "Document"]
    bad = results[1]
    assert isinstance(bad, Rejection) and bad.reason == "internal_error" and bad.record == 2
    assert bad.detail == "RuntimeError: injected fault"
    assert "feed.jsonl (record 2)" in caplog.text and "Traceback" in caplog.text
    html = parse_bytes(HTML.replace(b"old orchard", b"injected fault"), "page.html")[0]
    assert isinstance(html, Rejection) and html.reason == "internal_error" and html.record is None


def test_json_object_and_record_without_content() -> None:
    record = {"url": "https://x.example/a", "title": "A", "text": (ROOT / "raw" / "bulletin-roundup.md").read_text()}
    doc = parse_bytes(json.dumps(record).encode(), "a.json")[0]
    assert isinstance(doc, Document) and doc.source.url == "https://x.example/a" and doc.publisher == "x.example"
    bad = parse_bytes(b'{"url": "https://x.example/b"}', "b.json")[0]
    assert isinstance(bad, Rejection) and bad.reason == "malformed_record" and "content field" in bad.detail


def test_format_is_sniffed_from_content_when_the_name_says_nothing() -> None:
    assert sniff_format("page", b"<!DOCTYPE html><html></html>") == "html"
    assert sniff_format("page.txt", b"<html><body>x</body></html>") == "html"
    assert sniff_format("record", b'{"text": "x"}') == "json"
    assert sniff_format("notes.md", b"[link](x) text") == "markdown"
    assert sniff_format("blob", b"\x00\x01\x02") is None


def test_top_level_branches() -> None:
    assert top_level_branches(r"^a|b(c|d)|[|]e|\|f") == ["^a", "b(c|d)", "[|]e", r"\|f"]


def test_declared_publication_time_keeps_its_offset() -> None:
    doc = parse_bytes(HTML, "page.html")[0]
    assert isinstance(doc, Document) and doc.published == "2023-10-07T09:30:00+02:00"


def _page(lang: str, head: str, under_headline: str, above_headline: str = "") -> bytes:
    paragraphs = "".join(
        f"<p>Paragraph {i} of the test story tells how the river ferry crossed the water each morning "
        "while the town slept and the gulls circled over the empty quay.</p>"
        for i in range(6)
    )
    return (
        f'<html lang="{lang}"><head><title>Ferry story</title>{head}</head><body>'
        f"<nav><a href='/'>Home</a> 01/02/2003</nav><article><span>{above_headline}</span><h1>The ferry at dawn</h1>"
        f"<div class='meta'>{under_headline}</div>{paragraphs}</article></body></html>"
    ).encode()


def _published(data: bytes) -> str | None:
    (doc,) = parse_bytes(data, "page.html")
    assert isinstance(doc, Document), doc
    return doc.published


def test_dateline_under_the_headline_is_the_publication_date() -> None:
    # read day-first on a page not in English, month-first in English
    assert _published(_page("pt", "", "Publicado em 03/05/2022")) == "2022-05-03"
    assert _published(_page("en", "", "Posted 03/05/2022")) == "2022-03-05"
    # a date declared in the markup stays, unless it is a UTC time a day off the shown date
    declared = '<meta property="article:published_time" content="{}">'
    assert _published(_page("de", declared.format("2022-05-01T08:00:00+02:00"), "02.05.2022")) == (
        "2022-05-01T08:00:00+02:00"
    )
    assert _published(_page("de", declared.format("2022-05-01T23:30:00+00:00"), "02.05.2022")) == "2022-05-02"


def test_which_dateline_overrules_a_declared_utc_date() -> None:
    declared = '<meta property="article:published_time" content="2022-05-01T08:00:00+00:00">'
    # a date on a line of its own under the headline is the page's date
    assert _published(_page("de", declared, "Kultur | 12.05.2022 - 08:15 Uhr")) == "2022-05-12T08:15:00"
    # not a date inside a sentence (an event's), nor the last day of a range
    prose = "Die Fähre fährt ab dem 12.05.2022 wieder jeden Morgen über den breiten Fluss."
    assert _published(_page("de", declared, prose)) == "2022-05-01T08:00:00+00:00"
    assert _published(_page("de", declared, "9-23 Mai 2022")) == "2022-05-01T08:00:00+00:00"
    # the same day: the declared time is kept (its offset is known)
    assert _published(_page("de", declared, "01.05.2022")) == "2022-05-01T08:00:00+00:00"
    # a dateline labelled as an update is the modification date
    (doc,) = parse_bytes(_page("en", declared, "Updated May 12, 2022"), "page.html")
    assert isinstance(doc, Document)
    assert (doc.published, doc.modified) == ("2022-05-01T08:00:00+00:00", "2022-05-12")


def test_markup_declaring_several_days_is_settled_by_the_dateline() -> None:
    head = (
        '<script type="application/ld+json">{"datePublished": "2021-12-14T15:41:07+01:00"}</script>'
        '<meta property="article:published_time" content="2022-02-04T15:33:00+01:00">'
    )
    assert _published(_page("de", head, "04.02.2022 | 15:33 Uhr")) == "2022-02-04T15:33:00+01:00"
    # one day declared (not UTC): a dateline of another day does not overrule it
    assert _published(_page("de", head.split("</script>")[0] + "</script>", "04.02.2022")) == (
        "2021-12-14T15:41:07+01:00"
    )


def test_dateline_above_the_headline_and_date_in_the_address() -> None:
    prose = "Am Mittwoch, 13.10.2021, legt die Fähre zum ersten Mal im neuen Hafen an."
    # nothing declared: a date alone on the line above the headline beats one in the text under it
    assert _published(_page("de", "", prose, above_headline="Bonn, 11.10.2021")) == "2021-10-11"
    assert _published(_page("de", "", prose, above_headline="Bonn, Rheinufer")) == "2021-10-13"
    # a permalink's /YYYY/MM/DD/ is the date the site files the page under
    record = {"url": "https://news.example.org/2021/10/20/ferry-at-dawn/", "html": _page("de", "", prose).decode()}
    (doc,) = parse_bytes(json.dumps(record).encode(), "record.json")
    assert isinstance(doc, Document) and doc.published == "2021-10-20"


def test_url_date() -> None:
    assert url_date("https://example.org/2021/3/7/slug") == "2021-03-07"
    assert url_date("https://example.org/2021/10/20") == "2021-10-20"
    assert url_date("https://example.org/2021/13/45/slug") is None  # no such day
    assert url_date("https://example.org/1985/01/01/slug") is None  # before 1990
    assert url_date("https://example.org/2021/10/slug") is None and url_date(None) is None


def test_declared_modification_date_is_kept_apart() -> None:
    head = (
        '<meta property="article:published_time" content="2022-05-01T08:00:00+02:00">'
        '<meta property="article:modified_time" content="2022-05-03T09:30:00+02:00">'
    )
    (doc,) = parse_bytes(_page("en", head, ""), "page.html")
    assert isinstance(doc, Document)
    assert (doc.published, doc.modified) == ("2022-05-01T08:00:00+02:00", "2022-05-03T09:30:00+02:00")
    stale = head.replace("2022-05-03T09:30", "2021-01-01T00:00")  # "modified" before publication: dropped
    (doc,) = parse_bytes(_page("en", stale, ""), "page.html")
    assert isinstance(doc, Document) and doc.modified is None


def test_a_person_in_the_page_text_beats_an_organisation_in_the_markup() -> None:
    head = '<meta name="author" content="Beispiel-Stiftung e V">'
    (doc,) = parse_bytes(_page("de", head, "Autorin: Ines Okafor, Projektleiterin der Stiftung"), "page.html")
    assert isinstance(doc, Document)
    assert doc.authors == ["Ines Okafor"]
    (doc,) = parse_bytes(_page("de", head, ""), "page.html")  # no one else credited: the organisation
    assert isinstance(doc, Document) and doc.authors == [] and doc.organizations == ["Beispiel-Stiftung e.V"]


def test_a_single_account_name_gives_way_to_the_same_name_in_full() -> None:
    for account in ("Ines", "inesokafor"):
        head = f'<script type="application/ld+json">{{"author": {{"name": "{account}"}}}}</script>'
        (doc,) = parse_bytes(_page("en", head, "By Ines Okafor"), "page.html")
        assert isinstance(doc, Document) and doc.authors == ["Ines Okafor"], account
    # someone else named in the text is not the account's owner
    head = '<script type="application/ld+json">{"author": {"name": "Ines"}}</script>'
    (doc,) = parse_bytes(_page("en", head, "By Marta Lindqvist"), "page.html")
    assert isinstance(doc, Document) and doc.authors == ["Ines"]


def test_an_entity_left_in_json_ld_does_not_split_a_credit() -> None:
    head = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
        '"author": {"@type": "Person", "name": "Ana Ort&iacute;z Vel&aacute;squez"}}</script>'
    )
    # the markup's credit is read whole, the entities decoded
    assert author_credits(head) == (["Ana Ortíz Velásquez"], [])
    (doc,) = parse_bytes(_page("es", head, "Por Ana Ortíz Velásquez"), "page.html")
    assert isinstance(doc, Document) and doc.authors == ["Ana Ortíz Velásquez"]
    # a credit the page's text does not write may be declined by the author choice, but never
    # given cut at its entities (trafilatura's own reading: "Ort; Iacute; Z")
    (doc,) = parse_bytes(_page("es", head, ""), "page.html")
    assert isinstance(doc, Document) and doc.authors in ([], ["Ana Ortíz Velásquez"])


def _authors(data: bytes) -> tuple[list[str], list[str]]:
    (doc,) = parse_bytes(data, "page.html")
    assert isinstance(doc, Document), doc
    return doc.authors, doc.organizations


def test_a_dated_byline_next_to_the_headline_names_the_author() -> None:
    # under the headline, or in the kicker line just above it
    assert _authors(_page("de", "", "25.10.2022 - Ines Okafor"))[0] == ["Ines Okafor"]
    # the page's lines searched for a byline start with the kicker line above the headline
    kicker = "<nav>Home</nav><div><small>04.02.2022 | 13:10 Uhr | Ines Okafor</small><h1>The ferry</h1><p>Text</p>"
    assert page_lines(kicker) == ["04.02.2022 | 13:10 Uhr | Ines Okafor", "The ferry", "Text"]
    assert page_lines("<body><p>No headline</p><p>Text</p>") == ["No headline", "Text"]
    # a label beside the date is no name
    assert _authors(_page("de", "", "", "04. November 2021 | PAID CONTENT")) == ([], [])


def test_a_meta_title_cut_at_an_unescaped_quote_is_read_whole_from_the_title_element() -> None:
    page = _ferry_page(
        '<title>Mayor calls ferry plan "reckless"</title>'
        '<meta property="og:title" content="Mayor calls ferry plan "reckless"">',
        "",
    )
    (doc,) = parse_bytes(page, "page.html")
    assert isinstance(doc, Document) and doc.title == 'Mayor calls ferry plan "reckless"'


def _ferry_page(head: str, top: str) -> bytes:
    paragraphs = "".join(
        f"<p>Paragraph {i} explains why the council wants to cut the morning crossings and what the "
        "harbour workers said about it at the meeting on the quay.</p>"
        for i in range(5)
    )
    return f"<html><head>{head}</head><body>{top}<article>{paragraphs}</article></body></html>".encode()


def test_the_title_element_wrapping_an_h1_beats_a_menu_heading_classed_title() -> None:
    page = _ferry_page(
        "<title>Ferry timetable changes | Harbour Notes</title>",
        '<h1 class="logo">Harbour Notes</h1><h2 class="block-title">Main menu</h2><h1>Ferry timetable changes</h1>',
    )
    (doc,) = parse_bytes(page, "page.html")
    assert isinstance(doc, Document) and doc.title == "Ferry timetable changes"


def test_a_section_label_above_the_repeated_headline_leaves_the_body_with_it() -> None:
    page = _ferry_page(
        "<title>Ferry timetable changes | Harbour Notes</title>"
        '<meta property="og:title" content="Ferry timetable changes">',
        "",
    ).replace(b"<article>", b"<article><p>Hafen</p><p>Ferry timetable changes</p>")
    (doc,) = parse_bytes(page, "page.html")
    assert isinstance(doc, Document) and doc.title == "Ferry timetable changes"
    assert doc.body.startswith("Paragraph 0")
    removed = {r.text: r.rule for r in doc.removed}  # as metadata, or by the classifier on its own
    assert removed["Ferry timetable changes"] in ("meta.title", "classifier.model")
    assert removed["Hafen"] in ("meta.kicker", "classifier.model")
