"""parsers.prunes deletes what trafilatura's own XPath prunes delete, on every page."""

from __future__ import annotations

import importlib
from copy import deepcopy
from typing import Any

import pytest
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.utils import load_html
from trafilatura.xpaths import BODY_XPATH, OVERALL_DISCARD_XPATH, RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

from parsers.prunes import (
    SWAPS,
    TRANSCRIBED,
    body_expressions,
    comments_prune,
    digest,
    discard_prune,
    originals,
    raw_tree_prune,
    swapped,
)
from tests.conftest import html_trees

FILLER = "<p>Plenty of words stand in this paragraph so that the page reads as a page.</p>"

# (body, ids of the elements trafilatura's raw-tree prune deletes, in the order it deletes them)
RAW_PAGES = [
    # a follow-up container without a headline goes; one holding the page's <h1> stays
    (
        '<div id="a" class="infinite-scroll"><p>next</p></div>'
        '<section id="b" class="infinitescroll"><h1>Main</h1></section>',
        ["a"],
    ),
    # the theme's appended-article boxes go even when they hold a headline; other tags never
    ('<aside id="c" class="mvp-post-add-box"><h1>Other</h1></aside><p id="d" class="infinite-scroll">p</p>', ["c"]),
    # matched on the id as on the class; the test is case-sensitive
    (
        '<div id="infinite-scroll-wrap"><p>x</p></div><div id="e" class="Infinite-Scroll"><p>x</p></div>',
        ["infinite-scroll-wrap"],
    ),
    # share buttons are looked for once the first pass has pruned: none inside a pruned container
    (
        '<div id="f" class="elementor-share-buttons"><span>s</span></div>'
        '<div id="g" class="mvp-post-add-wrap"><div id="h" class="elementor-share-buttons"></div></div>',
        ["g", "f"],
    ),
    # both: the first expression takes it; nested matches are both listed
    (
        '<div id="i" class="infinite-scroll elementor-share-buttons"><div id="j" class="infinite-scroll"></div></div>',
        ["i", "j"],
    ),
]

COMMENT_PAGES = [
    # comment sections by id and by class, "commentary" is no comment
    (
        '<div id="comments"><p>c</p></div><section id="k" class="Comment-area"></section>'
        '<div id="l" class="commentary"></div><div id="commentary-box"></div>',
        ["comments", "k"],
    ),
    # anchored: a class naming comments further on counts only as article-/post-comments
    (
        '<div id="m" class="post-comments"></div><div id="n" class="has-comments"></div>'
        '<details id="comol1"></details>',
        ["m", "comol1"],
    ),
    # Disqus threads as containers, not as lists
    (
        '<div id="disqus_thread"></div><ul id="dsq-comments"><li>c</li></ul><ol id="comment-list"><li>c</li></ol>',
        ["disqus_thread", "comment-list"],
    ),
    # lists by class; other tags are left to trafilatura's later passes
    (
        '<ul id="o" class="commentlist"><li>c</li></ul><span id="p" class="comment"></span>'
        '<p id="q" class="comment">c</p>',
        ["o"],
    ),
]


DISCARD_PAGES = [
    # navigation by role, id or class; only on the container tags trafilatura lists
    (
        '<div id="a" role="Navigation"></div><section id="site-menu"></section><p id="b" class="post-byline">x</p>'
        '<span id="c" class="bar"></span><h2 id="d" class="menu">h</h2><div id="e" class="content"></div>',
        ["a", "site-menu", "b", "c"],
    ),
    # "cookie" is read from the first of id and class in the element's source order
    (
        '<div class="cookie-note" id="f"></div><div id="g" class="cookie-note"></div>'
        '<div id="cookie-bar" class="x"></div><div data-lp-replacement-content="" id="h"></div>',
        ["f", "cookie-bar", "h"],
    ),
    # hidden elements of any tag, by style, aria, class, or the first of id and style
    (
        '<em id="i" style="display:none">x</em><a id="j" aria-hidden="true" href="/">x</a>'
        '<b style="color: red" id="hidden-k">x</b><b id="hidden-l" style="color: red">x</b>'
        '<i id="m" class="noprint">x</i><strong id="n" class="reply-button">x</strong>',
        ["i", "j", "hidden-l", "m"],
    ),
    # "reply-" starts the first of id and class; both expressions find a hidden share bar
    (
        '<span class="reply-link" id="o">x</span><span id="p" class="reply-link">x</span>'
        '<div id="q" class="share-bar" style="display: none"></div>',
        ["q", "o", "q"],
    ),
]


