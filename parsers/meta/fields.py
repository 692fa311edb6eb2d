"""The one metadata type: a document's metadata fields as one source gives them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Meta:
    """Title, credits, dates, publisher, language and tags, as a scraper record, an HTML page's
    markup or a page's text gives them (each None or empty where it gives none)."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)  # credited as authors, known not to be persons
    published: str | None = None
    modified: str | None = None
    publisher: str | None = None
    language: str | None = None
    tags: list[str] = field(default_factory=list)
