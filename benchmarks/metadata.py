"""Metadata baselines and date candidates on the DEV bench's HTML, scored by the bench's rules.

    python -m benchmarks.metadata [--sets trafilatura-eval wcxb] [--ours DUMP_DIR]
    python -m benchmarks.metadata --author-misses DUMP_DIR

For each set (and wcxb's article pages apart): title, author and date as trafilatura alone
gives them (``trafilatura.extract_metadata``) and the date as htmldate alone gives it (its
defaults, and with ``original_date``), scored with ``score.py``'s exact-match rules; beside
them, with ``--ours``, boilerstrip's own outputs from a ``benchmarks.same_outputs`` dump (that
dump parses with the shipped model: an in-sample figure for the body; the out-of-fold metadata
figures are in parsers/models/blocks.report.md).

Then the date candidates of every page with a gold date: how often each source gives a date, how
often that date is right, and how often any source is right (the most a choice among them can
reach). No page is parsed with a URL: the inputs carry none.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
SOURCES = (
    "boilerstrip", "declared", "declared_any", "url", "headline", "htmldate_fast_original",
    "htmldate_original", "htmldate", "trafilatura",
)  # fmt: skip


def _day(value: Any) -> str | None:
    return value[:10] if isinstance(value, str) and len(value) >= 10 else None


def _page(path: str) -> dict[str, Any]:
    """Every baseline's metadata and every date candidate of one page."""
    import trafilatura
    from htmldate import find_date

    from parsers.html.dates import headline_date, marked_up_dates
    from parsers.inputs.read import DEFAULT_MAX_BYTES, decode, gunzip
    from parsers.meta.dates import url_date

    raw = gunzip(Path(path).read_bytes(), DEFAULT_MAX_BYTES)
    html = decode(raw) if isinstance(raw, bytes) else ""
    html = html if isinstance(html, str) else ""
    out: dict[str, Any] = {"dates": {}}
    try:
        meta = trafilatura.extract_metadata(html)
    except Exception:  # trafilatura fails on a few malformed pages: no answer, as a user would get
        meta = None
    out["trafilatura"] = {
        "title": meta.title if meta else None, "author": meta.author if meta else None,
        "date": meta.date if meta else None,
    }  # fmt: skip
    tree = trafilatura.load_html(html)
    declared = marked_up_dates(html)
    canonical = meta.url if meta else None
    shown = headline_date(html, meta.title if meta else None)
    dates = out["dates"]
    dates["declared"] = declared[0] if declared else None
    dates["declared_any"] = declared
    dates["url"] = url_date(canonical)
    dates["headline"] = shown.iso if shown else None
    dates["trafilatura"] = meta.date if meta else None
    searches = {
        "htmldate_fast_original": (False, True),  # (extensive_search, original_date)
        "htmldate_original": (True, True),
        "htmldate": (True, False),  # htmldate's defaults
    }
    for name, (extensive, original) in searches.items():
        try:
            found = find_date(tree, extensive_search=extensive, original_date=original) if tree is not None else None
        except Exception:
            found = None
        dates[name] = found if isinstance(found, str) else None
    return out


def _pages(paths: list[str]) -> list[dict[str, Any]]:
    return [_page(p) for p in paths]


