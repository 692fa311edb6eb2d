"""Read input bytes: size and binary checks, format detection, decoding."""

from __future__ import annotations

import codecs
import json
import zlib
from dataclasses import dataclass

import regex
from charset_normalizer import from_bytes

from schemas.document import InputFormat, RejectReason

# Inputs larger than this are rejected (bytes). Real article pages are under 3 MB; 20 MB leaves
# room for inline scripts while bounding memory per worker.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

JSONL_EXT = (".jsonl", ".ndjson")  # JSON lines: one record a line
_TEXT_EXT = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
_HTML_EXT = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
_HTML_SNIFF = regex.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", regex.IGNORECASE | regex.DOTALL
)
_META_CHARSET = regex.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([a-z0-9_\-:.]+)", regex.IGNORECASE)


# Kinds of file boilerstrip does not read, by their first bytes and by their name: rejected as
# ``unsupported_kind`` naming the kind, whatever their content looks like.
_MAGIC = (
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0", "legacy Office document"),
    (b"{\\rtf", "RTF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"RIFF", "RIFF media file"),
    (b"ID3", "MP3 audio"),
    (b"7z\xbc\xaf", "7-Zip archive"),
    (b"\x7fELF", "program"),
)
_KIND_BY_SUFFIX = {
    ".pdf": "PDF document", ".doc": "Word document", ".docx": "Word document", ".odt": "OpenDocument text",
    ".rtf": "RTF document", ".epub": "EPUB book", ".xls": "spreadsheet", ".xlsx": "spreadsheet",
    ".ods": "spreadsheet", ".csv": "CSV table", ".ppt": "presentation", ".pptx": "presentation",
    ".zip": "ZIP archive", ".tar": "tar archive", ".7z": "7-Zip archive",
    ".png": "PNG image", ".jpg": "JPEG image", ".jpeg": "JPEG image", ".gif": "GIF image", ".webp": "WebP image",
    ".svg": "SVG image", ".mp3": "MP3 audio", ".mp4": "MP4 video", ".xml": "XML document",
}  # fmt: skip
READS = "text (.txt), markdown (.md), HTML (.html, .htm, .html.gz), JSON records (.json) and JSON lines (.jsonl)"


def unsupported_kind(name: str, data: bytes) -> str | None:
    """The kind of a file boilerstrip does not read, from its first bytes or its name; None for
    any other file (read as what its name or content says)."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    lower = name.lower()
    if lower.endswith(_HTML_EXT):
        return None
    dot = lower.rfind(".")
    return _KIND_BY_SUFFIX.get(lower[dot:]) if dot > lower.rfind("/") else None


@dataclass(frozen=True)
class Problem:
    """Why an input, or one record of it, becomes a rejection: its reason and detail (and, for a
    record, its hash and number)."""

    reason: RejectReason
    detail: str
    sha256: str | None = None
    record: int | None = None


def sniff_format(name: str, data: bytes) -> InputFormat | None:
    """The input's format: by file name where it is explicit, by content otherwise."""
    lower = name.lower()
    head = data[:2048].lstrip()
    if lower.endswith(JSONL_EXT):
        return "jsonl"
    if lower.endswith(".json"):
        return "json"
    if lower.endswith(_HTML_EXT) or _HTML_SNIFF.match(head):
        return "html"
    for ext, fmt in _TEXT_EXT.items():
        if lower.endswith(ext):
            return fmt  # type: ignore[return-value]
    if head[:1] == b"{":
        if _parses_as_json(data):
            return "json"
        if _parses_as_json(data.split(b"\n", 1)[0]):
            return "jsonl"
    if not looks_binary(data):
        return "text"
    return None


def _parses_as_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except (ValueError, RecursionError):
        return False
    return True


# Bytes that are not control bytes: printable ones, and tab, newline, form feed, CR and escape.
_NOT_CONTROL = bytes([9, 10, 12, 13, 27, *range(32, 256)])


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = len(sample.translate(None, _NOT_CONTROL))
    return bool(sample) and control / len(sample) > 0.05


def check_bytes(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> Problem | None:
    if len(data) > max_bytes:
        return Problem("too_large", f"{len(data)} bytes, over the limit of {max_bytes}")
    if not data.strip():
        return Problem("empty", "the input holds no text")
    if looks_binary(data):
        return Problem("binary", "the input is binary (NUL or control bytes), not text or HTML")
    return None


def decode(data: bytes, declared: str | None = None) -> str | Problem:
    """UTF-8 when valid, else the declared charset, else a detected one (charset-normalizer)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return _normalize_newlines(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    for name in filter(None, [declared, _declared_charset(data)]):
        try:
            codec = codecs.lookup(name).name
            codec = "cp1252" if codec in ("latin_1", "iso8859-1") else codec
            return _normalize_newlines(data.decode(codec))
        except (LookupError, UnicodeDecodeError):
            continue
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        return Problem("undecodable", "no text encoding fits the bytes")
    return _normalize_newlines(data.decode(best.encoding, errors="replace"))


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:8192])
    return m.group(1).decode("ascii", "ignore") if m else None


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def gunzip(data: bytes, limit: int) -> bytes | Problem:
    """The bytes of a gzip stream, or a problem when it is truncated or corrupt or expands past
    ``limit`` bytes: decompressed in steps, never more than ``limit`` + 1 bytes held."""
    out = bytearray()
    rest = data
    try:
        while rest[:2] == b"\x1f\x8b":  # one member after another, as gzip writes long streams
            member = zlib.decompressobj(wbits=31)
            out += member.decompress(rest, limit + 1 - len(out))
            if len(out) > limit:
                return Problem("too_large", f"expands past the limit of {limit} bytes ({len(data)} bytes compressed)")
            if not member.eof:
                return Problem("undecodable", "broken gzip stream: it ends before its last member does")
            rest = member.unused_data
    except zlib.error as exc:
        return Problem("undecodable", f"broken gzip stream: {exc}")
    return bytes(out)
