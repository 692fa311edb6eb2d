"""Titles: the best of a page's candidates (markup, headings, the address's slug), the site's name
cut off; host names and site labels."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import regex

from parsers.meta.names import (
    is_person_name,
    strip_accents,
    title_key,
)
from parsers.meta.params import META

if TYPE_CHECKING:
    from parsers.blocks import Block

# Marks between a title's parts; "Headline | Site", "Headline – Site" put them before a site's name.
_SEPARATOR_MARKS = "|–—·»"


TITLE_SEPARATORS = regex.compile(rf"\s+(?:[{_SEPARATOR_MARKS}:]|-{{1,2}})\s+")


SITE_SEPARATOR = regex.compile(rf"\s+(?:[{_SEPARATOR_MARKS}]|-{{1,2}})\s+")


# Hosts of personal blogs: the one-word name credited on a blog there is its writer's handle.
BLOG_HOSTS = ("wordpress.com", "blogspot.com", "blogspot.de", "tumblr.com", "substack.com", "livejournal.com")


def site_credited(credit: str, publisher: str | None, url: str | None) -> bool:
    """Whether a one-word ``credit`` is the site's own name ("Vegolosi" on Vegolosi): an
    organisation, unless the site bears a person's name ("Mady" on "Mady Morrison - Yoga
    Lifestyle", not "Google" on "Google Online Security Blog") or is a blog on a personal-blog
    host ("gnaddrig" on gnadlib.wordpress.com)."""
    site, name = title_key(publisher or ""), title_key(credit)
    if not (site and name and name in site) or is_person_name(credit):
        return False
    if (hostname(url) or "").endswith(BLOG_HOSTS):
        return False
    people = (p.split() for p in TITLE_SEPARATORS.split(publisher or "") if is_person_name(p) and len(p.split()) <= 3)
    return not any(name in {title_key(word) for word in words} for words in people)


def best_title(
    title: str | None,
    headings: Sequence[str],
    site: str | None,
    url: str | None = None,
    others: Sequence[str] = (),
    content_headings: Sequence[str] = (),
) -> str | None:
    """The headline: the page's <h1> when the <title> wraps it (site name, section, kicker).

    When the page's URL carries a slug ("/news/2021/rates-rise-again.html") and the choice
    shares few of its words (a <title> that is only the site's or section's name), the candidate
    heading (``headings``, then ``others``: lower headings, then ``content_headings``: the
    extracted content's own) that holds most of the slug's words is taken instead. When the
    choice holds the slug but many words besides (a kicker, a section), an <h1> or a content
    heading that holds the slug with fewer other words is taken. Before that, a choice that only
    names the site's host (a logo <h1>: "L-Mag" on l-mag.de) gives way to the first heading of
    two words or more that does not."""
    title = title.replace("\u00ad", "") if title else title
    headings, others, content_headings = (
        [h.replace("\u00ad", "") for h in hs] for hs in (headings, others, content_headings)
    )
    chosen = _title_from(title, headings, site)
    host = site_label(url) or ""
    if chosen and _names_site(chosen, host):  # the site's name only (a logo <h1>): the page's own headline
        own = (h for h in (*headings, *content_headings, *others) if 2 <= len(h.split()) <= 30)
        chosen = next((h for h in own if not _names_site(h, host)), chosen)
    slug = slug_words(url)
    if not slug or (title and chosen and title_key(chosen) != title_key(title) and chosen in headings):
        return chosen  # the <title> wraps an <h1>: two sources agree
    candidates = (*headings, *others, *content_headings)
    pool = [c for c in candidates if 1 <= len(c.split()) <= 30 and not c.endswith(":")]  # "Fazit:" leads in
    if title:
        pool.append(strip_site_name(title, site))
    key = title_key(site or "")
    pool = [c for c in pool if title_key(c) and title_key(c) != key]
    current = slug_recall(slug, chosen) if chosen else 0.0
    if not pool:
        return chosen
    if current < META.slug_keep:
        best = max(pool, key=lambda c: slug_recall(slug, c))  # the first of equals: h1s come first
        gain = slug_recall(slug, best)
        return best if gain >= META.slug_take and gain - current >= META.slug_margin else chosen
    # The choice holds the slug, but also words the slug leaves out (a kicker, a section name):
    # a candidate holding the slug as well with fewer other words is the headline itself.
    near = {*headings, *content_headings}
    fits = [c for c in pool if c in near and slug_recall(slug, c) >= current]
    tight = max(fits, key=lambda c: slug_precision(slug, c), default=None)
    if tight and chosen and slug_precision(slug, tight) - slug_precision(slug, chosen) >= META.slug_margin:
        return tight
    return chosen


_SLUG_NOISE = frozenset(
    "index default article articles news detail details home page post posts story html htm php aspx asp "
    "shtml jsp cms view read de en fr es it pl www".split()
)


_FOLD_DIGRAPHS = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "þ": "th"})


_NON_WORD = regex.compile(r"[\W_]+")


_PAGE_EXTENSION = regex.compile(r"\.(?:s?html?|php|aspx?|jsp|cms)$", regex.IGNORECASE)


def _words(text: str) -> set[str]:
    """Words as a URL slug would spell them: accents dropped, umlaut digraphs merged, lower case."""
    plain = strip_accents(text.casefold().translate(_FOLD_DIGRAPHS))
    plain = plain.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    return {w for w in _NON_WORD.split(plain) if len(w) >= 2}


def slug_words(url: str | None) -> set[str]:
    """The words of a URL's slug: the last path segment, or the one before it when the last is
    an id ("/rates-rise-again/17-378.html"); a single word only when it is the last segment."""
    if not url:
        return set()
    segments = [s for s in urlsplit(url).path.split("/") if s]
    for depth, segment in enumerate(reversed(segments[-2:])):
        stem = _PAGE_EXTENSION.sub("", segment)
        words = {w for w in _words(stem) if not w.isdigit() and w not in _SLUG_NOISE}
        if len(words) >= 2 or (depth == 0 and len(words) == 1 and len(next(iter(words))) >= 5):
            return words
        if any(c.isalpha() for c in stem):  # a segment of words that is no slug: stop
            return set()
    return set()


def slug_recall(slug: set[str], candidate: str) -> float:
    return len(slug & _words(candidate)) / len(slug)


def slug_precision(slug: set[str], candidate: str) -> float:
    words = _words(candidate)
    return len(slug & words) / len(words) if words else 0.0


def _title_from(title: str | None, headings: Sequence[str], site: str | None) -> str | None:
    if not title:
        return next((h for h in headings if 2 <= len(h.split()) <= 30), None)
    key = title_key(title)
    inside = [h for h in headings if len(h.split()) >= 2 and title_key(h) and title_key(h) in key]
    own = [h for h in inside if title_key(h) != title_key(site or "")] or inside
    if own:  # not the site's name in a logo <h1>; of the rest, the longest
        return max(own, key=len)
    return strip_site_name(title, site)


def strip_site_name(title: str, site: str | None) -> str:
    """'Headline | Site' -> 'Headline': drop the leading and trailing parts that name the site
    (or its host). What is kept is the title's own text: its inner separators stay as written."""
    title = title.strip()
    key = title_key(site or "")
    if not key:
        return title
    cuts = [(m.start(), m.end()) for m in TITLE_SEPARATORS.finditer(title)]
    if not cuts:
        return title
    bounds = [0, *(x for cut in cuts for x in cut), len(title)]
    parts = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]

    def names_site(span: tuple[int, int]) -> bool:  # or is only a date ("23.01.2022 - Headline")
        part = title_key(title[span[0] : span[1]])
        return bool(part) and (part == key or key in part or part in key or part.isdigit())

    first, last = 0, len(parts) - 1
    while first < last and names_site(parts[last]):
        last -= 1
    while first < last and names_site(parts[first]):
        first += 1
    return title[parts[first][0] : parts[last][1]].strip()


