"""Files in and out: input discovery, output paths, atomic writes. No parsing here."""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from parsers.inputs.read import JSONL_EXT

# Input file endings the pipeline reads, by kind (the flow's ``formats`` choose among the kinds).
SUFFIXES_BY_KIND: dict[str, tuple[str, ...]] = {
    "text": (".txt", ".text"),
    "markdown": (".md", ".markdown"),
    "html": (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz"),
    "json": (".json",),
    "jsonl": JSONL_EXT,
}
HTML_SUFFIXES = SUFFIXES_BY_KIND["html"]
INPUT_SUFFIXES: tuple[str, ...] = tuple(s for suffixes in SUFFIXES_BY_KIND.values() for s in suffixes)
REJECTED_DIR = "_rejected"
InputKind = Literal["text", "markdown", "html", "json", "jsonl"]
ALL_KINDS: list[InputKind] = ["text", "markdown", "html", "json", "jsonl"]


class FolderError(ValueError):
    """The raw or clean folder given cannot be used; the message says why."""


def check_folders(raw: Path, clean: Path) -> None:
    """The raw folder exists, and the two folders are apart: outputs are never read as inputs
    (a clean folder inside the raw one is passed over by the scan) and never land in the raw one."""
    if not raw.is_dir():
        raise FolderError(f"raw_dir {str(raw)!r} is not a directory")
    if clean == raw or raw.is_relative_to(clean):
        raise FolderError(
            f"clean_dir {str(clean)!r} holds raw_dir {str(raw)!r}: outputs would be written among the inputs; "
            "choose a clean_dir outside raw_dir (or a subfolder of it)"
        )
    if clean.exists() and not clean.is_dir():
        raise FolderError(f"clean_dir {str(clean)!r} is not a directory")


def input_suffix(name: str, suffixes: Sequence[str] = INPUT_SUFFIXES) -> str | None:
    lower = name.lower()
    matches = [s for s in suffixes if lower.endswith(s)]
    return max(matches, key=len) if matches else None


@dataclass
class Inventory:
    """What a scan of the raw folder found: the inputs, and what it passed over and why."""

    inputs: list[str] = field(default_factory=list)  # relative to the raw dir, as the file system names them
    passed_over: list[tuple[str, str]] = field(default_factory=list)  # (printable relative path, why)


def scan(raw_dir: Path, suffixes: Sequence[str] | None = None, exclude: Path | None = None) -> Inventory:
    """Input files under ``raw_dir`` in a stable order.

    Hidden entries (a name starting with ".") are passed over, and so is ``exclude`` (the output
    folder when it lies inside the raw folder: outputs are never read back as inputs); both are
    listed in the inventory, as are folder links to a folder read already (or that loop).
    Folder links are followed.
    With ``suffixes`` only files with those endings are inputs; without, every file is: one of
    an unknown kind is then recorded as a rejection rather than passed over in silence.
    """
    found = Inventory()
    skip = exclude.resolve() if exclude is not None else None
    seen: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(raw_dir, followlinks=True):
        here = Path(root)
        where = here.relative_to(raw_dir)
        stat = here.stat()
        if (stat.st_dev, stat.st_ino) in seen:  # a link to a folder read already (or to its parent: a loop)
            found.passed_over.append((printable(str(where)), "a folder link to a folder read already"))
            dirs[:] = []
            continue
        seen.add((stat.st_dev, stat.st_ino))
        kept = []
        for name in sorted(dirs, key=lambda d: (os.path.islink(os.path.join(root, d)), d)):  # links last
            if name.startswith("."):
                found.passed_over.append((printable(str(where / name)), "hidden folder"))
            elif skip is not None and (here / name).resolve() == skip:
                found.passed_over.append((printable(str(where / name)), "the output folder"))
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            rel = os.path.normpath(where / name)
            if name.startswith("."):
                found.passed_over.append((printable(rel), "hidden file"))
            elif suffixes is None or input_suffix(name, suffixes):
                found.inputs.append(rel)
    return found


def discover(raw_dir: Path, suffixes: Sequence[str] | None = None) -> Iterator[Path]:
    """The input files of :func:`scan`, as paths."""
    for rel in scan(raw_dir, suffixes).inputs:
        yield raw_dir / rel


def printable(rel: str) -> str:
    """A path as it can be shown and stored: a file name that is not UTF-8 gets its bad bytes as
    ``\\xNN`` escapes (the file itself is still read under its real name)."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return rel


# Outputs the run writes itself at the top of the clean dir: no input's output may take them.
RESERVED = ("_report",)
# Longest file name (bytes) most file systems take; an output adds ".<record>.json" to its base.
NAME_MAX = 255
_TAIL_ROOM = 24
_RECORD_KINDS = ("text", "markdown", "html")  # inputs of these kinds give one output; any other may give records


def output_bases(inputs: Sequence[str]) -> dict[str, str]:
    """Each input's output base (relative to the clean dir, without ``.json``), distinct by
    construction: ``a.md`` -> ``a`` (so ``a.json``), a JSONL file's records ``feed.1``,
    ``feed.2``...

    Inputs whose outputs could meet (``a.md`` and ``a.txt``; ``feed.jsonl``'s records and
    ``feed.1.md``; a document and a rejection under ``_rejected/``; a name differing only in
    case, for case-insensitive disks) all step up a level until none meet: their whole file name
    (``a.md.json``), then their whole name with a hash of their path. A name too long for the
    disk is cut and given the hash too. Depends only on the set of inputs, not on their order.
    """
    level = dict.fromkeys(inputs, 0)
    while True:
        base = {rel: _base(rel, level[rel]) for rel in inputs}
        claims: dict[str, set[str]] = {key: {""} for key in RESERVED}  # "": the run itself
        families: dict[str, set[str]] = {}  # record inputs by the prefix of their records' names
        for rel, b in base.items():
            for key in (b.casefold(), os.path.join(REJECTED_DIR, b).casefold()):
                claims.setdefault(key, set()).add(rel)
                if not single_output(rel):
                    families.setdefault(key, set()).add(rel)
        clash = {rel for group in claims.values() if len(group) > 1 for rel in group}
        for key, group in claims.items():
            head, _, tail = key.rpartition(".")
            if tail.isdigit() and head in families:  # meets a record of a record input
                clash.update(group)
                clash.update(families[head])
        clash.discard("")
        movable = [rel for rel in clash if level[rel] < 2]
        if not movable:
            return base
        for rel in movable:
            level[rel] += 1


def single_output(rel: str) -> bool:
    """Whether input ``rel`` gives one output at most (text, markdown, HTML), never records."""
    suffix = input_suffix(os.path.basename(rel))
    return suffix is not None and any(suffix in SUFFIXES_BY_KIND[kind] for kind in _RECORD_KINDS)


def _base(rel: str, level: int) -> str:
    folder, name = os.path.split(printable(rel))
    if level == 0:
        suffix = input_suffix(name) or _last_suffix(name)
        name = name[: len(name) - len(suffix)] if suffix else name
    tag = hashlib.sha256(os.fsencode(rel)).hexdigest()[:10]
    if level == 2:
        name = f"{name}~{tag}"
    if len(os.fsencode(name)) > NAME_MAX - _TAIL_ROOM:  # cut (whole characters) and tagged
        cut = os.fsencode(name)[: NAME_MAX - _TAIL_ROOM - 12].decode("utf-8", "ignore")
        name = f"{cut}~{tag}"
    return os.path.join(folder, name)


def output_name(base: str, record: int | None = None) -> str:
    """The output file of an input with output ``base``, or of its ``record``-th record."""
    return f"{base}.json" if record is None else f"{base}.{record}.json"


def _last_suffix(name: str) -> str:
    """``PurePath(name).suffix``: from the last dot, unless the name starts or ends with it."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part."""
    with BatchWriter() as writer:
        writer.write(path, data)


class BatchWriter:
    """Atomic, durable writes committed together at the end of a ``with`` block.

    Each file goes to a temp file beside its target as it comes; one background thread syncs
    each temp file to disk while the caller goes on (``fsync`` waits on the disk, ~0.3 ms a file
    here, and releases the GIL, so parsing the next input overlaps it). On leaving the block the
    writer waits for every sync, renames every temp file over its target, and applies queued
    removals in order. Readers see an old file or a new one, never a part, and no target appears
    before its data is on disk. A failed sync fails the block. If the block fails, no target
    changes and the temp files are removed (a run killed mid-batch leaves ``.*.tmp`` files that
    the next run sweeps).
    """

    def __init__(self) -> None:
        self._steps: list[tuple[Path | None, Path]] = []  # (temp file, target); no temp file: a removal
        self._syncs: deque[Future[None]] = deque()  # in order; the done ones are dropped from the left
        self._syncer: ThreadPoolExecutor | None = None

    def __enter__(self) -> BatchWriter:
        return self

    def write(self, path: Path, data: bytes) -> None:
        fd, tmp = _create_temp(path)
        self._steps.append((tmp, path))
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        except BaseException:
            os.close(fd)
            raise
        if self._syncer is None:
            self._syncer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="boilerstrip-fsync")
        self._syncs.append(self._syncer.submit(_sync_and_close, fd))
        while self._syncs and (self._syncs[0].done() or len(self._syncs) > MAX_PENDING_SYNCS):
            self._syncs.popleft().result()  # a failed sync fails the block; on a slow disk, waits

    def remove(self, path: Path) -> None:
        """Remove ``path`` (if present) at commit, after the writes queued before this call."""
        self._steps.append((None, path))

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        steps, self._steps = self._steps, []
        syncs, self._syncs = self._syncs, deque()
        if self._syncer is not None:
            self._syncer.shutdown(wait=True)  # every temp file synced (or failed) and closed
            self._syncer = None
        if exc_type is not None:
            _discard(steps)
            return
        try:
            for future in syncs:
                future.result()  # a failed sync fails the batch: nothing lands
            _commit(steps)
        except BaseException:
            _discard(steps)
            raise


