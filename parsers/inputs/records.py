"""Scraper records: one JSON object per file (``.json``) or per line (``.jsonl``)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from parsers.inputs.read import Problem, decode
from parsers.meta.fields import Meta
from schemas.document import RejectReason

# Field names scrapers use, in order of preference.
HTML_FIELDS = ("html", "raw_html", "content_html", "page_html")
TEXT_FIELDS = ("text", "markdown", "content", "body", "article", "raw_text")


@dataclass
class Record:
    number: int | None  # 1-based line (JSONL) or list position (JSON array); None for one object
    sha256: str
    url: str | None = None
    fetched_at: datetime | None = None
    html: str | None = None
    text: str | None = None
    hints: Meta = field(default_factory=Meta)


def _bad(number: int | None, sha: str, detail: str, reason: RejectReason = "malformed_record") -> Problem:
    return Problem(reason, detail, sha, number)


def iter_records(text: str, jsonl: bool) -> Iterator[Record | Problem]:
    """Records of a JSON or JSONL file; a line that fails is reported alone, the others go on."""
    if jsonl:
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                yield _record(line, number)
        return
    sha = _sha(text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield _bad(None, sha, f"invalid JSON: {exc}")
        return
    except RecursionError:
        yield _bad(None, sha, TOO_DEEP)
        return
    if isinstance(data, list):
        for number, item in enumerate(data, start=1):
            yield _from_object(item, number, _sha(json.dumps(item, sort_keys=True, ensure_ascii=False)))
    else:
        yield _from_object(data, None, sha)


TOO_DEEP = "invalid JSON: nested too deeply to read"


def iter_lines(lines: Iterable[bytes], max_bytes: int, first: int = 1) -> Iterator[Record | Problem]:
    """Records of a JSONL file read line by line (any size of file in bounded memory);
    ``max_bytes`` applies to each line; ``first``: the number of the first line (a part of a
    file). Blank lines are not records."""
    for number, raw in enumerate(lines, start=first):
        if len(raw) > max_bytes:
            yield _bad(
                number,
                hashlib.sha256(raw).hexdigest(),
                f"line {number}: {len(raw)} bytes, over the limit of {max_bytes}",
                "too_large",
            )
            continue
        if not raw.strip():
            continue
        text = decode(raw)
        if not isinstance(text, str):
            yield _bad(number, hashlib.sha256(raw).hexdigest(), f"line {number}: {text.detail}", text.reason)
            continue
        yield _record(text.rstrip("\n"), number)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _record(line: str, number: int) -> Record | Problem:
    sha = _sha(line)
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return _bad(number, sha, f"line {number}: invalid JSON: {exc}")
    except RecursionError:
        return _bad(number, sha, f"line {number}: {TOO_DEEP}")
    return _from_object(data, number, sha)


def _from_object(data: Any, number: int | None, sha: str) -> Record | Problem:
    where = f"line {number}: " if number is not None else ""
    if not isinstance(data, dict):
        return _bad(number, sha, f"{where}a record must be a JSON object, got {type(data).__name__}")
    html = _first_str(data, HTML_FIELDS)
    text = _first_str(data, TEXT_FIELDS)
    if not html and not text:
        fields = ", ".join((*HTML_FIELDS, *TEXT_FIELDS))
        return _bad(number, sha, f"{where}no content field (one of: {fields})")
    fetched = _first_str(data, ("fetched_at", "fetch_time", "crawled_at", "timestamp", "scraped_at"))
    fetched_at = _parse_time(fetched)
    if fetched and fetched_at is None:
        return _bad(number, sha, f"{where}fetched_at is not an ISO 8601 time: {fetched!r}")
    return Record(
        number=number,
        sha256=sha,
        url=_first_str(data, ("url", "source_url", "link", "canonical_url")),
        fetched_at=fetched_at,
        html=html,
        text=text,
        hints=Meta(
            title=_first_str(data, ("title", "headline")),
            authors=_str_list(data.get("authors", data.get("author"))),
            published=_first_str(data, ("published", "date_published", "datePublished", "date", "published_at")),
            modified=_first_str(data, ("modified", "date_modified", "dateModified", "updated_at")),
            publisher=_first_str(data, ("publisher", "site_name", "sitename", "source")),
            language=_first_str(data, ("language", "lang")),
            tags=_str_list(data.get("tags", data.get("keywords"))),
        ),
    )


def _first_str(data: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [v.strip() for v in value if isinstance(v, str) and v.strip()]
    return []


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
