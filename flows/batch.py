"""One batch of inputs: read each file, call the core, write its documents or rejections.

Plain Python (no Prefect) so that a task, a test or a Dask worker runs the same code.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import BinaryIO

from flows.state import InputState
from flows.storage import (
    HTML_SUFFIXES,
    REJECTED_DIR,
    BatchWriter,
    dump_model,
    output_bases,
    output_name,
    printable,
)
from parsers import ParseOptions, Result, parse_lines, pipeline_version
from parsers.inputs.files import CHUNK, FileFacts, Vanished, read_file
from parsers.pipeline import Core
from schemas.document import Document, Rejection

_log = logging.getLogger(__name__)

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
# a full batch (equal batches leave one worker idle at the end); halving (TAIL_SHARE 1) gave the
# shortest simulated runs (docs/benchmarks.md).
TAIL_SHARE = 1
TAIL_FLOOR_DIVISOR = 6
# Seconds of work an input costs, estimated from its size: fixed + per byte, fitted on the DEV
# bench in one process with writing included (docs/benchmarks.md). An HTML page's cost is mostly
# fixed (parsing the tree costs much the same whatever the size); text's grows with its size.
# Records (JSON, JSONL) are costed as text: conservative for records holding HTML.
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
    vanished: list[str] = field(default_factory=list)  # removed between discovery and their turn
    examples: dict[str, str] = field(default_factory=dict)  # rule id -> one text it removed
    samples: list[dict[str, str]] = field(default_factory=list)  # a few documents written, for the report
    parts: list[PartDone] = field(default_factory=list)  # parts of large JSONL files, merged by the run

    def add(self, other: BatchSummary) -> None:
        self.written += other.written
        self.rejected += other.rejected
        self.failed.extend(other.failed)
        self.documents += other.documents
        self.rules.update(other.rules)
        self.reasons.update(other.reasons)
        self.rejections.extend(other.rejections)
        self.states.extend(other.states)
        self.vanished.extend(other.vanished)
        for rule, text in other.examples.items():
            self.examples.setdefault(rule, text)
        self.samples.extend(other.samples[: SAMPLES - len(self.samples)])
        self.parts.extend(other.parts)


def process_batch(
    paths: list[str], raw_dir: str, clean_dir: str, options: ParseOptions, names: dict[str, str] | None = None
) -> BatchSummary:
    """Parse and write every input in ``paths`` (relative to ``raw_dir``). ``names``: each
    input's output base, planned over the whole run (:func:`flows.storage.output_bases`);
    without it, planned over this batch.

    Whatever one input does (a bug, a bad record, a file that vanishes or cannot be read) ends
    as that input's own rejection or count; only a failure to write fails the batch."""
    raw, clean = Path(raw_dir), Path(clean_dir)
    names = names if names is not None else output_bases(paths)
    summary = BatchSummary()
    core = Core.load(options)  # rules and model, once for the batch
    version = pipeline_version(core.rules)
    _freeze_loaded_objects()
    with BatchWriter() as writer:  # outputs land together when the batch ends
        for rel in paths:
            if PART_SEP in rel:
                _process_part(Part.parse(rel), raw, clean, core, names[rel], version, summary, writer)
                continue
            shown, base = printable(rel), names[rel]
            read = FileFacts()
            outputs: list[str] = []
            written = False
            try:
                for result in _guarded(read_file(raw / rel, shown, core, read), shown, version):
                    outputs.append(_write(result, base, clean, summary, writer))
                    written = written or isinstance(result, Document)
            except Vanished:
                summary.vanished.append(shown)
                writer.remove(clean / REJECTED_DIR / output_name(base))  # no stale rejection of it stays
                continue
            summary.written += written
            summary.rejected += not written
            if read.sha256:  # read to the end: remembered (one not read is tried again next run)
                summary.states.append(
                    InputState(
                        path=shown, sha256=read.sha256, size=read.size, mtime_ns=read.mtime_ns,
                        pipeline_version=version, outcome="written" if written else "rejected", outputs=tuple(outputs),
                    )
                )  # fmt: skip
    return summary


def _guarded(results: Iterator[Result], shown: str, version: str) -> Iterator[Result]:
    """``results``, with whatever their making raises turned into one more rejection of the input
    (the traceback logged): never the loss of the batch or of the input's other records. Errors
    of the caller's writes do not pass through here: they fail the batch."""
    try:
        yield from results
    except Vanished:
        raise
    except OSError as exc:  # unreadable: recorded, and not remembered, so tried again next run
        yield _unreadable(shown, exc, version)
    except Exception as exc:
        _log.exception("internal error on %s", shown)
        detail = f"{type(exc).__name__}: {exc}"[:500]
        yield Rejection(pipeline_version=version, path=shown, reason="internal_error", detail=detail)


PART_SEP = "\x00"  # never in a file name: a batch item holding it is a part of a file