MAX_PENDING_SYNCS = 64  # temp files written and still open, waiting for their sync


def _create_temp(path: Path) -> tuple[int, Path]:
    """A new, empty temp file beside ``path`` (its folders made when missing), open for writing.

    Created with mode 0o666 less the umask, as ``open()`` creates files: the output is then as
    readable as any file its user writes (``tempfile.mkstemp`` would leave every output 0o600).
    """
    made_folder = False
    # the target's name, unless that would make the temp name too long for the disk
    stem = (
        path.name
        if len(os.fsencode(path.name)) <= NAME_MAX - 20
        else hashlib.sha256(os.fsencode(path.name)).hexdigest()[:16]
    )
    while True:
        tmp = path.with_name(f".{stem}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, _TEMP_FLAGS, 0o666), tmp
        except FileExistsError:
            continue  # another writer drew the same name: draw again
        except FileNotFoundError:
            if made_folder:
                raise
            path.parent.mkdir(parents=True, exist_ok=True)  # only when missing: no mkdir per write
            made_folder = True


_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _sync_and_close(fd: int) -> None:
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _commit(steps: list[tuple[Path | None, Path]]) -> None:
    folders: dict[Path, bool] = {}  # no folder: nothing in it to remove (a commit makes no folder)
    for tmp, path in steps:
        if tmp is not None:
            os.replace(tmp, path)
            continue
        exists = folders.get(path.parent)
        if exists is None:  # asked once a folder (setdefault's default would ask every time)
            exists = folders[path.parent] = path.parent.is_dir()
        if exists:
            path.unlink(missing_ok=True)


def _discard(steps: list[tuple[Path | None, Path]]) -> None:
    for tmp, _ in steps:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def dump_model(model: BaseModel) -> bytes:
    """Canonical JSON: same model, same bytes (sorted by field order, UTF-8, trailing newline)."""
    # pydantic's own serializer (json.dumps with indent falls back to the pure-Python encoder:
    # a quarter of a batch's time on long `removed` lists), its bytes taken as they come:
    # model_dump_json decodes them to a str we would encode back.
    return model.__pydantic_serializer__.to_json(model, indent=2) + b"\n"


LOCK_NAME = ".boilerstrip.lock"


class CleanDirBusy(RuntimeError):
    """Another run is writing to the same clean dir."""


@contextmanager
def clean_dir_lock(clean: Path) -> Iterator[None]:
    """Hold the clean dir for one run: a second run into it refuses at once with a clear
    message rather than interleave its writes (and its sweep of temp files) with the first's.
    The lock is the OS's (``flock``): a run killed at any moment holds it no longer."""
    clean.mkdir(parents=True, exist_ok=True)
    fd = os.open(clean / LOCK_NAME, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            raise CleanDirBusy(
                f"another ingest run (pid {holder}) is writing to {clean}; wait for it to finish"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock
