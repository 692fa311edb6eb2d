"""The ``ingest`` flow: one run of ``flows.run`` with its batches as Prefect task runs.

No ``from __future__ import annotations`` here: Prefect builds the parameter form (and
validates runs started from the UI) from the evaluated annotations of the flow signature.

Only the sequence lives here: the flow and its parameter form, and the ``clean-batch`` task.
Where batches run is ``flows.runners``; the report's artifacts ``flows.report``; discovery,
batching, state and the report ``flows.run``; reading and writing one batch ``flows.batch``;
parsing ``parsers``.
"""

from pathlib import Path
from typing import Annotated

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.states import Failed
from pydantic import Field

from flows.batch import DEFAULT_BATCH_SIZE, BatchSummary, process_batch
from flows.report import publish
from flows.run import (
    DASK_TIMEOUT_S,
    REPORT_NAME,
    DaskUnreachable,
    progress_hook,
    run_ingest,
)
from flows.runners import prefect_batches
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
        batches = prefect_batches(clean_batch, dask_address, dask_timeout)
        report = run_ingest(
            raw_dir, clean_dir, batches, formats=formats, batch_size=batch_size, workers=workers, force=force,
            profile_dir=profile_dir, max_bytes=max_bytes, log=get_run_logger(),
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
    publish(report)
    return report
