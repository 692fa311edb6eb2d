"""The checked-in JSON Schema is the model's."""

from __future__ import annotations

from schemas.export import SCHEMA_PATH, schema_json


def test_checked_in_schema_matches_the_model() -> None:
    assert SCHEMA_PATH.read_text("utf-8") == schema_json(), "run: python -m schemas.export"


def test_schema_names_the_public_fields() -> None:
    import json

    props = json.loads(schema_json())["properties"]
    for name in ("id", "title", "authors", "published", "publisher", "tags", "body", "source", "removed",
                 "schema_version", "pipeline_version"):  # fmt: skip
        assert name in props
