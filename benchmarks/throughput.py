"""Throughput and memory, measured in one run, printed as figures and ratios.

    python -m benchmarks.throughput [--docs 10000] [--html 200] [--workers 0]

Builds a corpus of N text/markdown documents by replicating raw/ and, when present, the
../shared/bench text inputs into a temp dir (each copy gets a unique trailing comment line so
that ids differ), then measures: core documents/s in this process on text and on HTML inputs,
trafilatura alone on the same HTML, one batch of the corpus with its reading and writing (no
Prefect), the ingest flow on all cores over the whole corpus, peak RSS of the flow process and
of its workers, and the ratios between them.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from flows.batch import DEFAULT_BATCH_SIZE, process_batch
from flows.storage import discover
from parsers import ParseOptions, parse_bytes
from parsers.inputs.read import decode

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"


def text_sources() -> list[Path]:
    sources = [p for p in sorted((ROOT / "raw").iterdir()) if p.suffix in (".md", ".txt")]
    for dataset in ("scrapinghub", "trafilatura-eval"):
        folder = BENCH / dataset / "text"
        if folder.is_dir():
            sources.extend(sorted(folder.glob("*.md")))
    return sources


def html_sources(limit: int) -> list[bytes]:
    pages = [(ROOT / "raw" / "lakeside-post-orchard.html").read_bytes()]
    folder = BENCH / "scrapinghub" / "html"
    if folder.is_dir():
        pages.extend(gzip.decompress(p.read_bytes()) for p in sorted(folder.glob("*.html.gz")))
    return list(itertools.islice(itertools.cycle(pages), limit))


def build_corpus(target: Path, n: int) -> int:
    sources = text_sources()
    total = 0
    for i, source in zip(range(n), itertools.cycle(sources), strict=False):
        data = source.read_bytes() + f"\n\n<!-- copy {i} -->\n".encode()
        shard = target / f"{i // 1000:03d}"
        shard.mkdir(parents=True, exist_ok=True)
        (shard / f"doc{i:06d}{source.suffix}").write_bytes(data)
        total += len(data)
    return total


def core_rate(items: list[tuple[str, bytes]]) -> float:
    options = ParseOptions()
    parse_bytes(items[0][1], items[0][0], options)  # warm caches: rules, stop lists, imports
    started = time.perf_counter()
    for name, data in items:
        parse_bytes(data, name, options)
    return len(items) / (time.perf_counter() - started)


def batch_rate(raw: Path, clean: Path, count: int) -> float:
    """Documents/s of one batch in this process: read each input, call the core, write its JSON
    (what a flow task does, without Prefect), on the corpus's first ``count`` inputs as the flow finds them."""
    paths = [str(p.relative_to(raw)) for p in itertools.islice(discover(raw), count)]
    options = ParseOptions()
    process_batch(paths[:1], str(raw), str(clean / "warm"), options)
    started = time.perf_counter()
    process_batch(paths, str(raw), str(clean / "timed"), options)
    return len(paths) / (time.perf_counter() - started)


def _core_worker(paths: list[Path], count: int, seconds: float, barrier: Any, results: Any) -> None:
    items = [(p.name, p.read_bytes()) for p in itertools.islice(itertools.cycle(paths), count)]
    options = ParseOptions()
    parse_bytes(items[0][1], items[0][0], options)
    barrier.wait()  # all processes start timing together
    done, deadline = 0, time.perf_counter() + seconds
    for name, data in itertools.cycle(items):
        parse_bytes(data, name, options)
        if time.perf_counter() > deadline:
            break
        done += 1
    results.put(done)


