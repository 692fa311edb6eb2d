"""The byline vocabulary is a validated data file; the name code reads it, per language."""

from __future__ import annotations

import tomllib

import pytest
from pydantic import ValidationError

from parsers.meta.cues import CUE_FILE, byline_cues
from parsers.meta.names import split_byline
from schemas.cues import CueFile


def test_the_shipped_cue_file_validates_and_every_language_adds_cues() -> None:
    with open(CUE_FILE, "rb") as file:
        cues = CueFile.model_validate(tomllib.load(file))
    assert {"en", "de", "fr", "es", "pl"} <= set(cues.languages)
    assert all(language.by or language.conjunctions for language in cues.languages.values())


@pytest.mark.parametrize(
    "data",
    [
        {"languages": {"english": {"by": ["by"]}}},  # not an ISO 639-1 code
        {"languages": {"en": {"by": [" by"]}}},  # stray space
        {"languages": {"en": {"byline": ["by"]}}},  # unknown field
        {"common": {"particles": [""]}},
    ],
)
def test_a_malformed_cue_file_is_refused(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        CueFile.model_validate(data)


def test_merged_cues_keep_file_order_each_once() -> None:
    cues = CueFile.model_validate(
        {"common": {"by": ["by"]}, "languages": {"pt": {"by": ["por"]}, "es": {"by": ["por", "de"]}}}
    )
    assert cues.merged("by") == ["by", "por", "de"]


def test_conjunctions_and_roles_of_several_languages_split_bylines() -> None:
    cues = byline_cues()
    assert {"and", "und", "oraz", "och"} <= set(cues.conjunctions)
    assert split_byline("Anna Nowak oraz Jan Kowalski")[0] == ["Anna Nowak", "Jan Kowalski"]
    assert split_byline("Jane Roe und John Doe")[0] == ["Jane Roe", "John Doe"]
    assert split_byline("Jane Roe, Senior Correspondent")[0] == ["Jane Roe"]
    assert split_byline("Reuters")[1] == ["Reuters"]
