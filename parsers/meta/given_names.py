"""Given names, from Faker's person providers (the first names of some 80 locales): whether a
credit's first word is a person's given name tells a bare name line ("Jane Roe") from a heading
or a site's name ("Latest Issue", "City Bulletin").

Importing Faker and its 86 person modules costs a cold process about 0.15 s, which a one-off
``boilerstrip parse`` of one text page would pay each time; so the list is kept in the user's
cache folder, one file per Faker release, and read from there by later processes (about 10 ms).
Where that folder cannot be written, each process builds the list itself.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from contextlib import suppress
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

_LISTS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")
_HEADER = "# boilerstrip: the first names of Faker's person providers, case-folded; {count} names"


@cache
def given_names() -> frozenset[str]:
    """Every first name Faker's locales list, case-folded."""
    path = cache_path()
    if path is not None:
        kept = _read(path)
        if kept is not None:
            return kept
    names = faker_names()
    if path is not None:
        _write(path, names)
    return names


def is_given_name(word: str) -> bool:
    """Whether ``word`` is a given name (any case)."""
    return word.casefold() in given_names()


def faker_names() -> frozenset[str]:
    """The first names of every Faker locale that lists them (a locale composing them from other
    lists through a property adds none of its own)."""
    import faker.providers.person as person

    names: set[str] = set()
    for info in pkgutil.iter_modules(person.__path__):
        provider = getattr(importlib.import_module(f"{person.__name__}.{info.name}"), "Provider", None)
        for attr in _LISTS:
            listed = getattr(provider, attr, None)
            if isinstance(listed, dict | list | tuple | set | frozenset):
                names.update(name.casefold() for name in listed if isinstance(name, str) and name.strip())
    return frozenset(names)


def cache_path() -> Path | None:
    """Where the list of the installed Faker release is kept (``$XDG_CACHE_HOME`` or ``~/.cache``,
    then ``boilerstrip/``); None without Faker's metadata or a home folder."""
    try:
        release = version("faker")
    except PackageNotFoundError:
        return None
    try:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except (RuntimeError, KeyError):  # no home folder to be found (a bare service account)
        return None
    return root / "boilerstrip" / f"given-names-faker-{release}.txt"


def _read(path: Path) -> frozenset[str] | None:
    """The kept list, or None when it is missing or not whole (its header counts its names)."""
    try:
        header, *names = path.read_text(encoding="utf-8").split("\n")
    except (OSError, ValueError):  # unreadable, or not UTF-8
        return None
    kept = frozenset(name for name in names if name)
    return kept if header == _HEADER.format(count=len(kept)) and kept else None


def _write(path: Path, names: frozenset[str]) -> None:
    """The list written whole or not at all; a folder that cannot be written is left as it is."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text("\n".join([_HEADER.format(count=len(names)), *sorted(names)]) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
