"""Literal gates: derived from the patterns, they may only ever rule out blocks a pattern cannot match."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.strip.gate import (
    GateIndex,
    LiteralFinder,
    fold,
    literal_gate,
    pattern_gate,
    present_literals,
    top_level_branches,
)
from parsers.strip.rules import load_rules
from schemas.rules import Rule

RULES: list[Rule] = [rule for p in (*load_rules().generic, *load_rules().profiles) for rule in p.rules]


def _gate(pattern: str) -> tuple[tuple[str, ...], set[str]] | None:
    gate = literal_gate(top_level_branches(pattern))
    return None if gate is None else (gate.starts, set(gate.contains))


def test_phrases_groups_classes_and_optional_parts() -> None:
    assert _gate(r"\b(?:sign up for (?:our|the) \w+|newsletter)\b") == (
        (),
        {"sign up for our ", "sign up for the ", "newsletter"},
    )
    assert _gate(r"^(?:share|tweet)\W*$|click (?:the )?share") == (("share", "tweet"), {"click "})
    assert _gate(r"s[ií]guenos en") == ((), {"siguenos en", "síguenos en"})
    assert _gate(r"cookies?\b.{0,9}policy") == ((), {"cookie"})  # the longest required literal
    assert _gate(r"(?:^\*?werbung\b|affiliate)") == ((), {"werbung", "affiliate"})
    assert _gate(r"^Advertisement\s+(?=\p{Lu})") == (("advertisement",), set())


def test_ungateable_patterns_always_run() -> None:
    assert _gate(r"^(?:[^,]{1,40},\s*){2,}$") is None  # only "," is required, and most prose holds one
    assert _gate(r"\bad\b|newsletter") is None  # "ad" is too short to rule anything out
    assert _gate(r"(?i:abc)def") is not None  # inline flags end the literal, "def" still required
    assert _gate(r"(?=x)") is None


def test_rare_marks_gate_however_short() -> None:
    # A breadcrumb trail needs one of its separators; an address, "http", "www." or an "@".
    assert _gate(r"^(?:[^>»/]{1,40}\s*[>»›/]\s*){2,}$") == ((), {">", "»", "›", "/"})
    assert _gate(r"^(?:<?(?:https?://|www\.)\S+>?|\S+@\S+\.\w+|@\w+)\s*$") == ((), {"http", "www.", "@"})
    assert _gate(r"^(?:\w+\s*[-:]\s*){2,}$") is None  # "-" and ":" are everyday punctuation
    gate = literal_gate(top_level_branches(r"^(?:[^>»/]{1,40}\s*[>»›/]\s*){2,}$"))
    assert gate is not None
    assert gate.may_match(fold("Home > News > Politics"))
    assert not gate.may_match(fold("Growth rose from 2% to 3% in a year."))


def test_present_literals_and_may_match() -> None:
    gate = literal_gate(top_level_branches(r"^menu\b|newsletter|sign up"))
    assert gate is not None
    folded = fold("Get the NEWSLETTER today")
    assert present_literals(["newsletter", "sign up"], folded) == {"newsletter"}
    assert gate.may_match(folded)
    assert not gate.may_match(fold("nothing to see"))
    assert gate.may_match(fold("MENU ▾"))


def test_every_rule_example_passes_its_gate() -> None:
    for rule in RULES:
        for text in rule.must_remove:
            gate = pattern_gate(rule.pattern)
            assert gate is None or gate.may_match(fold(text)), (rule.id, text)


# Text built from the rules' own literals in random case, glued with characters that case
# folding treats specially: whenever a pattern matches, its gate must let the block through.
_GATES = [gate for rule in RULES if (gate := pattern_gate(rule.pattern)) is not None]
_PIECES = sorted({s for gate in _GATES for s in (*gate.starts, *gate.contains)})
_TEXT = st.lists(
    st.one_of(
        st.sampled_from(_PIECES).flatmap(lambda s: st.sampled_from([s, s.upper(), s.title()])),
        st.text(alphabet="aAsSkKiI ßẞİıſK©.:-\n0123456789😀", max_size=6),  # 😀: past the BMP
    ),
    max_size=8,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=_TEXT)
def test_gates_never_hide_a_match(text: str) -> None:
    folded = fold(text)
    for rule in RULES:
        gate = pattern_gate(rule.pattern)
        if gate is not None and rule.compiled.search(text):
            assert gate.may_match(folded), (rule.id, text)


def test_gate_agrees_with_pattern_on_a_hand_made_corpus() -> None:
    texts = [
        "Share this article", "SIGN UP FOR OUR NEWSLETTER", "Teilen", "© 2020 Example", "Werbung",
        "The article continues with a quiet paragraph about rivers and bridges.",
        "Anzeige", "Leave a Reply", "3 Comments", "Ähnliche Artikel", "ſhare", "Menü",
    ]  # fmt: skip
    for text in texts:
        for rule in RULES:
            gate = pattern_gate(rule.pattern)
            if rule.compiled.search(text) and gate is not None:
                assert gate.may_match(fold(text)), (rule.id, text)
    assert regex.search(r"(?i)share", "ſhare")  # the case alias the fold maps on purpose


def test_literal_finder_reports_nested_and_overlapping_literals() -> None:
    finder = LiteralFinder(["sign up", "sign up for", "up for", "newsletter", "new", "a.b", ""])
    found = finder.present(fold("Sign up for our Newsletter"))
    assert found == {"sign up", "sign up for", "up for", "newsletter", "new"}
    assert finder.present("sign u") == set()
    assert finder.present("xa.by") == {"a.b"}  # regex metacharacters are literal
    assert LiteralFinder([]).present("anything") == set()


def test_literal_finder_single_characters() -> None:
    finder = LiteralFinder(["©", "© 20", "@", "sign"])
    assert finder.present(fold("© 2020 by @me")) == {"©", "© 20", "@"}
    assert finder.present("sign here") == {"sign"}
    assert finder.starting("© 2020") == {"©", "© 20"}
    assert finder.starting("@home") == {"@"}
    assert finder.starting("") == frozenset()
    assert LiteralFinder(["@", ">"]).present("a > b") == {">"}  # single characters only: no pattern at all


_FINDER = LiteralFinder(_PIECES)


@settings(max_examples=400, deadline=None)
@given(text=_TEXT)
def test_literal_finder_agrees_with_testing_each_literal(text: str) -> None:
    folded = fold(text)
    assert _FINDER.present(folded) == present_literals(_PIECES, folded)


_INDEX = GateIndex([pattern_gate(rule.pattern) for rule in RULES])


@settings(max_examples=400, deadline=None)
@given(text=_TEXT)
def test_gate_index_lists_exactly_the_rules_whose_gate_passes(text: str) -> None:
    folded = fold(text)
    gates = [pattern_gate(rule.pattern) for rule in RULES]
    expected = [i for i, gate in enumerate(gates) if gate is None or gate.may_match(folded)]
    assert _INDEX.candidates(folded) == expected
    assert _INDEX.candidates(folded, after=3) == [i for i in expected if i > 3]


@settings(max_examples=400, deadline=None)
@given(text=_TEXT)
def test_literal_finder_knows_what_a_text_starts_with(text: str) -> None:
    folded = fold(text)
    assert _FINDER.starting(folded) == {s for s in _PIECES if s and folded.startswith(s)}


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_TEXT, max_size=6))
def test_one_scan_of_a_pages_blocks_finds_what_a_scan_of_each_finds(texts: list[str]) -> None:
    folded = [fold(text) for text in texts]
    assert _FINDER.present_each(folded) == [_FINDER.present(f) for f in folded]
    assert _INDEX.candidates_each(folded) == [_INDEX.candidates(f) for f in folded]


def test_a_literal_holding_a_nul_is_refused() -> None:
    with pytest.raises(ValueError, match="NUL"):
        LiteralFinder(["ab\0cd"])
