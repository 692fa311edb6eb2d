"""The run report as a person reads it, and as Prefect artifacts."""

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from schemas.report import RunReport


def publish(report: RunReport) -> None:
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
