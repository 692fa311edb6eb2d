"""trafilatura's metadata step (title, author, URL, site name, categories and tags) with the changes
we rely on; the one module that calls trafilatura's metadata functions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parsers.meta.names import broken_entity, cut_date, title_key

if TYPE_CHECKING:
    from lxml.html import HtmlElement
    from trafilatura.settings import Document


def _uncut(title: str | None, tree: HtmlElement) -> str | None:
    """A meta title that a straight quote the page left unescaped cut short
    (``content="Mayor calls plan "reckless""`` reads "Mayor calls plan "): the <title> element
    holds it whole."""
    whole = (tree.findtext("head/title") or "").strip() if title else ""
    rest = whole[len(title.strip()) :] if title and whole.startswith(title.strip()) else ""
    return whole if rest.lstrip().startswith('"') else title


def _title_element(tree: HtmlElement, guessed: str | None) -> str | None:
    """With no title in the meta tags, trafilatura guesses one from the markup (a heading, an
    element classed "title": a menu's "Main menu" as well); when the <title> element holds an
    <h1> and not that guess, the two sources that agree stand: the <title> element."""
    whole = (tree.findtext("head/title") or "").strip()
    key = title_key(whole)
    if not key or (guessed and title_key(guessed) in key):
        return guessed
    h1s = (title_key(h.text_content()) for h in tree.iter("h1"))
    return whole if any(h and h in key for h in h1s) else guessed


# What extract_catstags needs to find anything: a link whose path holds /categor… or /tag…, or
# (categories) a section or subject <meta>.
_CATEGORY_KEYS = ("/categor", "article:section", "subject")


_TAG_KEY = "/tag"


def page_metadata(tree: HtmlElement, html: str, url: str | None) -> Document:
    """trafilatura's metadata extraction (``trafilatura.metadata.extract_metadata``) without what
    we do not use (the licence), its author search in one pass (:mod:`parsers.html.author_search`), its
    category and tag searches with one look at the links (:mod:`parsers.html.catstags_search`) and only
    on pages holding the link paths they look for, and htmldate's fast search for the date (one
    of the date choice's candidates)."""
    from htmldate import find_date
    from trafilatura import metadata as tm

    from parsers.html.author_search import extract_author
    from parsers.html.catstags_search import extract_catstags

    found = tm.examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None
    try:
        found = tm.extract_meta_json(tree, found)
    except Exception:  # trafilatura's JSON-LD reader fails on odd JSON (as it logs): the meta tags stand
        pass
    found.title = _uncut(found.title, tree) or _title_element(tree, tm.extract_title(tree))
    if not found.author:
        found.author = extract_author(tree, cut_date)  # trafilatura's search, in one pass
    if found.author and broken_entity(found.author):  # "Redacci; Oacute; N": the page's credits stand
        found.author = None
    found.url = found.url or tm.extract_url(tree, url)
    date = find_date(tree, url=found.url, original_date=True, extensive_search=False)
    found.date = date if isinstance(date, str) else None
    found.sitename = found.sitename or tm.extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url and (domain := tm.META_URL.match(found.url)):
        found.sitename = domain[1]
    if not found.categories and any(key in html for key in _CATEGORY_KEYS):
        found.categories = extract_catstags("category", tree)
    if not found.tags and _TAG_KEY in html:
        found.tags = extract_catstags("tag", tree)
    found.clean_and_trim()
    return found
