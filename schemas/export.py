"""The checked-in JSON Schema of the output document: ``python -m schemas.export`` rewrites it."""

from __future__ import annotations

import json
from pathlib import Path

from schemas.document import Document

SCHEMA_PATH = Path(__file__).resolve().parent / "document.schema.json"


def schema_json() -> str:
    schema = Document.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "boilerstrip/document.schema.json"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(schema_json(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
