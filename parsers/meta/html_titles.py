"""An HTML page's title, chosen among what its markup and headings propose by trees fitted on DEV.

Candidates: the <title> element, the Open Graph, Twitter and JSON-LD titles, an element marked
``itemprop="headline"``, trafilatura's title, the page's <h1>, <h2> and <h3> headings, the headings
the classifier kept, the title the rules of :func:`parsers.meta.titles.best_title` chose, the
parts of each title cut at a title separator ("Headline | Site"), and the parts of an <h1> its
tags set apart ("<span>Kicker</span> <span>Headline</span>"). Each distinct text is one
candidate, with features saying which sources propose it (whole or as a part), how many agree,
how it stands to the address's slug, to the site's name and to the other candidates (a shorter or
longer form of the same headline), and how it is written. The title
model's second set of trees (``parsers/models/titles.json``, rebuilt by ``make train``) scores
the candidates; the best one is the page's title.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from math import log1p
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import regex

from parsers.meta.names import title_key
from parsers.meta.titles import TITLE_SEPARATORS, WORDS, hostname, slug_precision, slug_recall, slug_words

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# The markup's own titles, in the order their candidates are met (a text proposed by several is
# written as the first of them writes it).
MARKUP_SOURCES = ("og", "twitter", "jsonld", "itemprop", "element")
SOURCES = ("rule", *MARKUP_SOURCES, "trafilatura", "h1", "content", "h2")
PART_SOURCES = frozenset(("element", "og", "twitter", "jsonld", "trafilatura"))
HTML_TITLE_FEATURES = (
    *(f"from.{s}" for s in SOURCES), "part_first", "part_last", "part_inner", "agree", "part_agree",
    "h1_rank", "h2_rank", "content_rank", "log_words", "log_chars", "slug", "slug_recall", "slug_precision",
    "names_site", "holds_site", "in_element", "holds_element", "element_share", "in_h1", "separator",
    "capitals", "digits", "end_mark", "log_candidates", "log_h1s", "upper", "article",
    "starts_other", "ends_other", "other_starts", "other_ends",
)  # fmt: skip
CANDIDATE_MAX_WORDS = 40  # longer than a text line may be: a <title> holds headline and site
_JSON_HEADLINE = regex.compile(r'"headline"\s*:\s*("(?:[^"\\]|\\.){1,600}")')
_DIGIT = regex.compile(r"\d")


def markup_titles(tree: HtmlElement, html: str) -> dict[str, list[str]]:
    """The titles the page's markup declares, by source (see :data:`MARKUP_SOURCES`)."""
    found: dict[str, list[str]] = {
        "element": [t for e in tree.iter("title") if (t := e.text_content())][:1],
        "og": tree.xpath('//meta[@property="og:title"]/@content'),
        "twitter": tree.xpath('//meta[@name="twitter:title" or @property="twitter:title"]/@content'),
        "itemprop": [str(e.get("content") or e.text_content()) for e in tree.xpath('//*[@itemprop="headline"]')[:2]],
        "jsonld": [],
    }
    if '"headline"' in html:
        for match in _JSON_HEADLINE.finditer(html):
            try:
                found["jsonld"].append(str(json.loads(match.group(1))))
            except ValueError:
                continue
            if len(found["jsonld"]) >= 2:
                break
    return {source: [" ".join(str(t).split()) for t in texts if str(t).strip()] for source, texts in found.items()}


@dataclass
class Candidate:
    """One candidate title and the sources proposing it."""

    text: str
    key: str
    whole: set[str] = field(default_factory=set)  # sources proposing it as written
    parts: dict[str, set[int]] = field(default_factory=dict)  # source -> part kinds (1 first, 2 last, 3 inner)
    ranks: dict[str, int] = field(default_factory=dict)  # heading sources -> the first place it is met


@dataclass(frozen=True)
class HtmlTitles:
    """The candidate titles of a page, one feature row each."""

    candidates: list[Candidate]
    X: npt.NDArray[np.float64]


