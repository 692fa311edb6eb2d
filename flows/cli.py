"""The ``boilerstrip`` command line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, cast

import typer

from flows.batch import DEFAULT_BATCH_SIZE
from parsers import ParseOptions, parse_file
from parsers.read import DEFAULT_MAX_BYTES
from parsers.rules import RuleFileError
from schemas.export import schema_json
from schemas.report import RunReport

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Strip boilerplate from scraped articles.")

# No network here and none needed: never phone home.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="One input file (text, markdown, HTML, JSON).")],
    profile_dir: Annotated[Path | None, typer.Option(help="Folder of extra publisher profiles.")] = None,
) -> None:
    """Print the cleaned JSON document (or the rejection) for one file. No Prefect involved."""
    options = ParseOptions(profile_dirs=(profile_dir,) if profile_dir else ())
    try:
        results = parse_file(file, options)
    except RuleFileError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    payload = [r.model_dump(mode="json") for r in results]
    out = payload[0] if len(payload) == 1 else payload
    typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
    if all("reason" in p for p in payload):
        raise typer.Exit(1)


@app.command()
def ingest(
    raw_dir: Annotated[Path, typer.Argument(help="Folder of raw inputs.")] = Path("raw"),
    clean_dir: Annotated[Path, typer.Argument(help="Folder for clean JSON documents.")] = Path("clean"),
    batch_size: Annotated[int, typer.Option(min=1, help="Most documents per task.")] = DEFAULT_BATCH_SIZE,
    workers: Annotated[int, typer.Option(min=0, help="Processes; 0 = one per core, 1 = in-process.")] = 0,
    dask_address: Annotated[str | None, typer.Option(help="Run batches on a Dask scheduler (tcp://HOST:PORT).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Reprocess inputs even when unchanged.")] = False,
    formats: Annotated[list[str] | None, typer.Option("--format", help="Input kinds to pick up (repeat).")] = None,
    profile_dir: Annotated[Path | None, typer.Option(help="Folder of extra publisher profiles.")] = None,
    max_bytes: Annotated[int, typer.Option(min=1, help="Reject inputs larger than this.")] = DEFAULT_MAX_BYTES,
) -> None:
    """Run the ingestion flow over RAW_DIR into CLEAN_DIR and print the run report."""
    if not raw_dir.is_dir():
        typer.echo(f"error: {raw_dir} is not a directory", err=True)
        raise typer.Exit(2)
    from flows.ingest import ALL_KINDS, InputKind, progress_hook
    from flows.ingest import ingest as ingest_flow  # Prefect is imported only for flow runs

    unknown = sorted(set(formats or []) - set(ALL_KINDS))
    if unknown:
        typer.echo(f"error: unknown format(s) {', '.join(unknown)}; choose from {', '.join(ALL_KINDS)}", err=True)
        raise typer.Exit(2)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("cleaning"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()) as bar:
        task_id = bar.add_task("cleaning", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task_id, total=total, advance=done)

        with progress_hook(advance):
            report = ingest_flow(
                raw_dir=str(raw_dir), clean_dir=str(clean_dir), batch_size=batch_size,
                formats=cast(list[InputKind], formats) if formats else ALL_KINDS,
                workers=workers, dask_address=dask_address, force=force,
                profile_dir=str(profile_dir) if profile_dir else None, max_bytes=max_bytes,
            )  # fmt: skip
    print_report(report)
    if report.failed:
        raise typer.Exit(1)


def print_report(report: RunReport) -> None:
    """The run report as a table, then the rejections and the most frequent removal rules."""
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=False)
    table = Table(title=f"ingest {report.raw_dir} -> {report.clean_dir} in {report.seconds:.1f} s")
    for column in ("found", "written", "rejected", "skipped", "failed", "documents", "rejections"):
        table.add_column(column, justify="right")
    table.add_row(*(str(n) for n in (report.found, report.written, report.rejected, report.skipped,
                                     report.failed, report.documents, report.rejections_written)))  # fmt: skip
    console.print(table)
    for rej in report.rejections[:20]:
        console.print(f"  rejected {rej['path']}: {rej['reason']}: {rej['detail']}", markup=False)
    if len(report.rejections) > 20:
        console.print(f"  ... and {len(report.rejections) - 20} more (see {report.clean_dir}/_rejected/)")
    top = ", ".join(f"{rule} {n}" for rule, n in list(report.rules.items())[:8])
    if top:
        console.print(f"  top removal rules: {top}", markup=False)


@app.command()
def serve(
    cron: Annotated[str, typer.Option(help="Schedule (cron syntax, server time zone).")] = "*/15 * * * *",
    name: Annotated[str, typer.Option(help="Deployment name.")] = "scheduled",
    raw_dir: Annotated[Path, typer.Option(help="Default raw folder of scheduled runs.")] = Path("raw"),
    clean_dir: Annotated[Path, typer.Option(help="Default clean folder of scheduled runs.")] = Path("clean"),
) -> None:
    """Serve the ingest deployment from this process: scheduled runs plus runs started in the UI."""
    from flows.ingest import ingest as ingest_flow

    ingest_flow.serve(
        name=name,
        cron=cron,
        parameters={"raw_dir": str(raw_dir.resolve()), "clean_dir": str(clean_dir.resolve())},
        description="Clean new or changed scraped articles into validated JSON documents.",
        tags=["boilerstrip"],
    )


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output document."""
    sys.stdout.write(schema_json())


def main() -> None:
    app()
