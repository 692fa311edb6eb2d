"""Bylines, dates, titles: table-driven."""

from __future__ import annotations

from datetime import datetime

import pytest

from parsers import parse_bytes
from parsers.meta.dates import earliest_date, find_date, resolve_relative
from parsers.meta.header import clean_title
from parsers.meta.names import distinct_persons, is_person_name, normalize_name, split_byline
from parsers.meta.params import META
from parsers.meta.titles import best_title, slug_words, strip_site_name
from parsers.repair import rejoin_split_paragraphs, tidy
from schemas.document import Document

BYLINES = [
    ("Stephen Lendman", ["Stephen Lendman"], []),
    ("Maria Oduya and Tom Lindqvist", ["Maria Oduya", "Tom Lindqvist"], []),
    ("Anna Berger und Jonas Weber", ["Anna Berger", "Jonas Weber"], []),
    ("A. Smith, B. Jones and C. Brown", ["A. Smith", "B. Jones", "C. Brown"], []),
    ("Smith, John", ["John Smith"], []),
    ("JOHN SMITH", ["John Smith"], []),
    ("Jane Roe, Staff Writer", ["Jane Roe"], []),
    ("Jane Roe, Associated Press", ["Jane Roe"], ["Associated Press"]),
    ("Reuters", [], ["Reuters"]),
    ("Jane Roe jane.roe@example.org", ["Jane Roe"], []),
    ("Jane Roe@JaneRoe", ["Jane Roe"], []),  # a name and its handle, two links glued together
    ("Jane Roe November 15, 2019", ["Jane Roe"], []),  # a date the layout glued to the name
    ("Jane Roe 3. März 2022", ["Jane Roe"], []),
    ("June Carter and August Wilson", ["June Carter", "August Wilson"], []),  # month names as given names
    ("Jane Roe Kategorien: Mode", [], []),  # the next field of the page glued on: no clean name
    ("Jane Roe | Updated March 3, 2024", ["Jane Roe"], []),
    ("Posted by Jane Roe on March 3, 2020", ["Jane Roe"], []),  # "posted" opens a credit, not a date
    ("Jane Roe, posted 3 March 2020", ["Jane Roe"], []),
    ("Erstellt von Anna Berger am 3. März 2022", ["Anna Berger"], []),
    ("Jeanne Roe le 3 mars 2020", ["Jeanne Roe"], []),
    ("Ludwig van Beethoven", ["Ludwig van Beethoven"], []),
    ("Jane Roe & John Doe", ["Jane Roe", "John Doe"], []),
    ("Posted by Jane Roe and Theo Marsh - Harbour Safety team", ["Jane Roe", "Theo Marsh"], []),  # a team
    ("Jane Roe - Reuters", ["Jane Roe"], ["Reuters"]),
]


@pytest.mark.parametrize(("byline", "people", "orgs"), BYLINES)
def test_split_byline(byline: str, people: list[str], orgs: list[str]) -> None:
    assert split_byline(byline) == (people, orgs)


@pytest.mark.parametrize(
    ("names", "distinct"),
    [
        (["Troy Smith", "Troy L. Smith"], ["Troy L. Smith"]),  # one person, once with the initial
        (["Ana Ruiz", "Ana María Ruiz", "Theo Marsh"], ["Ana María Ruiz", "Theo Marsh"]),
        (["Troy Smith", "Tara Smith"], ["Troy Smith", "Tara Smith"]),  # two people
        (["Jane Roe"], ["Jane Roe"]),
    ],
)
def test_distinct_persons(names: list[str], distinct: list[str]) -> None:
    assert distinct_persons(names) == distinct


def test_normalize_name_keeps_particles() -> None:
    assert normalize_name("JEAN DE LA FONTAINE") == "Jean de la Fontaine"


@pytest.mark.parametrize(
    ("line", "expected"),
    [("Ben McGrath", True), ("Log In", False), ("Today's Paper", False), ("The Big Story Today", False),
     ("Two days of talks were cut short", False), ("Anne-Marie O'Neil", True),
     ("Tischtennis Schweiz", False), ("Beispiel Média", False), ("Abteilung Jugendarbeit", False),
     ("Submitting Your Information", False)],
)  # fmt: skip
def test_is_person_name(line: str, expected: bool) -> None:
    assert is_person_name(line) is expected


DATES = [
    ("February 28, 2019", "2019-02-28"),
    ("Global Research, February 28, 2019", "2019-02-28"),
    ("1 March 2019", "2019-03-01"),
    ("14.02.2024", "2024-02-14"),
    ("1. März 2019", "2019-03-01"),
    ("12 de enero de 2020", "2020-01-12"),
    ("3 stycznia 2021", "2021-01-03"),
    ("Posted September 9, 2022", "2022-09-09"),
    ("2025-01-17 18:40", "2025-01-17T18:40:00"),
    ("2025-01-17T18:40:00Z", "2025-01-17T18:40:00+00:00"),
    ("March 3, 2024 at 4:05 pm", "2024-03-03T16:05:00"),
    ("Mar. 3, 2024", "2024-03-03"),
    ("5 novembre 2019", "2019-11-05"),
    # published and updated dates set side by side with nothing between
    ("19.11.202119.11.2021", "2021-11-19"),
    ("3. April 20223. April 2022 by Ines Okafor", "2022-04-03"),
    ("Apr. 26, 2022Apr. 26, 2022", "2022-04-26"),
    ("11/17/201911/18/2019", "2019-11-17"),
    # two-digit years: numeric, or cut with an apostrophe after a month name; read as strptime's %y
    ("Stand: 14.02.24, 09:30", "2024-02-14T09:30:00"),
    ("14.02.24", "2024-02-14"),
    ("14.02.97", "1997-02-14"),
    ("veröffentlicht am 14 Feb ’20", "2020-02-14"),
    ("Posted Feb 14th, '19 at 9:30 pm", "2019-02-14T21:30:00"),
    ("3. März ‘21", "2021-03-03"),
    ("1 Jan '99", "1999-01-01"),
]


