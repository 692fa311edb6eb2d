"""Bylines into person names; wire services and organisations kept apart."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from html.entities import html5 as _ENTITIES

import regex

from parsers.meta.cues import byline_cues
from parsers.meta.dates import MONTH_PATTERN, WEEKDAYS
from parsers.meta.params import META

# The byline vocabulary is data (parsers/cues/bylines.toml), per language.
_CUES = byline_cues()
PARTICLES = _CUES.particles
ORGANIZATIONS = _CUES.organizations  # credits that are organisations, not persons (the whole credit)
ORGANIZATION_WORDS = _CUES.organization_words  # words that make a credit an organisation
NOT_A_NAME = _CUES.not_a_name  # labels of comment forms and CMS defaults that scrapers take for names
# "Jane Roe says:" heads a comment: its writer is not the article's author.
_COMMENTER = regex.compile(r"\b(?:says|said|sagt|schreibt|dice|dit|pisze|scrive)\s*:?\s*$", regex.IGNORECASE)
# Job titles and roles glued to bylines ("Jane Roe, Staff Writer").
_ROLE = regex.compile(
    rf"\b(?:{'|'.join(map(regex.escape, _CUES.role_modifiers))})?\s*"
    rf"(?:{'|'.join(map(regex.escape, _CUES.roles))})s?\b.*$",
    regex.IGNORECASE,
)
# Labels before a name: "Interview Jane Roe", "Text und Fotos: Jane Roe", "Artikel von Jane Roe".
_TEXT_LABELS = r"interview|text|texte|artikel|beitrag|article|story|words"
_LEAD_LABEL = regex.compile(
    rf"^(?:{_TEXT_LABELS}|fotos?|photos?|bilder)"
    r"(?:\s+(?:und|and|&)\s+(?:fotos?|photos?|bilder|text))?\s*(?:von|by|de|par)?\s*:?\s+(?=\S)",
    regex.IGNORECASE,
)
# A later credit for pictures or video ("Jane Roe Illustration von John Doe", "Jane Roe, Fotos: John
# Doe"): what follows names no author of the text.
_OTHER_CREDIT = regex.compile(
    r"[\s,;|/]+(?:illustrations?|illustrationen|fotos?|photos?|photography|fotografie|bilder?|grafiken?|"
    r"graphics?|videos?|kamera|images?|zdjęcia|ilustraci(?:ón|ones))\s*(?:von|by|de|par|:)\s.*$",
    regex.IGNORECASE,
)
_LABEL_ONLY = regex.compile(rf"(?:{_TEXT_LABELS})(?:\s+(?:und|and|&))?", regex.IGNORECASE)
_REGISTERED = regex.compile(r"\s+e\.?\s?V\.?(?=$|[\s,;|/])")  # eingetragener Verein
_USERNAME = regex.compile(r"\p{L}{2,}[._]\p{L}{2,}")
# A CMS account rather than a person: "wordpressadmin", "siteadmin", "admin2".
_ACCOUNT = regex.compile(r"\w*admin\w*", regex.IGNORECASE)
# An HTML entity an extractor split at its "&" and ";" ("Redacci; Oacute; N" for "Redacci&oacute;n").
_BROKEN_ENTITY = regex.compile(r"(?<=\p{L}); ([A-Za-z]{2,8}); (?=\p{L})")
# A credit opening with an article or a possessive names a group: "Die Tagespost", "Unsere
# Redaktion", "Your Local Team". Short possessives that are also names ("Ma", "Su") are no cue.
_DETERMINERS = _CUES.determiners
CONJUNCTIONS = _CUES.conjunctions  # "and" between two names
_SPLIT = regex.compile(r"\s*(?:;|&|/|\||" + "|".join(f" {c} " for c in CONJUNCTIONS) + r")\s*", regex.IGNORECASE)
# A time or date glued to the byline by a page's layout, and all after it ("Jane Roe November 15,
# 2019", "Jane Roe 3. März", "Posted by Jane Roe on May 3", "Von Jane Roe vom 3. März", "Por
# Juana Roe 4 de mayo").
_DATE_TAIL = (
    r"(?:\b(?:on|am|vom|le|du|el|del|il)\s+)?(?:\b\d{1,2}[:.]\d{2}\b|\b(?:19|20)\d{2}\b|"
    rf"\b(?:{MONTH_PATTERN})\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\.?\s+(?:de\s+)?(?:{MONTH_PATTERN})\b).*$"
)
# Contacts, a date label and all after it, a glued date. "Posted 3 May" is a date; "Posted by" a credit.
_NOISE = regex.compile(
    r"\S+@\S+\.\w+|@\w+|https?://\S+|\b(?:updated|published|aktualisiert|veröffentlicht)\b.*$|"
    r"\b(?:posted|erstellt)\b(?!\s+(?:by|von)\b).*$|" + _DATE_TAIL,
    regex.IGNORECASE,
)
_DATE_TAIL_RE = regex.compile(_DATE_TAIL, regex.IGNORECASE)
# What every match of _NOISE holds (an "@", "://", a digit for any date, or a label word): most
# credits hold none, and this one scan is cheaper than trying _NOISE's month names everywhere.
_NOISE_HINT = regex.compile(
    r"[@\d]|://|updated|published|aktualisiert|veröffentlicht|posted|erstellt", regex.IGNORECASE
)
# "By", "BY", "Von", "Par", "Por", "Door", "Przez" opening a credit (not "Di": "Di Stefano" is a name).
_BY = regex.compile(
    r"^(?:(?:written|posted|reported)\s+by|(?:eingestellt|erstellt|geschrieben|verfasst)\s+von|by|von|par|por|door|przez)"
    r"\s*:?\s+(?=\S)",
    regex.IGNORECASE,
)
_PARENS = regex.compile(r"\(([^()]{1,40})\)")
_WEEKDAY_PHRASE = regex.compile(r"\b(?:(?:am|on|le|el|au)\s+)?(?:" + WEEKDAYS + r")\b\.?", regex.IGNORECASE)
_NAME_TOKEN = r"(?:\p{Lu}[\p{Ll}\p{Lu}'’\-]*\.?|\p{Lu}\.)"
_PERSON = regex.compile(
    r"^"
    + _NAME_TOKEN
    + r"(?:\s+(?:"
    + _NAME_TOKEN
    + r"|"
    + "|".join(sorted(PARTICLES))
    + r"))*\s+"
    + _NAME_TOKEN
    + r"$"
)
_NOT_NAMES = _CUES.not_names  # words that start a capitalised line but never a name


_WHITESPACE = regex.compile(r"\s+")
_INVERTED = regex.compile(r"[^,]+,\s*[^,]+")  # "Smith, John"
_DIGIT = regex.compile(r"\d")


def normalize_name(name: str) -> str:
    """Natural order and case: 'SMITH, JOHN' -> 'John Smith', particles kept lower case."""
    name = _WHITESPACE.sub(" ", name).strip(" ,;:-–—|·.\"'“”")
    if _INVERTED.fullmatch(name):
        last, first = (p.strip() for p in name.split(",", 1))
        if len(first.split()) <= 2 and len(last.split()) <= 2:
            name = f"{first} {last}"
    if name.isupper() or name.islower():
        name = " ".join(w.lower() if w.lower() in PARTICLES and i else _cap(w) for i, w in enumerate(name.split()))
    return name


def broken_entity(text: str) -> bool:
    """Whether an extractor split an HTML entity of ``text`` into words: 'Redacci; Oacute; N' for
    'Redacci&oacute;n' (an entity left undecoded in JSON-LD). Where the word ends cannot be told."""
    return any(
        f"{m.group(1)};" in _ENTITIES or f"{m.group(1).lower()};" in _ENTITIES for m in _BROKEN_ENTITY.finditer(text)
    )


def _cap(word: str) -> str:
    """'JEAN-PAUL' -> 'Jean-Paul', 'R.C.' -> 'R.C.', "O'MAHONY" -> "O'Mahony"."""
    return _CAP_AFTER.sub(lambda m: m.group(0).upper(), word.lower())


# A letter that starts a word, follows a hyphen or an initial's dot, or follows "O'" / "D'".
_CAP_AFTER = regex.compile(r"(?:(?<=^)|(?<=[-.])|(?<=^\p{L}['’]))\p{L}")


def is_person_name(text: str) -> bool:
    """A bare line that reads as one person's name: 2-5 capitalised words, no sentence punctuation."""
    text = text.strip()
    words = text.split()
    if not 2 <= len(words) <= 5 or len(text) > 60:
        return False
    if any(w.lower() in _NOT_NAMES or w.lower().endswith(("'s", "’s")) or _organization_word(w) for w in words):
        return False  # "Handball Schweiz", "Example Verlag": an organisation
    if _WEEKDAY_PHRASE.search(text):
        return False
    return bool(_PERSON.match(text))


