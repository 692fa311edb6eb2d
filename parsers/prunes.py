"""trafilatura's XPath expressions that call back into Python, as one Python pass each.

Before extracting, ``trafilatura.core.trafilatura_sequence`` deletes from the page's tree the
containers of follow-up articles and share buttons (``RAW_TREE_PRUNE_XPATH``, two expressions) and,
with comments off, the comment sections (``REMOVE_COMMENTS_AND_LISTS_XPATH``). Each extraction
attempt (``trafilatura.main_extractor._extract``) then looks for the article's container with
``BODY_XPATH``'s five expressions in turn and deletes navigation, share, ad, footer and hidden
elements from it (``OVERALL_DISCARD_XPATH``, two expressions). libxml2 walks the whole tree for
each expression and calls back into Python for every ``re:test`` of every element: ~1.6 ms for
each of the two raw-tree lists on a bench page, ~1.9 ms for the discard list, ~1.4 ms for the
container search; ~25 % of what an HTML page costs us. The callables below find the same elements,
in the same order, by reading each candidate element's attributes once, and the container search
stops at the first one: ~0.3, 0.3, 0.6 and 0.3 ms.

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
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from types import ModuleType
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
        lead = _first_of(attrib, "id", "class")  # what @id|@class reads
        if elem.tag in _DISCARD_TAGS and (
            "data-lp-replacement-content" in attrib
            or "nav" in attrib.get("role", "").replace("N", "n")
            or "MostPopularStories" in attrib.get("data-component", "")
            or "cookie" in lead
            or _DISCARD_ID.search(ident)
            or _DISCARD_CLASS.search(cls)
        ):
            first.append(elem)
        style = attrib.get("style", "")
        if (
            cls == "comments-title"
            or lead.startswith("reply-")
            or "hidden" in _first_of(attrib, "id", "style")
            or "display:none" in style
            or "display: none" in style
            or _HIDDEN_ID.search(ident)
            or _HIDDEN_CLASS.search(cls)
            or attrib.get("aria-hidden") == "true"
        ):
            second.append(elem)
    return first + second


# BODY_XPATH, tried in turn by trafilatura's main extractor: the first element each finds is taken
# as the article's container (when pruning leaves it empty, the next expression is tried).
_BODY_TAGS = ("article", "div", "main", "section")
# BODY_XPATH[0]: .//*[self::article or self::div or self::main or self::section][@class='post' or
#   @class='entry' or @itemprop='articleBody' or @id='articleContent' or re:test(@id, BODY_ID) or
#   re:test(@class, BODY_CLASS)][1]
_BODY_ID = re.compile(r"(?:entry|article|art)-content|article__content|article(?:-|__)?body|articleBody|body-text")
_BODY_CLASS = re.compile(
    r"post[-_]text|post-body|post-?entry|post[-_]?content|postContent|post_inner_wrapper|article-?text|"
    r"articleText|(?:entry|page|text|article|art)-content|article__content|article(?:-|__)?body|articleBody|"
    r"ArticleContent|body-text|article__container"
)
# BODY_XPATH[2]: (.//*[...same tags...][@role='article' or @id='article' or @id='story' or
#   @class='postarea' or @class='art-postcontent' or @class='text' or @class='cell' or
#   @class='story' or re:test(@id, '^primary|story-body') or re:test(@class, 'fulltext', 'i') or
#   re:test(@class, STORY_CLASS)])[1]
_STORY_CLASSES = frozenset({"postarea", "art-postcontent", "text", "cell", "story"})
_STORY_ID = re.compile(r"^primary|story-body")
_FULLTEXT = re.compile(r"fulltext", re.IGNORECASE)
_STORY_CLASS = re.compile(
    r"^article |post-bodycopy|story-?content|(?:theme|blog|section|single)-content|single-post|main-column|"
    r"wpb_text_column|story-body|field-body"
)
# BODY_XPATH[3]: (.//*[...same tags...][@id='content' or @class='content' or
#   re:test(@id, 'content-main|content-body|contentBody') or
#   re:test(@class, 'content[-_]main|content(?:-|__)body') or
#   contains(translate(@id, 'CM','cm'), 'main-content') or
#   contains(translate(@class, 'CM','cm'), 'main-content') or
#   contains(translate(@class, 'CP','cp'), 'page-content')])[1]
_CONTENT_ID = re.compile(r"content-main|content-body|contentBody")
_CONTENT_CLASS = re.compile(r"content[-_]main|content(?:-|__)body")
_CM = str.maketrans("CM", "cm")
_CP = str.maketrans("CP", "cp")


def _body(elem: HtmlElement) -> bool:
    ident, cls = elem.get("id") or "", elem.get("class") or ""
    return bool(
        cls in ("post", "entry")
        or elem.get("itemprop") == "articleBody"
        or ident == "articleContent"
        or _BODY_ID.search(ident)
        or _BODY_CLASS.search(cls)
    )


def _story(elem: HtmlElement) -> bool:
    ident, cls = elem.get("id") or "", elem.get("class") or ""
    return bool(
        elem.get("role") == "article"
        or ident in ("article", "story")
        or cls in _STORY_CLASSES
        or _STORY_ID.search(ident)
        or _FULLTEXT.search(cls)
        or _STORY_CLASS.search(cls)
    )


def _content(elem: HtmlElement) -> bool:
    ident, cls = elem.get("id") or "", elem.get("class") or ""
    return bool(
        ident == "content"
        or cls == "content"
        or _CONTENT_ID.search(ident)
        or _CONTENT_CLASS.search(cls)
        or "main-content" in ident.translate(_CM)
        or "main-content" in cls.translate(_CM)
        or "page-content" in cls.translate(_CP)
    )


def _main(elem: HtmlElement) -> bool:
    # BODY_XPATH[4]: (.//*[self::article or self::div or self::section][starts-with(@class, 'main')
    #   or starts-with(@id, 'main') or starts-with(@role, 'main')])[1] | (.//main)[1]: of the two,
    #   the one that comes first
    if elem.tag == "main":
        return True
    return any((elem.get(name) or "").startswith("main") for name in ("class", "id", "role"))


def _first(
    tags: tuple[str, ...], test: Callable[[HtmlElement], bool] | None
) -> Callable[[HtmlElement], list[HtmlElement]]:
    """The first element under the tree, in document order, of one of ``tags`` that passes
    ``test``, as a one-element list (an XPath's result), or an empty list."""

    def find(tree: HtmlElement) -> list[HtmlElement]:
        return next(([elem] for elem in tree.iterdescendants(*tags) if test is None or test(elem)), [])

    return find


body_expressions: list[object] = [
    _first(_BODY_TAGS, _body),
    _first(("article",), None),
    _first(_BODY_TAGS, _story),
    _first(_BODY_TAGS, _content),
    _first(("article", "div", "section", "main"), _main),
]


def digest(expressions: list[object]) -> str:
    """A short digest of XPath expressions' text, spaces squashed."""
    text = "\n".join(" ".join(str(getattr(x, "path", x)).split()) for x in expressions)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# Where trafilatura keeps each list of expressions, and what stands in for it.
SWAPS: dict[tuple[str, str], list[object]] = {
    ("trafilatura.core", "RAW_TREE_PRUNE_XPATH"): [raw_tree_prune],
    ("trafilatura.core", "REMOVE_COMMENTS_AND_LISTS_XPATH"): [comments_prune],
    ("trafilatura.main_extractor", "OVERALL_DISCARD_XPATH"): [discard_prune],
    ("trafilatura.main_extractor", "BODY_XPATH"): body_expressions,
}
# The digest of trafilatura 2.3's lists, in SWAPS's order.
TRANSCRIBED = "d5b1fa6eb5ff9d55"


def _targets() -> list[tuple[ModuleType, str, list[object]]]:
    """Each list to swap: the trafilatura module holding it, its name there, what stands in for it."""
    return [(importlib.import_module(module), name, fast) for (module, name), fast in SWAPS.items()]


def originals() -> list[object] | None:
    """trafilatura's lists of expressions, in SWAPS's order, joined; None when one is missing."""
    found: list[object] = []
    for module, name, fast in _targets():
        value = getattr(module, name, None)
        if not isinstance(value, list) or value is fast:
            return None
        found += value
    return found


@cache
def _swappable() -> list[tuple[ModuleType, str, list[object]]]:
    """The lists to swap when trafilatura holds the expressions transcribed here, else none (read
    once, before any swap)."""
    found = originals()
    return _targets() if found is not None and digest(found) == TRANSCRIBED else []


@contextmanager
def swapped() -> Iterator[bool]:
    """trafilatura's expressions replaced by the ones above for the block's duration, when its
    expressions are those transcribed here; yields whether they are. Either set finds the same
    elements, so a call running meanwhile in another thread gets the same result whichever it meets."""
    targets = _swappable()
    if not targets or any(getattr(module, name) is fast for module, name, fast in targets):  # or swapped already
        yield bool(targets)
        return
    saved = [getattr(module, name) for module, name, _ in targets]
    for module, name, fast in targets:
        setattr(module, name, fast)
    try:
        yield True
    finally:
        for (module, name, _), original in zip(targets, saved, strict=True):
            setattr(module, name, original)
