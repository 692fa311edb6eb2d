"""Pydantic models for boilerstrip: documents, rejections, rule files, run reports.

Imports nothing from ``parsers`` or ``flows``.
"""

from schemas.document import (
    SCHEMA_VERSION,
    Document,
    Link,
    Rejection,
    RejectReason,
    Removed,
    Source,
)
from schemas.report import RunReport
from schemas.rules import Example, Profile, Rule, RuleFile

__all__ = [
    "SCHEMA_VERSION",
    "Document",
    "Example",
    "Link",
    "Profile",
    "RejectReason",
    "Rejection",
    "Removed",
    "Rule",
    "RuleFile",
    "RunReport",
    "Source",
]
