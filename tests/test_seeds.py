"""Acceptance: the two real seed articles in ../shared/seeds match expected.json field by field."""

from __future__ import annotations

import json
from typing import Any

import pytest

from parsers import parse_file
from schemas.document import Document
from tests.conftest import SHARED

SEEDS = SHARED / "seeds"
EXPECTED: dict[str, dict[str, Any]] = (
    json.loads((SEEDS / "expected.json").read_text("utf-8")) if (SEEDS / "expected.json").exists() else {}
)


@pytest.mark.skipif(not EXPECTED, reason="../shared/seeds not present")
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed(name: str) -> None:
    expect = EXPECTED[name]
    doc = parse_file(SEEDS / name)[0]
    assert isinstance(doc, Document), doc
    assert doc.title == expect["title"]
    assert doc.authors == expect["authors"]
    assert doc.published is not None and doc.published[:10] == expect["published"]
    assert doc.publisher == expect["publisher"]
    assert sorted(doc.tags) == sorted(expect["tags"])
    body = doc.body
    assert len([p for p in body.split("\n\n") if p.strip()]) == expect["paragraphs"]
    assert body.startswith(expect["body_starts_with"])
    assert body.endswith(expect["body_ends_with"])
    for text in expect["body_contains"]:
        assert text in body
    for text in expect["body_excludes"]:
        assert text not in body, text
    assert all(r.rule for r in doc.removed)
