"""Repair text the scraper damaged: paragraphs split in two, stray spacing."""

from __future__ import annotations

import regex

from parsers.blocks import one_space


def _open_end(paragraph: str) -> bool:
    """Whether a paragraph ends without closing punctuation: on a letter, digit, comma or dash."""
    end = paragraph.rstrip()[-1:]
    return end != "" and (end.isalnum() or end in ",-–—")


# A paragraph that ends without closing punctuation (see _open_end) followed by one that starts
# in lower case is one paragraph the scraper split.
_LOWER_START = regex.compile(r"^[\"'“‘(«]?\p{Ll}")


def rejoin_split_paragraphs(paragraphs: list[str]) -> tuple[list[str], int]:
    """Join each paragraph to the next when the split falls mid-sentence. Returns (paragraphs, joins)."""
    out: list[str] = []
    joins = 0
    for para in paragraphs:
        if out and _open_end(out[-1]) and _LOWER_START.match(para):
            out[-1] = out[-1].rstrip() + " " + para.lstrip()
            joins += 1
        else:
            out.append(para)
    return out, joins


_SPACE_BEFORE_MARK = regex.compile(r" +([,.;:!?])(?=\s|$)")


def tidy(text: str) -> str:
    """Collapse runs of spaces and stray spaces before punctuation, keep line breaks."""
    text = one_space(text, odd="\t\u00a0")
    text = _SPACE_BEFORE_MARK.sub(r"\1", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()
