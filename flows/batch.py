"""One batch of inputs: read each file, call the core, write its document or rejection.

Plain Python (no Prefect) so that a task, a test or a Dask worker runs the same code.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from flows.storage import atomic_write, dump_model, output_path, rejection_path
from parsers import ParseOptions, load_rules, parse_bytes, pipeline_version
from schemas.document import Document, Rejection


@dataclass
class BatchSummary:
    """What a batch did; summaries add up into the run report."""

    inputs: int = 0
    written: int = 0
    rejected: int = 0
    failed: list[str] = field(default_factory=list)
    rules: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    rejections: list[dict[str, str]] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)

    def add(self, other: BatchSummary) -> None:
        self.inputs += other.inputs
        self.written += other.written
        self.rejected += other.rejected
        self.failed.extend(other.failed)
        self.rules.update(other.rules)
        self.reasons.update(other.reasons)
        self.rejections.extend(other.rejections)
        self.outputs.extend(other.outputs)


def process_batch(paths: list[str], raw_dir: str, clean_dir: str, options: ParseOptions) -> BatchSummary:
    """Parse and write every input in ``paths``. An unreadable file becomes a rejection."""
    raw, clean = Path(raw_dir), Path(clean_dir)
    summary = BatchSummary()
    for name in paths:
        path = Path(name)
        summary.inputs += 1
        rel = str(path.relative_to(raw))
        try:
            data = path.read_bytes()
        except OSError as exc:
            results: list[Document | Rejection] = [_unreadable(rel, exc)]
        else:
            results = list(parse_bytes(data, rel, options))
        for result in results:
            _write(result, raw, clean, path, summary)
    return summary


def _unreadable(rel: str, exc: OSError) -> Rejection:
    return Rejection(
        pipeline_version=pipeline_version(load_rules()), path=rel, reason="unreadable",
        detail=f"{type(exc).__name__}: {exc.strerror or exc}",
    )  # fmt: skip


def _write(result: Document | Rejection, raw: Path, clean: Path, path: Path, summary: BatchSummary) -> None:
    record = result.source.record if isinstance(result, Document) else result.record
    good = output_path(clean, raw, path, record)
    bad = rejection_path(clean, raw, path, record)
    if isinstance(result, Document):
        atomic_write(good, dump_model(result))
        bad.unlink(missing_ok=True)  # a fixed input leaves no stale rejection behind
        summary.written += 1
        summary.outputs.append(str(good))
        summary.rules.update(r.rule for r in result.removed)
    else:
        atomic_write(bad, dump_model(result))
        good.unlink(missing_ok=True)
        summary.rejected += 1
        summary.reasons[result.reason] += 1
        summary.rejections.append({"path": result.path, "reason": result.reason, "detail": result.detail})
