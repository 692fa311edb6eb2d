"""HTML input: trafilatura finds the main content and the page metadata; we clean what it keeps."""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from html import unescape
from typing import TYPE_CHECKING

from parsers.meta.dates import DATELINE_FILLER, earliest_date, url_date
from parsers.meta.header import (
    BYLINE_PREPOSITIONS,
    MODIFIED_LABEL,
    author_page,
    author_page_names,
    byline_in,
    date_only,
    hostname,
    squash,
)
from parsers.meta.names import NOT_A_NAME, broken_entity, cut_date, is_person_name, names_in_full, strip_accents
from schemas.document import RejectReason

if TYPE_CHECKING:
    from lxml.html import HtmlElement
    from trafilatura.settings import Document


# A heading's HTML is bounded: on a page whose <h2>s are never closed an unbounded lazy match
# reads on to the end of the page from each of them (52 ms on one bench page, 0.2 ms on others).
# The longest closed headings on the bench hold ~5,000 characters of markup (inline icons).
_H1 = re.compile(r"<h1\b[^>]*>(.{0,8000}?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_H23 = re.compile(r"<h([23])\b[^>]*>(.{0,8000}?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_TAG_KEPT = re.compile(r"(<[^>]+>)")


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
_MODIFIED_MARKUP = [
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
    """The publication date the page declares in its markup (or, with ``_MODIFIED_MARKUP``, its
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


def _deep_date(html: str, url: str | None) -> str | None:
    """htmldate's extensive search (dates in the page text), only when metadata, the markup and
    a dateline gave no date: it costs ~20 ms on such a page (dateparser), so the cheap search (in
    _page_metadata) runs first."""
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
    h1s = list(itertools.islice(_H1.finditer(html), 5))
    if not h1s:
        return None
    key = set(_WORD.findall((title or "").casefold()))
    match = max(h1s, key=lambda m: len(key & set(_WORD.findall(_text(m.group(1)).casefold()))))
    lang = _LANG.search(html[:5000])
    day_first = lang is not None and not lang.group(1).lower().startswith("en")
    above = _line_above(html[max(0, match.start() - ABOVE_HEADLINE_HTML_CHARS) : match.start()])
    line = dateline([above], day_first) if above else None
    if line is not None and line.alone:
        return replace(line, at=-1)
    # inside the <h1> only when it holds a <time> or <small> (a date set in the headline block);
    # a date in the headline's own words is what the story is about ("Results of 19.5.2007")
    start = match.start(1) if _INNER_DATE.search(match.group(1)) else match.end()
    return dateline(_pieces(html[start : match.end() + HEADLINE_DATE_HTML_CHARS], HEADLINE_DATE_TEXT_CHARS), day_first)


def _line_above(html: str) -> str | None:
    """The text just above the end of an HTML fragment when only inline markup parts the two (not
    a date closing the navigation or a list of other stories above the headline): the block tags
    are those that end a line in :func:`page_lines`."""
    for chunk in reversed(_TAG_KEPT.split(_SCRIPT.sub(" ", html))):
        if chunk.startswith("<"):
            if _BLOCK_TAG.match(chunk):
                return None
        elif text := " ".join(unescape(chunk).split()):
            return text
    return None


def _pieces(html: str, limit: int | None = None) -> list[str]:
    """The text of each element of an HTML fragment, spaces squashed, scripts left out, up to about
    ``limit`` characters; joined by one space they are the fragment's text."""
    pieces: list[str] = []
    length = 0
    for chunk in _TAG.split(_SCRIPT.sub(" ", html)):
        piece = " ".join(unescape(chunk).split())
        if piece:
            pieces.append(piece)
            length += len(piece) + 1
            if limit is not None and length >= limit:
                break
    return pieces


def dateline(pieces: list[str], day_first: bool) -> Dateline | None:
    """The earliest date in the text of ``pieces`` (its first HEADLINE_DATE_TEXT_CHARS), and
    whether it stands alone in the element(s) it is written in."""
    text = " ".join(pieces)[:HEADLINE_DATE_TEXT_CHARS]
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
    return Dateline(found.iso, alone=len(rest) <= DATELINE_MAX_WORDS and not ranged, updated=updated, at=found.start)


UTC_SUFFIXES = ("Z", "+00:00", "+0000")
# How far after the headline a dateline is looked for: text characters, and the HTML that holds them.
HEADLINE_DATE_TEXT_CHARS = 2500
HEADLINE_DATE_HTML_CHARS = 40_000
# How much HTML above the headline holds the line just above it.
ABOVE_HEADLINE_HTML_CHARS = 3000
# At most this many other words in the element of a date that stands alone ("Bonn, 11.10.2021").
DATELINE_MAX_WORDS = 3
_WORD = re.compile(r"\w{3,}")
_RANGE_START = re.compile(r"\d\s?[-–]\s?$")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_INNER_DATE = re.compile(r"<(?:time|small)\b", re.IGNORECASE)
# Up to the first closing tag, written as runs of "not <" rather than a lazy ".*?": the same
# matches, ~5x faster over long scripts.
_SCRIPT = re.compile(r"<(script|style)\b[^<]*(?:<(?!/\1\s*>)[^<]*)*</\1\s*>", re.IGNORECASE)
_BODY = re.compile(r"<body", re.IGNORECASE)
_LANG = re.compile(r"<html\b[^>]*\blang=[\"']?([a-zA-Z]{2})", re.IGNORECASE)


def page_lines(html: str, limit: int = 300) -> list[str]:
    """The first lines of the page's visible text from the line above its first <h1> on (from
    <body> without one): block elements and <br> end lines, other tags are dropped."""
    match = _H1.search(html)
    start = match.start() if match else (body.start() if (body := _BODY.search(html)) else 0)
    # the kicker line above the headline: "04.02.2022 | Jane Roe"
    above = _lines(html[max(0, start - ABOVE_HEADLINE_HTML_CHARS) : start])[-1:] if match else []
    return above + _lines(html[start : start + PAGE_LINES_HTML_CHARS])[: limit - len(above)]


def _lines(html: str) -> list[str]:
    """The non-empty lines of an HTML fragment's text, spaces squashed (see :func:`page_lines`)."""
    text = unescape(_TAG.sub(" ", _BLOCK_TAG.sub("\n", _SCRIPT.sub(" ", html))))
    return [line for line in (" ".join(line.split()) for line in text.split("\n")) if line]


PAGE_LINES_HTML_CHARS = 200_000
# A date line naming its author ("25.10.2022 - Jane Roe") is a byline among the first lines of
# page_lines (the line above the headline, the headline, the lines under it); further down such
# lines list other stories.
DATED_BYLINE_LINES = 8
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|section|article|header|footer|aside|nav|figure|figcaption|"
    r"blockquote|address|dd|dt|table|main|form|hr|small|byline)\b[^>]*>",
    re.IGNORECASE,
)


def headings(html: str, limit: int = 5, pattern: re.Pattern[str] = _H1) -> list[str]:
    """Texts of the page's first <h1> elements (or what ``pattern``'s last group holds), tags
    stripped, entities decoded."""
    found: list[str] = []
    for match in pattern.finditer(html):
        text = " ".join(unescape(_TAG.sub(" ", match.group(match.re.groups))).split())
        if text and text not in found:
            found.append(text)
        if len(found) >= limit:
            break
    return found


_LD_AUTHOR = re.compile(r'"author"\s*:\s*(\{[^{}]*\}|\[[^\]]*\]|"[^"]{1,120}")', re.IGNORECASE)
_LD_NAME = re.compile(r'"name"\s*:\s*"([^"]{1,120})"')
# An author the markup types as an organisation ("@type": "Organization", "NewsMediaOrganization", ...)
_LD_ORGANIZATION = re.compile(r'"@type"\s*:\s*\[?\s*"[^"]*Organi[sz]ation"')
_LD_REFERENCE = re.compile(r"\s*(?:https?:|//|\\?/|#|www\.)", re.IGNORECASE)
_REL_AUTHOR = re.compile(r"<a\b[^>]*\brel=[\"']?author\b[^>]*>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
# (not a comment's author: class="comment-author")
_CLASS_AUTHOR = re.compile(
    r"<(span|a|div|p|address|strong)\b[^>]*\b(?:class|itemprop)=[\"'][^\"']*\b(?<!comment-)(?<!comment_)"
    r"(?:author|byline|autor)[\w-]*"
    r"[^\"']*[\"'][^>]*>(.{1,300}?)</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)


# A site run by a person declares that person in its JSON-LD graph as an entity typed both ways
# (WordPress/Yoast: "@type": ["Person", "Organization"]): the site's owner and publisher.
_LD_OWNER = re.compile(r'"@type"\s*:\s*\[\s*"Person"\s*,\s*"Organization"\s*\][^{}]*?"name"\s*:\s*"([^"]{1,120})"')
# The holder of a Creative Commons licence, as its markup names them (``cc:attributionName``).
_CC_ATTRIBUTION = re.compile(
    r"<a\b[^>]*\b(?:rel|property)=[\"']cc:attribution(?:URL|Name)[\"'][^>]*>(.{1,120}?)</a\s*>",
    re.IGNORECASE | re.DOTALL,
)


def site_owners(html: str) -> list[str]:
    """The persons a JSON-LD graph declares as the site's owner (see ``_LD_OWNER``)."""
    if '"Organization"' not in html:  # a substring test first: the search costs ~0.1 ms a page
        return []
    return list(dict.fromkeys(_text(m.group(1)) for m in _LD_OWNER.finditer(html)))


def without_owners(author: str | None, owners: list[str]) -> str | None:
    """trafilatura's author (names joined by "; ") without the site's owner, who trafilatura
    reads from the JSON-LD graph like any person, when it names someone else too."""
    if not author or not owners:
        return author
    kept = [name for name in author.split("; ") if name not in owners]
    return "; ".join(kept) if kept else author


def licence_holders(html: str) -> list[str]:
    """Who holds the page's Creative Commons licence ("Ein Blog von <a rel="cc:attributionURL">Jane
    Roe</a> steht unter einer Creative Commons Lizenz"): a blog's writer, credited nowhere else."""
    if "cc:attribution" not in html:  # a substring test first: the search costs ~0.6 ms a page
        return []
    return list(dict.fromkeys(t for m in _CC_ATTRIBUTION.finditer(html) if (t := _text(m.group(1)))))[:2]


# A link: its address and its text. Read where the address is an author's page (see
# ``metadata.author_page_names``); after a byline label, only tags between them, it is the page's own
# credit of the article's writer: "Erstellt von <a href="/author/jane/">Jane</a> am …",
# "<dt>Auteur</dt><dd><a href="/staff/jane-roe/">" (see :func:`labelled_author_link`).
_AUTHOR_LINK = re.compile(
    r"<a\b[^>]*?\bhref=[\"']([^\"']{1,300})[\"'][^>]*>(.{1,120}?)</a\s*>", re.IGNORECASE | re.DOTALL
)
_ENDS_WITH_LABEL = re.compile(
    rf"(?:^|\W)(?:(?P<before>\w+)\s+)?(?:{BYLINE_PREPOSITIONS}|auteur|autor(?:in)?|author|autore)\s*:?\s*$",
    re.IGNORECASE,
)
# Who else a label names: a translator ("Übersetzt von"), a photographer, an editor.
_NOT_WRITTEN = frozenset(
    "übersetzt translated traduit traduction traducido traducción traduzido tradotto vertaald tłumaczenie "
    "photo photos foto fotos photographed bild bilder image images illustration illustrated video edited "
    "redigiert bearbeitet".split()
)
_LIST_ITEM = re.compile(r"<(/?)li[\s>]", re.IGNORECASE)
LABEL_LOOKBEHIND_CHARS = 400  # the label's text and the tags (a <dt>, a <dd>) between it and the link
LIST_LOOKBEHIND_CHARS = 3000  # how far back a list item that holds the link opens


def labelled_author_link(html: str, url: str | None) -> list[str]:
    """The persons the page's first byline label links to their author's page on the site itself
    (see ``_AUTHOR_LINK``). Not a link to another site ("by <a href="https://books.example/author/
    …">" in a widget), a translator's or photographer's ("Übersetzt von"), or one in a list item (a
    list of other posts, each with its author)."""
    for m in _author_page_links(html, url):
        href = m.group(1)
        before = html[max(0, m.start() - LABEL_LOOKBEHIND_CHARS) : m.start()]
        label = _ENDS_WITH_LABEL.search(unescape(_TAG.sub(" ", before[before.find(">") + 1 :])))
        if label is None or (label.group("before") or "").casefold() in _NOT_WRITTEN or _in_list_item(html, m.start()):
            continue
        if names := author_page_names(_text(m.group(2)), href):
            return names
    return []


def dated_author_line(lines: list[str], html: str, url: str | None) -> str | None:
    """Among the first lines of the page (see ``DATED_BYLINE_LINES``), a date line over a line
    holding only the name of a person the site has an author's page for ("19. Oktober 2019" /
    "Jane Roe", and a link to "/author/jane-roe/" in the page). A name alone under a date may be
    a category or a brand ("Deutsche Sprache"): the author's page tells."""
    pairs = itertools.pairwise(lines[:DATED_BYLINE_LINES])
    named = [name for date, name in pairs if is_person_name(name) and date_only(date)]
    if not named:
        return None
    authors = {
        person for m in _author_page_links(html, url) for person in author_page_names(_text(m.group(2)), m.group(1))
    }
    return next((name for name in named if name in authors), None)


def _author_page_links(html: str, url: str | None) -> Iterator[re.Match[str]]:
    """The page's links to an author's page on its own site, in page order (``_AUTHOR_LINK`` matches)."""
    return (m for m in _AUTHOR_LINK.finditer(html) if author_page(m.group(1)) and same_site(m.group(1), url))


def _in_list_item(html: str, at: int) -> bool:
    """Whether ``at`` lies in a list item (<li> opened before it and not closed)."""
    tags = list(_LIST_ITEM.finditer(html, max(0, at - LIST_LOOKBEHIND_CHARS), at))
    return bool(tags) and not tags[-1].group(1)


def same_site(href: str, url: str | None) -> bool:
    """Whether a link leads within the site of the page at ``url``: a relative link does; an
    absolute one when its host is the page's (or the page's address is unknown)."""
    if not href.startswith(("http:", "https:", "//")) or url is None:
        return True
    return hostname(href) == hostname(url)


def author_credits(html: str) -> tuple[list[str], list[str]]:
    """Author credits marked up in the page, as (credits, organisations): JSON-LD ``author``,
    ``rel=author`` links, elements whose class or itemprop names an author or byline; the first
    kind that yields wins. A JSON-LD author typed as an organisation is one of the organisations,
    never a credit (split later into persons and organisations by their names alone)."""
    ld: list[str] = []
    orgs: list[str] = []
    for m in _LD_AUTHOR.finditer(html):
        value = m.group(1)
        for entry in _ld_entries(value):
            (orgs if _LD_ORGANIZATION.search(entry) else ld).extend(_ld_names(entry))
    orgs = list(dict.fromkeys(orgs))[:5]
    if ld:
        return list(dict.fromkeys(ld))[:5], orgs
    for pattern, group in ((_REL_AUTHOR, 1), (_CLASS_AUTHOR, 2)):  # an organisation alone is no credit
        texts = (_text(m.group(group)) for m in pattern.finditer(html))
        # the first credit (later ones are teasers and comments) that is more than a label ("By")
        first = next((t for t in texts if t and len(t) <= 80 and t.lower().strip(" :*") not in NOT_A_NAME), None)
        if first:
            return [first], orgs
    return [], orgs


def page_spelling(html: str, author: str) -> str:
    """trafilatura's author as the page spells it: it drops accents and initials' dots ("Gabor
    Munier" for "Gàbor Muniér", "Marwan H Adwan" for "Marwan H. Adwan"). Each of its names
    ("; "-separated) the page does not hold as such takes the spelling the page uses most often
    for it."""
    names = author.split("; ")
    for n, name in enumerate(names):
        if not name.isascii() or not name.strip() or name in html:  # the page spells it so
            continue
        parts = name.split()
        # an initial may be followed by a dot and no space ("R.C. Baker" for "R C Baker")
        gaps = [r"(?:\.\s*|\s+)" if len(w) == 1 else r"\s+" for w in parts[:-1]] + [
            r"\.?" if len(parts[-1]) == 1 else ""
        ]
        # The first letter is a class of its accented forms, which the regex engine scans the page
        # for quickly; the others are the letter or any non-ASCII character, a class that compiles
        # ~10x faster (a new name's pattern: 0.4 ms, not 1-2 ms). A match must then have the same
        # letters in the same case once accents are dropped: "CNN" is not respelled "cnn".
        pieces = [piece for word, gap in zip(parts, gaps, strict=True) for piece in (*map(_letter_or_other, word), gap)]
        pieces[0] = _ACCENTED.get(parts[0][0].lower(), pieces[0])
        pattern = re.compile("".join(pieces) + r"(?!\w)")
        bare = _bare(name)
        spellings = Counter(s for m in _word_start(pattern, html) if _bare(s := " ".join(m[0].split())) == bare)
        if spellings:
            names[n] = max(spellings, key=lambda s: (spellings[s], not s.isascii() or "." in s))
    return "; ".join(names)


def fullest_forms(html: str, author: str) -> str:
    """trafilatura's author with each of its names in the fuller form the page gives it: a first and
    last name with the middle initial the page writes between them more often than it writes the
    name without ("Christian P. Stadtfeld" signing the article credited to "Christian Stadtfeld"
    in its markup); a one-word name that its JSON-LD description opens in full, followed by a dash
    or a comma ("Stefanus" described as "Stefanus Stahl - engineer and guide")."""
    names = author.split("; ")
    for n, name in enumerate(names):
        words = name.split()
        if len(words) == 2:
            first, last = map(re.escape, words)
            # the pattern opens with the name's letters, which the regex engine scans for quickly
            # (a look-behind first costs ~3 ms a page); a match inside a word is dropped after
            found = re.finditer(rf"{first}\s+([A-Z]\.)\s*{last}(?!\w)", html)
            initials = Counter(m[1] for m in found if not html[m.start() - 1 : m.start()].isalnum()).most_common(1)
            if initials and initials[0][1] > html.count(name):  # the spelling the page uses most often
                names[n] = f"{words[0]} {initials[0][0]} {words[1]}"
        elif len(words) == 1 and '"description"' in html:
            described = rf'"description"\s*:\s*"{re.escape(name)}\s+([^\W\d_][\w\'’-]+)\s*(?:[-–,]|\\u2013)'
            if (m := re.search(described, html)) and m.group(1)[0].isupper():
                names[n] = f"{name} {m.group(1)}"
    return "; ".join(names)


def _letter_or_other(char: str) -> str:
    """A pattern piece for one character of a name: an ASCII letter matches itself or any
    non-ASCII character (a negated class of two ASCII ranges)."""
    if not char.isalpha():
        return re.escape(char)
    code = ord(char)
    return f"[^\\x00-{re.escape(chr(code - 1))}{re.escape(chr(code + 1))}-\\x7f]"


def _bare(name: str) -> str:
    """A name's letters without accents, dots and spaces."""
    return strip_accents(name).replace(".", "").replace(" ", "")


def _word_start(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    r"""``pattern``'s matches in ``text`` that start a word: what ``(?<!\w)`` before the pattern
    finds, 2-4x faster (a lookbehind first keeps the regex engine from skipping ahead to the
    characters that can open a match)."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        before = text[m.start() - 1] if m.start() else " "
        if before.isalnum() or before == "_":
            pos = m.start() + 1
            continue
        yield m
        pos = max(m.end(), pos + 1)


def _accented() -> dict[str, str]:
    """Each ASCII letter -> a character class of it and its accented forms in both cases ("e" ->
    "[eèéêë…EÈÉÊË…]"). Spelled out rather than matched ignoring case: case-insensitive matching
    of such classes reads a long page 3x slower."""
    forms: dict[str, str] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[0].lower()
        if base.isascii() and base.isalpha() and char.lower() not in forms.get(base, base):
            forms[base] = forms.get(base, base) + char.lower()
    for letter in string.ascii_lowercase:
        forms.setdefault(letter, letter)
    both = {c: v + "".join(u for ch in v if len(u := ch.upper()) == 1 and u != ch) for c, v in forms.items()}
    return {c: f"[{v}]" for c, v in both.items()}


_ACCENTED = _accented()


def _ld_entries(value: str) -> list[str]:
    """The entries of a JSON-LD ``author`` value: its top-level objects when it is a list."""
    if not value.startswith("["):
        return [value]
    entries: list[str] = []
    depth, start = 0, 0
    for i, char in enumerate(value):
        if char == "{":
            depth += 1
            if depth == 1:
                start = i
        elif char == "}" and depth:
            depth -= 1
            if not depth:
                entries.append(value[start : i + 1])
    return entries or [value]


def _ld_names(value: str) -> list[str]:
    names = [value.strip('"')] if value.startswith('"') else _LD_NAME.findall(value)
    # an author given as the URL or @id of an author page ("https:\/\/example.org\/author\/x\/#author")
    return [_text(name) for name in names if not _LD_REFERENCE.match(name)]


def _text(fragment: str) -> str:
    """Tags dropped, entities decoded (twice: "&amp;oacute;" is met in JSON-LD), spaces squashed."""
    return " ".join(unescape(unescape(_TAG.sub(" ", fragment))).split())


@dataclass
class PageMeta:
    title: str | None = None
    headings: list[str] = field(default_factory=list)
    subheadings: list[str] = field(default_factory=list)  # <h2>/<h3>: title candidates of last resort
    credits: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)  # credited authors the markup types as organisations
    author: str | None = None
    date: str | None = None
    modified: str | None = None  # last modification, as the markup declares it
    date_declared: bool = False  # from the page's publication-date markup, not a search of the page
    declared_dates: list[str] = field(default_factory=list)  # every publication date in the markup
    headline_date: Dateline | None = None  # written next to the headline
    byline: str | None = None  # names of a byline in the page's text (trafilatura leaves bylines out)
    linked_authors: list[str] = field(default_factory=list)  # a byline label's link to an author's page
    licensed_to: list[str] = field(default_factory=list)  # holders of the page's Creative Commons licence
    sitename: str | None = None
    url: str | None = None
    language: str | None = None
    tags: list[str] = field(default_factory=list)


@dataclass
class Parsed:
    tree: HtmlElement  # the page's DOM, as lxml built it
    meta: PageMeta


@dataclass(frozen=True)
class HtmlProblem:
    reason: RejectReason
    detail: str


def gunzip(data: bytes, limit: int) -> bytes | HtmlProblem:
    """The bytes of a gzip stream, or a problem when it is truncated or corrupt or expands past
    ``limit`` bytes: decompressed in steps, never more than ``limit`` + 1 bytes held."""
    out = bytearray()
    rest = data
    try:
        while rest[:2] == b"\x1f\x8b":  # one member after another, as gzip writes long streams
            member = zlib.decompressobj(wbits=31)
            out += member.decompress(rest, limit + 1 - len(out))
            if len(out) > limit:
                return HtmlProblem(
                    "too_large", f"expands past the limit of {limit} bytes ({len(data)} bytes compressed)"
                )
            if not member.eof:
                return HtmlProblem("undecodable", "broken gzip stream: it ends before its last member does")
            rest = member.unused_data
    except zlib.error as exc:
        return HtmlProblem("undecodable", f"broken gzip stream: {exc}")
    return bytes(out)


def read_html(html: str, url: str | None = None) -> Parsed | HtmlProblem:
    """One HTML page's tree and metadata (the main content is the classifier's to find)."""
    from trafilatura.utils import load_html  # imported here: loading trafilatura costs ~0.5 s

    try:
        tree = load_html(html)
        if tree is None:
            return HtmlProblem("no_content", "no HTML tree could be built from the input")
        marked = marked_up_dates(html)
        doc = _page_metadata(tree, html, url, search_date=not marked)
    except (ValueError, TypeError, RecursionError) as exc:  # lxml refuses some malformed trees
        return HtmlProblem("no_content", f"HTML could not be parsed: {type(exc).__name__}: {exc}")
    page_url = doc.url or url  # its canonical address, else the one given
    # what the page declares: its date markup, else a date in its address (/2021/10/20/slug)
    declared = marked[0] if marked else url_date(page_url)
    credits, credited_orgs = author_credits(html)
    tags = [t for t in [*(doc.categories or []), *(doc.tags or [])] if t and t.strip()]
    spelled = fullest_forms(html, page_spelling(html, doc.author)) if doc.author else None
    author = without_owners(spelled, site_owners(html)) if spelled else None
    # The page's text is searched for a dateline only when the markup declares no date, a UTC time
    # or several days (see pipeline._published); for a byline only when no credit names a person
    # in full.
    wants_dateline = declared is None or declared.endswith(UTC_SUFFIXES) or len({d[:10] for d in marked}) > 1
    wants_byline = not names_in_full([author, *credits])
    shown = headline_date(html, doc.title) if wants_dateline else None
    byline = None
    if wants_byline:
        lines = page_lines(html)
        byline = byline_in(lines, DATED_BYLINE_LINES) or dated_author_line(lines, html, page_url)
    meta = PageMeta(
        title=doc.title or None,
        headings=headings(html),
        subheadings=headings(html, 8, _H23),
        author=author,
        credits=credits,
        organizations=credited_orgs,
        # htmldate's extensive search costs up to 1.5 s on a page (dateparser): only with no dateline either
        date=declared or doc.date or (shown.iso if shown else None) or _deep_date(html, url),
        date_declared=declared is not None,
        declared_dates=marked,
        modified=marked_up_date(html, _MODIFIED_MARKUP) or (shown.iso if shown and shown.updated else None),
        headline_date=shown,
        byline=byline,
        linked_authors=labelled_author_link(html, page_url),
        licensed_to=licence_holders(html),
        sitename=doc.sitename or None,
        url=page_url,
        language=doc.language or None,
        tags=tags,
    )
    return Parsed(tree=tree, meta=meta)


def _uncut(title: str | None, tree: HtmlElement) -> str | None:
    """A meta title that a straight quote the page left unescaped cut short
    (``content="Mayor calls plan "reckless""`` reads "Mayor calls plan "): the <title> element
    holds it whole."""
    whole = (tree.findtext("head/title") or "").strip() if title else ""
    rest = whole[len(title.strip()) :] if title and whole.startswith(title.strip()) else ""
    return whole if rest.lstrip().startswith('"') else title


def _title_element(tree: HtmlElement, guessed: str | None) -> str | None:
    """With no title in the meta tags, trafilatura guesses one from the markup (a heading, an
    element classed "title": a menu's "Main menu" as well); when the <title> element holds an
    <h1> and not that guess, the two sources that agree stand: the <title> element."""
    whole = (tree.findtext("head/title") or "").strip()
    key = squash(whole)
    if not key or (guessed and squash(guessed) in key):
        return guessed
    h1s = (squash(h.text_content()) for h in tree.iter("h1"))
    return whole if any(h and h in key for h in h1s) else guessed


# What extract_catstags needs to find anything: a link whose path holds /categor… or /tag…, or
# (categories) a section or subject <meta>.
_CATEGORY_KEYS = ("/categor", "article:section", "subject")
_TAG_KEY = "/tag"


def _page_metadata(tree: HtmlElement, html: str, url: str | None, search_date: bool = True) -> Document:
    """trafilatura's metadata extraction (``trafilatura.metadata.extract_metadata``) without what
    we do not use (the licence), its author search in one pass (:mod:`parsers.html.author_search`), its
    category and tag searches with one look at the links (:mod:`parsers.html.catstags_search`) and only
    on pages holding the link paths they look for, and its date search only when asked
    (``search_date``: the page declares no date in its markup)."""
    from htmldate import find_date
    from trafilatura import metadata as tm

    from parsers.html.author_search import extract_author
    from parsers.html.catstags_search import extract_catstags

    found = tm.examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None
    try:
        found = tm.extract_meta_json(tree, found)
    except Exception:  # trafilatura's JSON-LD reader fails on odd JSON (as it logs): the meta tags stand
        pass
    found.title = _uncut(found.title, tree) or _title_element(tree, tm.extract_title(tree))
    if not found.author:
        found.author = extract_author(tree, cut_date)  # trafilatura's search, in one pass
    if found.author and broken_entity(found.author):  # "Redacci; Oacute; N": the page's credits stand
        found.author = None
    found.url = found.url or tm.extract_url(tree, url)
    date = find_date(tree, url=found.url, original_date=True, extensive_search=False) if search_date else None
    found.date = date if isinstance(date, str) else None
    found.sitename = found.sitename or tm.extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url and (domain := tm.META_URL.match(found.url)):
        found.sitename = domain[1]
    if not found.categories and any(key in html for key in _CATEGORY_KEYS):
        found.categories = extract_catstags("category", tree)
    if not found.tags and _TAG_KEY in html:
        found.tags = extract_catstags("tag", tree)
    found.clean_and_trim()
    return found