@pytest.mark.parametrize(("text", "iso"), DATES)
def test_find_date(text: str, iso: str) -> None:
    found = find_date(text)
    assert found is not None and found.iso == iso


@pytest.mark.parametrize(
    "text", ["", "No date here at all", "Vol. 12, page 44, line 7", "March 3 to 7", "A May '85 tour", "Top 10 ’20"]
)
def test_no_date_where_none_is_written(text: str) -> None:
    assert find_date(text) is None and earliest_date(text) is None


def test_impossible_and_future_dates_are_refused() -> None:
    assert find_date("31 February 2019") is None
    assert find_date("March 1, 1950") is None
    assert find_date("March 1, 2030", not_after=datetime(2024, 1, 1)) is None
    assert find_date("Order 14.02.202412 items") is None  # a year runs only into a date
    found = find_date("23.10.2015 - 25.10.2015")  # a range: its end is no time of day
    assert found is not None and (found.iso, found.end) == ("2015-10-23", 10)


def test_relative_dates_need_the_fetch_time() -> None:
    assert resolve_relative("3 hours ago", None) is None
    assert resolve_relative("3 hours ago", datetime(2024, 5, 2, 1, 0)) == "2024-05-01"
    assert resolve_relative("gestern", datetime(2024, 5, 2, 12, 0)) == "2024-05-01"


def test_title_site_suffix_is_dropped_when_the_short_form_is_on_the_page() -> None:
    assert clean_title("Ferry returns - Harbor Gazette", ["Ferry returns"]) == "Ferry returns"
    assert clean_title("Ferry returns - Harbor Gazette", []) == "Ferry returns - Harbor Gazette"


def test_tidy_collapses_spaces_and_keeps_line_breaks() -> None:
    assert tidy("  The\tferry\u00a0 left   at noon ,  on time .\n  Next line \u2009! ") == (
        "The ferry left at noon, on time.\nNext line \u2009!"
    )


def test_rejoin_split_paragraphs() -> None:
    paras = ["Talks ended and teams", "look forward to more.", "It ended without", "Another start."]
    assert rejoin_split_paragraphs(paras) == (
        ["Talks ended and teams look forward to more.", "It ended without", "Another start."],
        1,
    )


def _header(text: str) -> tuple[list[str], str | None, str | None]:
    from parsers.blocks import segment
    from parsers.meta.header import scan_header

    blocks = segment(text)
    meta = scan_header(blocks, len(blocks), 0, None)
    return meta.authors, meta.published, meta.publisher


@pytest.mark.parametrize(
    ("text", "authors", "published", "publisher"),
    [
        ("# T\n\nJane Roe | 06.11.23", ["Jane Roe"], "2023-11-06", None),
        ("Global Research\n\n# T\n\nGlobal Research, February 28, 2019", [], "2019-02-28", "Global Research"),
        ("# T\n\nAssociated Press, February 28, 2019", [], "2019-02-28", "Associated Press"),  # no person's name
        ("# T\n\nJana Roth, 03.11.2023 15:32 Uhr", ["Jana Roth"], "2023-11-03T15:32:00", None),  # not the site
        ("# T\n\nVon Anna Berger, am Sonntag, 11.12.2022 - 05:00 Uhr", ["Anna Berger"], "2022-12-11T05:00:00", None),
        ("City Bulletin\n\n# T\n\nCity Bulletin | Updated: 2025-01-17", [], None, None),
        ("# T\n\nPublished Monday, March 4, 2024", [], "2024-03-04", None),
        ("# T\n\nArtikel von Jana Roth\n\n3. Mai 2021", ["Jana Roth"], "2021-05-03", None),
        ("# T\n\nEin Beitrag von Jana Roth", ["Jana Roth"], None, None),
        ("# T\n\nBlog Beitrag von Jana Roth", ["Jana Roth"], None, None),
        ("# T\n\nBlogartikel von Jana Roth", ["Jana Roth"], None, None),
        ("# T\n\nJana Roth3.11.2023", ["Jana Roth"], "2023-11-03", None),  # name and date run together
        ("# T\n\nJana Roth 24. April 2020  \n08:30 Uhr", ["Jana Roth"], "2020-04-24T08:30:00", None),
        ("# T\n\nKarl von Tessen 24. April 2020", ["Karl von Tessen"], "2020-04-24", None),  # "von" in the name
        ("# T\n\nJana Roth am 18. September 2019", ["Jana Roth"], "2019-09-18", None),
        ("# T\n\nText von Jana Roth, 18.09.2019", ["Jana Roth"], "2019-09-18", None),
        ("# T\n\nJana Roth Zuletzt geändert am 06.11.2023", ["Jana Roth"], "2023-11-06", None),  # a date label
        ("# T\n\nJana Roth Last updated 3 May 2021", ["Jana Roth"], None, None),  # an update date: modified
        ("# T\n\nlundi 9 décembre 2019 à 09h08", [], "2019-12-09T09:08:00", None),
        ("# T\n\nAUTOR/IN\n\nJana Roth", ["Jana Roth"], None, None),  # the label alone over the name
        ("# T\n\nBy\n\nJana Roth\n\nand\n\nTomas Berg", ["Jana Roth", "Tomas Berg"], None, None),  # one per element
        ("# T\n\nJana Roth\n\nand\n\nTomas Berg", [], None, None),  # no label above: names of anything
        ("# T\n\nBy submitting your information, you agree to our terms.", [], None, None),
        ("# T\n\nText von Jana Roth", ["Jana Roth"], None, None),
    ],
)
def test_datelines(text: str, authors: list[str], published: str | None, publisher: str | None) -> None:
    assert _header(text) == (authors, published, publisher)


