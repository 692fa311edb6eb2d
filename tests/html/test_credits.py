"""An HTML page's author credits: JSON-LD, labelled links, licence holders, site owners, spellings."""

from __future__ import annotations

import pytest

from parsers import parse_bytes
from schemas.document import Document
from tests.pages import FERRY_PARAS, ferry_html


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


def test_json_ld_author_given_as_a_reference_is_no_name() -> None:
    from parsers.html.credits import author_credits

    ref = '<script type="application/ld+json">{"author":"https:\\/\\/example.org\\/author\\/jr\\/#author"}</script>'
    assert author_credits(ref + '<a rel="author" href="/jr">Jane Roe</a>') == (["Jane Roe"], [])
    assert author_credits('<script>{"author":{"@type":"Person","name":"Jane Roe"}}</script>') == (["Jane Roe"], [])


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
    doc = parse_bytes(ferry_html(graph).encode(), "ferry.html")[0]
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
    doc = parse_bytes(ferry_html(head).replace("</h1>", "</h1>" + byline).encode(), "ferry.html")[0]
    assert isinstance(doc, Document)
    assert doc.authors == ["Ines Okafor"]


def test_the_licence_holder_is_the_author_when_nothing_else_names_one() -> None:
    licence = (
        '<p><span>Ferry notes</span> von <a href="https://example.org/" rel="cc:attributionURL">Ines Okafor</a> '
        'steht unter einer <a rel="license" href="https://creativecommons.org/licenses/by/4.0/">Lizenz</a>.</p>'
    )
    doc = parse_bytes(ferry_html("", licence).encode(), "ferry.html")[0]
    assert isinstance(doc, Document)
    assert doc.authors == ["Ines Okafor"]
    credited = '<meta name="author" content="Theo Marsh">'
    doc = parse_bytes(ferry_html(credited, licence).encode(), "ferry.html")[0]
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
        + "".join(f"<p>{p}</p>" for p in FERRY_PARAS.split("\n\n"))
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
    ("head", "author"),
    [
        ('<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Ines Okafor">',
         ["Ines Okafor"]),
        # the label in the site's language, the data before it, the attributes in either order
        ('<meta content="Tom  Reyes" name="twitter:data2"><meta name="twitter:label2" content="Verfasst von">',
         ["Tom Reyes"]),
        ('<meta name="twitter:label1" content="Est. reading time"><meta name="twitter:data1" content="4 minutes">', []),
        ('<meta name="twitter:label1" content="Written by">', []),  # a label with no data
    ],
)  # fmt: skip
def test_the_author_a_summary_card_labels(head: str, author: list[str]) -> None:
    from lxml import html as lxml_html

    from parsers.html.credits import card_author

    tree = lxml_html.document_fromstring(f"<html><head>{head}</head><body><p>Text.</p></body></html>")
    assert card_author(tree) == author


def test_a_json_ld_author_holding_objects_of_its_own_is_read_by_its_own_name_and_type() -> None:
    from parsers.html.credits import author_credits

    person = (
        '{"@type": "Person", "name": "Ines Okafor", "image": {"@type": "ImageObject", "url": "/i.png"},'
        ' "worksFor": {"@type": "Organization", "name": "Harbour Notes"}}'
    )
    assert author_credits(f'<script type="application/ld+json">{{"author": {person}}}</script>') == (
        ["Ines Okafor"],
        [],
    )
    desk = '{"@type": "NewsMediaOrganization", "name": "Harbour Desk", "logo": {"@type": "ImageObject"}}'
    assert author_credits(f'<script type="application/ld+json">{{"author": [{desk}]}}</script>') == (
        [],
        ["Harbour Desk"],
    )
