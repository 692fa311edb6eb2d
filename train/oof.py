"""Out-of-fold figures of the whole pipeline: each page parsed with models (blocks, dates, titles,
authors) fitted without its fold (5 folds grouped by site), then every set and input kind scored by
the bench's own scorer.

    python -m train.oof [--report parsers/models/blocks.report.md]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from parsers import ParseOptions, parse_bytes
from parsers.strip.model import MODEL_PATH
from schemas.document import Document
from train.bench import BENCH, FOLDS, SETS, pages
from train.dataset import CACHE, all_tables, vocabulary
from train.fit import __file__ as fit_source
from train.fit import fit_model, write_model

KINDS = ("text", "plain", "text-wrapped", "html")


def fold_models(folder: Path) -> list[Path]:
    """One model file per fold, fitted on the other folds' pages; kept under ``folder`` by the
    digest of what they are fitted from (the tables' numbers and the fitting code), so that a
    change elsewhere in the pipeline reuses them."""
    tables = [p for p in all_tables() if len(p.X)]
    digest = hashlib.sha256(Path(fit_source).read_bytes())
    for t in tables:
        digest.update(t.page.id.encode())
        for array in (t.X, t.y, t.w):
            digest.update(array.tobytes())
    key = digest.hexdigest()[:12]
    paths = []
    for k in range(FOLDS):
        path = folder / f"fold{k}-{key}.json"
        if not path.exists():
            write_model(fit_model([p for p in tables if p.page.fold != k], vocabulary()), path)
            print(f"fold {k} fitted", flush=True)
        paths.append(path)
    return paths


def _fold_files(folder: Path, name: str, fit_without: Callable[[int], BaseModel]) -> list[Path]:
    """One model file per fold under ``folder``, ``fit_without(k)`` fitted on the other folds' pages."""
    paths = []
    for k in range(FOLDS):
        path = folder / f"{name}-fold{k}.json"
        write_model(fit_without(k), path)
        paths.append(path)
    return paths


def fold_date_models(folder: Path) -> list[Path]:
    """One date model per fold (see :mod:`train.dates`)."""
    from train.dates import dated_pages, dated_texts, fit

    dated, texts = dated_pages(), dated_texts()
    return _fold_files(
        folder, "dates", lambda k: fit([d for d in dated if d.page.fold != k], [d for d in texts if d.page.fold != k])
    )


def fold_title_models(folder: Path) -> list[Path]:
    """One title model per fold (see :mod:`train.titles`)."""
    from train.titles import fit, html_titled_pages, titled_pages

    titled, html = titled_pages(), html_titled_pages()
    return _fold_files(
        folder, "titles", lambda k: fit([t for t in titled if t.page.fold != k], [h for h in html if h.page.fold != k])
    )


def fold_author_models(folder: Path) -> list[Path]:
    """One author model per fold, HTML and text (see :mod:`train.authors`)."""
    from train.authors import credited_pages, fit
    from train.text_authors import text_credited_pages

    credited = credited_pages()
    texts = text_credited_pages()
    return _fold_files(
        folder,
        "authors",
        lambda k: fit([c for c in credited if c.page.fold != k], [t for t in texts if t.page.fold != k]),
    )


def predictions(
    models: list[Path], dates: list[Path], titles: list[Path], authors: list[Path]
) -> dict[tuple[str, str], dict[str, dict[str, Any]]]:
    """(set, kind) -> id -> the fields the scorer reads, each page parsed with its fold's models."""
    out: dict[tuple[str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
    for dataset in SETS:
        for kind in KINDS:
            for page in pages(dataset, kind):
                options = ParseOptions(
                    model_path=models[page.fold],
                    date_model_path=dates[page.fold],
                    title_model_path=titles[page.fold],
                    author_model_path=authors[page.fold],
                )
                result = parse_bytes(page.path.read_bytes(), page.path.name, options)[0]
                doc = result if isinstance(result, Document) else None
                fields = {"body", "title", "authors", "organizations", "published"}
                out[(dataset, kind)][page.id] = doc.model_dump(mode="json", include=fields) if doc else {"body": ""}
    return out


def score(dataset: str, preds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.json"
        result = Path(tmp) / "result.json"
        pred.write_text(json.dumps(preds, ensure_ascii=False))
        cmd = [sys.executable, str(BENCH / "score.py"), "--gold", str(BENCH / dataset), "--pred", str(pred)]
        subprocess.run([*cmd, "--quiet", "--json", str(result)], check=True)
        scored: dict[str, Any] = json.loads(result.read_text())
    return scored


def baselines() -> dict[str, dict[str, Any]]:
    """The references on the same pages, scored the same way: trafilatura alone on HTML, jusText
    on markdown and plain text (as the bench command runs them), and htmldate alone on HTML (its
    date; keyed "<set>/html htmldate")."""
    from benchmarks.bench import htmldate_alone, justext_alone, trafilatura_alone

    out: dict[str, dict[str, Any]] = {}
    for dataset in SETS:
        for kind in KINDS:
            folder = BENCH / dataset / kind
            if not folder.is_dir():
                continue
            if kind == "html":
                preds, _ = trafilatura_alone(folder, None, with_metadata=True)
                if dataset != "scrapinghub":  # annotated with no date
                    out[f"{dataset}/html htmldate"] = score(dataset, htmldate_alone(folder, None)[0])
            else:
                preds, _ = justext_alone(folder, None)
            out[f"{dataset}/{kind}"] = score(dataset, preds)
    return out


def _figures(r: dict[str, Any]) -> dict[str, float]:
    body = r.get("body", {})
    out = {"f1": body.get("f1", 0.0), "precision": body.get("precision", 0.0), "recall": body.get("recall", 0.0)}
    if "word_f1" in r:
        out["word_f1"] = r["word_f1"]
    for field in ("author", "author_empty", "date", "title"):
        value = r.get(field)
        if isinstance(value, dict) and value.get("accuracy") is not None:
            out[field] = value["accuracy"]
    return out


def report(results: dict[str, dict[str, Any]], refs: dict[str, dict[str, Any]], model: Path) -> str:
    """The out-of-fold report as markdown."""
    from parsers.strip.model import load_model

    classifier = load_model(model)
    lines = [
        "# Block classifier: out-of-fold report",
        "",
        f"Written by `make train` for `{model.name}` (digest `{classifier.digest}`). Every figure is out of fold:",
        "each page was parsed by the whole pipeline with a model fitted without its fold (5 folds grouped by",
        "site, web.archive.org copies by their original site), then scored by `../shared/bench/score.py`.",
        "Body F1 is the shingle F1 on scrapinghub and wcxb and the snippet F1 on trafilatura-eval; word-F1 is",
        "WCXB's own metric. Baselines ran on the same pages in the same run: trafilatura alone (with its",
        "metadata) on HTML, jusText on markdown and plain text.",
        "",
        "## Body",
        "",
        "| set / input | F1 | precision | recall | word-F1 | baseline | baseline F1 | baseline word-F1 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        ours, ref = _figures(r), _figures(refs.get(name, {}))
        base = "trafilatura" if name.endswith("/html") else "jusText"
        lines.append(
            f"| {name} | {ours['f1']:.3f} | {ours['precision']:.3f} | {ours['recall']:.3f} | "
            f"{_maybe(ours.get('word_f1'))} | {base} | {ref.get('f1', 0.0):.3f} | {_maybe(ref.get('word_f1'))} |"
        )
    lines += ["", "## wcxb word-F1 by page type", ""]
    wcxb = {name: r for name, r in results.items() if name.startswith("wcxb/")}
    kinds = list(wcxb)
    lines += [
        "| page type | n | " + " | ".join(kinds) + " | trafilatura alone (html) |",
        "|---" * (len(kinds) + 3) + "|",
    ]
    types = sorted(next(iter(wcxb.values()), {}).get("by_page_type", {}))
    for t in types:
        row = [wcxb[k]["by_page_type"][t] for k in kinds]
        ref = refs.get("wcxb/html", {}).get("by_page_type", {}).get(t, {})
        lines.append(
            f"| {t} | {row[0]['n']} | "
            + " | ".join(f"{x['word_f1']:.3f}" for x in row)
            + f" | {_maybe(ref.get('word_f1'))} |"
        )
    lines += [
        "",
        "## Metadata (share right)",
        "",
        "Beside ours on HTML, on the same pages: trafilatura alone (its metadata) and htmldate alone (the",
        "publication date with `original_date` and its extensive search). No page is given its address.",
        "",
        "| set / input | title | author | no author | date | trafilatura alone: title | author | no author | date "
        "| htmldate alone: date |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        f = _figures(r)
        if any(k in f for k in ("title", "author", "date")):
            ref, dated = _figures(refs.get(name, {})), _figures(refs.get(f"{name} htmldate", {}))
            html = name.endswith("/html")
            lines.append(
                f"| {name} | {_maybe(f.get('title'))} | {_maybe(f.get('author'))} | "
                f"{_maybe(f.get('author_empty'))} | {_maybe(f.get('date'))} | "
                + " | ".join(_maybe(ref.get(k)) if html else "" for k in ("title", "author", "author_empty", "date"))
                + f" | {_maybe(dated.get('date'))} |"
            )
    lines += ["", "## Features", "", *_feature_lines(classifier.spec)]
    return "\n".join(lines) + "\n"


def _maybe(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _feature_lines(spec: Any) -> list[str]:
    """The columns the trees split on most, per pass."""
    from collections import Counter

    out = []
    for label, part in (("first pass", spec.first), ("second pass", spec.second)):
        if part is None:
            continue
        used: Counter[str] = Counter(part.features[f] for tree in part.trees for f in tree.feature)
        top = ", ".join(f"{name} ({n})" for name, n in used.most_common(25))
        out.append(
            f"- {label}: {len(part.trees)} trees over {len(part.features)} columns, {len(used)} of them used; "
            f"most split on: {top}"
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", type=Path, default=CACHE / "folds", help="where the fold models are kept")
    ap.add_argument("--report", type=Path, help="also write the markdown report here")
    ap.add_argument("--json", type=Path, help="write every figure here")
    ap.add_argument("--no-baselines", action="store_true", help="skip trafilatura alone and jusText")
    args = ap.parse_args()
    started = time.time()
    args.models.mkdir(parents=True, exist_ok=True)
    folder = args.models
    # The date, title and author fold models are refitted on every run (they are fast): each run
    # keeps its own in a folder of its own, so that two runs sharing --models (and its block fold
    # models) do not read each other's.
    with tempfile.TemporaryDirectory(dir=folder, prefix="choices-") as own:
        run = Path(own)
        preds = predictions(fold_models(folder), fold_date_models(run), fold_title_models(run), fold_author_models(run))
    results = {f"{d}/{k}": score(d, p) for (d, k), p in sorted(preds.items())}
    refs = {} if args.no_baselines else baselines()
    text = report(results, refs, MODEL_PATH)
    print(text)
    print(f"({time.time() - started:.0f} s)")
    if args.report:
        args.report.write_text(text)
    if args.json:
        slim = {k: {f: v for f, v in r.items() if f != "items"} for k, r in results.items()}
        bases = {k: {f: v for f, v in r.items() if f != "items"} for k, r in refs.items()}
        args.json.write_text(json.dumps({"ours": slim, "baselines": bases}, indent=1))


if __name__ == "__main__":
    main()