def site_label(url: str | None) -> str | None:
    """'https://www.example.org/a' -> 'example': what a title's site-name part may read."""
    host = hostname(url)
    return host.rsplit(".", 1)[0] if host else None


def hostname(url: str | None) -> str | None:
    """'https://www.example.org/a' -> 'example.org' (urlsplit gives the host in lower case)."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.") or None


def _names_site(text: str, host: str) -> bool:
    """The text is the site's host name, or a part of it ("L-Mag" on l-mag.de)."""
    part, key = title_key(text), title_key(host)
    return len(part) >= 3 and bool(key) and (part == key or part in key)


WORDS = regex.compile(r"\w+")  # a title's words, as the title choices' features count them
BODY_PARAGRAPHS = 12  # the body paragraphs whose words a headline is compared with


def body_words(blocks: Sequence[Block], labels: Sequence[str | None], longer_than: int) -> set[str]:
    """The words of the body's first paragraphs of more than ``longer_than`` words (longer than
    any candidate title, so never one of them), case-folded (``labels``: each block's verdict,
    None for a block the body keeps)."""
    words: set[str] = set()
    taken = 0
    for label, block in zip(labels, blocks, strict=False):
        if label is None and block.kind == "para" and block.words > longer_than:
            words.update(WORDS.findall(block.text.casefold()))
            taken += 1
            if taken == BODY_PARAGRAPHS:
                break
    return words


def longer_words(words: Iterable[str]) -> set[str]:
    """A title's words of more than three letters, case-folded: the ones that say what it is about."""
    return {w.casefold() for w in words if len(w) > 3}


def body_overlap(words: Sequence[str], body: AbstractSet[str]) -> float:
    """The share of a title's longer words (``words``) the body writes too; -1 when it has none:
    a headline's words come back in its article, a site's or a teaser's mostly do not."""
    longer = longer_words(words)
    return len(longer & body) / len(longer) if longer else -1.0
