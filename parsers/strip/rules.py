"""Load and apply rule files: the generic cue file and publisher profiles (TOML, validated)."""

from __future__ import annotations

import hashlib
import logging
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import regex
from pydantic import ValidationError

from parsers.blocks import word_count
from parsers.strip.gate import fold, pattern_gate
from schemas.rules import Profile, Rule

_log = logging.getLogger(__name__)
PACKAGE_DIR = Path(__file__).resolve().parents[1]  # parsers/: the data folders sit beside the code
GENERIC_DIR = PACKAGE_DIR / "rules"
PROFILE_DIR = PACKAGE_DIR / "profiles"

# Time one user-supplied pattern may spend on one block before it is abandoned, in seconds.
# A well-formed rule takes microseconds; 0.05 s bounds catastrophic backtracking.
PATTERN_TIMEOUT_S = 0.05


class RuleFileError(ValueError):
    """A rule file that cannot be read or does not validate; names the file and field."""


@dataclass(frozen=True)
class RuleSet:
    generic: tuple[Profile, ...]
    profiles: tuple[Profile, ...]
    version: str  # hash of every loaded file's content


def load_rule_file(path: Path) -> Profile:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RuleFileError(f"{path}: cannot read rule file: {exc}") from exc
    try:
        return Profile.model_validate(data)
    except RecursionError as exc:  # a pattern of a few hundred nested groups
        raise RuleFileError(f"{path}: invalid rule file: a pattern is nested too deeply to compile") from exc
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors())
        raise RuleFileError(f"{path}: invalid rule file: {problems}") from exc


def _load_dir(folder: Path) -> list[tuple[Profile, bytes]]:
    if not folder.is_dir():
        raise RuleFileError(f"{folder}: rule directory not found")
    return [(load_rule_file(p), p.read_bytes()) for p in sorted(folder.glob("*.toml"))]


def load_rules(profile_dirs: Sequence[Path] = ()) -> RuleSet:
    """The built-in rules plus every ``*.toml`` profile in ``profile_dirs``."""
    return _load_rules(tuple(Path(d).resolve() for d in profile_dirs))


@lru_cache(maxsize=8)
def _load_rules(profile_dirs: tuple[Path, ...]) -> RuleSet:
    generic = _load_dir(GENERIC_DIR)
    profiles = _load_dir(PROFILE_DIR)
    for folder in profile_dirs:
        profiles.extend(_load_dir(folder))
    ids = [p.id for p, _ in generic + profiles]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise RuleFileError(f"duplicate profile ids: {', '.join(dupes)}")
    digest = hashlib.sha256()
    for _, content in generic + profiles:
        digest.update(hashlib.sha256(content).digest())
    return RuleSet(
        generic=tuple(p for p, _ in generic),
        profiles=tuple(p for p, _ in profiles),
        version=digest.hexdigest()[:12],
    )


# Most time one document may spend in searches that time out: a hostile rule file costs each
# document at most this, not blocks x rules x PATTERN_TIMEOUT_S. Past it, searches match nothing.
DOCUMENT_TIMEOUT_BUDGET_S = 0.5
_timeouts_left: ContextVar[float] = ContextVar("boilerstrip_regex_budget", default=DOCUMENT_TIMEOUT_BUDGET_S)
_warned: set[str] = set()


@contextmanager
def pattern_budget() -> Iterator[None]:
    """One document's allowance of timed-out searches (see DOCUMENT_TIMEOUT_BUDGET_S)."""
    token = _timeouts_left.set(DOCUMENT_TIMEOUT_BUDGET_S)
    try:
        yield
    finally:
        _timeouts_left.reset(token)


def search(pattern: regex.Pattern[str], text: str) -> regex.Match[str] | None:
    """``pattern.search`` bounded in time; a pattern that times out counts as no match, and says
    so in the log (once per pattern: a profile signature that times out disables its profile)."""
    left = _timeouts_left.get()
    if left <= 0:
        return None
    try:
        return pattern.search(text, timeout=min(PATTERN_TIMEOUT_S, left))
    except TimeoutError:
        _timeouts_left.set(left - PATTERN_TIMEOUT_S)
        if pattern.pattern not in _warned:
            _warned.add(pattern.pattern)
            _log.warning("rule pattern %.80r timed out; counted as no match", pattern.pattern)
        return None


def _host_matches(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def select_profile(rules: RuleSet, text: str, url: str | None) -> Profile | None:
    """The first profile whose domain matches the URL or whose signature is found in the text."""
    host = (urlsplit(url).hostname or "").lower() if url else ""
    for profile in rules.profiles:
        if profile.match is None:
            continue
        if host and _host_matches(host, profile.match.domains):
            return profile
        if any(search(signature, text) for signature in profile.match.compiled_signatures):
            return profile
    return None


def rule_matches(rule: Rule, text: str, words: int | None = None) -> regex.Match[str] | None:
    """Whether ``rule`` fires on a block of plain ``text`` (honouring its ``max_words``), its
    literal gate consulted first as the pipeline does through the profile's gate index."""
    gate = pattern_gate(rule.pattern)
    if gate is not None and not gate.may_match(fold(text)):
        return None
    return run_rule(rule, text, words)


def run_rule(rule: Rule, text: str, words: int | None = None) -> regex.Match[str] | None:
    """The rule's pattern on ``text``, gate not consulted (the caller checked it, e.g. through
    :func:`parsers.strip.gate.profile_gates`); ``words``: the text's word count, when known."""
    if rule.max_words is not None:
        n = word_count(text) if words is None else words
        if n > rule.max_words:
            return None
    return search(rule.compiled, text)
