"""The ``ingest`` flow: one run of ``flows.run`` with its batches as Prefect task runs.

No ``from __future__ import annotations`` here: Prefect builds the parameter form (and
validates runs started from the UI) from the evaluated annotations of the flow signature.

Only what Prefect adds lives here: the flow and its parameter form, the ``clean-batch`` task,
choosing where batches run (this process, a process pool on all cores, or an existing Dask
cluster), and the run report as artifacts. Discovery, batching, state and the report are
``flows.run``; reading and writing one batch is ``flows.batch``; parsing is ``parsers``.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.states import Failed
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner
from pydantic import Field

from flows.batch import DEFAULT_BATCH_SIZE, BatchSummary, process_batch
from flows.run import (
    DASK_TIMEOUT_S,
    REPORT_NAME,
    Batches,
    BatchRunner,
    DaskUnreachable,
    progress_hook,
    reach_dask,
    run_ingest,
)
from flows.storage import ALL_KINDS, CleanDirBusy, FolderError, InputKind
from parsers import ParseOptions, RuleFileError
from parsers.inputs.read import DEFAULT_MAX_BYTES
from schemas.report import RunReport

__all__ = ["REPORT_NAME", "clean_batch", "ingest", "progress_hook"]


@task(name="clean-batch", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def clean_batch(
    paths: list[str], raw_dir: str, clean_dir: str, options: ParseOptions, names: dict[str, str]
) -> BatchSummary:
    """Read → call the core → write, for one batch of input paths."""
    return process_batch(paths, raw_dir, clean_dir, options, names)


def prefect_batches(dask_address: str | None, dask_timeout: float = DASK_TIMEOUT_S) -> BatchRunner:
    """The batches as ``clean-batch`` task runs of the calling flow, on a runner chosen per run:
    this process, a process pool or a Dask cluster.

    Submitted through the runner itself rather than from a subflow using it: a process-pool
    submission sends the calling flow run's context, parameters included, to the worker, and a
    subflow taking the batches as a parameter sent every input path with every batch (390 kB per
    submission for 10,000 inputs), besides a flow run of its own with its ~1 s floor."""

    def run(work: Batches) -> Iterator[tuple[list[str], BatchSummary | Exception]]:
        runner = _task_runner(work.processes, dask_address, len(work.batches), dask_timeout)
        with _api_url_for_workers(), runner:
            futures = {runner.submit(clean_batch, _batch_parameters(work, batch)): batch for batch in work.batches}
            for future in as_completed(list(futures)):
                try:
                    yield futures[future], future.result()
                except Exception as exc:
                    yield futures[future], exc

    return run


def _batch_parameters(work: Batches, batch: list[str]) -> dict[str, Any]:
    """``clean_batch``'s parameters; of the run's output names, only the batch's."""
    return {
        "paths": batch, "raw_dir": work.raw_dir, "clean_dir": work.clean_dir, "options": work.options,
        "names": work.names_of(batch),
    }  # fmt: skip


