"""The given-name lookup the text author choice reads (Faker's first names of many locales)."""

from __future__ import annotations

import pytest

from parsers.meta.given_names import given_names, is_given_name


@pytest.mark.parametrize("name", ["Ines", "jörg", "SOLVEIG", "María", "Hiroshi", "Ngozi", "Agnieszka"])
def test_given_names_of_many_languages_are_known_in_any_case(name: str) -> None:
    assert is_given_name(name)


@pytest.mark.parametrize("word", ["Home", "Latest", "Kontakt", "Aktuelle", "Redaktion", "Team", "News", "Admin"])
def test_the_words_of_menus_and_headings_are_no_given_names(word: str) -> None:
    assert not is_given_name(word)


def test_the_list_is_read_once_and_is_large() -> None:
    assert given_names() is given_names()
    assert len(given_names()) > 20_000
