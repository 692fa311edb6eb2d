"""An HTML page's authors, chosen among the credits its sources give by trees fitted on DEV.

The sources: the authors the pipeline's rules settled on, trafilatura's author, each author credit
the markup declares (JSON-LD, ``rel=author``, author-classed elements) and all of them together,
the byline found in the page's text, the links a byline label points at an author's page with,
the holders of the page's Creative Commons licence, the bylines at the start of the body the
classifier kept, and the author the page's summary card labels ("Written by" in
``twitter:label1``). Each credit is split into persons and organisations
(:func:`~parsers.meta.names.split_byline`); each distinct set of persons is one candidate, and
"nobody" is one more. The features say which sources give the candidate and how many agree, how
its names are written, whether they are the site's own, and whether the page's text, its body and
its title write them. The trees (``parsers/models/authors.json``, rebuilt by ``make train``) score
the candidates; the best one gives the page's authors when its score reaches the model's threshold,
else the page has none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from math import log1p
from pathlib import Path

import numpy as np
import numpy.typing as npt

from parsers.meta.names import fold_key, is_person_name, split_byline
from parsers.meta.text_authors import TEXT_AUTHOR_FEATURES, TextCredit, TextCredits
from parsers.meta.titles import site_credited
from parsers.strip.model import Forest, ModelFileError, read_model_file, validated
from schemas.model import AuthorModel

AUTHOR_MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "authors.json"
SOURCES = ("rule", "trafilatura", "credit", "credits", "byline", "linked", "licence", "kept", "card")
HTML_AUTHOR_FEATURES = (
    *(f"from.{s}" for s in SOURCES), "nobody", "agree", "persons", "orgs", "name_words", "person_shaped",
    "one_word", "site_name", "rank", "log_candidates", "in_body", "in_page", "in_title", "article",
)  # fmt: skip


@dataclass
class Credit:
    """One set of persons (none: the page credits nobody) and the sources giving it."""

    persons: list[str]
    orgs: list[str]
    sources: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Credits:
    """The candidate credits of a page, "nobody" last, one feature row each."""

    credits: list[Credit]
    X: npt.NDArray[np.float64]


@dataclass(frozen=True)
class PageText:
    """What the features read of the page: its whole text, the body kept, the title chosen, its
    site's name and address, and the type its markup gives it."""

    text: str
    body: str
    title: str | None
    site: str | None
    url: str | None
    pagetype: str | None


def candidates(given: dict[str, list[str]]) -> list[Credit]:
    """The distinct sets of persons the sources give (``given``: source -> credits as written),
    in the order of :data:`SOURCES`, and "nobody" last."""
    found: dict[tuple[str, ...], Credit] = {}
    split: dict[str, tuple[list[str], list[str]]] = {}
    for source in SOURCES:
        for text in given.get(source, []):
            if not text:
                continue
            if text not in split:
                split[text] = split_byline(text)
            persons, orgs = split[text]
            key = tuple(sorted({fold_key(p) for p in persons}))
            if key:
                found.setdefault(key, Credit(list(persons), list(orgs))).sources.add(source)
    return [*found.values(), Credit([], [])]


def credit_rows(given: dict[str, list[str]], page: PageText) -> Credits:
    """The page's candidate credits and one feature row for each."""
    credits = candidates(given)
    text, body, title = page.text.casefold(), page.body.casefold(), (page.title or "").casefold()
    article = float("article" in (page.pagetype or "").casefold())
    rows = []
    for rank, credit in enumerate(credits):
        names = credit.persons
        count = max(len(names), 1)
        rows.append([
            *(float(s in credit.sources) for s in SOURCES),
            float(not names),
            float(len(credit.sources)),
            float(len(names)),
            float(len(credit.orgs)),
            sum(len(p.split()) for p in names) / count,
            float(bool(names) and all(is_person_name(p) for p in names)),
            float(any(len(p.split()) == 1 for p in names)),
            float(any(site_credited(p, page.site, page.url) for p in names)),
            log1p(rank),
            log1p(len(credits)),
            sum(p.casefold() in body for p in names) / count,
            sum(p.casefold() in text for p in names) / count,
            float(any(p.casefold() in title for p in names)),
            article,
        ])  # fmt: skip
    return Credits(credits, np.array(rows, dtype=np.float64).reshape(len(credits), len(HTML_AUTHOR_FEATURES)))


@dataclass(frozen=True)
class AuthorChooser:
    """A loaded author model: its trees, its thresholds and its content hash."""

    spec: AuthorModel
    html_forest: Forest
    digest: str
    text_forest: Forest | None = None

    def choose_html(self, found: Credits) -> Credit | None:
        """The best-scored credit; "nobody" (persons empty) when that scores best or the best
        does not reach the threshold; None when the page gives no candidate."""
        if not found.credits:
            return None
        top = _best(self.html_forest, found.X, self.spec.html_threshold)
        return found.credits[-1 if top is None else top]  # "nobody" is always the last

    def choose_text(self, found: TextCredits, ruled: bool = False) -> TextCredit | None:
        """A text page's best-scored credit, or None when it does not reach the text threshold
        (or the model has no text trees, or the page no candidate). On a page the byline rules
        credit (``ruled``: their credit is one of the candidates) someone is given either way, so
        the best credit needs no threshold."""
        if self.text_forest is None or not found.credits:
            return None
        top = _best(self.text_forest, found.X, -np.inf if ruled else self.spec.text_threshold)
        return None if top is None else found.credits[top]


def _best(forest: Forest, X: npt.NDArray[np.float64], least: float | None) -> int | None:
    """The row ``forest`` scores best, or None when its score does not reach ``least`` (None: no
    score does)."""
    scores = forest.raw(X)
    top = int(np.argmax(scores))
    return top if least is not None and scores[top] >= least else None


def parse_author_model(data: bytes, source: str) -> AuthorChooser:
    spec = validated(AuthorModel, data, source, "author model")
    text = spec.text_scorer
    if tuple(spec.html_scorer.features) != HTML_AUTHOR_FEATURES or (
        text is not None and tuple(text.features) != TEXT_AUTHOR_FEATURES
    ):
        raise ModelFileError(f"{source}: fitted on other features than this version reads")
    text_forest = None if text is None else Forest.of(text)
    return AuthorChooser(spec, Forest.of(spec.html_scorer), hashlib.sha256(data).hexdigest()[:8], text_forest)


def load_author_model(path: Path | None = None) -> AuthorChooser:
    """The author model at ``path`` (default: the one shipped in the package)."""
    return _load(path or AUTHOR_MODEL_PATH)


@lru_cache(maxsize=8)
def _load(path: Path) -> AuthorChooser:
    return parse_author_model(read_model_file(path), str(path))


def given_credits(
    rule: Sequence[str],
    trafilatura: str | None,
    credits: Sequence[str],
    byline: str | None,
    linked: Sequence[str],
    licence: Sequence[str],
    kept: Sequence[str],
    card: Sequence[str],
) -> dict[str, list[str]]:
    """Every source's credits, keyed as :data:`SOURCES` names them."""
    return {
        "rule": ["; ".join(rule)] if rule else [],
        "trafilatura": [trafilatura] if trafilatura else [],
        "credit": list(credits[:3]),
        "credits": ["; ".join(credits)] if len(credits) > 1 else [],
        "byline": [byline] if byline else [],
        "linked": ["; ".join(linked)] if linked else [],
        "licence": list(licence),
        "kept": ["; ".join(kept)] if kept else [],
        "card": list(card),
    }
