"""trafilatura's two prunes of the raw tree, in one Python pass each.

Before extracting, ``trafilatura.core.trafilatura_sequence`` deletes from the page's tree the
containers of follow-up articles and share buttons (``RAW_TREE_PRUNE_XPATH``, two expressions) and,
with comments off, the comment sections (``REMOVE_COMMENTS_AND_LISTS_XPATH``). libxml2 walks the
whole tree for each of the three expressions and calls back into Python for every ``re:test``:
~1.6 ms for each of the two lists on a bench page, ~12 % of what an HTML page costs us. The
callables below find the same elements, in the same (document) order, by reading the ``id`` and
``class`` of each candidate element once: ~0.3 ms each.

:func:`swapped` hands them to trafilatura for the duration of one call, and only when trafilatura
holds the very expressions transcribed here (:data:`TRANSCRIBED`, a digest of their text): any
other version keeps its own. ``tests/test_raw_prunes.py`` checks the two against trafilatura's
expressions on written pages and, when ../shared is there, on every bench page.

The conditions below transcribe trafilatura 2.3's expressions (``trafilatura/xpaths.py``). An
absent attribute reads as an empty string, as in ``re:test``; ``re:test`` searches with Python's
``re``, as these do.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
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


def digest(expressions: list[object]) -> str:
    """A short digest of XPath expressions' text, spaces squashed."""
    text = "\n".join(" ".join(str(getattr(x, "path", x)).split()) for x in expressions)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# The digest of trafilatura 2.3's RAW_TREE_PRUNE_XPATH + REMOVE_COMMENTS_AND_LISTS_XPATH.
TRANSCRIBED = "d48b49462993f40f"
# The names trafilatura.core calls them by, and what stands in for each.
RAW, COMMENTS = "RAW_TREE_PRUNE_XPATH", "REMOVE_COMMENTS_AND_LISTS_XPATH"
_FAST: dict[str, list[object]] = {RAW: [raw_tree_prune], COMMENTS: [comments_prune]}


@cache
def _transcribed() -> bool:
    """Whether trafilatura holds the expressions transcribed here (read once, before any swap)."""
    from trafilatura import core

    raw, comments = getattr(core, RAW, None), getattr(core, COMMENTS, None)
    return isinstance(raw, list) and isinstance(comments, list) and digest(raw + comments) == TRANSCRIBED


@contextmanager
def swapped() -> Iterator[bool]:
    """trafilatura's raw-tree prunes replaced by the ones above for the block's duration, when its
    expressions are those transcribed here; yields whether they are. Either set finds the same
    elements, so a call running meanwhile in another thread gets the same result whichever it meets."""
    from trafilatura import core

    if not _transcribed() or getattr(core, RAW) is _FAST[RAW]:  # another trafilatura, or swapped already
        yield getattr(core, RAW, None) is _FAST[RAW]
        return
    saved = {name: getattr(core, name) for name in _FAST}
    for name, fast in _FAST.items():
        setattr(core, name, fast)
    try:
        yield True
    finally:
        for name, original in saved.items():
            setattr(core, name, original)
