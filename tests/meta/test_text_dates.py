"""The publication date of a text page: the days its text writes, and the one the shipped date
model chooses among them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from parsers import Origin, load_rules, parse_bytes
from parsers.blocks import segment
from parsers.meta.dates import all_dates
from parsers.meta.text_dates import TEXT_DATE_FEATURES, occurrences
from parsers.pipeline import text_date_evidence
from schemas.document import Document
from tests.pages import FERRY_PARAS, FOOTER

PAGE = (
    "# Ferry timetable changes\n\nPublished 4 March 2021\n\n"
    + FERRY_PARAS
    + "\n\nUpdated: 9 March 2021, 10:30\n\n"
    + FOOTER
)


def test_every_date_a_text_writes_is_found_the_most_explicit_reading_first() -> None:
    found = all_dates("From 2021-03-04 to 09.03.2021, then 1 April 2021 and 12.4.21 again")
    assert [f.iso for f in found] == ["2021-03-04", "2021-03-09", "2021-04-01", "2021-04-12"]
    assert all_dates("no digits here") == []
    assert [f.iso for f in all_dates("seen on 03/05/2022", day_first=True)] == ["2022-05-03"]


def test_dates_are_read_in_the_block_that_writes_them_never_across_two() -> None:
    # The blocks are searched joined: "20" closing one block and "21.3.22" opening the next must
    # not read as "2021" (which would leave the second block's date unread), and a block with no
    # text (an image) changes nothing.
    blocks = segment("Tickets cost 20\n\n21.3.22 the line reopened\n\n![](map.png)\n\nAgain on 2022-03-28")
    assert [b.text for b in blocks][2] == ""
    found = occurrences(blocks, None, day_first=True)
    assert [(o.day, o.block) for o in found] == [("2022-03-21", 1), ("2022-03-28", 3)]


def test_each_day_written_is_one_row_with_its_lines_evidence() -> None:
    evidence = text_date_evidence(PAGE, Origin(path="ferry.md", format="markdown", sha256=""), load_rules())
    assert evidence is not None
    pipeline, written = evidence
    days, X = written.days, written.X
    assert written.changed == [False, True]  # 9 March is written only after "Updated"
    assert days == ["2021-03-04", "2021-03-09"]
    assert X.shape == (2, len(TEXT_DATE_FEATURES))
    column = {name: k for k, name in enumerate(TEXT_DATE_FEATURES)}
    published, updated = X
    assert published[column["published_label"]] == 1 and updated[column["published_label"]] == 0
    assert updated[column["updated_only"]] == 1 and published[column["updated_label"]] == 0
    assert updated[column["has_time"]] == 1 and published[column["has_time"]] == 0
    assert published[column["earliest"]] == 1 and updated[column["latest"]] == 1
    assert published[column["order"]] == 0 and updated[column["order"]] > 0
    assert published[column["pipeline"]] == float(pipeline == "2021-03-04")


def test_a_day_after_an_update_label_is_a_change_and_never_the_publication() -> None:
    infobox = "# Ferry timetable changes\n\nRelease: 11.02.2005 | Update: 29.11.2022\n\n" + FERRY_PARAS
    evidence = text_date_evidence(infobox, Origin(path="ferry.md", format="markdown", sha256=""), load_rules())
    assert evidence is not None
    assert evidence[1].days == ["2005-02-11", "2022-11-29"] and evidence[1].changed == [False, True]
    assert evidence[1].publishable(None)[0] == ["2005-02-11"]
    # "update" as a word of the text labels nothing
    text = "# Ferry timetable changes\n\nThe update of 29.11.2022 moved the ferry.\n\n" + FERRY_PARAS
    evidence = text_date_evidence(text, Origin(path="ferry.md", format="markdown", sha256=""), load_rules())
    assert evidence is not None and evidence[1].changed == [False]


def test_the_published_day_is_chosen_over_the_updated_one() -> None:
    (doc,) = parse_bytes(PAGE.encode(), "ferry.md")
    assert isinstance(doc, Document)
    assert doc.published is not None and doc.published.startswith("2021-03-04")


def test_a_records_own_date_stands_on_a_text_page() -> None:
    record = {"text": PAGE, "published": "2021-05-06"}
    (doc,) = parse_bytes(json.dumps(record).encode(), "feed.json")
    assert isinstance(doc, Document)
    assert doc.published == "2021-05-06"


def test_a_day_after_the_fetch_is_never_chosen_on_a_text_page() -> None:
    fetched = datetime(2021, 3, 3, 23, 0, tzinfo=UTC)
    record = {"text": PAGE, "fetched_at": fetched.isoformat()}
    (doc,) = parse_bytes(json.dumps(record).encode(), "feed.json")
    assert isinstance(doc, Document)
    assert doc.published is None or doc.published[:10] <= "2021-03-03"
