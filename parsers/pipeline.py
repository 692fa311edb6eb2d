"""One path for every document: read → blocks → classify → metadata → repair → validate."""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt
import regex
from pydantic import ValidationError

from parsers import language
from parsers.authors import NOT_A_NAME, in_full, is_person_name, normalize_name, split_byline, strip_accents
from parsers.blocks import Block, segment, word_count
from parsers.classify import (
    DEFAULT_PARAMS,
    ClassifierParams,
    RuleHits,
    Verdicts,
    apply_rules,
    classify,
    decide,
    stopword_densities,
)
from parsers.dates import earliest_date, find_date
from parsers.dom import DomPage, walk
from parsers.features import MISSING, Evidence, dom_feature_names, dom_features, text_features
from parsers.html import HEADLINE_DATE_TEXT_CHARS, UTC_SUFFIXES, HtmlProblem, PageMeta, gunzip, read_html
from parsers.metadata import (
    HEADER_BEFORE,
    HeaderMeta,
    author_page_names,
    best_title,
    body_date_line,
    byline_in,
    clean_title,
    copyright_holder,
    find_title,
    hostname,
    merge_hints,
    page_title_line,
    scan_header,
    site_credited,
    site_label,
    unglue_dates,
)
from parsers.model import Classifier, load_model
from parsers.read import DEFAULT_MAX_BYTES, JSONL_EXT, READS, check_bytes, decode, sniff_format, unsupported_kind
from parsers.records import BadRecord, Hints, Record, iter_lines, iter_records
from parsers.repair import rejoin_split_paragraphs, tidy
from parsers.rules import RuleSet, load_rules, pattern_budget, select_profile
from schemas.document import Document, InputFormat, Link, Rejection, RejectReason, Removed, Source
from schemas.rules import Profile

try:
    PACKAGE_VERSION = version("boilerstrip")
except PackageNotFoundError:  # running from a source tree that was not installed
    PACKAGE_VERSION = "0.0.0"

Result = Document | Rejection
Parser = Callable[[str, "Origin", RuleSet, ClassifierParams, "Classifier"], Result]
_log = logging.getLogger(__name__)
# A long block whose first this-many characters already stand in the body is a repeat.
DUPLICATE_PROBE_CHARS = 200
# Headings the classifier kept that are title candidates of an HTML page.
CONTENT_HEADINGS = 5
# Leading kept blocks of an HTML page searched for a repeat of the headline.
TITLE_REPEAT_WINDOW = 3
# Most words of a label above the headline (a section's name, a kicker).
KICKER_MAX_WORDS = 3


@dataclass(frozen=True)
class ParseOptions:
    """What a caller may tune; every field has a working default."""

    profile_dirs: tuple[Path, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    params: ClassifierParams = DEFAULT_PARAMS
    model_path: Path | None = None  # the block classifier's model file; None: the one shipped


@dataclass
class Origin:
    """What is known about an input besides its text."""

    path: str
    format: InputFormat
    sha256: str
    record: int | None = None
    url: str | None = None
    fetched_at: datetime | None = None
    hints: Hints = field(default_factory=Hints)  # metadata given by a scraper record or the HTML page
    extracted: bool = False  # text already cut to the main content (HTML path): no main-run search


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """Hash of the core's source: a changed classifier reprocesses inputs, like changed rules."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:8]


def pipeline_version(rules: RuleSet, model: Classifier | None = None) -> str:
    """Package version, core source hash, rule-file hash and model hash: what an incremental run
    compares."""
    return f"{PACKAGE_VERSION}+code.{_code_digest()}.rules.{rules.version}.model.{(model or load_model()).digest}"


def parse_file(path: str | Path, options: ParseOptions = ParseOptions()) -> list[Result]:
    """Parse one input file (one result, or one per record for JSON lines)."""
    results: list[Result] = []
    try:
        results.extend(read_file(Path(path), str(path), options))
    except OSError as exc:  # Vanished included: a path that names no file is unreadable here
        rules = load_rules(options.profile_dirs)
        kind = "FileNotFoundError" if isinstance(exc, Vanished) else type(exc).__name__
        results.append(reject(rules, str(path), None, "unreadable", f"{kind}: {exc.strerror or exc}"))
    return results


@dataclass
class FileFacts:
    """What reading a file found out, for a caller that remembers inputs (incremental runs)."""

    size: int = 0
    mtime_ns: int = 0
    sha256: str = ""  # empty: not read to the end


class Vanished(FileNotFoundError):
    """The file is gone (removed since it was listed)."""


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
CHUNK = 1 << 20  # bytes read at a time where a file is hashed or scanned, never held whole


def read_file(path: Path, shown: str, options: ParseOptions, facts: FileFacts | None = None) -> Iterator[Result]:
    """The results of one input file, ``shown`` as its path. Anything but a regular file is
    rejected without being opened for reading (a FIFO would wait for a writer forever); a file
    over the size limit without being parsed; a JSONL file line by line, the limit applying to
    each line. ``facts`` receives its size, time and hash. Raises :class:`Vanished` when the
    file is gone, OSError when it cannot be read."""
    facts = facts if facts is not None else FileFacts()
    rules = load_rules(options.profile_dirs)
    try:
        info = os.stat(path)
        if stat.S_ISREG(info.st_mode):
            fd = os.open(path, _OPEN_FLAGS)  # non-blocking: a file swapped for a FIFO since the stat
    except FileNotFoundError as exc:
        if os.path.lexists(path):  # a link to nothing: unreadable, not gone
            raise
        raise Vanished(exc.errno, exc.strerror, str(path)) from exc
    if not stat.S_ISREG(info.st_mode):
        yield reject(rules, shown, None, "not_a_file", f"a {_file_kind(info.st_mode)}, not a regular file; not opened")
        return
    with open(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            yield reject(rules, shown, None, "not_a_file", f"a {_file_kind(info.st_mode)}, not a regular file")
            return
        facts.size, facts.mtime_ns = info.st_size, info.st_mtime_ns
        digest = hashlib.sha256()
        if shown.lower().endswith(JSONL_EXT):
            yield from parse_lines(_hashed_lines(file, digest), shown, options)
        elif info.st_size > options.max_bytes:
            for chunk in iter(lambda: file.read(CHUNK), b""):
                digest.update(chunk)
            detail = f"{info.st_size} bytes, over the limit of {options.max_bytes}"
            yield reject(rules, shown, digest.hexdigest(), "too_large", detail)
        else:
            data = file.read(options.max_bytes + 1)  # one byte over: a file grown since the stat is still too large
            digest.update(data)
            yield from parse_bytes(data, shown, options)
        facts.sha256 = digest.hexdigest()


def _hashed_lines(file: BinaryIO, digest: Any) -> Iterator[bytes]:
    for line in file:
        digest.update(line)
        yield line


def _file_kind(mode: int) -> str:
    kinds = [(stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "FIFO (named pipe)"), (stat.S_ISSOCK, "socket"),
             (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device")]  # fmt: skip
    return next((name for test, name in kinds if test(mode)), "special file")


def parse_bytes(data: bytes, path: str, options: ParseOptions = ParseOptions()) -> list[Result]:
    """Parse one input's bytes: text, markdown, HTML (optionally gzipped), JSON or JSON lines."""
    rules = load_rules(options.profile_dirs)
    sha = hashlib.sha256(data).hexdigest()
    if data[:2] == b"\x1f\x8b":
        unpacked = gunzip(data, options.max_bytes)
        if isinstance(unpacked, HtmlProblem):
            return [reject(rules, path, sha, unpacked.reason, unpacked.detail)]
        data = unpacked
    kind = unsupported_kind(path.removesuffix(".gz"), data)
    if kind is not None:
        return [reject(rules, path, sha, "unsupported_kind", f"a {kind}; boilerstrip reads {READS}")]
    problem = check_bytes(data, options.max_bytes)
    if problem:
        return [reject(rules, path, sha, problem.reason, problem.detail)]
    fmt = sniff_format(path.removesuffix(".gz"), data)
    if fmt is None:  # binary data check_bytes let through: not one of the kinds read
        return [reject(rules, path, sha, "unsupported_kind", f"not a kind boilerstrip reads ({READS})")]
    text = decode(data)
    if not isinstance(text, str):
        return [reject(rules, path, sha, text.reason, text.detail)]
    if fmt in ("json", "jsonl"):
        records = iter_records(text, jsonl=fmt == "jsonl")
        return list(_parse_records(records, path, fmt, rules, options))
    origin = Origin(path=path, format=fmt, sha256=sha)
    return [_guarded(parse_html if fmt == "html" else parse_text, text, origin, rules, options)]


def _guarded(parse: Parser, content: str, origin: Origin, rules: RuleSet, options: ParseOptions) -> Result:
    """A bug in the core on one input is that input's rejection (``internal_error``, naming the
    exception; the traceback is logged), not the loss of the batch it came in or of the other
    records of its file."""
    try:
        with pattern_budget():
            return parse(content, origin, rules, options.params, load_model(options.model_path))
    except Exception as exc:
        _log.exception("internal error on %s (record %s)", origin.path, origin.record)
        detail = f"{type(exc).__name__}: {exc}"[:500]
        return reject(rules, origin.path, origin.sha256, "internal_error", detail, origin.record)


def parse_html(
    html: str,
    origin: Origin,
    rules: RuleSet,
    params: ClassifierParams = DEFAULT_PARAMS,
    model: Classifier | None = None,
) -> Result:
    """HTML: the page's DOM cut into blocks, which the classifier keeps or removes with the DOM's
    evidence; metadata from the markup."""
    parsed = read_html(html, origin.url)
    if isinstance(parsed, HtmlProblem):
        return reject(rules, origin.path, origin.sha256, parsed.reason, parsed.detail, origin.record)
    model = model or load_model()
    dom = walk(parsed.tree, model.vocabulary)
    if not dom.blocks:
        return reject(rules, origin.path, origin.sha256, "no_content", "no text in the HTML", origin.record)
    if len(dom.blocks) > MAX_BLOCKS:
        return _too_many(dom.blocks, origin, rules)
    origin.url = origin.url or parsed.meta.url
    origin.extracted = True
    return _clean(dom.blocks, _joined(dom.blocks), origin, rules, params, model, Markup(dom, parsed.meta))


@dataclass(frozen=True)
class Markup:
    """What an HTML page adds to its blocks: the DOM's evidence and the metadata of its markup."""

    dom: DomPage
    meta: PageMeta


def _markup_hints(hints: Hints, page: PageMeta, url: str | None, headings: list[str]) -> Hints:
    """A record's own metadata, completed from the page's markup; ``headings``: the headings the
    classifier kept (candidates for the title)."""
    return Hints(
        title=hints.title
        or best_title(
            page.title,
            page.headings,
            page.sitename or site_label(page.url or url),
            url or page.url,
            page.subheadings,
            headings,
        ),
        authors=hints.authors or _credited(page),
        organizations=hints.organizations or page.organizations,
        published=hints.published or _published(page),
        modified=hints.modified or page.modified,
        publisher=hints.publisher or page.sitename,
        language=hints.language,
        tags=hints.tags or page.tags,
    )


def _credited(page: PageMeta) -> list[str]:
    """The page's author credits (see :func:`_marked_credit`), unless a byline label in the page
    links to the author's page of someone else ("Erstellt von <a href="/author/jane/">Jane</a>"
    under a site-wide ``<meta name="author">``): the page's own credit of the article's writer."""
    credit = _marked_credit(page)
    linked = [name for name in page.linked_authors if not site_credited(name, page.sitename, page.url)]
    if not linked:
        return credit
    credited = [name for c in credit for name in split_byline(c)[0]]
    # a person the credit names too ("Jane" linked, "Jane Roe" credited; one of two credited authors)
    same = _extends(linked, [_name_key(n) for n in credited]) or _extends(credited, [_name_key(n) for n in linked])
    return credit if same else linked


def _marked_credit(page: PageMeta) -> list[str]:
    """The page's author credits: trafilatura's author, else the credits marked up in the page,
    else a byline in its text: the first that names a person (a one-word name that is the site's
    own names none), else the holder of the page's Creative Commons licence, else the first
    credit naming an organisation."""
    author = page.author
    sources = [[author] if author else [], page.credits, [page.byline] if page.byline else []]
    parsed = [[split_byline(c) for c in credits] for credits in sources]  # (persons, organisations)
    # a one-word name that is the site's own ("Google" on "Google Online Security Blog") names no person
    people = [
        [name for persons, _ in source for name in persons if not site_credited(name, page.sitename, page.url)]
        for source in parsed
    ]
    # a person wins over an organisation ("Example Foundation" in the markup, "Autorin: Jane Roe" in the text)
    found = next((i for i, names in enumerate(people) if names), None)
    if found is None:
        holders = [name for holder in page.licensed_to for name in split_byline(holder)[0] if is_person_name(name)]
        if holders:  # the licence's holder, when no credit names a person (never to lengthen a short name)
            return holders[:1]
        # else the first credit naming an organisation (or only the site, split off later as one)
        return next(
            (credits for credits, source in zip(sources, parsed, strict=True) if any(p or o for p, o in source)), []
        )
    if not in_full(people[found]):  # a user account's single name: the same name in full, if given
        short = [_name_key(name) for name in people[found]]
        fuller = (
            credits for credits, names in zip(sources, people, strict=True) if in_full(names) and _extends(names, short)
        )
        return next(fuller, sources[found])
    return sources[found]


def _extends(names: list[str], short: list[str]) -> bool:
    """Whether ``names`` hold in full someone known by one of the ``short`` names: "Todd Bates"
    for "Todd", "Arian Schlichenmayer" for "arianschlichenmayer"."""
    return any(key in (_name_key(name), _name_key(name.split()[0])) for name in names for key in short)


def _name_key(name: str) -> str:
    return "".join(c for c in strip_accents(name.casefold()) if c.isalnum())


def _published(page: PageMeta) -> str | None:
    """The page's publication date, from the date declared in its markup (or its address), the
    dateline next to the headline and a search of the page:
    1. nothing declared: the dateline, else the date found by searching;
    2. a dateline labelled as an update never replaces a declared date;
    3. the markup declares several days and a dateline on a line of its own shows one of them: that one;
    4. a declared UTC time yields to a dateline a day off (the local date), or to one on a line of
       its own right under the headline;
    5. else the declared date (a dateline in prose may be an event's date)."""
    line = page.headline_date
    if not page.date or line is None:
        return page.date or (line.iso if line else None)
    if not page.date_declared:
        return line.iso
    if line.updated:
        return page.date
    # the markup declares several days and the page shows one of them on a line of its own: the
    # declared value of that day and time (its offset known), else the page's time, else that day
    same_day = [d for d in page.declared_dates if d[:10] == line.iso[:10]]
    if same_day and line.alone and line.iso[:10] != page.date[:10]:
        same_time = [d for d in same_day if d[11:16] == line.iso[11:16]]
        if same_time:
            return same_time[0]
        return line.iso if len(line.iso) > 10 else same_day[0]
    if not page.date.endswith(UTC_SUFFIXES):
        return page.date
    try:
        gap = abs((date.fromisoformat(line.iso[:10]) - date.fromisoformat(page.date[:10])).days)
    except ValueError:
        return page.date
    under = line.alone and 0 <= line.at <= DATELINE_NEAR_CHARS
    return line.iso if gap == 1 or (gap > 1 and under) else page.date


def parse_lines(
    lines: Iterable[bytes], path: str, options: ParseOptions = ParseOptions(), first: int = 1, whole: bool = True
) -> Iterator[Result]:
    """A JSONL file's results as its lines are read: a file of any size in bounded memory, the
    size limit applying to each line (record). ``first``: the number of the first line; a part of
    a file (``whole`` false) with no record in it is no rejection."""
    rules = load_rules(options.profile_dirs)
    yield from _parse_records(iter_lines(lines, options.max_bytes, first), path, "jsonl", rules, options, whole)


def _parse_records(
    records: Iterable[Record | BadRecord],
    path: str,
    fmt: InputFormat,
    rules: RuleSet,
    options: ParseOptions,
    whole: bool = True,
) -> Iterator[Result]:
    seen = False
    for record in records:
        seen = True
        if isinstance(record, BadRecord):
            yield reject(rules, path, record.sha256, record.reason, record.detail, record.number)
            continue
        origin = Origin(
            path=path, format=fmt, sha256=record.sha256, record=record.number, url=record.url,
            fetched_at=record.fetched_at, hints=record.hints,
        )  # fmt: skip
        parse, content = (parse_html, record.html) if record.html else (parse_text, record.text or "")
        yield _guarded(parse, content, origin, rules, options)
    if not seen and whole:
        yield reject(rules, path, None, "empty", "no records in the file")


def reject(
    rules: RuleSet, path: str, sha: str | None, reason: RejectReason, detail: str, record: int | None = None
) -> Rejection:
    return Rejection(
        pipeline_version=pipeline_version(rules),
        path=path,
        sha256=sha,
        record=record,
        reason=reason,
        detail=detail,
    )


def page_evidence(
    blocks: Sequence[Block],
    hits: RuleHits,
    verdicts: Verdicts,
    lang: str | None,
    densities: Sequence[float],
    origin: Origin,
) -> Evidence:
    """What the rules and the hand-set classes say of each block: the learned classifier's input."""
    start = verdicts.start if verdicts.has_run else len(blocks)
    title = find_title(blocks, start, hits.fired.keys())
    fired = hits.fired
    header_ids = hits.header
    footer_hits = {i for i, _ in hits.footers}
    return Evidence(
        blocks=blocks,
        drop=[b.index in fired and b.index not in header_ids for b in blocks],
        header=[b.index in header_ids for b in blocks],
        footer_hit=[b.index in footer_hits for b in blocks],
        footer_cut=verdicts.footer,
        classes=verdicts.classes,
        smoothed=verdicts.smoothed,
        inside_run=verdicts.inside,
        title=title,
        stopwords=densities,
        language=lang,
        input_kind="html" if origin.format == "html" else "markdown" if origin.format == "markdown" else "plain",
    )


def block_table(
    text: str, origin: Origin, rules: RuleSet, vocabulary: Sequence[str], params: ClassifierParams = DEFAULT_PARAMS
) -> tuple[list[Block], npt.NDArray[np.float64]]:
    """The blocks of a text page and their feature rows, as the classifier sees them (for training)."""
    blocks = segment(text)
    if not blocks:
        return [], np.zeros((0, 0))
    return blocks, _read_page(blocks, text, origin, rules, params, None, vocabulary).X


def html_block_table(
    html: str, origin: Origin, rules: RuleSet, vocabulary: Sequence[str], params: ClassifierParams = DEFAULT_PARAMS
) -> tuple[list[Block], npt.NDArray[np.float64]]:
    """The blocks of an HTML page's DOM and their feature rows, the DOM's columns included."""
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return [], np.zeros((0, 0))
    page = walk(tree, vocabulary)
    if not page.blocks:
        return [], np.zeros((0, 0))
    return page.blocks, _read_page(page.blocks, _joined(page.blocks), origin, rules, params, page, vocabulary).X


def _joined(blocks: Sequence[Block]) -> str:
    return "\n\n".join(b.text for b in blocks)


@dataclass
class PageReading:
    """What the stages before the classifier found on a page."""

    profile: Profile | None
    language: str | None
    hits: RuleHits
    anchor: Verdicts  # the hand-set classes' verdicts: where the header and the main run lie
    X: npt.NDArray[np.float64]  # feature rows


def _read_page(
    blocks: list[Block],
    text: str,
    origin: Origin,
    rules: RuleSet,
    params: ClassifierParams,
    dom: DomPage | None,
    vocabulary: Sequence[str],
) -> PageReading:
    profile = select_profile(rules, text, origin.url)
    profiles: list[Profile] = [*rules.generic, *([profile] if profile else [])]
    lang = language.detect(" ".join(b.text for b in blocks if b.words >= 8 and b.link_density < 0.5))
    hits = apply_rules(blocks, profiles)
    densities = stopword_densities(blocks, lang)
    anchor = classify(blocks, hits, densities, params)
    X = text_features(page_evidence(blocks, hits, anchor, lang, densities, origin))
    if dom is None:
        columns = np.full((len(blocks), len(dom_feature_names(vocabulary))), MISSING)
    else:
        columns = dom_features(dom)
    return PageReading(profile, lang, hits, anchor, np.hstack([X, columns]))


def parse_text(
    text: str,
    origin: Origin,
    rules: RuleSet,
    params: ClassifierParams = DEFAULT_PARAMS,
    model: Classifier | None = None,
) -> Result:
    """The core: text or markdown of a whole page in, a document or a rejection out."""
    blocks = segment(text)
    if not blocks:
        return reject(rules, origin.path, origin.sha256, "empty", "the input holds no text", origin.record)
    if len(blocks) > MAX_BLOCKS:
        return _too_many(blocks, origin, rules)
    return _clean(blocks, text, origin, rules, params, model or load_model(), None)


# Most blocks a page may have: the largest DEV page has ~6,200; memory and time grow with the
# blocks (a feature row each), and a page of 20 MB of short paragraphs would take minutes and GBs.
MAX_BLOCKS = 20_000


def _too_many(blocks: Sequence[Block], origin: Origin, rules: RuleSet) -> Rejection:
    detail = f"{len(blocks)} blocks (paragraphs, list items, cells...), over the limit of {MAX_BLOCKS} a page"
    return reject(rules, origin.path, origin.sha256, "too_large", detail, origin.record)


def _clean(
    blocks: list[Block],
    text: str,
    origin: Origin,
    rules: RuleSet,
    params: ClassifierParams,
    model: Classifier,
    markup: Markup | None,
) -> Result:
    """Blocks in, document out: rules, classifier, metadata, repair, validation."""
    reading = _read_page(blocks, text, origin, rules, params, markup.dom if markup else None, model.vocabulary)
    profile, lang, hits, anchor = reading.profile, reading.language, reading.hits, reading.anchor
    chars = np.array([len(b.text) for b in blocks], dtype=np.float64)
    verdicts = decide(blocks, model.probabilities(reading.X, chars), model.threshold, _ruled(blocks, hits, anchor))
    if markup is not None:
        headings = [b.text for b in blocks if b.kind == "heading" and verdicts.labels[b.index] is None]
        origin.hints = _markup_hints(origin.hints, markup.meta, origin.url, headings[:CONTENT_HEADINGS])
    site_names = [profile.name] if profile and profile.name else []
    if markup is None:
        meta = _header_metadata(blocks, anchor, origin, lang, ruled=hits.fired.keys(), site_names=site_names)
    else:  # bylines and datelines at the start of the body the classifier kept (the markup tells the rest)
        kept = [b for b in blocks if verdicts.labels[b.index] is None]
        whole = Verdicts(labels=[None] * len(kept), classes=[], start=0, end=len(kept) - 1)
        meta = _header_metadata(kept, whole, origin, lang, ruled=(), site_names=site_names)
    if not meta.published and not origin.extracted:
        meta.published = _dateline(blocks, anchor, meta, origin.fetched_at) or _body_date_line(
            blocks, anchor, meta, origin.fetched_at
        )
    if not meta.authors and not origin.extracted:
        _text_byline(blocks, anchor, meta)
        if not meta.authors:
            _linked_author(blocks, anchor, meta)
    merge_hints(meta, origin.hints, origin.fetched_at, origin.url)
    if not meta.authors:
        _signature(blocks, verdicts, meta)
    if origin.extracted and meta.title:
        _label_repeated_title(blocks, verdicts, meta)
    paragraphs, links = _body(blocks, verdicts, meta)
    if not paragraphs:
        return reject(
            rules, origin.path, origin.sha256, "no_content",
            f"nothing left after stripping {len(blocks)} blocks of boilerplate", origin.record,
        )  # fmt: skip
    body = "\n\n".join(paragraphs)
    words = word_count(body)
    if words < params.min_body_words:
        return reject(
            rules, origin.path, origin.sha256, "no_content",
            f"only {words} words left after stripping boilerplate", origin.record,
        )  # fmt: skip
    try:
        return Document(
            pipeline_version=pipeline_version(rules),
            id=origin.sha256[:16],
            title=meta.title,
            authors=meta.authors,
            organizations=meta.organizations,
            published=meta.published,
            modified=meta.modified,
            publisher=_publisher(profile, meta, blocks, origin.url),
            language=(origin.hints.language or lang or "")[:2].lower() or None,
            tags=list(dict.fromkeys(meta.tags)),
            profile=profile.id if profile else None,
            body=body,
            word_count=words,
            links=[Link(text=t, url=u) for t, u in links],
            source=Source(
                path=origin.path, format=origin.format, sha256=origin.sha256, record=origin.record,
                url=origin.url, fetched_at=origin.fetched_at.isoformat() if origin.fetched_at else None,
            ),
            removed=_removed(blocks, verdicts, meta),
        )  # fmt: skip
    except ValidationError as exc:  # a bug in the core, reported as a rejection rather than a crash
        return reject(rules, origin.path, origin.sha256, "internal_error", str(exc)[:500], origin.record)


def _ruled(blocks: Sequence[Block], hits: RuleHits, anchor: Verdicts) -> dict[int, str]:
    """The blocks the rule files remove, the footer a footer rule opens included: a rule that
    fires is obeyed (the classifier decides the rest, with the rules' hits among its evidence)."""
    ruled = dict(hits.fired)
    footer = next((rule.id for i, rule in hits.footers if i == anchor.footer), None)
    if anchor.footer is not None and footer is not None:
        ruled[anchor.footer] = footer  # the opening block names the footer rule; later ones a rule of their own
        for block in blocks[anchor.footer + 1 :]:
            ruled.setdefault(block.index, footer)
    return ruled


def _header_metadata(
    blocks: Sequence[Block],
    verdicts: Verdicts,
    origin: Origin,
    lang: str | None,
    ruled: Collection[int],
    site_names: Collection[str] = (),
) -> HeaderMeta:
    """Title, bylines, dates and tags of the page's header; ``ruled``: the blocks a boilerplate
    rule removed, none of which is the headline; ``site_names``: the publisher's known names."""
    start = verdicts.start if verdicts.has_run else len(blocks)
    headline = None if origin.extracted else find_title(blocks, start, ruled)
    day_first = lang is not None and lang != "en"
    meta = scan_header(blocks, start, headline, origin.fetched_at, day_first=day_first, site_names=site_names)
    # A plain page's <title> on its first line is its title; the header is still scanned from the
    # headline-shaped line nearest the body, which stays the anchor for what follows the title.
    page_line = None if origin.extracted else page_title_line(blocks)
    title_index = headline if page_line is None else page_line
    if title_index is not None:
        later = [b.text for b in blocks[title_index + 1 :] if b.kind in ("heading", "para") and b.words <= 30]
        meta.title = clean_title(blocks[title_index].text, later, page_title=page_line is not None)
        meta.labels[title_index] = "meta.title"
        meta.title_index = title_index if page_line is None else None
    return meta


def _text_byline(blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta) -> None:
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
            if rest and (block.words > BYLINE_MAX_WORDS or _SENTENCE.search(rest)):
                block.stripped.append((line, "meta.byline"))  # cut from the paragraph, which stays body
                block.set_text(rest)
            else:
                meta.labels[block.index] = "meta.byline"
            break


def _byline_zones(blocks: Sequence[Block], verdicts: Verdicts, first: int) -> Iterator[list[Block]]:
    """Where :func:`_text_byline` looks, in order: the blocks from ``first`` (the headline) on,
    with the body's start when the headline lies far above it; then the article's last blocks
    and the few after it, short ones only (a sign-off)."""
    window = [b for b in blocks[first : first + BYLINE_WINDOW_BLOCKS] if b.text]
    if verdicts.has_run and verdicts.start > first + BYLINE_WINDOW_BLOCKS:  # a headline far above
        reach = max(first + BYLINE_WINDOW_BLOCKS, verdicts.start - HEADER_BEFORE)  # the body: its start is searched too
        window += [b for b in blocks[reach : verdicts.start + BYLINE_WINDOW_BLOCKS] if b.text]
    yield window
    if verdicts.has_run:  # "Posted by Jane Roe" closing the article
        tail = blocks[max(0, verdicts.end + 1 - SIGN_OFF_BLOCKS) : verdicts.end + 1 + SIGN_OFF_BLOCKS]
        yield [b for b in tail if 0 < b.words <= BYLINE_MAX_WORDS]


def _byline_lines(block: Block) -> list[str]:
    """The lines of a block that may hold a byline: all of a short block's, the first of a longer
    one (a paragraph with the byline joined on top)."""
    lines = block.text.split("\n")
    return lines if block.words <= BYLINE_MAX_WORDS else lines[:1] if len(lines) > 1 else []


BYLINE_WINDOW_BLOCKS = 40
SIGN_OFF_BLOCKS = 3  # a byline closing an article: in its last blocks or the few after it


def _linked_author(blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta) -> None:
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
        zones.append(blocks[verdicts.end + 1 : verdicts.end + 1 + AUTHOR_BOX_BLOCKS])
    for block in (b for zone in zones for b in zone):
        if block.links and block.words <= BYLINE_MAX_WORDS:
            people = [p for label, url in block.links for p in author_page_names(label, url)]
            if people:
                meta.authors = list(dict.fromkeys(people))
                return


def _below_and_above(blocks: Sequence[Block], index: int) -> list[Sequence[Block]]:
    """The blocks from ``index`` on, within the byline window, then the header zone above it,
    nearest first."""
    return [blocks[index : index + BYLINE_WINDOW_BLOCKS], blocks[max(0, index - HEADER_BEFORE) : index][::-1]]


def _signature(blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta) -> None:
    """A page with no author credit may be signed at the end of its article: a paragraph holding
    nothing but a person's name set in bold or italics ("**Jane Roe**", "**_Jane Roe_**"). It is
    the article's last paragraph (or its last prose paragraph, when a list of teasers follows), or
    the block right after it that the classifier alone left out (too short to be body); neither
    neighbour is another such line (a list of names, headings) and no sentence follows it (a
    heading over a last paragraph). Its name is the author; the paragraph is metadata, not body."""
    kept = _kept(blocks, verdicts, meta)
    if not kept or sum(b.words for b in kept) < SIGNATURE_AFTER_WORDS:
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
    following = blocks[verdicts.end + 1 : verdicts.end + 1 + SIGN_OFF_LINES]
    trailing = [b for b in following if b.text and (verdicts.labels[b.index] or "").startswith("classifier.")]
    if not _dated_sign_off([*kept, *trailing], meta):
        _dated_sign_off(kept, meta)


SIGN_OFF_LINES = 2  # a letter-like ending: a name line over a date line


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
SIGNATURE_AFTER_WORDS = 80  # a signature closes a text: at least this many words of body come before it


AUTHOR_BOX_BLOCKS = 10  # how far after the article its author box is looked for
BYLINE_MAX_WORDS = 25  # a block holding a byline is short


def _publisher(profile: Profile | None, meta: HeaderMeta, blocks: Sequence[Block], url: str | None) -> str | None:
    """The profile's name, else the name the page gives itself (its markup, else a copyright
    line), else the host of its URL; a markup name that is only the host gives way to a name."""
    if profile is not None and profile.name:
        return profile.name
    host = hostname(url)
    named = meta.publisher if meta.publisher and meta.publisher.lower() not in (host, f"www.{host}") else None
    return named or copyright_holder(blocks, meta.authors) or meta.publisher or host


def _dateline(blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta, fetched_at: datetime | None) -> str | None:
    """A whole page's text with no date line near the body start: the first date written from
    the headline on (or from the header zone when no headline was found), within the first
    DATELINE_TEXT_CHARS characters; read day-first unless the page is in English."""
    text = " ".join(b.text for b in blocks[_from_headline(verdicts, meta) :] if b.text)[:DATELINE_TEXT_CHARS]
    found = earliest_date(unglue_dates(text), fetched_at, day_first=meta.day_first)
    return found.iso if found else None


def _body_date_line(
    blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta, fetched_at: datetime | None
) -> str | None:
    """A whole page's text with no date near its headline: the date lines of the body and of the
    blocks just after it (see :func:`body_date_line`)."""
    if not verdicts.has_run:
        return None
    return body_date_line(
        blocks[verdicts.start : verdicts.end + 1 + DATE_AFTER_BODY_BLOCKS], fetched_at, meta.day_first
    )


DATE_AFTER_BODY_BLOCKS = 3  # a blog's "Posted 3 March 2022" under the post, past its last paragraph


def _from_headline(verdicts: Verdicts, meta: HeaderMeta) -> int:
    """Where a search of the page for a dateline or byline starts: the headline, or the header
    zone before the body when no headline was found."""
    return meta.title_index if meta.title_index is not None else max(0, verdicts.start - HEADER_BEFORE)


DATELINE_TEXT_CHARS = HEADLINE_DATE_TEXT_CHARS  # the same reach as under an HTML headline
# How close under the headline a dateline on its own line must be to overrule a declared UTC date.
DATELINE_NEAR_CHARS = 300


def _body(blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta) -> tuple[list[str], list[tuple[str, str]]]:
    kept = _drop_repeats(_kept(blocks, verdicts, meta), verdicts)
    texts = [tidy(b.text) for b in kept]
    for n, block in enumerate(kept):  # a drop capital the scraper split off: "T" + "urkey, ..."
        before = blocks[block.index - 1] if block.index else None
        if before is not None and _drop_capital(before.text) and texts[n][:1].islower():
            texts[n] = before.text + texts[n]
            verdicts.labels[before.index] = None  # joined into the body, not removed
    paragraphs, _ = rejoin_split_paragraphs([t for t in texts if t])
    links = [lk for b in kept for lk in b.links]
    return [p for p in paragraphs if p], links


def _kept(blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta) -> list[Block]:
    """The blocks neither removed nor taken as metadata."""
    return [b for b in blocks if _is_kept(b, verdicts, meta)]


def _is_kept(block: Block, verdicts: Verdicts, meta: HeaderMeta) -> bool:
    return verdicts.labels[block.index] is None and block.index not in meta.labels


def _label_repeated_title(blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta) -> None:
    """The body of an HTML page often opens with the headline itself: metadata, not body. A short
    label kept above it (a section's name, a kicker: "Pressemitteilungen") goes with it."""
    key = " ".join((meta.title or "").split()).casefold()
    kept = _kept(blocks, verdicts, meta)[:TITLE_REPEAT_WINDOW]
    for at, block in enumerate(kept):
        if " ".join(block.text.split()).casefold() == key:
            meta.labels[block.index] = "meta.title"
            for above in kept[:at]:
                if _kicker(above):
                    meta.labels[above.index] = "meta.kicker"
            return


def _kicker(block: Block) -> bool:
    """A label of a few words, no sentence: what stands above a headline."""
    text = block.text.strip()
    short = 0 < len(text.split()) <= KICKER_MAX_WORDS
    return short and not text.endswith((".", "!", "?", ":")) and not block.link_chars


def _drop_repeats(kept: list[Block], verdicts: Verdicts) -> list[Block]:
    """A block that repeats text already kept (a teaser of the headline, an embedded copy of the
    whole article) is removed as ``repair.duplicate``."""
    seen: set[str] = set()
    body = ""
    out: list[Block] = []
    for block in kept:
        key = " ".join(block.text.split()).casefold()
        head = key[:DUPLICATE_PROBE_CHARS]
        if key in seen or (len(key) > DUPLICATE_PROBE_CHARS and head in body):
            verdicts.labels[block.index] = "repair.duplicate"
            continue
        seen.add(key)
        body += " " + key
        out.append(block)
    return out


def _drop_capital(text: str) -> bool:
    return len(text) == 1 and text.isupper()


def _removed(blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta) -> list[Removed]:
    out: list[Removed] = []
    for block in blocks:
        rule = meta.labels.get(block.index) or verdicts.labels[block.index]
        zone = "header" if block.index < verdicts.start else "footer" if block.index > verdicts.end else "body"
        if rule and block.text:
            out.append(Removed(text=block.text, zone=zone, block=block.index, rule=rule))
        for text, rule_id in block.stripped:
            out.append(Removed(text=text, zone=zone, block=block.index, rule=rule_id))
    return out
