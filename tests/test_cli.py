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
