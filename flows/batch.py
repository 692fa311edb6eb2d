"""One batch of inputs: read each file, call the core, write its documents or rejections.

Plain Python (no Prefect) so that a task, a test or a Dask worker runs the same code.
"""

from __future__ import annotations

import gc
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from flows.state import InputState
from flows.storage import BatchWriter, dump_model, output_path, rejection_path
from parsers import ParseOptions, load_rules, parse_bytes, pipeline_version
from schemas.document import Document, Rejection

# Most documents per task. The text path cleans ~75 documents/s and the HTML path ~30/s per core
# with both cores busy (DEV bench, 2-core machine): 250 is a task of ~3-8 s. A process-pool task
# costs ~0.1 s between batches (measured in workers: 1.4 s of gaps per 1,500 documents in batches
# of 100, 0.6 s in batches of 250), far above Prefect's ~5 ms per task call; the ~35 task runs/s
# a server records are never approached.
DEFAULT_BATCH_SIZE = 250
# A run needing several batches gets at least this many per worker, so that the workers finish
# together (300 documents on 2 workers: 4 batches of 75, not 250 and 50).
MIN_BATCHES_PER_WORKER = 2
# The last batches of a run shrink (each at most 1/TAIL_SHARE of what is left per worker, never
# below batch size / TAIL_FLOOR_DIVISOR), so that no worker idles long while another finishes a
# full batch: equal batches of 250 left one of two workers idle for ~4 s at the end of a run.
TAIL_SHARE = 2
TAIL_FLOOR_DIVISOR = 10


@dataclass
class BatchSummary:
    """What a batch did; summaries add up into the run report.

    File-level outcomes (``written``: at least one document; ``rejected``: rejections only;
    ``failed``: an I/O error after retries) add up to the files handed in. ``documents`` and
    ``rejections`` count records: a JSONL file yields one per line.
    """

    written: int = 0
    rejected: int = 0
    failed: list[str] = field(default_factory=list)
    documents: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    rejections: list[dict[str, str]] = field(default_factory=list)
    states: list[InputState] = field(default_factory=list)

    def add(self, other: BatchSummary) -> None:
        self.written += other.written
        self.rejected += other.rejected
        self.failed.extend(other.failed)
        self.documents += other.documents
        self.rules.update(other.rules)
        self.reasons.update(other.reasons)
        self.rejections.extend(other.rejections)
        self.states.extend(other.states)


def process_batch(
    paths: list[str], raw_dir: str, clean_dir: str, options: ParseOptions, full_names: frozenset[str] = frozenset()
) -> BatchSummary:
    """Parse and write every input in ``paths`` (relative to ``raw_dir``); inputs in ``full_names``
    keep their whole file name in their output names (see :func:`flows.storage.colliding`)."""
    raw, clean = Path(raw_dir), Path(clean_dir)
    summary = BatchSummary()
    version = pipeline_version(load_rules(options.profile_dirs))
    _freeze_loaded_objects()
    with BatchWriter() as writer:  # outputs land together when the batch ends
        for rel in paths:
            path = raw / rel
            try:
                stat = path.stat()
                data = path.read_bytes()
            except OSError as exc:  # recorded as a rejection, and not remembered: tried again next run
                _write(_unreadable(rel, exc, version), raw, clean, path, summary, rel in full_names, writer)
                summary.rejected += 1
                continue
            results = list(parse_bytes(data, rel, options))
            outputs = [_write(result, raw, clean, path, summary, rel in full_names, writer) for result in results]
            written = any(isinstance(r, Document) for r in results)
            summary.written += written
            summary.rejected += not written
            summary.states.append(
                InputState(
                    path=rel, sha256=hashlib.sha256(data).hexdigest(), size=stat.st_size, mtime_ns=stat.st_mtime_ns,
                    pipeline_version=version, outcome="written" if written else "rejected", outputs=tuple(outputs),
                )
            )  # fmt: skip
    return summary


_FROZEN = False


def _freeze_loaded_objects() -> None:
    """Once per process, after Prefect, the rules and the stop lists are loaded: keep those
    long-lived objects out of the garbage collector's scans (~300k objects in a worker; the
    text path runs ~7 % faster measured A/B in one process)."""
    global _FROZEN
    if not _FROZEN:
        gc.freeze()
        _FROZEN = True


def _unreadable(rel: str, exc: OSError, version: str) -> Rejection:
    return Rejection(
        pipeline_version=version, path=rel, reason="unreadable", detail=f"{type(exc).__name__}: {exc.strerror or exc}"
    )


def _write(
    result: Document | Rejection,
    raw: Path,
    clean: Path,
    path: Path,
    summary: BatchSummary,
    full_name: bool,
    writer: BatchWriter,
) -> str:
    """Queue one result for the batch's writer; returns its path relative to the clean dir."""
    record = result.source.record if isinstance(result, Document) else result.record
    good = output_path(clean, raw, path, record, full_name)
    bad = rejection_path(clean, raw, path, record, full_name)
    if isinstance(result, Document):
        writer.write(good, dump_model(result))
        writer.remove(bad)  # a fixed input leaves no stale rejection behind
        summary.documents += 1
        summary.rules.update(r.rule for r in result.removed)
        return str(good.relative_to(clean))
    writer.write(bad, dump_model(result))
    writer.remove(good)
    summary.reasons[result.reason] += 1
    summary.rejections.append({"path": result.path, "reason": result.reason, "detail": result.detail})
    return str(bad.relative_to(clean))