@flow(name="ingest", flow_run_name="ingest {raw_dir} -> {clean_dir}", log_prints=False)
def ingest(
    raw_dir: str = "raw",
    clean_dir: str = "clean",
    formats: list[InputKind] = ALL_KINDS,
    batch_size: Annotated[int, Field(ge=1, le=100_000)] = DEFAULT_BATCH_SIZE,
    workers: Annotated[int, Field(ge=0, le=256)] = 0,
    dask_address: str | None = None,
    dask_timeout: Annotated[float, Field(gt=0, le=600)] = DASK_TIMEOUT_S,
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
        dask_timeout: Seconds to wait for the Dask scheduler to answer before the run fails.
        force: Reprocess every input, even those unchanged since their outputs were written.
        profile_dir: Folder of extra publisher-profile TOML files, added to the built-in ones.
        max_bytes: Inputs larger than this (after decompression; per line for JSONL) are rejected as too_large.
    """  # noqa: E501 (Prefect shows each Args line as its parameter's description in the run form)
    try:
        report = run_ingest(
            raw_dir, clean_dir, prefect_batches(dask_address, dask_timeout), formats=formats, batch_size=batch_size,
            workers=workers, force=force, profile_dir=profile_dir, max_bytes=max_bytes, log=get_run_logger(),
        )  # fmt: skip
    except (
        FolderError,
        RuleFileError,
        CleanDirBusy,
        DaskUnreachable,
    ) as exc:  # the run's settings, not a bug: one line, no traceback
        get_run_logger().error("%s", exc)
        return Failed(message=str(exc))  # type: ignore[return-value]
    get_run_logger().info(
        "%d found: %d written, %d rejected, %d skipped, %d failed; report in %s",
        report.found, report.written, report.rejected, report.skipped, report.failed,
        Path(report.clean_dir) / REPORT_NAME,
    )  # fmt: skip
    _publish(report)
    return report


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


def _task_runner(processes: int, dask_address: str | None, batches: int, dask_timeout: float = DASK_TIMEOUT_S) -> Any:
    if dask_address:
        reach_dask(dask_address, dask_timeout)
        try:
            from prefect_dask.task_runners import DaskTaskRunner
        except ImportError as exc:
            raise DaskUnreachable("dask_address needs the dask extra: pip install -e '.[dask]'") from exc
        return DaskTaskRunner(address=dask_address, client_kwargs={"timeout": f"{dask_timeout}s"})
    if processes <= 1 or batches <= 1:
        return ThreadPoolTaskRunner(max_workers=1)
    return ProcessPoolTaskRunner(max_workers=min(processes, batches))


def _publish(report: RunReport) -> None:
    """The run report as Prefect artifacts: a markdown page a person can judge the run from,
    and the counts and top removal rules as tables."""
    create_markdown_artifact(key="ingest-report", markdown=report_markdown(report), description="Run report")
    counts = [
        {"outcome": k, "count": getattr(report, k)}
        for k in ("found", "written", "rejected", "skipped", "failed", "vanished", "documents", "rejections_written")
    ]
    create_table_artifact(key="ingest-counts", table=counts, description="Inputs by outcome")
    top = [{"rule": rule, "removals": n} for rule, n in list(report.rules.items())[:25]]
    create_table_artifact(
        key="ingest-rules", table=top or [{"rule": "-", "removals": 0}], description="Top removal rules"
    )


def report_markdown(report: RunReport, rules: int = 10, rejections: int = 50) -> str:
    """The run as a person reads it: counts, the rules that removed most (one example each),
    the rejections with their reasons, a few documents written, what was not read."""
    lines = [
        f"# ingest `{report.raw_dir}` → `{report.clean_dir}`",
        "",
        f"{report.found} inputs found in {report.seconds:.1f} s: **{report.written} written** "
        f"({report.documents} documents), **{report.rejected} rejected** ({report.rejections_written} rejection "
        f"records), {report.skipped} unchanged and skipped, {report.failed} failed, {report.vanished} vanished.",
        "",
    ]
    if report.rules:
        lines += ["## Rules that removed most", "", "| rule | removals | example |", "|---|---:|---|"]
        for rule, n in list(report.rules.items())[:rules]:
            lines.append(f"| `{rule}` | {n} | {_cell(report.examples.get(rule, ''))} |")
        lines.append("")
    if report.rejections:
        lines += ["## Rejections", "", "| input | reason | detail |", "|---|---|---|"]
        for rej in report.rejections[:rejections]:
            lines.append(f"| `{_cell(rej['path'])}` | {rej['reason']} | {_cell(rej['detail'])} |")
        if len(report.rejections) > rejections:
            lines.append(f"\n… and {len(report.rejections) - rejections} more under `{report.clean_dir}/_rejected/`.")
        lines.append("")
    if report.samples:
        lines += ["## Sample documents", ""]
        for doc in report.samples:
            lines += [
                f"**{_cell(doc['title']) or '(no title)'}**: {_cell(doc['authors']) or 'no author'}, "
                f"{doc['published'] or 'no date'}; `{_cell(doc['output'])}`",
                "",
                f"> {_cell(doc['opening'])}",
                "",
            ]
    if report.failed_inputs:
        lines += ["## Failed (retried next run)", "", *(f"- `{p}`" for p in report.failed_inputs[:50]), ""]
    if report.passed_over:
        lines += ["## Not read", "", *(f"- `{p['path']}`: {p['why']}" for p in report.passed_over[:50]), ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    """Text safe in a markdown table cell or quote."""
    return " ".join(text.split()).replace("|", "\\|").replace("`", "'")
