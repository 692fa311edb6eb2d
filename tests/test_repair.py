"""Text repair: spaces tidied, paragraphs a scraper split joined again."""

from __future__ import annotations

from parsers.repair import rejoin_split_paragraphs, tidy


def test_tidy_collapses_spaces_and_keeps_line_breaks() -> None:
    assert tidy("  The\tferry\u00a0 left   at noon ,  on time .\n  Next line \u2009! ") == (
        "The ferry left at noon, on time.\nNext line \u2009!"
    )


def test_rejoin_split_paragraphs() -> None:
    paras = ["Talks ended and teams", "look forward to more.", "It ended without", "Another start."]
    assert rejoin_split_paragraphs(paras) == (
        ["Talks ended and teams look forward to more.", "It ended without", "Another start."],
        1,
    )
