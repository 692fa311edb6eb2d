"""Metadata searched for in a page's blocks: the header scan, bylines, author links, signatures,
datelines and the publisher."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import datetime

import regex

from parsers.blocks import Block
from parsers.meta.bylines import author_page_names
from parsers.meta.dates import earliest_date, find_date, unglue_dates
from parsers.meta.header import (
    HeaderMeta,
    body_date_line,
    byline_in,
    clean_title,
    copyright_holder,
    find_title,
    page_title_line,
    scan_header,
)
from parsers.meta.names import NOT_A_NAME, is_person_name, normalize_name, split_byline
from parsers.meta.params import META
from parsers.meta.titles import hostname
from parsers.strip.classify import (
    Verdicts,
)
from schemas.rules import Profile


def header_metadata(
    blocks: Sequence[Block],
    verdicts: Verdicts,
    fetched_at: datetime | None,
    lang: str | None,
    ruled: Collection[int],
    site_names: Collection[str] = (),
    find_headline: bool = True,
) -> HeaderMeta:
    """Title, bylines, dates and tags of the page's header; ``ruled``: the blocks a boilerplate
    rule removed, none of which is the headline; ``site_names``: the publisher's known names;
    ``find_headline``: whether the page's headline is to be found among the blocks (not when they
    are the body an HTML page's classifier kept, whose headline the markup gives)."""
    start = verdicts.start if verdicts.has_run else len(blocks)
    headline = find_title(blocks, start, ruled) if find_headline else None
    day_first = lang is not None and lang != "en"
    meta = scan_header(blocks, start, headline, fetched_at, day_first=day_first, site_names=site_names)
    # A plain page's <title> on its first line is its title; the header is still scanned from the
    # headline-shaped line nearest the body, which stays the anchor for what follows the title.
    page_line = page_title_line(blocks) if find_headline else None
    title_index = headline if page_line is None else page_line
    if title_index is not None:
        later = [b.text for b in blocks[title_index + 1 :] if b.kind in ("heading", "para") and b.words <= 30]
        meta.title = clean_title(blocks[title_index].text, later, page_title=page_line is not None)
        meta.labels[title_index] = "meta.title"
        meta.title_index = title_index if page_line is None else None
    return meta


def text_byline(blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta) -> None:
    """A whole page's text with no byline near the body start: the first byline line from the
    headline on (or from the header zone), within the body's first blocks; when the headline
    found lies far above the body (a site's own heading taken for it), the lines just above and
    at the body's start are searched next, then the article's last blocks and the few after it
    ("Posted by Jane Roe" signing it off). Its names become the authors; its block is metadata,
    not body, or, when the scraper joined the byline to the paragraph under it ("Von Jane Roe
    \nSie ist nicht nur ..."), the line is cut from it."""
    for zone in _byline_zones(blocks, verdicts, _from_headline(verdicts, meta)):
        lines = [(line, b) for b in zone for line in _byline_lines(b)]
        if (names := byline_in([line for line, _ in lines])) is not None:
            break
    else:
        return
    people, orgs = split_byline(names)
    meta.authors = people
    meta.organizations.extend(o for o in orgs if o not in meta.organizations)
    for line, block in lines:
        if names in line and block.index not in meta.labels:
            rest = block.text[len(line) :].strip() if block.text.startswith(line) else ""
            if rest and (block.words > META.byline_max_words or _SENTENCE.search(rest)):
                block.stripped.append((line, "meta.byline"))  # cut from the paragraph, which stays body
                block.set_text(rest)
            else:
                meta.labels[block.index] = "meta.byline"
            break


