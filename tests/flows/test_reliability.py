"""Hostile inputs, odd file names and a second run: every input accounted for, no output lost
or overwritten, nothing written outside CLEAN_DIR, memory bounded by the size limit."""

from __future__ import annotations

import gzip
import json
import os
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.batch import process_batch
from flows.storage import (
    NAME_MAX,
    REJECTED_DIR,
    CleanDirBusy,
    clean_dir_lock,
    output_bases,
    output_name,
    scan,
    single_output,
)
from parsers import ParseOptions, parse_bytes
from parsers.inputs.read import gunzip
from parsers.strip.rules import RuleFileError, load_rules
from tests.conftest import ROOT

STORY = (ROOT / "raw" / "bulletin-roundup.md").read_bytes()


def _outputs(clean: Path) -> dict[str, dict[str, object]]:
    return {str(p.relative_to(clean)): json.loads(p.read_text("utf-8")) for p in sorted(clean.rglob("*.json"))}


def test_a_gzip_bomb_is_rejected_as_too_large_without_being_expanded() -> None:
    bomb = zlib.compressobj(9, zlib.DEFLATED, 31)
    data = bomb.compress(b"<html><body><p>" + b"a" * (64 << 20)) + bomb.flush()  # 64 MiB in ~65 kB
    assert len(data) < 100_000
    problem = gunzip(data, 1 << 20)
    assert not isinstance(problem, bytes) and problem.reason == "too_large" and "limit" in problem.detail
    [rejection] = parse_bytes(data, "bomb.html.gz", ParseOptions(max_bytes=1 << 20))
    assert rejection.model_dump()["reason"] == "too_large"


def test_gzip_streams_of_several_members_and_truncated_ones() -> None:
    page = b"<html><body><p>" + b"word " * 100 + b"</p></body></html>"
    two = gzip.compress(page[:50]) + gzip.compress(page[50:])
    assert gunzip(two, 10_000) == page
    truncated = gunzip(gzip.compress(page)[:-12], 10_000)
    assert not isinstance(truncated, bytes) and truncated.reason == "undecodable"


