"""The flow on an existing Dask cluster gives the same outputs as the single-process run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_dask_cluster_outputs_equal_single_process(tmp_path: Path) -> None:
    from distributed import LocalCluster

    from flows.ingest import ingest

    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    single, dask = tmp_path / "single", tmp_path / "dask"
    ingest(raw_dir=str(raw), clean_dir=str(single), workers=1)
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)  # type: ignore[no-untyped-call]
    with cluster:
        report = ingest(raw_dir=str(raw), clean_dir=str(dask), batch_size=2, dask_address=cluster.scheduler_address)
    assert report.failed == 0 and report.written > 0

    def outputs(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*.json") if p.name != "_report.json"}

    assert outputs(dask) == outputs(single)
