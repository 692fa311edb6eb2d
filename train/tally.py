"""The figures of an author choice's report, from its tallies."""

from __future__ import annotations

from collections.abc import Sequence


def author_shares(t: Sequence[int]) -> dict[str, float]:
    """Counts (pages with authors, right, right by the rules, right in some candidate; pages with
    none, none given, none by the rules; wrong authors given, by the rules) as the report's figures."""
    return {
        "pages": t[0],
        "chosen": t[1] / max(t[0], 1),
        "rules": t[2] / max(t[0], 1),
        "any": t[3] / max(t[0], 1),
        "empty": t[4],
        "empty_chosen": t[5] / max(t[4], 1),
        "empty_rules": t[6] / max(t[4], 1),
        "wrong": t[7],
        "wrong_rules": t[8],
    }
