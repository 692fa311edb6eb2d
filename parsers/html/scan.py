"""Scans of the raw HTML string: its text with tags dropped, its lines, its headings."""

from __future__ import annotations

import re
from html import unescape
from typing import TYPE_CHECKING

from parsers.meta.params import META

if TYPE_CHECKING:
    pass


# A heading's HTML is bounded: on a page whose <h2>s are never closed an unbounded lazy match
# reads on to the end of the page from each of them, quadratic in the page's length.
# The longest closed headings on the bench hold ~5,000 characters of markup (inline icons).
H1 = re.compile(r"<h1\b[^>]*>(.{0,8000}?)</h1\s*>", re.IGNORECASE | re.DOTALL)


H23 = re.compile(r"<h([23])\b[^>]*>(.{0,8000}?)</h\1\s*>", re.IGNORECASE | re.DOTALL)


TAG = re.compile(r"<[^>]+>")


TAG_KEPT = re.compile(r"(<[^>]+>)")


# Up to the first closing tag, written as runs of "not <" rather than a lazy ".*?": the same
# matches, ~5x faster over long scripts.
SCRIPT = re.compile(r"<(script|style)\b[^<]*(?:<(?!/\1\s*>)[^<]*)*</\1\s*>", re.IGNORECASE)


BODY = re.compile(r"<body", re.IGNORECASE)


LANG = re.compile(r"<html\b[^>]*\blang=[\"']?([a-zA-Z]{2})", re.IGNORECASE)


def page_lines(html: str, limit: int = 300) -> list[str]:
    """The first lines of the page's visible text from the line above its first <h1> on (from
    <body> without one): block elements and <br> end lines, other tags are dropped."""
    match = H1.search(html)
    start = match.start() if match else (body.start() if (body := BODY.search(html)) else 0)
    # the kicker line above the headline: "04.02.2022 | Jane Roe"
    above = _lines(html[max(0, start - META.above_headline_html_chars) : start])[-1:] if match else []
    return above + _lines(html[start : start + META.page_lines_html_chars])[: limit - len(above)]


def _lines(html: str) -> list[str]:
    """The non-empty lines of an HTML fragment's text, spaces squashed (see :func:`page_lines`)."""
    text = unescape(TAG.sub(" ", BLOCK_TAG.sub("\n", SCRIPT.sub(" ", html))))
    return [line for line in (" ".join(line.split()) for line in text.split("\n")) if line]


BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|section|article|header|footer|aside|nav|figure|figcaption|"
    r"blockquote|address|dd|dt|table|main|form|hr|small|byline)\b[^>]*>",
    re.IGNORECASE,
)


def headings(html: str, limit: int = 5, pattern: re.Pattern[str] = H1) -> list[str]:
    """Texts of the page's first <h1> elements (or what ``pattern``'s last group holds), tags
    stripped, entities decoded."""
    found: list[str] = []
    for match in pattern.finditer(html):
        text = _squashed(TAG.sub(" ", match.group(match.re.groups)))
        if text and text not in found:
            found.append(text)
        if len(found) >= limit:
            break
    return found


# Tags that write inside a line of text (a link, an emphasis); other tags set a heading's parts
# apart: a kicker's <span> before the headline's, a <br>.
INLINE_TAG = re.compile(r"</?(?:a|em|i|abbr|sup|sub|q|mark|u|s|cite|wbr|img)\b[^>]*>", re.IGNORECASE)


def h1_headings(html: str, limit: int = 5) -> tuple[list[str], list[tuple[str, str]]]:
    """The texts of the page's first <h1> elements (as :func:`headings` gives them) and, in one
    scan, for each of the first ``limit`` whose text its tags cut in parts ("<span>Kicker</span>
    <span>Headline</span>"): its first part and the rest."""
    found: list[str] = []
    parts: list[tuple[str, str]] = []
    for k, match in enumerate(H1.finditer(html)):
        inner = match.group(1)
        if k < limit:
            pieces = [t for piece in TAG.split(SCRIPT.sub(" ", INLINE_TAG.sub("", inner))) if (t := _squashed(piece))]
            if len(pieces) > 1:
                parts.append((pieces[0], " ".join(pieces[1:])))
        text = _squashed(TAG.sub(" ", inner))
        if text and text not in found:
            found.append(text)
        if len(found) >= limit:  # never before the first ``limit`` matches
            break
    return found, parts


def _squashed(fragment: str) -> str:
    """Entities decoded, spaces squashed."""
    return " ".join(unescape(fragment).split())


def tag_free(fragment: str) -> str:
    """Tags dropped, entities decoded (twice: "&amp;oacute;" is met in JSON-LD), spaces squashed."""
    return " ".join(unescape(unescape(TAG.sub(" ", fragment))).split())
