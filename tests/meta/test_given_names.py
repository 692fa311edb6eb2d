"""The given-name lookup the text author choice reads (Faker's first names of many locales), and
the copy of it kept in the user's cache folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from parsers.meta import given_names as module
from parsers.meta.given_names import cache_path, faker_names, given_names, is_given_name


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    given_names.cache_clear()
    yield tmp_path
    given_names.cache_clear()


@pytest.mark.parametrize("name", ["Ines", "jörg", "SOLVEIG", "María", "Hiroshi", "Ngozi", "Agnieszka"])
def test_given_names_of_many_languages_are_known_in_any_case(name: str) -> None:
    assert is_given_name(name)


@pytest.mark.parametrize("word", ["Home", "Latest", "Kontakt", "Aktuelle", "Redaktion", "Team", "News", "Admin"])
def test_the_words_of_menus_and_headings_are_no_given_names(word: str) -> None:
    assert not is_given_name(word)


def test_the_list_is_built_once_kept_in_the_cache_folder_and_read_back(cache_home: Path) -> None:
    built = given_names()
    assert len(built) > 20_000 and given_names() is built  # once per process
    path = cache_path()
    assert path is not None and path.parent == cache_home / "boilerstrip" and path.exists()
    given_names.cache_clear()
    assert given_names() == built == faker_names()  # a later process reads the same list back


def test_a_kept_list_is_read_as_it_stands(cache_home: Path) -> None:
    path = cache_path()
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_text(module._HEADER.format(count=2) + "\nines\njörg\n", encoding="utf-8")
    assert given_names() == {"ines", "jörg"}  # read, not rebuilt from Faker


def test_a_kept_list_cut_short_is_rebuilt_and_rewritten(cache_home: Path) -> None:
    path = cache_path()
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_text(module._HEADER.format(count=30_000) + "\nines\njö", encoding="utf-8")  # a write cut off
    assert given_names() == faker_names()
    assert path.read_text(encoding="utf-8").count("\n") == len(faker_names()) + 1


def test_a_cache_folder_that_cannot_be_written_still_gives_the_list(cache_home: Path) -> None:
    blocked = cache_home / "boilerstrip"
    blocked.write_text("a file where the folder would be")
    assert given_names() == faker_names()
    assert list(cache_home.iterdir()) == [blocked]  # nothing left behind


def test_without_a_home_folder_the_list_is_built_in_each_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr("pwd.getpwuid", lambda uid: (_ for _ in ()).throw(KeyError(uid)))
    assert cache_path() is None
    given_names.cache_clear()
    try:
        assert given_names() == faker_names()
    finally:
        given_names.cache_clear()
