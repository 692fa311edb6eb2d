"""The authors of a text page where the byline rules find no one: the credits its text writes, and
the one the author model's text trees choose among them."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np

from parsers import Core, Origin, load_rules, parse_bytes
from parsers.meta.html_authors import HTML_AUTHOR_FEATURES, load_author_model, parse_author_model
from parsers.meta.text_authors import TEXT_AUTHOR_FEATURES, TextCredit, TextCredits
from parsers.pipeline import text_author_evidence
from schemas.document import Document
from schemas.model import AuthorModel
from tests.pages import FERRY_PARAS, FOOTER
from train.bench import Page
from train.export import flat_pass
from train.text_authors import TextCreditedPage, best_text_threshold, fit_text

ORIGIN = Origin(path="ferry.md", format="markdown", sha256="")
# A name alone on its line, no "By": the byline rules find no one, and the choice has candidates.
PAGE = (
    "[Home](/)\n\n[Ferries](/ferries)\n\n# Ferry timetable changes\n\nInes Okafor\n\n4 March 2021\n\n"
    f"{FERRY_PARAS}\n\n* * *\n\nAktuelle Ausgabe | the aktuelle list of sailings\n\n{FOOTER}\n"
)


def _row(found: TextCredits, persons: list[str]) -> dict[str, float]:
    (at,) = [k for k, c in enumerate(found.credits) if c.persons == persons]
    return dict(zip(TEXT_AUTHOR_FEATURES, found.X[at], strict=True))


def test_each_set_of_persons_written_near_the_headline_is_one_candidate_with_where_it_stands() -> None:
    evidence = text_author_evidence(PAGE, ORIGIN, load_rules())
    assert evidence is not None
    ruled, found = evidence
    assert ruled == []  # the rules find no "By"
    assert found.X.shape == (len(found.credits), len(TEXT_AUTHOR_FEATURES))
    ines = _row(found, ["Ines Okafor"])
    assert ines["from.line"] == 1 and ines["whole_line"] == 1 and ines["from.by"] == 0
    assert ines["head_near"] == 1 and ines["after_head"] == 1 and ines["date_near"] == 1  # the date under it
    assert ines["person_shaped"] == 1 and ines["lower_words"] == 0
    # Words the credits' blocks also write in lower case ("the aktuelle list of sailings") are seldom a name's.
    assert _row(found, ["Aktuelle Ausgabe"])["lower_words"] == 0.5
    # A name opens with a given name; a heading's first word is none.
    assert ines["given"] == 1 and _row(found, ["Aktuelle Ausgabe"])["given"] == 0
    # One word alone on a line is a menu's ("Home"), not a credit; a rule ("* * *") names no one.
    assert all(len(c.persons) > 1 or " " in c.persons[0] for c in found.credits)
    assert all(any(map(str.isalpha, p)) for c in found.credits for p in c.persons)


def test_one_word_after_a_by_word_is_a_candidate() -> None:
    page = f"# Ferry timetable changes\n\nText: Okafor\n\n{FERRY_PARAS}\n"
    evidence = text_author_evidence(page, ORIGIN, load_rules())
    assert evidence is not None
    assert _row(evidence[1], ["Okafor"])["from.by"] == 1


def test_the_rules_credit_is_a_candidate_and_a_records_own_authors_stand() -> None:
    chooser = load_author_model()
    never = replace(chooser, spec=chooser.spec.model_copy(update={"text_threshold": None}))
    page = PAGE.replace("Ines Okafor", "By Theo Marsh")
    evidence = text_author_evidence(page, ORIGIN, load_rules())
    assert evidence is not None and evidence[0] == ["Theo Marsh"]
    assert _row(evidence[1], ["Theo Marsh"])["from.pipeline"] == 1
    # Where the rules credit someone, someone is given whatever the threshold: the best candidate.
    (doc,) = parse_bytes(page.encode(), "ferry.md", replace(Core.load(), authors=never))
    assert isinstance(doc, Document) and doc.authors == ["Theo Marsh"]
    always = replace(chooser, spec=chooser.spec.model_copy(update={"text_threshold": -1e9}))
    (doc,) = parse_bytes(
        json.dumps({"text": PAGE, "authors": ["Theo Marsh"]}).encode(),
        "feed.json",
        replace(Core.load(), authors=always),
    )
    assert isinstance(doc, Document) and doc.authors == ["Theo Marsh"]  # a record's own stand


def test_the_shipped_model_drops_a_job_title_the_rules_took_for_a_name() -> None:
    page = PAGE.replace("Ines Okafor", "By [Marta Kowalski](/author/marta-kowalski) ⋅ Founder")
    evidence = text_author_evidence(page, ORIGIN, load_rules())
    assert evidence is not None and evidence[0] == ["Marta Kowalski ⋅ Founder"]  # the rules' credit
    (doc,) = parse_bytes(page.encode(), "ferry.md")
    assert isinstance(doc, Document) and doc.authors == ["Marta Kowalski"]  # the author page's link


def test_the_text_threshold_decides_whether_the_best_credit_is_taken() -> None:
    chooser = load_author_model()
    found = TextCredits([TextCredit(["Ines Okafor"], [])], np.zeros((1, len(TEXT_AUTHOR_FEATURES))))
    never = replace(chooser, spec=chooser.spec.model_copy(update={"text_threshold": None}))
    assert never.choose_text(found) is None
    always = replace(chooser, spec=chooser.spec.model_copy(update={"text_threshold": -1e9}))
    assert always.choose_text(found) is found.credits[0]
    assert always.choose_text(TextCredits([], np.zeros((0, len(TEXT_AUTHOR_FEATURES))))) is None
    html_only = AuthorModel(html_scorer=flat_pass(HTML_AUTHOR_FEATURES), text_threshold=-1e9)
    assert parse_author_model(html_only.model_dump_json().encode(), "html only").choose_text(found) is None


def test_the_shipped_model_credits_a_name_under_the_headline_and_its_dateline() -> None:
    (doc,) = parse_bytes(PAGE.encode(), "ferry.md")
    assert isinstance(doc, Document)
    assert doc.authors == ["Ines Okafor"]


def test_the_threshold_weighs_a_wrong_author_against_the_right_ones() -> None:
    # (best score, taking it is right, the page has no author)
    assert best_text_threshold([(3.0, True, False), (2.0, True, False), (1.0, False, False)]) == 2.0
    # A wrong author counts twice: one right page after it does not pay for it.
    assert best_text_threshold([(3.0, True, False), (2.0, False, False), (1.0, True, False)]) == 3.0
    # ...three do (3 right, 1 wrong: 3 - 2 > the 1 right above the wrong one).
    outcomes = [(5.0, True, False), (4.0, False, False), (3.0, True, False), (2.0, True, False), (1.0, True, False)]
    assert best_text_threshold(outcomes) == 1.0
    assert best_text_threshold([(2.0, False, True), (1.0, True, False)]) is None  # taking nothing is best
    # A cut takes every page of its score: a right and a wrong one on a page with none, together.
    assert best_text_threshold([(2.0, True, False), (2.0, False, True)]) is None


def test_a_tiny_fit_learns_which_credit_to_trust(tmp_path: Path) -> None:
    by = TEXT_AUTHOR_FEATURES.index("from.by")
    texts = []
    for n in range(60):
        right, wrong = np.zeros(len(TEXT_AUTHOR_FEATURES)), np.zeros(len(TEXT_AUTHOR_FEATURES))
        right[by] = 1.0
        credits = [TextCredit(["Ines Okafor"], []), TextCredit(["Harbour Festival"], [])]
        page = Page("set", "text", f"p{n}", tmp_path / f"p{n}.md", {}, f"site{n}.example", n % 5)
        found = TextCredits(credits, np.vstack([right, wrong]))
        texts.append(TextCreditedPage(page, found, [True, False], False, False, False))
    scorer, threshold = fit_text(texts)
    assert threshold is not None
    model = AuthorModel(html_scorer=flat_pass(HTML_AUTHOR_FEATURES), text_scorer=scorer, text_threshold=threshold)
    chooser = parse_author_model(model.model_dump_json().encode(), "tiny")
    swapped = TextCredits(list(reversed(texts[0].found.credits)), texts[0].found.X[::-1])
    chosen = chooser.choose_text(swapped)
    assert chosen is not None and chosen.persons == ["Ines Okafor"]
