"""Names out of credits: bylines split into persons and organisations, spelled as names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.meta.names import _NOISE, _NOISE_HINT, distinct_persons, is_person_name, normalize_name, split_byline
from tests.pages import FERRY_PARAS, written

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
    assert written(f"# Fog over the harbour\n\nHarbour Festival\n\n{FERRY_PARAS}\n", "fog.md").authors == []
    beside_a_date = f"# Fog over the harbour\n\nTheo Marsh  \n12 March 2021\n\n{FERRY_PARAS}\n"  # one block
    assert written(beside_a_date, "fog.md").authors == ["Theo Marsh"]


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
    from parsers.meta.fields import Meta
    from parsers.meta.header import HeaderMeta, merge_hints

    meta = HeaderMeta()
    merge_hints(meta, Meta(authors=[credit], publisher=publisher), None, url)
    assert (meta.authors, meta.organizations) == (people, orgs)


def test_an_agency_beside_a_date_is_credited_as_an_organisation() -> None:
    doc = written(f"# Fog over the harbour\n\nAssociated Press March 12, 2021, 9:02 AM\n\n{FERRY_PARAS}\n", "fog.md")
    assert (doc.authors, doc.organizations, doc.published) == ([], ["Associated Press"], "2021-03-12T09:02:00")
    assert "Associated Press" not in doc.body


_CREDIT_PIECES = st.sampled_from(
    ["Jane", "Roe", "by", "Von", "am", "on", "3", "2021", "12:30", "May", "März", "mai", "de", "jane@example.org",
     "@jroe", "https://example.org/a", "Updated", "veröffentlicht", "Posted", "posted by", "ERSTELLT", "|", ",", "·"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_CREDIT_PIECES, max_size=8).map(" ".join))
def test_every_contact_or_date_the_credit_splitter_cuts_holds_its_hint(text: str) -> None:
    # split_byline skips the contact/date pattern on a text without the hint: it must hide no match.
    assert _NOISE_HINT.search(text) or not _NOISE.search(text)
    assert not _NOISE_HINT.search("Jane Roe, Staff Writer")  # most credits skip the pattern
