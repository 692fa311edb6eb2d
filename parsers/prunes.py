"""trafilatura's three XPath prunes that call back into Python, in one Python pass each.

Before extracting, ``trafilatura.core.trafilatura_sequence`` deletes from the page's tree the
containers of follow-up articles and share buttons (``RAW_TREE_PRUNE_XPATH``, two expressions) and,
with comments off, the comment sections (``REMOVE_COMMENTS_AND_LISTS_XPATH``); each extraction
attempt then deletes navigation, share, ad, footer and hidden elements from its cleaned tree
(``OVERALL_DISCARD_XPATH``, two expressions, in ``trafilatura.main_extractor``). libxml2 walks the
whole tree for each expression and calls back into Python for every ``re:test`` of every element:
~1.6 ms for each of the two raw-tree lists on a bench page and ~1.9 ms for the discard list, ~20 %
of what an HTML page costs us. The callables below find the same elements, in the same order, by
reading each candidate element's attributes once: ~0.3, 0.3 and 0.6 ms.

:func:`swapped` hands them to trafilatura for the duration of one call, and only when trafilatura
holds the very expressions transcribed here (:data:`TRANSCRIBED`, a digest of their text): any
other version keeps its own. ``tests/test_prunes.py`` checks them against trafilatura's
expressions on written pages and, when ../shared is there, on every bench page.

The conditions below transcribe trafilatura 2.3's expressions (``trafilatura/xpaths.py``). An
absent attribute reads as an empty string, as in ``re:test``; ``re:test`` searches with Python's
``re``, as these do. Where an expression tests ``@id|@class`` (a node-set), XPath reads the first
of the two attributes in the element's source order: :func:`_first_of`.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# RAW_TREE_PRUNE_XPATH[0]: .//*[self::div or self::section or self::aside][
#   re:test(@id, FOLLOW_UP) or re:test(@class, FOLLOW_UP)][
#   not(.//h1) or re:test(@id, APPENDED) or re:test(@class, APPENDED)]
_APPENDED = re.compile(r"mvp-post-add-(?:box|wrap)")
_FOLLOW_UP = re.compile(r"mvp-post-add-(?:box|wrap)|infinite-?scroll")
# RAW_TREE_PRUNE_XPATH[1]: .//*[self::div or self::section or self::aside][contains(@class, SHARE)]
_SHARE = "elementor-share-buttons"
_RAW_TAGS = ("div", "section", "aside")

# REMOVE_COMMENTS_AND_LISTS_XPATH[0]: .//*[self::div or self::list or self::section or
#   self::details or self::ol or self::ul][re:test(@id, COMMENTS_ID_OR_THREAD) or
#   re:test(@class, COMMENTS_CLASS)][not(self::ol or self::ul) or re:test(@id, COMMENTS_ID) or
#   re:test(@class, COMMENTS_CLASS)]
_COMMENTS_ID = re.compile(r"^(?:[Cc]omment(?!ary)|comol)")
_COMMENTS_ID_OR_THREAD = re.compile(r"^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)")
_COMMENTS_CLASS = re.compile(r"^[Cc]omment(?!ary)|(?:article|post)-comments")
_COMMENT_TAGS = ("div", "list", "section", "details", "ol", "ul")


def raw_tree_prune(tree: HtmlElement) -> list[HtmlElement]:
    """What ``RAW_TREE_PRUNE_XPATH``'s two expressions delete, in the order they delete it: the
    first's matches, then the second's outside them (the second runs on the tree the first pruned)."""
    first: list[HtmlElement] = []
    second: list[HtmlElement] = []
    for elem in tree.iterdescendants(*_RAW_TAGS):
        ident, cls = elem.get("id") or "", elem.get("class") or ""
        if (_FOLLOW_UP.search(ident) or _FOLLOW_UP.search(cls)) and (
            next(elem.iterdescendants("h1"), None) is None or _APPENDED.search(ident) or _APPENDED.search(cls)
        ):
            first.append(elem)
        elif _SHARE in cls:
            second.append(elem)
    if first:
        gone = set(first)
        second = [elem for elem in second if not any(a in gone for a in elem.iterancestors())]
    return first + second


def comments_prune(tree: HtmlElement) -> list[HtmlElement]:
    """What ``REMOVE_COMMENTS_AND_LISTS_XPATH`` deletes: comment sections, and lists whose own id
    or class names comments (not a Disqus thread's)."""
    found: list[HtmlElement] = []
    for elem in tree.iterdescendants(*_COMMENT_TAGS):
        ident, cls = elem.get("id") or "", elem.get("class") or ""
        if not (_COMMENTS_ID_OR_THREAD.search(ident) or _COMMENTS_CLASS.search(cls)):
            continue
        if elem.tag not in ("ol", "ul") or _COMMENTS_ID.search(ident) or _COMMENTS_CLASS.search(cls):
            found.append(elem)
    return found


# OVERALL_DISCARD_XPATH[0]: .//*[self::div or self::item or self::list or self::p or self::section
#   or self::span][@data-lp-replacement-content or contains(translate(@role, 'N', 'n'), 'nav') or
#   contains(@data-component, 'MostPopularStories') or re:test(@id|@class, 'cookie') or
#   re:test(@id, DISCARD_ID) or re:test(@class, DISCARD_CLASS)]
_DISCARD_TAGS = frozenset({"div", "item", "list", "p", "section", "span"})
_DISCARD_ID = re.compile(
    r"^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|author|"
    r"^(?:jp-|dpsp-content)|bmdh|footer|Footer|share|Share|nav|Nav|menu|related|message-container|premium|^ad-"
)
_DISCARD_CLASS = re.compile(
    r"^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|author|"
    r"^(?:nav|post-nav|ZendeskForm)|subnav|avigation|navbar|navbox|menu|bar| ad |-ad-|(?:^| )ad-|dfp[Aa]d|"
    r"outbrain|taboola|criteo|paid-?content|widget|footer|Footer|byline|Byline|share-|sociable|embedded|embed|"
    r"tag-list|consent|modal-content|permission|elated|next-|-stories|most-popular|more-on|meta|rating|"
    r"attachment|timestamp|user-info|user-profile|-icon|article-infos|message-container|slide|viewport|overlay|"
    r"options|expand|obfuscated|blurred|mol-factbox|yin|zlylin|nfoline"
)
# OVERALL_DISCARD_XPATH[1]: .//*[@class='comments-title' or starts-with(@id|@class, 'reply-') or
#   re:test(@id|@style, 'hidden') or contains(@style, 'display:none') or
#   contains(@style, 'display: none') or re:test(@id, 'reader-comments|akismet') or
#   re:test(@class, HIDDEN_CLASS) or @aria-hidden='true']
_HIDDEN_ID = re.compile(r"reader-comments|akismet")
_HIDDEN_CLASS = re.compile(
    r"^hide-|comments-title|nocomments|-reply-|message|akismet|suggest-links|-hide-|hide-print| hidden| hide|"
    r"noprint|notloaded"
)


def _first_of(attrib: Mapping[str, str], one: str, other: str) -> str:
    """The value of whichever of two attributes comes first in the element (XPath's string of
    ``@one|@other``), or an empty string."""
    for name, value in attrib.items():
        if name in (one, other):
            return value
    return ""


def discard_prune(tree: HtmlElement) -> list[HtmlElement]:
    """What ``OVERALL_DISCARD_XPATH``'s two expressions find, in the order they find it (the first's
    matches, then the second's; an element both find is listed twice, as they list it)."""
    first: list[HtmlElement] = []
    second: list[HtmlElement] = []
    for elem in tree.iterdescendants():
        if not isinstance(elem.tag, str):  # a comment or processing instruction
            continue
        attrib = elem.attrib
        if not attrib:  # every condition asks for an attribute
            continue
        ident, cls = attrib.get("id", ""), attrib.get("class", "")
        if elem.tag in _DISCARD_TAGS and (
            "data-lp-replacement-content" in attrib
            or "nav" in attrib.get("role", "").replace("N", "n")
            or "MostPopularStories" in attrib.get("data-component", "")
            or "cookie" in _first_of(attrib, "id", "class")
            or _DISCARD_ID.search(ident)
            or _DISCARD_CLASS.search(cls)
        ):
            first.append(elem)
        style = attrib.get("style", "")
        if (
            cls == "comments-title"
            or _first_of(attrib, "id", "class").startswith("reply-")
            or "hidden" in _first_of(attrib, "id", "style")
            or "display:none" in style
            or "display: none" in style
            or _HIDDEN_ID.search(ident)
            or _HIDDEN_CLASS.search(cls)
            or attrib.get("aria-hidden") == "true"
        ):
            second.append(elem)
    return first + second


def digest(expressions: list[object]) -> str:
    """A short digest of XPath expressions' text, spaces squashed."""
    text = "\n".join(" ".join(str(getattr(x, "path", x)).split()) for x in expressions)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# Where trafilatura keeps each list of expressions, and what stands in for it.
SWAPS: dict[tuple[str, str], list[object]] = {
    ("trafilatura.core", "RAW_TREE_PRUNE_XPATH"): [raw_tree_prune],
    ("trafilatura.core", "REMOVE_COMMENTS_AND_LISTS_XPATH"): [comments_prune],
    ("trafilatura.main_extractor", "OVERALL_DISCARD_XPATH"): [discard_prune],
}
# The digest of trafilatura 2.3's lists, in SWAPS's order.
TRANSCRIBED = "8311296b7c377056"


def originals() -> list[object] | None:
    """trafilatura's lists of expressions, in SWAPS's order, joined; None when one is missing."""
    found: list[object] = []
    for (module, name), fast in SWAPS.items():
        value = getattr(importlib.import_module(module), name, None)
        if not isinstance(value, list) or value is fast:
            return None
        found += value
    return found


@cache
def _transcribed() -> bool:
    """Whether trafilatura holds the expressions transcribed here (read once, before any swap)."""
    found = originals()
    return found is not None and digest(found) == TRANSCRIBED


@contextmanager
def swapped() -> Iterator[bool]:
    """trafilatura's prunes replaced by the ones above for the block's duration, when its
    expressions are those transcribed here; yields whether they are. Either set finds the same
    elements, so a call running meanwhile in another thread gets the same result whichever it meets."""
    if not _transcribed():
        yield False
        return
    modules = {key: importlib.import_module(key[0]) for key in SWAPS}
    if any(getattr(modules[key], key[1]) is fast for key, fast in SWAPS.items()):  # swapped already
        yield True
        return
    saved = {key: getattr(modules[key], key[1]) for key in SWAPS}
    for key, fast in SWAPS.items():
        setattr(modules[key], key[1], fast)
    try:
        yield True
    finally:
        for key, original in saved.items():
            setattr(modules[key], key[1], original)
