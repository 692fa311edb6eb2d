"""Literal gates: a cheap, conservative test that a rule's pattern cannot match a block.

Most rule patterns are alternations of phrases ("sign up for", "abonnieren sie", ...). Running
dozens of such case-insensitive patterns over every block costs more than all the rest of the
text path. A gate, derived once from the pattern itself, lists the literal strings one of which
every match must start with: for ``^``-anchored branches the folded block must start with one of
them, for the other branches contain one. When no gate string is present the pattern cannot match
and is not run; when one is, the pattern runs as written, so matches are exactly what they were.

Derivation is conservative: any construct it does not understand (classes like ``\\w``, optional
groups, look-arounds, inline flags) ends the literal prefix; a branch whose prefix comes out too
short makes the whole pattern ungated (always run).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import ahocorasick
import regex

from schemas.rules import Profile

_META = frozenset("\\()[].^$|*+?{}")
_MAX_PREFIXES = 256
_MIN_CONTAINS = 3  # shorter floating literals would pass almost every block: not worth a gate
# ASCII marks that article prose seldom holds once links are unwrapped: a literal made of them
# is worth a gate however short (">" or "@" rules out nearly every block; "e" or "," none).
# Short non-ASCII literals ("»", "©") already are.
_RARE_MARKS = frozenset("<>@|/\\#~^{}=`")
# Characters that regex's simple case-insensitive matching equates with an ASCII letter but that
# str.casefold() leaves apart: mapped first so a folded block holds every literal a match holds.
_FOLD_FIRST = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k", "\u212b": "\u00e5"})
_ALIASES = re.compile("[" + "".join(map(chr, _FOLD_FIRST)) + "]")


def fold(text: str) -> str:
    """The form gates compare against: case-folded, with the few case-insensitive aliases unified."""
    if _ALIASES.search(text):  # rare: searching first is 20 times faster than translating every text
        text = text.translate(_FOLD_FIRST)
    return text.casefold()


@dataclass(frozen=True)
class Gate:
    starts: tuple[str, ...]  # folded literals; an anchored match starts with one of them
    contains: frozenset[str]  # folded literals; a floating match contains one of them

    def may_match(self, folded: str) -> bool:
        """False only when the pattern cannot match the text whose :func:`fold` is ``folded``
        (one gate; :class:`GateIndex` answers for a whole list of them at once)."""
        if self.starts and folded.startswith(self.starts):
            return True
        return any(s in folded for s in self.contains)


def present_literals(literals: Iterable[str], folded: str) -> set[str]:
    """Which of ``literals`` occur in ``folded`` (the plain way; :class:`LiteralFinder` is faster)."""
    return {s for s in literals if s in folded}


class LiteralFinder:
    """Which of a fixed set of literals occur in a text, in one pass over the text (plus an
    ``in`` test for each single-character literal).

    The literals are compiled into an Aho-Corasick automaton (pyahocorasick, in C), which reports
    every occurrence of every literal, overlapping ones too, in a single scan: exactly
    :func:`present_literals`, several times faster than a trie-shaped regex tried at every position."""

    def __init__(self, literals: Iterable[str]) -> None:
        self.literals = tuple(sorted({s for s in literals if s}))
        # Single characters are looked for with ``in``: the automaton would report each of their
        # occurrences ("@" or "|" in a block of links), one by one.
        self._chars = frozenset(s for s in self.literals if len(s) == 1)
        longer = [s for s in self.literals if len(s) > 1]
        if any("\0" in literal for literal in longer):
            raise ValueError("a gate literal holds a NUL character")  # present_each joins texts with it
        self._automaton: Any = None
        if longer:
            self._automaton = ahocorasick.Automaton()
            for literal in longer:
                self._automaton.add_word(literal, literal)
            self._automaton.make_automaton()
        # What a text starts with is asked of every block: an anchored match of a trie-shaped
        # pattern (the longest literal there, then its prefixes among the literals) answers that
        # faster than the automaton's scan of the text's first characters.
        trie: _Trie = {}
        for literal in longer:
            node = trie
            for char in literal:
                node = node.setdefault(char, {})
            node[""] = {}
        body = _trie_regex(trie)
        self._start = re.compile(body) if body else None
        self._prefixes = {s: frozenset(p for p in longer if s.startswith(p)) for s in longer}

    def present(self, folded: str) -> set[str]:
        found = {c for c in self._chars if c in folded}
        if self._automaton is not None and folded:
            found.update(literal for _, literal in self._automaton.iter(folded))
        return found

    def present_each(self, texts: Sequence[str]) -> list[set[str]]:
        """:meth:`present` of each text, in one scan of the texts joined by a NUL (no literal
        holds one, so no match crosses from one text into the next; a page's few hundred blocks
        then cost one call, not one each)."""
        found = [{c for c in self._chars if c in folded} for folded in texts]
        joined = "\0".join(texts)
        if self._automaton is None or not joined:
            return found
        ends, at = [], -1
        for folded in texts:
            at += len(folded) + 1
            ends.append(at)  # the NUL after each text (one past the last text's end)
        k = 0
        for end, literal in self._automaton.iter(joined):  # in order of where each match ends
            while ends[k] < end:
                k += 1
            found[k].add(literal)
        return found

    def starting(self, folded: str) -> frozenset[str]:
        """The literals ``folded`` starts with."""
        match = self._start.match(folded) if self._start is not None else None
        found = self._prefixes[match.group(0)] if match else frozenset()
        return found | {folded[0]} if folded[:1] in self._chars else found


class GateIndex:
    """The gates of an ordered list of patterns, inverted: which patterns a block may match.

    ``candidates(folded)`` lists, in order, the positions of the patterns whose gate lets the
    block through (exactly those for which :meth:`Gate.may_match` is true), plus every ungated
    pattern. One regex pass finds the literals present and one anchored match the literals the
    block starts with, instead of one gate test per pattern per block."""

    def __init__(self, gates: Sequence[Gate | None]) -> None:
        self._always = frozenset(
            i for i, gate in enumerate(gates) if gate is None or "" in gate.contains or "" in gate.starts
        )
        by_contains: dict[str, set[int]] = {}
        by_start: dict[str, set[int]] = {}
        for i, gate in enumerate(gates):
            if gate is not None:
                for literal in gate.contains:
                    by_contains.setdefault(literal, set()).add(i)
                for literal in gate.starts:
                    by_start.setdefault(literal, set()).add(i)
        self._by_contains = {k: frozenset(v) for k, v in by_contains.items()}
        self._by_start = {k: frozenset(v) for k, v in by_start.items()}
        self._contains = LiteralFinder(by_contains)
        self._starts = LiteralFinder(by_start)

    def candidates(self, folded: str, after: int = -1) -> list[int]:
        """Positions (greater than ``after``) of the patterns that may match the block."""
        return self._union(folded, self._contains.present(folded), after)

    def candidates_each(self, texts: Sequence[str]) -> list[list[int]]:
        """:meth:`candidates` of each folded block, the literals found in one scan."""
        return [
            self._union(folded, present, -1)
            for folded, present in zip(texts, self._contains.present_each(texts), strict=True)
        ]

    def _union(self, folded: str, present: set[str], after: int) -> list[int]:
        found = set(self._always)
        for literal in present:
            found |= self._by_contains[literal]
        for literal in self._starts.starting(folded):
            found |= self._by_start[literal]
        return sorted(i for i in found if i > after)


_Trie = dict[str, "_Trie"]


def _trie_regex(node: _Trie) -> str:
    """The pattern matching the longest literal of the trie below ``node``."""
    branches = [re.escape(char) + _trie_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def literal_gate(branches: list[str]) -> Gate | None:
    """The gate of a pattern given as its top-level branches, or None when one cannot be derived."""
    starts: set[str] = set()
    contains: set[str] = set()
    for branch in branches:
        if branch.startswith("^"):
            found = _analyse(branch[1:])
            if found.prefix and min(map(len, found.prefix)) >= 1:
                starts.update(fold(p) for p in found.prefix)
                continue
        else:
            found = _analyse(branch)
        if not found.required:
            return None
        contains.update(fold(r) for r in found.required)
    return Gate(starts=tuple(sorted(starts)), contains=frozenset(contains))


@dataclass
class _Found:
    prefix: set[str] | None  # every match starts with one of these
    required: set[str] | None  # every match contains one of these (a usable set, or None)
    literal: set[str] | None  # the pattern is purely literal: every string it matches


def _usable(strings: set[str]) -> bool:
    """Worth gating on: no string so short (or so common) that nearly every block holds it."""
    return (
        bool(strings)
        and len(strings) <= _MAX_PREFIXES
        and all(len(s) >= _MIN_CONTAINS or (s and (not s.isascii() or _RARE_MARKS.issuperset(s))) for s in strings)
    )


def _better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """The more selective of two usable literal sets (longest shortest string)."""
    options = [x for x in (a, b) if x is not None and _usable(x)]
    return max(options, key=lambda x: (min(map(len, x)), -len(x)), default=None)


def _analyse(pattern: str) -> _Found:
    """Literal facts about one branch (no top-level ``|``) of a pattern."""
    run: set[str] = {""}  # literal strings read since the last construct that is not literal
    prefix: set[str] | None = None
    required: set[str] | None = None
    at_start = True
    i = 0

    def cut(extra_prefix: set[str] | None = None) -> None:
        nonlocal run, prefix, required, at_start
        if at_start:
            prefix = extra_prefix if extra_prefix is not None else run
        required = _better(required, run)
        run, at_start = {""}, False

    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("\\b", i) or (char == "^" and i == 0):  # zero-width
            i += 2 if char == "\\" else 1
            continue
        end, atom, is_group = _atom(pattern, i)
        if end < 0:  # unbalanced or unknown: nothing more can be read
            cut()
            return _Found(prefix, required, None)
        quantifier, after = _quantifier(pattern, end)
        optional = quantifier[:1] in ("?", "*") or quantifier.startswith(("{0", "{,"))
        if optional:
            cut()
        elif atom is None:  # a class like \w or ., a look-around, an inline flag
            cut()
        else:
            alternatives = [_analyse(alt) for alt in atom] if is_group else [_Found(None, None, set(atom))]
            literals = [a.literal for a in alternatives]
            if all(lit is not None for lit in literals):
                run = {r + x for r in run for lit in literals if lit is not None for x in lit}
                if len(run) > _MAX_PREFIXES or quantifier:  # repeated: what follows may not be adjacent
                    cut()
            else:
                prefixes = [a.prefix for a in alternatives]
                joined = (
                    {r + x for r in run for p in prefixes if p is not None for x in p}
                    if all(p for p in prefixes)
                    else None
                )
                inner = [a.required for a in alternatives]
                cut(joined if joined is not None and len(joined) <= _MAX_PREFIXES else None)
                if all(inner):
                    required = _better(required, {x for r in inner if r is not None for x in r})
        i = after
    complete = at_start and len(run) <= _MAX_PREFIXES
    literal = set(run) if complete else None
    cut()
    return _Found(prefix, required, literal)


def _atom(pattern: str, i: int) -> tuple[int, list[str] | None, bool]:
    """The atom at ``i``: its end; the characters it matches (a literal character or a simple
    class) or, for a plain group, its alternatives as sub-patterns (None for anything else);
    and whether it is a group."""
    char = pattern[i]
    if char == "(":
        end = _closing(pattern, i)
        if end < 0:
            return -1, None, False
        if pattern.startswith("(?:", i):
            return end + 1, top_level_branches(pattern[i + 3 : end]), True
        if pattern.startswith("(?", i):  # look-around, inline flags, named group
            return end + 1, None, False
        return end + 1, top_level_branches(pattern[i + 1 : end]), True
    if char == "[":
        end = pattern.find("]", i + 2)
        if end < 0:
            return -1, None, False
        members = pattern[i + 1 : end]
        if members[0] == "^" or any(c in "\\-[" for c in members):
            return end + 1, None, False
        return end + 1, list(members), False
    if char == "\\":
        escaped = pattern[i + 1 : i + 2]
        if not escaped:
            return -1, None, False
        if escaped in ("p", "P"):  # \p{..}
            close = pattern.find("}", i)
            return (close + 1 if close > 0 else -1), None, False
        return i + 2, (None if escaped.isalnum() else [escaped]), False
    if char in _META:
        return i + 1, None, False
    return i + 1, [char], False


def _quantifier(pattern: str, i: int) -> tuple[str, int]:
    """The quantifier at ``i`` (with a lazy/possessive suffix) and where it ends."""
    if i >= len(pattern):
        return "", i
    char = pattern[i]
    if char in "?*+":
        end = i + 1
    elif char == "{":
        close = pattern.find("}", i)
        if close < 0 or not regex.fullmatch(r"\d*,?\d*", pattern[i + 1 : close]):
            return "", i
        end = close + 1
    else:
        return "", i
    if pattern[end : end + 1] in ("?", "+"):
        end += 1
    return pattern[i:end], end


def _scan(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """The characters of ``pattern`` from ``start`` that are neither escaped nor inside a
    character class, each with its group depth (a group's parentheses at the depth outside it)."""
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":  # a literal ] right after [ stays in the class
                i += 1
        else:
            depth -= char == ")"
            yield i, char, depth
            depth += char == "("
        i += 1


def _closing(pattern: str, start: int) -> int:
    """Index of the parenthesis closing the one at ``start`` (-1 if unbalanced)."""
    return next((i for i, char, depth in _scan(pattern, start) if char == ")" and depth == 0), -1)


def top_level_branches(pattern: str) -> list[str]:
    """Split a pattern at its top-level ``|`` (outside groups and character classes)."""
    cuts = [i for i, char, depth in _scan(pattern) if char == "|" and depth == 0]
    bounds = [-1, *cuts, len(pattern)]
    return [pattern[bounds[k] + 1 : bounds[k + 1]] for k in range(len(bounds) - 1)]


@cache
def pattern_gate(pattern: str) -> Gate | None:
    """Literals one of which every match of ``pattern`` holds; None: the pattern always runs."""
    return literal_gate(top_level_branches(pattern))


@cache
def _index(patterns: tuple[str, ...]) -> GateIndex:
    return GateIndex([pattern_gate(p) for p in patterns])


def profile_gates(profile: Profile) -> GateIndex:
    """Which of the profile's rules (by position) may fire on a folded block."""
    return _index(tuple(rule.pattern for rule in profile.rules))
