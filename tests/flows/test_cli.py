"""The command line, run as users run it."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "flows", *args], cwd=ROOT, capture_output=True, text=True)


def test_parse_prints_a_document() -> None:
    run = _cli("parse", "raw/nordlicht-bruecke.md")
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    assert doc["title"] == "Die alte Hafenbrücke wird ab Mai saniert" and doc["body"]


def test_parse_prints_a_rejection_and_fails(tmp_path: object) -> None:
    from pathlib import Path

    empty = Path(str(tmp_path)) / "empty.txt"
    empty.write_text("")
    run = _cli("parse", str(empty))
    assert run.returncode == 1
    assert json.loads(run.stdout)["reason"] == "empty"


def test_schema_command_prints_the_schema() -> None:
    run = _cli("schema")
    assert run.returncode == 0 and json.loads(run.stdout)["title"] == "Document"


def test_ingest_mistakes_are_one_line_errors_before_any_work(tmp_path: object) -> None:
    from pathlib import Path

    base = Path(str(tmp_path))
    raw, profiles = base / "raw", base / "profiles"
    raw.mkdir()
    profiles.mkdir()
    (raw / "a.md").write_text("A line of text.\n")
    (profiles / "dup.toml").write_text('id = "dup"\nunknown_key = 1\n')
    cases = [
        (["ingest", str(raw), str(base / "out"), "--profile-dir", str(profiles)], "dup.toml"),
        (["ingest", str(base / "missing"), str(base / "out")], "is not a directory"),
        (["ingest", str(raw), str(raw)], "outside raw_dir"),
        (["ingest", str(raw), str(base / "out"), "--format", "pdf"], "unknown format"),
        (
            ["ingest", str(raw), str(base / "out"), "--dask-address", "tcp://127.0.0.1:9", "--dask-timeout", "1"],
            "cannot reach the Dask scheduler at tcp://127.0.0.1:9",
        ),
    ]
    for args, says in cases:
        run = _cli(*args)
        assert run.returncode == 2, run.stderr
        assert run.stderr.startswith("error: ") and says in run.stderr
        assert "Traceback" not in run.stderr + run.stdout and len(run.stderr.strip().splitlines()) == 1
    assert not (base / "out").exists()


def test_ingest_without_a_prefect_api_runs_on_plain_processes(tmp_path: object) -> None:
    import os
    from pathlib import Path

    base = Path(str(tmp_path))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(base / "prefect-home")  # no profile naming an API
    clean = base / "clean"
    args = [sys.executable, "-m", "flows", "ingest", "raw", str(clean), "--workers", "2", "--batch-size", "2"]
    first = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "ran without Prefect" in first.stdout and "Starting temporary server" not in first.stderr
    report = json.loads((clean / "_report.json").read_text("utf-8"))
    assert report["written"] == report["found"] == 7 and report["documents"] == 8
    again = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    assert again.returncode == 0 and json.loads((clean / "_report.json").read_text("utf-8"))["skipped"] == 7
    assert not (base / "prefect-home").exists()  # Prefect never started
