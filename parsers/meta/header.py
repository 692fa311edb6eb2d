"""Header metadata found in the text itself: title, bylines, date lines, tag lines.

The blocks around the start of the article body are scanned; a line recognised as metadata is
turned into fields and recorded as removed with a ``meta.*`` id, never left in the body.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from urllib.parse import urlsplit

import regex

from parsers.blocks import Block
from parsers.meta.bylines import (
    AND_LINE,
    BYLINE,
    BYLINE_LABEL,
    POSTED_BY,
    SENTENCE_AFTER_BY,
)
from parsers.meta.dates import DATELINE_FILLER, find_date, resolve_relative, unglue_dates
from parsers.meta.fields import Meta
from parsers.meta.names import (
    ORGANIZATIONS,
    distinct_persons,
    is_person_name,
    split_byline,
    title_key,
)
from parsers.meta.params import META
from parsers.meta.titles import SITE_SEPARATOR, TITLE_SEPARATORS, site_credited, strip_site_name

# A time on a line of its own, under a byline or a date ("08:30 Uhr", "8:30 am").
_TIME_LINE = regex.compile(r"^\d{1,2}[:.]\d{2}(?:\s*(?:uhr|h|hrs?\.?|[ap]\.?m\.?))?$", regex.IGNORECASE)


_TAG_LINE = regex.compile(
    r"^(?P<key>region|regions|theme|themes|tags?|topics?|themen|schlagw(?:ö|oe)rter|schlagworte|"
    r"categor(?:y|ies)|kategorien?|filed under|rubriken?|tematy|tagi|etiquetas|mots-cl[ée]s|sujets)"
    r"\s*:\s*(?P<values>\S.*)$",
    regex.IGNORECASE,
)
MODIFIED_LABEL = regex.compile(
    r"\b(?:updated|last (?:updated|modified|edited)|modified|aktualisiert|aktualisierung|stand|mis à jour|actualizado|"
    r"zaktualizowano|aggiornato)\b|\bupdate\s*:",  # "Update: 29.11.2022" labels a date; "an update" alone does not
    regex.IGNORECASE,
)
_PUBLISHER_PREFIX = regex.compile(r"^(?P<name>\p{Lu}[\p{L}&'’. -]{1,60}?),\s*$")
_NAME_SPLIT = regex.compile(r"\s*[|,·•–—]\s*|\s+-\s+")
# Byline words and date labels between a name and its date ("Jane Roe Zuletzt geändert am …").
_NAME_LABEL_SPLIT = regex.compile(
    r"\b(?:von|by|par|por|am|um|"
    r"(?:(?:last|zuletzt)\s+)?(?:updated|modified|published|geändert|aktualisiert|veröffentlicht))(?:\s+|$)",
    regex.IGNORECASE,
)


@dataclass
class HeaderMeta(Meta):
    """The metadata a text page's blocks show, and where the scan found it."""

    labels: dict[int, str] = field(default_factory=dict)  # block index -> meta rule id
    title_index: int | None = None
    day_first: bool = False  # "03/05/2022" is 3 May (the page is not in English)
    brands: set[str] = field(default_factory=set)  # short block texts of the page: site names, sections


def find_title(blocks: Sequence[Block], start: int, ruled: Collection[int] = ()) -> int | None:
    """Index of the headline: the last top-level heading before the body, else the title-shaped
    line nearest before the byline/date lines (or before the body), else the first line. A block
    a boilerplate rule removed (``ruled``: "Skip to content", "Recent comments") is none of them."""
    headings = [
        b
        for b in blocks[: start + 1]
        if b.kind == "heading" and b.text and b.index not in ruled and _unlinked_or_permalink(b)
    ]
    for level in (1, 2):
        candidates = [b for b in headings if b.level == level]
        if candidates:  # a one-word heading ("Menu", "Archiv") only when no longer one stands
            return next((b for b in reversed(candidates) if b.words >= 2), candidates[-1]).index
    anchor = next((b.index for b in blocks[max(0, start - META.header_before) : start] if _is_meta_line(b)), start)
    for block in reversed(blocks[max(0, anchor - META.title_lookback) : anchor]):
        if _title_shaped(block) and block.index not in ruled:
            return block.index
    first = next((b for b in blocks[: max(start, 1)] if b.text and b.index not in ruled), None)
    return first.index if first is not None and _title_shaped(first) else None