def _byline_zones(blocks: Sequence[Block], verdicts: Verdicts, first: int) -> Iterator[list[Block]]:
    """Where :func:`text_byline` looks, in order: the blocks from ``first`` (the headline) on,
    with the body's start when the headline lies far above it; then the article's last blocks
    and the few after it, short ones only (a sign-off)."""
    window = [b for b in blocks[first : first + META.byline_window_blocks] if b.text]
    if verdicts.has_run and verdicts.start > first + META.byline_window_blocks:  # a headline far above
        reach = max(
            first + META.byline_window_blocks, verdicts.start - META.header_before
        )  # the body: its start is searched too
        window += [b for b in blocks[reach : verdicts.start + META.byline_window_blocks] if b.text]
    yield window
    if verdicts.has_run:  # "Posted by Jane Roe" closing the article
        tail = blocks[max(0, verdicts.end + 1 - META.sign_off_blocks) : verdicts.end + 1 + META.sign_off_blocks]
        yield [b for b in tail if 0 < b.words <= META.byline_max_words]


def _byline_lines(block: Block) -> list[str]:
    """The lines of a block that may hold a byline: all of a short block's, the first of a longer
    one (a paragraph with the byline joined on top)."""
    lines = block.text.split("\n")
    return lines if block.words <= META.byline_max_words else lines[:1] if len(lines) > 1 else []


def linked_author(blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta) -> None:
    """A whole page's text with no byline: the names that link to an author's page ("[Jane
    Roe](/author/jane-roe), [John Doe](/author/jdoe)") in the first block that holds any: under
    the headline within the body's first blocks, else in the header zone above it (nearest
    first), else (when the headline found is not where the body starts) at the body's start and
    in the zone above that, else in the author box closing the article."""
    first = _from_headline(verdicts, meta)
    zones = _below_and_above(blocks, first)
    if verdicts.has_run:
        if verdicts.start > first:  # the headline found is not the body's
            zones += _below_and_above(blocks, verdicts.start)
        zones.append(blocks[verdicts.end + 1 : verdicts.end + 1 + META.author_box_blocks])
    for block in (b for zone in zones for b in zone):
        if block.links and block.words <= META.byline_max_words:
            people = [p for label, url in block.links for p in author_page_names(label, url)]
            if people:
                meta.authors = list(dict.fromkeys(people))
                return


def _below_and_above(blocks: Sequence[Block], index: int) -> list[Sequence[Block]]:
    """The blocks from ``index`` on, within the byline window, then the header zone above it,
    nearest first."""
    return [blocks[index : index + META.byline_window_blocks], blocks[max(0, index - META.header_before) : index][::-1]]


def signature(blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta) -> None:
    """A page with no author credit may be signed at the end of its article: a paragraph holding
    nothing but a person's name set in bold or italics ("**Jane Roe**", "**_Jane Roe_**"). It is
    the article's last paragraph (or its last prose paragraph, when a list of teasers follows), or
    the block right after it that the classifier alone left out (too short to be body); neither
    neighbour is another such line (a list of names, headings) and no sentence follows it (a
    heading over a last paragraph). Its name is the author; the paragraph is metadata, not body."""
    kept = kept_blocks(blocks, verdicts, meta)
    if not kept or sum(b.words for b in kept) < META.signature_after_words:
        return
    candidates = [kept[-1]]
    last_para = next((b for b in reversed(kept) if b.kind == "para"), None)
    if last_para is not None and last_para is not kept[-1]:  # a list after it: teasers of other articles
        candidates.append(last_para)
    if verdicts.end + 1 < len(blocks) and (verdicts.labels[verdicts.end + 1] or "").startswith("classifier."):
        candidates.insert(0, blocks[verdicts.end + 1])
    for block in candidates:
        signed = _SIGNED.fullmatch(block.raw.strip())
        if not signed or signed["close"] != signed["open"][::-1]:
            continue
        if block.index in meta.labels or not is_person_name(signed["name"]):
            continue
        before = next((b for b in reversed(blocks[: block.index]) if b.text), None)
        after = next((b for b in blocks[block.index + 1 :] if b.text), None)
        if any(b is not None and _EMPHASIS_OPENS.match(b.raw) for b in (before, after)):
            continue
        if after is not None and _SENTENCE.search(after.text):
            continue
        meta.authors = [normalize_name(signed["name"])]
        meta.labels[block.index] = "meta.signature"
        return
    # the two lines may also be the ones right after the body, which the classifier left out (too short)
    following = blocks[verdicts.end + 1 : verdicts.end + 1 + META.sign_off_lines]
    trailing = [b for b in following if b.text and (verdicts.labels[b.index] or "").startswith("classifier.")]
    if not _dated_sign_off([*kept, *trailing], meta):
        _dated_sign_off(kept, meta)


