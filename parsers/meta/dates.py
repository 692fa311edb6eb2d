"""Dates in bylines and date lines, to ISO 8601 with their precision kept.

Cheap explicit patterns first (numeric forms and month names in a dozen languages); dateparser
only as a fallback on short date-like strings, since it costs ~0.6 ms per call.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import regex

# Month names and abbreviations -> month number, per language (lower case, accents kept).
MONTHS: dict[str, int] = {}
_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "gen",
        "januari", "janeiro", "stycznia", "styczeń", "styczen", "leden", "ledna", "janúar"),
    2: ("february", "feb", "februar", "feber", "février", "fevrier", "févr", "fevr", "febrero",
        "febbraio", "februari", "fevereiro", "fev", "lutego", "luty", "únor", "února"),
    3: ("march", "mar", "märz", "maerz", "mrz", "mars", "marzo", "maart", "março", "marco",
        "marca", "marzec", "březen", "března"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile", "kwietnia", "kwiecień",
        "duben", "dubna"),
    5: ("may", "mai", "mayo", "maggio", "mei", "maio", "maja", "maj", "květen", "května"),
    6: ("june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho", "czerwca", "czerwiec",
        "červen", "června"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "lipca",
        "lipiec", "červenec", "července"),
    8: ("august", "aug", "août", "aout", "agosto", "ago", "augustus", "sierpnia", "sierpień",
        "srpen", "srpna"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "settembre", "set", "setembro",
        "września", "wrzesień", "září"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro",
         "out", "października", "październik", "říjen", "října"),
    11: ("november", "nov", "novembre", "noviembre", "novembro", "listopada", "listopad"),
    12: ("december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic",
         "dicembre", "desember", "dezembro", "grudnia", "grudzień", "prosinec", "prosince"),
}  # fmt: skip
for _num, _names in _MONTH_NAMES.items():
    for _name in _names:
        MONTHS[_name] = _num

# Any month name or abbreviation, longest first (a regex alternation).
MONTH_PATTERN = "|".join(sorted(map(regex.escape, MONTHS), key=len, reverse=True))
_MONTH = r"(?P<month>" + MONTH_PATTERN + r")\.?"
_TIME = r"(?:(?:,|\s|\s*[-–—|@]\s*|\s+(?:at|um|à|a las|o)\s+)\s*(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*(?:uhr|h))?(?:\s*(?P<tz>[+-]\d{2}:?\d{2}|utc|gmt|z))?)?"  # noqa: E501

# A year ends a word, or runs into a second date written straight after it: a page's published
# and updated dates set side by side with nothing between ("19.11.202119.11.2021",
# "November 26, 2017November 26, 2017").
_YEAR_END = r"(?:\b|(?=\d{1,2}(?:\.|/|\s*(?:" + MONTH_PATTERN + r")\b)|(?:" + MONTH_PATTERN + r")\b))"
_YEAR = r"(?P<year>(?:19|20)\d{2})" + _YEAR_END
# A year cut to two digits with an apostrophe: "’20"
_CUT_YEAR = r"[’'‘](?P<year>\d{2})\b"


def _day_month(year: str) -> regex.Pattern[str]:
    """Day first: "4. Februar 2022", "4th February 2022", "4 de febrero de 2022" (``year``: its pattern)."""
    return regex.compile(r"\b(?P<day>\d{1,2})(?:\.|st|nd|rd|th|er)?\s*(?:de\s+)?" + _MONTH + r",?\s+(?:de\s+)?"
                         + year + _TIME, regex.IGNORECASE)  # fmt: skip


# What a month-first date holds where it starts: a month's letters, then a day. Checked first, it
# spares the month alternation at every word (the same matches, 3-4 times faster).
_MONTH_THEN_DAY = rf"(?=\p{{L}}{{{min(map(len, MONTHS))},{max(map(len, MONTHS))}}}\.?\s+\d)"


def _month_day(year: str) -> regex.Pattern[str]:
    """Month first: "February 4, 2022", "Feb. 4th 2022" (``year``: its pattern)."""
    return regex.compile(
        r"\b" + _MONTH_THEN_DAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+" + year + _TIME, regex.IGNORECASE
    )


_DAY_MONTH_YEAR = _day_month(_YEAR)

_DIGIT = regex.compile(r"\d")  # the same digits as the patterns' \d
_CENTURY_YEAR = regex.compile(r"(?:19|20)\d{2}")  # every pattern but the last holds one
_PATTERNS = [
    regex.compile(
        r"\b(?P<year>(?:19|20)\d{2})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})"
        r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\.\d+)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?",
        regex.IGNORECASE,
    ),
    _month_day(_YEAR),
    _DAY_MONTH_YEAR,
    regex.compile(r"\b(?P<day>\d{1,2})\.\s?(?P<mnum>\d{1,2})\.\s?" + _YEAR + _TIME),
    regex.compile(r"\b(?P<mnum>\d{1,2})/(?P<day>\d{1,2})/" + _YEAR + _TIME),
    regex.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>\d{2})(?![\d.])" + _TIME),
]  # fmt: skip
# The two month-name forms with a cut year: "14 Feb ’20", "Feb 14, ’20". Tried last, and only
# on a text holding such a year (tried on every line with a digit and an apostrophe, they cost
# 2-3 % of the text path).
_CUT_YEAR_PATTERNS = [_day_month(_CUT_YEAR), _month_day(_CUT_YEAR)]
_HAS_CUT_YEAR = regex.compile(_CUT_YEAR)
# What every pattern's match holds: a four-digit year, a dotted two-digit one, or a cut one.
DATE_SHAPE = regex.compile(r"(?:19|20)\d{2}|\d\.\d{1,2}\.\d{2}|[’'‘]\d{2}")

# Words that accompany a date in a dateline without being content: weekdays, "am", "um", "Uhr",
# "published", "updated", comment counts.
WEEKDAYS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|montag|dienstag|"
    r"mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|"
    r"miércoles|jueves|viernes|sábado|domingo|poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela"
)
DATELINE_FILLER = regex.compile(
    r"\b(?:"
    + WEEKDAYS
    + r"|am|um|uhr|at|on|le|el|de|del|à|published|posted|updated|veröffentlicht|aktualisiert|erstellt|publié|"
    r"publicado|opublikowano|stand|datum|date)\b|\(\d+\s+\w+\)|[|,·•–—:/()-]",
    regex.IGNORECASE,
)


@dataclass(frozen=True)
class FoundDate:
    iso: str  # YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[+HH:MM]
    start: int
    end: int


def opens_with_date(text: str) -> bool:
    """Whether ``text`` opens with a date written day first with a month name ("04. Februar 2022")."""
    return _DAY_MONTH_YEAR.match(text.lstrip()) is not None


def find_date(text: str, not_after: datetime | None = None, day_first: bool = False) -> FoundDate | None:
    """The first plausible date written in ``text`` by the most explicit pattern (explicit patterns
    only); ``day_first`` as for :func:`earliest_date`."""
    return next(_first_per_pattern(text, not_after, day_first), None)


def earliest_date(text: str, not_after: datetime | None = None, day_first: bool = False) -> FoundDate | None:
    """The plausible date written earliest in ``text`` (explicit patterns only). ``day_first``
    reads an ambiguous "03/05/2022" as 3 May (as everywhere but in US English)."""
    return min(_first_per_pattern(text, not_after, day_first), key=lambda found: found.start, default=None)


def _first_per_pattern(text: str, not_after: datetime | None, day_first: bool) -> Iterator[FoundDate]:
    """Each pattern's first plausible date in ``text``, most explicit pattern first."""
    if not _DIGIT.search(text):  # every pattern holds a digit; most lines asked hold none
        return
    patterns = _PATTERNS if _CENTURY_YEAR.search(text) else _PATTERNS[-1:]
    if _HAS_CUT_YEAR.search(text):
        patterns = [*patterns, *_CUT_YEAR_PATTERNS]
    for pattern in patterns:
        for m in pattern.finditer(text):
            iso = _to_iso(m, day_first)
            if iso and _plausible(iso, not_after):
                # a time refused ("23.10.2015 - 25.10.2015" is no 25:10) is not part of the date
                refused = "T" not in iso and m.groupdict().get("hour")
                yield FoundDate(iso, m.start(), max(m.end("year"), m.end("day")) if refused else m.end())
                break