def _unlinked_or_permalink(block: Block) -> bool:
    """A heading with no link, or one link of a few words to a page below a site's root: a blog's
    headline linked to its own page ("## [Copy and paste from tmux](/2020/01/tmux/)"), not a
    menu's "[Home](/)" nor a site's name linked to its home page."""
    if not block.link_chars:
        return True
    if len(block.links) != 1 or block.words < META.permalink_min_words:
        return False
    return bool(urlsplit(block.links[0][1]).path.strip("/"))


def _is_meta_line(block: Block) -> bool:
    return bool(block.text) and block.words <= 40 and bool(BYLINE.match(block.text) or find_date(block.text))


def _title_shaped(block: Block) -> bool:
    text = block.text
    return (
        block.kind in ("para", "heading")
        and not block.link_chars
        and 2 <= block.words <= 30
        and not text.endswith((".", ":", ","))
        and not text.isupper()
        and "|" not in text
    )


def clean_title(title: str, later: Sequence[str], page_title: bool = False) -> str:
    """Drop a site-name suffix when a shorter form of the title also stands on the page. For a
    page's <title> line (``page_title``), a short last part after a site separator ("Headline |
    Site", "Headline – Site Name") is the site's name even when it stands nowhere else."""
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        for part in sorted(parts, key=len, reverse=True):
            if part in later and len(part.split()) >= 2:
                return part
    cuts = list(SITE_SEPARATOR.finditer(title)) if page_title else []
    if cuts:
        head, tail = title[: cuts[-1].start()].strip(), title[cuts[-1].end() :].strip()
        if len(tail.split()) <= META.site_name_max_words and len(head.split()) >= 2:
            return head
    return title.strip()


def page_title_line(blocks: Sequence[Block]) -> int | None:
    """A plain-text page (no headings) whose first line is its <title>, as text renderings of
    HTML put it: one line of 2-30 words with a site separator, or repeated further down."""
    if any(b.kind == "heading" for b in blocks):
        return None
    first = next((b for b in blocks if b.text), None)
    if first is None or first.kind != "para" or "\n" in first.text or first.link_chars or not 2 <= first.words <= 30:
        return None
    if SITE_SEPARATOR.search(first.text) or any(b.text == first.text for b in blocks[first.index + 1 :]):
        return first.index
    return None


def scan_header(
    blocks: Sequence[Block],
    start: int,
    title_index: int | None,
    fetched_at: datetime | None,
    day_first: bool = False,
    site_names: Collection[str] = (),
) -> HeaderMeta:
    """Bylines, date lines and tag lines around the body start; ``site_names``: the publisher's
    names known beforehand (its profile's), besides those the page shows above its header."""
    meta = HeaderMeta(day_first=day_first)
    first = max(0, start - META.header_before) if title_index is None else title_index + 1
    meta.brands = {b.text.casefold() for b in blocks[:first] if b.text and b.words <= 6}
    meta.brands.update(name.casefold() for name in site_names)
    last = min(len(blocks), start + META.header_after)
    # a byline label alone ("AUTOR/IN") over the name in the next block, or an "and" between such
    # a name and the next ("By" / "Jane Roe" / "and" / "John Doe": one name per element)
    label: Block | None = None
    named = False  # the block before is a name under a label
    for block in blocks[first:last]:
        if block.kind not in ("para", "heading", "item") or not block.text or block.words > 40:
            label, named = None, False
            continue
        if label is not None and is_person_name(block.text):
            _add_authors(meta, [block.text])
            meta.labels[label.index] = meta.labels[block.index] = "meta.byline"
            label, named = None, True
            continue
        if rule := _scan_block(block, meta, fetched_at):
            meta.labels[block.index] = rule
        label = block if BYLINE_LABEL.match(block.text) or (named and AND_LINE.fullmatch(block.text)) else None
        named = False
    if title_index is not None and not meta.published:  # a date line just above the headline
        far = blocks[max(0, title_index - META.date_far_above_title) : title_index]
        near = title_index - (META.date_far_above_title if _one_day(far, fetched_at) else META.date_above_title)
        for block in (b for b in far if b.index >= near):
            above = HeaderMeta(day_first=day_first, brands=meta.brands)
            rule = _dated_block(block, above, fetched_at)
            if rule in ("meta.date", "meta.byline"):  # "Par Jane Roe | 30 septembre 2018" over the headline
                # the line nearest the headline wins; an "Updated …" line sets only the modified date
                meta.published, meta.modified = above.published or meta.published, above.modified or meta.modified
                meta.labels[block.index] = rule
                meta.authors = meta.authors or above.authors  # a byline's names (a date line has none)
    return meta


