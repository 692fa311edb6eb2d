"""HTML input: trafilatura finds the main content and the page metadata; we clean what it keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from parsers.html.credits import (
    author_credits,
    card_author,
    dated_author_line,
    fullest_forms,
    labelled_author_link,
    licence_holders,
    page_spelling,
    site_owners,
    without_owners,
)
from parsers.html.dates import (
    MODIFIED_MARKUP,
    UTC_SUFFIXES,
    Dateline,
    deep_date,
    headline_date,
    marked_up_date,
    marked_up_dates,
)
from parsers.html.scan import H23, h1_headings, headings, page_lines
from parsers.html.upstream import page_metadata
from parsers.inputs.read import Problem
from parsers.meta.dates import url_date
from parsers.meta.header import byline_in
from parsers.meta.html_titles import markup_titles
from parsers.meta.names import names_in_full
from parsers.meta.params import META

if TYPE_CHECKING:
    from lxml.html import HtmlElement


@dataclass
class PageMeta:
    title: str | None = None
    headings: list[str] = field(default_factory=list)
    subheadings: list[str] = field(default_factory=list)  # <h2>/<h3>: title candidates of last resort
    heading_parts: list[tuple[str, str]] = field(default_factory=list)  # an <h1>'s first part and the rest
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
    card_author: list[str] = field(default_factory=list)  # the author the summary card's labels name
    licensed_to: list[str] = field(default_factory=list)  # holders of the page's Creative Commons licence
    sitename: str | None = None
    url: str | None = None
    language: str | None = None
    tags: list[str] = field(default_factory=list)
    # Every date a source proposes (declared markup, address, headline dateline, htmldate's fast
    # search), for the learned choice (parsers/meta/date_choice.py).
    date_candidates: dict[str, list[str]] = field(default_factory=dict)
    # The titles the markup declares, by source (<title>, Open Graph, JSON-LD...), for the learned
    # choice (parsers/meta/html_titles.py).
    title_sources: dict[str, list[str]] = field(default_factory=dict)
    pagetype: str | None = None  # the type the markup gives the page (og:type: "article", "website"...)


@dataclass
class Parsed:
    tree: HtmlElement  # the page's DOM, as lxml built it
    meta: PageMeta


def read_html(html: str, url: str | None = None) -> Parsed | Problem:
    """One HTML page's tree and metadata (the main content is the classifier's to find)."""
    from trafilatura import load_html  # imported here: loading trafilatura costs ~0.5 s

    try:
        tree = load_html(html)
        if tree is None:
            return Problem("no_content", "no HTML tree could be built from the input")
        marked = marked_up_dates(html)
        doc = page_metadata(tree, html, url)  # htmldate's fast search: a date candidate on every page
    except (ValueError, TypeError, RecursionError) as exc:  # lxml refuses some malformed trees
        return Problem("no_content", f"HTML could not be parsed: {type(exc).__name__}: {exc}")
    page_url = doc.url or url  # its canonical address, else the one given
    # what the page declares: its date markup, else a date in its address (/2021/10/20/slug)
    declared = marked[0] if marked else url_date(page_url)
    credits, credited_orgs = author_credits(html)
    tags = [t for t in [*(doc.categories or []), *(doc.tags or [])] if t and t.strip()]
    spelled = fullest_forms(html, page_spelling(html, doc.author)) if doc.author else None
    author = without_owners(spelled, site_owners(html)) if spelled else None
    # The page's text is searched for a dateline only when the markup declares no date, a UTC time
    # or several days (see parsers.meta.markup._published); for a byline only when no credit names a person
    # in full.
    wants_dateline = declared is None or declared.endswith(UTC_SUFFIXES) or len({d[:10] for d in marked}) > 1
    wants_byline = not names_in_full([author, *credits])
    line = headline_date(html, doc.title)  # a date candidate on every page
    shown = line if wants_dateline else None
    byline = None
    if wants_byline:
        lines = page_lines(html)
        byline = byline_in(lines, META.dated_byline_lines) or dated_author_line(lines, html, page_url)
    h1s, h1_parts = h1_headings(html)
    meta = PageMeta(
        title=doc.title or None,
        headings=h1s,
        subheadings=headings(html, 8, H23),
        heading_parts=h1_parts,
        author=author,
        credits=credits,
        organizations=credited_orgs,
        # htmldate's extensive search costs up to 1.5 s on a page (dateparser): only with no dateline either
        date=declared or doc.date or (shown.iso if shown else None) or deep_date(html, url),
        date_declared=declared is not None,
        declared_dates=marked,
        modified=marked_up_date(html, MODIFIED_MARKUP) or (shown.iso if shown and shown.updated else None),
        headline_date=shown,
        byline=byline,
        linked_authors=labelled_author_link(html, page_url),
        card_author=card_author(tree),
        licensed_to=licence_holders(html),
        sitename=doc.sitename or None,
        url=page_url,
        language=doc.language or None,
        tags=tags,
        date_candidates={
            "declared": marked,
            "url": [d] if (d := url_date(page_url)) else [],
            "headline": [line.iso] if line else [],
            "htmldate": [doc.date] if doc.date else [],
        },
        title_sources=markup_titles(tree, html),
        pagetype=doc.pagetype or None,
    )
    return Parsed(tree=tree, meta=meta)