def _to_iso(m: regex.Match[str], day_first: bool = False) -> str | None:
    groups = m.groupdict()
    month = MONTHS.get((groups.get("month") or "").lower().rstrip(".")) if groups.get("month") else None
    if month is None and groups.get("mnum"):
        month, day_number = int(groups["mnum"]), int(groups["day"])
        slash = "/" in m.group(0)
        # A month past 12 before the year can only be a day: 28/02/2019 is day first, 01.21.2020
        # (as US sites also write) month first. A slashed date on a day-first page is day first.
        if (month > 12 >= day_number and m.start("mnum") < m.start("year")) or (
            slash and day_first and day_number <= 12
        ):
            month, groups = day_number, {**groups, "day": groups["mnum"]}
    year = int(groups["year"])
    if year < 100:  # a two-digit year as strptime's %y reads it (POSIX): 69-99 the 1900s, else the 2000s
        year += 1900 if year >= 69 else 2000
    try:
        day = date(year, month or 0, int(groups["day"]))
    except (ValueError, TypeError):
        return None
    if not groups.get("hour"):
        return day.isoformat()
    hour = int(groups["hour"])
    ampm = (groups.get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or int(groups["minute"]) > 59:
        return day.isoformat()
    stamp = f"{day.isoformat()}T{hour:02d}:{groups['minute']}:{groups.get('second') or '00'}"
    return stamp + _offset(groups.get("tz"))


def _offset(tz: str | None) -> str:
    if not tz:
        return ""
    tz = tz.lower()
    if tz in ("z", "utc", "gmt"):
        return "+00:00"
    digits = tz.replace(":", "")
    return f"{digits[:3]}:{digits[3:5]}"


def _plausible(iso: str, not_after: datetime | None) -> bool:
    day = date.fromisoformat(iso[:10])
    if day.year < 1990:
        return False
    if not_after is not None and day > (not_after + timedelta(days=1)).date():
        return False
    return True


_RELATIVE = regex.compile(
    r"\b(?P<n>\d+|an?|one)\s+(?P<unit>minute|hour|day|week)s?\s+ago\b|\bvor\s+(?P<n2>\d+|einer?|einem)\s+"
    r"(?P<unit2>minute|stunde|tag|woche)(?:n|en|e)?\b|\b(?P<word>yesterday|gestern|today|heute)\b",
    regex.IGNORECASE,
)
_UNIT_HOURS = {"minute": 1 / 60, "hour": 1, "stunde": 1, "day": 24, "tag": 24, "week": 168, "woche": 168}


def resolve_relative(text: str, anchor: datetime | None) -> str | None:
    """'3 hours ago', 'gestern' against the fetch time; None without an anchor (never the clock)."""
    if anchor is None:
        return None
    m = _RELATIVE.search(text)
    if not m:
        return None
    if m.group("word"):
        back = 24 if m.group("word").lower() in ("yesterday", "gestern") else 0
        return (anchor - timedelta(hours=back)).date().isoformat()
    n_text = (m.group("n") or m.group("n2") or "1").lower()
    n = int(n_text) if n_text.isdigit() else 1
    unit = (m.group("unit") or m.group("unit2") or "day").lower()
    return (anchor - timedelta(hours=n * _UNIT_HOURS[unit])).date().isoformat()


# A whole date as path segments of an address: ".../2021/10/20/slug" (blog permalinks).
_URL_DATE = regex.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?:/|$)")