def _scan_block(block: Block, meta: HeaderMeta, fetched_at: datetime | None) -> str | None:
    """The rule of a block whose every line is metadata (its values set in ``meta``), else None
    (and ``meta`` as it was: a byline heading a paragraph is not read here)."""
    rules: list[str] = []
    lines = _with_times(block.lines or [block.text])
    names_pending: list[str] = []
    found = replace(meta, authors=[*meta.authors], organizations=[*meta.organizations], tags=[*meta.tags])
    for line in lines:
        rule = _scan_line(line, found, fetched_at, names_pending)
        if rule is None:
            return None  # a line that is not metadata: the block is not a header block
        rules.append(rule)
    if names_pending:  # a bare name line counts only beside a byline or date line in the block
        if not any(r in ("meta.date", "meta.byline") for r in rules):
            return None
        _add_authors(found, names_pending)
    for name in (f.name for f in fields(HeaderMeta)):
        setattr(meta, name, getattr(found, name))
    return "meta.byline" if "meta.byline" in rules or names_pending else rules[0]


def _with_times(lines: list[str]) -> list[str]:
    """A time on a line of its own joins the line above it ("24. April 2020" then "08:30 Uhr")."""
    joined: list[str] = []
    for line in lines:
        if joined and _TIME_LINE.match(line.strip()):
            joined[-1] = f"{joined[-1]} {line.strip()}"
        else:
            joined.append(line)
    return joined


_BARE_NAME = "meta.name"  # a line that is only a person's name: a byline only beside a date or byline


def _scan_line(line: str, meta: HeaderMeta, fetched_at: datetime | None, names: list[str]) -> str | None:
    line = unglue_dates(line.strip())
    if m := _TAG_LINE.match(line):
        meta.tags.extend(v for v in (s.strip() for s in regex.split(r"[,;|]", m.group("values"))) if v)
        return "meta.tags"
    if (m := BYLINE.match(line)) and not SENTENCE_AFTER_BY.match(m.group("names")):
        people, orgs = split_byline(m.group("names"))
        date_found = find_date(line, fetched_at, meta.day_first)
        if date_found and not meta.published:
            meta.published = date_found.iso
        if people or orgs:
            _add_authors(meta, people)
            meta.organizations.extend(o for o in orgs if o not in meta.organizations)
            return "meta.byline"
    if found := find_date(line, fetched_at, meta.day_first):
        before, after = line[: found.start], line[found.end :]
        pieces = _name_pieces(before + " | " + after)  # "25.10.2022 - Jane Roe"
        names = [p for p in pieces if is_person_name(p)]
        agencies = [p for p in pieces if p.lower() in ORGANIZATIONS]  # "Associated Press November 19, 2019"
        rest = DATELINE_FILLER.sub(" ", " ".join([before, after]))
        for name in [*names, *agencies]:
            rest = rest.replace(name, " ")
        if len(rest.split()) <= META.date_line_extra_words:
            _set_date(meta, found.iso, modified=bool(MODIFIED_LABEL.search(before + after)))
            if publisher := _publisher_prefix(before, meta.brands):
                meta.publisher = meta.publisher or publisher
                names = [n for n in names if n != publisher]
            names = [n for n in names if n.casefold() not in meta.brands]  # a site name shown elsewhere
            _add_authors(meta, names)
            meta.organizations.extend(a for a in agencies if a not in meta.organizations)
            return "meta.byline" if names or agencies else "meta.date"
    if is_person_name(line):
        names.append(line)
        return _BARE_NAME
    return None


