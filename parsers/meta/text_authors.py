"""A text page's authors, chosen among the credits its text writes by trees fitted on DEV.

Candidates are read near the headline and where the article ends: what follows a "By" word, a
short line whole, the pieces of a line cut at its separators ("|", "·", dashes, commas), and the
text of links to an author's page; the authors the header scan settled on are one more. Each is
split into persons and organisations (:func:`split_byline`); each distinct set of persons is one
candidate, with features saying where and how the page writes it, and whether its names open
with a given name (:mod:`parsers.meta.given_names`: a bare name line from a heading or a site's
name). The text trees of
``parsers/models/authors.json`` (rebuilt by ``make train``) score the candidates; the best one
reaching the model's text threshold gives the page's authors, else the page has none. Where the
byline rules credit someone, their credit is a candidate and the best-scored one is given, with no
threshold: the trees drop a job title the rules took for a name ("Jane Roe, Associate Editor").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import regex

from parsers.blocks import Block
from parsers.meta.bylines import BYLINE_PREPOSITIONS, author_page
from parsers.meta.dates import find_date
from parsers.meta.given_names import is_given_name
from parsers.meta.header import HeaderMeta
from parsers.meta.names import fold_key, is_person_name, split_byline
from parsers.strip.classify import Verdicts

SOURCES = ("by", "line", "piece", "link", "profile", "pipeline")
TEXT_AUTHOR_FEATURES = (
    *(f"from.{s}" for s in SOURCES),
    "log_count", "head_dist", "after_head", "in_run", "before_run", "after_run", "end_dist", "first_rel",
    "line_words", "line_date", "line_copyright", "line_comment", "heading", "item", "kept", "meta_line",
    "persons", "orgs", "name_words", "person_shaped", "one_word", "rank", "candidates",
    "by_start", "whole_line", "date_near", "head_near", "lower_words", "brand", "given",
)  # fmt: skip

# Blocks read for credits: around the headline, and around the end of the main run.
HEAD_BEFORE, HEAD_AFTER, END_BEFORE, END_AFTER = 10, 12, 4, 4
LINE_MAX_CHARS = 200
LINE_MAX_WORDS = 6
BYLINE_MAX_WORDS = 16
PIECE_MAX_WORDS = 5

_BY_WORD = regex.compile(
    rf"(?:^|\s)(?:(?:written|posted|published|reported)\s+by|{BYLINE_PREPOSITIONS}|autor(?:in)?|author|text)"
    r"\s*:?\s+",
    regex.IGNORECASE,
)
_BY_START = regex.compile(
    rf"^\W*(?:(?:written|posted|published|reported)\s+by|{BYLINE_PREPOSITIONS})\b", regex.IGNORECASE
)
# A member's or user's page (forums, Q&A sites): the one who started the thread is its author.
_PROFILE = regex.compile(r"/(?:profiles?|users?|members?|u|people|team)/[^/?#\s]", regex.IGNORECASE)
_SEPARATORS = regex.compile(r"\s*(?:\||·|•|–|—|\s-\s|,|;)\s*")
_LETTER = regex.compile(r"\p{L}")
_LOWER_WORD = regex.compile(r"(?<!\S)\p{Ll}[\p{Ll}'’-]+")
_COPYRIGHT = regex.compile(r"©|\(c\)|\bcopyright\b", regex.IGNORECASE)
_COMMENT = regex.compile(
    r"\b(?:reply|replies|says|said|comments?|antworten|kommentare?|répondre|responder|odpowiedz)\b", regex.IGNORECASE
)


@dataclass
class TextCredit:
    """One set of persons the page credits, and each place it is written."""

    persons: list[str]
    orgs: list[str]
    sources: set[str] = field(default_factory=set)
    blocks: list[int] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TextCredits:
    """The candidate credits of a page, one feature row each."""

    credits: list[TextCredit]
    X: npt.NDArray[np.float64]


def _window(blocks: Sequence[Block], verdicts: Verdicts, head: int) -> list[int]:
    near = set(range(max(0, head - HEAD_BEFORE), min(len(blocks), head + HEAD_AFTER)))
    if verdicts.has_run:
        near |= set(range(max(0, verdicts.end - END_BEFORE), min(len(blocks), verdicts.end + END_AFTER)))
    return sorted(near)


def _written(block: Block) -> Iterator[tuple[str, str, str]]:
    """(source, credit text, line) for each credit-like piece of ``block``."""
    for label, url in block.links:
        if author_page(url):
            yield "link", label, label
        elif _PROFILE.search(url):
            yield "profile", label, label
    for line in (block.text or "").split("\n"):
        line = line.strip()
        if not line or len(line) > LINE_MAX_CHARS:
            continue
        words = len(line.split())
        if words > BYLINE_MAX_WORDS:  # a sentence of the text: its "by" and its commas credit no one
            continue
        if by := _BY_WORD.search(line):
            yield "by", line[by.end() :], line
        # A line or piece of one word ("Home", "Kontakt") is a menu's more often than anyone's
        # name: only a "By" word or an author's link makes one word a credit.
        if 1 < words <= LINE_MAX_WORDS:
            yield "line", line, line
        pieces = _SEPARATORS.split(line)
        if len(pieces) > 1:
            for piece in pieces:
                if 1 < len(piece.split()) <= PIECE_MAX_WORDS:
                    yield "piece", piece, line


def _head(verdicts: Verdicts, meta: HeaderMeta) -> int:
    return meta.title_index if meta.title_index is not None else (verdicts.start if verdicts.has_run else 0)


def candidates(blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta) -> list[TextCredit]:
    """The distinct sets of persons the page credits near its headline and its end, in reading
    order, the header scan's own first."""
    found: dict[tuple[str, ...], TextCredit] = {}

    def add(persons: list[str], orgs: list[str], source: str, block: int, line: str) -> None:
        persons = [p for p in persons if _LETTER.search(p)]  # "* * *", a rule's line, names no one
        key = tuple(sorted({_key(p) for p in persons}))
        if not key:
            return
        credit = found.setdefault(key, TextCredit(list(persons), list(orgs)))
        credit.sources.add(source)
        credit.blocks.append(block)
        credit.lines.append(line)

    if meta.authors:
        add(list(meta.authors), list(meta.organizations), "pipeline", _head(verdicts, meta), "")
    for index in _window(blocks, verdicts, _head(verdicts, meta)):
        for source, text, line in _written(blocks[index]):
            add(*_split(text), source, index, line)
    return list(found.values())


