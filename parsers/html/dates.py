"""An HTML page's dates: what its markup declares (JSON-LD, meta tags, microdata), the dateline
written next to its headline, and htmldate's search as the last resort."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html import unescape
from typing import TYPE_CHECKING

from parsers.html.scan import BLOCK_TAG, H1, LANG, SCRIPT, TAG, TAG_KEPT, tag_free
from parsers.meta.dates import DATELINE_FILLER, earliest_date
from parsers.meta.header import MODIFIED_LABEL
from parsers.meta.params import META

if TYPE_CHECKING:
    pass


# Publication-date markup, most explicit first: JSON-LD, Open Graph / article, Dublin Core, microdata.
_DATE_MARKUP = [
    re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"'),
    re.compile(
        r'<meta[^>]+(?:property|name)=["\'](?:article:published_time|og:article:published_time|'
        r"og:published_time|pubdate|publishdate|publish-date|date\.issued|dc\.date\.issued|dcterms\.issued|"
        r'dcterms\.created|sailthru\.date|parsely-pub-date)["\'][^>]*>',
        re.IGNORECASE,
    ),
    re.compile(r'<(?:meta|time)[^>]+itemprop=["\']datePublished["\'][^>]*>', re.IGNORECASE),
]


# Last-modified markup, same order.
MODIFIED_MARKUP = [
    re.compile(r'"dateModified"\s*:\s*"([^"]{8,40})"'),
    re.compile(
        r'<meta[^>]+(?:property|name)=["\'](?:article:modified_time|og:updated_time|lastmod|last-modified|'
        r'dcterms\.modified|dc\.date\.modified)["\'][^>]*>',
        re.IGNORECASE,
    ),
    re.compile(r'<(?:meta|time)[^>]+itemprop=["\']dateModified["\'][^>]*>', re.IGNORECASE),
]


_CONTENT = re.compile(r'(?:content|datetime)=["\']([^"\']{8,40})["\']', re.IGNORECASE)


def marked_up_date(html: str, patterns: list[re.Pattern[str]] = _DATE_MARKUP) -> str | None:
    """The publication date the page declares in its markup (or, with ``MODIFIED_MARKUP``, its
    last modification), as written there."""
    return next(_marked_up_dates(html, patterns), None)


def marked_up_dates(html: str, patterns: list[re.Pattern[str]] = _DATE_MARKUP) -> list[str]:
    """Every publication date the page's markup declares, most explicit markup first, each once."""
    return list(dict.fromkeys(_marked_up_dates(html, patterns)))


def _marked_up_dates(html: str, patterns: list[re.Pattern[str]]) -> Iterator[str]:
    head = html[:400_000]
    for pattern in patterns:
        for match in pattern.finditer(head):
            value = match.group(1) if match.groups() else None
            if value is None:
                attr = _CONTENT.search(match.group(0))
                value = attr.group(1) if attr else None
            if value and re.match(r"\d{4}-\d{2}-\d{2}", value.strip()):
                yield value.strip()


def deep_date(html: str, url: str | None) -> str | None:
    """htmldate's extensive search (dates in the page text), only when metadata, the markup and
    a dateline gave no date: it runs htmldate's patterns over the whole page and dateparser on what
    they find, the costliest step of a page it runs on, so the cheap search (in page_metadata) runs
    first. Without it the date choice loses pages (docs/metadata.md)."""
    from htmldate import find_date

    try:
        found = find_date(html, url=url, original_date=True, extensive_search=True)
    except (ValueError, TypeError):
        return None
    return found if isinstance(found, str) else None


@dataclass(frozen=True)
class Dateline:
    """A date written next to the headline. ``alone`` when the element holding it says little else
    (a dateline, not a date inside a sentence: "Wir suchen zum 1. April 2016 …"); ``updated`` when
    a label calls it an update ("Updated", "Aktualisiert"): a modification date, not the publication.
    ``at``: text characters between the headline and the date, or -1 for the line above the headline."""

    iso: str
    alone: bool
    updated: bool
    at: int


