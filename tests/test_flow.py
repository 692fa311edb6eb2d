"""The ingest flow under Prefect's test harness, writing real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.usefixtures("prefect_harness")
def test_ingest_flow_writes_documents_and_rejections(tmp_path: Path) -> None:
    from flows.ingest import ingest

    raw, clean = tmp_path / "raw", tmp_path / "clean"
    shutil.copytree(ROOT / "raw", raw)
    (raw / "nested").mkdir()
    shutil.copy(ROOT / "raw" / "bulletin-roundup.md", raw / "nested" / "copy.md")
    (raw / "empty.txt").write_text("")
    report = ingest(raw_dir=str(raw), clean_dir=str(clean), batch_size=2)
    samples = sorted(p for p in (ROOT / "raw").iterdir() if p.is_file() and not p.name.endswith(".jsonl"))
    assert report.found == len(samples) + 3  # + the JSONL feed, the nested copy and the empty file
    # every sample is a document; the feed gives two documents and one rejected line; plus copy and empty
    assert report.written == len(samples) + 3 and report.rejected == 2 and report.failed == 0
    for sample in samples:
        doc = json.loads((clean / (sample.name.rsplit(".", 1)[0] + ".json")).read_text("utf-8"))
        assert doc["body"] and doc["source"]["path"] == sample.name
    for record in (1, 2):
        assert json.loads((clean / f"courier-feed.{record}.json").read_text("utf-8"))["source"]["record"] == record
    assert json.loads((clean / "_rejected" / "courier-feed.3.json").read_text("utf-8"))["reason"] == "malformed_record"
    assert (clean / "nested" / "copy.json").exists()
    rejection = json.loads((clean / "_rejected" / "empty.json").read_text("utf-8"))
    assert rejection["reason"] == "empty" and rejection["path"] == "empty.txt"
    assert json.loads((clean / "_report.json").read_text("utf-8"))["written"] == report.written
    assert not list(clean.rglob("*.tmp"))
