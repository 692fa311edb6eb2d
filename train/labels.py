"""Block labels from the bench's gold: how much of each block stands in the gold body.

A full gold body (scrapinghub, wcxb) labels every block: the share of its word trigrams found in
the gold (a block of one or two words: whether it stands in the gold as written, word for word).
Snippet gold (trafilatura-eval) labels only the blocks holding a snippet: 1 for a block holding a
"with" snippet, 0 for one holding a "without" snippet; the rest stay unlabelled (weight 0).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from typing import Any

from parsers.strip.features import TextIndex

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _squash(text: str) -> str:
    return " ".join(text.split())


def _snippets(value: Any) -> list[str]:
    if isinstance(value, str):  # wcxb keeps its lists as Python literals
        try:
            value = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            value = [value]
    return [_squash(s) for s in value or [] if isinstance(s, str) and s.strip()]


def block_labels(texts: Sequence[str], gold: dict[str, Any]) -> tuple[list[float], list[float]]:
    """(label, weight) of each block's text: label in [0, 1]; weight 0 for an unlabelled block.
    The weight of a labelled block is its word count (what a body metric counts)."""
    sizes = [float(len(words(t))) for t in texts]
    body = gold.get("articleBody")
    if isinstance(body, str) and body.strip():
        index = TextIndex(body)
        return [index.share(t) for t in texts], sizes
    with_ = _snippets(gold.get("with"))
    without = _snippets(gold.get("without"))
    labels, weights = [], []
    for text, size in zip(texts, sizes, strict=True):
        flat = _squash(text)
        if any(s in flat for s in with_):
            labels.append(1.0)
            weights.append(size)
        elif any(s in flat for s in without):
            labels.append(0.0)
            weights.append(size)
        else:
            labels.append(0.0)
            weights.append(0.0)
    return labels, weights