def parallel_core_rate(paths: list[Path], count: int, processes: int, seconds: float) -> float:
    """Documents/s of the core run in ``processes`` plain processes at once (no Prefect, no I/O):
    what the machine's cores give when nothing else runs, the ceiling for any flow."""
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(processes), ctx.Queue()
    workers = [
        ctx.Process(target=_core_worker, args=(paths, count, seconds, barrier, results)) for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    done: int = sum(results.get() for _ in workers)
    for worker in workers:
        worker.join()
    return done / seconds


def trafilatura_rate(pages: list[bytes]) -> float:
    import trafilatura

    first = decode(pages[0])
    trafilatura.extract(first if isinstance(first, str) else "")
    started = time.perf_counter()
    for page in pages:
        html = decode(page)
        trafilatura.extract(html if isinstance(html, str) else "")
    return len(pages) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10_000, help="corpus size for the flow run")
    ap.add_argument("--core-docs", type=int, default=1000, help="documents timed in one process")
    ap.add_argument("--html", type=int, default=200, help="HTML pages timed (core and trafilatura)")
    ap.add_argument("--workers", type=int, default=0, help="flow processes (0 = one per core)")
    ap.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    ap.add_argument("--parallel-seconds", type=float, default=20, help="how long the N-process core is timed")
    args = ap.parse_args(argv)
    cores = args.workers or os.cpu_count() or 1
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

    sources = text_sources()
    texts = [(p.name, p.read_bytes()) for p in sources]
    text_items = list(itertools.islice(itertools.cycle(texts), args.core_docs))
    pages = html_sources(args.html)
    text_rate = core_rate(text_items)
    html_rate = core_rate([(f"p{i}.html", page) for i, page in enumerate(pages)])
    traf_rate = trafilatura_rate(pages)
    print(f"core, one process: text {text_rate:.0f} docs/s ({len(text_items)} docs), "
          f"HTML {html_rate:.1f} docs/s ({len(pages)} pages)")  # fmt: skip
    print(f"trafilatura alone on the same HTML: {traf_rate:.1f} docs/s")
    parallel_rate = parallel_core_rate(sources, args.core_docs, cores, args.parallel_seconds)
    print(f"core, {cores} plain processes at once (no Prefect, no I/O): text {parallel_rate:.0f} docs/s")

    from prefect.testing.utilities import prefect_test_harness

    from flows.ingest import ingest

    tmp = Path(tempfile.mkdtemp(prefix="boilerstrip-bench-"))
    try:
        size = build_corpus(tmp / "raw", args.docs)
        io_rate = batch_rate(tmp / "raw", tmp / "batch", args.core_docs)
        print(f"one batch in this process (read, core, write JSON; no Prefect): {io_rate:.0f} docs/s")
        with prefect_test_harness(server_startup_timeout=60):
            started = time.perf_counter()
            report = ingest(
                raw_dir=str(tmp / "raw"), clean_dir=str(tmp / "clean"), workers=args.workers,
                batch_size=args.batch_size,
            )  # fmt: skip
            flow_seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    # The machine's speed drifts: the core is timed again after the flow, and the better of the
    # two runs is the baseline (the conservative choice for the flow's ratios).
    text_after = core_rate(text_items)
    print(f"core, one process, after the flow: text {text_after:.0f} docs/s")
    text_rate = max(text_rate, text_after)
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    flow_rate = args.docs / flow_seconds
    ideal = args.docs / (text_rate * cores)
    print(
        f"flow on {cores} processes: {args.docs} docs ({size / 1e6:.0f} MB) in {flow_seconds:.1f} s = "
        f"{flow_rate:.0f} docs/s; written {report.written}, rejected {report.rejected}, failed {report.failed}"
    )
    print(f"peak RSS: flow process {rss_self:.0f} MB, largest worker {rss_children:.0f} MB")
    print("ratios:")
    print(f"  text core per core / trafilatura alone: {text_rate / traf_rate:.1f}x")
    print(f"  HTML core / trafilatura alone:          {html_rate / traf_rate:.2f}x")
    print(f"  flow on {cores} cores / one-process core:     {flow_rate / text_rate:.2f}x")
    print(f"  flow overhead over ideal {cores}-core time:   {(flow_seconds / ideal - 1) * 100:.0f} %")
    print(f"  one batch with its I/O / one-process core:  {io_rate / text_rate:.2f}x")
    ideal_io = args.docs / (io_rate * cores)
    print(f"  flow overhead over ideal time with I/O:     {(flow_seconds / ideal_io - 1) * 100:.0f} %")
    print(f"  {cores} plain processes / one-process core:   {parallel_rate / text_rate:.2f}x (the machine's ceiling)")
    print(f"  flow / {cores} plain processes:               {flow_rate / parallel_rate:.2f}x")
    print(f"  flow overhead over {cores} plain processes:   {(parallel_rate / flow_rate - 1) * 100:.0f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