def test_a_dateline_opening_with_the_profiles_publisher_names_no_author() -> None:
    from parsers.blocks import segment
    from parsers.meta.header import scan_header

    blocks = segment("# T\n\nHarbour Notes, February 28, 2019")
    meta = scan_header(blocks, len(blocks), 0, None, site_names=["Harbour Notes"])
    assert (meta.authors, meta.publisher) == ([], "Harbour Notes")
    assert scan_header(blocks, len(blocks), 0, None).authors == ["Harbour Notes"]  # a person's name, for all we know


def test_site_name_is_stripped_and_inner_separators_kept() -> None:
    assert strip_site_name("Rivers rise: what the floods mean | Riverside Post", "Riverside Post") == (
        "Rivers rise: what the floods mean"
    )
    assert strip_site_name("Riverside Post - Flood notes · part two", "riversidepost") == "Flood notes · part two"
    assert strip_site_name("04.05.2021 - Bridge reopens - Riverside Post", "Riverside Post") == "Bridge reopens"
    assert strip_site_name("Bridge: a history", None) == "Bridge: a history"


def test_slug_words_skip_ids_and_noise() -> None:
    assert slug_words("https://example.org/news/2021/bridge-reopens-after-repairs.html") == {
        "bridge", "reopens", "after", "repairs"
    }  # fmt: skip
    assert slug_words("https://example.org/lokales/bruecke-wird-geoeffnet/17-378.html") == {
        "brucke",
        "wird",
        "geoffnet",
    }
    assert slug_words("https://example.org/service/news_view.htm?id=5") == set()
    assert slug_words("https://example.org/") == set()


def test_url_slug_picks_the_headline_when_the_title_names_only_the_site() -> None:
    url = "https://blog.example.org/2020/05/how-we-mended-the-old-boat/"
    assert best_title(
        "Harbour Notes", ["Harbour Notes"], "Harbour Notes", url, ["Archive", "How we mended the old boat"]
    ) == ("How we mended the old boat")
    # the <title> wraps an <h1>: both agree, the slug is not asked
    assert best_title("Boat repairs | Harbour Notes", ["Harbour Notes", "Boat repairs"], "Harbour Notes", url) == (
        "Boat repairs"
    )


def test_a_title_naming_only_the_host_gives_way_to_the_page_headline() -> None:
    url = "https://www.harbour-notes.org/artikel/48213"  # no slug to go by
    headlines = ["Suche", "Ferry timetable changes for the winter"]
    assert best_title("Harbour-Notes", ["Harbour-Notes"], None, url, headlines) == (
        "Ferry timetable changes for the winter"
    )
    # a headline that is no part of the host name stays, and so does a title with no other heading
    assert best_title("Notes from the harbour", ["Notes from the harbour"], None, url, headlines) == (
        "Notes from the harbour"
    )
    assert best_title("Harbour-Notes", ["Harbour-Notes"], None, url, ["Suche"]) == "Harbour-Notes"


def test_url_slug_prefers_the_headline_over_a_title_with_a_kicker() -> None:
    url = "https://news.example.org/2021/ferry-returns-to-the-island"
    assert (
        best_title(
            "Harbour news: after two winters away the ferry returns to the island for the summer",
            [],
            "Harbour Notes",
            url,
            (),
            ["Ferry returns to the island", "Timetable:"],
        )
        == "Ferry returns to the island"
    )


def test_earliest_date_and_day_first() -> None:
    from parsers.meta.dates import earliest_date

    found = earliest_date("Updated 12 June 2021. First published 03/05/2021 by the desk.")
    assert found is not None and found.iso == "2021-06-12"
    later = earliest_date("Event on 03/05/2021", day_first=True)
    assert later is not None and later.iso == "2021-05-03"
    assert earliest_date("no date here") is None


def test_byline_found_in_page_text_lines() -> None:
    from parsers.meta.header import byline_in

    assert byline_in(["The ferry at dawn", "Von Mara Lindqvist und Tomas Berg, NDR", "Text"]) == (
        "Mara Lindqvist und Tomas Berg, NDR"
    )
    assert byline_in(["Autor:", "Ines Okafor", "Body"]) == "Ines Okafor"
    assert byline_in(["Posted on May 3, 2021 by Theo Marsh"]) == "Theo Marsh"
    assert byline_in(["---- by Theo Marsh"]) == "Theo Marsh"
    assert split_byline(byline_in(["Por Lucía Gómez04 de mayo 2022 a las 09:01 hrs."]) or "")[0] == ["Lucía Gómez"]
    # a sentence opening with a preposition, a comment's header and a lone label are no bylines
    assert byline_in(["Von Einheimischen, Gästen und ganz viel Kühen geliebt"]) is None
    assert byline_in(["By Theo Marsh says:"]) is None
    assert byline_in(["By checking this box, you agree to our terms"]) is None  # a sentence
    assert byline_in(["Autorin: Ines Okafor, Projektleiterin der Stiftung"]) == (
        "Ines Okafor, Projektleiterin der Stiftung"
    )
    assert byline_in(["By"]) is None


def test_dated_byline_only_near_the_headline() -> None:
    from parsers.meta.header import byline_in

    lines = ["The ferry at dawn", "Essay", "25.10.2022 - Ines Okafor", "Body text"]
    assert byline_in(lines, dated_lines=4) == "Ines Okafor"
    assert byline_in(lines) is None  # the text path reads date lines itself (scan_header)
    assert byline_in(lines, dated_lines=2) is None  # further down: a list of other stories
    assert byline_in(["3 May 2021 | Theo Marsh, Ines Okafor"], 1) == "Theo Marsh; Ines Okafor"
    # a date line naming a place, a town or an agency is no byline
    assert byline_in(["25.10.2022 - Nachrichten aus Bonn"], 1) is None
    assert byline_in(["12. März 2020 Stadt Bonn"], 1) is None
    assert byline_in(["Associated Press Nov 19, 2019"], 1) is None


def _page(text: str, name: str) -> Document:
    """The one document ``parse_bytes`` makes of a page written here."""
    (doc,) = parse_bytes(text.encode(), name)
    assert isinstance(doc, Document), doc
    return doc


