"""The ingest flow under Prefect's test harness, writing real files."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    (raw / "nested").mkdir()
    shutil.copy(ROOT / "raw" / "bulletin-roundup.md", raw / "nested" / "copy.md")
    (raw / "empty.txt").write_text("")
    (raw / "notes.pdf").write_bytes(b"%PDF-1.4\n\x00\x01\x02\x03 binary body")
    return raw


def _snapshot(clean: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(clean)): p.read_bytes() for p in sorted(clean.rglob("*.json")) if p.name != "_report.json"
    }


def test_ingest_flow_writes_documents_and_rejections(tmp_path: Path) -> None:
    from flows.ingest import ingest

    raw, clean = _raw(tmp_path), tmp_path / "clean"
    report = ingest(raw_dir=str(raw), clean_dir=str(clean), batch_size=2, workers=2)
    samples = sorted(p for p in (ROOT / "raw").iterdir() if p.is_file() and not p.name.endswith(".jsonl"))
    # every sample file, the JSONL feed and the nested copy give documents; the empty file and the
    # PDF (a kind we do not read) are rejected, not passed over
    assert report.found == len(samples) + 4
    assert (report.written, report.rejected, report.skipped, report.failed) == (len(samples) + 2, 2, 0, 0)
    assert report.found == report.written + report.rejected + report.skipped + report.failed
    assert report.documents == len(samples) + 3 and report.rejections_written == 3
    for sample in samples:
        doc = json.loads((clean / (sample.name.rsplit(".", 1)[0] + ".json")).read_text("utf-8"))
        assert doc["body"] and doc["source"]["path"] == sample.name
    for record in (1, 2):
        assert json.loads((clean / f"courier-feed.{record}.json").read_text("utf-8"))["source"]["record"] == record
    bad_line = json.loads((clean / "_rejected" / "courier-feed.3.json").read_text("utf-8"))
    assert bad_line["reason"] == "malformed_record" and bad_line["record"] == 3
    assert (clean / "nested" / "copy.json").exists()
    rejection = json.loads((clean / "_rejected" / "empty.json").read_text("utf-8"))
    assert rejection["reason"] == "empty" and rejection["path"] == "empty.txt"
    assert json.loads((clean / "_report.json").read_text("utf-8"))["documents"] == report.documents
    assert not list(clean.rglob("*.tmp")) and not (clean / "notes.json").exists()
    assert json.loads((clean / "_rejected" / "notes.json").read_text("utf-8"))["reason"] == "unsupported_kind"


def test_reruns_skip_unchanged_inputs_and_reprocess_changed_ones(tmp_path: Path) -> None:
    from flows.ingest import ingest

    raw, clean = _raw(tmp_path), tmp_path / "clean"
    first = ingest(raw_dir=str(raw), clean_dir=str(clean), workers=1)
    before = _snapshot(clean)
    second = ingest(raw_dir=str(raw), clean_dir=str(clean), workers=1)
    assert second.skipped == first.found and second.written == second.rejected == 0
    (raw / "empty.txt").write_text((ROOT / "raw" / "meridian-review-essay.txt").read_text())
    (raw / "nested" / "copy.md").touch()  # touched, not changed: still skipped
    third = ingest(raw_dir=str(raw), clean_dir=str(clean), workers=1)
    assert (third.written, third.skipped) == (1, first.found - 1)
    assert (clean / "empty.json").exists() and not (clean / "_rejected" / "empty.json").exists()
    forced = ingest(raw_dir=str(raw), clean_dir=str(clean), workers=1, force=True)
    assert forced.skipped == 0 and forced.written + forced.rejected == first.found
    after = _snapshot(clean)
    del after["empty.json"], before["_rejected/empty.json"]
    assert after == before  # byte-identical outputs for unchanged inputs


def test_formats_parameter_limits_what_is_picked_up(tmp_path: Path) -> None:
    from flows.ingest import ingest

    report = ingest(raw_dir=str(_raw(tmp_path)), clean_dir=str(tmp_path / "clean"), formats=["html"], workers=1)
    assert report.found == 1 and report.written == 1


def test_inputs_that_would_share_an_output_name_keep_their_whole_names(tmp_path: Path) -> None:
    from flows.ingest import ingest

    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    shutil.copy(ROOT / "raw" / "bulletin-roundup.md", raw / "story.md")
    shutil.copy(ROOT / "raw" / "valley-courier-library.txt", raw / "story.txt")
    shutil.copy(ROOT / "raw" / "nordlicht-bruecke.md", raw / "other.md")
    report = ingest(raw_dir=str(raw), clean_dir=str(clean), workers=1)
    assert report.written == 3
    assert sorted(p.name for p in clean.glob("*.json") if p.name != "_report.json") == [
        "other.json", "story.md.json", "story.txt.json",
    ]  # fmt: skip


def test_invalid_parameters_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    from prefect.exceptions import ParameterTypeError

    from flows.ingest import ingest

    with pytest.raises(ParameterTypeError, match="batch_size"):
        ingest(raw_dir=str(tmp_path), clean_dir=str(tmp_path / "c"), batch_size=0)
    with pytest.raises(ParameterTypeError, match="formats"):
        ingest(raw_dir=str(tmp_path), clean_dir=str(tmp_path / "c"), formats=["pdf"])  # type: ignore[list-item]


def test_a_broken_profile_fails_the_run_before_any_work(tmp_path: Path) -> None:
    from prefect.exceptions import FailedRun

    from flows.ingest import ingest

    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "bad.toml").write_text('id = "bad"\n[[rules]]\nid = "bad.x"\nkind = "drop"\npattern = "(("\n')
    with pytest.raises(FailedRun, match=r"bad\.toml"):
        ingest(raw_dir=str(_raw(tmp_path)), clean_dir=str(tmp_path / "clean"), profile_dir=str(profiles))
    assert not (tmp_path / "clean").exists()


def test_unreadable_input_is_rejected_and_tried_again_next_run(tmp_path: Path) -> None:
    from flows.ingest import ingest

    raw, clean = _raw(tmp_path), tmp_path / "clean"
    (raw / "folder.txt").symlink_to(tmp_path / "missing.txt")  # a dangling link: reading it fails
    report = ingest(raw_dir=str(raw), clean_dir=str(clean), workers=1)
    rejection = json.loads((clean / "_rejected" / "folder.json").read_text("utf-8"))
    assert rejection["reason"] == "unreadable" and "FileNotFoundError" in rejection["detail"]
    again = ingest(raw_dir=str(raw), clean_dir=str(clean), workers=1)
    assert again.rejected == 1 and again.skipped == report.found - 1


@pytest.mark.parametrize(
    ("inputs", "seconds", "batch_size", "workers", "sizes"),
    [
        (8, 0.01, 1000, 2, [8]),  # little work: cleaned in the flow's process, no pool to start
        (300, 0.012, 1000, 2, [75, 75, 75, 75]),  # 3.6 s: shared among the workers, not one batch
        (1001, 0.012, 1000, 2, [250, 250, 250, 126, 63, 62]),  # never a batch of 1 last
        (3000, 0.012, 1000, 2, [429] * 5 + [428, 214, 107, 53, 53]),  # tasks of ~5 s, then a halving tail
        (3000, 0.012, 250, 2, [250] * 11 + [125, 63, 62]),  # batch_size caps the inputs per task
        (5000, 0.0036, 1000, 2, [1000] * 4 + [500, 250, 250]),  # small inputs: batch_size binds
        (10, 0.01, 3, 4, [1] * 10),
    ],
)
def test_batches_share_a_run_among_workers(
    inputs: int, seconds: float, batch_size: int, workers: int, sizes: list[int]
) -> None:
    from flows.run import _batches

    todo = [f"doc{i}.md" for i in range(inputs)]
    batches = _batches(todo, [seconds] * inputs, batch_size, workers)
    assert [len(b) for b in batches] == sizes
    assert all(len(a) >= len(b) for a, b in itertools.pairwise(batches))  # the tail shrinks, never grows
    assert [path for batch in batches for path in batch] == todo  # every input once, in order


def test_batches_are_cut_by_work_not_count() -> None:
    """A large input (a records file) rides alone; the inputs around it are not held back to
    fill its batch, and no batch of several inputs exceeds a task's worth of work."""
    from flows.batch import TASK_SECONDS, estimated_seconds
    from flows.run import _batches

    todo = [f"doc{i}.md" for i in range(400)]
    work = [0.01] * 400
    work[10] = 20.0
    batches = _batches(todo, work, 1000, 2)
    assert [len(b) for b in batches] == [10, 1, 195, 97, 97]
    assert ["doc10.md"] in batches
    index = {path: i for i, path in enumerate(todo)}
    assert all(sum(work[index[p]] for p in b) <= TASK_SECONDS for b in batches if len(b) > 1)
    # a page's tree costs more to parse than its size says: 150 kB of HTML ~ 28 ms, of markdown ~ 64 ms
    assert 0.02 < estimated_seconds("a.html", 150_000) < estimated_seconds("a.md", 150_000)
    assert estimated_seconds("a.HTML.gz", 0) == estimated_seconds("a.htm", 0)


