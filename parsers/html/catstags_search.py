"""trafilatura's category and tag search, with one look at the page's links.

``trafilatura.metadata.extract_catstags`` runs up to six XPath expressions over the whole tree
(``CATEGORIES_XPATHS`` / ``TAGS_XPATHS``), each selecting the links under some kind of container,
and keeps those whose ``href`` holds ``/category/`` (or ``/tag/``…); the first expression that
keeps any wins. libxml2 spends ~0.2 ms on each. :func:`extract_catstags` picks the few links whose
``href`` qualifies first, then asks of each link's ancestors the containers' conditions, in the
expressions' order: the same answer, in the same order. ``tests/test_catstags_search.py`` checks it
against trafilatura's own function on written pages and, when ../shared is there, on every bench
page.

The conditions below transcribe trafilatura 2.3's expressions (``trafilatura/xpaths.py``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml.etree import XPath

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from parsers.html.author_search import Get  # an element's attribute getter

_META_CLASS = re.compile(r"^(?:post-?info|post-?meta|meta|entry-meta|entry-info|entry-utility)")
_TAG_CLASS = re.compile(r"^(?:tag|postmeta|meta)")


# An absent attribute compares like an empty string in every condition below.
def _c0(tag: str, get: Get) -> bool:
    # //div[re:test(@class, '^(?:post-?info|…)') or starts-with(@id, 'postpath')]//a[@href]
    return tag == "div" and (
        _META_CLASS.search(get("class") or "") is not None or (get("id") or "").startswith("postpath")
    )


def _c1(tag: str, get: Get) -> bool:
    # //p[starts-with(@class, 'postmeta') or starts-with(@class, 'entry-categories') or
    #     @class='postinfo' or @id='filedunder']//a[@href]
    if tag != "p":
        return False
    cls = get("class") or ""
    return cls.startswith(("postmeta", "entry-categories")) or cls == "postinfo" or get("id") == "filedunder"


def _c2(tag: str, get: Get) -> bool:
    # //footer[starts-with(@class, 'entry-meta') or starts-with(@class, 'entry-footer')]//a[@href]
    return tag == "footer" and (get("class") or "").startswith(("entry-meta", "entry-footer"))


def _c3(tag: str, get: Get) -> bool:
    # //*[self::li or self::span][@class='post-category' or @class='postcategory' or
    #     @class='entry-category' or contains(@class, 'cat-links')]//a[@href]
    if tag not in ("li", "span"):
        return False
    cls = get("class") or ""
    return cls in ("post-category", "postcategory", "entry-category") or "cat-links" in cls


def _c4(tag: str, get: Get) -> bool:
    # //header[@class='entry-header']//a[@href]
    return tag == "header" and get("class") == "entry-header"


def _c5(tag: str, get: Get) -> bool:
    # //div[@class='row' or @class='tags']//a[@href]
    return tag == "div" and get("class") in ("row", "tags")


def _t0(tag: str, get: Get) -> bool:
    # //div[@class='tags']//a[@href]
    return tag == "div" and get("class") == "tags"


def _t1(tag: str, get: Get) -> bool:
    # //p[starts-with(@class, 'entry-tags')]//a[@href]
    return tag == "p" and (get("class") or "").startswith("entry-tags")


def _t2(tag: str, get: Get) -> bool:
    # //div[@class='row' or @class='jp-relatedposts' or @class='entry-utility' or
    #     re:test(@class, '^(?:tag|postmeta|meta)')]//a[@href]
    if tag != "div":
        return False
    cls = get("class") or ""
    return cls in ("row", "jp-relatedposts", "entry-utility") or _TAG_CLASS.search(cls) is not None


def _t3(tag: str, get: Get) -> bool:
    # //*[@class='entry-meta' or contains(@class, 'topics') or contains(@class, 'tags-links')]//a[@href]
    cls = get("class") or ""
    return cls == "entry-meta" or "topics" in cls or "tags-links" in cls


_CONDITIONS = {"category": (_c0, _c1, _c2, _c3, _c4, _c5), "tag": (_t0, _t1, _t2, _t3)}
_HREFS = {kind: re.compile("/" + kind.rstrip("y") + "(?:y|ies|s)?/") for kind in _CONDITIONS}
_LINKS = XPath("//a[@href]")
_SECTION_META = XPath('.//head//meta[@property="article:section" or contains(@name, "subject")][@content]')


def extract_catstags(metatype: str, tree: HtmlElement) -> list[str]:
    """What ``trafilatura.metadata.extract_catstags(metatype, tree)`` returns ("category" or "tag")."""
    from trafilatura.baseline import block_text
    from trafilatura.utils import line_processing

    href = _HREFS[metatype]
    links = [a for a in _LINKS(tree) if href.search(a.attrib["href"])]
    results: list[str] = []
    if links:
        chains = [[(up.tag, up.get) for up in a.iterancestors()] for a in links]
        for condition in _CONDITIONS[metatype]:
            results = [
                block_text(a)
                for a, chain in zip(links, chains, strict=True)
                if any(condition(tag, get) for tag, get in chain)
            ]
            if results:
                break
    if metatype == "category" and not results:
        results = [meta.attrib["content"] for meta in _SECTION_META(tree)]
    return [r for r in dict.fromkeys(line_processing(x) for x in results if x) if r]