def _publisher_prefix(before: str, brands: set[str]) -> str | None:
    """The publisher a date line opens with ("Global Research, February 28, 2019"): a name that
    could be a person's ("Jane Roe, 03.11.2023") only when it is the site's own name: shown above
    the header, or the publisher profile's (both in ``brands``)."""
    prefix = _PUBLISHER_PREFIX.match(before)
    if prefix is None or DATELINE_FILLER.sub("", prefix.group("name")) != prefix.group("name"):
        return None
    name = prefix.group("name").strip()
    return name if not is_person_name(name) or name.casefold() in brands else None


def _name_pieces(text: str) -> list[str]:
    """The parts of a date line's text that may each be a name: split at separator marks, then at
    byline words or date labels ("Von Jane Roe am", "Jane Roe Zuletzt geändert am"), unless no
    part is then a name: "von" inside "Christoph von Ritter" is part of the name."""
    pieces: list[str] = []
    for piece in _NAME_SPLIT.split(text):
        parts = [p.strip(" -") for p in _NAME_LABEL_SPLIT.split(piece)]
        pieces.extend(parts if len(parts) == 1 or any(map(is_person_name, parts)) else [piece.strip(" -")])
    return pieces


def body_date_line(blocks: Sequence[Block], fetched_at: datetime | None, day_first: bool = False) -> str | None:
    """The publication date of the date lines among ``blocks`` (a line of its own holding one date
    and nothing else: "veröffentlicht: 25.10.2007 15:19" under a blog post), the first in reading
    order, when they all give the same day: none from teasers or comments each with its own date.
    An "Updated" line tells when the page changed, not when it was published: it is passed over."""
    found: list[str] = []
    for block in (b for b in blocks if "\n" not in b.text):
        meta = HeaderMeta(day_first=day_first)
        if _dated_block(block, meta, fetched_at) == "meta.date" and meta.published:
            found.append(meta.published)
    return found[0] if len({iso[:10] for iso in found}) == 1 else None


def _dated_block(block: Block, meta: HeaderMeta, fetched_at: datetime | None) -> str | None:
    """The rule of a short block giving one day's date whose every line is metadata (its values
    set in ``meta``; see :func:`_scan_block`), else None."""
    if not block.text or block.words > META.date_line_max_words or not _one_date(block.text):
        return None
    return _scan_block(block, meta, fetched_at)


def _one_day(blocks: Sequence[Block], fetched_at: datetime | None) -> bool:
    """Whether the dates written in ``blocks`` are all of one day (and there is one)."""
    days = {found.iso[:10] for found in (find_date(b.text, fetched_at) for b in blocks if b.text) if found}
    return len(days) == 1


def _one_date(text: str) -> bool:
    """Whether ``text`` holds the date of one day ("Release: 11.02.2005 | Update: 29.11.2022" holds two)."""
    found = find_date(text, None)
    if found is None:
        return False
    again = find_date(text[found.end :], None)  # "3. April 20223. April 2022": published and updated, one day
    return again is None or again.iso[:10] == found.iso[:10]


def _set_date(meta: HeaderMeta, iso: str, modified: bool) -> None:
    if modified:
        meta.modified = meta.modified or iso
    elif not meta.published:
        meta.published = iso


def _add_authors(meta: HeaderMeta, names: Sequence[str]) -> None:
    for name in names:
        if name not in meta.authors:
            meta.authors.append(name)


def merge_hints(meta: HeaderMeta, hints: Meta, fetched_at: datetime | None, url: str | None = None) -> None:
    """Metadata given with the content (record fields, HTML page metadata) wins over text cues."""
    if hints.title:
        given = strip_site_name(" ".join(hints.title.replace("\u00ad", "").split()), hints.publisher)
        if not (meta.title and title_key(meta.title) and title_key(meta.title) in title_key(given)):
            meta.title = given  # the headline on the page, when the given title wraps it, is cleaner
    if hints.authors:
        people: list[str] = []
        orgs: list[str] = []
        for credit in hints.authors:
            found_people, found_orgs = split_byline(credit)
            people.extend(p for p in found_people if p not in people)
            orgs.extend(o for o in found_orgs if o not in orgs)
        orgs.extend(p for p in people if site_credited(p, hints.publisher, url))
        people = distinct_persons([p for p in people if p not in orgs])
        if people or orgs:
            meta.authors, meta.organizations = people, orgs or meta.organizations
    meta.organizations.extend(o for o in hints.organizations if o not in meta.organizations)
    for name in ("published", "modified"):
        value = getattr(hints, name)
        iso = normalize_date(value, fetched_at) if value else None
        if iso:
            setattr(meta, name, iso)
    if meta.modified and meta.published and meta.modified[:10] < meta.published[:10]:
        meta.modified = None  # "modified" before publication: a template's or a reprint's date
    meta.publisher = hints.publisher or meta.publisher
    if hints.tags:
        meta.tags = [*hints.tags, *meta.tags]


