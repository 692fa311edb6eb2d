"""BatchWriter: outputs land together at the end of the block, in order, or not at all."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from flows.storage import MAX_PENDING_SYNCS, BatchWriter, atomic_write


def test_targets_appear_only_when_the_block_ends(tmp_path: Path) -> None:
    old = tmp_path / "a.json"
    old.write_bytes(b"old")
    with BatchWriter() as writer:
        writer.write(old, b"new")
        writer.write(tmp_path / "sub" / "b.json", b"b")
        assert old.read_bytes() == b"old"
        assert not (tmp_path / "sub" / "b.json").exists()
        assert len(list(tmp_path.rglob(".*.tmp"))) == 2
    assert old.read_bytes() == b"new"
    assert (tmp_path / "sub" / "b.json").read_bytes() == b"b"
    assert not list(tmp_path.rglob(".*.tmp"))


def test_removals_follow_the_writes_queued_before_them(tmp_path: Path) -> None:
    target = tmp_path / "c.json"
    stale = tmp_path / "_rejected" / "c.json"
    stale.parent.mkdir()
    stale.write_bytes(b"rejected before")
    with BatchWriter() as writer:
        writer.write(target, b"document")
        writer.remove(stale)
        writer.remove(tmp_path / "never-there.json")  # absent: nothing to do, no error
        writer.remove(target)
        writer.write(target, b"second")
        assert stale.exists()
    assert not stale.exists()
    assert target.read_bytes() == b"second"


def test_a_failing_block_changes_no_target_and_leaves_no_temp_file(tmp_path: Path) -> None:
    kept = tmp_path / "kept.json"
    kept.write_bytes(b"kept")
    with pytest.raises(RuntimeError, match="parse failed"), BatchWriter() as writer:
        writer.write(kept, b"replacement")
        writer.write(tmp_path / "new.json", b"new")
        writer.remove(kept)
        raise RuntimeError("parse failed")
    assert kept.read_bytes() == b"kept"
    assert not (tmp_path / "new.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.json"]


def test_atomic_write_replaces_in_one_step(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "r.json"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["r.json"]


def _open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files through /proc")
@pytest.mark.parametrize("fails", [False, True])
def test_every_temp_file_is_closed_when_the_block_ends(tmp_path: Path, fails: bool) -> None:
    before = _open_files()
    with contextlib.suppress(RuntimeError), BatchWriter() as writer:
        for i in range(3 * MAX_PENDING_SYNCS):  # more than may wait for their sync at once
            writer.write(tmp_path / f"{i}.json", b"x" * 1000)
        if fails:
            raise RuntimeError("parse failed")
    assert _open_files() == before
    landed = sorted(p.name for p in tmp_path.iterdir())
    assert landed == ([] if fails else sorted(f"{i}.json" for i in range(3 * MAX_PENDING_SYNCS)))


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize("umask", [0o022, 0o077], ids=["umask-022", "umask-077"])
def test_outputs_get_the_mode_any_new_file_gets(tmp_path: Path, umask: int) -> None:
    """As ``open()`` makes files: 0o666 less the umask (not the 0o600 of a private temp file)."""
    before = os.umask(umask)
    try:
        atomic_write(tmp_path / "out" / "d.json", b"{}")
        (tmp_path / "plain.json").write_bytes(b"{}")
    finally:
        os.umask(before)
    assert (tmp_path / "out" / "d.json").stat().st_mode & 0o777 == 0o666 & ~umask
    assert (tmp_path / "out" / "d.json").stat().st_mode & 0o777 == (tmp_path / "plain.json").stat().st_mode & 0o777