_FERRY = "The ferry crossed the grey water while the town slept and the gulls circled the quay."
_FERRY_PARAS = "\n\n".join(f"{_FERRY} Part {i} of the morning went on." for i in range(6))


def test_text_page_dateline_after_the_headline() -> None:
    story = " ".join(
        f"Der Fährmann erzählt im Abschnitt {i} von Nebel, Möwen und dem leeren Kai am Morgen." for i in range(8)
    )
    head = "[Start](/) | [Lokales](/lokales)\n\n# Die Fähre im Nebel\n\nAusgabe vom 03/05/2022, Lokalteil\n\n"
    doc = _page(f"{head}{story}\n\n{story}\n", "faehre.md")
    assert doc.published == "2022-05-03"  # a German page: day first


def test_plain_page_title_line_loses_its_site_name() -> None:
    story = " ".join(f"The ferryman tells in part {i} of fog, gulls and the empty quay at dawn." for i in range(8))
    doc = _page(f"Fog over the harbour – Lakeside Post\n\nHome\nNews\nSport\n\n{story}\n\n{story}\n", "fog.txt")
    assert doc.title == "Fog over the harbour"
    assert "Lakeside Post" not in doc.body


def test_text_page_byline_below_the_lead() -> None:
    doc = _page(
        f"# Fog over the harbour\n\n{_FERRY_PARAS}\n\nBy Theo Marsh and Ines Okafor\n\n{_FERRY_PARAS}\n", "fog.md"
    )
    assert doc.authors == ["Theo Marsh", "Ines Okafor"]
    assert "By Theo Marsh" not in doc.body


_FOOTER = "[About us](/about)\n\n[Contact](/contact)\n\n[Privacy](/privacy)\n\n© 2024 Harbour Notes"


_LONG_STORY = "\n\n".join(f"{_FERRY} Part {i} of the long morning went on." for i in range(45))


def test_text_page_byline_signing_off_the_article() -> None:  # far under the headline: a long story
    doc = _page(f"# Fog over the harbour\n\n{_LONG_STORY}\n\n_Posted by Theo Marsh_\n\n{_FOOTER}\n", "fog.md")
    assert doc.authors == ["Theo Marsh"]
    assert "Theo Marsh" not in doc.body
    assert any(r.rule == "meta.byline" and r.text == "Posted by Theo Marsh" for r in doc.removed)


def test_a_byline_far_below_the_article_is_not_its_author() -> None:
    comments = "\n\n".join(f"[Reply {i}](/reply/{i})" for i in range(4))
    page = f"# Fog over the harbour\n\n{_LONG_STORY}\n\n{_FOOTER}\n\n{comments}\n\nPosted by Ines Okafor\n"
    assert _page(page, "fog.md").authors == []


def test_text_page_byline_joined_to_the_paragraph_under_it() -> None:
    lead = f"Von Ines Okafor  \n{_FERRY} The first crossing left at six."
    doc = _page(f"# Fog over the harbour\n\n{lead}\n\n{_FERRY_PARAS}\n", "fog.md")
    assert doc.authors == ["Ines Okafor"]
    assert "Von Ines Okafor" not in doc.body
    assert f"{_FERRY} The first crossing left at six." in doc.body  # the paragraph stays body
    assert any(r.rule == "meta.byline" and r.text == "Von Ines Okafor" for r in doc.removed)


def test_text_page_names_linked_to_their_author_pages() -> None:
    linked = '[Theo Marsh](/author/tmarsh) and [Ines Okafor](https://example.org/autor/ines-okafor/ "Ines")'
    doc = _page(f"[Home](/)\n\n# Fog over the harbour\n\n{linked}\n\n{_FERRY_PARAS}\n", "fog.md")
    assert doc.authors == ["Theo Marsh", "Ines Okafor"]
    boxed = f"# Fog over the harbour\n\n{_FERRY_PARAS}\n\n[Ines Okafor](/author/ines/)\n\n[Home](/)\n"
    assert _page(boxed, "fog.md").authors == ["Ines Okafor"]  # the author box closing the article


def test_a_headline_linked_to_its_own_page_is_the_title_a_site_name_linked_home_is_not() -> None:
    site = "# [Harbour Weekly News Desk](https://harbour.example.org/)\n\n[Home](/) [About](/about/)"
    head = "## [Fog over the old harbour](/2020/01/fog-over-the-harbour/)\n\n2020-01-16"
    doc = _page(f"{site}\n\n{head}\n\n{_FERRY_PARAS}\n", "fog.md")
    assert doc.title == "Fog over the old harbour"
    assert doc.published == "2020-01-16"


@pytest.mark.parametrize("skip", ["# Skip to content", "Skip to main content", "## Zum Inhalt springen"])
def test_a_line_a_boilerplate_rule_removes_is_never_the_title(skip: str) -> None:
    doc = _page(f"{skip}\n\nFog over the harbour\n\n{_FERRY_PARAS}\n", "fog.md")
    assert doc.title == "Fog over the harbour"
    alone = _page(f"{skip}\n\n{_FERRY_PARAS}\n", "fog.md")
    assert alone.title is None  # no title rather than the skip link's


@pytest.mark.parametrize("credit", ["By Theo Marsh", "[Theo Marsh](/author/tmarsh/)"])
def test_text_page_credit_at_the_body_start_far_below_the_headline_found(credit: str) -> None:
    """The only heading is the site's, 50 menu lines above the article: the credit under the
    article's lead is found all the same, by its byline shape or by its link to the author's page."""
    menu = "\n\n".join(f"[Section {i}](/section/{i}/)" for i in range(50))
    lead = "\n\n".join(f"{_FERRY} It was May {i}." for i in range(META.header_after + 1))  # past the header scan
    doc = _page(f"# Harbour Weekly\n\n{menu}\n\n{lead}\n\n{credit}\n\n{_FERRY_PARAS}\n", "fog.md")
    assert doc.authors == ["Theo Marsh"]
    assert "Theo Marsh" not in doc.body


