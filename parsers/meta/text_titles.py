"""A text page's title, chosen among the lines above and at the start of its body by trees fitted
on DEV.

Candidates: each short line of the first blocks of the page and of the blocks before and at the
start of the main run, and the parts of such a line cut at a title separator ("Headline | Site");
the header scan's title is one of them. Each distinct text is one candidate, with features saying
where it stands (a heading and its level, how far before the body, how near the header scan's
headline), what follows it (a byline or date line), how it is written, how often the page
repeats it, and how many words it shares with the body and with the page's first line. The
trees (``parsers/models/titles.json``, rebuilt by ``make train``) score the candidates; the best
one is the page's title.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from math import log1p
from pathlib import Path

import numpy as np
import numpy.typing as npt
import regex

from parsers.blocks import Block
from parsers.meta.header import HeaderMeta
from parsers.meta.html_titles import HTML_TITLE_FEATURES, Candidate, HtmlTitles
from parsers.meta.names import title_key
from parsers.meta.titles import TITLE_SEPARATORS, WORDS, body_overlap, body_words, longer_words
from parsers.strip.classify import Verdicts
from parsers.strip.model import Forest, ModelFileError, read_model_file, validated
from schemas.model import TitleModel

TITLE_MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "titles.json"
TEXT_TITLE_FEATURES = (
    "scan", "piece", "first_piece", "last_piece", "heading", "level", "item", "log_words", "log_chars",
    "log_index", "to_start", "to_scan", "repeats", "period", "digits", "linked", "capitals", "meta_line",
    "next_meta", "kept", "separator", "rank", "log_candidates", "in_first_line", "body_overlap",
    "top_overlap", "top_cover",
)  # fmt: skip

FIRST_BLOCKS = 6  # the page's first blocks: a text rendering's <title> line
BEFORE_START, AFTER_START = 40, 8  # the blocks read before and after the main run's start
TITLE_MAX_WORDS = 20
_DIGIT = regex.compile(r"\d")


@dataclass
class Line:
    """One candidate title and each place the page writes it."""

    text: str
    key: str  # title_key of the text
    blocks: list[int] = field(default_factory=list)
    pieces: list[int] = field(default_factory=list)  # 0: a whole line; 1: a first part; 2: a last part; 3: inner
    scan: bool = False


@dataclass(frozen=True)
class Lines:
    """The candidate titles of a page, one feature row each."""

    lines: list[Line]
    X: npt.NDArray[np.float64]


def _blocks(blocks: Sequence[Block], verdicts: Verdicts) -> list[int]:
    start = verdicts.start if verdicts.has_run else 0
    near = set(range(min(len(blocks), FIRST_BLOCKS)))
    near |= set(range(max(0, start - BEFORE_START), min(len(blocks), start + AFTER_START)))
    return sorted(near)


def _texts(block: Block) -> Iterator[tuple[str, int]]:
    """(text, piece kind) for each candidate of ``block``."""
    if block.kind not in ("para", "heading", "item") or not block.text:
        return
    for line in block.text.split("\n"):
        line = line.strip()
        if not line or len(line.split()) > TITLE_MAX_WORDS:
            continue
        yield line, 0
        parts = [p.strip() for p in TITLE_SEPARATORS.split(line)]
        if len(parts) > 1:
            for k, part in enumerate(parts):
                if part:
                    yield part, 1 if k == 0 else 2 if k == len(parts) - 1 else 3


def candidates(blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta, ruled: Collection[int]) -> list[Line]:
    """The distinct texts that may be the page's title, in reading order, the header scan's first;
    none from a block a boilerplate rule removed (``ruled``: "Skip to content")."""
    found: dict[str, Line] = {}
    if meta.title:
        key = title_key(meta.title)
        found[key] = Line(meta.title, key, [meta.title_index or 0], [0], scan=True)
    for index in _blocks(blocks, verdicts):
        if index in ruled:
            continue
        for text, piece in _texts(blocks[index]):
            key = title_key(text)
            if not key:
                continue
            line = found.setdefault(key, Line(text, key))
            line.blocks.append(index)
            line.pieces.append(piece)
    return list(found.values())


def title_rows(blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta, ruled: Collection[int]) -> Lines:
    """The page's candidate titles and one feature row for each (``ruled``: see :func:`candidates`)."""
    lines = candidates(blocks, verdicts, meta, ruled)
    start = verdicts.start if verdicts.has_run else 0
    lengths = {len(line.text) for line in lines}
    counts = Counter(each.text.casefold() for each in blocks if len(each.text) in lengths)
    top = next((b.index for b in blocks if b.text), 0)
    top_key = title_key(blocks[top].text) if blocks else ""
    body = body_words(blocks, verdicts.labels, TITLE_MAX_WORDS)
    top_words = longer_words(WORDS.findall(blocks[top].text)) if blocks else set()
    rows = []
    for rank, line in enumerate(lines):
        first = min(line.blocks)
        block: Block | None = blocks[first] if first < len(blocks) else None
        headings = [b for b in line.blocks if b < len(blocks) and blocks[b].kind == "heading"]
        words = WORDS.findall(line.text)
        capitals = sum(1 for w in words if w[:1].isupper()) / max(len(words), 1)
        rows.append([
            float(line.scan),
            float(all(p > 0 for p in line.pieces)),
            float(1 in line.pieces),
            float(2 in line.pieces),
            float(bool(headings)),
            float(min((blocks[b].level for b in headings), default=0)),
            float(block is not None and block.kind == "item"),
            log1p(len(words)),
            log1p(len(line.text)),
            log1p(first),
            max(-50, min(50, first - start)),
            max(-50, min(50, first - meta.title_index)) if meta.title_index is not None else -99.0,
            log1p(counts[line.text.casefold()]),
            float(line.text.rstrip().endswith((".", "!", "?", ":"))),
            len(_DIGIT.findall(line.text)) / max(len(line.text), 1),
            float(block is not None and block.link_chars > 0),
            capitals,
            float(any(b in meta.labels for b in line.blocks)),
            float(any(b + 1 in meta.labels or b + 2 in meta.labels for b in line.blocks)),
            float(any(b < len(verdicts.labels) and verdicts.labels[b] is None for b in line.blocks)),
            float(TITLE_SEPARATORS.search(line.text) is not None),
            log1p(rank),
            log1p(len(lines)),
            float(first != top and line.key in top_key),
            body_overlap(words, body),
            *(_against_first_line(words, top_words) if first != top else (-2.0, -2.0)),
        ])  # fmt: skip
    return Lines(lines, np.array(rows, dtype=np.float64).reshape(len(lines), len(TEXT_TITLE_FEATURES)))


