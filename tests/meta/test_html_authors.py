"""The authors of an HTML page: the credits its sources give, and the one the shipped author model
chooses."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from parsers import Origin, load_rules, parse_bytes
from parsers.meta.html_authors import (
    AUTHOR_MODEL_PATH,
    HTML_AUTHOR_FEATURES,
    Credits,
    PageText,
    candidates,
    credit_rows,
    given_credits,
    load_author_model,
    parse_author_model,
)
from parsers.pipeline import html_author_evidence
from parsers.strip.model import ModelFileError, load_model
from schemas.document import Document
from schemas.model import AuthorModel
from tests.pages import FERRY
from train.authors import CreditedPage, best_threshold, fit
from train.bench import Page
from train.export import flat_pass

BODY = "".join(f"<p>{FERRY} Part {i} of the morning went on.</p>" for i in range(6))
PAGE = f"""<html><head><title>Ferry timetable changes | Harbour Notes</title>
<script type="application/ld+json">{{"@type": "NewsArticle", "author": {{"@type": "Person", "name": "Ines Okafor"}}}}
</script></head><body><header><a href="/">Harbour Notes</a></header>
<article><h1>Ferry timetable changes</h1><p class="byline">By Ines Okafor</p>{BODY}</article></body></html>"""
TEXT = PageText("", "", None, None, None, None)


def test_each_distinct_set_of_persons_is_one_candidate_and_nobody_is_the_last() -> None:
    given = given_credits(["Ines Okafor"], "Ines Okafor", ["Ines Okafor", "Tom Reyes"], None, [], [], [], [])
    found = candidates(given)
    assert [c.persons for c in found] == [["Ines Okafor"], ["Tom Reyes"], ["Ines Okafor", "Tom Reyes"], []]
    assert found[0].sources == {"rule", "trafilatura", "credit"}
    assert found[1].sources == {"credit"}
    assert found[2].sources == {"credits"}  # the markup's credits together
    assert found[3].sources == set()


def test_each_candidate_has_a_row_saying_who_gives_it_and_where_the_page_writes_it() -> None:
    given = given_credits(["Ines Okafor"], "Harbour Notes", [], None, [], [], [], [])
    page = PageText(
        "By Ines Okafor. The ferry crossed.", "The ferry crossed.", "Ferry times", "Harbour Notes", None, "article"
    )
    found = credit_rows(given, page)
    assert found.X.shape == (3, len(HTML_AUTHOR_FEATURES))
    ines = dict(zip(HTML_AUTHOR_FEATURES, found.X[0], strict=True))
    assert ines["from.rule"] == 1 and ines["agree"] == 1 and ines["in_page"] == 1 and ines["in_body"] == 0
    assert ines["article"] == 1 and ines["nobody"] == 0
    other = dict(zip(HTML_AUTHOR_FEATURES, found.X[1], strict=True))
    assert other["from.trafilatura"] == 1 and other["from.rule"] == 0 and other["in_page"] == 0
    assert found.X[2][HTML_AUTHOR_FEATURES.index("nobody")] == 1


def test_the_pipeline_gathers_the_markups_and_the_rules_credits() -> None:
    origin = Origin(path="ferry.html", format="html", sha256="", url="https://harbour-notes.example/ferry")
    found = html_author_evidence(PAGE, origin, load_rules(), load_model())
    assert found is not None
    (ines,) = [c for c in found.credits if c.persons == ["Ines Okafor"]]
    assert {"rule", "credit"} <= ines.sources


def test_the_credited_author_is_given() -> None:
    (doc,) = parse_bytes(PAGE.encode(), "ferry.html")
    assert isinstance(doc, Document)
    assert doc.authors == ["Ines Okafor"]


def test_a_records_own_authors_stand_on_an_html_page() -> None:
    record = {"html": PAGE, "url": "https://harbour-notes.example/ferry", "authors": ["Tom Reyes"]}
    (doc,) = parse_bytes(json.dumps(record).encode(), "feed.json")
    assert isinstance(doc, Document)
    assert doc.authors == ["Tom Reyes"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.pop("html_scorer"), "invalid author model file"),
        (lambda d: d["html_scorer"].update(features=d["html_scorer"]["features"][::-1]), "other features"),
        (lambda d: d.update(kind="boilerstrip.title-choice"), "invalid author model file"),
        (lambda d: d["text_scorer"].update(features=d["text_scorer"]["features"][::-1]), "other features"),
        (lambda d: d.update(text_threshold="high"), "invalid author model file"),
    ],
)
def test_a_bad_author_model_file_is_a_clear_error(tmp_path: Path, change: object, expected: str) -> None:
    data = json.loads(AUTHOR_MODEL_PATH.read_bytes())
    change(data)  # type: ignore[operator]
    path = tmp_path / "authors.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ModelFileError, match=expected):
        load_author_model(path)


def test_with_no_threshold_nobody_is_credited() -> None:
    model = AuthorModel(html_scorer=flat_pass(HTML_AUTHOR_FEATURES), html_threshold=None)
    chooser = parse_author_model(model.model_dump_json().encode(), "flat")
    chosen = chooser.choose_html(credit_rows(given_credits(["Ines Okafor"], None, [], None, [], [], [], []), TEXT))
    assert chosen is not None and chosen.persons == []
    assert chooser.choose_html(Credits([], np.zeros((0, len(HTML_AUTHOR_FEATURES))))) is None


def test_the_threshold_takes_the_most_right_pages_within_the_wrong_authors_allowed() -> None:
    # (best score, taking it is right, taking it gives a wrong author, giving none is right)
    outcomes = [
        (3.0, True, False, False),
        (2.0, False, True, False),
        (1.0, True, False, False),
        (0.0, False, True, True),
    ]
    assert best_threshold(outcomes, allowed=1) == 1.0  # two right, one wrong
    assert best_threshold(outcomes, allowed=0) == 3.0
    assert best_threshold([(1.0, False, True, True)], allowed=5) is None  # taking nothing is best


def test_a_tiny_fit_learns_which_source_to_trust(tmp_path: Path) -> None:
    given = given_credits([], "Harbour Notes Desk", ["Ines Okafor"], None, [], [], [], [])
    pages = []
    for n in range(60):
        found = credit_rows(given, TEXT)
        right = [c.persons == ["Ines Okafor"] for c in found.credits]
        page = Page("set", "html", f"p{n}", tmp_path / f"p{n}.html", {}, f"site{n}.example", n % 5)
        pages.append(CreditedPage(page, found, right, False, False, False))
    chooser = parse_author_model(fit(pages).model_dump_json().encode(), "tiny")
    chosen = chooser.choose_html(credit_rows(given, TEXT))
    assert chosen is not None and chosen.persons == ["Ines Okafor"]
