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
from parsers.inputs.records import Hints
from parsers.meta.dates import DATELINE_FILLER, find_date, resolve_relative
from parsers.meta.names import (
    CONJUNCTIONS,
    ORGANIZATIONS,
    distinct_persons,
    is_person_name,
    split_byline,
    strip_accents,
)

# How far around the body start the header is searched, in blocks: calibrated on the seeds and
# DEV bench pages (bylines sit within a dozen blocks before the first paragraph, or just after).
HEADER_BEFORE = 15
HEADER_AFTER = 3
# A date line holds the date and at most this many other words ("Published", "Updated", a place).
DATE_LINE_EXTRA_WORDS = 5
DATE_LINE_MAX_WORDS = 12  # words of a block searched for a date line away from the header
# Blocks above the headline searched for a date line when none follows it ("19.11.2021" over "# Title");
# up to DATE_FAR_ABOVE_TITLE blocks when every date written there is the same day (a page's own
# date over its share bar or a kicker, not a list of teasers each with its date).
DATE_ABOVE_TITLE = 3
DATE_FAR_ABOVE_TITLE = 12
# Blocks searched backwards from the byline for a plain-text headline.
TITLE_LOOKBACK = 6

# "By" in the languages of the bylines we read (also after a label in the page's HTML: parsers.html.page)
BYLINE_PREPOSITIONS = "by|von|par|por|di|door|av|przez"
_BYLINE = regex.compile(
    r"^(?:(?:written|posted|published|reported|text|story)\s+by"
    rf"|(?:(?:ein\s+)?(?:(?:blog[\s-]?)?(?:artikel|beitrag)|gastbeitrag|bericht|text)\s+)?(?:{BYLINE_PREPOSITIONS})"
    r"|autor(?:in)?|autoren|author|authors|autore|auteur|text|tekst)\b\s*:?\s+(?P<names>\S.*)$",
    regex.IGNORECASE,
)
# Running words after "By": a sentence ("By submitting this form, you agree"), not a byline
# (a lower-case handle alone is one: "von zahlenzauberin").
_SENTENCE_AFTER_BY = regex.compile(r"\p{Ll}\S*\s+\S+\s+\S")
# A time on a line of its own, under a byline or a date ("08:30 Uhr", "8:30 am").
_TIME_LINE = regex.compile(r"^\d{1,2}[:.]\d{2}(?:\s*(?:uhr|h|hrs?\.?|[ap]\.?m\.?))?$", regex.IGNORECASE)
# A name and a date written together ("Jane Roe3.11.2023"): the date starts a word of its own.
_GLUED_DATE = regex.compile(r"(?<=\p{L}\p{Ll})(?=\d)")  # not "09h08"


def unglue_dates(text: str) -> str:
    """A date written on to the word before it is set apart ("Jane Roe3.11.2023", "Erstellt am09.02.2022")."""
    return _GLUED_DATE.sub(" ", text)


# A byline under a label on its own line ("Autor:" then the name): the label alone.
_BYLINE_LABEL = regex.compile(
    r"^(?:by|von|par|por|autor(?:in|/in|\*in)?|author|autore|auteur|autoren|authors)\s*:?$", regex.IGNORECASE
)
_AND_LINE = regex.compile("&|" + "|".join(CONJUNCTIONS), regex.IGNORECASE)  # alone between two names
# "Posted on March 3, 2021 by Jane Roe": a byline after a date.
_POSTED_BY = regex.compile(
    r"^(?:posted|published|written|geschrieben|veröffentlicht|publié|publicado)\b.{0,60}?\b(?:by|von|par|por)\s+(?P<names>\S.*)$",
    regex.IGNORECASE,
)


