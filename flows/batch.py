"""One batch of inputs: read each file, call the core, write its documents or rejections.

Plain Python (no Prefect) so that a task, a test or a Dask worker runs the same code.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from flows.state import InputState
from flows.storage import HTML_SUFFIXES, REJECTED_DIR, BatchWriter, dump_model, output_name
from parsers import ParseOptions, load_rules, parse_bytes, pipeline_version
from schemas.document import Document, Rejection

# A run is cut into tasks of about TASK_SECONDS of estimated work each (the 1-10 s a task should
# do: a process-pool task costs ~0.1 s between batches in the worker, measured, and ~0.2 CPU-s
# more in the flow's process and the Prefect server).
TASK_SECONDS = 6.0
# A run of at most this much work (and at most ``batch_size`` inputs) is cleaned in the flow's
# process: a pool's workers take ~1.4 s to start (spawn, import Prefect and the parsers).
IN_PROCESS_SECONDS = 3.0
# Most documents per task: caps a batch of many small inputs (1,000 inputs of 1 kB: ~4 s).
DEFAULT_BATCH_SIZE = 1000
# A run needing several batches gets at least this many per worker, so that the workers finish
# together (300 documents of ~12 ms on 2 workers: 4 batches of 0.9 s, not one of 3.6 s).
MIN_BATCHES_PER_WORKER = 2
# The last batches of a run shrink (each at most 1/TAIL_SHARE of the work left per worker, never
# below TASK_SECONDS / TAIL_FLOOR_DIVISOR), so that no worker idles long while another finishes
# a full batch: equal batches of 250 documents left one of two workers idle for ~4 s at the end.
# Halving (TAIL_SHARE 1) gave the shortest runs in a simulation of 3,000 and 10,000 documents on
# 2 workers with 0.15-0.3 s per task and +-20 % noise on the estimates (flows/ingest.py:_batches).
TAIL_SHARE = 1
TAIL_FLOOR_DIVISOR = 6
# Seconds of work an input costs, estimated from its size: fixed + per byte, fitted on the DEV
# bench in one process (2026-11-29, ~1 ms of writing added). HTML: 20.9 ms + 38 ns/B (a page of
# 151 kB: 27 ms; r = 0.41: parsing the tree costs much the same whatever the size); markdown
# and text: 2.4 ms + 348 ns/B (25 kB: 11 ms; r = 0.91), plain text up to 543 ns/B. Records
# (JSON, JSONL) are costed as text: conservative for records holding HTML.
HTML_COST = (0.022, 40e-9)
TEXT_COST = (0.0035, 400e-9)


def estimated_seconds(name: str, size: int) -> float:
    """The work of cleaning input ``name`` of ``size`` bytes, in seconds of one core."""
    fixed, per_byte = HTML_COST if name.lower().endswith(HTML_SUFFIXES) else TEXT_COST
    return fixed + per_byte * size


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
                with open(path, "rb") as file:  # the size and time recorded are those of the bytes read
                    stat = os.fstat(file.fileno())
                    data = file.read()
            except OSError as exc:  # recorded as a rejection, and not remembered: tried again next run
                _write(_unreadable(rel, exc, version), rel, clean, summary, rel in full_names, writer)
                summary.rejected += 1
                continue
            results = list(parse_bytes(data, rel, options))
            outputs = [_write(result, rel, clean, summary, rel in full_names, writer) for result in results]
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


_RULE = attrgetter("rule")


def _write(
    result: Document | Rejection, rel: str, clean: Path, summary: BatchSummary, full_name: bool, writer: BatchWriter
) -> str:
    """Queue one result for the batch's writer; returns its path relative to the clean dir."""
    record = result.source.record if isinstance(result, Document) else result.record
    name = output_name(rel, record, full_name)
    good, bad = clean / name, clean / REJECTED_DIR / name
    if isinstance(result, Document):
        writer.write(good, dump_model(result))
        writer.remove(bad)  # a fixed input leaves no stale rejection behind
        summary.documents += 1
        summary.rules.update(map(_RULE, result.removed))
        return name
    writer.write(bad, dump_model(result))
    writer.remove(good)
    summary.reasons[result.reason] += 1
    summary.rejections.append({"path": result.path, "reason": result.reason, "detail": result.detail})
    return os.path.join(REJECTED_DIR, name)
