"""The ``ingest`` flow: find inputs under RAW_DIR, clean them in batches, write CLEAN_DIR, report."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from pydantic import Field

from flows.batch import BatchSummary, process_batch
from flows.storage import atomic_write, discover
from parsers import ParseOptions
from parsers.read import DEFAULT_MAX_BYTES
from schemas.report import RunReport

# Documents per task. The text path cleans ~300-1000 documents/s and the HTML path ~30/s per
# core; 200 keeps a task at roughly 0.2-7 s, well above Prefect's ~5 ms per task call and
# the ~35 task runs/s a server records (measured on the 2-core development machine).
DEFAULT_BATCH_SIZE = 200
REPORT_NAME = "_report.json"


@task(name="clean-batch", retries=2, retry_delay_seconds=1)
def clean_batch(paths: list[str], raw_dir: str, clean_dir: str, options: ParseOptions) -> BatchSummary:
    """Read → call the core → write, for one batch of input paths."""
    return process_batch(paths, raw_dir, clean_dir, options)


@flow(name="ingest", log_prints=False)
def ingest(
    raw_dir: str = "raw",
    clean_dir: str = "clean",
    batch_size: Annotated[int, Field(ge=1, le=100_000)] = DEFAULT_BATCH_SIZE,
    profile_dir: str | None = None,
    max_bytes: Annotated[int, Field(ge=1)] = DEFAULT_MAX_BYTES,
) -> RunReport:
    """Clean every scraped article under ``raw_dir`` into one JSON document each in ``clean_dir``.

    Args:
        raw_dir: Folder of inputs (.txt, .md, .html, .html.gz, .json, .jsonl), searched recursively.
        clean_dir: Folder for the output documents; rejections go under ``_rejected/``.
        batch_size: Documents per task (each task should do 1-10 s of work).
        profile_dir: Optional folder of extra publisher-profile TOML files.
        max_bytes: Inputs larger than this many bytes are rejected.
    """
    started = time.perf_counter()
    raw, clean = Path(raw_dir).resolve(), Path(clean_dir).resolve()
    if not raw.is_dir():
        raise ValueError(f"raw_dir {raw_dir!r} is not a directory")
    options = ParseOptions(profile_dirs=(Path(profile_dir).resolve(),) if profile_dir else (), max_bytes=max_bytes)
    paths = [str(p) for p in discover(raw)]
    batches = [paths[i : i + batch_size] for i in range(0, len(paths), batch_size)]
    futures = [clean_batch.submit(batch, str(raw), str(clean), options) for batch in batches]
    total = BatchSummary()
    for future, batch in zip(futures, batches, strict=True):
        try:
            total.add(future.result())
        except Exception as exc:  # a failing batch does not fail the others; its inputs are retried next run
            get_run_logger().error("batch of %d inputs failed: %s", len(batch), exc)
            total.failed.extend(batch)
    report = _report(total, raw, clean, len(paths), time.perf_counter() - started)
    atomic_write(clean / REPORT_NAME, report.model_dump_json(indent=2).encode("utf-8"))
    _publish(report)
    return report


def _report(total: BatchSummary, raw: Path, clean: Path, found: int, seconds: float) -> RunReport:
    return RunReport(
        raw_dir=str(raw), clean_dir=str(clean), found=found, written=total.written,
        rejected=total.rejected, failed=len(total.failed), documents=total.written, seconds=round(seconds, 3),
        rules=dict(total.rules.most_common()), reasons=dict(total.reasons.most_common()),
        rejections=total.rejections,
    )  # fmt: skip


def _publish(report: RunReport) -> None:
    """Run report as Prefect artifacts: counts, top removal rules, rejections."""
    counts = [
        {"outcome": k, "count": getattr(report, k)} for k in ("found", "written", "rejected", "skipped", "failed")
    ]
    create_table_artifact(key="ingest-counts", table=counts, description="Inputs by outcome")
    top = [{"rule": rule, "removals": n} for rule, n in list(report.rules.items())[:25]]
    create_table_artifact(key="ingest-rules", table=top or [{"rule": "-", "removals": 0}],
                          description="Top removal rules")  # fmt: skip
    lines = [f"- `{r['path']}`: **{r['reason']}**: {r['detail']}" for r in report.rejections[:200]]
    create_markdown_artifact(key="ingest-rejections", markdown="\n".join(lines) or "No rejections.",
                             description="Rejected inputs")  # fmt: skip
