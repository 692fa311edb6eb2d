"""One ingestion run, without Prefect: find inputs under RAW_DIR, clean new or changed ones in
batches, record state, write the report.

The ``ingest`` flow (``flows.ingest``) is this run with its batches as Prefect task runs; a shell
run with no Prefect API configured is this run with its batches on a plain process pool (the
same discovery, batching, state and report; nothing to start but the worker processes).
"""

from __future__ import annotations

import contextlib
import logging
import math
import multiprocessing
import os
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import closing, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flows.batch import (
    DEFAULT_BATCH_SIZE,
    IN_PROCESS_SECONDS,
    MIN_BATCHES_PER_WORKER,
    TAIL_FLOOR_DIVISOR,
    TAIL_SHARE,
    TASK_SECONDS,
    BatchSummary,
    PartDone,
    cut_jsonl,
    estimated_seconds,
    input_of,
    process_batch,
)
from flows.state import InputState, StateStore
from flows.storage import (
    ALL_KINDS,
    SUFFIXES_BY_KIND,
    InputKind,
    atomic_write,
    check_folders,
    clean_dir_lock,
    dump_model,
    output_bases,
    printable,
    scan,
)
from parsers import ParseOptions, load_rules, pipeline_version
from parsers.inputs.read import DEFAULT_MAX_BYTES
from schemas.report import RunReport

REPORT_NAME = "_report.json"
_log = logging.getLogger("boilerstrip")
Logger = logging.Logger | logging.LoggerAdapter[Any]

# Progress of the current run for an interactive caller (the CLI's progress bar): called with
# (inputs just finished, inputs to process in this run). Not a flow parameter: UI and scheduled
# runs report through Prefect's own run view.
ProgressHook = Callable[[int, int], None]
_PROGRESS: ContextVar[ProgressHook | None] = ContextVar("boilerstrip_progress", default=None)


@contextmanager
def progress_hook(hook: ProgressHook) -> Iterator[None]:
    token = _PROGRESS.set(hook)
    try:
        yield
    finally:
        _PROGRESS.reset(token)


def _advance(done: int, total: int) -> None:
    hook = _PROGRESS.get()
    if hook is not None:
        hook(done, total)


@dataclass(frozen=True)
class Batches:
    """The work of a run, as handed to whatever runs its batches."""

    batches: list[list[str]]
    raw_dir: str
    clean_dir: str
    options: ParseOptions
    names: dict[str, str]  # every input's output base (flows.storage.output_bases)
    processes: int  # processes asked for on this machine

    def names_of(self, batch: list[str]) -> dict[str, str]:
        return {rel: self.names[rel] for rel in batch}


# Runs the batches, yielding each batch with its summary (or the error that failed it) as it ends.
BatchRunner = Callable[[Batches], Iterator[tuple[list[str], BatchSummary | Exception]]]


def run_ingest(
    raw_dir: str,
    clean_dir: str,
    run_batches: BatchRunner,
    formats: Sequence[InputKind] = ALL_KINDS,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 0,
    force: bool = False,
    profile_dir: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    log: Logger = _log,
) -> RunReport:
    """One run over ``raw_dir`` into ``clean_dir``; ``run_batches`` runs the batches; the run's
    milestones go to ``log`` (a flow passes its run logger: they show in the UI)."""
    started = time.perf_counter()
    raw, clean = Path(raw_dir).resolve(), Path(clean_dir).resolve()
    check_folders(raw, clean)
    options = ParseOptions(profile_dirs=(Path(profile_dir).resolve(),) if profile_dir else (), max_bytes=max_bytes)
    version = pipeline_version(load_rules(options.profile_dirs))  # fails here, before any work, on a bad profile
    # Every kind asked for: every file is an input (unknown kinds end as rejections, not ignored).
    every_kind = set(formats) >= set(ALL_KINDS)
    suffixes = None if every_kind else tuple(s for kind in formats for s in SUFFIXES_BY_KIND[kind])
    with clean_dir_lock(clean), closing(StateStore(clean)) as store:  # one state store for the run
        _sweep_temp_files(clean)
        inventory = scan(raw, suffixes, exclude=clean)
        found = inventory.inputs
        names = output_bases(found)
        if every_kind:
            _forget_removed_rejections(store, clean, found)
        todo = found if force else [rel for rel in found if not _current(store, raw, rel, version)]
        processes = workers or os.cpu_count() or 1
        items, seconds = _items(raw, todo)
        batches = _batches(items, seconds, batch_size, processes)
        log.info(
            "%s: %d inputs found, %d unchanged, %d to clean in %d batch(es)",
            raw, len(found), len(found) - len(todo), len(todo), len(batches),
        )  # fmt: skip
        bases = {item: names[input_of(item)] for item in items}
        work = Batches(batches, str(raw), str(clean), options, bases, processes)
        total = _record(run_batches(work), store, clean, len(items), version, log) if batches else BatchSummary()
        if not batches:
            _advance(0, 0)  # nothing to do: a progress bar shows 0/0, not an unknown total
        report = _report(total, raw, clean, len(found), len(found) - len(todo), started)
        report.passed_over = [{"path": path, "why": why} for path, why in inventory.passed_over]
        atomic_write(clean / REPORT_NAME, dump_model(report))
    log.info(
        "%d documents and %d rejections written, %d inputs failed, in %.1f s",
        report.documents, report.rejections_written, report.failed, report.seconds,
    )  # fmt: skip
    return report


