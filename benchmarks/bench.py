"""Run the core over a bench folder, score it with the shared scorer, print quality and speed.

    python -m benchmarks.bench ../shared/bench/scrapinghub --kind text [--out pred.json]

The parse is timed in this process (documents/s, one core); scoring uses the bench's own
``score.py`` (found beside the dataset folder) when it is present.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TypeVar

from flows.storage import input_suffix
from parsers import ParseOptions, parse_bytes
from schemas.document import Document

KINDS = ("text", "plain", "text-wrapped", "html")
WARMUP = 30  # inputs parsed before timing starts


def run_parser(folder: Path, limit: int | None = None) -> tuple[dict[str, Prediction], float, int]:
    """Parse every input in ``folder``: (id -> prediction record, seconds spent parsing, rejections)."""
    options = ParseOptions()

    def parse(data: bytes, name: str) -> Document | None:
        doc = parse_bytes(data, name, options)[0]
        return doc if isinstance(doc, Document) else None

    # steady state first: rules compiled, stop lists and imports loaded
    _time_each(folder, WARMUP if limit is None else min(limit, WARMUP), parse)
    docs, seconds = _time_each(folder, limit, parse)
    preds: dict[str, Prediction] = {
        key: doc.model_dump(mode="json", include={"body", "title", "authors", "organizations", "published"})
        if doc is not None
        else {"body": ""}
        for key, doc in docs.items()
    }
    return preds, seconds, sum(doc is None for doc in docs.values())


Prediction = dict[str, object]
T = TypeVar("T")


def _time_each(folder: Path, limit: int | None, extract: Callable[[bytes, str], T]) -> tuple[dict[str, T], float]:
    """``extract`` on each input's bytes and file name, in name order, timed apart from reading
    the file: (id -> what it returned, seconds)."""
    files = sorted(p for p in folder.iterdir() if input_suffix(p.name))[:limit]
    out: dict[str, T] = {}
    seconds = 0.0
    for path in files:
        data = path.read_bytes()
        started = time.perf_counter()
        result = extract(data, path.name)
        seconds += time.perf_counter() - started
        out[path.name[: -len(input_suffix(path.name) or "")]] = result
    return out, seconds


def _html_text(data: bytes) -> str:
    """A bench HTML file's text (gunzipped, decoded as the pipeline decodes it; "" when it cannot be)."""
    from parsers.inputs.read import DEFAULT_MAX_BYTES, decode, gunzip

    raw = gunzip(data, DEFAULT_MAX_BYTES) if data[:2] == b"\x1f\x8b" else data
    html = decode(raw) if isinstance(raw, bytes) else ""
    return html if isinstance(html, str) else ""


def trafilatura_alone(folder: Path, limit: int | None, with_metadata: bool) -> tuple[dict[str, Prediction], float]:
    """trafilatura's own defaults on the same HTML, timed the same way: (predictions, seconds)."""
    import trafilatura

    def extract(data: bytes, name: str) -> Prediction:
        out = trafilatura.bare_extraction(_html_text(data), with_metadata=with_metadata)
        doc = out.as_dict() if out is not None and not isinstance(out, dict) else (out or {})
        author = doc.get("author")
        return {"body": doc.get("text") or "", "title": doc.get("title"), "published": doc.get("date"),
                "authors": [author] if author else []}  # fmt: skip

    return _time_each(folder, limit, extract)


def htmldate_alone(folder: Path, limit: int | None) -> tuple[dict[str, Prediction], float]:
    """htmldate alone on the same HTML, the publication date only (``original_date``, its
    extensive search on): (predictions, seconds)."""
    from htmldate import find_date
    from trafilatura import load_html

    def extract(data: bytes, name: str) -> Prediction:
        html = _html_text(data)
        tree = load_html(html) if html else None
        try:
            found = find_date(tree, extensive_search=True, original_date=True) if tree is not None else None
        except Exception:  # htmldate fails on a few malformed pages: no answer, as a user would get
            found = None
        return {"body": "", "published": found if isinstance(found, str) else None}

    return _time_each(folder, limit, extract)


def justext_alone(folder: Path, limit: int | None) -> tuple[dict[str, Prediction], float]:
    """jusText on the same markdown or plain text, the text path's reference (see
    :func:`_markdown_paragraph`), with the stop list of the language we detect on the text without
    its link targets (English when none); the paragraphs it classes good kept. Timed from the bytes:
    (predictions, seconds)."""
    import justext

    from parsers.language import ISO_CODES, detect

    names = {code: name for name, code in ISO_CODES.items()}
    stop_lists: dict[str, frozenset[str]] = {}

    def extract(data: bytes, name: str) -> Prediction:
        text = data.decode("utf-8", errors="replace")
        language = names.get(detect(_MD_LINK.sub(r"\1", _MD_IMAGE.sub("", text))) or "", "English")  # not the urls
        if language not in stop_lists:
            stop_lists[language] = justext.get_stoplist(language)
        page = "".join(_markdown_paragraph(p) for p in text.split("\n\n") if p.strip())
        paragraphs = justext.justext(f"<html><body>{page}</body></html>", stop_lists[language])
        return {"body": "\n".join(p.text for p in paragraphs if not p.is_boilerplate)}

    return _time_each(folder, limit, extract)


