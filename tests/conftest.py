"""Shared fixtures. One Prefect test harness per session (a real temporary API server)."""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from lxml.html import HtmlElement

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def html_trees() -> Iterator[tuple[Path, HtmlElement]]:
    """The sample HTML page and, when ../shared is there, every bench HTML page, parsed."""
    from trafilatura.utils import load_html

    from parsers.inputs.read import decode

    folders = [SHARED / "bench" / name / "html" for name in ("scrapinghub", "trafilatura-eval")]
    paths = [ROOT / "raw" / "lakeside-post-orchard.html"]
    paths += [p for folder in folders if folder.is_dir() for p in sorted(folder.iterdir())]
    for path in paths:
        data = path.read_bytes()
        html = decode(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
        tree = load_html(html) if isinstance(html, str) else None
        if tree is not None:
            yield path, tree


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield
