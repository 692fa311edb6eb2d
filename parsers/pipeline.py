"""One path for every document: read → blocks → classify → metadata → repair → validate."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
import numpy.typing as npt
from pydantic import ValidationError

from parsers.blocks import Block, segment, word_count
from parsers.body import body, label_repeated_title, removed
from parsers.html.dom import DomPage, walk
from parsers.html.page import PageMeta, read_html
from parsers.inputs.read import DEFAULT_MAX_BYTES, Problem
from parsers.meta.date_choice import SOURCES, Candidates, DateChooser, day_of, load_date_model
from parsers.meta.fields import Meta
from parsers.meta.header import HeaderMeta, merge_hints, normalize_date
from parsers.meta.html_authors import AuthorChooser, Credits, PageText, credit_rows, given_credits, load_author_model
from parsers.meta.html_titles import HtmlTitles, html_title_rows, proposed_titles
from parsers.meta.markup import markup_hints
from parsers.meta.params import META
from parsers.meta.search import (
    body_dateline,
    dateline,
    header_metadata,
    linked_author,
    publisher,
    signature,
    text_byline,
)
from parsers.meta.text_authors import TextCredits, text_credit_rows
from parsers.meta.text_dates import WrittenDays, text_date_rows
from parsers.meta.text_titles import Lines, TitleChooser, load_title_model, title_rows
from parsers.meta.titles import site_label
from parsers.strip.classify import (
    DEFAULT_PARAMS,
    ClassifierParams,
    Verdicts,
    decide,
)
from parsers.strip.evidence import PageReading, read_page, ruled_blocks, with_dom_columns
from parsers.strip.model import Classifier, load_model
from parsers.strip.rules import RuleSet, load_rules
from schemas.document import Document, InputFormat, Link, Rejection, RejectReason, Source

try:
    PACKAGE_VERSION = version("boilerstrip")
except PackageNotFoundError:  # running from a source tree that was not installed
    PACKAGE_VERSION = "0.0.0"

Result = Document | Rejection


@dataclass(frozen=True)
class ParseOptions:
    """What a caller may tune; every field has a working default."""

    profile_dirs: tuple[Path, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    params: ClassifierParams = DEFAULT_PARAMS
    model_path: Path | None = None  # the block classifier's model file; None: the one shipped
    date_model_path: Path | None = None  # the date choice's model file; None: the one shipped
    title_model_path: Path | None = None  # the title choices' model file; None: the one shipped
    author_model_path: Path | None = None  # the HTML author choice's model file; None: the one shipped


@dataclass
class Origin:
    """What is known about an input besides its text."""

    path: str
    format: InputFormat
    sha256: str
    record: int | None = None
    url: str | None = None
    fetched_at: datetime | None = None
    hints: Meta = field(default_factory=Meta)  # metadata given by a scraper record or the HTML page


@dataclass(frozen=True)
class Core:
    """What parsing needs, loaded once and passed down: the caller's options, the rule set and
    the block classifier."""

    options: ParseOptions
    rules: RuleSet
    model: Classifier
    dates: DateChooser
    titles: TitleChooser
    authors: AuthorChooser

    @classmethod
    def load(cls, options: ParseOptions = ParseOptions()) -> Core:
        rules, model = load_rules(options.profile_dirs), load_model(options.model_path)
        dates, titles = load_date_model(options.date_model_path), load_title_model(options.title_model_path)
        return cls(options, rules, model, dates, titles, load_author_model(options.author_model_path))

    @classmethod
    def of(cls, given: ParseOptions | Core) -> Core:
        """``given`` itself, or the core its options load."""
        return given if isinstance(given, Core) else cls.load(given)


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """Hash of the core's source and cue files: a changed classifier or vocabulary reprocesses
    inputs, like changed rules."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for source in sorted([*root.rglob("*.py"), *root.glob("cues/*.toml")]):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:8]


def pipeline_version(rules: RuleSet, model: Classifier | None = None, dates: DateChooser | None = None) -> str:
    """Package version, core source hash, rule-file hash and the models' hashes: what an
    incremental run compares."""
    blocks, chooser, lines, credits = (
        (model or load_model()).digest,
        (dates or load_date_model()).digest,
        load_title_model().digest,
        load_author_model().digest,
    )
    return (
        f"{PACKAGE_VERSION}+code.{_code_digest()}.rules.{rules.version}.model.{blocks}.dates.{chooser}"
        f".titles.{lines}.authors.{credits}"
    )


def parse_html(
    html: str,
    origin: Origin,
    rules: RuleSet,
    params: ClassifierParams = DEFAULT_PARAMS,
    model: Classifier | None = None,
    dates: DateChooser | None = None,
    titles: TitleChooser | None = None,
    authors: AuthorChooser | None = None,
) -> Result:
    """HTML: the page's DOM cut into blocks, which the classifier keeps or removes with the DOM's
    evidence; metadata from the markup, the date, title and authors chosen among its sources."""
    chosen = (dates or load_date_model(), titles or load_title_model(), authors or load_author_model())
    draft = _html_draft(html, origin, rules, params, model, *chosen)
    return draft if isinstance(draft, Rejection) else _document(draft)


def html_date_candidates(
    html: str, origin: Origin, rules: RuleSet, model: Classifier, params: ClassifierParams = DEFAULT_PARAMS
) -> Candidates | None:
    """The dates an HTML page's sources propose, the pipeline's own before the choice included
    (what the date model is fitted on); None for a page the pipeline rejects."""
    draft = _html_draft(html, origin, rules, params, model, None)
    return None if isinstance(draft, Rejection) else _date_candidates(draft)


def html_title_evidence(
    html: str, origin: Origin, rules: RuleSet, model: Classifier, params: ClassifierParams = DEFAULT_PARAMS
) -> HtmlTitles | None:
    """An HTML page's candidate titles with their feature rows, the rules' choice among them (what
    the title model's HTML trees are fitted on); None for a page the pipeline rejects."""
    draft = _html_draft(html, origin, rules, params, model, None)
    return None if isinstance(draft, Rejection) else _html_titles(draft)


def _html_draft(
    html: str,
    origin: Origin,
    rules: RuleSet,
    params: ClassifierParams,
    model: Classifier | None,
    dates: DateChooser | None,
    titles: TitleChooser | None = None,
    authors: AuthorChooser | None = None,
) -> Draft | Rejection:
    """The page through the HTML stages; with no ``dates`` (``titles``, ``authors``), its date
    (title, authors) is not chosen."""
    parsed = read_html(html, origin.url)
    if isinstance(parsed, Problem):
        return reject(rules, origin.path, origin.sha256, parsed.reason, parsed.detail, origin.record)
    model = model or load_model()
    dom = walk(parsed.tree, model.vocabulary)
    if not dom.blocks:
        return reject(rules, origin.path, origin.sha256, "no_content", "no text in the HTML", origin.record)
    if len(dom.blocks) > MAX_BLOCKS:
        return _too_many(dom.blocks, origin, rules)
    origin.url = origin.url or parsed.meta.url
    markup = Markup(dom, parsed.meta)
    draft = Draft(dom.blocks, _joined(dom.blocks), origin, rules, params, model, markup, dates, titles, authors)
    return _run(draft, HTML_STAGES)


@dataclass(frozen=True)
class Markup:
    """What an HTML page adds to its blocks: the DOM's evidence and the metadata of its markup."""

    dom: DomPage
    meta: PageMeta


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


def block_table(
    text: str, origin: Origin, rules: RuleSet, vocabulary: Sequence[str], params: ClassifierParams = DEFAULT_PARAMS
) -> tuple[list[Block], npt.NDArray[np.float64]]:
    """The blocks of a text page and their feature rows, as the classifier sees them (for training)."""
    blocks = segment(text)
    if not blocks:
        return [], np.zeros((0, 0))
    X = read_page(blocks, text, origin.format, origin.url, rules, params, None, vocabulary).X
    return blocks, with_dom_columns(X, vocabulary)


def html_block_table(
    html: str, origin: Origin, rules: RuleSet, vocabulary: Sequence[str], params: ClassifierParams = DEFAULT_PARAMS
) -> tuple[list[Block], npt.NDArray[np.float64]]:
    """The blocks of an HTML page's DOM and their feature rows, the DOM's columns included."""
    from trafilatura import load_html

    tree = load_html(html)
    if tree is None:
        return [], np.zeros((0, 0))
    page = walk(tree, vocabulary)
    if not page.blocks:
        return [], np.zeros((0, 0))
    return page.blocks, read_page(
        page.blocks, _joined(page.blocks), origin.format, origin.url, rules, params, page, vocabulary
    ).X


def _joined(blocks: Sequence[Block]) -> str:
    return "\n\n".join(b.text for b in blocks)


def parse_text(
    text: str,
    origin: Origin,
    rules: RuleSet,
    params: ClassifierParams = DEFAULT_PARAMS,
    model: Classifier | None = None,
    dates: DateChooser | None = None,
    titles: TitleChooser | None = None,
    authors: AuthorChooser | None = None,
) -> Result:
    """The core: text or markdown of a whole page in, a document or a rejection out."""
    blocks = segment(text)
    if not blocks:
        return reject(rules, origin.path, origin.sha256, "empty", "the input holds no text", origin.record)
    if len(blocks) > MAX_BLOCKS:
        return _too_many(blocks, origin, rules)
    chosen = (dates or load_date_model(), titles or load_title_model(), authors or load_author_model())
    draft = Draft(blocks, text, origin, rules, params, model or load_model(), None, *chosen)
    return _document(_run(draft, TEXT_STAGES))


def text_title_evidence(text: str, origin: Origin, rules: RuleSet, model: Classifier | None = None) -> Lines | None:
    """A text page's candidate titles with their feature rows, the header scan's among them (what
    the title model is fitted on); None for a page with no blocks or too many."""
    draft = _unchosen_draft(text, origin, rules, model)
    return (
        None
        if draft is None
        else title_rows(draft.blocks, draft.verdicts, draft.meta, _reading(draft).hits.fired.keys())
    )


def text_author_evidence(
    text: str, origin: Origin, rules: RuleSet, model: Classifier | None = None
) -> tuple[list[str], TextCredits] | None:
    """A text page's authors before the choice (the byline rules'), and its candidate credits with
    their feature rows (what the text author trees are fitted on); None for a page with no blocks
    or too many."""
    draft = _unchosen_draft(text, origin, rules, model)
    if draft is None:
        return None
    return list(draft.meta.authors), text_credit_rows(draft.blocks, draft.verdicts, draft.meta)


def text_date_evidence(
    text: str, origin: Origin, rules: RuleSet, model: Classifier | None = None
) -> tuple[str | None, WrittenDays] | None:
    """A text page's date before the choice, and the days it writes with their feature rows (what
    the text date model is fitted on); None for a page with no blocks or too many."""
    draft = _unchosen_draft(text, origin, rules, model)
    if draft is None:
        return None
    meta = draft.meta
    return meta.published, text_date_rows(draft.blocks, draft.verdicts, meta, origin.fetched_at, meta.published)


def _unchosen_draft(text: str, origin: Origin, rules: RuleSet, model: Classifier | None) -> Draft | None:
    """A text page through the text stages with no learned choice made (no date or title model)."""
    blocks = segment(text)
    if not blocks or len(blocks) > MAX_BLOCKS:
        return None
    return _run(Draft(blocks, text, origin, rules, DEFAULT_PARAMS, model or load_model(), None, None), TEXT_STAGES)


# Most blocks a page may have: the largest DEV page has ~6,200; memory and time grow with the
# blocks (a feature row each), and a page of 20 MB of short paragraphs would take minutes and GBs.
MAX_BLOCKS = 20_000


def _too_many(blocks: Sequence[Block], origin: Origin, rules: RuleSet) -> Rejection:
    detail = f"{len(blocks)} blocks (paragraphs, list items, cells...), over the limit of {MAX_BLOCKS} a page"
    return reject(rules, origin.path, origin.sha256, "too_large", detail, origin.record)


@dataclass
class Draft:
    """One page on its way through the stages: its blocks, then what each stage found."""

    blocks: list[Block]
    text: str
    origin: Origin
    rules: RuleSet
    params: ClassifierParams
    model: Classifier
    markup: Markup | None  # an HTML page's DOM evidence and markup; None for text
    dates: DateChooser | None  # chooses the publication date; None: the date is not chosen (for training)
    titles: TitleChooser | None = None  # chooses the page's title; None: it is not chosen
    authors: AuthorChooser | None = None  # chooses an HTML page's authors; None: they are not chosen
    given_authors: list[str] = field(default_factory=list)  # the authors the input's own record gives
    kept_authors: list[str] = field(default_factory=list)  # the bylines at the start of the kept body
    given_published: str | None = None  # the date the input's own record gives (a scraper's field)
    given_title: str | None = None  # the title the input's own record gives
    reading: PageReading | None = None
    verdicts: Verdicts = field(default_factory=lambda: Verdicts(labels=[], classes=[], start=0, end=-1))
    meta: HeaderMeta = field(default_factory=HeaderMeta)


Stage = Callable[[Draft], None]


def _strip(draft: Draft) -> None:
    """Rules, the hand-set classes and the learned classifier: each block kept or removed."""
    blocks, markup = draft.blocks, draft.markup
    reading = read_page(
        blocks, draft.text, draft.origin.format, draft.origin.url, draft.rules, draft.params,
        markup.dom if markup else None, draft.model.vocabulary,
    )  # fmt: skip
    chars = np.array([len(b.text) for b in blocks], dtype=np.float64)
    p = draft.model.probabilities(reading.X, chars)
    draft.reading = reading
    draft.verdicts = decide(blocks, p, draft.model.threshold, ruled_blocks(blocks, reading.hits, reading.anchor))


def _site_names(draft: Draft) -> list[str]:
    profile = _reading(draft).profile
    return [profile.name] if profile and profile.name else []


def _reading(draft: Draft) -> PageReading:
    assert draft.reading is not None, "the strip stage runs first"
    return draft.reading


def _text_header(draft: Draft) -> None:
    """A text page's header: its headline searched for above the main run, bylines and dates under it."""
    reading = _reading(draft)
    draft.meta = header_metadata(
        draft.blocks, reading.anchor, draft.origin.fetched_at, reading.language, ruled=reading.hits.fired.keys(),
        site_names=_site_names(draft), find_headline=True,
    )  # fmt: skip


def _text_dateline(draft: Draft) -> None:
    """No date in the header: a dateline from the headline on, else a date line of the body."""
    if not draft.meta.published:
        anchor, fetched_at = _reading(draft).anchor, draft.origin.fetched_at
        draft.meta.published = dateline(draft.blocks, anchor, draft.meta, fetched_at) or body_dateline(
            draft.blocks, anchor, draft.meta, fetched_at
        )


def _text_byline(draft: Draft) -> None:
    """No author in the header: a byline further down, else links to author pages."""
    if not draft.meta.authors:
        text_byline(draft.blocks, _reading(draft).anchor, draft.meta)
        if not draft.meta.authors:
            linked_author(draft.blocks, _reading(draft).anchor, draft.meta)


def _markup(draft: Draft) -> None:
    """An HTML page's markup completes the input's own metadata; the headings the classifier kept
    are title candidates."""
    assert draft.markup is not None, "an HTML stage"
    origin = draft.origin
    draft.given_published, draft.given_title = origin.hints.published, origin.hints.title
    draft.given_authors = list(origin.hints.authors)
    origin.hints = markup_hints(origin.hints, draft.markup.meta, origin.url, _kept_headings(draft))


def _kept_header(draft: Draft) -> None:
    """Bylines and datelines at the start of the body the classifier kept (the markup tells the rest)."""
    kept = [b for b in draft.blocks if draft.verdicts.labels[b.index] is None]
    whole = Verdicts(labels=[None] * len(kept), classes=[], start=0, end=len(kept) - 1)
    reading = _reading(draft)
    draft.meta = header_metadata(
        kept, whole, draft.origin.fetched_at, reading.language, ruled=(), site_names=_site_names(draft),
        find_headline=False,
    )  # fmt: skip
    draft.kept_authors = list(draft.meta.authors)


def _hints(draft: Draft) -> None:
    """What the record (or the markup) gives stands over what the text showed."""
    origin = draft.origin
    merge_hints(draft.meta, origin.hints, origin.fetched_at, origin.url)


def _signature(draft: Draft) -> None:
    """Still no author: a signature closing the article."""
    if not draft.meta.authors:
        signature(draft.blocks, draft.verdicts, draft.meta)


def _repeated_title(draft: Draft) -> None:
    if draft.meta.title:
        label_repeated_title(draft.blocks, draft.verdicts, draft.meta)


# The stages of each path, in order; a page's document is assembled after the last.
def _text_date_choice(draft: Draft) -> None:
    """The publication date: the day the date model scores best among the days the page writes
    (a record's own date stands). The value keeps the time the page gives for that day."""
    meta, origin = draft.meta, draft.origin
    if origin.hints.published or draft.dates is None:
        return
    written = text_date_rows(draft.blocks, draft.verdicts, meta, origin.fetched_at, meta.published)
    last = origin.fetched_at.date().isoformat() if origin.fetched_at else None
    days, X = written.publishable(last)
    if meta.published and last and meta.published[:10] > last:
        meta.published = None  # after the fetch
    chosen = draft.dates.choose_text(days, X, scanned=meta.published is not None)
    if chosen is None and day_of(meta.published) in written.days:
        meta.published = None  # no day the page writes is likely enough its publication's
    if chosen is None or chosen == day_of(meta.published):
        return
    meta.published = next((f.found.iso for f in written.found if f.day == chosen and "T" in f.found.iso), chosen)
    if written.changed[written.days.index(chosen)]:
        meta.modified = meta.modified or meta.published  # a page showing only an update date (the schema's rule)
    _modified_after(meta)


def _text_title_choice(draft: Draft) -> None:
    """The title: the line the title model scores best among those that may be it, the header
    scan's included (a record's own title stands)."""
    meta = draft.meta
    if draft.origin.hints.title or draft.titles is None:
        return
    chosen = draft.titles.choose(title_rows(draft.blocks, draft.verdicts, meta, _reading(draft).hits.fired.keys()))
    if chosen is not None and not chosen.scan:
        meta.title = chosen.text


def _text_author_choice(draft: Draft) -> None:
    """The credit the author model's text trees score best among those the page writes (the byline
    rules' among them): with no author from the rules, only when it reaches the trees' threshold.
    A record's own authors stand."""
    meta = draft.meta
    if draft.origin.hints.authors or draft.authors is None:
        return
    ruled = bool(meta.authors)
    chosen = draft.authors.choose_text(text_credit_rows(draft.blocks, draft.verdicts, meta), ruled)
    if chosen is not None:
        meta.authors = list(chosen.persons)
        meta.organizations.extend(o for o in chosen.orgs if o not in meta.organizations)


TEXT_STAGES: tuple[Stage, ...] = (
    _strip, _text_header, _text_dateline, _text_byline, _hints, _signature, _text_author_choice, _text_title_choice,
    _text_date_choice,
)  # fmt: skip


def _date_choice(draft: Draft) -> None:
    """The publication date: the day the date model scores best among what the page's sources
    propose (a record's own date stands). The value keeps the time a source gives for that day."""
    meta = draft.meta
    if draft.given_published or draft.dates is None:
        return
    candidates = _date_candidates(draft)
    chosen = draft.dates.choose(candidates)
    fetched = draft.origin.fetched_at
    if chosen is None or chosen == day_of(meta.published) or (fetched and chosen > fetched.date().isoformat()):
        return  # a day after the page was fetched is no publication date
    written = (v for source in SOURCES for v in candidates.get(source, []) if day_of(v) == chosen)
    precise = (iso for v in written if (iso := normalize_date(v, draft.origin.fetched_at)) and iso[:10] == chosen)
    meta.published = next(precise, chosen)
    _modified_after(meta)


def _html_titles(draft: Draft) -> HtmlTitles:
    assert draft.markup is not None, "an HTML stage"
    page = draft.markup.meta
    proposed = proposed_titles(
        page.title_sources,
        draft.meta.title,
        page.title,
        page.headings,
        page.subheadings,
        _kept_headings(draft),
        page.heading_parts,
    )
    return html_title_rows(proposed, _site_name(draft), draft.origin.url, page.pagetype)


def html_author_evidence(
    html: str, origin: Origin, rules: RuleSet, model: Classifier, params: ClassifierParams = DEFAULT_PARAMS
) -> Credits | None:
    """An HTML page's candidate credits with their feature rows, the rules' choice among them (what
    the author model is fitted on); None for a page the pipeline rejects."""
    draft = _html_draft(html, origin, rules, params, model, None)
    return None if isinstance(draft, Rejection) else _html_credits(draft)


def _html_credits(draft: Draft) -> Credits:
    assert draft.markup is not None, "an HTML stage"
    page, meta = draft.markup.meta, draft.meta
    given = given_credits(
        meta.authors, page.author, page.credits, page.byline, page.linked_authors, page.licensed_to, draft.kept_authors,
        page.card_author,
    )  # fmt: skip
    labels = draft.verdicts.labels
    body = "\n".join(b.text for b in draft.blocks if labels[b.index] is None)
    url = page.url or draft.origin.url
    return credit_rows(given, PageText(draft.text, body, meta.title, _site_name(draft), url, page.pagetype))


def _site_name(draft: Draft) -> str | None:
    """The site's name as the markup gives it, else its address's host label."""
    assert draft.markup is not None, "an HTML stage"
    page = draft.markup.meta
    return page.sitename or site_label(page.url or draft.origin.url)


def _html_author_choice(draft: Draft) -> None:
    """The authors: the credit the author model scores best among what the page's sources give,
    the rules' choice and "nobody" included (a record's own authors stand)."""
    if draft.given_authors or draft.authors is None:
        return
    chosen = draft.authors.choose_html(_html_credits(draft))
    if chosen is None:
        return
    meta = draft.meta
    if chosen.persons != meta.authors:
        meta.authors = list(chosen.persons)
        meta.organizations = list(dict.fromkeys([*meta.organizations, *chosen.orgs]))


def _kept_headings(draft: Draft) -> list[str]:
    """The first headings the classifier kept: title candidates."""
    labels = draft.verdicts.labels
    return [b.text for b in draft.blocks if b.kind == "heading" and labels[b.index] is None][: META.content_headings]


def _html_title_choice(draft: Draft) -> None:
    """The title: the candidate the title model scores best among what the markup and headings
    propose, the rules' choice included (a record's own title stands)."""
    if draft.given_title or draft.titles is None:
        return
    chosen = draft.titles.choose_html(_html_titles(draft))
    if chosen is not None:
        draft.meta.title = chosen.text


def _modified_after(meta: HeaderMeta) -> None:
    """A "modified" date before the publication is none (as merge_hints has it)."""
    if meta.modified and meta.published and meta.modified[:10] < meta.published[:10]:
        meta.modified = None


def _date_candidates(draft: Draft) -> Candidates:
    assert draft.markup is not None, "an HTML stage"
    candidates = dict(draft.markup.meta.date_candidates)
    candidates["pipeline"] = [draft.meta.published] if draft.meta.published else []
    return candidates


HTML_STAGES: tuple[Stage, ...] = (
    _strip, _markup, _kept_header, _hints, _signature, _html_author_choice, _html_title_choice, _repeated_title,
    _date_choice,
)  # fmt: skip


def _run(draft: Draft, stages: tuple[Stage, ...]) -> Draft:
    for stage in stages:
        stage(draft)
    return draft


def _document(draft: Draft) -> Result:
    blocks, origin, rules, meta, verdicts = draft.blocks, draft.origin, draft.rules, draft.meta, draft.verdicts
    reading = _reading(draft)
    profile, lang = reading.profile, reading.language
    assembled = body(blocks, verdicts, meta)
    paragraphs, links = assembled.paragraphs, assembled.links
    if not paragraphs:
        return reject(
            rules, origin.path, origin.sha256, "no_content",
            f"nothing left after stripping {len(blocks)} blocks of boilerplate", origin.record,
        )  # fmt: skip
    text = "\n\n".join(paragraphs)
    words = word_count(text)
    if words < draft.params.min_body_words:
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
            publisher=publisher(profile, meta, blocks, origin.url),
            language=(origin.hints.language or lang or "")[:2].lower() or None,
            tags=list(dict.fromkeys(meta.tags)),
            profile=profile.id if profile else None,
            body=text,
            word_count=words,
            links=[Link(text=t, url=u) for t, u in links],
            source=Source(
                path=origin.path, format=origin.format, sha256=origin.sha256, record=origin.record,
                url=origin.url, fetched_at=origin.fetched_at.isoformat() if origin.fetched_at else None,
            ),
            removed=removed(blocks, verdicts, meta, assembled.repairs),
        )  # fmt: skip
    except ValidationError as exc:  # a bug in the core, reported as a rejection rather than a crash
        return reject(rules, origin.path, origin.sha256, "internal_error", str(exc)[:500], origin.record)
