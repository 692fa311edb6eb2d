"""parsers.html.catstags_search finds what trafilatura's own category and tag search finds, on every page."""

from __future__ import annotations

import pytest
from trafilatura.metadata import extract_catstags as trafilatura_catstags
from trafilatura.utils import load_html

from parsers.html.catstags_search import extract_catstags
from tests.conftest import html_trees

# (head, body, kind, what trafilatura's search finds)
PAGES = [
    # links under a post-meta container, only those whose path names a category
    (
        "",
        '<div class="post-meta"><a href="/category/rivers/">Rivers</a> <a href="/about/">About</a>'
        ' <a href="/categories/lakes">Lakes</a></div>',
        "category",
        ["Rivers", "Lakes"],
    ),
    # the first expression that finds a link wins, whatever the order in the page
    (
        "",
        '<header class="entry-header"><a href="/category/late/">Late</a></header>'
        '<footer class="entry-footer"><a href="/category/early/">Early</a></footer>',
        "category",
        ["Early"],
    ),
    # a container further up counts; the same name twice is given once
    (
        "",
        '<span class="cat-links x"><em><a href="/category/moss/">Moss</a></em>'
        '<a href="/category/moss/2">Moss</a></span>',
        "category",
        ["Moss"],
    ),
    # a qualifying link outside any container is not a category; the section <meta> stands in
    (
        '<meta property="article:section" content="Weather">',
        '<p><a href="/category/stray/">Stray</a></p>',
        "category",
        ["Weather"],
    ),
    # tags: a class that starts with "tag", and the href's plural form
    (
        "",
        '<div class="tagcloud"><a href="/tags/ferns/">Ferns</a><a href="/tag/bark/">Bark</a></div>',
        "tag",
        ["Ferns", "Bark"],
    ),
    # an element that is itself the container is not under it
    ("", '<a class="topics" href="/tag/self/">Self</a>', "tag", []),
    # no section meta for tags, and nothing found
    ('<meta name="subject" content="Ignored">', "<p>No links.</p>", "tag", []),
]


@pytest.mark.parametrize(("head", "body", "kind", "expected"), PAGES)
def test_catstags_search_equals_trafilatura(head: str, body: str, kind: str, expected: list[str]) -> None:
    tree = load_html(f"<html><head><title>t</title>{head}</head><body>{body}</body></html>")
    assert tree is not None
    assert trafilatura_catstags(kind, tree) == expected  # the written expectation holds for trafilatura
    assert extract_catstags(kind, tree) == expected


def test_catstags_search_equals_trafilatura_on_every_page() -> None:
    checked = 0
    for path, tree in html_trees():
        for kind in ("category", "tag"):
            assert extract_catstags(kind, tree) == trafilatura_catstags(kind, tree), (path, kind)
        checked += 1
    assert checked >= 1
