"""HTML to blocks: the page's DOM cut into the blocks a reader sees, with the DOM's evidence.

One walk over the lxml tree. Every block-level element (paragraph, heading, list item, cell,
division...) closes the text run before it and opens a new one; inline elements (links,
emphasis, spans) add their text to the current run. A block remembers what the DOM says of it:
its element's tag, its ancestors' landmarks (nav, header, footer, aside, article, main...) and
id/class tokens, its depth, the links inside it, and the block elements around it, whose text
and link totals the walk keeps.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from parsers.blocks import Block, BlockKind, one_space

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Elements whose content is never text a reader sees.
SKIPPED = frozenset(
    {"script", "style", "template", "svg", "math", "head", "title", "iframe", "object", "embed",
     "canvas", "video", "audio", "map", "select", "option", "button", "input", "textarea"}
)  # fmt: skip
BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "main", "aside", "header", "footer", "nav", "li", "ul", "ol", "dl", "dt",
     "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "thead", "tbody", "tfoot", "caption",
     "blockquote", "pre", "figure", "figcaption", "form", "fieldset", "legend", "address", "hr", "details",
     "summary", "center", "body", "html", "menu", "hgroup", "dialog", "search", "label"}
)  # fmt: skip
# Landmarks: an ancestor of one of these tags says where a block stands.
LANDMARKS = (
    "nav", "header", "footer", "aside", "article", "main", "form", "table", "li", "figure", "blockquote", "a",
    "hidden",  # not a tag: an element marked hidden (its content may be shown by a script: React's streamed HTML)
)  # fmt: skip
_LANDMARK_BIT = {tag: 1 << i for i, tag in enumerate(LANDMARKS)}
# No real button holds a page's sections. libxml2 ignores a </button> while elements opened inside
# the button are still open (an HTML5 parser closes them), so one unclosed <div> in a menu button
# puts the rest of the page, article included, inside that button: such a button is walked, not skipped.
_SECTIONS = ("main", "article", "section", "header", "footer", "nav", "aside")
_HIDDEN = _LANDMARK_BIT.pop("hidden")
TAG_GROUPS: dict[str, str] = {
    "p": "p", "div": "div", "section": "div", "li": "li", "dd": "li", "dt": "li",
    "h1": "h1", "h2": "h2", "h3": "h2", "h4": "h4", "h5": "h4", "h6": "h4", "td": "td", "th": "td",
    "blockquote": "blockquote", "pre": "pre", "figcaption": "caption", "caption": "caption",
    "article": "div", "main": "div", "header": "div", "footer": "div", "aside": "div", "nav": "div",
    "address": "p", "summary": "h4", "legend": "h4",
}  # fmt: skip
TAGS = ("p", "div", "li", "h1", "h2", "h4", "td", "blockquote", "pre", "caption", "other")
_KIND: dict[str, BlockKind] = {
    "h1": "heading", "h2": "heading", "h4": "heading", "li": "item", "td": "table", "blockquote": "quote",
    "pre": "code",
}  # fmt: skip
_EMPHASIS = frozenset({"b", "strong", "i", "em"})
_HEADING_LEVEL = {f"h{n}": n for n in range(1, 7)}
_TOKEN = re.compile(r"[a-z]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_LINE_SPACE = re.compile(r"[ \t\r\f\v]+")
BREAK = "\x00"  # stands for a <br> until the block's white space is settled


def tokens_of(element: HtmlElement) -> list[str]:
    """The lower-case words of an element's id and class attributes ("post-body", "shareBar")."""
    attrs = f"{element.get('class') or ''} {element.get('id') or ''}"
    return _TOKEN.findall(_CAMEL.sub(" ", attrs).lower()) if attrs.strip() else []


@dataclass(frozen=True, slots=True)
class Frame:
    """The vocabulary tokens in force at some element: for each token of the walk's vocabulary,
    the depth of the nearest ancestor holding it (-1: none)."""

    depths: tuple[int, ...]


@dataclass(slots=True)
class DomInfo:
    """What the DOM says of one block."""

    tag: str  # the group of the block's element (see TAGS)
    depth: int  # elements above the block's element
    landmarks: int  # bit i set: an ancestor (or the element) is LANDMARKS[i]
    tokens: Frame  # the vocabulary tokens above it
    chain: tuple[int, ...]  # the block elements around the block, outermost first (see DomPage)


@dataclass
class DomPage:
    blocks: list[Block]
    info: list[DomInfo]
    # per block element, in document order: text chars, link chars, first block, end block
    containers: list[list[int]]
    vocabulary: tuple[str, ...]