def names_in_full(credits: Iterable[str | None]) -> bool:
    """Whether any of ``credits`` names a person by more than one name ("Todd Bates", not the
    "Todd" or "wordpressadmin" of a user account)."""
    return any(in_full(split_byline(c)[0]) for c in credits if c)


def in_full(names: Iterable[str]) -> bool:
    """Whether any of ``names`` (persons, as :func:`split_byline` gives them) has more than one word."""
    return any(len(name.split()) > 1 for name in names)


def fold_key(text: str, accents: bool = False) -> str:
    """The one key under which names, titles and site names are compared: case folded, only
    letters and digits kept, a leading "www" cut, accents dropped unless ``accents`` ("Gàbor
    Muniér" and "gabor-munier" meet; "www.Example.org" and "Example ORG" too). Titles and site
    names keep their accents (and compatibility characters: "™" is no "TM"): a brand's "Nörd" is
    not its "Nord"."""
    folded = text.casefold()
    return _NON_WORD.sub("", folded if accents else strip_accents(folded)).removeprefix("www")


def title_key(text: str) -> str:
    """:func:`fold_key` with the accents kept: how titles and site names are compared."""
    return fold_key(text, accents=True)


_NON_WORD = regex.compile(r"[\W_]+")


def strip_accents(text: str) -> str:
    """``text`` with its letters' accents dropped ("Gàbor Muniér" -> "Gabor Munier")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def distinct_persons(names: list[str]) -> list[str]:
    """``names`` without those another name holds in full: "Troy Smith" beside "Troy L. Smith"
    (the same first and last name, a middle name or initial more) is one person."""

    def ends(name: str) -> tuple[str, str]:
        words = name.casefold().split()
        return words[0], words[-1]

    return [
        name
        for name in names
        if not any(len(other.split()) > len(name.split()) and ends(other) == ends(name) for other in names)
    ]


def cut_date(text: str) -> str:
    """``text`` without a time or date glued to its end and what follows it."""
    return _DATE_TAIL_RE.sub("", text)


def split_byline(text: str) -> tuple[list[str], list[str]]:
    """A byline's names: (persons, organisations). Roles, emails, dates and times are dropped."""
    people: list[str] = []
    orgs: list[str] = []
    if _COMMENTER.search(text):
        return people, orgs
    for credit in _PARENS.findall(text):  # "Jane Roe (Reuters)": the agency credited alongside
        if credit.strip().lower() in ORGANIZATIONS:
            orgs.append(credit.strip())
    text = _PARENS.sub(" ", text)
    text = (_NOISE.sub("", text) if _NOISE_HINT.search(text) else text).strip(" ,;:-–—|·")
    other = _OTHER_CREDIT.search(text)
    if other and not _LABEL_ONLY.fullmatch(text[: other.start()].strip()):  # not "Text und Fotos: X"
        text = text[: other.start()]
    if (by := _BY.match(text)) and not (by.group(0)[0] == "V" and len(text[by.end() :].split()) < 2):
        text = text[by.end() :]  # "Von Miller" alone may be a surname; "von Anna Berger", "von Ulrike" are credits
    text = _LEAD_LABEL.sub("", text)  # "Text und Fotos: Jane Roe": the label is no name
    text = _REGISTERED.sub(" e.V.", text)  # "Example-Stiftung e V": one name, not "… and V"
    for part in _split_parts(text):
        if (dashed := _DASHED.match(part)) and is_person_name(dashed["name"]):
            part = dashed["name"]  # "Kiran C Nair - Chrome Security team": the team is no name
            if dashed["rest"].lower() in ORGANIZATIONS:
                orgs.append(dashed["rest"])  # "Jane Roe - Reuters": the agency credited alongside
        part = _WEEKDAY_PHRASE.sub("", _ROLE.sub("", part)).strip(" ,;:-–—|·/")
        if not part:
            continue
        if (
            part.lower() in ORGANIZATIONS
            or part.lower().removeprefix("the ") in ORGANIZATIONS
            or (part.isupper() and " " not in part and 3 <= len(part) <= META.agency_max_chars)  # "SP-X", "KNA"
        ):
            orgs.append(part)
            continue
        part = _LEAD_LABEL.sub("", part)
        if _USERNAME.fullmatch(part):  # "robert.stitz": a user name spelling a full name
            part = part.replace(".", " ").replace("_", " ")
        name = normalize_name(part)
        if (
            name.lower().strip(" *:") in NOT_A_NAME
            or _ACCOUNT.fullmatch(name)
            or (len(name.split()) == 1 and len(name) <= 3)
        ):
            continue  # a label, an account ("wordpressadmin"), or initials ("TK") that name no one
        words = name.split()
        if (
            any(_organization_word(w) for w in words)
            or (len(words) > 1 and words[0].lower() in _DETERMINERS)  # "Die Tagespost", "Unsere Redaktion"
            or any(w.isupper() and len(w) >= 3 and w.lower() in ORGANIZATIONS for w in part.split())  # "SWR Sport"
        ):
            orgs.append(name)
        elif _domainish(part):  # "Cleveland.com": the site credited alongside
            continue
        elif _prose(name):  # "Von Gästen und ganz viel Kühen geliebt": a sentence, not a byline
            return [], []
        elif 1 <= len(words) <= 5 and not _DIGIT.search(name) and ":" not in name:  # "Jane Roe Tags: Mode"
            people.append(name)
    return people, orgs


