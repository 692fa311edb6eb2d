"""Where an ingest run's batches run as Prefect task runs: this process, a process pool on all
cores, or an existing Dask cluster; worker processes report to the run's own API."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prefect.futures import as_completed
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from flows.batch import BatchSummary
from flows.run import (
    DASK_TIMEOUT_S,
    Batches,
    BatchRunner,
    DaskUnreachable,
    reach_dask,
)


def prefect_batches(task: Any, dask_address: str | None, dask_timeout: float = DASK_TIMEOUT_S) -> BatchRunner:
    """The batches as runs of ``task`` (``clean-batch``) in the calling flow, on a runner chosen per run:
    this process, a process pool or a Dask cluster.

    Submitted through the runner itself rather than from a subflow using it: a process-pool
    submission sends the calling flow run's context, parameters included, to the worker, and a
    subflow taking the batches as a parameter sent every input path with every batch (390 kB per
    submission for 10,000 inputs), besides a flow run of its own with its ~1 s floor."""

    def run(work: Batches) -> Iterator[tuple[list[str], BatchSummary | Exception]]:
        runner = _task_runner(work.processes, dask_address, len(work.batches), dask_timeout)
        with _api_url_for_workers(), runner:
            futures = {runner.submit(task, _batch_parameters(work, batch)): batch for batch in work.batches}
            for future in as_completed(list(futures)):
                try:
                    yield futures[future], future.result()
                except Exception as exc:
                    yield futures[future], exc

    return run


def _batch_parameters(work: Batches, batch: list[str]) -> dict[str, Any]:
    """The batch task's parameters; of the run's output names, only the batch's."""
    return {
        "paths": batch, "raw_dir": work.raw_dir, "clean_dir": work.clean_dir, "options": work.options,
        "names": work.names_of(batch),
    }  # fmt: skip


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