def test_a_clean_dir_inside_the_raw_dir_is_never_read_as_input(tmp_path: Path) -> None:
    from prefect.exceptions import FailedRun

    from flows.ingest import ingest

    raw = _raw(tmp_path)
    first = ingest(raw_dir=str(raw), clean_dir=str(raw / "clean"), workers=1)
    again = ingest(raw_dir=str(raw), clean_dir=str(raw / "clean"), workers=1, force=True)
    assert first.found == again.found and again.written == first.written
    assert not (raw / "clean" / "clean").exists()
    assert {"path": "clean", "why": "the output folder"} in again.passed_over
    for clean in (raw, tmp_path):  # the clean dir is the raw dir, or holds it
        with pytest.raises(FailedRun, match="outside raw_dir"):  # one line in the run's state, no traceback
            ingest(raw_dir=str(raw), clean_dir=str(clean), workers=1)


def test_rejections_of_inputs_removed_from_the_raw_dir_are_removed(tmp_path: Path) -> None:
    from flows.ingest import ingest

    raw, clean = _raw(tmp_path), tmp_path / "clean"
    ingest(raw_dir=str(raw), clean_dir=str(clean), workers=1)
    assert (clean / "_rejected" / "empty.json").exists() and (clean / "nested" / "copy.json").exists()
    (raw / "empty.txt").unlink()
    (raw / "nested" / "copy.md").unlink()
    ingest(raw_dir=str(raw), clean_dir=str(clean), workers=1)
    assert not (clean / "_rejected" / "empty.json").exists()
    assert (clean / "nested" / "copy.json").exists()  # a document stays when its raw copy is deleted


