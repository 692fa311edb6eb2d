"""Cue files: the byline vocabulary (parsers/cues/*.toml), per language, validated on load.

A cue is a word or a short phrase matched case-insensitively, as written: no regular expression.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

Words = list[str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _plain(values: list[str]) -> list[str]:
    for value in values:
        if not value.strip() or value != value.strip() or "\n" in value:
            raise ValueError(f"a cue is a word or phrase without leading or trailing space: {value!r}")
    return values


class LanguageCues(_Strict):
    """The cues of one language."""

    by: Words = Field(default_factory=list, description='Words opening a byline ("By", "Von").')
    conjunctions: Words = Field(default_factory=list, description='"and" between two names.')
    roles: Words = Field(default_factory=list, description='Job titles glued to a byline ("Staff Writer").')
    role_modifiers: Words = Field(default_factory=list, description='Words before a role ("staff", "senior").')
    determiners: Words = Field(
        default_factory=list, description='Articles and possessives opening a group\'s credit ("Our Team").'
    )
    not_a_name: Words = Field(default_factory=list, description="Labels and CMS defaults taken for names.")
    not_names: Words = Field(default_factory=list, description="Words that open a capitalised line, never a name.")
    organization_words: Words = Field(default_factory=list, description="Words making a credit an organisation.")
    particles: Words = Field(default_factory=list, description='Particles kept lower case in a name ("van").')
    organizations: Words = Field(default_factory=list, description="Whole credits naming an organisation.")

    @field_validator("*")
    @classmethod
    def _plain_words(cls, values: list[str]) -> list[str]:
        return _plain(values)


class CueFile(_Strict):
    """A cue file: the cues shared by all languages, then each language's."""

    common: LanguageCues = Field(default_factory=LanguageCues)
    languages: dict[str, LanguageCues] = Field(default_factory=dict)

    @field_validator("languages")
    @classmethod
    def _codes(cls, value: dict[str, LanguageCues]) -> dict[str, LanguageCues]:
        for code in value:
            if len(code) != 2 or not code.isalpha() or not code.islower():
                raise ValueError(f"a language is a two-letter ISO 639-1 code, not {code!r}")
        return value

    def merged(self, field: str) -> list[str]:
        """One list over the common cues and every language's, in file order, each once."""
        found = [*getattr(self.common, field), *(w for c in self.languages.values() for w in getattr(c, field))]
        return list(dict.fromkeys(found))