def text_credit_rows(blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta) -> TextCredits:
    """The page's candidate credits and one feature row for each."""
    credits = candidates(blocks, verdicts, meta)
    head = _head(verdicts, meta)
    n = max(len(blocks), 1)
    dated_lines = {line: find_date(line) is not None for credit in credits for line in credit.lines if line}
    crediting = {b for c in credits for b in c.blocks}
    written_dates = {k for b in crediting for k in (b - 1, b, b + 1) if _writes_date(blocks, k)}
    # The words the blocks holding credits write in lower case: a name's words seldom are
    # ("Neue Seminare", "Aktuelle Ausgabe" are a heading's, not a person's).
    lower = set(_LOWER_WORD.findall(" ".join(blocks[b].text for b in crediting)))
    rows = []
    for rank, credit in enumerate(credits):
        where = credit.blocks
        lines = [line for line in credit.lines if line]
        words = [len(line.split()) for line in lines] or [0]
        names = credit.persons
        split = [p.split() for p in names]
        n_words = sum(len(w) for w in split)
        rows.append([
            *(float(s in credit.sources) for s in SOURCES),
            np.log1p(len(where)),
            min(min(abs(b - head) for b in where), 60),
            float(any(b >= head for b in where)),
            float(any(verdicts.start <= b <= verdicts.end for b in where)),
            float(any(b < verdicts.start for b in where)),
            float(any(b > verdicts.end for b in where)),
            min(min(abs(b - verdicts.end) for b in where), 60) if verdicts.has_run else -1.0,
            min(where) / n,
            min(words),
            float(any(dated_lines[line] for line in lines)),
            float(any(_COPYRIGHT.search(line) for line in lines)),
            float(any(_COMMENT.search(line) for line in lines)),
            float(any(blocks[b].kind == "heading" for b in where if b < len(blocks))),
            float(any(blocks[b].kind == "item" for b in where if b < len(blocks))),
            float(any(b < len(verdicts.labels) and verdicts.labels[b] is None for b in where)),
            float(any(b in meta.labels for b in where)),
            float(len(names)),
            float(len(credit.orgs)),
            n_words / len(names),
            float(all(is_person_name(p) for p in names)),
            float(any(len(w) == 1 for w in split)),
            np.log1p(rank),
            np.log1p(len(credits)),
            float(any(_BY_START.search(line) for line in lines)),
            float(any(_key(line) == _key(" ".join(names)) for line in lines)),
            float(any(k in written_dates for b in where for k in (b - 1, b, b + 1))),
            float(any(0 <= b - head <= 5 for b in where)),
            sum(w.casefold() in lower for words in split for w in words) / max(n_words, 1),
            float(any(p.casefold() in meta.brands for p in names)),  # the site's name shown above the header
            sum(is_given_name(words[0]) for words in split if words) / len(names),
        ])  # fmt: skip
    return TextCredits(credits, np.array(rows, dtype=np.float64).reshape(len(credits), len(TEXT_AUTHOR_FEATURES)))


def _writes_date(blocks: Sequence[Block], index: int) -> bool:
    """Whether block ``index`` writes a date (beside a byline: its date line)."""
    return 0 <= index < len(blocks) and bool(blocks[index].text) and find_date(blocks[index].text) is not None


@lru_cache(maxsize=8192)
def _split(text: str) -> tuple[list[str], list[str]]:
    """:func:`split_byline`, once per text: a page repeats its pieces, and a site's pages their
    menus and footers (the lists are copied where they are kept)."""
    return split_byline(text)


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    """A name's fold key (pages and their credits repeat the same few names)."""
    return fold_key(text)
