"""Segment scraped text or markdown into blocks, and unwrap inline markdown to plain text.

A block is a paragraph, heading, list item, table, image or separator: the unit the classifier
keeps or removes. Scrapers save markdown (html2text, with or without wrapping) and plain text
(one element per line); both go through the same segmentation.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from parsers.meta.dates import opens_with_date

BlockKind = Literal["para", "heading", "item", "table", "image", "separator", "quote", "code"]

_LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:[*+\-•]|\d{1,3}[.)])[ \t]+(?P<rest>.*)$")
_EMPTY_ITEM = re.compile(r"^[ \t]*(?:[*+\-•][ \t]*)+$")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<rest>.*?)[ \t#]*$")
_SETEXT = re.compile(r"^(?:=+|-+)[ \t]*$")
_SEPARATOR = re.compile(r"^[ \t]*(?:(?:[*\-_=~·•][ \t]*){1,}|\\?\*(?:[ \t]*\\?\*)*)[ \t]*$")
_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$|^[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+$")
_QUOTE = re.compile(r"^[ \t]*>[ \t]?")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")

# Inline markdown. Link text may hold one level of nested brackets (images inside links).
# The repeats are possessive (*+): what they give back on a failed match never holds the "]" or
# ")" that must follow, so backing off finds no other match; it only cost time (segment ran
# 2-6 % faster without it, with the same blocks on every bench text).
EMPHASIS_MAX_CHARS = 2000
_BRACKETED = r"(?:[^\[\]\n]|\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*+\])*+"
_URL = r"[^()\s]*+(?:\([^()\s]*\)[^()\s]*+)*+"
_IMAGE = re.compile(r"!\[(?P<alt>" + _BRACKETED + r")\]\((?P<src>" + _URL + r")(?:[ \t]+\"[^\"\n]*\")?\)")
_LINK = re.compile(r"\[(?P<text>" + _BRACKETED + r")\]\((?P<url>" + _URL + r")(?:[ \t]+\"[^\"\n]*\")?\)")
_REF_LINK = re.compile(r"\[(?P<text>" + _BRACKETED + r")\]\[[^\]\n]*\]")
_AUTOLINK = re.compile(r"<(?P<url>(?:https?|ftp|mailto):[^>\s]+)>")
# An emphasised span's text, bounded: a marker without its pair scans on only this far, where an
# unbounded scan to the end of the line made a long line cost time in its length squared.
_SPAN = f".{{1,{EMPHASIS_MAX_CHARS}}}?"
_BOLD = re.compile(r"(\*\*|__)(?=\S)(" + _SPAN + r")(?<=\S)\1")
# The opening marker comes before its look-behind: a pattern opening with a literal is searched
# for fast, one opening with a look-behind is tried at every character (25 times slower).
_ITALIC_STAR = re.compile(r"\*(?<![\w*]\*)(?=[^\s*])(" + _SPAN + r")(?<=[^\s*])\*(?![\w*])")
_ITALIC_UNDER = re.compile(r"_(?<![\w_]_)(?=[^\s_])(" + _SPAN + r")(?<=[^\s_])_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(" + _SPAN + r")(?<=\S)~~")
_MULTILINE_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]{0,300}\]){0,600}+)\]\(([^()\s]*)")
_LINK_RESIDUE = re.compile(r"\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)|^\[[^\S\n]*(?=\S)", re.MULTILINE)
# Stray when of stars, or of underscores not inside a word. Each branch opens with its literal
# pair, which the engine searches for fast; "\*{2,}|_{2,}" was tried at every character (4x slower).
_MARKER_RUN = re.compile(r"\*\*+|__+")
_CODE = re.compile(r"`+([^`\n]+)`+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<\"'&$%=:;,/?@^])")
_HTML_TAG = re.compile(r"</?(?:br|span|div|p|b|i|em|strong|u|sup|sub|small)\b[^>\n]*>", re.IGNORECASE)
_MARKED_LINK = re.compile(r"\x01([^\x01\x02]*)\x02")  # link text between the markers unwrap_lines sets
_SPACE_RUN = re.compile("  +")  # opens with a literal: searched for fast (a leading class is tried everywhere)
_WORD = re.compile(r"\w+")
# Han, kana and Hangul: scripts written without spaces between words.
CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK = re.compile(f"[{CJK_CHARS}]")


@dataclass(slots=True)
class Inline:
    """A piece of markdown unwrapped to text, with its links."""

    text: str
    link_chars: int = 0
    links: list[tuple[str, str]] = field(default_factory=list)
    images: int = 0


@dataclass(slots=True)
class Block:
    index: int
    kind: BlockKind
    raw: str
    text: str
    lines: list[str]
    level: int = 0
    depth: int = 0
    link_chars: int = 0
    links: list[tuple[str, str]] = field(default_factory=list)
    images: int = 0
    stripped: list[tuple[str, str]] = field(default_factory=list)  # (text, rule id) cut from inside

    _words: int = -1

    @property
    def words(self) -> int:
        if self._words < 0:
            self._words = word_count(self.text)
        return self._words

    def set_text(self, text: str) -> None:
        self.text = text
        self._words = -1

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


def word_count(text: str) -> int:
    """Words, counting each CJK character as half a word (they carry no spaces)."""
    if text.isascii():
        return len(_WORD.findall(text))
    cjk = len(_CJK.findall(text))
    if cjk:
        return len(_WORD.findall(_CJK.sub(" ", text))) + cjk // 2
    return len(_WORD.findall(text))


def unwrap_inline(raw: str) -> Inline:
    """A line of markdown inline syntax to plain text; link texts are counted, link targets collected."""
    return unwrap_lines([raw])[0]


def unwrap_lines(raws: Sequence[str]) -> list[Inline]:
    """:func:`unwrap_inline` of each line (lines hold no newline). Every inline pattern stays
    within a line, so a few passes over the joined lines give what one call per line gives,
    without a dozen pattern calls per line."""
    if not raws:
        return []
    text = "\n".join(raws)
    images: dict[int, int] = {}
    links: dict[int, list[tuple[str, str]]] = {}
    if "![" in text:
        image_at: list[int] = []

        def image(m: re.Match[str]) -> str:
            image_at.append(m.start())
            return "\x00"  # placeholder: images carry no body text

        with_images, text = text, _IMAGE.sub(image, text)
        images = Counter(_lines_of(with_images, image_at))
    if "[" in text or "<" in text:
        found = _iter_links(text)
        labels = _clean_labels([m["url"] if m.re is _AUTOLINK else m["text"] for m in found])
        pieces: list[str] = []
        kept: list[tuple[int, tuple[str, str]]] = []
        pos = 0
        for m, label in zip(found, labels, strict=True):
            start = m.start()
            pieces.append(text[pos:start])
            pieces.append("\x01" + label + "\x02")
            url = "" if m.re is _REF_LINK else m["url"]
            if "\x00" in label:  # an image's placeholder: a link around an image alone has no text
                label = " ".join(label.replace("\x00", " ").split())
            if url and not url.startswith("#") and label:
                kept.append((start, (label, url)))
            pos = m.end()
        for line, (_, link) in zip(_lines_of(text, [at for at, _ in kept]), kept, strict=True):
            links.setdefault(line, []).append(link)
        pieces.append(text[pos:])
        text = "".join(pieces)
    text = _inline_plain(text)
    link_chars: dict[int, int] = {}
    if "\x01" in text:  # count link characters by their markers, then drop the markers
        for i, marked in enumerate(text.split("\n")):
            if "\x01" in marked:
                link_chars[i] = sum(map(len, map(str.strip, _MARKED_LINK.findall(marked))))
        text = text.replace("\x01", "").replace("\x02", "")
    out = [Inline(plain.strip()) for plain in one_space(text.replace("\x00", " ")).split("\n")]
    assert len(out) == len(raws), "an inline pattern crossed a line"
    for i, count in link_chars.items():
        out[i].link_chars = min(count, len(out[i].text))
    for i, found_links in links.items():
        out[i].links = found_links
    for i, count in images.items():
        out[i].images = count
    return out


def _lines_of(text: str, offsets: Sequence[int]) -> Iterator[int]:
    """The line number of each offset in ``text``, offsets in increasing order (matches come in
    order): the newlines since the previous offset are counted, never the text again."""
    line = last = 0
    for offset in offsets:
        line += text.count("\n", last, offset)
        last = offset
        yield line


def one_space(text: str, odd: str = "\t\u00a0\u2009\u202f") -> str:
    """The ``odd`` spaces (tabs, no-break and thin spaces) become spaces, and runs of spaces one."""
    for char in odd:
        if char in text:
            text = text.replace(char, " ")
    return _SPACE_RUN.sub(" ", text) if "  " in text else text


def _iter_links(text: str) -> list[re.Match[str]]:
    matches = list(_LINK.finditer(text)) if "](" in text else []
    if "][" not in text and "<" not in text:
        return matches  # one pattern's matches: in order, none overlapping
    if "][" in text:
        matches += _REF_LINK.finditer(text)
    if "<" in text:
        matches += _AUTOLINK.finditer(text)
    matches.sort(key=lambda m: m.start())
    kept: list[re.Match[str]] = []
    end = -1
    for m in matches:
        if m.start() >= end:
            kept.append(m)
            end = m.end()
    return kept


def _clean_labels(labels: list[str]) -> list[str]:
    """Link texts unwrapped to plain text, all in one pass (a link text holds no newline)."""
    joined = "\n".join(labels)
    joined = _inline_plain(_IMAGE.sub(" ", joined) if "![" in joined else joined)
    return [label.strip() for label in joined.split("\n")] if labels else []


def _inline_plain(text: str) -> str:
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    if "`" in text:
        text = _CODE.sub(r"\1", text)
    for _ in range(2):  # twice for nested emphasis; the second pass only when the first did something
        if "*" not in text and "_" not in text and "~" not in text:
            break
        text, bold = _BOLD.subn(r"\2", text)
        text, star = _ITALIC_STAR.subn(r"\1", text)
        text, under = _ITALIC_UNDER.subn(r"\1", text)
        text, strike = _STRIKE.subn(r"\1", text)
        if not bold + star + under + strike:
            break
    if "[" in text or "](" in text:  # link syntax the converter broke apart: "](target)", or "[" opening a line
        text = _LINK_RESIDUE.sub("", text)
    if "**" in text or "__" in text:  # markers left unpaired by emphasis spanning links
        text = _MARKER_RUN.sub(_stray_marker, text)
    if "\u00ad" in text:  # soft hyphens: invisible on the page, they split words for search
        text = text.replace("\u00ad", "")
    return _ESCAPE.sub(r"\1", text) if "\\" in text else text


def _stray_marker(m: re.Match[str]) -> str:
    """A run of two or more stars goes, as does a run of underscores but one inside a word ("a__b")."""
    text, start, end = m.string, m.start(), m.end()
    if text[start] == "*" or start == 0 or end == len(text):
        return ""
    return m.group(0) if _WORD.match(text[start - 1]) and _WORD.match(text[end]) else ""


def segment(text: str) -> list[Block]:
    """Split a page into blocks, in reading order."""
    if "](" in text:
        text = _MULTILINE_LINK.sub(_join_link_lines, text)
    pieces = [piece for chunk in _chunks(text) for piece in _split_chunk(chunk)]
    inlines = iter(unwrap_lines([line.strip() for kind, lines, _, _ in pieces if kind != "code" for line in lines]))
    blocks: list[Block] = []
    for kind, lines, level, depth in pieces:
        unwrapped = [] if kind == "code" else list(itertools.islice(inlines, len(lines)))
        _append(blocks, kind, lines, unwrapped, level, depth)
    return blocks


def _join_link_lines(m: re.Match[str]) -> str:
    """Link text the converter spread over several lines (blank lines too) becomes one line."""
    label = m.group(1)
    return m.group(0) if "\n" not in label else "[" + " ".join(label.split()) + "](" + m.group(2)


def _chunks(text: str) -> list[list[str]]:
    """Runs of non-blank lines; fenced code stays whole."""
    chunks: list[list[str]] = []
    current: list[str] = []
    in_fence = False
    for line in text.split("\n"):
        if ("`" in line or "~" in line) and _FENCE.match(line):  # the test first: most lines hold neither
            in_fence = not in_fence
            current.append(line)
            continue
        if not in_fence and not line.strip():
            if current:
                chunks.append(current)
                current = []
            continue
        current.append(line)
    if current:
        chunks.append(current)
    return chunks


Piece = tuple[BlockKind, list[str], int, int]


def _split_chunk(lines: list[str]) -> list[Piece]:
    if _FENCE.match(lines[0]):
        return [("code", [ln for ln in lines if not _FENCE.match(ln)], 0, 0)]
    if all(_TABLE_ROW.match(ln) for ln in lines):
        return [("table", lines, 0, 0)]
    if len(lines) == 2 and _SETEXT.match(lines[1]) and lines[0].strip():
        return [("heading", [lines[0]], 1 if lines[1].strip()[0] == "=" else 2, 0)]
    pieces: list[Piece] = []
    prose: list[str] = []
    for line in lines:
        if line.lstrip(" \t")[:1].isalpha():  # prose, as most lines: no item, heading or separator opens with a letter
            item = heading = separator = None
        else:
            item = _LIST_ITEM.match(line)
            if item and opens_with_date(line):
                item = None  # "04. Februar 2022" in plain text: a date (markdown escapes it: "04\. Februar")
            heading = _HEADING.match(line)
            separator = _EMPTY_ITEM.match(line) or _SEPARATOR.match(line)
        if item or heading or separator:
            pieces.extend(_prose_pieces(prose))
            prose = []
        if separator:
            pieces.append(("separator", [line.strip()], 0, 0))
        elif heading:
            pieces.append(("heading", [heading.group("rest")], len(heading.group("hashes")), 0))
        elif item:
            depth = len(item.group("indent").expandtabs(4)) // 2
            pieces.append(("item", [item.group("rest")], 0, depth))
        elif pieces and pieces[-1][0] == "item" and line.startswith(("  ", "\t")) and not prose:
            pieces[-1][1].append(line.strip())  # continuation of a list item
        else:
            prose.append(line)
    pieces.extend(_prose_pieces(prose))
    return pieces


def _prose_pieces(lines: list[str]) -> list[Piece]:
    """Prose lines: one paragraph when wrapped or hard-broken, else one block per line."""
    if not lines:
        return []
    if all(_QUOTE.match(ln) for ln in lines):
        return [("quote", [_QUOTE.sub("", ln) for ln in lines], 0, 0)]
    if len(lines) == 1 or _looks_wrapped(lines) or _hard_broken(lines):
        return [("para", lines, 0, 0)]
    return [("para", [ln], 0, 0) for ln in lines]


def _looks_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped prose: every line but the last is long, and the next word would not have fit."""
    widths = [len(ln.rstrip()) for ln in lines[:-1]]
    widest = max(widths)
    if min(widths) < 60 or widest > 100 or lines[-1].startswith(" "):
        return False
    for line, nxt in itertools.pairwise(lines):
        first = nxt.split(maxsplit=1)[0] if nxt.strip() else ""
        if len(line.rstrip()) + 1 + len(first) <= widest - 2:
            return False
    return True


