"""Reading inputs: a file, its bytes or a JSONL file's lines, each into results of the core."""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from parsers.inputs.read import (
    JSONL_EXT,
    READS,
    Problem,
    check_bytes,
    decode,
    gunzip,
    sniff_format,
    unsupported_kind,
)
from parsers.inputs.records import Record, iter_lines, iter_records
from parsers.pipeline import Core, Origin, ParseOptions, Result, parse_html, parse_text, reject
from parsers.strip.rules import pattern_budget
from schemas.document import InputFormat


def parse_file(path: str | Path, options: ParseOptions | Core = ParseOptions()) -> list[Result]:
    """Parse one input file (one result, or one per record for JSON lines)."""
    core = Core.of(options)
    results: list[Result] = []
    try:
        results.extend(read_file(Path(path), str(path), core))
    except OSError as exc:  # Vanished included: a path that names no file is unreadable here
        kind = "FileNotFoundError" if isinstance(exc, Vanished) else type(exc).__name__
        results.append(reject(core.rules, str(path), None, "unreadable", f"{kind}: {exc.strerror or exc}"))
    return results


@dataclass
class FileFacts:
    """What reading a file found out, for a caller that remembers inputs (incremental runs)."""

    size: int = 0
    mtime_ns: int = 0
    sha256: str = ""  # empty: not read to the end


class Vanished(FileNotFoundError):
    """The file is gone (removed since it was listed)."""


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


_log = logging.getLogger(__name__)
CHUNK = 1 << 20  # bytes read at a time where a file is hashed or scanned, never held whole