def url_date(url: str | None) -> str | None:
    """The publication day written in a page's address as /YYYY/MM/DD/, if it is a real date."""
    m = _URL_DATE.search(url or "")
    if m is None:
        return None
    try:
        day = date(int(m["year"]), int(m["month"]), int(m["day"]))
    except ValueError:
        return None
    return day.isoformat() if _plausible(day.isoformat(), None) else None


# A name and a date written together ("Jane Roe3.11.2023"): the date starts a word of its own
# (not "09h08"); and a year written on to the weekday or time after it ("15. April 2016Samstag",
# "3 de mayo de 202221:25"), as two dates or a date and its time rendered side by side are.
_GLUED_DATE = regex.compile(
    r"(?<=\p{L}\p{Ll})(?=\d)|(?<=(?<!\d)(?:19|20)\d\d)(?=\p{Lu}\p{Ll}|(?:[01]?\d|2[0-3]):[0-5]\d(?!\d))"
)


def unglue_dates(text: str) -> str:
    """A date written on to the word before or after it is set apart ("Jane Roe3.11.2023",
    "Erstellt am09.02.2022", "4. April 2016Samstag")."""
    return _GLUED_DATE.sub(" ", text)


def all_dates(text: str, not_after: datetime | None = None, day_first: bool = False) -> list[FoundDate]:
    """Every plausible date written in ``text``, in reading order; where two patterns read the same
    characters, the more explicit one's reading stands."""
    if not DATE_SHAPE.search(text):
        return []
    patterns = _PATTERNS if _CENTURY_YEAR.search(text) else _PATTERNS[-1:]
    if _HAS_CUT_YEAR.search(text):
        patterns = [*patterns, *_CUT_YEAR_PATTERNS]
    found: list[FoundDate] = []
    taken = bytearray(len(text))  # the characters a more explicit reading holds
    for pattern in patterns:
        for m in pattern.finditer(text):
            if taken.find(1, m.start(), m.end()) >= 0:
                continue
            iso = _to_iso(m, day_first)
            if iso and _plausible(iso, not_after):
                refused = "T" not in iso and m.groupdict().get("hour")
                found.append(FoundDate(iso, m.start(), max(m.end("year"), m.end("day")) if refused else m.end()))
                taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return sorted(found, key=lambda f: f.start)
