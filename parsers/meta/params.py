"""The metadata stages' numeric tunables, in one place and calibrated as a set.

Each is a reach (how far a search looks, in blocks, lines, words or characters) or a share. They
were set together on the seeds and the DEV bench, so one changed alone is a new calibration to be
judged out of fold like any other change. Safety limits (input size, blocks a page, regex time)
are not tunables and stay beside the code they guard.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MetaParams:
    # --- the header of a text page, around the start of its main run (blocks)
    header_before: int = 15  # blocks before the body start searched (bylines sit within a dozen)
    header_after: int = 3  # ...and after it
    title_lookback: int = 6  # blocks searched backwards from a byline for a plain-text headline
    permalink_min_words: int = 4  # a headline linking to its own page holds at least this many words
    site_name_max_words: int = 5  # "Headline | Site Name": the site's part is this short
    # A date over the headline ("19.11.2021" over "# Title"): searched this many blocks up, or
    # date_far_above_title when every date written there is the same day (the page's own date over
    # its share bar, not a list of teasers each with its date).
    date_above_title: int = 3
    date_far_above_title: int = 12
    date_line_extra_words: int = 5  # a date line holds the date and this many other words at most
    date_line_max_words: int = 12  # words of a block searched for a date line away from the header
    copyright_tail_blocks: int = 15  # a copyright line stands in the page's last blocks

    # --- bylines, author boxes and signatures in a page's text
    byline_max_chars: int = 160  # a line holding a byline
    byline_max_names_chars: int = 100  # the names after "By"
    byline_max_words: int = 25  # a block holding a byline is short
    byline_window_blocks: int = 40  # blocks searched from the headline on
    sign_off_blocks: int = 3  # a byline closing an article: in its last blocks or the few after it
    sign_off_lines: int = 2  # a letter-like ending: a name line over a date line
    signature_after_words: int = 80  # a signature closes a text: this many words of body come first
    author_box_blocks: int = 10  # how far after the article its author box is looked for
    date_after_body_blocks: int = 3  # a blog's "Posted 3 March 2022" under the post, past its last paragraph
    agency_max_chars: int = 6  # an upper-case credit this short is an agency's code ("AFP", "SP-X")

    # --- an HTML page's markup (characters of its HTML or text)
    headline_date_text_chars: int = 2500  # how far after the headline a dateline is looked for (text)...
    headline_date_html_chars: int = 40_000  # ...and in the HTML that holds that text
    above_headline_html_chars: int = 3000  # the HTML above the headline that holds the line over it
    page_lines_html_chars: int = 200_000  # the HTML read for the page's first lines of text
    # A date line naming its author ("25.10.2022 - Jane Roe") is a byline among the page's first
    # lines this many (the line above the headline, the headline, the lines under it); further
    # down such lines list other stories.
    dated_byline_lines: int = 8
    dateline_max_words: int = 3  # other words in the element of a date alone ("Bonn, 11.10.2021")
    dateline_near_chars: int = 300  # a dateline this close under the headline overrules a declared UTC date
    label_lookbehind_chars: int = 400  # a byline label's text and the tags between it and the author link
    list_lookbehind_chars: int = 3000  # how far back a list item holding an author link opens
    content_headings: int = 5  # headings the classifier kept that are title candidates

    # --- titles: agreement with the address's slug (share of the slug's words a candidate holds)
    slug_keep: float = 0.5  # a choice at or above this stays...
    slug_take: float = 0.6  # ...unless a candidate reaches this
    slug_margin: float = 0.3  # ...and this much more

    # --- the body
    duplicate_probe_chars: int = 200  # a long block whose first this-many characters already stand in the body repeats
    title_repeat_window: int = 3  # leading kept blocks of an HTML page searched for a repeat of the headline
    kicker_max_words: int = 3  # a label above the headline (a section's name, a kicker)


META = MetaParams()
