"""A page's publication date, chosen among what its sources propose by trees fitted on DEV.

The sources: the dates its markup declares (the first of them, and any of them), the date in its
address, the dateline next to its headline, htmldate's fast search, and the date the pipeline's
own stages settled on (its header scan and the markup's rules). Each distinct day any source
proposes is one row of features; the trees (``parsers/models/dates.json``, rebuilt by ``make
train``) score the rows and the best-scored day is the page's date. A text page's candidates
are the days its text writes (:mod:`parsers.meta.text_dates`), scored by the file's second set
of trees.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from parsers.meta.text_dates import TEXT_DATE_FEATURES
from parsers.strip.model import Forest, ModelFileError, read_model_file, validated
from schemas.model import DateModel

DATE_MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "dates.json"
# The candidate sources, in the order of their feature columns; "pipeline" is the date the
# stages before the choice settled on.
SOURCES = ("declared", "declared_any", "url", "headline", "htmldate", "pipeline")
FEATURES = (*(f"from.{s}" for s in SOURCES), "agree", "earliest", "latest", "days", "log_gap_htmldate")

Candidates = dict[str, list[str]]  # source -> the dates it proposes, as written (ISO 8601)


def day_of(value: str | None) -> str | None:
    """The calendar day an ISO 8601 value names, or None."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def rows(candidates: Candidates) -> tuple[list[str], npt.NDArray[np.float64]]:
    """The distinct days the sources propose, in order, and one feature row for each."""
    proposed: dict[str, list[float]] = {}
    for k, source in enumerate(SOURCES):
        values = candidates.get(source, [])
        if source == "declared":
            values = values[:1]
        elif source == "declared_any":
            values = candidates.get("declared", [])
        for value in values:
            if (day := day_of(value)) is not None:
                proposed.setdefault(day, [0.0] * len(SOURCES))[k] = 1.0
    days = sorted(proposed)
    ref = next((d for v in candidates.get("htmldate", []) if (d := day_of(v))), None)
    table = []
    for day in days:
        gap = abs((date.fromisoformat(day) - date.fromisoformat(ref)).days) if ref else -1
        votes = proposed[day]
        table.append(
            [*votes, sum(votes), day == days[0], day == days[-1], len(days), float(np.log1p(gap)) if gap >= 0 else -1.0]
        )
    return days, np.array(table, dtype=np.float64).reshape(len(days), len(FEATURES))


@dataclass(frozen=True)
class DateChooser:
    """A loaded date model: its trees and its content hash."""

    spec: DateModel
    forest: Forest
    text_forest: Forest
    digest: str

    def choose(self, candidates: Candidates) -> str | None:
        """The best-scored day the sources propose; None when none proposes a day."""
        days, X = rows(candidates)
        if not days:
            return None
        return days[int(np.argmax(self.forest.raw(X)))]

    def choose_text(self, days: list[str], X: npt.NDArray[np.float64], scanned: bool) -> str | None:
        """The best-scored of the days a text page writes (rows of :func:`text_dates.text_date_rows`);
        None when no day scores the model's threshold (a text's dates need not include its own),
        which is lower when the header scan dated the page (``scanned``)."""
        if not days:
            return None
        scores = self.text_forest.raw(X)
        top = int(np.argmax(scores))
        least = self.spec.text_threshold if scanned else self.spec.text_threshold_unscanned
        return days[top] if least is not None and scores[top] >= least else None


def parse_date_model(data: bytes, source: str) -> DateChooser:
    spec = validated(DateModel, data, source, "date model")
    if (
        tuple(spec.sources) != SOURCES
        or tuple(spec.scorer.features) != FEATURES
        or tuple(spec.text_scorer.features) != TEXT_DATE_FEATURES
    ):
        raise ModelFileError(f"{source}: fitted on other sources or features than this version reads")
    return DateChooser(spec, Forest.of(spec.scorer), Forest.of(spec.text_scorer), hashlib.sha256(data).hexdigest()[:8])


def load_date_model(path: Path | None = None) -> DateChooser:
    """The date model at ``path`` (default: the one shipped in the package)."""
    return _load(path or DATE_MODEL_PATH)


@lru_cache(maxsize=8)
def _load(path: Path) -> DateChooser:
    return parse_date_model(read_model_file(path), str(path))
