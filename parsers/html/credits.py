"""An HTML page's author credits: JSON-LD and marked-up authors, links to author pages, licence
holders and site owners, and the fuller spelling of a name the page gives elsewhere."""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Iterator
from html import unescape
from typing import TYPE_CHECKING

from parsers.html.scan import TAG, tag_free
from parsers.meta.bylines import BYLINE_PREPOSITIONS, author_page, author_page_names
from parsers.meta.header import date_only
from parsers.meta.names import NOT_A_NAME, is_person_name, strip_accents
from parsers.meta.params import META
from parsers.meta.titles import hostname

if TYPE_CHECKING:
    from lxml.html import HtmlElement


# an object may hold objects of its own ("image": {...}), one level deep
_LD_AUTHOR = re.compile(r'"author"\s*:\s*(\{(?:[^{}]|\{[^{}]*\})*\}|\[[^\]]*\]|"[^"]{1,120}")', re.IGNORECASE)
_LD_NESTED = re.compile(r"\{[^{}]*\}")


_LD_NAME = re.compile(r'"name"\s*:\s*"([^"]{1,120})"')


# An author the markup types as an organisation ("@type": "Organization", "NewsMediaOrganization", ...)
_LD_ORGANIZATION = re.compile(r'"@type"\s*:\s*\[?\s*"[^"]*Organi[sz]ation"')


_LD_REFERENCE = re.compile(r"\s*(?:https?:|//|\\?/|#|www\.)", re.IGNORECASE)


