"""parsers.html.author_search finds what trafilatura's own author search finds, on every page."""

from __future__ import annotations

import pytest
from trafilatura.metadata import extract_author as trafilatura_author
from trafilatura.utils import load_html

from parsers.html.author_search import extract_author
from parsers.meta.names import cut_date
from tests.conftest import html_trees

# (page body, the author trafilatura's search finds in it)
PAGES = [
    # a byline element by class
    ('<p class="author">Mira Lindqvist</p><p>Some text.</p>', "Mira Lindqvist"),
    # a date inside the byline is pruned; its tail joins the text before it
    ('<span class="byline">By Tomas Ek<time>3 May 2021</time> and Ida Berg</span>', "Tomas Ek; Ida Berg"),
    ('<span class="byline">Noor Haddad<time>3 May</time>Field notes</span>', "Noor HaddadField notes"),
    # a name in the comments is no author: the comment block is pruned with all it holds
    (
        '<div id="comments"><span class="author">Commenter Name</span></div><div class="writer">Lena Vogt</div>',
        "Lena Vogt",
    ),
    # an earlier expression wins over a later one, whatever the order in the page
    ('<div class="post-writer">Second Choice</div><a rel="author">Kai Moreau</a>', "Kai Moreau"),
    # too short or too long a text is passed over for the next candidate
    ('<span class="author">AB</span><span class="author">Rosa Delgado</span>', "Rosa Delgado"),
    # a sidebar is pruned; a figure inside the byline too
    (
        '<aside><div class="sidebar"><p class="author">Sidebar Name</p></div></aside>'
        '<p itemprop="author">Jon Park<figure>Photo: Someone Else</figure></p>',
        "Jon Park",
    ),
    # an <author> element; comments inside the byline give their tail only
    ("<author>Eva <!-- note -->Sandberg</author>", "Eva Sandberg"),
    # no candidate at all
    ("<p>Nothing here names anybody.</p>", None),
    # the one clause not transcribed (a <rel> child) goes to trafilatura itself
    ("<span><rel>me</rel>Owen Price</span>", "Me Owen Price"),
]


@pytest.mark.parametrize(("body", "expected"), PAGES)
def test_author_search_equals_trafilatura(body: str, expected: str | None) -> None:
    tree = load_html(f"<html><head><title>t</title></head><body>{body}</body></html>")
    assert tree is not None
    assert trafilatura_author(tree) == expected  # the written expectation holds for trafilatura
    assert extract_author(tree) == expected


def test_a_date_glued_to_the_author_is_cut_before_normalisation() -> None:
    tree = load_html('<html><body><p class="byline">By Jane Roe November 15, 2019</p></body></html>')
    assert tree is not None
    assert trafilatura_author(tree) == "Jane Roe November"  # its normalisation drops the digits only
    assert extract_author(tree, cut_date) == "Jane Roe"


def test_author_search_equals_trafilatura_on_every_page() -> None:
    checked = 0
    for path, tree in html_trees():
        assert extract_author(tree) == trafilatura_author(tree), path
        checked += 1
    assert checked >= 1