def _against_first_line(words: Sequence[str], top: AbstractSet[str]) -> tuple[float, float]:
    """How a line further down stands to the page's first line, which in a plain-text rendering
    is the page's <title> ("Headline | Site"): the share of its longer words that line writes, and
    the share of that line's longer words it writes (-1: the first line has none). The article's
    own headline shares most of them, a menu's or a teaser's line few."""
    longer = longer_words(words)
    shared = len(longer & top)
    return (shared / len(longer) if longer else -1.0), (shared / len(top) if top else -1.0)


@dataclass(frozen=True)
class TitleChooser:
    """A loaded title model: its trees and its content hash."""

    spec: TitleModel
    forest: Forest
    html_forest: Forest | None
    digest: str

    def choose(self, found: Lines) -> Line | None:
        """The best-scored candidate title; None when the page has none."""
        if not found.lines:
            return None
        return found.lines[int(np.argmax(self.forest.raw(found.X)))]

    def choose_html(self, found: HtmlTitles) -> Candidate | None:
        """The best-scored title an HTML page's sources propose; None when they propose none (or
        the model holds no HTML trees)."""
        if not found.candidates or self.html_forest is None:
            return None
        return found.candidates[int(np.argmax(self.html_forest.raw(found.X)))]


def parse_title_model(data: bytes, source: str) -> TitleChooser:
    spec = validated(TitleModel, data, source, "title model")
    html = spec.html_scorer
    if tuple(spec.scorer.features) != TEXT_TITLE_FEATURES or (html and tuple(html.features) != HTML_TITLE_FEATURES):
        raise ModelFileError(f"{source}: fitted on other features than this version reads")
    forest = Forest.of(html) if html else None
    return TitleChooser(spec, Forest.of(spec.scorer), forest, hashlib.sha256(data).hexdigest()[:8])


def load_title_model(path: Path | None = None) -> TitleChooser:
    """The title model at ``path`` (default: the one shipped in the package)."""
    return _load(path or TITLE_MODEL_PATH)


@lru_cache(maxsize=8)
def _load(path: Path) -> TitleChooser:
    return parse_title_model(read_model_file(path), str(path))
