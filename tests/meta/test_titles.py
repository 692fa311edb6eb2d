"""Titles: the site's name cut off, the address's slug choosing among candidates."""

from __future__ import annotations

from parsers.meta.header import clean_title
from parsers.meta.titles import best_title, slug_words, strip_site_name


def test_title_site_suffix_is_dropped_when_the_short_form_is_on_the_page() -> None:
    assert clean_title("Ferry returns - Harbor Gazette", ["Ferry returns"]) == "Ferry returns"
    assert clean_title("Ferry returns - Harbor Gazette", []) == "Ferry returns - Harbor Gazette"


def test_site_name_is_stripped_and_inner_separators_kept() -> None:
    assert strip_site_name("Rivers rise: what the floods mean | Riverside Post", "Riverside Post") == (
        "Rivers rise: what the floods mean"
    )
    assert strip_site_name("Riverside Post - Flood notes · part two", "riversidepost") == "Flood notes · part two"
    assert strip_site_name("04.05.2021 - Bridge reopens - Riverside Post", "Riverside Post") == "Bridge reopens"
    assert strip_site_name("Bridge: a history", None) == "Bridge: a history"


def test_slug_words_skip_ids_and_noise() -> None:
    assert slug_words("https://example.org/news/2021/bridge-reopens-after-repairs.html") == {
        "bridge", "reopens", "after", "repairs"
    }  # fmt: skip
    assert slug_words("https://example.org/lokales/bruecke-wird-geoeffnet/17-378.html") == {
        "brucke",
        "wird",
        "geoffnet",
    }
    assert slug_words("https://example.org/service/news_view.htm?id=5") == set()
    assert slug_words("https://example.org/") == set()


def test_url_slug_picks_the_headline_when_the_title_names_only_the_site() -> None:
    url = "https://blog.example.org/2020/05/how-we-mended-the-old-boat/"
    assert best_title(
        "Harbour Notes", ["Harbour Notes"], "Harbour Notes", url, ["Archive", "How we mended the old boat"]
    ) == ("How we mended the old boat")
    # the <title> wraps an <h1>: both agree, the slug is not asked
    assert best_title("Boat repairs | Harbour Notes", ["Harbour Notes", "Boat repairs"], "Harbour Notes", url) == (
        "Boat repairs"
    )


def test_a_title_naming_only_the_host_gives_way_to_the_page_headline() -> None:
    url = "https://www.harbour-notes.org/artikel/48213"  # no slug to go by
    headlines = ["Suche", "Ferry timetable changes for the winter"]
    assert best_title("Harbour-Notes", ["Harbour-Notes"], None, url, headlines) == (
        "Ferry timetable changes for the winter"
    )
    # a headline that is no part of the host name stays, and so does a title with no other heading
    assert best_title("Notes from the harbour", ["Notes from the harbour"], None, url, headlines) == (
        "Notes from the harbour"
    )
    assert best_title("Harbour-Notes", ["Harbour-Notes"], None, url, ["Suche"]) == "Harbour-Notes"


def test_url_slug_prefers_the_headline_over_a_title_with_a_kicker() -> None:
    url = "https://news.example.org/2021/ferry-returns-to-the-island"
    assert (
        best_title(
            "Harbour news: after two winters away the ferry returns to the island for the summer",
            [],
            "Harbour Notes",
            url,
            (),
            ["Ferry returns to the island", "Timetable:"],
        )
        == "Ferry returns to the island"
    )