def headline_date(html: str, title: str | None = None) -> Dateline | None:
    """The date written next to the page's headline: standing alone in the line just above it
    ("Bonn, 11.10.2021"), else the first date from the headline on (the dateline under it, or
    inside the <h1>). Read day-first unless the page is in English. The headline is the <h1>
    sharing most words with ``title`` (a logo <h1> comes first on many pages), else the first."""
    h1s = list(itertools.islice(H1.finditer(html), 5))
    if not h1s:
        return None
    key = set(_WORD.findall((title or "").casefold()))
    match = max(h1s, key=lambda m: len(key & set(_WORD.findall(tag_free(m.group(1)).casefold()))))
    lang = LANG.search(html[:5000])
    day_first = lang is not None and not lang.group(1).lower().startswith("en")
    above = _line_above(html[max(0, match.start() - META.above_headline_html_chars) : match.start()])
    line = dateline([above], day_first) if above else None
    if line is not None and line.alone:
        return replace(line, at=-1)
    # inside the <h1> only when it holds a <time> or <small> (a date set in the headline block);
    # a date in the headline's own words is what the story is about ("Results of 19.5.2007")
    start = match.start(1) if _INNER_DATE.search(match.group(1)) else match.end()
    return dateline(
        _pieces(html[start : match.end() + META.headline_date_html_chars], META.headline_date_text_chars), day_first
    )


def _line_above(html: str) -> str | None:
    """The text just above the end of an HTML fragment when only inline markup parts the two (not
    a date closing the navigation or a list of other stories above the headline): the block tags
    are those that end a line in :func:`page_lines`."""
    for chunk in reversed(TAG_KEPT.split(SCRIPT.sub(" ", html))):
        if chunk.startswith("<"):
            if BLOCK_TAG.match(chunk):
                return None
        elif text := " ".join(unescape(chunk).split()):
            return text
    return None


def _pieces(html: str, limit: int | None = None) -> list[str]:
    """The text of each element of an HTML fragment, spaces squashed, scripts left out, up to about
    ``limit`` characters; joined by one space they are the fragment's text."""
    pieces: list[str] = []
    length = 0
    for chunk in TAG.split(SCRIPT.sub(" ", html)):
        piece = " ".join(unescape(chunk).split())
        if piece:
            pieces.append(piece)
            length += len(piece) + 1
            if limit is not None and length >= limit:
                break
    return pieces


def dateline(pieces: list[str], day_first: bool) -> Dateline | None:
    """The earliest date in the text of ``pieces`` (its first META.headline_date_text_chars), and
    whether it stands alone in the element(s) it is written in."""
    text = " ".join(pieces)[: META.headline_date_text_chars]
    found = earliest_date(text, day_first=day_first)
    if found is None:
        return None
    starts = list(itertools.accumulate((len(p) + 1 for p in pieces), initial=0))
    first = next(i for i, piece in enumerate(pieces) if found.start < starts[i] + len(piece) + 1)
    last = next(i for i in range(len(pieces) - 1, -1, -1) if starts[i] < found.end)
    around = text[starts[first] : found.start] + " " + text[found.end : starts[last] + len(pieces[last])]
    rest = _LETTERS.findall(DATELINE_FILLER.sub(" ", around))
    ranged = _RANGE_START.search(text, 0, found.start) is not None  # "9-23 Feb 2017": an event's days
    updated = MODIFIED_LABEL.search(text[max(0, found.start - 40) : found.start]) is not None
    return Dateline(
        found.iso, alone=len(rest) <= META.dateline_max_words and not ranged, updated=updated, at=found.start
    )


UTC_SUFFIXES = ("Z", "+00:00", "+0000")


_WORD = re.compile(r"\w{3,}")


_RANGE_START = re.compile(r"\d\s?[-–]\s?$")


_LETTERS = re.compile(r"[^\W\d_]{2,}")


_INNER_DATE = re.compile(r"<(?:time|small)\b", re.IGNORECASE)