@pytest.mark.parametrize(
    ("page", "author", "spelled"),
    [
        ("<p>Autor: Gàbor Muniér</p><p>Gàbor Muniér</p>", "Interscenario; Gabor Munier", "Interscenario; Gàbor Muniér"),
        ("<p>By Marwan H. Adwan</p>", "Marwan H Adwan", "Marwan H. Adwan"),
        ("<p>Cem Başman</p><p>Cem Basman</p><p>Cem Basman</p>", "Cem Basman", "Cem Basman"),  # as spelled
        ('<a href="https://cnn.com">CNN.</a> cnn', "CNN", "CNN"),  # same letters, same case
        ("<p>Jane Roe</p>", "Theo Marsh", "Theo Marsh"),  # not in the page: as given
        ("<p>By GÀBOR MUNIÉR</p>", "Gabor Munier", "Gabor Munier"),  # capitals are not its spelling
        ("<p>xGàbor Muniér, Gàbor_Muniér</p><p>Gábor Muniér</p>", "Gabor Munier", "Gábor Muniér"),  # whole words
        # a non-Latin letter in a letter's place (Cyrillic "о", Greek "α") is not an accented form
        ("<p>Gabоr Munier, Gαbor Munier, Gąbor Munier</p>", "Gabor Munier", "Gąbor Munier"),
    ],
)
def test_page_spelling(page: str, author: str, spelled: str) -> None:
    from parsers.html.credits import page_spelling

    assert page_spelling(page, author) == spelled


@pytest.mark.parametrize(
    ("page", "author", "fuller"),
    [
        ("<p>Rain at last. (Jane Q. Roe)</p><figcaption>Jane Q. Roe</figcaption>", "Jane Roe", "Jane Q. Roe"),
        # the page writes the name without the initial more often: as credited
        ('<a class="url">Jane Roe</a> Jane Roe <p>Jane Q. Roe is our editor.</p>', "Jane Roe", "Jane Roe"),
        ("<p>Jane Q. Roe</p><p>Jane Q. Roe</p>", "Theo Marsh; Jane Roe", "Theo Marsh; Jane Q. Roe"),
        ("<p>MaryJane Q. Roe</p><p>MaryJane Q. Roe</p>", "Jane Roe", "Jane Roe"),  # whole words only
        ('{"@type":"Person","name":"Ines","description":"Ines Okafor - sailor and editor."}', "Ines", "Ines Okafor"),
        ('{"@type":"Person","name":"Ines","description":"Ines Okafor, sailor."}', "Ines", "Ines Okafor"),
        # a description that does not open with the name and a surname leaves the name as it is
        ('{"@type":"Person","name":"Ines","description":"Ines writes about boats, tides and fog."}', "Ines", "Ines"),
        ('{"@type":"Person","name":"Ines","description":"Ines and Theo - a crew of two."}', "Ines", "Ines"),
    ],
)
def test_author_in_fullest_form(page: str, author: str, fuller: str) -> None:
    from parsers.html.credits import fullest_forms

    assert fullest_forms(page, author) == fuller


def test_article_signed_at_its_end() -> None:
    doc = _page(f"# Fog over the harbour\n\n{_FERRY_PARAS}\n\n**Ines Okafor**\n", "fog.md")
    assert doc.authors == ["Ines Okafor"]
    assert "Ines Okafor" not in doc.body
    assert any(r.rule == "meta.signature" for r in doc.removed)
    page = (
        "<html><head><title>Fog over the harbour</title></head><body><article><h1>Fog over the harbour</h1>"
        + "".join(f"<p>{_FERRY} Part {i} of the morning went on.</p>" for i in range(6))
        + "<p><b><i>Theo Marsh</i></b></p></article></body></html>"
    )
    assert _page(page, "fog.html").authors == ["Theo Marsh"]
    story = f"# Fog over the harbour\n\n{_FERRY_PARAS}\n\n"
    assert _page(f"{story}**_Ines Okafor_**\n", "fog.md").authors == ["Ines Okafor"]
    assert _page(f"{story}**Ines Okafor_\n", "fog.md").authors == []  # markers that do not pair


def _ferry_page_ending(lines: list[str]) -> Document:
    """The ferry page with ``lines`` as its article's last paragraphs, parsed."""
    html = _ferry_page("").replace("</article>", "".join(f"<p>{line}</p>" for line in lines) + "</article>")
    doc = parse_bytes(html.encode(), "ferry.html")[0]
    assert isinstance(doc, Document)
    return doc


@pytest.mark.parametrize(
    ("ending", "author", "published"),
    [
        (["Ines", "10. September 2017"], "Ines", "2017-09-10"),  # a letter's sign-off: name, then date
        (["Ines Okafor", "March 4, 2021"], "Ines Okafor", "2021-03-04"),
        (["Theo van Marsh", "2021-03-04"], "Theo van Marsh", "2021-03-04"),
    ],
)
def test_dated_sign_off(ending: list[str], author: str, published: str) -> None:
    doc = _ferry_page_ending(ending)
    assert doc.authors == [author]
    assert doc.published == published
    assert author not in doc.body  # metadata, not body


@pytest.mark.parametrize(
    "ending",
    [
        ["Ines Okafor", "March 4, 2021, at the harbour office"],  # the date line says more
        ["See you at the quay", "March 4, 2021"],  # a sentence, not a name
        ["Admin", "March 4, 2021"],  # an account, not a name
        ["Ines Okafor", "March 4, 2021", "The quay reopens on Monday after the long repairs are done."],  # not the end
    ],
)
def test_no_dated_sign_off(ending: list[str]) -> None:
    doc = _ferry_page_ending(ending)
    assert doc.authors == []
    assert ending[0] in doc.body