def _dated_sign_off(kept: Sequence[Block], meta: HeaderMeta) -> bool:
    """An article that ends like a letter: a line holding only its writer's name over a line
    holding only a date ("Jane" / "10. September 2017"). The name (a first name alone too) is
    the author; both lines are metadata, the date the publication's when none is known.
    Whether it was found."""
    if len(kept) < 2:
        return False
    name, dated = kept[-2], kept[-1]
    found = find_date(dated.text)
    if found is None or dated.text[: found.start].strip() or dated.text[found.end :].strip(" ."):
        return False
    if name.kind != "para" or not _SIGN_OFF.fullmatch(name.text) or name.text.casefold() in NOT_A_NAME:
        return False
    meta.authors = [normalize_name(name.text)]
    meta.labels[name.index] = "meta.signature"
    meta.labels[dated.index] = "meta.date"
    meta.published = meta.published or found.iso
    return True


# one to three capitalised words ("Jane", "Jane Roe", "Jane van Roe")
_SIGN_OFF = regex.compile(r"\p{Lu}[\p{L}'’.-]+(?: (?:\p{Ll}{1,3} )?\p{Lu}[\p{L}'’.-]+){0,2}")


# a name between emphasis markers, the closing ones mirroring the opening ones ("**_Jane Roe_**")
_SIGNED = regex.compile(r"(?P<open>[*_]{1,4})(?P<name>[^*_\n]{3,60})(?P<close>[*_]{1,4})")


_EMPHASIS_OPENS = regex.compile(r"\s*[*_]")


_SENTENCE = regex.compile(r"\w\s+\w.*[.!?]$")  # words running on to a full stop


def publisher(profile: Profile | None, meta: HeaderMeta, blocks: Sequence[Block], url: str | None) -> str | None:
    """The profile's name, else the name the page gives itself (its markup, else a copyright
    line), else the host of its URL; a markup name that is only the host gives way to a name."""
    if profile is not None and profile.name:
        return profile.name
    host = hostname(url)
    named = meta.publisher if meta.publisher and meta.publisher.lower() not in (host, f"www.{host}") else None
    return named or copyright_holder(blocks, meta.authors) or meta.publisher or host


def dateline(blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta, fetched_at: datetime | None) -> str | None:
    """A whole page's text with no date line near the body start: the first date written from
    the headline on (or from the header zone when no headline was found), within the first
    META.headline_date_text_chars characters; read day-first unless the page is in English."""
    text = " ".join(b.text for b in blocks[_from_headline(verdicts, meta) :] if b.text)[: META.headline_date_text_chars]
    found = earliest_date(unglue_dates(text), fetched_at, day_first=meta.day_first)
    return found.iso if found else None


def body_dateline(
    blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta, fetched_at: datetime | None
) -> str | None:
    """A whole page's text with no date near its headline: the date lines of the body and of the
    blocks just after it (see :func:`body_date_line`)."""
    if not verdicts.has_run:
        return None
    return body_date_line(
        blocks[verdicts.start : verdicts.end + 1 + META.date_after_body_blocks], fetched_at, meta.day_first
    )


def _from_headline(verdicts: Verdicts, meta: HeaderMeta) -> int:
    """Where a search of the page for a dateline or byline starts: the headline, or the header
    zone before the body when no headline was found."""
    return meta.title_index if meta.title_index is not None else max(0, verdicts.start - META.header_before)


def kept_blocks(blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta) -> list[Block]:
    """The blocks neither removed nor taken as metadata."""
    return [b for b in blocks if is_kept(b, verdicts, meta)]


def is_kept(block: Block, verdicts: Verdicts, meta: HeaderMeta) -> bool:
    return verdicts.labels[block.index] is None and block.index not in meta.labels
