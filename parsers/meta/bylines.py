"""Bylines in lines of text: "By Jane Roe", "Posted by ...", a name beside a date, links to an
author's page."""

from __future__ import annotations

import regex

from parsers.meta.cues import byline_cues
from parsers.meta.names import (
    CONJUNCTIONS,
    is_person_name,
    split_byline,
)

# "By" in the languages of the bylines we read (also after a label in the page's HTML: parsers.html.credits)
BYLINE_PREPOSITIONS = "|".join(map(regex.escape, byline_cues().by))


BYLINE = regex.compile(
    r"^(?:(?:written|posted|published|reported|text|story)\s+by"
    rf"|(?:(?:ein\s+)?(?:(?:blog[\s-]?)?(?:artikel|beitrag)|gastbeitrag|bericht|text)\s+)?(?:{BYLINE_PREPOSITIONS})"
    r"|autor(?:in)?|autoren|author|authors|autore|auteur|text|tekst)\b\s*:?\s+(?P<names>\S.*)$",
    regex.IGNORECASE,
)


# Running words after "By": a sentence ("By submitting this form, you agree"), not a byline
# (a lower-case handle alone is one: "von zahlenzauberin").
SENTENCE_AFTER_BY = regex.compile(r"\p{Ll}\S*\s+\S+\s+\S")


# A byline under a label on its own line ("Autor:" then the name): the label alone.
BYLINE_LABEL = regex.compile(
    r"^(?:by|von|par|por|autor(?:in|/in|\*in)?|author|autore|auteur|autoren|authors)\s*:?$", regex.IGNORECASE
)


AND_LINE = regex.compile("&|" + "|".join(CONJUNCTIONS), regex.IGNORECASE)  # alone between two names


# "Posted on March 3, 2021 by Jane Roe": a byline after a date.
POSTED_BY = regex.compile(
    r"^(?:posted|published|written|geschrieben|veröffentlicht|publié|publicado)\b.{0,60}?\b(?:by|von|par|por)\s+(?P<names>\S.*)$",
    regex.IGNORECASE,
)


# The address of an author's page: "/author/jane-roe", "/autor/jroe/", "/auteur/…", "?author=12" (not
# a search by author: "scholar_lookup?author=Roe"). Its slug is often a login ("/author/admin"),
# not the name: the link's text is the name.
# A site's staff page ("/staff/jane-roe/") and a forum's member page ("userinfo.php?uid=6") are too.
_AUTHOR_PAGE = regex.compile(
    r"(?:/(?:authors?|autor(?:en|in)?|auteurs?|autore|autori|autores|autoras?|autorzy|writers?|contributors?|columnists?|"
    r"redakteur(?:in|e)?|staff)/(?=[^/?#\s])|[?&]author=(?=\d)|/userinfo\.php\?uid=(?=\d))",
    regex.IGNORECASE,
)


def author_page(url: str) -> bool:
    """Whether the link ``url`` leads to an author's page (see ``_AUTHOR_PAGE``)."""
    return _AUTHOR_PAGE.search(url) is not None


def author_page_names(label: str, url: str) -> list[str]:
    """The persons a link's text names when the link leads to an author's page."""
    if not author_page(url):
        return []
    people, _ = split_byline(label)
    # a one-word name is taken when capitalised (split_byline already drops initials such as "TK")
    if not people or not all(is_person_name(p) or (" " not in p and p[:1].isupper()) for p in people):
        return []
    return people
