"""Incremental state: what each input was when its outputs were last written (SQLite, embedded).

The store lives in CLEAN_DIR as ``.boilerstrip-state.sqlite``. An input is skipped when its
content hash and the pipeline version (package + rule files) match the stored ones. Only the
flow process writes it, after a batch's outputs are on disk, so a run killed at any moment
leaves at worst inputs that are reprocessed (to byte-identical outputs) next time.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from flows.storage import printable

STATE_NAME = ".boilerstrip-state.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS inputs (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    pipeline_version TEXT NOT NULL,
    outcome TEXT NOT NULL,
    outputs TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class InputState:
    path: str  # relative to the raw dir
    sha256: str
    size: int
    mtime_ns: int
    pipeline_version: str
    outcome: str  # written | rejected
    outputs: tuple[str, ...]  # files written for it, relative to the clean dir


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class StateStore:
    def __init__(self, clean_dir: Path) -> None:
        clean_dir.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(clean_dir / STATE_NAME, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)
        self._db.commit()

    def close(self) -> None:
        self._db.close()

    def get(self, path: str) -> InputState | None:
        row = self._db.execute(
            "SELECT path, sha256, size, mtime_ns, pipeline_version, outcome, outputs FROM inputs WHERE path = ?",
            (path,),
        ).fetchone()
        if row is None:
            return None
        path_, sha, size, mtime, version, outcome, outputs = row
        return InputState(path_, sha, size, mtime, version, outcome, tuple(json.loads(outputs)))

    def is_current(self, raw_dir: Path, rel: str, version: str) -> bool:
        """Whether input ``rel`` is unchanged since its outputs were written by this pipeline version."""
        path = printable(rel)  # the key, as every record of the input names it
        known = self.get(path)
        if known is None or known.pipeline_version != version:
            return False
        stat = (raw_dir / rel).stat()
        if (stat.st_size, stat.st_mtime_ns) == (known.size, known.mtime_ns):
            return True
        if stat.st_size != known.size or file_sha256(raw_dir / rel) != known.sha256:
            return False
        self._db.execute("UPDATE inputs SET mtime_ns = ? WHERE path = ?", (stat.st_mtime_ns, path))
        self._db.commit()  # same content, touched: remember the new time to skip hashing next run
        return True

    def forget_rejected(self, present: Collection[str]) -> list[str]:
        """Forget the rejected inputs not in ``present`` (printable paths): gone from the raw dir.
        Returns their rejection files, for the caller to remove. Inputs that gave documents are
        kept: their documents stay when the raw copy is deleted."""
        rows = self._db.execute("SELECT path, outputs FROM inputs WHERE outcome = 'rejected'").fetchall()
        gone = [(path, outputs) for path, outputs in rows if path not in present]
        self._db.executemany("DELETE FROM inputs WHERE path = ?", [(path,) for path, _ in gone])
        self._db.commit()
        return [name for _, outputs in gone for name in json.loads(outputs)]

    def record(self, states: Iterable[InputState]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (s.path, s.sha256, s.size, s.mtime_ns, s.pipeline_version, s.outcome, json.dumps(list(s.outputs)))
                for s in states
            ],
        )
        self._db.commit()
