"""A text page's publication date, chosen among every date its text writes by trees fitted on DEV.

Each distinct day written in the page is one candidate. Its features say where it is written
(how near the headline, before the body the classifier found, in a header line the scan took
as metadata), on what kind of line (short date lines, bylines, "Updated" and "Published"
labels, copyright lines), how it is written, and how it stands among the
page's other days (earliest, latest, how often written, whether the header scan chose it). The
trees (``parsers/models/text_dates.json``, rebuilt by ``make train``) score the candidates; the
best-scored day is the page's date.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import numpy.typing as npt
import regex

from parsers.blocks import Block
from parsers.meta.dates import DATE_SHAPE, FoundDate, all_dates, unglue_dates
from parsers.meta.header import MODIFIED_LABEL, HeaderMeta
from parsers.strip.classify import Verdicts

TEXT_DATE_FEATURES = (
    "log_count", "first_rel", "head_dist", "before_run", "meta_line", "log_line_chars", "date_share",
    "published_label", "updated_label", "updated_only", "byline", "has_time", "month_name", "numeric_dots",
    "numeric_slash", "copyright", "order", "order_after_head", "earliest", "latest", "log_days", "pipeline",
    "log_gap_latest", "days_above_head",
)  # fmt: skip

_PUBLISHED_LABEL = regex.compile(
    r"\b(?:published|posted|veröffentlicht|erstellt|publié|publicado|opublikowano|pubblicato|erschienen|"
    r"date|datum|fecha|data)\b",
    regex.IGNORECASE,
)
_BY_WORD = regex.compile(r"\b(?:by|von|par|por|di|door|autor|author|written)\b", regex.IGNORECASE)
_COPYRIGHT = regex.compile(r"©|\(c\)|\bcopyright\b", regex.IGNORECASE)
_LETTER = regex.compile(r"\p{L}")


@dataclass(frozen=True)
class Occurrence:
    """One date written in a block, with the line that holds it."""

    day: str
    block: int
    found: FoundDate
    written: str
    line: str
    lead: str  # the line's text before the date, from the date written before it on the line


def occurrences(blocks: Sequence[Block], not_after: datetime | None, day_first: bool) -> list[Occurrence]:
    """Every date the page's blocks write, in reading order."""
    out = []
    for block in _dated(blocks):
        text = unglue_dates(block.text)
        previous = 0
        for found in all_dates(text, not_after, day_first):
            start = text.rfind("\n", 0, found.start) + 1
            end = text.find("\n", found.end)
            line = text[start : end if end >= 0 else len(text)].strip()
            lead = text[max(start, previous) : found.start]
            out.append(Occurrence(found.iso[:10], block.index, found, text[found.start : found.end], line, lead))
            previous = found.end
    return out


def _dated(blocks: Sequence[Block]) -> list[Block]:
    """The blocks holding what every written date holds (:data:`DATE_SHAPE`; most blocks hold
    none), found in one scan of the texts joined by a NUL, which no part of the shape matches."""
    starts, at = [], 0
    for block in blocks:
        starts.append(at)
        at += len(block.text) + 1
    found = {bisect_right(starts, m.start()) - 1 for m in DATE_SHAPE.finditer("\0".join(b.text for b in blocks))}
    return [blocks[k] for k in sorted(found)]


@dataclass(frozen=True)
class WrittenDays:
    """The days a page writes, one feature row each."""

    days: list[str]
    found: list[Occurrence]
    X: npt.NDArray[np.float64]
    changed: list[bool]  # written only ever after an "Updated" label: a change, never the publication

    def publishable(self, last: str | None) -> tuple[list[str], npt.NDArray[np.float64]]:
        """The days that may be the publication's, and their rows: none after ``last`` (the day
        the page was fetched), and no day of a change unless the page shows only such days (the
        schema's ``published``: then the update date stands for it)."""
        kept = [k for k, day in enumerate(self.days) if last is None or day <= last]
        first = [k for k in kept if not self.changed[k]] or kept
        return [self.days[k] for k in first], self.X[first]


def text_date_rows(
    blocks: Sequence[Block],
    verdicts: Verdicts,
    meta: HeaderMeta,
    fetched_at: datetime | None,
    pipeline: str | None,
) -> WrittenDays:
    """The distinct days the page writes, in order of first appearance, with their feature rows;
    ``pipeline``: the date the header scan and datelines settled on."""
    found = occurrences(blocks, fetched_at, meta.day_first)
    by_day: dict[str, list[Occurrence]] = {}
    for occ in found:
        by_day.setdefault(occ.day, []).append(occ)
    days = list(by_day)
    if not days:
        return WrittenDays([], found, np.zeros((0, len(TEXT_DATE_FEATURES))), [])
    n = max(len(blocks), 1)
    head = meta.title_index if meta.title_index is not None else (verdicts.start if verdicts.has_run else 0)
    ordered = sorted(days)
    after_head = {d: k for k, d in enumerate(d for d in days if any(o.block >= head for o in by_day[d]))}
    latest = date.fromisoformat(ordered[-1])
    chosen = pipeline[:10] if pipeline else None
    above = sum(1 for d in days if by_day[d][0].block < head)
    rows = []
    for rank, day in enumerate(days):
        occs = by_day[day]
        when = date.fromisoformat(day)
        nearest = min(occs, key=lambda o: abs(o.block - head))
        lines = [o.line for o in occs]
        updated = [bool(MODIFIED_LABEL.search(line)) for line in lines]
        rows.append([
            np.log1p(len(occs)),
            occs[0].block / n,
            min(abs(nearest.block - head), 50),
            float(any(o.block < verdicts.start for o in occs)),
            float(any(o.block in meta.labels for o in occs)),
            np.log1p(min(len(line) for line in lines)),
            max(len(o.written) / max(len(o.line), 1) for o in occs),
            float(any(_PUBLISHED_LABEL.search(line) for line in lines)),
            float(any(updated)),
            float(all(updated)),
            float(any(_BY_WORD.search(line) for line in lines)),
            float(any("T" in o.found.iso for o in occs)),
            float(any(_LETTER.search(o.written) for o in occs)),
            float(any("." in o.written and not _LETTER.search(o.written) for o in occs)),
            float(any("/" in o.written for o in occs)),
            float(any(_COPYRIGHT.search(line) for line in lines)),
            np.log1p(rank),
            np.log1p(after_head[day]) if day in after_head else -1.0,
            float(day == ordered[0]),
            float(day == ordered[-1]),
            np.log1p(len(days)),
            float(day == chosen),
            np.log1p((latest - when).days),
            np.log1p(above),
])  # fmt: skip
    changed = [all(MODIFIED_LABEL.search(o.lead) for o in by_day[day]) for day in days]
    return WrittenDays(days, found, np.array(rows, dtype=np.float64), changed)