@pytest.mark.parametrize(
    "ending",
    [
        "**Harbour Festival**\n\nThe festival opens on the quay at noon.",  # a bold heading, text follows
        "**Theo Marsh**\n\n**Ines Okafor**",  # a list of names, not a signature
        "Ines Okafor",  # a name in plain text
    ],
)
def test_no_signature(ending: str) -> None:
    assert _page(f"# Fog over the harbour\n\n{_FERRY_PARAS}\n\n{ending}\n", "fog.md").authors == []


@pytest.mark.parametrize(
    ("label", "url", "people"),
    [
        ("Theo Marsh", "https://example.org/author/tmarsh/", ["Theo Marsh"]),
        ("Ines", "/?author=12", ["Ines"]),
        ("By Theo Marsh", "/contributor/theo-marsh", ["Theo Marsh"]),
        ("Theo Marsh", "/people/theo-marsh", []),  # not an author's page
        ("Theo Marsh", "https://scholar.example.org/lookup?title=Fog&author=Theo+Marsh", []),  # a search
        ("Alle Beiträge", "/autoren/redaktion/", []),  # the link to the list, not a name
        ("View all posts", "/author/tmarsh/", []),
        ("Jane Roe", "https://example.org/fr/staff/jane-roe/", ["Jane Roe"]),  # a site's staff page
        ("Ines", "/forum/userinfo.php?uid=6", ["Ines"]),  # a forum member's page
        ("Marta Olivo Ruiz", "/autores/marta-olivo/", ["Marta Olivo Ruiz"]),  # Spanish, Portuguese
    ],
)
def test_author_page_names(label: str, url: str, people: list[str]) -> None:
    from parsers.meta.bylines import author_page_names

    assert author_page_names(label, url) == people


def test_a_capitalised_line_alone_is_no_byline() -> None:
    assert _page(f"# Fog over the harbour\n\nHarbour Festival\n\n{_FERRY_PARAS}\n", "fog.md").authors == []
    beside_a_date = f"# Fog over the harbour\n\nTheo Marsh  \n12 March 2021\n\n{_FERRY_PARAS}\n"  # one block
    assert _page(beside_a_date, "fog.md").authors == ["Theo Marsh"]


def test_json_ld_author_given_as_a_reference_is_no_name() -> None:
    from parsers.html.credits import author_credits

    ref = '<script type="application/ld+json">{"author":"https:\\/\\/example.org\\/author\\/jr\\/#author"}</script>'
    assert author_credits(ref + '<a rel="author" href="/jr">Jane Roe</a>') == (["Jane Roe"], [])
    assert author_credits('<script>{"author":{"@type":"Person","name":"Jane Roe"}}</script>') == (["Jane Roe"], [])


def _ferry_page(head: str, foot: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in _FERRY_PARAS.split("\n\n"))
    return (
        f"<html><head><title>Ferry timetable changes</title>{head}</head><body><article>"
        f"<h1>Ferry timetable changes</h1>{paras}</article>{foot}</body></html>"
    )


def test_the_site_owner_in_the_json_ld_graph_is_no_author_beside_the_writer() -> None:
    from parsers.html.credits import site_owners, without_owners

    graph = (
        '<script type="application/ld+json">{"@context":"https://schema.org",'
        '"@graph":[{"@type":"Article","author":{"name":"Jane Roe",'
        '"@id":"/#/p/1"}},{"@type":["Person","Organization"],"@id":"/#/p/0","name":"Theo Marsh",'
        '"image":{"@type":"ImageObject","caption":"Theo Marsh"}},{"@type":"Person","@id":"/#/p/1","name":"Jane Roe"}]}'
        "</script>"
    )
    assert site_owners(graph) == ["Theo Marsh"]
    assert without_owners("Jane Roe; Theo Marsh", ["Theo Marsh"]) == "Jane Roe"
    assert without_owners("Theo Marsh", ["Theo Marsh"]) == "Theo Marsh"  # the owner writing on their own site
    doc = parse_bytes(_ferry_page(graph).encode(), "ferry.html")[0]
    assert isinstance(doc, Document)
    assert doc.authors == ["Jane Roe"]


def test_the_site_name_given_as_author_gives_way_to_a_byline() -> None:
    from parsers.html.page import PageMeta
    from parsers.meta.markup import credited

    page = PageMeta(
        author="Harbour", credits=["Harbour"], byline="Jane Roe and Theo Marsh", sitename="Harbour Safety Blog"
    )
    assert credited(page) == ["Jane Roe and Theo Marsh"]
    assert credited(PageMeta(author="Harbour", sitename="Harbour Safety Blog")) == ["Harbour"]  # split off later


@pytest.mark.parametrize(
    ("html", "people"),
    [
        (
            '<p class="date">Erstellt von <a href="https://example.org/author/ines/">Ines</a> am 6. Mai 2014</p>',
            ["Ines"],
        ),
        ('<dl><dt>Auteur</dt>\n<dd><a href="/fr/staff/jane-roe/" class="red">Jane Roe</a></dd></dl>', ["Jane Roe"]),
        ('<td>Geschrieben von <a href="/userinfo.php?uid=6">Ines</a> am 25.08.2015</td>', ["Ines"]),
        ('<p>Theo Marsh: <a href="/author/jane-roe/">Jane Roe</a></p>', []),  # no byline label
        ('<p>Übersetzt von <a href="/author/jane-roe/">Jane Roe</a></p>', []),  # the translator
        ('<p>Foto von <a href="/author/jane-roe/">Jane Roe</a></p>', []),  # the photographer
        ('<p>by <a href="https://books.example.com/author/show/12.Jane_Roe">Jane Roe</a></p>', []),  # another site
        (
            '<ul><li><p>Ferry fares</p><span>by <a href="/author/jane-roe/">Jane Roe</a></span></li></ul>',
            [],
        ),  # a list of posts
        ('<p>by <a href="/about/">Jane Roe</a></p>', []),  # not an author's page
    ],
)
def test_labelled_author_link(html: str, people: list[str]) -> None:
    from parsers.html.credits import labelled_author_link

    assert labelled_author_link(html, "https://example.org/2021/ferry/") == people


