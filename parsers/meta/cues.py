"""The byline vocabulary, read once from parsers/cues/bylines.toml (see schemas/cues.py)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from schemas.cues import CueFile

CUE_FILE = Path(__file__).resolve().parents[1] / "cues" / "bylines.toml"


@dataclass(frozen=True)
class BylineCues:
    """The cues of every language merged, lower case, as the name and byline code uses them."""

    by: tuple[str, ...]
    conjunctions: tuple[str, ...]
    roles: tuple[str, ...]
    role_modifiers: tuple[str, ...]
    determiners: frozenset[str]
    not_a_name: frozenset[str]
    not_names: frozenset[str]
    organization_words: frozenset[str]
    particles: frozenset[str]
    organizations: frozenset[str]


@lru_cache(maxsize=1)
def byline_cues(path: Path = CUE_FILE) -> BylineCues:
    with open(path, "rb") as file:
        cues = CueFile.model_validate(tomllib.load(file))

    def words(field: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(w.lower() for w in cues.merged(field)))

    return BylineCues(
        by=words("by"),
        conjunctions=words("conjunctions"),
        roles=words("roles"),
        role_modifiers=words("role_modifiers"),
        determiners=frozenset(words("determiners")),
        not_a_name=frozenset(words("not_a_name")),
        not_names=frozenset(words("not_names")),
        organization_words=frozenset(words("organization_words")),
        particles=frozenset(words("particles")),
        organizations=frozenset(words("organizations")),
    )
