"""What the stages before the learned classifier find on a page: its profile, language, rule hits,
the hand-set classes and the feature rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from parsers import language
from parsers.blocks import Block
from parsers.html.dom import DomPage
from parsers.meta.header import find_title
from parsers.strip.classify import (
    ClassifierParams,
    RuleHits,
    Verdicts,
    apply_rules,
    classify,
    stopword_densities,
)
from parsers.strip.features import MISSING, Evidence, dom_feature_names, dom_features, text_features
from parsers.strip.rules import RuleSet, select_profile
from schemas.document import InputFormat
from schemas.rules import Profile


def page_evidence(
    blocks: Sequence[Block],
    hits: RuleHits,
    verdicts: Verdicts,
    lang: str | None,
    densities: Sequence[float],
    fmt: InputFormat,
) -> Evidence:
    """What the rules and the hand-set classes say of each block: the learned classifier's input."""
    start = verdicts.start if verdicts.has_run else len(blocks)
    title = find_title(blocks, start, hits.fired.keys())
    fired = hits.fired
    header_ids = hits.header
    footer_hits = {i for i, _ in hits.footers}
    return Evidence(
        blocks=blocks,
        drop=[b.index in fired and b.index not in header_ids for b in blocks],
        header=[b.index in header_ids for b in blocks],
        footer_hit=[b.index in footer_hits for b in blocks],
        footer_cut=verdicts.footer,
        classes=verdicts.classes,
        smoothed=verdicts.smoothed,
        inside_run=verdicts.inside,
        title=title,
        stopwords=densities,
        language=lang,
        input_kind="html" if fmt == "html" else "markdown" if fmt == "markdown" else "plain",
    )


@dataclass
class PageReading:
    """What the stages before the classifier found on a page."""

    profile: Profile | None
    language: str | None
    hits: RuleHits
    anchor: Verdicts  # the hand-set classes' verdicts: where the header and the main run lie
    X: npt.NDArray[np.float64]  # feature rows (a text page's without the DOM columns)


def read_page(
    blocks: list[Block],
    text: str,
    fmt: InputFormat,
    url: str | None,
    rules: RuleSet,
    params: ClassifierParams,
    dom: DomPage | None,
    vocabulary: Sequence[str],
) -> PageReading:
    profile = select_profile(rules, text, url)
    profiles: list[Profile] = [*rules.generic, *([profile] if profile else [])]
    lang = language.detect(" ".join(b.text for b in blocks if b.words >= 8 and b.link_density < 0.5))
    hits = apply_rules(blocks, profiles)
    densities = stopword_densities(blocks, lang)
    anchor = classify(blocks, hits, densities, params)
    X = text_features(page_evidence(blocks, hits, anchor, lang, densities, fmt))
    # A text page's DOM columns would all hold MISSING: the model's text passes read none.
    return PageReading(profile, lang, hits, anchor, X if dom is None else np.hstack([X, dom_features(dom)]))


def with_dom_columns(X: npt.NDArray[np.float64], vocabulary: Sequence[str]) -> npt.NDArray[np.float64]:
    """A text page's feature rows with its DOM columns, all MISSING: the rows a model is fitted on."""
    return np.hstack([X, np.full((len(X), len(dom_feature_names(vocabulary))), MISSING)])


def ruled_blocks(blocks: Sequence[Block], hits: RuleHits, anchor: Verdicts) -> dict[int, str]:
    """The blocks the rule files remove, the footer a footer rule opens included: a rule that
    fires is obeyed (the classifier decides the rest, with the rules' hits among its evidence)."""
    ruled = dict(hits.fired)
    footer = next((rule.id for i, rule in hits.footers if i == anchor.footer), None)
    if anchor.footer is not None and footer is not None:
        ruled[anchor.footer] = footer  # the opening block names the footer rule; later ones a rule of their own
        for block in blocks[anchor.footer + 1 :]:
            ruled.setdefault(block.index, footer)
    return ruled
