"""The id/class tokens the DOM features look for: the most common on the DEV pages' blocks.

Chosen by how many pages use a token on their elements, never by the labels.
"""

from __future__ import annotations

import json
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

from parsers.html.dom import tokens_of
from train.bench import SETS, Page, pages
from train.dataset import CACHE, read_page

SIZE = 200  # tokens kept
MIN_PAGES = 15  # a token on fewer pages tells nothing general


def _page_tokens(page: Page) -> set[str]:
    from trafilatura.utils import load_html

    read = read_page(page)
    tree = load_html(read[0]) if read else None
    if tree is None:
        return set()
    return {t for element in tree.iter() if isinstance(element.tag, str) for t in tokens_of(element)}


def build() -> list[str]:
    todo = [p for dataset in SETS for p in pages(dataset, "html")]
    counts: Counter[str] = Counter()
    with ProcessPoolExecutor(2) as pool:
        for found in pool.map(_page_tokens, todo, chunksize=8):
            counts.update(found)
    return ranked(counts)


def ranked(counts: Counter[str]) -> list[str]:
    """The tokens on the most pages, ties in alphabetical order. Counter.most_common keeps ties in
    the order the tokens were first counted, which follows the iteration order of each page's token
    set, and that changes with every process's string hashing: the columns of the DOM features, and
    with them the block tables and the fold models keyed by the tables' bytes, changed from run to run."""
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:SIZE]
    return [t for t, n in top if n >= MIN_PAGES and len(t) > 1]


@lru_cache(maxsize=1)
def vocabulary() -> list[str]:
    path: Path = CACHE / "vocabulary.json"
    if path.exists():
        cached: list[str] = json.loads(path.read_text())
        return cached
    found = build()
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(found))
    return found


if __name__ == "__main__":
    print(vocabulary())
