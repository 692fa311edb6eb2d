"""A run killed with SIGKILL mid-way leaves no partial output, and the next run completes the rest."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_kill_9_mid_run_then_rerun_completes(tmp_path: Path) -> None:
    from flows.ingest import ingest

    raw, clean = tmp_path / "raw", tmp_path / "clean"
    samples = [p for p in (ROOT / "raw").iterdir() if p.suffix in (".md", ".txt")]
    for i in range(400):
        sample = samples[i % len(samples)]
        target = raw / f"{i // 100:02d}" / f"doc{i:04d}{sample.suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(sample, target)
    env = {**os.environ, "PREFECT_API_URL": os.environ.get("PREFECT_API_URL", "")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows", "ingest", str(raw), str(clean), "--workers", "1", "--batch-size", "20"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(clean.rglob("doc*.json"))) < 40:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    partial = list(clean.rglob("doc*.json"))
    assert 0 < len(partial) < 400, "the kill should land mid-run"
    for output in partial:
        json.loads(output.read_text("utf-8"))  # every output file is whole
    report = ingest(raw_dir=str(raw), clean_dir=str(clean), workers=1)
    assert report.failed == 0 and report.found == 400
    assert report.written + report.skipped == 400
    assert len(list(clean.rglob("doc*.json"))) == 400
    assert not list(clean.rglob("*.tmp"))