_REL_AUTHOR = re.compile(r"<a\b[^>]*\brel=[\"']?author\b[^>]*>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)


# (not a comment's author: class="comment-author")
_CLASS_AUTHOR = re.compile(
    r"<(span|a|div|p|address|strong)\b[^>]*\b(?:class|itemprop)=[\"'][^\"']*\b(?<!comment-)(?<!comment_)"
    r"(?:author|byline|autor)[\w-]*"
    r"[^\"']*[\"'][^>]*>(.{1,300}?)</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)


# A site run by a person declares that person in its JSON-LD graph as an entity typed both ways
# (WordPress/Yoast: "@type": ["Person", "Organization"]): the site's owner and publisher.
_LD_OWNER = re.compile(r'"@type"\s*:\s*\[\s*"Person"\s*,\s*"Organization"\s*\][^{}]*?"name"\s*:\s*"([^"]{1,120})"')


# The holder of a Creative Commons licence, as its markup names them (``cc:attributionName``).
_CC_ATTRIBUTION = re.compile(
    r"<a\b[^>]*\b(?:rel|property)=[\"']cc:attribution(?:URL|Name)[\"'][^>]*>(.{1,120}?)</a\s*>",
    re.IGNORECASE | re.DOTALL,
)


def site_owners(html: str) -> list[str]:
    """The persons a JSON-LD graph declares as the site's owner (see ``_LD_OWNER``)."""
    if '"Organization"' not in html:  # a substring test first: the search costs ~0.1 ms a page
        return []
    return list(dict.fromkeys(tag_free(m.group(1)) for m in _LD_OWNER.finditer(html)))


def without_owners(author: str | None, owners: list[str]) -> str | None:
    """trafilatura's author (names joined by "; ") without the site's owner, who trafilatura
    reads from the JSON-LD graph like any person, when it names someone else too."""
    if not author or not owners:
        return author
    kept = [name for name in author.split("; ") if name not in owners]
    return "; ".join(kept) if kept else author


def licence_holders(html: str) -> list[str]:
    """Who holds the page's Creative Commons licence ("Ein Blog von <a rel="cc:attributionURL">Jane
    Roe</a> steht unter einer Creative Commons Lizenz"): a blog's writer, credited nowhere else."""
    if "cc:attribution" not in html:  # a substring test first: the search costs ~0.6 ms a page
        return []
    return list(dict.fromkeys(t for m in _CC_ATTRIBUTION.finditer(html) if (t := tag_free(m.group(1)))))[:2]


# A link: its address and its text. Read where the address is an author's page (see
# ``parsers.meta.bylines.author_page_names``); after a byline label, only tags between them, it is the page's own
# credit of the article's writer: "Erstellt von <a href="/author/jane/">Jane</a> am …",
# "<dt>Auteur</dt><dd><a href="/staff/jane-roe/">" (see :func:`labelled_author_link`).
_AUTHOR_LINK = re.compile(
    r"<a\b[^>]*?\bhref=[\"']([^\"']{1,300})[\"'][^>]*>(.{1,120}?)</a\s*>", re.IGNORECASE | re.DOTALL
)


_ENDS_WITH_LABEL = re.compile(
    rf"(?:^|\W)(?:(?P<before>\w+)\s+)?(?:{BYLINE_PREPOSITIONS}|auteur|autor(?:in)?|author|autore)\s*:?\s*$",
    re.IGNORECASE,
)


# Who else a label names: a translator ("Übersetzt von"), a photographer, an editor.
_NOT_WRITTEN = frozenset(
    "übersetzt translated traduit traduction traducido traducción traduzido tradotto vertaald tłumaczenie "
    "photo photos foto fotos photographed bild bilder image images illustration illustrated video edited "
    "redigiert bearbeitet".split()
)


_LIST_ITEM = re.compile(r"<(/?)li[\s>]", re.IGNORECASE)


# A summary card's label for its author (WordPress' Yoast SEO writes "Written by" in the site's language).
_CARD_AUTHOR_LABEL = re.compile(
    r"\s*(?:written by|author|verfasst von|geschrieben von|autor(?:in)?|écrit par|auteur|escrito por|"
    r"napisane przez|scritto da|autore|geschreven door)\s*:?\s*",
    re.IGNORECASE,
)


def card_author(tree: HtmlElement) -> list[str]:
    """The author a page's summary card names: the ``twitter:dataN`` whose ``twitter:labelN``
    labels an author ("Written by" / "Jane Roe")."""
    card: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = str(el.get("name") or el.get("property") or "").strip().casefold()
        if key.startswith(("twitter:label", "twitter:data")):
            card.setdefault(key, " ".join(str(el.get("content") or "").split()))
    for key, label in card.items():
        if key.startswith("twitter:label") and _CARD_AUTHOR_LABEL.fullmatch(label):
            value = card.get("twitter:data" + key.removeprefix("twitter:label"), "")
            return [value] if value and len(value) <= 120 else []
    return []


def labelled_author_link(html: str, url: str | None) -> list[str]:
    """The persons the page's first byline label links to their author's page on the site itself
    (see ``_AUTHOR_LINK``). Not a link to another site ("by <a href="https://books.example/author/
    …">" in a widget), a translator's or photographer's ("Übersetzt von"), or one in a list item (a
    list of other posts, each with its author)."""
    for m in _author_page_links(html, url):
        href = m.group(1)
        before = html[max(0, m.start() - META.label_lookbehind_chars) : m.start()]
        label = _ENDS_WITH_LABEL.search(unescape(TAG.sub(" ", before[before.find(">") + 1 :])))
        if label is None or (label.group("before") or "").casefold() in _NOT_WRITTEN or _in_list_item(html, m.start()):
            continue
        if names := author_page_names(tag_free(m.group(2)), href):
            return names
    return []


def dated_author_line(lines: list[str], html: str, url: str | None) -> str | None:
    """Among the first lines of the page (see ``META.dated_byline_lines``), a date line over a line
    holding only the name of a person the site has an author's page for ("19. Oktober 2019" /
    "Jane Roe", and a link to "/author/jane-roe/" in the page). A name alone under a date may be
    a category or a brand ("Deutsche Sprache"): the author's page tells."""
    pairs = itertools.pairwise(lines[: META.dated_byline_lines])
    named = [name for date, name in pairs if is_person_name(name) and date_only(date)]
    if not named:
        return None
    authors = {
        person for m in _author_page_links(html, url) for person in author_page_names(tag_free(m.group(2)), m.group(1))
    }
    return next((name for name in named if name in authors), None)


def _author_page_links(html: str, url: str | None) -> Iterator[re.Match[str]]:
    """The page's links to an author's page on its own site, in page order (``_AUTHOR_LINK`` matches)."""
    return (m for m in _AUTHOR_LINK.finditer(html) if author_page(m.group(1)) and same_site(m.group(1), url))


def _in_list_item(html: str, at: int) -> bool:
    """Whether ``at`` lies in a list item (<li> opened before it and not closed)."""
    tags = list(_LIST_ITEM.finditer(html, max(0, at - META.list_lookbehind_chars), at))
    return bool(tags) and not tags[-1].group(1)


def same_site(href: str, url: str | None) -> bool:
    """Whether a link leads within the site of the page at ``url``: a relative link does; an
    absolute one when its host is the page's (or the page's address is unknown)."""
    if not href.startswith(("http:", "https:", "//")) or url is None:
        return True
    return hostname(href) == hostname(url)


def author_credits(html: str) -> tuple[list[str], list[str]]:
    """Author credits marked up in the page, as (credits, organisations): JSON-LD ``author``,
    ``rel=author`` links, elements whose class or itemprop names an author or byline; the first
    kind that yields wins. A JSON-LD author typed as an organisation is one of the organisations,
    never a credit (split later into persons and organisations by their names alone)."""
    ld: list[str] = []
    orgs: list[str] = []
    for m in _LD_AUTHOR.finditer(html):
        value = m.group(1)
        for entry in _ld_entries(value):
            (orgs if _LD_ORGANIZATION.search(entry) else ld).extend(_ld_names(entry))
    orgs = list(dict.fromkeys(orgs))[:5]
    if ld:
        return list(dict.fromkeys(ld))[:5], orgs
    for pattern, group in ((_REL_AUTHOR, 1), (_CLASS_AUTHOR, 2)):  # an organisation alone is no credit
        texts = (tag_free(m.group(group)) for m in pattern.finditer(html))
        # the first credit (later ones are teasers and comments) that is more than a label ("By")
        first = next((t for t in texts if t and len(t) <= 80 and t.lower().strip(" :*") not in NOT_A_NAME), None)
        if first:
            return [first], orgs
    return [], orgs


def page_spelling(html: str, author: str) -> str:
    """trafilatura's author as the page spells it: it drops accents and initials' dots ("Gabor
    Munier" for "Gàbor Muniér", "Marwan H Adwan" for "Marwan H. Adwan"). Each of its names
    ("; "-separated) the page does not hold as such takes the spelling the page uses most often
    for it."""
    names = author.split("; ")
    for n, name in enumerate(names):
        if not name.isascii() or not name.strip() or name in html:  # the page spells it so
            continue
        parts = name.split()
        # an initial may be followed by a dot and no space ("R.C. Baker" for "R C Baker")
        gaps = [r"(?:\.\s*|\s+)" if len(w) == 1 else r"\s+" for w in parts[:-1]] + [
            r"\.?" if len(parts[-1]) == 1 else ""
        ]
        # The first letter is a class of its accented forms, which the regex engine scans the page
        # for quickly; the others are the letter or any non-ASCII character, a class that compiles
        # many times faster, as every new name needs its own. A match must then have the same
        # letters in the same case once accents are dropped: "CNN" is not respelled "cnn".
        pieces = [piece for word, gap in zip(parts, gaps, strict=True) for piece in (*map(_letter_or_other, word), gap)]
        pieces[0] = _ACCENTED.get(parts[0][0].lower(), pieces[0])
        pattern = re.compile("".join(pieces) + r"(?!\w)")
        bare = _spelling(name)
        spellings = Counter(s for m in _word_start(pattern, html) if _spelling(s := " ".join(m[0].split())) == bare)
        if spellings:
            names[n] = max(spellings, key=lambda s: (spellings[s], not s.isascii() or "." in s))
    return "; ".join(names)


def fullest_forms(html: str, author: str) -> str:
    """trafilatura's author with each of its names in the fuller form the page gives it: a first and
    last name with the middle initial the page writes between them more often than it writes the
    name without ("Christian P. Stadtfeld" signing the article credited to "Christian Stadtfeld"
    in its markup); a one-word name that its JSON-LD description opens in full, followed by a dash
    or a comma ("Stefanus" described as "Stefanus Stahl - engineer and guide")."""
    names = author.split("; ")
    for n, name in enumerate(names):
        words = name.split()
        if len(words) == 2:
            first, last = map(re.escape, words)
            # the pattern opens with the name's letters, which the regex engine scans for quickly
            # (a look-behind first costs ~3 ms a page); a match inside a word is dropped after
            found = re.finditer(rf"{first}\s+([A-Z]\.)\s*{last}(?!\w)", html)
            initials = Counter(m[1] for m in found if not html[m.start() - 1 : m.start()].isalnum()).most_common(1)
            if initials and initials[0][1] > html.count(name):  # the spelling the page uses most often
                names[n] = f"{words[0]} {initials[0][0]} {words[1]}"
        elif len(words) == 1 and '"description"' in html:
            described = rf'"description"\s*:\s*"{re.escape(name)}\s+([^\W\d_][\w\'’-]+)\s*(?:[-–,]|\\u2013)'
            if (m := re.search(described, html)) and m.group(1)[0].isupper():
                names[n] = f"{name} {m.group(1)}"
    return "; ".join(names)


def _letter_or_other(char: str) -> str:
    """A pattern piece for one character of a name: an ASCII letter matches itself or any
    non-ASCII character (a negated class of two ASCII ranges)."""
    if not char.isalpha():
        return re.escape(char)
    code = ord(char)
    return f"[^\\x00-{re.escape(chr(code - 1))}{re.escape(chr(code + 1))}-\\x7f]"


def _spelling(name: str) -> str:
    """A name's letters without accents, dots and spaces, case kept: two spellings of one name
    ("R.C. Bäker", "R C Baker"), where :func:`parsers.meta.names.fold_key` would also merge
    "CNN" with "cnn"."""
    return strip_accents(name).replace(".", "").replace(" ", "")


def _word_start(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    r"""``pattern``'s matches in ``text`` that start a word: what ``(?<!\w)`` before the pattern
    finds, 2-4x faster (a lookbehind first keeps the regex engine from skipping ahead to the
    characters that can open a match)."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        before = text[m.start() - 1] if m.start() else " "
        if before.isalnum() or before == "_":
            pos = m.start() + 1
            continue
        yield m
        pos = max(m.end(), pos + 1)


def _accented() -> dict[str, str]:
    """Each ASCII letter -> a character class of it and its accented forms in both cases ("e" ->
    "[eèéêë…EÈÉÊË…]"). Spelled out rather than matched ignoring case: case-insensitive matching
    of such classes reads a long page 3x slower."""
    forms: dict[str, str] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[0].lower()
        if base.isascii() and base.isalpha() and char.lower() not in forms.get(base, base):
            forms[base] = forms.get(base, base) + char.lower()
    for letter in string.ascii_lowercase:
        forms.setdefault(letter, letter)
    both = {c: v + "".join(u for ch in v if len(u := ch.upper()) == 1 and u != ch) for c, v in forms.items()}
    return {c: f"[{v}]" for c, v in both.items()}


_ACCENTED = _accented()


def _ld_entries(value: str) -> list[str]:
    """The entries of a JSON-LD ``author`` value: its top-level objects when it is a list."""
    if not value.startswith("["):
        return [_own_members(value)]
    entries: list[str] = []
    depth, start = 0, 0
    for i, char in enumerate(value):
        if char == "{":
            depth += 1
            if depth == 1:
                start = i
        elif char == "}" and depth:
            depth -= 1
            if not depth:
                entries.append(_own_members(value[start : i + 1]))
    return entries or [value]


def _own_members(entry: str) -> str:
    """A JSON-LD object without the objects it holds: the name and type of an author, not of its
    picture or its employer ("worksFor": {"@type": "Organization", "name": ...})."""
    return "{" + _LD_NESTED.sub("", entry[1:-1]) + "}" if entry.startswith("{") else entry


def _ld_names(value: str) -> list[str]:
    names = [value.strip('"')] if value.startswith('"') else _LD_NAME.findall(value)
    # an author given as the URL or @id of an author page ("https:\/\/example.org\/author\/x\/#author")
    return [tag_free(name) for name in names if not _LD_REFERENCE.match(name)]
