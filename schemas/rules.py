"""Rule files: publisher profiles and the generic cue file, validated strictly on load.

A rule file is TOML. Each rule has a stable ``id`` (recorded in ``Document.removed`` whenever
it fires), a ``kind`` saying what it does, a regular expression run through the ``regex``
package, and examples it must remove and must keep (run by the test suite).
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

RULE_ID = r"^[a-z0-9][a-z0-9_.-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _PatternRule(_Strict):
    id: str = Field(pattern=RULE_ID, description="Stable id, recorded in `removed` when the rule fires.")
    description: str = ""
    pattern: str = Field(description="Regular expression (regex package syntax, VERSION1 off).")
    ignore_case: bool = True
    max_words: int | None = Field(default=None, ge=1, description="Only blocks of at most this many words can match.")
    must_remove: list[str] = Field(default_factory=list, description="Blocks this rule must match.")
    must_keep: list[str] = Field(default_factory=list, description="Blocks this rule must not match.")

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, value: str) -> str:
        try:
            regex.compile(value)
        except regex.error as exc:
            raise ValueError(f"invalid regular expression {value!r}: {exc}") from exc
        return value

    # cached_property, not PrivateAttr: a private attribute costs a pydantic __getattr__ call on
    # every access, and it is read for every rule on every block.
    @cached_property
    def compiled(self) -> regex.Pattern[str]:
        flags = regex.IGNORECASE if self.ignore_case else 0
        return regex.compile(self.pattern, flags | regex.UNICODE)


class DropRule(_PatternRule):
    """Remove any block in which the pattern is found."""

    kind: Literal["drop"]


class FooterRule(_PatternRule):
    """The first matching block after the article has started opens the footer: it and all after go."""

    kind: Literal["footer"]
    min_body_words: int = Field(
        default=40, ge=0, description="Words of body that must precede the match (guards early hits)."
    )
    unconditional: bool = Field(
        default=False,
        description="Cut even when much article-like text follows (publisher footers known to hold bios).",
    )


class HeaderRule(_PatternRule):
    """The last matching block near the top closes the header: it and everything before go."""

    kind: Literal["header"]
    max_block: int = Field(default=40, ge=1, description="Only blocks among the first N can match.")


class StripRule(_PatternRule):
    """Remove the matched span from inside a block, keeping the rest."""

    kind: Literal["strip"]


Rule = Annotated[DropRule | FooterRule | HeaderRule | StripRule, Field(discriminator="kind")]


class Example(_Strict):
    """A whole-document example: text in, strings that must and must not survive."""

    text: str
    contains: list[str] = Field(default_factory=list)
    excludes: list[str] = Field(default_factory=list)


class ProfileMatch(_Strict):
    domains: list[str] = Field(default_factory=list, description="Host names (subdomains match too).")
    signatures: list[str] = Field(
        default_factory=list, description="Regexes; any one found in the text selects the profile."
    )
    _compiled: list[regex.Pattern[str]] = PrivateAttr(default_factory=list)

    def model_post_init(self, context: object, /) -> None:
        self._compiled = [regex.compile(s, regex.IGNORECASE) for s in self.signatures]

    @property
    def compiled_signatures(self) -> list[regex.Pattern[str]]:
        return self._compiled

    @field_validator("signatures")
    @classmethod
    def _signatures_compile(cls, values: list[str]) -> list[str]:
        for value in values:
            try:
                regex.compile(value)
            except regex.error as exc:
                raise ValueError(f"invalid signature regex {value!r}: {exc}") from exc
        return values


class Profile(_Strict):
    """A publisher profile, or (with no ``match``) the generic rule file."""

    id: str = Field(pattern=RULE_ID)
    name: str | None = Field(default=None, description="Publisher name written to `publisher`.")
    match: ProfileMatch | None = None
    timezone: str | None = Field(default=None, description="IANA zone for times given without offset.")
    rules: list[Rule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> Profile:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"duplicate rule id {rule.id!r}")
            seen.add(rule.id)
        return self


RuleFile = Profile