def _append(
    blocks: list[Block], kind: BlockKind, lines: list[str], inlines: list[Inline], level: int, depth: int
) -> None:
    """The block of a piece's lines, given the lines unwrapped (none for code)."""
    raw = "\n".join(lines)
    if kind == "code":
        text = "\n".join(ln.rstrip() for ln in lines).strip("\n")
        blocks.append(Block(len(blocks), kind, raw, text, [text], level, depth))
        return
    if len(inlines) == 1:  # most blocks: one line, whose unwrapped parts are the block's
        (one,) = inlines
        text = one.text
        plain_lines = [text] if text else []
        link_chars, links, images = one.link_chars, one.links, one.images
    else:
        plain_lines = [il.text for il in inlines if il.text]
        text = ("\n" if kind == "table" or _hard_broken(lines) else " ").join(plain_lines)
        link_chars = sum(il.link_chars for il in inlines)
        links = [lk for il in inlines for lk in il.links]
        images = sum(il.images for il in inlines)
    if kind == "table":
        text = "\n".join(filter(None, (_table_text(ln) for ln in plain_lines)))
    if kind == "para" and not text and images:
        kind = "image"
    if kind in ("para", "item") and not text.strip("*-_=~·• ") and _SEPARATOR.fullmatch(text or "-"):
        kind = "separator"
    blocks.append(Block(len(blocks), kind, raw, text, plain_lines, level, depth, link_chars, links, images))


def _hard_broken(lines: list[str]) -> bool:
    return len(lines) > 1 and any(ln.endswith("  ") for ln in lines[:-1])


def _table_text(line: str) -> str:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if all(re.fullmatch(r":?-{3,}:?", c) for c in cells if c):
        return ""
    return " | ".join(c for c in cells if c)
