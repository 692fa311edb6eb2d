"""Whether a change to the core leaves its outputs as they were: every DEV bench input of every
kind (and the samples in ``raw/`` and the seeds) parsed, each result written out whole except
its ``pipeline_version`` (which names the code and so always changes), then compared.

    python -m benchmarks.same_outputs dump OUT_DIR     # the outputs of this checkout
    python -m benchmarks.same_outputs compare A B      # two dumps: which inputs differ, and how
    python -m benchmarks.same_outputs check OUT_DIR    # dump to a temporary folder, compare with OUT_DIR

A refactoring keeps the outputs byte-identical: ``check`` against a dump taken before it exits 0.
"""

from __future__ import annotations

import argparse
import difflib
import json
import multiprocessing
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from flows.storage import input_suffix

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
ROOT = Path(__file__).resolve().parents[1]
KINDS = ("html", "text", "plain", "text-wrapped")
CHUNK = 40  # inputs a worker parses at a time


def corpora(bench: Path) -> Iterator[tuple[str, Path]]:
    """(name, folder) of every folder of inputs compared: the bench's sets and kinds, then ours."""
    for collection in sorted(p for p in bench.iterdir() if p.is_dir()) if bench.is_dir() else []:
        for kind in KINDS:
            if (collection / kind).is_dir():
                yield f"{collection.name}-{kind}", collection / kind
    yield "raw", ROOT / "raw"
    seeds = bench.parent / "seeds"
    if seeds.is_dir():
        yield "seeds", seeds


def _parse(paths: list[str]) -> list[str]:
    from parsers import ParseOptions, parse_file

    options = ParseOptions()
    lines = []
    for path in paths:
        results = []
        for result in parse_file(path, options):
            dumped = result.model_dump(mode="json")
            dumped.pop("pipeline_version")
            results.append(dumped)
        lines.append(json.dumps({"input": Path(path).name, "results": results}, ensure_ascii=False, sort_keys=True))
    return lines


def dump(out: Path, bench: Path = BENCH, workers: int = os.cpu_count() or 1) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for name, folder in corpora(bench):
            files = sorted(str(p) for p in folder.iterdir() if p.is_file() and input_suffix(p.name))
            chunks = [files[i : i + CHUNK] for i in range(0, len(files), CHUNK)]
            lines = [line for part in pool.map(_parse, chunks) for line in part]
            (out / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
            print(f"{name}: {len(lines)} inputs", file=sys.stderr)


def compare(before: Path, after: Path, shown: int = 3) -> int:
    """The number of inputs whose outputs differ (a missing or extra dump file counts as one)."""
    differ = 0
    names = sorted({p.name for p in before.glob("*.jsonl")} | {p.name for p in after.glob("*.jsonl")})
    for name in names:
        a, b = before / name, after / name
        if not (a.exists() and b.exists()):
            print(f"{name}: only in {'before' if a.exists() else 'after'}")
            differ += 1
            continue
        old = dict(_entries(a))
        new = dict(_entries(b))
        changed = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        print(f"{name}: {len(old)} inputs, {len(changed)} differ")
        for key in changed[:shown]:
            diff = difflib.unified_diff(
                _pretty(old.get(key)), _pretty(new.get(key)), "before", "after", lineterm="", n=1
            )
            print(f"  {key}:\n    " + "\n    ".join(list(diff)[2:40]))
        differ += len(changed)
    return differ


def _entries(path: Path) -> Iterator[tuple[str, str]]:
    for line in path.read_text(encoding="utf-8").split("\n"):  # not splitlines: U+2028 stands in strings
        if line:
            entry = json.loads(line)
            yield entry["input"], json.dumps(entry["results"], ensure_ascii=False, sort_keys=True)


def _pretty(results: str | None) -> list[str]:
    return json.dumps(json.loads(results), indent=1, ensure_ascii=False).splitlines() if results else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("dump", "compare", "check"))
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--bench", type=Path, default=BENCH)
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.folders[0], args.bench)
        return 0
    if args.command == "compare":
        differ = compare(args.folders[0], args.folders[1])
    else:
        with tempfile.TemporaryDirectory() as tmp:
            dump(Path(tmp), args.bench)
            differ = compare(args.folders[0], Path(tmp))
    print(f"{differ} inputs differ" if differ else "outputs identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
