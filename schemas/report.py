"""The run report published by every ingestion run."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class RunReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    raw_dir: str
    clean_dir: str
    found: int = Field(0, description="Inputs found.")
    written: int = Field(0, description="Documents written.")
    rejected: int = Field(0, description="Inputs (or records) recorded as rejections.")
    skipped: int = Field(0, description="Inputs unchanged since their last run.")
    failed: int = Field(0, description="Inputs whose batch failed (I/O); retried next run.")
    documents: int = Field(0, description="Documents produced (JSONL files may yield several).")
    seconds: float = 0.0
    rules: dict[str, int] = Field(default_factory=dict, description="Removals per rule id.")
    reasons: dict[str, int] = Field(default_factory=dict, description="Rejections per reason.")
    rejections: list[dict[str, str]] = Field(default_factory=list, description="Path, reason, detail.")
