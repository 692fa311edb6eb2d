"""The run report published by every ingestion run."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class RunReport(BaseModel):
    """Counts of one run. File outcomes add up: found = written + rejected + skipped + failed + vanished."""

    model_config = ConfigDict(extra="forbid")

    raw_dir: str
    clean_dir: str
    found: int = Field(0, description="Input files found.")
    written: int = Field(0, description="Files that produced at least one document.")
    rejected: int = Field(0, description="Files that produced only rejections.")
    skipped: int = Field(0, description="Files unchanged since their outputs were written.")
    failed: int = Field(0, description="Files whose batch failed (I/O after retries); retried next run.")
    vanished: int = Field(0, description="Files removed from the raw dir while the run was on.")
    documents: int = Field(0, description="Documents written (a JSONL file yields one per good line).")
    rejections_written: int = Field(0, description="Rejection records written (one per bad file or line).")
    seconds: float = 0.0
    rules: dict[str, int] = Field(default_factory=dict, description="Removals per rule id.")
    reasons: dict[str, int] = Field(default_factory=dict, description="Rejections per reason.")
    rejections: list[dict[str, str]] = Field(default_factory=list, description="Path, reason, detail.")
    failed_inputs: list[str] = Field(default_factory=list, description="Inputs of failed batches.")
    examples: dict[str, str] = Field(default_factory=dict, description="One text each rule removed.")
    samples: list[dict[str, str]] = Field(
        default_factory=list, description="A few documents written: output path, title, authors, date, opening."
    )
    passed_over: list[dict[str, str]] = Field(
        default_factory=list,
        description="Entries of the raw dir not read, and why (hidden, the output folder, a folder link that loops).",
    )
