"""trafilatura's search for an author in the page's elements, in one pass over the tree.

``trafilatura.metadata.extract_author`` copies the tree, prunes comments, sidebars, dates and
figures from the copy (``AUTHOR_DISCARD_XPATHS``), then tries three XPath expressions in turn
(``AUTHOR_XPATHS``). libxml2 takes 1.5–2.5 ms for each of them on a news page (every element is
tested against a dozen attribute conditions), 5–7 ms a call in all. :func:`extract_author` finds
the same answer by testing each element once in Python, and reads the candidates' text as the
pruned copy would hold it, without copying the tree. ``tests/test_author_search.py`` checks it
against trafilatura's own function on written pages and, when ../shared is there, on every bench
page.

The conditions below transcribe trafilatura 2.3's expressions (``trafilatura/xpaths.py``); each
function names the expression it stands for.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypeAlias

from lxml.etree import XPath

if TYPE_CHECKING:
    from collections.abc import Callable

    from lxml.html import HtmlElement

Get: TypeAlias = "Callable[[str], str | None]"  # an element's attribute getter

# AUTHOR_DISCARD_XPATHS[0]: .//*[self::a or self::div or self::section or self::span][...]
_DISCARD_ID = re.compile(r"^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile(
    r"^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|article-(?:share|support)"
    r"|print|category|meta-date|meta-reviewer"
)
_DISCARD_TAGS = frozenset({"a", "div", "section", "span"})
# AUTHOR_DISCARD_XPATHS[1]: //time|//figure
_DISCARD_ALWAYS = frozenset({"time", "figure"})


def _discarded(tag: str, get: Get) -> bool:
    if tag in _DISCARD_ALWAYS:
        return True
    if tag not in _DISCARD_TAGS:
        return False
    id_, class_ = get("id") or "", get("class") or ""
    return (
        id_ == "comments"
        or class_ in ("comments", "title", "date")
        or _DISCARD_ID.search(id_) is not None
        or _DISCARD_CLASS.search(class_) is not None
        or "Figure" in (get("data-component") or "")
    )


# AUTHOR_XPATHS[0]; its "rel='me'" clause (a <rel> child reading "me") is left to trafilatura.
_TAGS_0 = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_CLASS_0 = re.compile(r"author-?name|AuthorName|authorName")


def _first(tag: str, get: Get) -> bool:
    if tag == "author":
        return True
    if tag not in _TAGS_0:
        return False
    return (
        get("rel") == "author"
        or get("id") == "author"
        or get("class") == "author"
        or get("itemprop") == "author name"
        or get("data-testid") in ("AuthorCard", "AuthorURL")
        or _CLASS_0.search(get("class") or "") is not None
    )


# AUTHOR_XPATHS[1]
_TAGS_1 = frozenset({"a", "div", "h3", "h4", "p", "span"})
_ID_1 = re.compile(r"author|zuozhe|bianji|xiaobian")
_CLASS_1 = re.compile(r"author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")


def _second(tag: str, get: Get) -> bool:
    if tag not in _TAGS_1:
        return False
    class_ = get("class") or ""
    return (
        class_ in ("byline", "username", "byl", "BBL")
        or "author" in (get("itemprop") or "")
        or _ID_1.search(get("id") or "") is not None
        or _CLASS_1.search(class_) is not None
    )


# AUTHOR_XPATHS[2]
_ID_2 = re.compile(r"[Aa]uthor")
_CLASS_2 = re.compile(r"[Aa]uthor|screenname|writer|[Bb]yline")


def _third(tag: str, get: Get) -> bool:
    return (
        "Byline" in (get("data-component") or "")
        or "author" in (get("itemprop") or "")
        or _ID_2.search(get("id") or "") is not None
        or _CLASS_2.search(get("class") or "") is not None
    )


_EXPRESSIONS = (_first, _second, _third)


# What an element needs for any test above to select it (a superset: the tests decide).
_TAGS_ANY = _DISCARD_ALWAYS | {"author"}
_CLASS_ANY = re.compile(
    r"[Aa]uthor|[Cc]omment|sidebar|is-hidden|quote|embedly|article-|print|category|meta-|^title$|^date$|byl|BBL"
    r"|[Bb]yline|username|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name|screenname|writer"
)
_ID_ANY = re.compile(r"[Aa]uthor|comment|ProductReviews|zuozhe|bianji|xiaobian")


def _maybe(get: Get) -> bool:
    class_, id_ = get("class"), get("id")
    return (
        (class_ is not None and _CLASS_ANY.search(class_) is not None)
        or (id_ is not None and _ID_ANY.search(id_) is not None)
        or get("itemprop") is not None
        or get("rel") is not None
        or get("data-testid") is not None
        or get("data-component") is not None
    )


# Every element a test above can select, found by libxml2: only these are visited in Python.
_CANDIDATES = XPath(
    "//*[@class or @id or @itemprop or @rel or @data-testid or @data-component"
    " or self::author or self::time or self::figure or self::rel]"
)


def extract_author(tree: HtmlElement, tidy: Callable[[str], str] | None = None) -> str | None:
    """What ``trafilatura.metadata.extract_author(tree)`` returns, found in one pass; ``tidy``, if
    given, edits the found text before trafilatura's normalisation (which drops digits, so a date
    glued to the name would leave its month behind: "Jane Roe November")."""
    from trafilatura.json_metadata import normalize_authors
    from trafilatura.metadata import extract_author as trafilatura_author

    discarded: set[HtmlElement] = set()
    found: list[list[HtmlElement]] = [[], [], []]
    for element in _CANDIDATES(tree):
        tag = element.tag
        if tag == "rel":
            return trafilatura_author(tree)  # "rel='me'" depends on the pruned text: not transcribed
        get = element.get
        if tag not in _TAGS_ANY and not _maybe(get):
            continue  # no attribute any test looks for
        if element is not tree and _discarded(tag, get):
            discarded.add(element)
            continue
        for matches, test in zip(found, _EXPRESSIONS, strict=True):
            if test(tag, get):
                matches.append(element)
    for matches in found:
        for element in matches:
            if discarded and any(a in discarded for a in element.iterancestors()):
                continue  # pruned with a discarded ancestor
            content = " ".join(" ".join(_pruned_text(element, discarded)).split())
            if content and 2 < len(content) < 120:
                return normalize_authors(None, tidy(content) if tidy else content)
    return None


def _pruned_text(element: HtmlElement, discarded: set[HtmlElement]) -> list[str]:
    """``element.itertext()`` as it reads once the discarded elements are deleted the way
    trafilatura deletes them: a deleted element's tail joins the text before it."""
    pieces: list[str] = []
    slot = element.text
    for child in element:
        if child in discarded:
            if child.tail:
                slot = (slot or "") + child.tail
            continue
        if slot:
            pieces.append(slot)
        if isinstance(child.tag, str):
            pieces.extend(_pruned_text(child, discarded))
        slot = child.tail
    if slot:
        pieces.append(slot)
    return pieces