_DASHED = regex.compile(r"(?P<name>.+?)\s+[-–—]\s+(?P<rest>.+)")  # a name, then a dash and what follows it
_TLD = regex.compile(r"(?:^|[\s.])(?:com|org|net|de|at|ch|fr|es|it|pl|uk|co|io|info|eu|nl|be)$", regex.IGNORECASE)


def _domainish(text: str) -> bool:
    """'facebook.com', 'Jungefreiheit De': a site or handle taken for a name."""
    return bool(_TLD.search(text.strip())) or "/" in text or "www" in text.lower()


def _split_parts(text: str) -> list[str]:
    """Split on conjunctions and separators; commas split only between full names."""
    parts: list[str] = []
    for chunk in _SPLIT.split(text):
        pieces = [p.strip() for p in chunk.split(",") if p.strip()]
        if len(pieces) == 2 and all(len(p.split()) == 1 for p in pieces):
            parts.append(chunk)  # "Smith, John": one person, inverted
        elif len(pieces) > 1 and len(pieces[-1].split()) >= 1 and any(len(p.split()) > 1 for p in pieces):
            # after the first name, a piece in running words describes it ("Jane Roe, chief economist
            # at Example Bank", "…, Projektleiterin der Stiftung in Tunis"): dropped, not a name
            parts.extend(p for i, p in enumerate(pieces) if i == 0 or not _describes(p))
        else:
            parts.append(chunk)
    return [p for p in (s.strip() for s in parts) if p]


