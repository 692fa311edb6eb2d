"""Given names, from Faker's person providers (the first names of some 80 locales): whether a
credit's first word is a person's given name tells a bare name line ("Jane Roe") from a heading
or a site's name ("Latest Issue", "City Bulletin")."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

_LISTS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")


@cache
def given_names() -> frozenset[str]:
    """Every first name Faker's locales list, case-folded."""
    import faker.providers.person as person

    names: set[str] = set()
    for info in pkgutil.iter_modules(person.__path__):
        provider = getattr(importlib.import_module(f"{person.__name__}.{info.name}"), "Provider", None)
        for attr in _LISTS:
            listed = getattr(provider, attr, None)
            if isinstance(listed, dict | list | tuple | set | frozenset):  # not a property composing them
                names.update(name.casefold() for name in listed if isinstance(name, str))
    return frozenset(names)


def is_given_name(word: str) -> bool:
    """Whether ``word`` is a given name (any case)."""
    return word.casefold() in given_names()
