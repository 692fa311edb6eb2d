"""An HTML page's author credits and publication date, chosen among what its markup declares."""

from __future__ import annotations

from datetime import date

from parsers.html.dates import UTC_SUFFIXES
from parsers.html.page import PageMeta
from parsers.meta.fields import Meta
from parsers.meta.names import fold_key, in_full, is_person_name, split_byline
from parsers.meta.params import META
from parsers.meta.titles import best_title, site_credited, site_label


def markup_hints(hints: Meta, page: PageMeta, url: str | None, headings: list[str]) -> Meta:
    """A record's own metadata, completed from the page's markup; ``headings``: the headings the
    classifier kept (candidates for the title)."""
    return Meta(
        title=hints.title
        or best_title(
            page.title,
            page.headings,
            page.sitename or site_label(page.url or url),
            url or page.url,
            page.subheadings,
            headings,
        ),
        authors=hints.authors or credited(page),
        organizations=hints.organizations or page.organizations,
        published=hints.published or _published(page),
        modified=hints.modified or page.modified,
        publisher=hints.publisher or page.sitename,
        language=hints.language,
        tags=hints.tags or page.tags,
    )


def credited(page: PageMeta) -> list[str]:
    """The page's author credits (see :func:`_marked_credit`), unless a byline label in the page
    links to the author's page of someone else ("Erstellt von <a href="/author/jane/">Jane</a>"
    under a site-wide ``<meta name="author">``): the page's own credit of the article's writer."""
    credit = _marked_credit(page)
    linked = [name for name in page.linked_authors if not site_credited(name, page.sitename, page.url)]
    if not linked:
        return credit
    names = [name for c in credit for name in split_byline(c)[0]]
    # a person the credit names too ("Jane" linked, "Jane Roe" credited; one of two credited authors)
    same = _extends(linked, [fold_key(n) for n in names]) or _extends(names, [fold_key(n) for n in linked])
    return credit if same else linked


def _marked_credit(page: PageMeta) -> list[str]:
    """The page's author credits: trafilatura's author, else the credits marked up in the page,
    else a byline in its text: the first that names a person (a one-word name that is the site's
    own names none), else the holder of the page's Creative Commons licence, else the first
    credit naming an organisation."""
    author = page.author
    sources = [[author] if author else [], page.credits, [page.byline] if page.byline else []]
    parsed = [[split_byline(c) for c in credits] for credits in sources]  # (persons, organisations)
    # a one-word name that is the site's own ("Google" on "Google Online Security Blog") names no person
    people = [
        [name for persons, _ in source for name in persons if not site_credited(name, page.sitename, page.url)]
        for source in parsed
    ]
    # a person wins over an organisation ("Example Foundation" in the markup, "Autorin: Jane Roe" in the text)
    found = next((i for i, names in enumerate(people) if names), None)
    if found is None:
        holders = [name for holder in page.licensed_to for name in split_byline(holder)[0] if is_person_name(name)]
        if holders:  # the licence's holder, when no credit names a person (never to lengthen a short name)
            return holders[:1]
        # else the first credit naming an organisation (or only the site, split off later as one)
        return next(
            (credits for credits, source in zip(sources, parsed, strict=True) if any(p or o for p, o in source)), []
        )
    if not in_full(people[found]):  # a user account's single name: the same name in full, if given
        short = [fold_key(name) for name in people[found]]
        fuller = (
            credits for credits, names in zip(sources, people, strict=True) if in_full(names) and _extends(names, short)
        )
        return next(fuller, sources[found])
    return sources[found]


def _extends(names: list[str], short: list[str]) -> bool:
    """Whether ``names`` hold in full someone known by one of the ``short`` names: "Todd Bates"
    for "Todd", "Arian Schlichenmayer" for "arianschlichenmayer"."""
    return any(key in (fold_key(name), fold_key(name.split()[0])) for name in names for key in short)


def _published(page: PageMeta) -> str | None:
    """The page's publication date, from the date declared in its markup (or its address), the
    dateline next to the headline and a search of the page:
    1. nothing declared: the dateline, else the date found by searching;
    2. a dateline labelled as an update never replaces a declared date;
    3. the markup declares several days and a dateline on a line of its own shows one of them: that one;
    4. a declared UTC time yields to a dateline a day off (the local date), or to one on a line of
       its own right under the headline;
    5. else the declared date (a dateline in prose may be an event's date)."""
    line = page.headline_date
    if not page.date or line is None:
        return page.date or (line.iso if line else None)
    if not page.date_declared:
        return line.iso
    if line.updated:
        return page.date
    # the markup declares several days and the page shows one of them on a line of its own: the
    # declared value of that day and time (its offset known), else the page's time, else that day
    same_day = [d for d in page.declared_dates if d[:10] == line.iso[:10]]
    if same_day and line.alone and line.iso[:10] != page.date[:10]:
        same_time = [d for d in same_day if d[11:16] == line.iso[11:16]]
        if same_time:
            return same_time[0]
        return line.iso if len(line.iso) > 10 else same_day[0]
    if not page.date.endswith(UTC_SUFFIXES):
        return page.date
    try:
        gap = abs((date.fromisoformat(line.iso[:10]) - date.fromisoformat(page.date[:10])).days)
    except ValueError:
        return page.date
    under = line.alone and 0 <= line.at <= META.dateline_near_chars
    return line.iso if gap == 1 or (gap > 1 and under) else page.date
