"""Golden samples: fields, paragraph counts, must-contain and must-not-contain strings."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest

from parsers import parse_bytes
from schemas.document import Document
from tests.conftest import ROOT

GOLDEN: dict[str, dict[str, Any]] = tomllib.loads((ROOT / "tests" / "golden.toml").read_text("utf-8"))
SNAPSHOTS = ROOT / "tests" / "snapshots"
FIELDS = ("title", "authors", "published", "modified", "publisher", "tags", "language", "profile")


def _parse(rel: str) -> Document:
    result = parse_bytes((ROOT / rel).read_bytes(), rel)[0]
    assert isinstance(result, Document), result
    return result


@pytest.mark.parametrize("rel", sorted(GOLDEN))
def test_golden_sample(rel: str) -> None:
    expect = GOLDEN[rel]
    doc = _parse(rel)
    for field in FIELDS:
        if field in expect:
            assert getattr(doc, field) == expect[field], field
    if "paragraphs" in expect:
        assert len([p for p in doc.body.split("\n\n") if p.strip()]) == expect["paragraphs"]
    for text in expect.get("contains", []):
        assert text in doc.body
    for text in expect.get("excludes", []):
        assert text not in doc.body, text


@pytest.mark.parametrize("rel", sorted(r for r in GOLDEN if r.startswith("tests/fixtures/")))
def test_profile_snapshot(rel: str) -> None:
    """The whole document of each profile fixture, byte for byte (UPDATE_SNAPSHOTS=1 rewrites)."""
    doc = _parse(rel).model_dump(mode="json", exclude={"pipeline_version"})
    path = SNAPSHOTS / (Path(rel).name.split(".")[0] + ".json")
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.read_text("utf-8") == text


def test_every_profile_has_a_fixture() -> None:
    from parsers import load_rules

    covered = {GOLDEN[r].get("profile") for r in GOLDEN}
    assert {p.id for p in load_rules().profiles} <= covered
