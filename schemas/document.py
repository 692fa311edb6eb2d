"""The clean output document and the rejection record: the public contract."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

InputFormat = Literal["text", "markdown", "html", "json", "jsonl"]
Zone = Literal["header", "body", "footer"]
RejectReason = Literal[
    "empty",
    "binary",
    "too_large",
    "undecodable",
    "unsupported_kind",
    "malformed_record",
    "no_content",
    "unreadable",
    "not_a_file",
    "internal_error",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Strict):
    """Where a document came from."""

    path: str = Field(description="Input path as given (relative to the raw dir in flow runs).")
    format: InputFormat = Field(description="Detected input format.")
    sha256: str = Field(description="SHA-256 of the input bytes (of the record for JSON lines).")
    record: int | None = Field(default=None, description="1-based line number within a JSONL file.")
    url: str | None = Field(default=None, description="Page address, when the input says it.")
    fetched_at: str | None = Field(default=None, description="ISO 8601 fetch time, when known.")


class Link(_Strict):
    text: str
    url: str


class Removed(_Strict):
    """One block taken out of the body, and why."""

    text: str = Field(description="The block's text (markdown unwrapped).")
    zone: Zone = Field(description="Where the block stood relative to the article body.")
    block: int = Field(description="0-based index of the block in the input.")
    rule: str = Field(description="Id of the rule or classifier signal that removed it.")


class Document(_Strict):
    """One cleaned article."""

    schema_version: str = SCHEMA_VERSION
    pipeline_version: str = Field(description="Package version plus hashes of the core source and the rule files.")
    id: str = Field(description="Stable id: first 16 hex digits of the input's SHA-256.")
    title: str | None = None
    authors: list[str] = Field(default_factory=list, description="Person names, natural order.")
    organizations: list[str] = Field(
        default_factory=list, description="Credited wire services and organisations (not persons)."
    )
    published: str | None = Field(
        default=None,
        description=(
            "ISO 8601 publication date as the page shows it (a date-only value stays YYYY-MM-DD): its "
            "publication date, or, on a page that shows only an update date, that date (then also in modified)."
        ),
    )
    modified: str | None = Field(
        default=None, description="ISO 8601 last-modified date: the page's update date, when it shows one."
    )
    publisher: str | None = None
    language: str | None = Field(default=None, description="ISO 639-1 code detected from the body.")
    tags: list[str] = Field(default_factory=list)
    profile: str | None = Field(default=None, description="Publisher profile id that matched.")
    body: str = Field(description="Article text, paragraphs separated by one blank line, no markdown.")
    word_count: int = 0
    links: list[Link] = Field(default_factory=list, description="Links kept from the body.")
    source: Source
    removed: list[Removed] = Field(default_factory=list)


class Rejection(_Strict):
    """An input that could not become a document."""

    schema_version: str = SCHEMA_VERSION
    pipeline_version: str
    path: str
    record: int | None = None
    sha256: str | None = None
    reason: RejectReason
    detail: str