def byline_in(lines: Sequence[str], dated_lines: int = 0) -> str | None:
    """The names of the first byline among ``lines`` of page text ("By Jane Roe", "Autoren X und Y",
    a lone "Von" over the name, "Posted on <date> by X"); in the first ``dated_lines`` lines also a
    date line naming persons and nothing else ("25.10.2022 - Jane Roe")."""
    for i, line in enumerate(lines):
        if len(line) > BYLINE_MAX_CHARS:
            continue
        line = unglue_dates(line.lstrip("-–—*·•|> "))  # "---- by Jane Roe", "By Jane Roe3.11.2023"
        if _BYLINE_LABEL.match(line) and i + 1 < len(lines):
            line = f"{line} {lines[i + 1]}"
        m = _BYLINE.match(line) or _POSTED_BY.match(line)
        if m is None and i < dated_lines and (dated := _dated_names(line)):
            return dated
        if m is None or len(m.group("names")) > BYLINE_MAX_NAMES_CHARS or m.group("names")[:1].islower():
            continue  # "By checking this box, you agree": a sentence, not a byline
        people, _ = split_byline(m.group("names"))
        # "Von Gästen und Einheimischen geschätzt": a sentence opening with a preposition, not a byline
        if people and all(map(is_person_name, people)):
            return m.group("names")
    return None


def date_only(line: str) -> bool:
    """Whether the line is a date line naming no one (see :func:`_scan_line`)."""
    return _scan_line(line, HeaderMeta(), None, []) == "meta.date"


def _dated_names(line: str) -> str | None:
    """The persons a date line names, when it says nothing else (see :func:`_scan_line`)."""
    found = HeaderMeta()
    if _scan_line(line, found, None, []) != "meta.byline" or not found.published or found.organizations:
        return None
    return "; ".join(found.authors)


# The address of an author's page: "/author/jane-roe", "/autor/jroe/", "/auteur/…", "?author=12" (not
# a search by author: "scholar_lookup?author=Roe"). Its slug is often a login ("/author/admin"),
# not the name: the link's text is the name.
# A site's staff page ("/staff/jane-roe/") and a forum's member page ("userinfo.php?uid=6") are too.
_AUTHOR_PAGE = regex.compile(
    r"(?:/(?:authors?|autor(?:en|in)?|auteurs?|autore|autori|autores|autoras?|autorzy|writers?|contributors?|columnists?|"
    r"redakteur(?:in|e)?|staff)/(?=[^/?#\s])|[?&]author=(?=\d)|/userinfo\.php\?uid=(?=\d))",
    regex.IGNORECASE,
)


def author_page(url: str) -> bool:
    """Whether the link ``url`` leads to an author's page (see ``_AUTHOR_PAGE``)."""
    return _AUTHOR_PAGE.search(url) is not None


def author_page_names(label: str, url: str) -> list[str]:
    """The persons a link's text names when the link leads to an author's page."""
    if not author_page(url):
        return []
    people, _ = split_byline(label)
    # a one-word name is taken when capitalised (split_byline already drops initials such as "TK")
    if not people or not all(is_person_name(p) or (" " not in p and p[:1].isupper()) for p in people):
        return []
    return people