def test_a_name_under_a_date_is_the_author_when_the_site_has_an_author_page_for_them() -> None:
    from parsers.html.credits import dated_author_line

    lines = ["Fog over the harbour", "Kommentar", "19. Oktober 2019", "Jane Q. Roe", "Der Nebel kam früh."]
    url = "https://example.org/2019/fog/"
    linked = '<ul><li><a href="/author/jane-q-roe/">Jane Q. Roe</a></li></ul>'
    assert dated_author_line(lines, linked, url) == "Jane Q. Roe"
    assert dated_author_line(lines, "<p>no link</p>", url) is None  # a category or a brand, for all we know
    elsewhere = '<a href="https://books.example.com/author/jane-q-roe/">Jane Q. Roe</a>'
    assert dated_author_line(lines, elsewhere, url) is None  # another site's author
    assert dated_author_line(["Kommentar", "Jane Q. Roe", "19. Oktober 2019"], linked, url) is None  # not under it
    far = ["Fog", "Kommentar", *(["Der Nebel kam früh."] * 8), "19. Oktober 2019", "Jane Q. Roe"]
    assert dated_author_line(far, linked, url) is None  # below the header


def test_a_labelled_link_to_the_author_page_beats_a_site_wide_author() -> None:
    from parsers.html.page import PageMeta
    from parsers.meta.markup import credited

    site_wide = PageMeta(author="Theo Marsh", linked_authors=["Ines"], sitename="Harbour Notes")
    assert credited(site_wide) == ["Ines"]
    # the credit names the same person: it is kept (fuller, or naming a second author too)
    assert credited(PageMeta(author="Ines Okafor", linked_authors=["Ines"])) == ["Ines Okafor"]
    assert credited(PageMeta(author="Jane Roe and Theo Marsh", linked_authors=["Jane Roe"])) == [
        "Jane Roe and Theo Marsh"
    ]
    # the site's own name linked is no person
    assert credited(PageMeta(author="Theo Marsh", linked_authors=["Harbour"], sitename="Harbour")) == ["Theo Marsh"]
    head = '<meta name="author" content="Theo Marsh">'
    byline = '<p>Erstellt von <a href="/author/ines/">Ines Okafor</a> am 6. Mai 2014</p>'
    doc = parse_bytes(_ferry_page(head).replace("</h1>", "</h1>" + byline).encode(), "ferry.html")[0]
    assert isinstance(doc, Document)
    assert doc.authors == ["Ines Okafor"]


def test_the_licence_holder_is_the_author_when_nothing_else_names_one() -> None:
    licence = (
        '<p><span>Ferry notes</span> von <a href="https://example.org/" rel="cc:attributionURL">Ines Okafor</a> '
        'steht unter einer <a rel="license" href="https://creativecommons.org/licenses/by/4.0/">Lizenz</a>.</p>'
    )
    doc = parse_bytes(_ferry_page("", licence).encode(), "ferry.html")[0]
    assert isinstance(doc, Document)
    assert doc.authors == ["Ines Okafor"]
    credited = '<meta name="author" content="Theo Marsh">'
    doc = parse_bytes(_ferry_page(credited, licence).encode(), "ferry.html")[0]
    assert isinstance(doc, Document)
    assert doc.authors == ["Theo Marsh"]  # a credit names the writer: the licence is not read


def test_json_ld_author_typed_as_an_organisation_is_no_person() -> None:
    from parsers.html.credits import author_credits

    both = (
        '<script type="application/ld+json">{"author":[{"@type":"Person","name":"Jane Roe"},'
        '{"@type":"NewsMediaOrganization","name":"Harbour Gazette","logo":{"@type":"ImageObject","url":"/l.png"}}]}'
        "</script>"
    )
    assert author_credits(both) == (["Jane Roe"], ["Harbour Gazette"])
    alone = '<script>{"author":{"@type":"Organization","name":"Lakeside Post"}}</script>'
    assert author_credits(alone) == ([], ["Lakeside Post"])
    # an organisation alone is no credit: the page's other author markup is still read
    assert author_credits(alone + '<a rel="author" href="/jr">Jane Roe</a>') == (["Jane Roe"], ["Lakeside Post"])
    page = (
        f"<html><head><title>Ferry timetable changes</title>{alone}</head><body><article>"
        "<h1>Ferry timetable changes</h1>"
        + "".join(f"<p>{p}</p>" for p in _FERRY_PARAS.split("\n\n"))
        + "</article></body></html>"
    )
    doc = parse_bytes(page.encode(), "ferry.html")[0]
    assert isinstance(doc, Document)
    assert (doc.authors, doc.organizations) == ([], ["Lakeside Post"])


def test_a_label_alone_is_no_credit() -> None:
    from parsers.html.credits import author_credits

    page = (
        '<span class="meta-prep meta-prep-author">By </span><span class="author vcard">'
        '<a class="url fn n" href="/author/lena">Lena</a></span>'
    )
    assert author_credits(page) == (["Lena"], [])


def test_a_comment_author_is_no_credit() -> None:
    from parsers.html.credits import author_credits

    comment = '<div class="comment-author vcard"><b class="fn">Theo Marsh</b> <span class="says">sagt:</span></div>'
    assert author_credits(comment) == ([], [])
    assert author_credits(comment + '<span class="byline">Jane Roe</span>') == (["Jane Roe"], [])


@pytest.mark.parametrize(
    ("credit", "publisher", "url", "people", "orgs"),
    [
        ("Kesselblick", "Kesselblick", "https://kesselblick.example/a", [], ["Kesselblick"]),  # the site itself
        ("Lena", "Lena Sommerfeld - Yoga und Reisen", "https://lena.example/a", ["Lena"], []),  # a person's site
        ("Acme", "Acme Online Security Blog", "https://blog.acme.example/a", [], ["Acme"]),  # no person's name
        ("quillfeather", "Quillfeather", "https://quill.wordpress.com/a", ["Quillfeather"], []),  # a blog
        ("quillfeather", "Quillfeather", "https://quill.example/a", [], ["Quillfeather"]),
    ],
)
def test_a_credit_naming_the_site(credit: str, publisher: str, url: str, people: list[str], orgs: list[str]) -> None:
    from parsers.inputs.records import Hints
    from parsers.meta.header import HeaderMeta, merge_hints

    meta = HeaderMeta()
    merge_hints(meta, Hints(authors=[credit], publisher=publisher), None, url)
    assert (meta.authors, meta.organizations) == (people, orgs)


