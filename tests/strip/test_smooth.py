"""jusText's context pass in one sweep per direction gives what a search from each block gives."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.blocks import segment
from parsers.strip.classify import DEFAULT_PARAMS, Cls, smooth


def _neighbour(classes: Sequence[Cls], i: int, step: int, ignore_neargood: bool) -> Cls:
    """The nearest decided block from ``i`` on, searched for block by block (jusText's own way)."""
    j = i + step
    while 0 <= j < len(classes):
        c = classes[j]
        if c in ("good", "bad") or (c == "neargood" and not ignore_neargood):
            return c
        j += step
    return "bad"


def _searched(classes: list[Cls]) -> list[Cls]:
    out = list(classes)
    for i, c in enumerate(classes):
        if c != "short":
            continue
        prev, nxt = _neighbour(classes, i, -1, True), _neighbour(classes, i, 1, True)
        if prev == nxt == "good":
            out[i] = "good"
        elif prev == nxt == "bad":
            out[i] = "bad"
        elif (prev == "bad" and _neighbour(classes, i, -1, False) == "neargood") or (
            nxt == "bad" and _neighbour(classes, i, 1, False) == "neargood"
        ):
            out[i] = "good"
        else:
            out[i] = "bad"
    for i, c in enumerate(classes):
        if c == "neargood":
            prev, nxt = _neighbour(out, i, -1, True), _neighbour(out, i, 1, True)
            out[i] = "bad" if prev == nxt == "bad" else "good"
    return out


CLASSES: list[Cls] = ["good", "bad", "neargood", "short"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(CLASSES), max_size=40))
def test_smoothing_equals_the_block_by_block_search(classes: list[Cls]) -> None:
    blocks = segment("\n\n".join(f"Paragraph number {i} of the page." for i in range(len(classes))))
    assert len(blocks) == len(classes)
    # the headings' rescue runs after both passes and is not part of the comparison: no headings here
    assert smooth(classes, blocks, DEFAULT_PARAMS) == _searched(classes)