BYLINE_MAX_CHARS = 160
BYLINE_MAX_NAMES_CHARS = 100
_TAG_LINE = regex.compile(
    r"^(?P<key>region|regions|theme|themes|tags?|topics?|themen|schlagw(?:ö|oe)rter|schlagworte|"
    r"categor(?:y|ies)|kategorien?|filed under|rubriken?|tematy|tagi|etiquetas|mots-cl[ée]s|sujets)"
    r"\s*:\s*(?P<values>\S.*)$",
    regex.IGNORECASE,
)
MODIFIED_LABEL = regex.compile(
    r"\b(?:updated|last (?:updated|modified|edited)|modified|aktualisiert|aktualisierung|stand|mis à jour|actualizado|"
    r"zaktualizowano|aggiornato)\b",
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
# Marks between a title's parts; "Headline | Site", "Headline – Site" put them before a site's name.
_SEPARATOR_MARKS = "|–—·»"
_TITLE_SEPARATORS = regex.compile(rf"\s+(?:[{_SEPARATOR_MARKS}:]|-{{1,2}})\s+")
_SITE_SEPARATOR = regex.compile(rf"\s+(?:[{_SEPARATOR_MARKS}]|-{{1,2}})\s+")


@dataclass
class HeaderMeta:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    publisher: str | None = None
    tags: list[str] = field(default_factory=list)
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
    anchor = next((b.index for b in blocks[max(0, start - HEADER_BEFORE) : start] if _is_meta_line(b)), start)
    for block in reversed(blocks[max(0, anchor - TITLE_LOOKBACK) : anchor]):
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
    if len(block.links) != 1 or block.words < PERMALINK_MIN_WORDS:
        return False
    return bool(urlsplit(block.links[0][1]).path.strip("/"))


PERMALINK_MIN_WORDS = 4


def _is_meta_line(block: Block) -> bool:
    return bool(block.text) and block.words <= 40 and bool(_BYLINE.match(block.text) or find_date(block.text))


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
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        for part in sorted(parts, key=len, reverse=True):
            if part in later and len(part.split()) >= 2:
                return part
    cuts = list(_SITE_SEPARATOR.finditer(title)) if page_title else []
    if cuts:
        head, tail = title[: cuts[-1].start()].strip(), title[cuts[-1].end() :].strip()
        if len(tail.split()) <= SITE_NAME_MAX_WORDS and len(head.split()) >= 2:
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
    if _SITE_SEPARATOR.search(first.text) or any(b.text == first.text for b in blocks[first.index + 1 :]):
        return first.index
    return None


SITE_NAME_MAX_WORDS = 5


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
    first = max(0, start - HEADER_BEFORE) if title_index is None else title_index + 1
    meta.brands = {b.text.casefold() for b in blocks[:first] if b.text and b.words <= 6}
    meta.brands.update(name.casefold() for name in site_names)
    last = min(len(blocks), start + HEADER_AFTER)
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
        label = block if _BYLINE_LABEL.match(block.text) or (named and _AND_LINE.fullmatch(block.text)) else None
        named = False
    if title_index is not None and not meta.published:  # a date line just above the headline
        far = blocks[max(0, title_index - DATE_FAR_ABOVE_TITLE) : title_index]
        near = title_index - (DATE_FAR_ABOVE_TITLE if _one_day(far, fetched_at) else DATE_ABOVE_TITLE)
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
    if (m := _BYLINE.match(line)) and not _SENTENCE_AFTER_BY.match(m.group("names")):
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
        if len(rest.split()) <= DATE_LINE_EXTRA_WORDS:
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
    if not block.text or block.words > DATE_LINE_MAX_WORDS or not _one_date(block.text):
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


def merge_hints(meta: HeaderMeta, hints: Hints, fetched_at: datetime | None, url: str | None = None) -> None:
    """Metadata given with the content (record fields, HTML page metadata) wins over text cues."""
    if hints.title:
        given = strip_site_name(" ".join(hints.title.replace("\u00ad", "").split()), hints.publisher)
        if not (meta.title and squash(meta.title) and squash(meta.title) in squash(given)):
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


# Hosts of personal blogs: the one-word name credited on a blog there is its writer's handle.
BLOG_HOSTS = ("wordpress.com", "blogspot.com", "blogspot.de", "tumblr.com", "substack.com", "livejournal.com")


def site_credited(credit: str, publisher: str | None, url: str | None) -> bool:
    """Whether a one-word ``credit`` is the site's own name ("Vegolosi" on Vegolosi): an
    organisation, unless the site bears a person's name ("Mady" on "Mady Morrison - Yoga
    Lifestyle", not "Google" on "Google Online Security Blog") or is a blog on a personal-blog
    host ("gnaddrig" on gnadlib.wordpress.com)."""
    site, name = squash(publisher or ""), squash(credit)
    if not (site and name and name in site) or is_person_name(credit):
        return False
    if (hostname(url) or "").endswith(BLOG_HOSTS):
        return False
    people = (p.split() for p in _TITLE_SEPARATORS.split(publisher or "") if is_person_name(p) and len(p.split()) <= 3)
    return not any(name in {squash(word) for word in words} for words in people)


def best_title(
    title: str | None,
    headings: Sequence[str],
    site: str | None,
    url: str | None = None,
    others: Sequence[str] = (),
    content_headings: Sequence[str] = (),
) -> str | None:
    """The headline: the page's <h1> when the <title> wraps it (site name, section, kicker).

    When the page's URL carries a slug ("/news/2021/rates-rise-again.html") and the choice
    shares few of its words (a <title> that is only the site's or section's name), the candidate
    heading (``headings``, then ``others``: lower headings, then ``content_headings``: the
    extracted content's own) that holds most of the slug's words is taken instead. When the
    choice holds the slug but many words besides (a kicker, a section), an <h1> or a content
    heading that holds the slug with fewer other words is taken. Before that, a choice that only
    names the site's host (a logo <h1>: "L-Mag" on l-mag.de) gives way to the first heading of
    two words or more that does not."""
    title = title.replace("\u00ad", "") if title else title
    headings, others, content_headings = (
        [h.replace("\u00ad", "") for h in hs] for hs in (headings, others, content_headings)
    )
    chosen = _title_from(title, headings, site)
    host = site_label(url) or ""
    if chosen and _names_site(chosen, host):  # the site's name only (a logo <h1>): the page's own headline
        own = (h for h in (*headings, *content_headings, *others) if 2 <= len(h.split()) <= 30)
        chosen = next((h for h in own if not _names_site(h, host)), chosen)
    slug = slug_words(url)
    if not slug or (title and chosen and squash(chosen) != squash(title) and chosen in headings):
        return chosen  # the <title> wraps an <h1>: two sources agree
    candidates = (*headings, *others, *content_headings)
    pool = [c for c in candidates if 1 <= len(c.split()) <= 30 and not c.endswith(":")]  # "Fazit:" leads in
    if title:
        pool.append(strip_site_name(title, site))
    key = squash(site or "")
    pool = [c for c in pool if squash(c) and squash(c) != key]
    current = _slug_recall(slug, chosen) if chosen else 0.0
    if not pool:
        return chosen
    if current < SLUG_KEEP:
        best = max(pool, key=lambda c: _slug_recall(slug, c))  # the first of equals: h1s come first
        gain = _slug_recall(slug, best)
        return best if gain >= SLUG_TAKE and gain - current >= SLUG_MARGIN else chosen
    # The choice holds the slug, but also words the slug leaves out (a kicker, a section name):
    # a candidate holding the slug as well with fewer other words is the headline itself.
    near = {*headings, *content_headings}
    fits = [c for c in pool if c in near and _slug_recall(slug, c) >= current]
    tight = max(fits, key=lambda c: _slug_precision(slug, c), default=None)
    if tight and chosen and _slug_precision(slug, tight) - _slug_precision(slug, chosen) >= SLUG_MARGIN:
        return tight
    return chosen


# Slug agreement (share of the slug's words a candidate holds): keep a choice at or above
# SLUG_KEEP; replace it by a candidate reaching SLUG_TAKE and SLUG_MARGIN more. DEV-calibrated.
SLUG_KEEP = 0.5
SLUG_TAKE = 0.6
SLUG_MARGIN = 0.3
_SLUG_NOISE = frozenset(
    "index default article articles news detail details home page post posts story html htm php aspx asp "
    "shtml jsp cms view read de en fr es it pl www".split()
)
_FOLD_DIGRAPHS = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "þ": "th"})