def test_one_bad_input_never_takes_its_neighbours_down(tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    (raw / "good.md").write_bytes(STORY)
    (raw / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    feed = json.dumps({"title": "A quiet harbour", "text": STORY.decode()}) + "\n" + "[" * 100_000 + "\n"
    (raw / "feed.jsonl").write_text(feed)
    summary = process_batch(["deep.json", "feed.jsonl", "good.md"], str(raw), str(clean), ParseOptions())
    out = _outputs(clean)
    assert out["good.json"]["body"] and out["feed.1.json"]["body"]
    assert out["_rejected/deep.json"]["reason"] == "malformed_record"
    assert "nested too deeply" in str(out["_rejected/deep.json"]["detail"])
    assert out["_rejected/feed.2.json"]["reason"] == "malformed_record"
    assert (summary.written, summary.rejected, summary.documents) == (2, 1, 2)


def test_a_jsonl_file_over_the_limit_is_read_record_by_record(tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    small = json.dumps({"title": "Short note", "text": STORY.decode()[:1500]})
    lines = [small] * 5 + [json.dumps({"text": "x " * 5000})] + [small]
    (raw / "feed.jsonl").write_text("\n".join(lines) + "\n")
    limit = len(small) + 100
    assert (raw / "feed.jsonl").stat().st_size > limit
    summary = process_batch(["feed.jsonl"], str(raw), str(clean), ParseOptions(max_bytes=limit))
    out = _outputs(clean)
    assert summary.documents == 6 and summary.written == 1
    assert out["_rejected/feed.6.json"]["reason"] == "too_large"
    assert out["feed.7.json"]["source"] == {**out["feed.7.json"]["source"], "record": 7}  # type: ignore[dict-item]


def test_a_file_over_the_limit_is_rejected_before_it_is_read_whole(tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    (raw / "big.md").write_bytes(STORY * 50)
    summary = process_batch(["big.md"], str(raw), str(clean), ParseOptions(max_bytes=len(STORY)))
    rejection = _outputs(clean)["_rejected/big.json"]
    assert rejection["reason"] == "too_large" and rejection["sha256"] and summary.states[0].outcome == "rejected"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_special_files_are_rejected_without_being_opened(tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    os.mkfifo(raw / "pipe.md")  # opening it for reading would wait for a writer forever
    (raw / "story.md").write_bytes(STORY)
    summary = process_batch(["pipe.md", "story.md"], str(raw), str(clean), ParseOptions())
    rejection = _outputs(clean)["_rejected/pipe.json"]
    assert rejection["reason"] == "not_a_file" and "FIFO" in str(rejection["detail"])
    assert summary.written == 1 and summary.rejected == 1


def test_an_input_gone_before_its_turn_is_counted_and_leaves_no_rejection(tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    (clean / REJECTED_DIR).mkdir(parents=True)
    (clean / REJECTED_DIR / "gone.json").write_text("{}")  # from an earlier run
    summary = process_batch(["gone.md"], str(raw), str(clean), ParseOptions())
    assert summary.vanished == ["gone.md"] and summary.rejected == 0 and not _outputs(clean)


def test_long_and_non_utf8_file_names(tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    long_name = "n" * (NAME_MAX - 3) + ".md"  # the longest name the disk takes
    (raw / long_name).write_bytes(STORY)
    odd = os.fsdecode(b"caf\xe9.md")  # Latin-1 bytes: not UTF-8
    (raw / odd).write_bytes(STORY)
    inputs = scan(raw).inputs
    summary = process_batch(inputs, str(raw), str(clean), ParseOptions())
    assert summary.written == 2 and not summary.failed
    out = _outputs(clean)
    assert len(out) == 2 and all(len(os.fsencode(Path(name).name)) <= NAME_MAX for name in out)
    assert out["caf\\xe9.json"]["source"]["path"] == "caf\\xe9.md"  # type: ignore[index]
    assert {s.path for s in summary.states} == {long_name, "caf\\xe9.md"}


NAME_PARTS = st.sampled_from(["a", "A", "feed", "feed.1", "a.md", "x.2", "_report", "n" * 240, "caf\udce9"])
SUFFIXES = st.sampled_from([".md", ".txt", ".json", ".jsonl", ".html", ".html.gz", "", ".pdf", ".1.md", ".md.json"])
FOLDERS = st.sampled_from(["", "sub", REJECTED_DIR, f"{REJECTED_DIR}/sub"])


@settings(max_examples=300, deadline=None)
@given(st.sets(st.tuples(FOLDERS, NAME_PARTS, SUFFIXES), min_size=1, max_size=12))
def test_output_names_never_meet(names: set[tuple[str, str, str]]) -> None:
    inputs = sorted({os.path.join(folder, stem + suffix) for folder, stem, suffix in names})
    bases = output_bases(inputs)
    assert bases == output_bases(list(reversed(inputs)))  # the plan depends on the set only
    claimed: dict[str, str] = {"_report.json": "the run"}
    for rel in inputs:
        for record in (None,) if single_output(rel) else (None, 1, 2, 10):  # one document, or records
            for name in (output_name(bases[rel], record), os.path.join(REJECTED_DIR, output_name(bases[rel], record))):
                key = name.casefold()
                assert claimed.setdefault(key, rel) == rel, f"{rel} and {claimed[key]} both write {name}"
                assert not os.path.isabs(name) and ".." not in Path(name).parts
                assert all(len(os.fsencode(part)) <= NAME_MAX for part in Path(name).parts)


FILE_NAMES = st.sampled_from(["a.md", "a.json", "a.md.json", "feed.jsonl", "feed.1.md", "A.txt", "_draft.md", "b"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sets(FILE_NAMES, min_size=1))
def test_every_input_is_accounted_for_and_no_output_overwrites_another(tmp_path: Path, names: set[str]) -> None:
    root = tmp_path / os.urandom(4).hex()
    raw, clean = root / "raw", root / "clean"
    raw.mkdir(parents=True)
    record = json.dumps({"title": "One record", "text": STORY.decode()})
    for name in names:
        body = (
            record if name.endswith(".json") else f"{record}\n{record}" if name.endswith(".jsonl") else STORY.decode()
        )
        (raw / name).write_text(body)
    inputs = scan(raw).inputs
    assert sorted(inputs) == sorted(names)
    summary = process_batch(inputs, str(raw), str(clean), ParseOptions())
    assert summary.written + summary.rejected == len(names)
    files = [p for p in clean.rglob("*.json")]
    assert len(files) == summary.documents + len(summary.rejections)  # nothing overwritten
    assert {s.path for s in summary.states} == names
    assert sum(len(s.outputs) for s in summary.states) == len(files)
    assert all(p.resolve().is_relative_to(clean.resolve()) for p in files)


def test_hidden_entries_are_passed_over_and_listed_underscores_are_inputs(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    for rel in ("_draft.md", "_archive/old.md", ".hidden.md", ".cache/page.md", "real/story.md"):
        (raw / rel).parent.mkdir(parents=True, exist_ok=True)
        (raw / rel).write_bytes(STORY)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "far.md").write_bytes(STORY)
    (raw / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)  # a folder link is followed
    (raw / "again").symlink_to(raw / "real", target_is_directory=True)  # ... unless read already
    (raw / "real" / "loop").symlink_to(raw, target_is_directory=True)  # ... or a loop
    (raw / "clean").mkdir()
    (raw / "clean" / "out.json").write_text("{}")
    found = scan(raw, exclude=raw / "clean")
    assert sorted(found.inputs) == ["_archive/old.md", "_draft.md", "linked/far.md", "real/story.md"]
    already = "a folder link to a folder read already"
    assert sorted(found.passed_over) == [
        (".cache", "hidden folder"), (".hidden.md", "hidden file"), ("again", already), ("clean", "the output folder"),
        ("real/loop", already),
    ]  # fmt: skip


def test_a_second_run_into_the_same_clean_dir_is_refused(tmp_path: Path) -> None:
    with clean_dir_lock(tmp_path), pytest.raises(CleanDirBusy, match=rf"pid {os.getpid()}.*{tmp_path.name}"):
        with clean_dir_lock(tmp_path):
            pass
    with clean_dir_lock(tmp_path):  # released when the first run ends
        pass


def test_a_pattern_nested_too_deeply_is_a_rule_file_error(tmp_path: Path) -> None:
    (tmp_path / "deep.toml").write_text(
        f'id = "deep"\n[[rules]]\nid = "deep.x"\nkind = "drop"\npattern = "{"(?:x|" * 250}a{")" * 250}"\n'
    )
    with pytest.raises(RuleFileError, match=r"deep\.toml.*nested too deeply"):
        load_rules((tmp_path,))


def test_a_pathological_rule_costs_a_document_a_bounded_time(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import time

    from parsers.strip.rules import DOCUMENT_TIMEOUT_BUDGET_S, PATTERN_TIMEOUT_S

    (tmp_path / "slow.toml").write_text(
        'id = "slow"\n[match]\nsignatures = ["alpaca lava"]\n'
        '[[rules]]\nid = "slow.x"\nkind = "drop"\npattern = \'(.*a){25}b\'\n'
    )
    text = "\n\n".join(["alpaca lava " * 30 + "end."] * 200).encode()  # 200 blocks where the pattern backtracks
    started = time.perf_counter()
    [doc] = parse_bytes(text, "slow.md", ParseOptions(profile_dirs=(tmp_path,)))
    spent = time.perf_counter() - started
    assert doc.model_dump().get("body")
    assert spent < DOCUMENT_TIMEOUT_BUDGET_S + 3.5 < 200 * PATTERN_TIMEOUT_S  # not a timeout per block
    assert any("timed out" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("notes.pdf", b"Plain words in a file that calls itself a PDF.\n" * 5, "PDF document"),
        ("report.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" * 5, "PDF document"),
        ("scan", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG image"),
        ("letter.docx", b"PK\x03\x04" + b"\x14\x00" * 40, "ZIP archive or Office document"),
    ],
)
def test_files_of_a_kind_not_read_are_rejected_as_such(name: str, data: bytes, kind: str) -> None:
    [rejection] = parse_bytes(data, name)
    dumped = rejection.model_dump()
    assert dumped["reason"] == "unsupported_kind"
    assert kind in dumped["detail"] and "markdown (.md)" in dumped["detail"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_parse_never_opens_a_special_file_and_checks_the_size_first(tmp_path: Path) -> None:
    from parsers import parse_file

    os.mkfifo(tmp_path / "pipe.md")
    [rejection] = parse_file(tmp_path / "pipe.md")
    assert rejection.model_dump()["reason"] == "not_a_file"
    (tmp_path / "big.md").write_bytes(STORY * 10)
    [rejection] = parse_file(tmp_path / "big.md", ParseOptions(max_bytes=len(STORY)))
    assert rejection.model_dump()["reason"] == "too_large"


def _feed(path: Path, records: int) -> None:
    lines = []
    for i in range(records):
        if i % 7 == 3:
            lines.append("")  # blank lines are not records, but they count as lines
        lines.append("{not json" if i % 11 == 5 else json.dumps({"title": f"Note {i}", "text": STORY.decode()}))
    path.write_text("\n".join(lines) + "\n")


def test_a_jsonl_file_cut_into_parts_at_line_ends() -> None:
    import tempfile

    from flows.batch import Part, cut_jsonl

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "feed.jsonl"
        _feed(path, 50)
        data = path.read_bytes()
        items = cut_jsonl(path, "feed.jsonl", 6)
    parts = [Part.parse(item) for item in items]
    assert len(parts) == 6 and [p.index for p in parts] == list(range(6))
    assert b"".join(data[p.start : p.end] for p in parts) == data  # the parts tile the file
    for p in parts:
        assert p.start == 0 or data[p.start - 1 : p.start] == b"\n"
        assert p.first == data[: p.start].count(b"\n") + 1
        assert p.size == len(data) and p.count == 6


def test_a_large_jsonl_file_shared_among_workers_gives_the_same_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flows.run
    from flows.run import local_batches, run_ingest

    raw = tmp_path / "raw"
    raw.mkdir()
    _feed(raw / "feed.jsonl", 60)
    (raw / "story.md").write_bytes(STORY)
    whole = run_ingest(str(raw), str(tmp_path / "whole"), local_batches, workers=2)
    monkeypatch.setattr(flows.run, "PART_SECONDS", 0.002)  # every few records a part
    cut = run_ingest(str(raw), str(tmp_path / "cut"), local_batches, workers=2)
    assert (cut.found, cut.written, cut.rejected, cut.documents) == (whole.found, whole.written, 0, whole.documents)
    assert cut.rejections_written == whole.rejections_written == 5  # the bad lines, once each
    assert len(flows.run._items(raw, ["feed.jsonl"])[0]) > 10  # it was cut
    files = {p.relative_to(tmp_path / "whole"): p.read_bytes() for p in (tmp_path / "whole").rglob("*.json")}
    files_cut = {p.relative_to(tmp_path / "cut"): p.read_bytes() for p in (tmp_path / "cut").rglob("*.json")}
    del files[Path("_report.json")], files_cut[Path("_report.json")]
    assert files_cut == files
    again = run_ingest(str(raw), str(tmp_path / "cut"), local_batches, workers=2)
    assert again.skipped == 2  # the file's state was recorded whole, once its last part was done


def test_a_page_of_too_many_blocks_is_rejected_before_its_features_are_built(monkeypatch: pytest.MonkeyPatch) -> None:
    import parsers.pipeline

    monkeypatch.setattr(parsers.pipeline, "MAX_BLOCKS", 50)  # the real limit is 20,000 (DEV's largest page: ~6,200)
    paragraphs = "\n\n".join(f"Paragraph {i} of a page that goes on and on." for i in range(60)).encode()
    html = b"<html><body>" + b"".join(b"<p>Paragraph %d of a page.</p>" % i for i in range(60)) + b"</body></html>"
    for data, name in ((paragraphs, "long.md"), (html, "long.html")):
        [rejection] = parse_bytes(data, name)
        dumped = rejection.model_dump()
        assert dumped["reason"] == "too_large" and "over the limit of 50 a page" in dumped["detail"], name
    [doc] = parse_bytes(STORY, "story.md")
    assert doc.model_dump().get("body")