def run(sets: list[str], ours: Path | None, workers: int) -> dict[str, Any]:
    sys.path.insert(0, str(BENCH))
    import score  # type: ignore[import-not-found]  # the bench's own rules (../shared/bench/score.py)

    results: dict[str, Any] = {}
    for name in sets:
        gold = json.loads((BENCH / name / "gold.json").read_text("utf-8"))
        files = sorted((BENCH / name / "html").glob("*.html.gz"))
        ids = [f.name.removesuffix(".html.gz") for f in files]
        chunks = [[str(f) for f in files[i : i + 25]] for i in range(0, len(files), 25)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            found = dict(zip(ids, [p for part in pool.map(_pages, chunks) for p in part], strict=True))
        mine = _dump(ours / f"{name}-html.jsonl") if ours else {}
        for i, page in found.items():
            page["dates"]["boilerstrip"] = (mine.get(i) or {}).get("published")
        results[name] = _score(score, gold, found, mine, None)
        if name == "wcxb":
            articles = {i: g for i, g in gold.items() if g.get("page_type") == "article"}
            results["wcxb articles"] = _score(score, articles, found, mine, None)
    return results


def _dump(path: Path) -> dict[str, dict[str, Any]]:
    """id -> boilerstrip's first result (a document's fields, or nothing for a rejection)."""
    out: dict[str, dict[str, Any]] = {}
    for line in path.read_text("utf-8").split("\n"):
        if line:
            entry = json.loads(line)
            first = (entry["results"] or [{}])[0]
            out[entry["input"].removesuffix(".html.gz")] = first if "body" in first else {}
    return out


def _score(score: Any, gold: dict[str, Any], found: dict[str, Any], mine: dict[str, Any], _: None) -> dict[str, Any]:
    """Accuracy per field and system over the items with that gold field, and the date sources."""
    systems: dict[str, dict[str, Any]] = {
        "trafilatura": {i: p["trafilatura"] for i, p in found.items() if i in gold},
        "htmldate": {i: {"date": p["dates"]["htmldate"]} for i, p in found.items() if i in gold},
        "htmldate (original_date)": {
            i: {"date": p["dates"]["htmldate_original"]} for i, p in found.items() if i in gold
        },
    }  # fmt: skip
    if mine:
        systems["boilerstrip"] = {i: mine.get(i) or {} for i in gold}
    table: dict[str, dict[str, float | None]] = {}
    for system, preds in systems.items():
        row: dict[str, float | None] = {}
        for fieldname, keys in (("title", ("title",)), ("author", score.AUTHOR_KEYS), ("date", score.DATE_KEYS)):
            graded = [i for i, g in gold.items() if g.get(fieldname)]
            if fieldname != "date" and system.startswith("htmldate"):
                row[fieldname] = None
                continue
            right = 0
            for i in graded:
                pred = score.field(preds.get(i) or {}, keys)
                if fieldname == "title":
                    right += bool(pred) and score.norm_title(pred) == score.norm_title(gold[i]["title"])
                elif fieldname == "author":
                    right += score.author_set(gold[i]["author"]) == score.author_set(pred)
                else:
                    right += score.iso_day(gold[i]["date"]) is not None and score.iso_day(
                        gold[i]["date"]
                    ) == score.iso_day(pred)
            row[fieldname] = right / len(graded) if graded else None
        table[system] = row
    return {"n": len(gold), "systems": table, "dates": _date_sources(score, gold, found)}


def _date_sources(score: Any, gold: dict[str, Any], found: dict[str, Any]) -> dict[str, Any]:
    graded = [i for i, g in gold.items() if g.get("date") and i in found]
    given: Counter[str] = Counter()
    right: Counter[str] = Counter()
    oracle = 0
    for i in graded:
        want = score.iso_day(gold[i]["date"])
        any_right = False
        for source in SOURCES:
            value = found[i]["dates"].get(source)
            values = value if isinstance(value, list) else [value]
            days = [score.iso_day(v) for v in values if v]
            if days:
                given[source] += 1
                if want in days:
                    right[source] += 1
                    any_right = True
        oracle += any_right
    n = len(graded)
    per = {
        s: {"given": given[s] / n, "right": right[s] / n, "right_when_given": right[s] / given[s] if given[s] else None}
        for s in SOURCES
    }
    return {"n": n, "oracle": oracle / n if n else None, "sources": per}


def render(results: dict[str, Any]) -> str:
    lines = ["## Metadata on HTML, share right (score.py's exact-match rules)", ""]
    lines += ["| set | system | title | author | date |", "|---|---|---|---|---|"]
    for name, r in results.items():
        for system, row in r["systems"].items():
            cells = " | ".join("" if row[k] is None else f"{row[k]:.3f}" for k in ("title", "author", "date"))
            lines.append(f"| {name} ({r['n']}) | {system} | {cells} |")
    lines += ["", "## Date candidates (pages with a gold date)", ""]
    lines += ["| set | source | gives a date | right | right when given |", "|---|---|---|---|---|"]
    for name, r in results.items():
        d = r["dates"]
        for source, s in d["sources"].items():
            when = "" if s["right_when_given"] is None else f"{s['right_when_given']:.3f}"
            lines.append(f"| {name} ({d['n']}) | {source} | {s['given']:.3f} | {s['right']:.3f} | {when} |")
        lines.append(f"| {name} ({d['n']}) | any source right | | {d['oracle']:.3f} | |")
    return "\n".join(lines)


SUFFIXES = {"html": ".html.gz", "text": ".md", "plain": ".txt"}


def author_misses(dump: Path, sets: list[str]) -> str:
    """The classes of author misses of a dump, per set and input kind, over the pages whose gold
    names an author: right, none found, an organisation the gold calls an author, some of the
    names, other names."""
    sys.path.insert(0, str(BENCH))
    import score  # the bench's own rules (../shared/bench/score.py)

    classes = ("right", "none found", "organisation", "some names", "other names")
    lines = [f"| set / input | pages | {' | '.join(classes)} |", "|---|---|" + "---|" * len(classes)]
    for name in sets:
        gold = json.loads((BENCH / name / "gold.json").read_text("utf-8"))
        for kind, suffix in SUFFIXES.items():
            path = dump / f"{name}-{kind}.jsonl"
            if not path.exists():
                continue
            tally: Counter[str] = Counter()
            for line in path.read_text("utf-8").split("\n"):
                if not line:
                    continue
                entry = json.loads(line)
                want = score.author_set(gold[entry["input"].removesuffix(suffix)].get("author") or "")
                if not want:
                    continue
                doc: dict[str, Any] = next((r for r in entry["results"] if "body" in r), {})
                got = score.author_set(doc.get("authors") or [])
                orgs = score.author_set(doc.get("organizations") or [])
                tally[
                    "right" if want == got else "organisation" if want & orgs else "none found" if not got
                    else "some names" if want & got else "other names"
                ] += 1  # fmt: skip
            n = sum(tally.values())
            cells = " | ".join(f"{tally[c] / n:.2f}" for c in classes)
            lines.append(f"| {name}/{kind} | {n} | {cells} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="+", default=["trafilatura-eval", "wcxb"])
    parser.add_argument("--ours", type=Path, help="a benchmarks.same_outputs dump of this checkout")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    parser.add_argument("--author-misses", type=Path, metavar="DUMP", help="classes of author misses of a dump")
    args = parser.parse_args(argv)
    if args.author_misses:
        print(author_misses(args.author_misses, args.sets))
        return 0
    results = run(args.sets, args.ours, os.cpu_count() or 1)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), "utf-8")
    print(render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