_NON_WORD = regex.compile(r"[\W_]+")
_PAGE_EXTENSION = regex.compile(r"\.(?:s?html?|php|aspx?|jsp|cms)$", regex.IGNORECASE)


def _words(text: str) -> set[str]:
    """Words as a URL slug would spell them: accents dropped, umlaut digraphs merged, lower case."""
    plain = strip_accents(text.casefold().translate(_FOLD_DIGRAPHS))
    plain = plain.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    return {w for w in _NON_WORD.split(plain) if len(w) >= 2}


def slug_words(url: str | None) -> set[str]:
    """The words of a URL's slug: the last path segment, or the one before it when the last is
    an id ("/rates-rise-again/17-378.html"); a single word only when it is the last segment."""
    if not url:
        return set()
    segments = [s for s in urlsplit(url).path.split("/") if s]
    for depth, segment in enumerate(reversed(segments[-2:])):
        stem = _PAGE_EXTENSION.sub("", segment)
        words = {w for w in _words(stem) if not w.isdigit() and w not in _SLUG_NOISE}
        if len(words) >= 2 or (depth == 0 and len(words) == 1 and len(next(iter(words))) >= 5):
            return words
        if any(c.isalpha() for c in stem):  # a segment of words that is no slug: stop
            return set()
    return set()


