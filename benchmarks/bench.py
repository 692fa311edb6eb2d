"""Run the core over a bench folder, score it with the shared scorer, print quality and speed.

    python -m benchmarks.bench ../shared/bench/scrapinghub --kind text [--out pred.json]

The parse is timed in this process (documents/s, one core); scoring uses the bench's own
``score.py`` (found beside the dataset folder) when it is present.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from flows.storage import input_suffix
from parsers import ParseOptions, parse_bytes
from schemas.document import Document

KINDS = ("text", "plain", "text-wrapped", "html")
WARMUP = 30  # inputs parsed before timing starts


def run_parser(folder: Path, limit: int | None = None) -> tuple[dict[str, dict[str, object]], float, int]:
    """Parse every input in ``folder``: (id -> prediction record, seconds spent parsing, rejections)."""
    files = sorted(p for p in folder.iterdir() if input_suffix(p.name))[:limit]
    options = ParseOptions()
    preds: dict[str, dict[str, object]] = {}
    rejected = 0
    for path in files[:WARMUP]:  # steady state: rules compiled, stop lists and imports loaded
        parse_bytes(path.read_bytes(), path.name, options)
    seconds = 0.0
    for path in files:
        data = path.read_bytes()
        started = time.perf_counter()
        results = parse_bytes(data, path.name, options)
        seconds += time.perf_counter() - started
        doc = results[0]
        key = path.name[: -len(input_suffix(path.name) or "")]
        if isinstance(doc, Document):
            preds[key] = doc.model_dump(mode="json", include={"body", "title", "authors", "published"})
        else:
            rejected += 1
            preds[key] = {"body": ""}
    return preds, seconds, rejected


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dataset", type=Path, help="bench dataset folder (holding gold.json and input kinds)")
    ap.add_argument("--kind", choices=KINDS, default="text")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--out", type=Path, help="write predictions (id -> record) here")
    ap.add_argument("--json", type=Path, help="write the scorer's full result here")
    args = ap.parse_args(argv)
    preds, seconds, rejected = run_parser(args.dataset / args.kind, args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        pred_file = args.out or Path(tmp) / "pred.json"
        pred_file.write_text(json.dumps(preds, ensure_ascii=False))
        result = score(args.dataset, pred_file, args.json)
    n = len(preds)
    print(f"{args.dataset.name}/{args.kind}: {n} documents, {rejected} rejected, "
          f"{n / seconds:.0f} documents/s in one process ({seconds:.2f} s)")  # fmt: skip
    if result is not None:
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