def _record(
    outcomes: Iterator[tuple[list[str], BatchSummary | Exception]],
    store: StateStore,
    clean: Path,
    items: int,
    version: str,
    log: Logger,
) -> BatchSummary:
    """Each batch's state recorded as it completes, a file cut into parts once its last part is
    done; the summaries added up."""
    total = BatchSummary()
    parts: dict[str, list[PartDone]] = {}
    failed: dict[str, None] = {}  # inputs of failed batches, in order, once each
    _advance(0, items)
    for batch, outcome in outcomes:
        if isinstance(outcome, Exception):  # a failing batch does not fail the others; retried next run
            log.error("batch of %d inputs failed (retried next run): %s", len(batch), outcome, exc_info=outcome)
            failed.update(dict.fromkeys(map(input_of, batch)))
        else:
            _drop_stale_outputs(store, outcome, clean)
            store.record(outcome.states)
            total.add(outcome)
            for done in outcome.parts:
                group = parts.setdefault(done.part.rel, [])
                group.append(done)
                if len(group) == done.part.count:  # the file's last part: its state, as one input's
                    merged = BatchSummary(states=[_merged(group, version)])
                    _drop_stale_outputs(store, merged, clean)
                    store.record(merged.states)
                    documents = any(d.documents for d in group)
                    total.written += documents
                    total.rejected += not documents
            log.info(
                "batch of %d inputs done: %d documents, %d rejections",
                len(batch), outcome.documents, sum(outcome.reasons.values()),
            )  # fmt: skip
        _advance(len(batch), items)
    total.failed = list(failed)
    total.vanished = list(dict.fromkeys(total.vanished))  # a file cut into parts counts once
    return total


def _merged(parts: list[PartDone], version: str) -> InputState:
    """The state of a file cut into parts, once every part is done: its hash, size and time as
    taken when it was cut, the outputs of all its parts."""
    part = parts[0].part
    documents = any(done.documents for done in parts)
    outputs = tuple(name for done in sorted(parts, key=lambda d: d.part.index) for name in done.outputs)
    return InputState(
        path=printable(part.rel), sha256=part.sha256, size=part.size, mtime_ns=part.mtime_ns,
        pipeline_version=version, outcome="written" if documents else "rejected", outputs=outputs,
    )  # fmt: skip


# A JSONL file of more estimated work than this is cut into parts of about this much, shared
# among the workers (a file of 200,000 records is a few minutes of one core's work).
PART_SECONDS = TASK_SECONDS / 2


def _items(raw: Path, todo: list[str]) -> tuple[list[str], list[float]]:
    """The batch items of the inputs to clean (a large JSONL file gives one item per part), and
    each item's estimated seconds of work."""
    items: list[str] = []
    seconds: list[float] = []
    for rel in todo:
        work = _work(raw, rel)
        cut = [rel]
        if work > PART_SECONDS and rel.lower().endswith(SUFFIXES_BY_KIND["jsonl"]):
            with contextlib.suppress(OSError):  # unreadable: its batch records why
                cut = cut_jsonl(raw / rel, rel, math.ceil(work / PART_SECONDS))
        items += cut
        seconds += [work / len(cut)] * len(cut)
    return items, seconds


def local_batches(work: Batches) -> Iterator[tuple[list[str], BatchSummary | Exception]]:
    """The batches on this machine without Prefect: in this process when there is one batch or
    one process, else on a pool of forked processes (they start with the rules and the model
    loaded: no imports to repeat). A batch failing on I/O is tried twice more, as the flow's
    tasks are."""
    run = _retried(work)
    if work.processes <= 1 or len(work.batches) <= 1:
        for batch in work.batches:
            try:
                yield batch, run(batch)
            except Exception as exc:
                yield batch, exc
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(max_workers=min(work.processes, len(work.batches)), mp_context=context) as pool:
        futures: dict[Future[BatchSummary], list[str]] = {pool.submit(run, batch): batch for batch in work.batches}
        for future in as_completed(futures):
            error = future.exception()
            yield futures[future], future.result() if error is None else _as_exception(error)


@dataclass(frozen=True)
class _retried:
    """``process_batch`` for the batches of ``work``, with two retries on I/O errors (picklable)."""

    work: Batches
    retries: int = 2
    delay: float = 1.0

    def __call__(self, batch: list[str]) -> BatchSummary:
        w = self.work
        for attempt in range(self.retries + 1):
            try:
                return process_batch(batch, w.raw_dir, w.clean_dir, w.options, w.names_of(batch))
            except OSError as exc:
                if attempt == self.retries:
                    raise
                _log.warning("batch of %d inputs: %s; retrying in %.0f s", len(batch), exc, self.delay)
                time.sleep(self.delay)
        raise AssertionError("unreachable")


