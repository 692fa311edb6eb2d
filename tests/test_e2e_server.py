"""End to end with the real thing: `prefect server start`, `boilerstrip serve`, a run triggered
through the API exactly as the UI's Run button does, files and artifacts checked."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

TRIGGER = """
import asyncio, json, sys
from prefect.deployments import run_deployment
from prefect.client.orchestration import get_client

run = run_deployment("ingest/e2e", parameters={"clean_dir": sys.argv[1], "workers": 1}, timeout=120)

async def artifacts():
    async with get_client() as client:
        found = await client.read_artifacts()
        return sorted({a.key for a in found if a.flow_run_id == run.id and a.key})

print(json.dumps({"state": run.state.type.value, "artifacts": asyncio.run(artifacts())}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"Prefect server at {url} not healthy after {seconds} s")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[dict[str, str]]:
    port = _free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait_healthy(env["PREFECT_API_URL"], 90)
        yield env
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


@pytest.mark.slow
def test_served_deployment_runs_when_triggered_through_the_api(server: dict[str, str], tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    shutil.copytree(ROOT / "raw", raw)
    serve_log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen(
        [sys.executable, "-m", "flows", "serve", "--name", "e2e", "--cron", "0 0 1 1 *",
         "--raw-dir", str(raw), "--clean-dir", str(tmp_path / "unused")],
        env=server, cwd=ROOT, stdout=serve_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        trigger = None
        for _ in range(60):  # the deployment exists once `serve` has registered it
            trigger = subprocess.run(
                [sys.executable, "-c", TRIGGER, str(clean)], env=server, capture_output=True, text=True, timeout=180
            )
            if trigger.returncode == 0 or "not found" not in (trigger.stderr or "").lower():
                break
            time.sleep(1)
        assert trigger is not None and trigger.returncode == 0, trigger.stderr if trigger else "no trigger"
        outcome = json.loads(trigger.stdout.strip().splitlines()[-1])
    finally:
        serve.terminate()
        serve.wait(timeout=30)
        serve_log.close()
    assert outcome["state"] == "COMPLETED"
    assert {"ingest-counts", "ingest-rules", "ingest-rejections"} <= set(outcome["artifacts"])
    report = json.loads((clean / "_report.json").read_text("utf-8"))
    assert report["documents"] >= 7 and report["failed"] == 0
    assert (clean / "harbor-gazette-ferry.json").exists() and (clean / "courier-feed.2.json").exists()