class _Walker:
    def __init__(self, vocabulary: Sequence[str]) -> None:
        self.blocks: list[Block] = []
        self.info: list[DomInfo] = []
        self.containers: list[list[int]] = []
        self.parts: list[str] = []
        self.link_chars = 0
        self.links: list[tuple[str, str]] = []
        self.images = 0
        self.plain = False  # some of the text run stands outside <b>, <strong>, <i> and <em>
        self.column = {token: k for k, token in enumerate(vocabulary)}
        self.columns: dict[tuple[str | None, str | None], list[int]] = {}  # (class, id) -> vocabulary columns

    def add(self, text: str, in_link: bool, emphasis: bool) -> None:
        if self.parts or not text.isspace():  # spaces opening a block are no text
            self.parts.append(text)
            if in_link:
                self.link_chars += len(" ".join(text.split()))
            if not emphasis and not text.isspace():
                self.plain = True

    def flush(self, owner: str, depth: int, landmarks: int, frame: Frame, chain: tuple[int, ...], lists: int) -> None:
        if not self.parts and not self.images:
            return
        joined = "".join(self.parts)
        # white space as a browser shows it (kept line by line in <pre>); <br> marks a line break
        text = one_space(_LINE_SPACE.sub(" ", joined) if owner == "pre" else _SPACE.sub(" ", joined)).strip()
        if "\n" in text or BREAK in text:
            lines = text.replace(BREAK, "\n").split("\n")
            text = "\n".join(line.strip() for line in lines if line.strip())
        if text or self.images:
            group = TAG_GROUPS.get(owner, "other")
            kind: BlockKind = _KIND.get(group, "para") if text else "image"
            links = min(self.link_chars, len(text))
            level = _HEADING_LEVEL.get(owner, 2) if kind == "heading" else 0
            lines = text.split("\n") if text else []
            index = len(self.blocks)
            raw = text if self.plain or not text else f"**{text}**"  # set in bold or italics as a whole
            self.blocks.append(Block(index, kind, raw, text, lines, level, lists, links, self.links, self.images))
            self.info.append(DomInfo(group, depth, landmarks, frame, chain))
            for c in chain:
                stats = self.containers[c]
                stats[0] += len(text)
                stats[1] += links
        self.parts = []
        self.link_chars = 0
        self.links = []
        self.images = 0
        self.plain = False

    def frame(self, frame: Frame, element: HtmlElement, depth: int) -> Frame:
        """The frame under ``element``: its vocabulary tokens set to its depth."""
        key = (element.get("class"), element.get("id"))
        found = self.columns.get(key)
        if found is None:
            found = self.columns[key] = [self.column[t] for t in tokens_of(element) if t in self.column]
        if not found:
            return frame
        depths = list(frame.depths)
        for k in found:
            depths[k] = depth
        return Frame(tuple(depths))


def _holds_sections(button: HtmlElement) -> bool:
    """A button the parser left open over the page's sections (see _SECTIONS)."""
    return next(button.iter(*_SECTIONS), None) is not None


def walk(root: HtmlElement, vocabulary: Sequence[str] = ()) -> DomPage:
    """The blocks of a page's DOM, in reading order; ``vocabulary``: the id/class tokens whose
    nearest ancestor each block records."""
    body = root.find("body")
    w = _Walker(vocabulary)
    start = Frame((-1,) * len(vocabulary))
    _visit(w, root if body is None else body, "body", 0, 0, start, (), 0, False)
    w.flush("body", 0, 0, start, (), 0)
    return DomPage(w.blocks, w.info, w.containers, tuple(vocabulary))


def _visit(w: _Walker, el: HtmlElement, owner: str, depth: int, landmarks: int, frame: Frame,
           chain: tuple[int, ...], lists: int, in_link: bool, owner_depth: int = 0,
           emphasis: bool = False) -> None:  # fmt: skip
    """Visit ``el``'s content (its text and children; its tail is the caller's). ``owner`` is the
    block element whose text run ``el`` adds to, at ``owner_depth``."""
    tag = el.tag if isinstance(el.tag, str) else ""
    block = tag in BLOCK_TAGS
    if block:  # the text run before it is its owner's
        w.flush(owner, owner_depth, landmarks, frame, chain, lists)
        owner_depth = depth
    if el.get("class") is not None or el.get("id") is not None:
        frame = w.frame(frame, el, depth)
    landmarks |= _LANDMARK_BIT.get(tag, 0)
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        landmarks |= _HIDDEN
    if block:
        chain = (*chain, len(w.containers))
        w.containers.append([0, 0, len(w.blocks), 0])
        owner = tag
        lists += tag in ("ul", "ol")
    elif tag in _EMPHASIS:
        emphasis = True
    elif tag == "a":
        in_link = True
        href = el.get("href") or ""
        if href and not href.startswith(("#", "javascript:")):
            label = " ".join(el.text_content().split())
            if label:
                w.links.append((label, href))
    if el.text:
        w.add(el.text, in_link, emphasis)
    for child in el:
        ctag = child.tag
        if isinstance(ctag, str) and (ctag not in SKIPPED or (ctag == "button" and _holds_sections(child))):
            if ctag == "br":
                w.parts.append(BREAK)
            elif ctag == "img":
                w.images += 1
            else:
                _visit(w, child, owner, depth + 1, landmarks, frame, chain, lists, in_link, owner_depth, emphasis)
        if child.tail:
            w.add(child.tail, in_link, emphasis)
    if block:
        w.flush(owner, depth, landmarks, frame, chain, lists)
        w.containers[chain[-1]][3] = len(w.blocks)
