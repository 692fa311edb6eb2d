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
    ]
    for args, says in cases:
        run = _cli(*args)
        assert run.returncode == 2, run.stderr
        assert run.stderr.startswith("error: ") and says in run.stderr
        assert "Traceback" not in run.stderr + run.stdout and len(run.stderr.strip().splitlines()) == 1
    assert not (base / "out").exists()