def candidates(proposed: dict[str, list[str]]) -> list[Candidate]:
    """The distinct texts the sources propose (whole, or a part of a title cut at a separator, or
    of an <h1> cut by its tags)."""
    found: dict[str, Candidate] = {}

    def add(text: str, source: str, part: int, rank: int) -> None:
        key = title_key(text)
        if not key or len(text.split()) > CANDIDATE_MAX_WORDS:
            return
        candidate = found.setdefault(key, Candidate(text, key))
        if part:
            candidate.parts.setdefault(source, set()).add(part)
        else:
            candidate.whole.add(source)
            candidate.ranks.setdefault(source, rank)

    for source in SOURCES:
        for rank, text in enumerate(proposed.get(source, [])):
            text = " ".join(text.replace("\u00ad", "").split())
            add(text, source, 0, rank)
            if source in PART_SOURCES:
                pieces = [p.strip() for p in TITLE_SEPARATORS.split(text)]
                if len(pieces) > 1:
                    for k, piece in enumerate(pieces):
                        if piece:
                            add(piece, source, 1 if k == 0 else 2 if k == len(pieces) - 1 else 3, rank)
    for source, part in (("h1.first", 1), ("h1.rest", 2)):
        for rank, text in enumerate(proposed.get(source, [])):
            add(text, "h1", part, rank)
    return list(found.values())


def html_title_rows(
    proposed: dict[str, list[str]], site: str | None, url: str | None, pagetype: str | None = None
) -> HtmlTitles:
    """The page's candidate titles (``proposed``: source -> texts, see :data:`SOURCES`) and one
    feature row for each; ``site``: the site's name, ``url``: the page's address, ``pagetype``:
    the type the markup gives the page (og:type; "article" is a feature)."""
    found = candidates(proposed)
    slug = slug_words(url)
    site_key, host_key = title_key(site or ""), title_key((hostname(url) or "").rsplit(".", 1)[0])
    element = title_key(next(iter(proposed.get("element", [])), ""))
    h1s = [title_key(h) for h in proposed.get("h1", [])]
    article = float("article" in (pagetype or "").casefold())
    keys = [c.key for c in found]
    rows = []
    for candidate in found:
        key, text = candidate.key, candidate.text
        words = WORDS.findall(text)
        kinds = {k for ks in candidate.parts.values() for k in ks}
        letters = [c for c in text if c.isalpha()]
        rows.append([
            *(float(s in candidate.whole) for s in SOURCES),
            float(1 in kinds),
            float(2 in kinds),
            float(3 in kinds),
            float(len(candidate.whole)),
            float(len(candidate.parts)),
            float(candidate.ranks.get("h1", -1)),
            float(candidate.ranks.get("h2", -1)),
            float(candidate.ranks.get("content", -1)),
            log1p(len(words)),
            log1p(len(text)),
            float(bool(slug)),
            slug_recall(slug, text) if slug else -1.0,
            slug_precision(slug, text) if slug else -1.0,
            float(key in (site_key, host_key)),
            float(any(k and k != key and k in key for k in (site_key, host_key))),
            float(bool(element) and key != element and key in element),
            float(bool(element) and key != element and element in key),
            len(key) / len(element) if element else -1.0,
            float(any(h and h != key and key in h for h in h1s)),
            float(TITLE_SEPARATORS.search(text) is not None),
            sum(1 for w in words if w[:1].isupper()) / max(len(words), 1),
            len(_DIGIT.findall(text)) / max(len(text), 1),
            float(text.rstrip().endswith((".", "!", "?", ":"))),
            log1p(len(found)),
            log1p(len(h1s)),
            sum(1 for c in letters if c.isupper()) / max(len(letters), 1),
            article,
            *_against_others(key, keys),
        ])  # fmt: skip
    return HtmlTitles(found, np.array(rows, dtype=np.float64).reshape(len(found), len(HTML_TITLE_FEATURES)))


def _against_others(key: str, keys: Sequence[str]) -> tuple[float, float, float, float]:
    """Whether another candidate starts with this one, ends with it, or this one starts or ends
    with another: a headline's shorter and longer forms ("Headline", "Headline: its subtitle",
    "Kicker Headline"), of which a site's markup and headings write one or several."""
    others = [k for k in keys if k != key]
    return (
        float(any(k.startswith(key) for k in others)),
        float(any(k.endswith(key) for k in others)),
        float(any(key.startswith(k) for k in others)),
        float(any(key.endswith(k) for k in others)),
    )


def proposed_titles(
    markup: dict[str, list[str]],
    rule: str | None,
    trafilatura: str | None,
    h1s: Sequence[str],
    subheadings: Sequence[str],
    content: Sequence[str],
    h1_parts: Sequence[tuple[str, str]] = (),
) -> dict[str, list[str]]:
    """Every source's titles, keyed as :data:`SOURCES` names them, and the parts of the <h1>s
    (``h1_parts``: first part, the rest) under "h1.first" and "h1.rest"."""
    return {
        **markup,
        "rule": [rule] if rule else [],
        "trafilatura": [trafilatura] if trafilatura else [],
        "h1": list(h1s),
        "h2": list(subheadings),
        "content": list(content),
        "h1.first": [first for first, _ in h1_parts],
        "h1.rest": [rest for _, rest in h1_parts],
    }
