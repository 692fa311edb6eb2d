"""The title of a text page: the lines that may be it, and the one the shipped title model chooses."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from parsers import Origin, load_rules, parse_bytes
from parsers.meta.text_titles import (
    TEXT_TITLE_FEATURES,
    TITLE_MODEL_PATH,
    Line,
    Lines,
    load_title_model,
    parse_title_model,
)
from parsers.pipeline import text_title_evidence
from parsers.strip.model import ModelFileError
from schemas.document import Document
from tests.pages import FERRY_PARAS, FOOTER
from train.bench import Page
from train.titles import TitledPage, fit

HEADER = "[Home](/) | [News](/news)\n\n# Ferry timetable changes\n\nBy Ines Okafor | 4 March 2021"
PAGE = f"{HEADER}\n\n{FERRY_PARAS}\n\n{FOOTER}\n"


def test_each_line_that_may_be_the_title_is_one_candidate_with_where_it_stands() -> None:
    found = text_title_evidence(PAGE, Origin(path="ferry.md", format="markdown", sha256=""), load_rules())
    assert found is not None and found.X.shape == (len(found.lines), len(TEXT_TITLE_FEATURES))
    (headline,) = [line for line in found.lines if line.text == "Ferry timetable changes"]
    assert headline.scan  # the header scan's title is among them
    row = dict(zip(TEXT_TITLE_FEATURES, found.X[found.lines.index(headline)], strict=True))
    assert row["heading"] == 1 and row["level"] == 1 and row["next_meta"] == 1 and row["piece"] == 0
    pieces = [line for line in found.lines if line.text in ("Home", "News")]
    assert pieces and all(line.pieces == [1] or line.pieces == [2] for line in pieces)  # parts of "Home | News"
    # of the headline's longer words the body's paragraphs write "ferry"; none of the menu's
    assert row["body_overlap"] == pytest.approx(1 / 3)
    assert all(found.X[found.lines.index(line)][TEXT_TITLE_FEATURES.index("body_overlap")] == 0 for line in pieces)


def test_a_line_is_weighed_against_the_pages_first_line() -> None:
    # A plain-text rendering opens with the <title> ("Headline | Site"); the article's own headline,
    # further down, shares most of its words; a menu line shares none.
    page = (
        f"Ferry timetable changes for the winter | Harbour Bulletin\n\nHome\n\nTimetables and fares\n\n"
        f"New ferry timetable for the winter\n\n{FERRY_PARAS}\n"
    )
    found = text_title_evidence(page, Origin(path="ferry.txt", format="text", sha256=""), load_rules())
    assert found is not None
    rows = {
        line.text: dict(zip(TEXT_TITLE_FEATURES, x, strict=True)) for line, x in zip(found.lines, found.X, strict=True)
    }
    headline, menu = rows["New ferry timetable for the winter"], rows["Timetables and fares"]
    # its longer words ("ferry", "timetable", "winter") are all the first line's; they are 3 of that line's 6
    assert headline["top_overlap"] == pytest.approx(1) and headline["top_cover"] == pytest.approx(3 / 6)
    assert menu["top_overlap"] == 0 and menu["top_cover"] == 0
    assert rows["Harbour Bulletin"]["top_overlap"] == -2  # a part of the first line itself


def test_the_headline_is_the_title() -> None:
    (doc,) = parse_bytes(PAGE.encode(), "ferry.md")
    assert isinstance(doc, Document)
    assert doc.title == "Ferry timetable changes"


def test_a_records_own_title_stands_on_a_text_page() -> None:
    (doc,) = parse_bytes(json.dumps({"text": PAGE, "title": "Timetables for the winter"}).encode(), "feed.json")
    assert isinstance(doc, Document)
    assert doc.title == "Timetables for the winter"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.pop("scorer"), "invalid title model file"),
        (lambda d: d["scorer"].update(features=d["scorer"]["features"][::-1]), "other features"),
        (lambda d: d.update(kind="boilerstrip.date-choice"), "invalid title model file"),
    ],
)
def test_a_bad_title_model_file_is_a_clear_error(tmp_path: Path, change: object, expected: str) -> None:
    data = json.loads(TITLE_MODEL_PATH.read_bytes())
    change(data)  # type: ignore[operator]
    path = tmp_path / "titles.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ModelFileError, match=expected):
        load_title_model(path)


def test_a_tiny_fit_learns_which_line_to_trust(tmp_path: Path) -> None:
    heading = TEXT_TITLE_FEATURES.index("heading")
    pages = []
    for n in range(60):
        right, wrong = np.zeros(len(TEXT_TITLE_FEATURES)), np.zeros(len(TEXT_TITLE_FEATURES))
        right[heading] = 1.0
        lines = [Line("Ferry timetable changes", "ferrytimetablechanges"), Line("Home", "home")]
        page = Page("set", "text", f"p{n}", tmp_path / f"p{n}.md", {}, f"site{n}.example", n % 5)
        pages.append(TitledPage(page, Lines(lines, np.vstack([right, wrong])), [True, False]))
    chooser = parse_title_model(fit(pages).model_dump_json().encode(), "tiny")
    two = Lines(list(reversed(pages[0].found.lines)), pages[0].found.X[::-1])
    chosen = chooser.choose(two)
    assert chosen is not None and chosen.text == "Ferry timetable changes"
    assert chooser.choose(Lines([], np.zeros((0, len(TEXT_TITLE_FEATURES))))) is None
