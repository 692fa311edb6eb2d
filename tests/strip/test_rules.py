"""Rule files: each rule's own examples, and strict validation of broken or hostile files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from parsers.strip.rules import RuleFileError, load_rule_file, load_rules, rule_matches
from schemas.rules import Rule

ALL_RULES: list[tuple[str, Rule]] = [
    (profile.id, rule) for profile in (*load_rules().generic, *load_rules().profiles) for rule in profile.rules
]
CASES = [
    pytest.param(rule, text, expected, id=f"{rule.id}:{'remove' if expected else 'keep'}:{i}")
    for _, rule in ALL_RULES
    for expected, texts in ((True, rule.must_remove), (False, rule.must_keep))
    for i, text in enumerate(texts)
]


@pytest.mark.parametrize(("rule", "text", "expected"), CASES)
def test_rule_examples(rule: Rule, text: str, expected: bool) -> None:
    assert bool(rule_matches(rule, text)) is expected


def test_every_rule_has_an_example() -> None:
    missing = [rule.id for _, rule in ALL_RULES if not rule.must_remove]
    assert not missing, missing


def test_rule_ids_are_namespaced_by_their_file() -> None:
    for profile_id, rule in ALL_RULES:
        assert rule.id.startswith(profile_id + "."), rule.id


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "profile.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_key_is_refused_naming_file_and_field(tmp_path: Path) -> None:
    path = _write(tmp_path, 'id = "x"\n[[rules]]\nid = "x.a"\nkind = "drop"\npattern = "a"\npatern = "b"\n')
    with pytest.raises(RuleFileError) as err:
        load_rule_file(path)
    assert str(path) in str(err.value) and "patern" in str(err.value)


def test_invalid_regex_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, 'id = "x"\n[[rules]]\nid = "x.a"\nkind = "drop"\npattern = "(unclosed"\n')
    with pytest.raises(RuleFileError, match="invalid regular expression"):
        load_rule_file(path)


def test_unknown_kind_and_duplicate_ids_are_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="kind"):
        load_rule_file(_write(tmp_path, 'id = "x"\n[[rules]]\nid = "x.a"\nkind = "zap"\npattern = "a"\n'))
    dup = 'id = "x"\n' + '[[rules]]\nid = "x.a"\nkind = "drop"\npattern = "a"\n' * 2
    with pytest.raises(RuleFileError, match="duplicate"):
        load_rule_file(_write(tmp_path, dup))


def test_broken_toml_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="cannot read"):
        load_rule_file(_write(tmp_path, 'id = "x\n'))


def test_catastrophic_pattern_times_out_instead_of_hanging(tmp_path: Path) -> None:
    path = _write(tmp_path, 'id = "x"\n[[rules]]\nid = "x.evil"\nkind = "drop"\npattern = "^(a+)+$"\n'
                  'must_remove = ["aaa"]\n')  # fmt: skip
    rule = load_rule_file(path).rules[0]
    started = time.perf_counter()
    assert rule_matches(rule, "a" * 40 + "b") is None
    assert time.perf_counter() - started < 2.0


def test_extra_profile_dir_is_loaded_and_changes_the_version(tmp_path: Path) -> None:
    _write(tmp_path, 'id = "extra"\nname = "Extra Times"\n[match]\nsignatures = ["Extra Times"]\n')
    base, extended = load_rules(), load_rules([tmp_path])
    assert [p.id for p in extended.profiles][-1] == "extra"
    assert base.version != extended.version
