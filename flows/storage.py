"""Files in and out: input discovery, output paths, atomic writes. No parsing here."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from pydantic import BaseModel

# Input file endings the pipeline accepts (others are left alone, never silently "processed").
INPUT_SUFFIXES: tuple[str, ...] = (
    ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".json", ".jsonl",
    ".ndjson",
)  # fmt: skip
REJECTED_DIR = "_rejected"


def input_suffix(name: str, suffixes: Sequence[str] = INPUT_SUFFIXES) -> str | None:
    lower = name.lower()
    matches = [s for s in suffixes if lower.endswith(s)]
    return max(matches, key=len) if matches else None


def discover(raw_dir: Path, suffixes: Sequence[str] | None = None) -> Iterator[Path]:
    """Input files under ``raw_dir`` in a stable order, skipping hidden and ``_``-prefixed entries.

    With ``suffixes`` only files with those endings; without, every file: one of an unknown kind
    is then recorded as a rejection rather than passed over in silence.
    """
    for root, dirs, files in os.walk(raw_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(files):
            if not name.startswith((".", "_")) and (suffixes is None or input_suffix(name, suffixes)):
                yield Path(root) / name


def colliding(paths: Iterable[str]) -> frozenset[str]:
    """Inputs whose outputs would share a name ("a.md" and "a.txt" both -> "a.json"): these keep
    their whole file name in the output name ("a.md.json", "a.txt.json") so neither is lost."""
    claims: dict[str, list[str]] = {}
    for rel in paths:
        path = Path(rel)
        suffix = input_suffix(path.name) or path.suffix
        claims.setdefault(str(path.parent / path.name[: len(path.name) - len(suffix)]), []).append(rel)
    return frozenset(rel for group in claims.values() if len(group) > 1 for rel in group)


def output_path(
    clean_dir: Path, raw_dir: Path, path: Path, record: int | None = None, keep_suffix: bool = False
) -> Path:
    """``CLEAN_DIR/<path relative to RAW_DIR, extension replaced by .json>``."""
    rel = path.relative_to(raw_dir)
    suffix = "" if keep_suffix else input_suffix(rel.name) or rel.suffix
    stem = rel.name[: len(rel.name) - len(suffix)] if suffix else rel.name
    name = f"{stem}.json" if record is None else f"{stem}.{record}.json"
    return clean_dir / rel.parent / name


def rejection_path(
    clean_dir: Path, raw_dir: Path, path: Path, record: int | None = None, keep_suffix: bool = False
) -> Path:
    rel = output_path(Path(), raw_dir, path, record, keep_suffix)
    return clean_dir / REJECTED_DIR / rel


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def dump_model(model: BaseModel) -> bytes:
    """Canonical JSON: same model, same bytes (sorted by field order, UTF-8, trailing newline)."""
    # pydantic's own serializer: json.dumps with indent falls back to the pure-Python encoder,
    # which cost a quarter of a batch's time on documents with long `removed` lists.
    return model.model_dump_json(indent=2).encode("utf-8") + b"\n"
