"""Block tables of the DEV bench: every page's blocks as the classifier sees them, with labels.

    python -m train.dataset            # builds (or reuses) the cache under .cache/train/

One table per set and input kind, cached as a pickle keyed by the core's source hash: a change to
segmentation or features rebuilds it.
"""

from __future__ import annotations

import gzip
import hashlib
import pickle
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from parsers import load_rules
from parsers.inputs.read import decode, sniff_format
from parsers.pipeline import Origin, block_table, html_block_table
from train.bench import SETS, Page, pages
from train.labels import block_labels

CACHE = Path(__file__).resolve().parent.parent / ".cache" / "train"
TEXT_KINDS = ("text", "plain", "text-wrapped")


@dataclass
class PageTable:
    page: Page
    texts: list[str]
    X: npt.NDArray[np.float32]
    y: npt.NDArray[np.float32]
    w: npt.NDArray[np.float32]


def read_page(page: Page) -> tuple[str, Origin] | None:
    data = page.path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    fmt = sniff_format(page.path.name.removesuffix(".gz"), data)
    text = decode(data)
    if fmt is None or not isinstance(text, str):
        return None
    sha = hashlib.sha256(data).hexdigest()
    return text, Origin(path=page.path.name, format=fmt, sha256=sha, url=page.gold.get("url"))


def table_of(page: Page, vocab: Sequence[str] | None = None) -> PageTable | None:
    """The page's blocks, feature rows and labels (``vocab``: the DOM token columns; default the
    bench's)."""
    read = read_page(page)
    if read is None:
        return None
    text, origin = read
    words = vocabulary() if vocab is None else vocab
    if page.kind == "html":
        blocks, X = html_block_table(text, origin, load_rules(), words)
    else:
        blocks, X = block_table(text, origin, load_rules(), words)
    texts = [b.text for b in blocks]
    y, w = block_labels(texts, page.gold)
    return PageTable(page, texts, X.astype(np.float32), np.array(y, np.float32), np.array(w, np.float32))


def _digest() -> str:
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    tables = [root / "train" / name for name in ("bench.py", "dataset.py", "labels.py", "vocabulary.py")]
    data = [*root.glob("parsers/rules/*.toml"), *root.glob("parsers/cues/*.toml")]
    for source in sorted([*root.glob("parsers/**/*.py"), *data, *tables]):
        h.update(source.read_bytes())
    return h.hexdigest()[:12]


def tables(dataset: str, kind: str, workers: int = 2) -> list[PageTable]:
    """The block tables of one set's input kind, from the cache when the code has not changed."""
    path = CACHE / f"{dataset}-{kind}-{_digest()}.pkl"
    if path.exists():
        cached: list[PageTable] = pickle.loads(path.read_bytes())
        return cached
    todo = list(pages(dataset, kind))
    with ProcessPoolExecutor(workers) as pool:
        found = [t for t in pool.map(table_of, todo, chunksize=8) if t is not None]
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(path)
    return found


def vocabulary() -> list[str]:
    from train.vocabulary import vocabulary as cached

    return cached()


def all_tables(kinds: tuple[str, ...] = (*TEXT_KINDS, "html")) -> list[PageTable]:
    return [t for dataset in SETS for kind in kinds for t in tables(dataset, kind)]


def main(kinds: Sequence[str]) -> None:
    for dataset in SETS:
        for kind in kinds:
            found = tables(dataset, kind)
            rows = sum(len(t.texts) for t in found)
            print(f"{dataset}/{kind}: {len(found)} pages, {rows} blocks")


if __name__ == "__main__":
    # through the module's own name, so that the cached tables name their class train.dataset.PageTable
    from train import dataset

    dataset.main(sys.argv[1:] or (*TEXT_KINDS, "html"))
