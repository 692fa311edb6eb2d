"""The body out of the blocks kept: repeats dropped, split drop capitals and paragraphs joined,
the headline repeated at its top taken as metadata; and the list of what was removed, by rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import TypeAdapter

from parsers.blocks import Block
from parsers.meta.header import HeaderMeta
from parsers.meta.params import META
from parsers.meta.search import kept_blocks
from parsers.repair import rejoin_split_paragraphs, tidy
from parsers.strip.classify import (
    Verdicts,
)
from schemas.document import Removed


@dataclass
class Body:
    """The body's paragraphs and links, and what assembling it changed of the strip stage's
    verdicts: a repeat removed (``repair.duplicate``), a split drop capital kept (None)."""

    paragraphs: list[str]
    links: list[tuple[str, str]]
    repairs: dict[int, str | None] = field(default_factory=dict)


def body(blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta) -> Body:
    repairs: dict[int, str | None] = {}
    kept = _drop_repeats(kept_blocks(blocks, verdicts, meta), repairs)
    texts = [tidy(b.text) for b in kept]
    for n, block in enumerate(kept):  # a drop capital the scraper split off: "T" + "urkey, ..."
        before = blocks[block.index - 1] if block.index else None
        if before is not None and _drop_capital(before.text) and texts[n][:1].islower():
            texts[n] = before.text + texts[n]
            repairs[before.index] = None  # joined into the body, not removed
    paragraphs, _ = rejoin_split_paragraphs([t for t in texts if t])
    links = [lk for b in kept for lk in b.links]
    return Body([p for p in paragraphs if p], links, repairs)


def label_repeated_title(blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta) -> None:
    """The body of an HTML page often opens with the headline itself: metadata, not body. A short
    label kept above it (a section's name, a kicker: "Pressemitteilungen") goes with it."""
    key = " ".join((meta.title or "").split()).casefold()
    kept = kept_blocks(blocks, verdicts, meta)[: META.title_repeat_window]
    for at, block in enumerate(kept):
        if " ".join(block.text.split()).casefold() == key:
            meta.labels[block.index] = "meta.title"
            for above in kept[:at]:
                if _kicker(above):
                    meta.labels[above.index] = "meta.kicker"
            return


def _kicker(block: Block) -> bool:
    """A label of a few words, no sentence: what stands above a headline."""
    text = block.text.strip()
    short = 0 < len(text.split()) <= META.kicker_max_words
    return short and not text.endswith((".", "!", "?", ":")) and not block.link_chars


def _drop_repeats(kept: list[Block], repairs: dict[int, str | None]) -> list[Block]:
    """A block that repeats text already kept (a teaser of the headline, an embedded copy of the
    whole article) is removed as ``repair.duplicate``."""
    seen: set[str] = set()
    body = ""
    out: list[Block] = []
    for block in kept:
        key = " ".join(block.text.split()).casefold()
        head = key[: META.duplicate_probe_chars]
        if key in seen or (len(key) > META.duplicate_probe_chars and head in body):
            repairs[block.index] = "repair.duplicate"
            continue
        seen.add(key)
        body += " " + key
        out.append(block)
    return out


def _drop_capital(text: str) -> bool:
    return len(text) == 1 and text.isupper()


def removed(
    blocks: Sequence[Block], verdicts: Verdicts, meta: HeaderMeta, repairs: dict[int, str | None]
) -> list[Removed]:
    """Every removal, each with the rule that made it: a block taken as metadata, else one the
    body's assembly removed or kept, else the strip stage's verdict; then the spans a rule cut
    from inside a block."""
    out: list[dict[str, str | int]] = []
    for block in blocks:
        i = block.index
        rule = meta.labels.get(i) or (repairs[i] if i in repairs else verdicts.labels[i])
        zone = "header" if block.index < verdicts.start else "footer" if block.index > verdicts.end else "body"
        if rule and block.text:
            out.append({"text": block.text, "zone": zone, "block": block.index, "rule": rule})
        for text, rule_id in block.stripped:
            out.append({"text": text, "zone": zone, "block": block.index, "rule": rule_id})
    return _REMOVALS.validate_python(out)  # validated as one list: a page removes hundreds of blocks


_REMOVALS = TypeAdapter(list[Removed])
