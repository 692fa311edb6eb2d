"""Pages written for the tests, and the one document the core makes of each."""

from __future__ import annotations

from parsers import parse_bytes
from schemas.document import Document


def written(text: str, name: str) -> Document:
    """The one document ``parse_bytes`` makes of a page written here."""
    (doc,) = parse_bytes(text.encode(), name)
    assert isinstance(doc, Document), doc
    return doc


FERRY = "The ferry crossed the grey water while the town slept and the gulls circled the quay."


FERRY_PARAS = "\n\n".join(f"{FERRY} Part {i} of the morning went on." for i in range(6))


FOOTER = "[About us](/about)\n\n[Contact](/contact)\n\n[Privacy](/privacy)\n\n© 2024 Harbour Notes"


LONG_STORY = "\n\n".join(f"{FERRY} Part {i} of the long morning went on." for i in range(45))


def ferry_html(head: str, foot: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in FERRY_PARAS.split("\n\n"))
    return (
        f"<html><head><title>Ferry timetable changes</title>{head}</head><body><article>"
        f"<h1>Ferry timetable changes</h1>{paras}</article>{foot}</body></html>"
    )
