"""HTML input: trafilatura finds the main content and the page metadata; we clean what it keeps."""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass, field

from schemas.document import RejectReason

# Extraction settings: favour recall (our own rules and classifier strip what it keeps), no
# comments, tables kept, original publication date rather than the latest one.
_DATE_PARAMS = {"original_date": True, "extensive_search": True}


@dataclass
class PageMeta:
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None
    language: str | None = None
    tags: list[str] = field(default_factory=list)


@dataclass
class Extracted:
    text: str  # main content as markdown-ish text, paragraphs separated by blank lines
    meta: PageMeta


@dataclass(frozen=True)
class HtmlProblem:
    reason: RejectReason
    detail: str


def gunzip(data: bytes) -> bytes | HtmlProblem:
    """The bytes of a gzip stream, or a problem when it is truncated or corrupt."""
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        return HtmlProblem("undecodable", f"broken gzip stream: {exc}")


def extract(html: str, url: str | None = None) -> Extracted | HtmlProblem:
    """Main content and metadata of one HTML page."""
    import trafilatura  # imported here: loading it costs ~0.5 s, text-only runs never need it
    from trafilatura.xml import xmltotxt

    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            favor_recall=True,
            include_comments=False,
            include_tables=True,
            include_formatting=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, TypeError, RecursionError) as exc:  # lxml refuses some malformed trees
        return HtmlProblem("no_content", f"HTML could not be parsed: {type(exc).__name__}: {exc}")
    doc = result if isinstance(result, dict) else result.as_dict() if result is not None else None
    if not isinstance(doc, dict) or doc.get("body") is None:
        return HtmlProblem("no_content", "no article found in the HTML")
    text = xmltotxt(doc["body"], include_formatting=True) or ""
    if not text.strip():
        return HtmlProblem("no_content", "no article text found in the HTML")
    tags = [t for t in [*(doc.get("categories") or []), *(doc.get("tags") or [])] if t and t.strip()]
    meta = PageMeta(
        title=doc.get("title") or None,
        author=doc.get("author") or None,
        date=doc.get("date") or None,
        sitename=doc.get("sitename") or None,
        url=doc.get("url") or url,
        language=doc.get("language") or None,
        tags=tags,
    )
    return Extracted(text=text, meta=meta)