def score(dataset: Path, pred_file: Path, result_file: Path | None) -> dict[str, object] | None:
    scorer = dataset.parent / "score.py"
    if not scorer.exists():
        return None
    cmd = [sys.executable, str(scorer), "--gold", str(dataset), "--pred", str(pred_file), "--quiet"]
    with tempfile.TemporaryDirectory() as tmp:
        out = result_file or Path(tmp) / "result.json"
        subprocess.run([*cmd, "--json", str(out)], check=True)
        result: dict[str, object] = json.loads(out.read_text())
    return result


_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)[^)\n]*\)")
_MD_HEADING = re.compile(r"^#{1,6}\s+")


def _markdown_paragraph(markdown: str) -> str:
    """One markdown paragraph (text between blank lines) as the HTML jusText reads: a heading an
    ``<h2>``, any other a ``<p>``; links ``<a>`` (jusText counts link density from them), images dropped."""
    tag = "h2" if _MD_HEADING.match(markdown) else "p"
    text = escape(_MD_HEADING.sub("", _MD_IMAGE.sub("", markdown)))
    return f"<{tag}>" + _MD_LINK.sub(r'<a href="\2">\1</a>', text) + f"</{tag}>"


Baseline = Callable[[Path, int | None], tuple[dict[str, Prediction], float]]


def _baselines(kind: str) -> dict[str, Baseline]:
    """The tools we are measured against on this kind of input, by label."""
    if kind == "html":
        return {
            "trafilatura alone (defaults)": functools.partial(trafilatura_alone, with_metadata=False),
            "trafilatura alone (with metadata)": functools.partial(trafilatura_alone, with_metadata=True),
        }
    return {"jusText on the same text": justext_alone}


def _compare(args: argparse.Namespace, ours_seconds: float, n: int) -> None:
    """Time the baselines of this input kind against us, in alternating rounds: on a shared
    machine the load drifts, so each tool's best round counts."""
    baselines = _baselines(args.kind)
    ours = [ours_seconds]
    theirs: dict[str, list[float]] = {label: [] for label in baselines}
    scores: dict[str, float] = {}
    for round_ in range(args.rounds):
        if round_:
            ours.append(run_parser(args.dataset / args.kind, args.limit)[1])
        for label, baseline in baselines.items():
            preds, seconds = baseline(args.dataset / args.kind, args.limit)
            theirs[label].append(seconds)
            if label not in scores:
                with tempfile.TemporaryDirectory() as tmp:
                    pred_file = Path(tmp) / "pred.json"
                    pred_file.write_text(json.dumps(preds, ensure_ascii=False))
                    result = score(args.dataset, pred_file, None)
                body = result.get("body") if result else None
                scores[label] = float(body["f1"]) if isinstance(body, dict) else float("nan")
    best = n / min(ours)
    print(f"boilerstrip: {best:.0f} documents/s (best of {len(ours)} rounds: "
          + ", ".join(f"{n / s:.0f}" for s in ours) + ")")  # fmt: skip
    for label, runs in theirs.items():
        rate = n / min(runs)
        print(
            f"{label}: {rate:.0f} documents/s (rounds: "
            + ", ".join(f"{n / s:.0f}" for s in runs)
            + f"), body F1 {scores[label]:.3f}; boilerstrip/baseline speed ratio {best / rate:.2f}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dataset", type=Path, help="bench dataset folder (holding gold.json and input kinds)")
    ap.add_argument("--kind", choices=KINDS, default="text")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--out", type=Path, help="write predictions (id -> record) here")
    ap.add_argument("--json", type=Path, help="write the scorer's full result here")
    ap.add_argument(
        "--compare",
        "--compare-trafilatura",
        dest="compare",
        action="store_true",
        help="time the kind's baselines too: trafilatura alone on HTML, jusText on the same text otherwise",
    )
    ap.add_argument("--rounds", type=int, default=3, help="alternating timing rounds for --compare")
    args = ap.parse_args(argv)
    preds, seconds, rejected = run_parser(args.dataset / args.kind, args.limit)
    if args.compare:
        _compare(args, seconds, len(preds))
    with tempfile.TemporaryDirectory() as tmp:
        pred_file = args.out or Path(tmp) / "pred.json"
        pred_file.write_text(json.dumps(preds, ensure_ascii=False))
        result = score(args.dataset, pred_file, args.json)
    n = len(preds)
    print(f"{args.dataset.name}/{args.kind}: {n} documents, {rejected} rejected, "
          f"{n / seconds:.0f} documents/s in one process ({seconds:.2f} s)")  # fmt: skip
    if result is not None:
        print("  quality IN SAMPLE (the shipped model was fitted on these pages; see `make bench` for out of fold):")
        for section in ("body", "author", "author_empty", "date", "title"):
            figures = result.get(section)
            if isinstance(figures, dict):
                shown = {k: v for k, v in figures.items() if isinstance(v, (int, float)) and not k.endswith("_std")}
                print(
                    f"  {section}: "
                    + ", ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in shown.items())
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
