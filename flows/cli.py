"""The ``boilerstrip`` command line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from parsers import ParseOptions, parse_file
from parsers.read import DEFAULT_MAX_BYTES
from parsers.rules import RuleFileError
from schemas.export import schema_json

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
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per task.")] = 200,
    profile_dir: Annotated[Path | None, typer.Option(help="Folder of extra publisher profiles.")] = None,
    max_bytes: Annotated[int, typer.Option(min=1, help="Reject inputs larger than this.")] = DEFAULT_MAX_BYTES,
) -> None:
    """Run the ingestion flow over RAW_DIR into CLEAN_DIR and print the counts."""
    if not raw_dir.is_dir():
        typer.echo(f"error: {raw_dir} is not a directory", err=True)
        raise typer.Exit(2)
    from flows.ingest import ingest as ingest_flow  # Prefect is imported only for flow runs

    report = ingest_flow(
        raw_dir=str(raw_dir), clean_dir=str(clean_dir), batch_size=batch_size,
        profile_dir=str(profile_dir) if profile_dir else None, max_bytes=max_bytes,
    )  # fmt: skip
    typer.echo(
        f"found {report.found}, written {report.written}, rejected {report.rejected}, "
        f"skipped {report.skipped}, failed {report.failed} in {report.seconds:.1f} s"
    )
    for rej in report.rejections[:20]:
        typer.echo(f"  rejected {rej['path']}: {rej['reason']}: {rej['detail']}")
    if report.failed:
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output document."""
    sys.stdout.write(schema_json())


def main() -> None:
    app()
