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
from typing import Any

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
    assert {"ingest-report", "ingest-counts", "ingest-rules"} <= set(outcome["artifacts"])
    report = json.loads((clean / "_report.json").read_text("utf-8"))
    assert report["documents"] >= 7 and report["failed"] == 0
    assert (clean / "harbor-gazette-ferry.json").exists() and (clean / "courier-feed.2.json").exists()


FIND_DEPLOYMENT = """
import asyncio, sys
from prefect.client.orchestration import get_client

async def main():
    async with get_client() as client:
        print((await client.read_deployment_by_name(sys.argv[1])).id)

asyncio.run(main())
"""

FLOW_RUN = """
import asyncio, json, sys
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName

async def main():
    async with get_client() as client:
        runs = await client.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(any_=[sys.argv[1]])))
        if not runs:
            print("{}")
            return
        run = runs[0]
        found = await client.read_artifacts()
        keys = sorted({a.key for a in found if a.flow_run_id == run.id and a.key})
        print(json.dumps({"id": str(run.id), "state": run.state.type.value if run.state else None, "artifacts": keys}))

asyncio.run(main())
"""


DEPLOYMENT_RUNS = """
import asyncio, json, sys
from uuid import UUID
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

async def main():
    async with get_client() as client:
        ids = DeploymentFilterId(any_=[UUID(sys.argv[1])])
        runs = await client.read_flow_runs(deployment_filter=DeploymentFilter(id=ids))
        print(json.dumps([[r.name, r.state.type.value if r.state else None] for r in runs]))

asyncio.run(main())
"""


def _browser() -> Any:
    """Headless Chromium through the system's chromedriver (Debian's chromium, chromium-driver)."""
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    driver, browser = shutil.which("chromedriver"), shutil.which("chromium") or shutil.which("chromium-browser")
    if not (driver and browser):
        if os.environ.get("BOILERSTRIP_REQUIRE_BROWSER"):
            pytest.fail("chromium and chromedriver are required (apt-get install chromium chromium-driver)")
        pytest.skip("no chromium/chromedriver on this machine")
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(arg)
    options.binary_location = browser
    return webdriver.Chrome(service=Service(driver), options=options)


def _python(code: str, env: dict[str, str], *args: str) -> str:
    run = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip().splitlines()[-1]


@pytest.mark.slow
def test_a_run_started_from_the_ui_form(server: dict[str, str], tmp_path: Path) -> None:
    """The deployment's Custom run form in a real browser: descriptions shown, a run submitted
    and completed with its outputs and report, an invalid value refused with a message."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    from flows.ingest import ingest

    raw, clean = tmp_path / "ui-raw", tmp_path / "ui-clean"
    shutil.copytree(ROOT / "raw", raw)
    serve_log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen(
        [sys.executable, "-m", "flows", "serve", "--name", "ui", "--cron", "0 0 1 1 *",
         "--raw-dir", str(tmp_path / "unused"), "--clean-dir", str(tmp_path / "unused-clean")],
        env=server, cwd=ROOT, stdout=serve_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    browser = _browser()
    try:
        deployment = ""
        for _ in range(60):  # registered once `serve` is up
            found = subprocess.run(
                [sys.executable, "-c", FIND_DEPLOYMENT, "ingest/ui"], env=server, capture_output=True, text=True
            )
            if found.returncode == 0:
                deployment = found.stdout.strip().splitlines()[-1]
                break
            time.sleep(1)
        assert deployment, "the deployment was never registered"
        base = server["PREFECT_API_URL"].removesuffix("/api")
        form = f"{base}/deployments/deployment/{deployment}/run"
        wait = WebDriverWait(browser, 60)

        def field(name: str) -> Any:
            xpath = (
                "//div[contains(concat(' ', @class, ' '), ' schema-form-property ') and .//span[contains(@class, "
                f"'schema-form-property__label') and starts-with(normalize-space(.), '{name} ')]]"
            )
            return wait.until(lambda b: b.find_element(By.XPATH, xpath))

        def fill(name: str, value: str) -> None:
            box = field(name).find_element(By.CSS_SELECTOR, "textarea, input")
            box.send_keys(Keys.CONTROL, "a")
            box.send_keys(Keys.DELETE)
            box.send_keys(value)

        browser.get(form)
        schema = ingest.parameters.model_dump()["properties"]
        for name, spec in schema.items():  # every parameter shows its description under its name
            shown = field(name).find_element(By.CSS_SELECTOR, ".schema-form-property__description").text
            assert shown.strip() == spec["description"].strip(), name
        fill("raw_dir", str(raw))
        fill("clean_dir", str(clean))
        fill("workers", "1")
        browser.save_screenshot(str(tmp_path / "form.png"))
        browser.find_element(By.XPATH, "//button[@type='submit']").click()

        name = f"ingest {raw} -> {clean}"
        outcome: dict[str, Any] = {}
        # Generous: a loaded CI machine once took longer than 3 minutes to show the run.
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and outcome.get("state") not in ("COMPLETED", "FAILED", "CRASHED"):
            time.sleep(1)
            outcome = json.loads(_python(FLOW_RUN, server, name))
        if outcome.get("state") != "COMPLETED":  # was the form submitted, the run created, picked up?
            browser.save_screenshot(str(tmp_path / "after-submit.png"))
            runs = _python(DEPLOYMENT_RUNS, server, deployment)
            pytest.fail(f"run {outcome}; page {browser.current_url}; the deployment's runs {runs}; see {tmp_path}")
        assert {"ingest-report", "ingest-counts", "ingest-rules"} <= set(outcome["artifacts"])
        report = json.loads((clean / "_report.json").read_text("utf-8"))
        assert report["documents"] >= 7 and report["failed"] == 0
        assert (clean / "harbor-gazette-ferry.json").exists()

        browser.get(f"{base}/runs/flow-run/{outcome['id']}")  # the run as a person opens it
        wait.until(lambda b: "Completed" in b.find_element(By.TAG_NAME, "body").text)
        assert name.split(" -> ")[0] in browser.find_element(By.TAG_NAME, "body").text
        browser.save_screenshot(str(tmp_path / "run.png"))

        browser.get(form)
        fill("batch_size", "0")
        browser.find_element(By.XPATH, "//button[@type='submit']").click()
        toast = wait.until(lambda b: b.find_element(By.CSS_SELECTOR, ".p-toast-container").text or None)
        assert "batch_size" in toast and "minimum of 1" in toast, toast
        browser.save_screenshot(str(tmp_path / "invalid.png"))
    finally:
        browser.quit()
        serve.terminate()
        serve.wait(timeout=30)
        serve_log.close()
