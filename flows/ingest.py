"""The ``ingest`` flow: find inputs under RAW_DIR, clean new or changed ones in batches, report.

No ``from __future__ import annotations`` here: Prefect builds the parameter form (and
validates runs started from the UI) from the evaluated annotations of the flow signature.

Only orchestration lives here: discovery, skip-unchanged, batching, choosing where batches run
(this process, a process pool on all cores, or an existing Dask cluster), recording state,
publishing the run report. Parsing is ``parsers``; reading and writing one batch is ``flows.batch``.
"""

import math
import os
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner
from pydantic import Field

from flows.batch import (
    DEFAULT_BATCH_SIZE,
    IN_PROCESS_SECONDS,
    MIN_BATCHES_PER_WORKER,
    TAIL_FLOOR_DIVISOR,
    TAIL_SHARE,
    TASK_SECONDS,
    BatchSummary,
    estimated_seconds,
    process_batch,
)
from flows.state import StateStore
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
from parsers.read import DEFAULT_MAX_BYTES
from schemas.report import RunReport

REPORT_NAME = "_report.json"


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


@task(name="clean-batch", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def clean_batch(
    paths: list[str], raw_dir: str, clean_dir: str, options: ParseOptions, names: dict[str, str]
) -> BatchSummary:
    """Read → call the core → write, for one batch of input paths."""
    return process_batch(paths, raw_dir, clean_dir, options, names)


def _run_batches(
    runner: Any,
    batches: list[list[str]],
    raw_dir: str,
    clean_dir: str,
    options: ParseOptions,
    names: dict[str, str],
) -> BatchSummary:
    """Run the batches as ``clean-batch`` task runs of the calling flow on ``runner`` (chosen per
    run: this process, a process pool or a Dask cluster); record each batch's state as it
    completes.

    Submitted through the runner itself rather than from a subflow using it: a process-pool
    submission sends the calling flow run's context, parameters included, to the worker, and a
    subflow taking the batches as a parameter sent every input path with every batch (390 kB per
    submission for 10,000 inputs), besides a flow run of its own with its ~1 s floor."""
    total = BatchSummary()
    total_inputs = sum(len(batch) for batch in batches)
    _advance(0, total_inputs)
    with runner, closing(StateStore(Path(clean_dir))) as store:
        futures = {
            runner.submit(clean_batch, _batch_parameters(batch, raw_dir, clean_dir, options, names)): batch
            for batch in batches
        }
        for future in as_completed(list(futures)):
            batch = futures[future]
            try:
                summary = future.result()
            except Exception as exc:  # a failing batch does not fail the others; retried next run
                get_run_logger().error("batch of %d inputs failed: %s", len(batch), exc)
                total.failed.extend(batch)
            else:
                _drop_stale_outputs(store, summary, Path(clean_dir))
                store.record(summary.states)
                total.add(summary)
            _advance(len(batch), total_inputs)
    return total


def _batch_parameters(
    batch: list[str], raw_dir: str, clean_dir: str, options: ParseOptions, names: dict[str, str]
) -> dict[str, Any]:
    """``clean_batch``'s parameters; of the run's output names, only the batch's."""
    return {
        "paths": batch, "raw_dir": raw_dir, "clean_dir": clean_dir, "options": options,
        "names": {rel: names[rel] for rel in batch},
    }  # fmt: skip


@flow(name="ingest", log_prints=False)
def ingest(
    raw_dir: str = "raw",
    clean_dir: str = "clean",
    formats: list[InputKind] = ALL_KINDS,
    batch_size: Annotated[int, Field(ge=1, le=100_000)] = DEFAULT_BATCH_SIZE,
    workers: Annotated[int, Field(ge=0, le=256)] = 0,
    dask_address: str | None = None,
    force: bool = False,
    profile_dir: str | None = None,
    max_bytes: Annotated[int, Field(ge=1)] = DEFAULT_MAX_BYTES,
) -> RunReport:
    """Clean every new or changed scraped article under ``raw_dir`` into ``clean_dir``.

    Args:
        raw_dir: Folder of raw inputs (text, markdown, HTML, JSON, JSONL), searched recursively; hidden entries are passed over.
        clean_dir: Folder for the clean JSON documents (one per input; rejections under _rejected/). It may lie inside raw_dir, never the other way round.
        formats: Input kinds to pick up. All of them: every file is an input, one of another kind ends as a rejection.
        batch_size: Most documents per task; batches are also cut to a few seconds of work each.
        workers: Processes on this machine; 0 = one per core, 1 = in the flow's own process.
        dask_address: Run the batches on this Dask scheduler (tcp://HOST:PORT) instead of on this machine.
        force: Reprocess every input, even those unchanged since their outputs were written.
        profile_dir: Folder of extra publisher-profile TOML files, added to the built-in ones.
        max_bytes: Inputs larger than this (after decompression; per line for JSONL) are rejected as too_large.
    """  # noqa: E501 (Prefect shows each Args line as its parameter's description in the run form)
    started = time.perf_counter()
    raw, clean = Path(raw_dir).resolve(), Path(clean_dir).resolve()
    check_folders(raw, clean)
    options = ParseOptions(profile_dirs=(Path(profile_dir).resolve(),) if profile_dir else (), max_bytes=max_bytes)
    version = pipeline_version(load_rules(options.profile_dirs))  # fails here, before any work, on a bad profile
    # Every kind asked for: every file is an input (unknown kinds end as rejections, not ignored).
    every_kind = set(formats) >= set(ALL_KINDS)
    suffixes = None if every_kind else tuple(s for kind in formats for s in SUFFIXES_BY_KIND[kind])
    with clean_dir_lock(clean):
        _sweep_temp_files(clean)
        inventory = scan(raw, suffixes, exclude=clean)
        found = inventory.inputs
        names = output_bases(found)
        if every_kind:
            _forget_removed_rejections(clean, found)
        todo = found if force else _changed(found, raw, clean, version)
        processes = workers or os.cpu_count() or 1
        batches = _batches(todo, [_work(raw, rel) for rel in todo], batch_size, processes)
        runner = _task_runner(processes, dask_address, len(batches))
        with _api_url_for_workers():
            total = _run_batches(runner, batches, str(raw), str(clean), options, names) if batches else None
        report = _report(total or BatchSummary(), raw, clean, len(found), len(found) - len(todo), started)
        report.passed_over = [{"path": path, "why": why} for path, why in inventory.passed_over]
        atomic_write(clean / REPORT_NAME, dump_model(report))
    _publish(report)
    return report


def _forget_removed_rejections(clean: Path, found: list[str]) -> None:
    """Rejections of inputs no longer in the raw folder are removed with their state (documents
    stay: deleting a raw copy after ingestion keeps its clean document)."""
    store = StateStore(clean)
    try:
        stale = store.forget_rejected({printable(rel) for rel in found})
    finally:
        store.close()
    for name in stale:
        (clean / name).unlink(missing_ok=True)


@contextmanager
def _api_url_for_workers() -> Iterator[None]:
    """Worker processes report to this run's Prefect API.

    With no API configured, Prefect serves this run from a temporary server whose address lives
    in this process only; a worker process spawned without it starts a temporary server of its
    own (measured: two extra servers for two workers, ~6 CPU-seconds and ~10 s of start-up each).
    Exporting the address for the run's duration lets the workers share this run's server."""
    if os.environ.get("PREFECT_API_URL"):
        yield
        return
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        url = str(client.api_url)
    if not url.startswith("http"):  # an in-process app (no server to share): leave things as they are
        yield
        return
    os.environ["PREFECT_API_URL"] = url
    try:
        yield
    finally:
        os.environ.pop("PREFECT_API_URL", None)


def _sweep_temp_files(clean: Path) -> None:
    """Temp files left by a run that was killed mid-write (never outputs: outputs appear by rename)."""
    if clean.is_dir():
        for stale in clean.rglob(".*.tmp"):
            stale.unlink(missing_ok=True)


def _changed(found: list[str], raw: Path, clean: Path, version: str) -> list[str]:
    store = StateStore(clean)
    try:
        return [rel for rel in found if not _current(store, raw, rel, version)]
    finally:
        store.close()


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


def _task_runner(processes: int, dask_address: str | None, batches: int) -> Any:
    if dask_address:
        from prefect_dask.task_runners import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    if processes <= 1 or batches <= 1:
        return ThreadPoolTaskRunner(max_workers=1)
    return ProcessPoolTaskRunner(max_workers=min(processes, batches))


def _report(total: BatchSummary, raw: Path, clean: Path, found: int, skipped: int, started: float) -> RunReport:
    return RunReport(
        raw_dir=str(raw), clean_dir=str(clean), found=found, written=total.written, rejected=total.rejected,
        skipped=skipped, failed=len(total.failed), vanished=len(total.vanished), documents=total.documents,
        rejections_written=sum(total.reasons.values()), seconds=round(time.perf_counter() - started, 3),
        rules=dict(total.rules.most_common()), reasons=dict(total.reasons.most_common()),
        rejections=total.rejections, failed_inputs=total.failed,
    )  # fmt: skip


def _publish(report: RunReport) -> None:
    """Run report as Prefect artifacts: counts, top removal rules, rejections."""
    counts = [
        {"outcome": k, "count": getattr(report, k)}
        for k in ("found", "written", "rejected", "skipped", "failed", "documents", "rejections_written")
    ]
    create_table_artifact(key="ingest-counts", table=counts, description="Inputs by outcome")
    top = [{"rule": rule, "removals": n} for rule, n in list(report.rules.items())[:25]]
    create_table_artifact(
        key="ingest-rules", table=top or [{"rule": "-", "removals": 0}], description="Top removal rules"
    )
    lines = [f"- `{r['path']}`: **{r['reason']}**: {r['detail']}" for r in report.rejections[:200]]
    create_markdown_artifact(
        key="ingest-rejections", markdown="\n".join(lines) or "No rejections.", description="Rejected inputs"
    )