@dataclass(frozen=True)
class Part:
    """Lines ``first``... of a large JSONL file, bytes ``start`` to ``end``: one of ``count`` parts
    cut at line ends, so that a file of many records is shared among the workers. The whole
    file's hash, size and time are taken when it is cut (its state, once every part is done)."""

    rel: str
    start: int
    end: int
    first: int
    index: int
    count: int
    sha256: str
    size: int
    mtime_ns: int

    def key(self) -> str:
        fields = (self.start, self.end, self.first, self.index, self.count, self.sha256, self.size, self.mtime_ns)
        return self.rel + PART_SEP + ":".join(map(str, fields))

    @classmethod
    def parse(cls, key: str) -> Part:
        rel, _, rest = key.partition(PART_SEP)
        start, end, first, index, count, sha, size, mtime = rest.split(":")
        return cls(rel, int(start), int(end), int(first), int(index), int(count), sha, int(size), int(mtime))


@dataclass(frozen=True)
class PartDone:
    part: Part
    outputs: tuple[str, ...]
    documents: bool  # it wrote at least one document


def input_of(item: str) -> str:
    """The input (relative path) a batch item stands for: itself, or the file a part is of."""
    return item.partition(PART_SEP)[0]


def cut_jsonl(path: Path, rel: str, parts: int) -> list[str]:
    """The batch items of a JSONL file cut into about ``parts`` parts at line ends (the file read
    once, for its hash and its line numbers); the file itself when it is not cut."""
    info = os.stat(path)
    targets = [info.st_size * k // parts for k in range(1, parts)]
    starts = [(0, 1)]  # (byte offset, number of the line starting there)
    digest = hashlib.sha256()
    newlines, at = 0, 0  # before ``at``
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(CHUNK), b""):
            digest.update(chunk)
            while targets and targets[0] < at + len(chunk):
                newline = chunk.find(b"\n", max(0, targets[0] - at))
                if newline < 0:
                    break  # the line ends in a later chunk: looked for from that chunk's start
                cut = at + newline + 1
                if cut > starts[-1][0]:
                    starts.append((cut, 1 + newlines + chunk.count(b"\n", 0, newline + 1)))
                targets.pop(0)
            newlines += chunk.count(b"\n")
            at += len(chunk)
    starts = [(offset, line) for offset, line in starts if offset < at]
    if len(starts) < 2:
        return [rel]
    ends = [offset for offset, _ in starts[1:]] + [at]
    sha, count = digest.hexdigest(), len(starts)
    return [
        Part(rel, offset, end, line, k, count, sha, at, info.st_mtime_ns).key()
        for k, ((offset, line), end) in enumerate(zip(starts, ends, strict=True))
    ]


def _process_part(
    part: Part, raw: Path, clean: Path, core: Core, base: str, version: str, summary: BatchSummary,
    writer: BatchWriter,
) -> None:  # fmt: skip
    """Parse and write the records of one part of a JSONL file; the run merges the parts' outcomes."""
    shown = printable(part.rel)
    outputs: list[str] = []
    documents = False
    try:
        for result in _guarded(_part_results(raw / part.rel, part, shown, core), shown, version):
            outputs.append(_write(result, base, clean, summary, writer))
            documents = documents or isinstance(result, Document)
    except Vanished:
        summary.vanished.append(shown)
        return
    summary.parts.append(PartDone(part, tuple(outputs), documents))


def _part_results(path: Path, part: Part, shown: str, core: Core) -> Iterator[Result]:
    try:
        file = open(path, "rb")  # closed below; a missing file is vanished
    except FileNotFoundError as exc:
        raise Vanished(str(path)) from exc
    with file:
        file.seek(part.start)
        yield from parse_lines(_lines_until(file, part.end - part.start), shown, core, part.first, whole=False)


def _lines_until(file: BinaryIO, size: int) -> Iterator[bytes]:
    """The lines of ``file`` from where it stands, ``size`` bytes of them."""
    left = size
    while left > 0:
        line = file.readline(left)
        if not line:
            return
        left -= len(line)
        yield line


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


def _write(result: Result, base: str, clean: Path, summary: BatchSummary, writer: BatchWriter) -> str:
    """Queue one result for the batch's writer; returns its path relative to the clean dir."""
    record = result.source.record if isinstance(result, Document) else result.record
    name = output_name(base, record)
    good, bad = clean / name, clean / REJECTED_DIR / name
    if isinstance(result, Document):
        writer.write(good, dump_model(result))
        writer.remove(bad)  # a fixed input leaves no stale rejection behind
        summary.documents += 1
        summary.rules.update(map(_RULE, result.removed))
        for removed in result.removed:
            if removed.rule not in summary.examples:
                summary.examples[removed.rule] = _line(removed.text)
        if len(summary.samples) < SAMPLES:
            summary.samples.append(_sample(result, name))
        return name
    writer.write(bad, dump_model(result))
    writer.remove(good)
    summary.reasons[result.reason] += 1
    summary.rejections.append({"path": result.path, "reason": result.reason, "detail": result.detail})
    return os.path.join(REJECTED_DIR, name)


SAMPLES = 3  # documents shown in the run report
EXAMPLE_CHARS = 160


def _line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= EXAMPLE_CHARS else line[: EXAMPLE_CHARS - 1] + "…"


def _sample(doc: Document, name: str) -> dict[str, str]:
    return {
        "output": name, "title": doc.title or "", "authors": ", ".join(doc.authors),
        "published": doc.published or "", "opening": _line(doc.body[:400]),
    }  # fmt: skip
