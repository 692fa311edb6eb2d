"""The ``boilerstrip`` command line."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, cast

import typer

from flows.batch import DEFAULT_BATCH_SIZE
from flows.logs import LOG_FILE_VARIABLE, LOGGING_CONFIG, OneLine
from flows.run import DASK_TIMEOUT_S
from parsers import ParseOptions, load_rules, parse_file
from parsers.inputs.read import DEFAULT_MAX_BYTES
from parsers.strip.rules import RuleFileError
from schemas.export import schema_json

if TYPE_CHECKING:
    from rich.progress import TaskID

    from schemas.report import RunReport
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
    dask_timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds to wait for the Dask scheduler to answer.")
    ] = DASK_TIMEOUT_S,
    force: Annotated[bool, typer.Option("--force", help="Reprocess inputs even when unchanged.")] = False,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format", help="Input kind to pick up, repeatable: text, markdown, html, json, jsonl (default: all)."
        ),
    ] = None,
    profile_dir: Annotated[Path | None, typer.Option(help="Folder of extra publisher profiles.")] = None,
    max_bytes: Annotated[int, typer.Option(min=1, help="Reject inputs larger than this.")] = DEFAULT_MAX_BYTES,
    prefect: Annotated[
        bool | None,
        typer.Option(
            "--prefect/--no-prefect",
            help="Run as a Prefect flow run, shown in the UI (a temporary server is started when no API is "
            "configured). Default: when a Prefect API is configured (PREFECT_API_URL or the active profile).",
        ),
    ] = None,
) -> None:
    """Run the ingestion over RAW_DIR into CLEAN_DIR and print the run report.

    With a Prefect API configured the run is the ``ingest`` flow, recorded in Prefect; without,
    the same run goes on a plain process pool, with nothing to start (see --prefect).

    A failure is one line naming what failed (exit 2: the command's arguments or files; 1: the
    run); its traceback goes to CLEAN_DIR/.boilerstrip.log, never to the terminal."""
    from flows.storage import ALL_KINDS, InputKind

    _check_before_start(raw_dir, clean_dir, formats, profile_dir, dask_address, dask_timeout)
    log = _log_to_file(clean_dir)
    as_flow = prefect if prefect is not None else bool(dask_address) or prefect_api_configured()
    if dask_address and not as_flow:
        _fail("--dask-address runs batches as Prefect tasks: drop --no-prefect")
    settings = {
        "raw_dir": str(raw_dir), "clean_dir": str(clean_dir), "batch_size": batch_size, "workers": workers,
        "formats": cast(list[InputKind], formats) if formats else ALL_KINDS, "force": force,
        "profile_dir": str(profile_dir) if profile_dir else None, "max_bytes": max_bytes,
    }  # fmt: skip
    try:
        report = _with_progress_bar(
            lambda: _run_flow(settings, dask_address, dask_timeout) if as_flow else _run_plain(settings)
        )
    except Exception as exc:
        _log.exception("ingest failed")
        _fail(f"{_one_line(exc)} (details in {log})", code=1)
    print_report(report)
    if not as_flow:
        typer.secho(
            "  ran without Prefect: no Prefect API configured (set PREFECT_API_URL, or --prefect, to record runs)",
            dim=True,
        )
    if report.failed:
        raise typer.Exit(1)


def _check_before_start(
    raw_dir: Path, clean_dir: Path, formats: list[str] | None, profile_dir: Path | None,
    dask_address: str | None, dask_timeout: float,
) -> None:  # fmt: skip
    """What can be checked before Prefect starts is, so that a mistake costs no start-up: one
    ``error:`` line and exit 2."""
    from flows.run import DaskUnreachable, reach_dask
    from flows.storage import ALL_KINDS, FolderError, check_folders

    unknown = sorted(set(formats or []) - set(ALL_KINDS))
    if unknown:
        _fail(f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(ALL_KINDS)}")
    try:
        check_folders(raw_dir.resolve(), clean_dir.resolve())
        load_rules((profile_dir.resolve(),) if profile_dir else ())
        if dask_address:
            reach_dask(dask_address, dask_timeout)
    except (FolderError, RuleFileError, DaskUnreachable) as exc:
        _fail(str(exc))


def _with_progress_bar(run: Callable[[], RunReport]) -> RunReport:
    """``run()`` under a progress bar that starts with the work, not with Prefect's start-up."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from flows.run import progress_hook

    with Progress(TextColumn("cleaning"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()) as bar:
        task_ids: list[TaskID] = []

        def advance(done: int, total: int) -> None:
            if not task_ids:
                task_ids.append(bar.add_task("cleaning", total=total))
            bar.update(task_ids[0], total=total, advance=done)

        with progress_hook(advance):
            return run()


def _run_flow(settings: dict[str, Any], dask_address: str | None, dask_timeout: float) -> RunReport:
    from flows.ingest import ingest as ingest_flow  # Prefect is imported only for flow runs

    return cast("RunReport", ingest_flow(**settings, dask_address=dask_address, dask_timeout=dask_timeout))


def _run_plain(settings: dict[str, Any]) -> RunReport:
    """The same run as the flow's, its batches on a plain process pool; logs to the log file and,
    from warnings up, to the terminal."""
    from flows.run import local_batches, run_ingest

    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(OneLine("%(levelname)s %(message)s"))
    logging.getLogger().addHandler(console)
    path = os.environ.get(LOG_FILE_VARIABLE)
    if path:
        with contextlib.suppress(OSError):
            file = logging.FileHandler(path, encoding="utf-8")
            file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
            logging.getLogger().addHandler(file)
    logging.getLogger("boilerstrip").setLevel(logging.INFO)
    return run_ingest(run_batches=local_batches, **settings)


def prefect_api_configured() -> bool:
    """Whether Prefect has an API to record runs in: PREFECT_API_URL in the environment or in
    the active Prefect profile (read from the profiles file: importing Prefect to ask costs ~1.5 s)."""
    if os.environ.get("PREFECT_API_URL"):
        return True
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect")
    try:
        profiles = tomllib.loads((home / "profiles.toml").read_text("utf-8"))
    except (OSError, ValueError):
        return False
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active") or "ephemeral"
    profile = profiles.get("profiles", {}).get(active, {})
    return isinstance(profile, dict) and bool(profile.get("PREFECT_API_URL"))


_log = logging.getLogger("boilerstrip")
LOG_NAME = ".boilerstrip.log"


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _one_line(exc: BaseException) -> str:
    """The message of an error, on one line (an OSError names its file: "No space left on device: 'x'")."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if isinstance(exc, (OSError, ValueError, RuntimeError)) else f"{type(exc).__name__}: {text}"


def _log_to_file(clean_dir: Path) -> Path:
    """Log this run (and its worker processes) through flows/logging.yml: one line a message on
    the terminal, tracebacks in CLEAN_DIR/.boilerstrip.log. Set before Prefect is imported, as
    Prefect reads its logging configuration then; a configuration of the user's own is kept."""
    path = clean_dir.resolve() / LOG_NAME
    os.environ.setdefault("PREFECT_LOGGING_SETTINGS_PATH", str(LOGGING_CONFIG))
    os.environ[LOG_FILE_VARIABLE] = str(path)
    with contextlib.suppress(OSError):
        clean_dir.mkdir(parents=True, exist_ok=True)
    return path


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
    if report.vanished:
        console.print(f"  {report.vanished} input(s) removed from {report.raw_dir} during the run", markup=False)
    if report.passed_over:
        shown = ", ".join(f"{p['path']} ({p['why']})" for p in report.passed_over[:5])
        more = f" and {len(report.passed_over) - 5} more" if len(report.passed_over) > 5 else ""
        console.print(f"  not read: {shown}{more}", markup=False)
    top = ", ".join(f"{rule} {n}" for rule, n in list(report.rules.items())[:8])
    if top:
        console.print(f"  top removal rules: {top}", markup=False)


@app.command()
def serve(
    cron: Annotated[str, typer.Option(help="Schedule (cron syntax, server time zone).")] = "*/15 * * * *",
    name: Annotated[str, typer.Option(help="Deployment name.")] = "served",
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
