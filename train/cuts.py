"""Thresholds for a learned choice: when its best candidate is good enough to give a field."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

Outcome = tuple[float, bool, bool]  # a page's best score, whether taking it is right, whether it is a fault


def best_cuts(first: Sequence[Outcome], second: Sequence[Outcome], allowed: int) -> tuple[float, float]:
    """Two cuts, one per list of pages: taking every page at or above its list's cut gives the
    most right ones with at most ``allowed`` faults (a cut of inf takes nothing)."""

    def prefixes(outcomes: Sequence[Outcome]) -> tuple[list[float], list[int], list[int]]:
        cuts, right, faults = [float("inf")], [0], [0]
        for score, ok, fault in sorted(outcomes, key=lambda outcome: -outcome[0]):
            cuts.append(score)
            right.append(right[-1] + ok)
            faults.append(faults[-1] + fault)
        return cuts, right, faults

    (c1, r1, f1), (c2, r2, f2) = prefixes(first), prefixes(second)
    top, chosen = -1, (float("inf"), float("inf"))
    for i in range(len(c1)):
        if f1[i] > allowed:
            break
        j = bisect.bisect_right(f2, allowed - f1[i]) - 1  # the most of the second list within what is left
        if r1[i] + r2[j] > top:
            top, chosen = r1[i] + r2[j], (c1[i], c2[j])
    return chosen