def _slug_recall(slug: set[str], candidate: str) -> float:
    return len(slug & _words(candidate)) / len(slug)


def _slug_precision(slug: set[str], candidate: str) -> float:
    words = _words(candidate)
    return len(slug & words) / len(words) if words else 0.0


def _title_from(title: str | None, headings: Sequence[str], site: str | None) -> str | None:
    if not title:
        return next((h for h in headings if 2 <= len(h.split()) <= 30), None)
    key = squash(title)
    inside = [h for h in headings if len(h.split()) >= 2 and squash(h) and squash(h) in key]
    own = [h for h in inside if squash(h) != squash(site or "")] or inside
    if own:  # not the site's name in a logo <h1>; of the rest, the longest
        return max(own, key=len)
    return strip_site_name(title, site)


def strip_site_name(title: str, site: str | None) -> str:
    """'Headline | Site' -> 'Headline': drop the leading and trailing parts that name the site
    (or its host). What is kept is the title's own text: its inner separators stay as written."""
    title = title.strip()
    key = squash(site or "")
    if not key:
        return title
    cuts = [(m.start(), m.end()) for m in _TITLE_SEPARATORS.finditer(title)]
    if not cuts:
        return title
    bounds = [0, *(x for cut in cuts for x in cut), len(title)]
    parts = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]

    def names_site(span: tuple[int, int]) -> bool:  # or is only a date ("23.01.2022 - Headline")
        part = squash(title[span[0] : span[1]])
        return bool(part) and (part == key or key in part or part in key or part.isdigit())

    first, last = 0, len(parts) - 1
    while first < last and names_site(parts[last]):
        last -= 1
    while first < last and names_site(parts[first]):
        first += 1
    return title[parts[first][0] : parts[last][1]].strip()


def site_label(url: str | None) -> str | None:
    """'https://www.example.org/a' -> 'example': what a title's site-name part may read."""
    host = hostname(url)
    return host.rsplit(".", 1)[0] if host else None


def hostname(url: str | None) -> str | None:
    """'https://www.example.org/a' -> 'example.org' (urlsplit gives the host in lower case)."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.") or None


def _names_site(text: str, host: str) -> bool:
    """The text is the site's host name, or a part of it ("L-Mag" on l-mag.de)."""
    part, key = squash(text), squash(host)
    return len(part) >= 3 and bool(key) and (part == key or part in key)


def squash(text: str) -> str:
    return _NON_WORD.sub("", text.casefold()).removeprefix("www")


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
COPYRIGHT_TAIL_BLOCKS = 15  # a copyright line stands in the page's last blocks


def copyright_holder(blocks: Sequence[Block], authors: Collection[str] = ()) -> str | None:
    """The holder a line opening with a copyright sign near the end of the page names ("© 2024
    Harbor Gazette. All rights reserved.", "Copyright © Valley Courier 2023"): the publisher,
    when nothing else names it. The article's own authors are passed over (their copyright)."""
    for block in reversed(blocks[-COPYRIGHT_TAIL_BLOCKS:]):
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
