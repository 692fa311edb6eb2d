"""One-off shell runs as a user meets them, measured in one run and printed as ratios.

    python -m benchmarks.oneoff [--small 100] [--large 1000]

Copies markdown pages (../shared/bench/*/text when present, else raw/ replicated) into a temp
dir, then times ``boilerstrip ingest`` from a cold shell (a new process, no Prefect API
configured, an empty Prefect home) over the first SMALL pages, twice in a row (the second into
a fresh clean dir), and over LARGE pages; the baseline is the core alone (``parse_bytes`` over
the same pages) in 2 plain processes, imports excluded.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"
CLI = Path(sys.executable).with_name("boilerstrip")


def pages(count: int) -> list[Path]:
    found = sorted(
        p for name in ("scrapinghub", "trafilatura-eval", "wcxb") for p in (BENCH / name / "text").glob("*.md")
    )
    found = found or sorted(ROOT.glob("raw/*.md"))
    return list(itertools.islice(itertools.cycle(found), count))


def corpus(folder: Path, sources: list[Path]) -> Path:
    folder.mkdir(parents=True)
    for i, source in enumerate(sources):
        data = source.read_bytes() + f"\n\n<!-- copy {i} -->\n".encode()  # every copy its own id
        (folder / f"{i:05d}-{source.name}").write_bytes(data)
    return folder


def cold_ingest(raw: Path, clean: Path, home: Path) -> float:
    """Wall seconds of `boilerstrip ingest RAW CLEAN` in a new process with no Prefect API configured."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), DO_NOT_TRACK="1")
    started = time.perf_counter()
    run = subprocess.run([str(CLI), "ingest", str(raw), str(clean)], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        raise SystemExit(f"ingest failed: {run.stderr[-2000:]}")
    return seconds


def _parse_all(paths: list[str]) -> float:
    from parsers import parse_bytes

    parse_bytes(Path(paths[0]).read_bytes(), paths[0])  # warm: rules and model loaded
    started = time.perf_counter()
    for path in paths:
        parse_bytes(Path(path).read_bytes(), path)
    return time.perf_counter() - started


def core_rate(raw: Path, processes: int = 2) -> float:
    """Documents/s of the core alone over the pages of ``raw`` in ``processes`` plain processes."""
    paths = sorted(str(p) for p in raw.iterdir())
    shares = [paths[i::processes] for i in range(processes)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        seconds = pool.map(_parse_all, shares)
    return len(paths) / max(seconds)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--small", type=int, default=100)
    ap.add_argument("--large", type=int, default=1000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        small = corpus(base / "small", pages(args.small))
        large = corpus(base / "large", pages(args.large))
        first = cold_ingest(small, base / "clean1", base / "home")
        second = cold_ingest(small, base / "clean2", base / "home")
        rerun = cold_ingest(small, base / "clean2", base / "home")
        whole = cold_ingest(large, base / "clean3", base / "home")
        rate = core_rate(large)
        written = sum(1 for _ in (base / "clean3").rglob("*.json"))
        shutil.rmtree(base / "home", ignore_errors=True)
    print(f"{args.small} markdown pages, cold shell, no Prefect API: {first:.2f} s; again into a fresh dir: "
          f"{second:.2f} s; again unchanged (all skipped): {rerun:.2f} s")  # fmt: skip
    print(f"{args.large} pages: {whole:.2f} s wall = {args.large / whole:.0f} docs/s; core alone in 2 processes: "
          f"{rate:.0f} docs/s; ratio {args.large / whole / rate:.2f}x ({written} files written)")  # fmt: skip


if __name__ == "__main__":
    main()