def _as_exception(error: BaseException) -> Exception:
    return error if isinstance(error, Exception) else RuntimeError(f"{type(error).__name__}: {error}")


def _forget_removed_rejections(store: StateStore, clean: Path, found: list[str]) -> None:
    """Rejections of inputs no longer in the raw folder are removed with their state (documents
    stay: deleting a raw copy after ingestion keeps its clean document)."""
    for name in store.forget_rejected({printable(rel) for rel in found}):
        (clean / name).unlink(missing_ok=True)


def _sweep_temp_files(clean: Path) -> None:
    """Temp files left by a run that was killed mid-write (never outputs: outputs appear by rename)."""
    if clean.is_dir():
        for stale in clean.rglob(".*.tmp"):
            stale.unlink(missing_ok=True)


def _current(store: StateStore, raw: Path, rel: str, version: str) -> bool:
    try:
        return store.is_current(raw, rel, version)
    except OSError:
        return False  # vanished or unreadable since discovery: let the batch record why


def _drop_stale_outputs(store: StateStore, summary: BatchSummary, clean: Path) -> None:
    """Outputs a changed input no longer produces (a JSONL file that lost lines) are removed."""
    for state in summary.states:
        before = store.get(state.path)
        if before is not None:
            for stale in set(before.outputs) - set(state.outputs):
                (clean / stale).unlink(missing_ok=True)


def _work(raw: Path, rel: str) -> float:
    """The estimated seconds of cleaning ``rel``, from its kind and size."""
    try:
        size = (raw / rel).stat().st_size
    except OSError:
        size = 0  # vanished since discovery: its batch records why
    return estimated_seconds(rel, size)


ROUNDING = 1 + 1e-9  # a sum of equal shares may exceed the whole by a rounding error


def _batches(todo: list[str], work: list[float], batch_size: int, workers: int) -> list[list[str]]:
    """``todo`` in order, in batches of at most ``batch_size`` inputs and about TASK_SECONDS of
    ``work`` (each input's estimated seconds); a run of at most IN_PROCESS_SECONDS is one batch.

    A run of more than one batch is cut into at least MIN_BATCHES_PER_WORKER batches per worker,
    of equal work, and its last batches shrink: each takes at most 1/TAIL_SHARE of the work left
    per worker (not below TASK_SECONDS / TAIL_FLOOR_DIVISOR), so the workers finish within a
    small batch of each other."""
    total = sum(work)
    if len(todo) <= batch_size and total <= IN_PROCESS_SECONDS:
        return [todo] if todo else []
    count = max(math.ceil(len(todo) / batch_size), math.ceil(total / TASK_SECONDS), workers * MIN_BATCHES_PER_WORKER)
    largest = total / count
    floor = min(largest, TASK_SECONDS / TAIL_FLOOR_DIVISOR)
    batches: list[list[str]] = []
    start, left = 0, total
    while start < len(todo):
        cap = min(largest, max(floor, left / (workers * TAIL_SHARE))) * ROUNDING
        if cap < left < cap + floor:  # the end split evenly, never a runt batch last
            cap = left / 2 * ROUNDING
        end, done = start + 1, work[start]  # every batch takes at least one input
        while end < len(todo) and end - start < batch_size and done + work[end] / 2 <= cap:  # half fits: in
            done += work[end]
            end += 1
        batches.append(todo[start:end])
        start, left = end, left - done
    return batches


def _report(total: BatchSummary, raw: Path, clean: Path, found: int, skipped: int, started: float) -> RunReport:
    return RunReport(
        raw_dir=str(raw), clean_dir=str(clean), found=found, written=total.written, rejected=total.rejected,
        skipped=skipped, failed=len(total.failed), vanished=len(total.vanished), documents=total.documents,
        rejections_written=sum(total.reasons.values()), seconds=round(time.perf_counter() - started, 3),
        rules=dict(total.rules.most_common()), reasons=dict(total.reasons.most_common()),
        rejections=total.rejections, failed_inputs=total.failed, examples=total.examples, samples=total.samples,
    )  # fmt: skip


DASK_TIMEOUT_S = 5.0


class DaskUnreachable(ConnectionError):
    """The Dask scheduler given does not answer; the message names its address."""


def reach_dask(address: str, timeout: float = DASK_TIMEOUT_S) -> None:
    """Fail fast, in one line, when the Dask scheduler at ``address`` (tcp://HOST:PORT) does
    not accept a connection within ``timeout`` seconds (Dask's own client waits 30 s, then
    raises two long tracebacks)."""
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise DaskUnreachable(f"dask_address {address!r} is not tcp://HOST:PORT") from exc
    if not host or not port:
        raise DaskUnreachable(f"dask_address {address!r} is not tcp://HOST:PORT")
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        reason = "no answer" if isinstance(exc, TimeoutError) else exc.strerror or str(exc)
        raise DaskUnreachable(f"cannot reach the Dask scheduler at {address} within {timeout:g} s: {reason}") from exc