def test_the_run_form_describes_every_parameter() -> None:
    """What the UI's run form shows, for ``serve`` (the live flow) and ``prefect deploy`` (its source)."""
    from prefect.utilities.callables import parameter_schema, parameter_schema_from_entrypoint

    from flows.ingest import ingest

    for schema in (parameter_schema(ingest.fn), parameter_schema_from_entrypoint(f"{ROOT}/flows/ingest.py:ingest")):
        properties = schema.model_dump()["properties"]
        assert set(properties) == set(ingest.parameters.properties)
        assert all(len(p.get("description") or "") > 20 for p in properties.values()), properties
    assert properties["workers"]["minimum"] == 0 and properties["batch_size"]["maximum"] == 100_000


def test_the_run_report_a_person_reads_in_the_ui(tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client

    from flows.ingest import ingest
    from flows.report import report_markdown

    raw, clean = _raw(tmp_path), tmp_path / "clean"
    state = ingest(raw_dir=str(raw), clean_dir=str(clean), workers=1, return_state=True)
    report = state.result()
    run_id = state.state_details.flow_run_id
    assert run_id is not None
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(run_id)
    assert run.name == f"ingest {raw} -> {clean}"
    page = report_markdown(report)
    top = next(iter(report.rules))
    assert f"| `{top}` | {report.rules[top]} | {report.examples[top][:40]}" in page
    assert "| `empty.txt` | empty |" in page and "## Sample documents" in page
    assert len(report.samples) == 3 and all((clean / s["output"]).exists() for s in report.samples)
    assert all(f"`{s['output']}`" in page for s in report.samples)


def test_a_large_jsonl_file_is_shared_among_task_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import flows.run
    from flows.ingest import ingest

    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    story = (ROOT / "raw" / "bulletin-roundup.md").read_text("utf-8")
    (raw / "feed.jsonl").write_text("".join(json.dumps({"title": f"N{i}", "text": story}) + "\n" for i in range(40)))
    monkeypatch.setattr(flows.run, "PART_SECONDS", 0.004)
    report = ingest(raw_dir=str(raw), clean_dir=str(clean), workers=2)
    assert (report.found, report.written, report.documents, report.failed) == (1, 1, 40, 0)
    assert sorted(p.name for p in clean.glob("feed.*.json")) == sorted(f"feed.{i}.json" for i in range(1, 41))
    assert ingest(raw_dir=str(raw), clean_dir=str(clean), workers=2).skipped == 1
