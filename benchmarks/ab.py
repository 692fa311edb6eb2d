"""Core speed of this checkout against another one (a commit before a change), in one run.

    git worktree add /tmp/before <commit>
    python -m benchmarks.ab /tmp/before [--rounds 5] [--pages 150]

Each round times both checkouts, in alternating order, each in a fresh process that parses the
same bench pages (HTML, markdown, plain text) after a warm-up; the figure per checkout is its
best round, and the ratio is this checkout's time over the other's (below 1: faster). Times are
the parsing process's CPU seconds: on this virtual machine wall time drifts by up to 30 % within
minutes (time the host gives other guests), which CPU time leaves out.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
KINDS = {"html": "*.html.gz", "text": "*.md", "plain": "*.txt"}
WARMUP = 20

# Run inside each checkout: time parse_bytes over the pages of each kind (seconds, JSON on stdout).
_TIMER = (
    """
import json, sys, time
from pathlib import Path
from parsers import ParseOptions, parse_bytes
files = json.loads(sys.argv[1])
options = ParseOptions()
out = {}
for kind, paths in files.items():
    pages = [(Path(p).name, Path(p).read_bytes()) for p in paths]
    for name, data in pages[:WARMUP]:
        parse_bytes(data, name, options)
    started = time.process_time()
    for name, data in pages:
        parse_bytes(data, name, options)
    out[kind] = time.process_time() - started
print(json.dumps(out))
"""
).replace("WARMUP", str(WARMUP))


def pages(limit: int) -> dict[str, list[str]]:
    """The same pages of each kind for both checkouts: the first of each bench set, in name order."""
    found: dict[str, list[str]] = {}
    for kind, pattern in KINDS.items():
        folder = "html" if kind == "html" else kind
        files = [
            p for s in ("scrapinghub", "trafilatura-eval", "wcxb") for p in sorted((BENCH / s / folder).glob(pattern))
        ]
        found[kind] = [str(p) for p in files[:: max(1, len(files) // limit)][:limit]]
    return found


def timed(checkout: Path, files: dict[str, list[str]]) -> dict[str, float]:
    run = subprocess.run(
        [sys.executable, "-c", _TIMER, json.dumps(files)], cwd=checkout, capture_output=True, text=True, check=True,
        env={"PYTHONPATH": str(checkout), "PATH": "/usr/bin:/bin", "DO_NOT_TRACK": "1"},
    )  # fmt: skip
    return {k: float(v) for k, v in json.loads(run.stdout.strip().splitlines()[-1]).items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("other", type=Path, help="the checkout to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pages", type=int, default=150, help="pages of each kind")
    args = parser.parse_args(argv)
    files = pages(args.pages)
    best: dict[str, dict[str, float]] = {"this": {}, "other": {}}
    for round_ in range(args.rounds):
        order = [("this", ROOT), ("other", args.other.resolve())]
        for label, checkout in order if round_ % 2 == 0 else order[::-1]:
            for kind, seconds in timed(checkout, files).items():
                best[label][kind] = min(seconds, best[label].get(kind, seconds))
    print(f"{'kind':6} {'pages':>5} {'this ms/page':>13} {'other ms/page':>14} {'ratio':>6}")
    for kind in KINDS:
        n = len(files[kind])
        this, other = best["this"][kind], best["other"][kind]
        print(f"{kind:6} {n:5d} {1000 * this / n:13.2f} {1000 * other / n:14.2f} {this / other:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