def normalize_date(value: str, fetched_at: datetime | None) -> str | None:
    """An ISO 8601 date or time from a metadata value, precision kept; None when implausible."""
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        found = find_date(value, fetched_at)
        return found.iso if found else resolve_relative(value, fetched_at)
    if fetched_at is not None and parsed.replace(tzinfo=None) > fetched_at.replace(tzinfo=None):
        return None
    if parsed.year < 1990:
        return None
    if len(value) <= 10:
        return parsed.date().isoformat()
    return parsed.isoformat()


_YEARS = r"(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)?\d{2,4})?"
_COPYRIGHT_LINE = regex.compile(
    r"^\W*(?:(?i:copyright)\s*)?(?:©|\((?i:c)\)|(?i:copyright)\b)\s*(?:" + _YEARS + r"\s*,?\s*)?"
    r"(?P<name>\p{Lu}[\p{L}\p{N}&'’. -]{1,60}?)\s*,?\s*(?:" + _YEARS + r")?\s*"
    r"(?:[.|•·]\s*.*|(?i:all rights reserved|alle rechte vorbehalten|tous droits réservés).*)?$"
)
_NOT_A_HOLDER = regex.compile(r"(?i)\ball rights\b|\brights reserved\b|\bcopyright\b")


def copyright_holder(blocks: Sequence[Block], authors: Collection[str] = ()) -> str | None:
    """The holder a line opening with a copyright sign near the end of the page names ("© 2024
    Harbor Gazette. All rights reserved.", "Copyright © Valley Courier 2023"): the publisher,
    when nothing else names it. The article's own authors are passed over (their copyright)."""
    for block in reversed(blocks[-META.copyright_tail_blocks :]):
        for line in reversed(block.text.split("\n")):
            if "©" not in line and "(c)" not in line.lower() and "copyright" not in line.lower():
                continue
            m = _COPYRIGHT_LINE.match(line.strip())
            if m is None:
                continue
            name = m.group("name").strip(" .-")
            if name and not _NOT_A_HOLDER.search(name) and name not in authors:
                return name
    return None


def date_only(line: str) -> bool:
    """Whether the line is a date line naming no one (see :func:`_scan_line`)."""
    return _scan_line(line, HeaderMeta(), None, []) == "meta.date"


def byline_in(lines: Sequence[str], dated_lines: int = 0) -> str | None:
    """The names of the first byline among ``lines`` of page text ("By Jane Roe", "Autoren X und Y",
    a lone "Von" over the name, "Posted on <date> by X"); in the first ``dated_lines`` lines also a
    date line naming persons and nothing else ("25.10.2022 - Jane Roe")."""
    for i, line in enumerate(lines):
        if len(line) > META.byline_max_chars:
            continue
        line = unglue_dates(line.lstrip("-–—*·•|> "))  # "---- by Jane Roe", "By Jane Roe3.11.2023"
        if BYLINE_LABEL.match(line) and i + 1 < len(lines):
            line = f"{line} {lines[i + 1]}"
        m = BYLINE.match(line) or POSTED_BY.match(line)
        if m is None and i < dated_lines and (dated := _dated_names(line)):
            return dated
        if m is None or len(m.group("names")) > META.byline_max_names_chars or m.group("names")[:1].islower():
            continue  # "By checking this box, you agree": a sentence, not a byline
        people, _ = split_byline(m.group("names"))
        # "Von Gästen und Einheimischen geschätzt": a sentence opening with a preposition, not a byline
        if people and all(map(is_person_name, people)):
            return m.group("names")
    return None


def _dated_names(line: str) -> str | None:
    """The persons a date line names, when it says nothing else (see :func:`_scan_line`)."""
    found = HeaderMeta()
    if _scan_line(line, found, None, []) != "meta.byline" or not found.published or found.organizations:
        return None
    return "; ".join(found.authors)