# (body, the id of the first element each of BODY_XPATH's five expressions finds, or None)
BODY_PAGES = [
    # an article body by class, the first of several; an <article> (no story without role="article")
    (
        '<div id="a"><div id="b" class="entry-content"><div id="c" class="post-content"></div></div></div>'
        '<article id="d"></article>',
        ["b", "d", None, None, None],
    ),
    # exact values only where the expression compares: class "posts" is no "post"
    (
        '<section id="e" class="posts"></section><main id="f" itemprop="articleBody"></main>'
        '<div id="g" class="FullText"></div><span id="h" class="content"></span>',
        ["f", None, "g", None, "f"],
    ),
    # translate(): "Main-Content" counts for main-content, "page-Content" not for page-content (but
    # "page-content" is a body class); starts-with() is case-sensitive
    (
        '<div id="Main-Content" class="x"></div><div id="i" class="page-Content"></div>'
        '<div id="j" class="wrap page-content"></div><div id="mainbar"></div>',
        ["j", None, None, "Main-Content", "mainbar"],
    ),
    # the last expression takes the earlier of a <main> and a container whose class starts "main"
    (
        '<div id="k" class="main-wrap"><main id="l"></main></div><div id="m" role="story"></div>',
        [None, None, None, None, "k"],
    ),
]


def _page(body: str) -> HtmlElement:
    tree = load_html(f"<html><head><title>t</title></head><body>{FILLER}{body}{FILLER}</body></html>")
    assert tree is not None
    return tree


def _ids(elements: list[HtmlElement]) -> list[str | None]:
    return [e.get("id") for e in elements]


def _trafilatura_deletes(tree: HtmlElement, expressions: list[Any]) -> list[HtmlElement]:
    """What prune_unwanted_nodes deletes with ``expressions``: each one's matches on the tree the
    ones before it pruned (read on a copy, deletions marked on the tree)."""
    for n, elem in enumerate(tree.iter()):
        if isinstance(elem.tag, str):
            elem.set("data-n", str(n))
    pruned = deepcopy(tree)
    gone: list[str] = []
    for expression in expressions:
        found = expression(pruned)
        gone += [e.get("data-n") for e in found]
        prune_unwanted_nodes(pruned, [lambda _t, found=found: found])
    by_n = {e.get("data-n"): e for e in tree.iter() if isinstance(e.tag, str)}
    return [by_n[n] for n in gone]


@pytest.mark.parametrize(("body", "expected"), RAW_PAGES)
def test_raw_tree_prune_equals_trafilatura(body: str, expected: list[str]) -> None:
    tree = _page(body)
    assert _ids(_trafilatura_deletes(tree, RAW_TREE_PRUNE_XPATH)) == expected  # the written expectation holds
    assert _ids(raw_tree_prune(tree)) == expected


@pytest.mark.parametrize(("body", "expected"), COMMENT_PAGES)
def test_comments_prune_equals_trafilatura(body: str, expected: list[str]) -> None:
    tree = _page(body)
    assert _ids(_trafilatura_deletes(tree, REMOVE_COMMENTS_AND_LISTS_XPATH)) == expected
    assert _ids(comments_prune(tree)) == expected


@pytest.mark.parametrize(("body", "expected"), DISCARD_PAGES)
def test_discard_prune_equals_trafilatura(body: str, expected: list[str]) -> None:
    # found by both expressions on the tree as it is (the prune deletes once both have looked)
    tree = _page(body)
    assert _ids([e for expression in OVERALL_DISCARD_XPATH for e in expression(tree)]) == expected
    assert _ids(discard_prune(tree)) == expected


def _first_found(expression: Any, tree: HtmlElement) -> HtmlElement | None:
    """What trafilatura's main extractor takes of an expression's result: the first element."""
    return next((e for e in expression(tree) if e is not None), None)


@pytest.mark.parametrize(("body", "expected"), BODY_PAGES)
def test_body_expressions_equal_trafilatura(body: str, expected: list[str | None]) -> None:
    tree = _page(body)
    for ours, theirs, wanted in zip(body_expressions, BODY_XPATH, expected, strict=True):
        found = _first_found(theirs, tree)
        assert (found.get("id") if found is not None else None) == wanted
        assert _first_found(ours, tree) is found


def test_prunes_equal_trafilatura_on_every_page() -> None:
    checked = 0
    for path, tree in html_trees():
        assert discard_prune(tree) == [e for expression in OVERALL_DISCARD_XPATH for e in expression(tree)], path
        for ours, theirs in zip(body_expressions, BODY_XPATH, strict=True):
            assert _first_found(ours, tree) is _first_found(theirs, tree), path
        assert raw_tree_prune(tree) == _trafilatura_deletes(tree, RAW_TREE_PRUNE_XPATH), path
        assert comments_prune(tree) == _trafilatura_deletes(tree, REMOVE_COMMENTS_AND_LISTS_XPATH), path
        checked += 1
    assert checked >= 1


def test_the_installed_trafilatura_holds_the_transcribed_expressions() -> None:
    # fails after a trafilatura upgrade that changed them: transcribe the new ones, then the digest
    expressions = RAW_TREE_PRUNE_XPATH + REMOVE_COMMENTS_AND_LISTS_XPATH + OVERALL_DISCARD_XPATH + BODY_XPATH
    assert digest(expressions) == TRANSCRIBED
    assert originals() == expressions


def _current() -> list[object]:
    return [getattr(importlib.import_module(module), name) for module, name in SWAPS]


def test_swapped_for_one_call_then_restored() -> None:
    before = _current()
    with swapped() as fast:
        assert fast
        assert _current() == list(SWAPS.values())
        with swapped() as again:  # nested: left as it is, restored once by the outer block
            assert again
        assert _current() == list(SWAPS.values())
    assert _current() == before