def read_file(path: Path, shown: str, options: ParseOptions | Core, facts: FileFacts | None = None) -> Iterator[Result]:
    """The results of one input file, ``shown`` as its path. Anything but a regular file is
    rejected without being opened for reading (a FIFO would wait for a writer forever); a file
    over the size limit without being parsed; a JSONL file line by line, the limit applying to
    each line. ``facts`` receives its size, time and hash. Raises :class:`Vanished` when the
    file is gone, OSError when it cannot be read."""
    facts = facts if facts is not None else FileFacts()
    core = Core.of(options)
    rules, max_bytes = core.rules, core.options.max_bytes
    try:
        info = os.stat(path)
        if stat.S_ISREG(info.st_mode):
            fd = os.open(path, _OPEN_FLAGS)  # non-blocking: a file swapped for a FIFO since the stat
    except FileNotFoundError as exc:
        if os.path.lexists(path):  # a link to nothing: unreadable, not gone
            raise
        raise Vanished(exc.errno, exc.strerror, str(path)) from exc
    if not stat.S_ISREG(info.st_mode):
        yield reject(rules, shown, None, "not_a_file", f"a {_file_kind(info.st_mode)}, not a regular file; not opened")
        return
    with open(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            yield reject(rules, shown, None, "not_a_file", f"a {_file_kind(info.st_mode)}, not a regular file")
            return
        facts.size, facts.mtime_ns = info.st_size, info.st_mtime_ns
        digest = hashlib.sha256()
        if shown.lower().endswith(JSONL_EXT):
            yield from parse_lines(_hashed_lines(file, digest), shown, core)
        elif info.st_size > max_bytes:
            for chunk in iter(lambda: file.read(CHUNK), b""):
                digest.update(chunk)
            detail = f"{info.st_size} bytes, over the limit of {max_bytes}"
            yield reject(rules, shown, digest.hexdigest(), "too_large", detail)
        else:
            data = file.read(max_bytes + 1)  # one byte over: a file grown since the stat is still too large
            digest.update(data)
            yield from parse_bytes(data, shown, core)
        facts.sha256 = digest.hexdigest()


def _hashed_lines(file: BinaryIO, digest: Any) -> Iterator[bytes]:
    for line in file:
        digest.update(line)
        yield line


def _file_kind(mode: int) -> str:
    kinds = [(stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "FIFO (named pipe)"), (stat.S_ISSOCK, "socket"),
             (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device")]  # fmt: skip
    return next((name for test, name in kinds if test(mode)), "special file")


def parse_bytes(data: bytes, path: str, options: ParseOptions | Core = ParseOptions()) -> list[Result]:
    """Parse one input's bytes: text, markdown, HTML (optionally gzipped), JSON or JSON lines."""
    core = Core.of(options)
    rules, max_bytes = core.rules, core.options.max_bytes
    sha = hashlib.sha256(data).hexdigest()
    if data[:2] == b"\x1f\x8b":
        unpacked = gunzip(data, max_bytes)
        if isinstance(unpacked, Problem):
            return [reject(rules, path, sha, unpacked.reason, unpacked.detail)]
        data = unpacked
    kind = unsupported_kind(path.removesuffix(".gz"), data)
    if kind is not None:
        return [reject(rules, path, sha, "unsupported_kind", f"a {kind}; boilerstrip reads {READS}")]
    problem = check_bytes(data, max_bytes)
    if problem:
        return [reject(rules, path, sha, problem.reason, problem.detail)]
    fmt = sniff_format(path.removesuffix(".gz"), data)
    if fmt is None:  # binary data check_bytes let through: not one of the kinds read
        return [reject(rules, path, sha, "unsupported_kind", f"not a kind boilerstrip reads ({READS})")]
    text = decode(data)
    if not isinstance(text, str):
        return [reject(rules, path, sha, text.reason, text.detail)]
    if fmt in ("json", "jsonl"):
        records = iter_records(text, jsonl=fmt == "jsonl")
        return list(_parse_records(records, path, fmt, core))
    origin = Origin(path=path, format=fmt, sha256=sha)
    return [_guarded(fmt == "html", text, origin, core)]


def _guarded(html: bool, content: str, origin: Origin, core: Core) -> Result:
    """A bug in the core on one input is that input's rejection (``internal_error``, naming the
    exception; the traceback is logged), not the loss of the batch it came in or of the other
    records of its file."""
    try:
        with pattern_budget():
            chosen = (core.dates, core.titles)
            if html:
                return parse_html(content, origin, core.rules, core.options.params, core.model, *chosen, core.authors)
            return parse_text(content, origin, core.rules, core.options.params, core.model, *chosen, core.authors)
    except Exception as exc:
        _log.exception("internal error on %s (record %s)", origin.path, origin.record)
        detail = f"{type(exc).__name__}: {exc}"[:500]
        return reject(core.rules, origin.path, origin.sha256, "internal_error", detail, origin.record)


def parse_lines(
    lines: Iterable[bytes], path: str, options: ParseOptions | Core = ParseOptions(), first: int = 1, whole: bool = True
) -> Iterator[Result]:
    """A JSONL file's results as its lines are read: a file of any size in bounded memory, the
    size limit applying to each line (record). ``first``: the number of the first line; a part of
    a file (``whole`` false) with no record in it is no rejection."""
    core = Core.of(options)
    yield from _parse_records(iter_lines(lines, core.options.max_bytes, first), path, "jsonl", core, whole)


def _parse_records(
    records: Iterable[Record | Problem],
    path: str,
    fmt: InputFormat,
    core: Core,
    whole: bool = True,
) -> Iterator[Result]:
    rules = core.rules
    seen = False
    for record in records:
        seen = True
        if isinstance(record, Problem):
            yield reject(rules, path, record.sha256, record.reason, record.detail, record.record)
            continue
        origin = Origin(
            path=path, format=fmt, sha256=record.sha256, record=record.number, url=record.url,
            fetched_at=record.fetched_at, hints=record.hints,
        )  # fmt: skip
        yield _guarded(bool(record.html), record.html or record.text or "", origin, core)
    if not seen and whole:
        yield reject(rules, path, None, "empty", "no records in the file")
