"""The pure parsing core: bytes or text in, Document or Rejection out.

Never imports Prefect and never writes files.
"""

from parsers.inputs.files import parse_bytes, parse_file, parse_lines
from parsers.pipeline import (
    PACKAGE_VERSION,
    Core,
    Origin,
    ParseOptions,
    Result,
    parse_text,
    pipeline_version,
)
from parsers.strip.rules import RuleFileError, RuleSet, load_rules

__all__ = [
    "PACKAGE_VERSION",
    "Core",
    "Origin",
    "ParseOptions",
    "Result",
    "RuleFileError",
    "RuleSet",
    "load_rules",
    "parse_bytes",
    "parse_file",
    "parse_lines",
    "parse_text",
    "pipeline_version",
]
