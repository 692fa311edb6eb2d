"""The block model's per-block character counts, on hand-made texts."""

from __future__ import annotations

from parsers.strip.features import _char_counts


def test_character_counts_per_text_and_an_empty_last_text() -> None:
    texts = ["Ab1 «x»", "", "ÉÀ×z", ""]
    digits, upper, letters, punct, capitalised = (list(column) for column in _char_counts(texts))
    assert digits == [1, 0, 0, 0]
    assert upper == [1, 0, 2, 0]  # "×" sits among the Latin-1 capitals but is no letter
    assert letters == [3, 0, 3, 0]
    assert punct == [2, 0, 0, 0]  # the guillemets; "×" is not on the list
    assert capitalised == [1, 0, 1, 0]  # "À" follows a letter: it opens no word


def test_character_counts_of_no_text() -> None:
    assert [len(column) for column in _char_counts([])] == [0] * 5