def _describes(piece: str) -> bool:
    """A comma-separated piece of a credit that is a description: it holds a lower-case word that
    is no name particle (an agency such as "dpa" stays a credit)."""
    return piece.lower() not in ORGANIZATIONS and _running_word(piece)


_ORG_WORDS = frozenset(w.strip(".,") for w in ORGANIZATION_WORDS)
# German compounds ending in one of these name an organisation ("Caritasverband", "Bundesinstitut").
_ORG_SUFFIXES = ("verband", "stiftung", "institut", "verlag", "gesellschaft", "verein", "ministerium", "redaktion")


def _organization_word(word: str) -> bool:
    """A word naming an organisation: "Verlag", "e.V.", "Hanns-Seidel-Stiftung", "Caritasverband"."""
    w = word.lower().strip(".,")
    return w in _ORG_WORDS or w.rsplit("-", 1)[-1] in _ORG_WORDS or w.endswith(_ORG_SUFFIXES)


def _prose(name: str) -> bool:
    """Words of a sentence, not a name: a lower-case word that is no particle, or ! and ?."""
    return "!" in name or "?" in name or _running_word(name)


def _running_word(text: str) -> bool:
    """Whether ``text`` holds a lower-case word that is no name particle ("van", "de" are)."""
    return any(w[:1].islower() and w not in PARTICLES for w in text.split())