def test_an_agency_beside_a_date_is_credited_as_an_organisation() -> None:
    doc = _page(f"# Fog over the harbour\n\nAssociated Press March 12, 2021, 9:02 AM\n\n{_FERRY_PARAS}\n", "fog.md")
    assert (doc.authors, doc.organizations, doc.published) == ([], ["Associated Press"], "2021-03-12T09:02:00")
    assert "Associated Press" not in doc.body


def test_a_date_line_dashed_to_its_author() -> None:
    doc = _page(f"# Fog over the harbour\n\n25.10.2022 - Ines Okafor\n\n{_FERRY_PARAS}\n", "fog.md")
    assert (doc.authors, doc.published) == (["Ines Okafor"], "2022-10-25")
    assert "Ines Okafor" not in doc.body


def test_a_date_line_above_the_headline_when_none_follows_it() -> None:
    assert _page(f"[Home](/)\n\n19.11.2021\n\n# Fog over the harbour\n\n{_FERRY_PARAS}\n", "fog.md").published == (
        "2021-11-19"
    )
    infobox = f"[Home](/)\n\nRelease: 11.02.2005 | Update: 29.11.2022\n\n# Fog over the harbour\n\n{_FERRY_PARAS}\n"
    assert _page(infobox, "fog.md").published is None  # two dates: which one is the article's cannot be told
    below = f"19.11.2021\n\n# Fog over the harbour\n\nPublished 3 March 2022\n\n{_FERRY_PARAS}\n"
    assert _page(below, "fog.md").published == "2022-03-03"  # the dateline under the headline comes first


def test_a_lone_date_farther_above_the_headline_over_its_share_bar() -> None:
    bar = "\n\n".join(f"* {label}" for label in ("Share", "Print", "Send", "Save", "Comments"))
    page = f"[Home](/)\n\n25. November 2021 16:11 Uhr\n\n{bar}\n\n# Nebel über dem Hafen\n\n{_FERRY_PARAS}\n"
    assert _page(page, "nebel.md").published == "2021-11-25T16:11:00"
    teasers = "\n\n".join(f"### Teaser {n}\n\n{n}.11.2021 in Politik" for n in (17, 18))
    page = f"[Home](/)\n\n{teasers}\n\n{bar}\n\n# Nebel über dem Hafen\n\n{_FERRY_PARAS}\n"
    assert _page(page, "nebel.md").published is None  # teasers' dates: none of them is the article's


def test_published_and_updated_dates_set_side_by_side_above_the_headline() -> None:
    page = f"[Home](/)\n\n3. April 20223. April 2022 by Ines Okafor\n\n# Nebel über dem Hafen\n\n{_FERRY_PARAS}\n"
    assert _page(page, "nebel.md").published == "2022-04-03"


def test_a_dateline_glued_to_the_name_before_it_below_the_headline() -> None:
    page = f"# Fog over the harbour\n\n{_FERRY_PARAS}\n\nPor Ines Okafor04 de mayo 2022 a las 09:01 hrs.\n\n{_FERRY}\n"
    assert _page(page, "fog.md").published == "2022-05-04T09:01:00"


def test_a_date_line_under_a_long_post_when_none_is_near_the_headline() -> None:
    post = "# Fog over the harbour\n\n" + "\n\n".join([_FERRY_PARAS] * 4)  # the date lies far under the headline
    assert _page(f"{post}\n\nveröffentlicht: 25.10.2021 15:19\n\n[Home](/)\n", "fog.md").published == (
        "2021-10-25T15:19:00"
    )
    updated = f"{post}\n\nLetzte Aktualisierung: 25.10.2021\n\n[Home](/)\n"
    assert _page(updated, "fog.md").published is None  # when it was changed, not when it was published
    comments = "\n\n".join(f"{day}.10.2021 um 12:47 Uhr\n\nThe ferry was late again." for day in (25, 26))
    assert _page(f"{post}\n\n{comments}\n", "fog.md").published is None  # the comments' dates: none is the post's


def test_a_byline_above_the_headline_when_none_follows_it() -> None:
    page = f"[Home](/)\n\nHome | By Ines Okafor | 3 March 2022\n\n# Fog over the harbour\n\n{_FERRY_PARAS}\n"
    doc = _page(page, "fog.md")
    assert (doc.authors, doc.published) == (["Ines Okafor"], "2022-03-03")
    assert "Ines Okafor" not in doc.body


def test_a_dated_name_shown_again_in_the_author_box_is_the_author() -> None:
    # the name on a line of its own after the article (its author box) is no site name
    page = f"# Fog over the harbour\n\n02.02.2022, 11:30 Uhr von Ines Okafor\n\n{_FERRY_PARAS}\n\nInes Okafor\n"
    assert _page(page, "fog.md").authors == ["Ines Okafor"]
    site = f"City Bulletin\n\n# Fog over the harbour\n\nCity Bulletin | 02.02.2022\n\n{_FERRY_PARAS}\n"
    assert _page(site, "fog.md").authors == []  # the site's name shown above the headline is no person


def test_an_updated_line_above_the_headline_keeps_the_date_above_it() -> None:
    page = f"19.11.2021\n\nAktualisiert: 22.11.2021\n\n# Nebel über dem Hafen\n\n{_FERRY_PARAS}\n"
    doc = _page(page, "nebel.md")
    assert (doc.published, doc.modified) == ("2021-11-19", "2021-11-22")
