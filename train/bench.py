"""The DEV bench as training data: every page of every set and input kind, with its gold and its
cross-validation fold (5 folds, grouped by site so that no site is on both sides of a split)."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"
SETS = ("scrapinghub", "trafilatura-eval", "wcxb")
KINDS = {"text": ".md", "text-wrapped": ".md", "plain": ".txt", "html": ".html.gz"}
FOLDS = 5

_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/[^/]+/(.*)$")
_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "gob", "or", "ne"}


@dataclass(frozen=True)
class Page:
    dataset: str
    kind: str
    id: str
    path: Path
    gold: dict[str, Any]
    site: str
    fold: int


def site_of(url: str) -> str:
    """The registered domain a page belongs to; web.archive.org copies by their original site."""
    archived = _ARCHIVED.match(url)
    if archived:
        url = archived.group(1)
    if "://" not in url:  # trafilatura-eval's "hard::site.tld-slug.html" names
        host = url.split("::")[-1].split("-")[0].removesuffix(".html")
    else:
        host = urlsplit(url if "://" in url else "http://" + url).hostname or url
    labels = [label for label in host.lower().removeprefix("www.").split(".") if label]
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def fold_of(site: str) -> int:
    return int(hashlib.sha256(site.encode()).hexdigest()[:8], 16) % FOLDS


def gold(dataset: str, bench: Path = BENCH) -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads((bench / dataset / "gold.json").read_text("utf-8"))
    return data


def pages(dataset: str, kind: str, bench: Path = BENCH) -> Iterator[Page]:
    suffix = KINDS[kind]
    folder = bench / dataset / kind
    if not folder.is_dir():
        return
    for key, entry in sorted(gold(dataset, bench).items()):
        path = folder / f"{key}{suffix}"
        if path.exists():
            site = site_of(entry.get("url") or key)
            yield Page(dataset, kind, key, path, entry, site, fold_of(site))


def score_module() -> Any:
    """The bench's own ``score.py``: its rules normalise titles and authors as the figures do."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    import score  # type: ignore[import-not-found]

    return score
