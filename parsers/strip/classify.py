"""Classify blocks as article body or boilerplate.

Stages, each a short function: rule cues (data, with ids) → block features → initial class
(jusText-style thresholds on length, stopword density and link density) → context smoothing →
main-run selection (the article is one contiguous run that maximises content minus clutter) →
final labels. Every removed block carries the id of the rule or signal that removed it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from parsers.blocks import CJK_CHARS, Block, word_count
from parsers.language import stopword_density, tokens
from parsers.strip.gate import GateIndex, fold, profile_gates
from parsers.strip.rules import run_rule
from schemas.rules import DropRule, FooterRule, HeaderRule, Profile, Rule, StripRule

Cls = Literal["good", "neargood", "short", "bad"]

# Drop rules are not tried on blocks whose text is mostly link text: the classifier removes
# those anyway (as link-dense), and skipping them halves rule time on navigation-heavy pages.
RULES_MAX_LINK_DENSITY = 0.5
OUTSIDE = "classifier.outside-main-run"

_SENTENCE_END = re.compile(r"[.!?…:;\"'”’»)\]。！？」』]\s*$")
_CJK = re.compile(f"[{CJK_CHARS}]")


@dataclass(frozen=True)
class ClassifierParams:
    """Tunables of the block classifier, calibrated as a set on the DEV bench text inputs.

    Lengths are in characters of plain text (CJK characters count three times); densities are
    shares in [0, 1]. jusText's published defaults were the starting point.
    """

    length_low: int = 70  # chars: below this a block is "short" (no verdict of its own)
    length_high: int = 200  # chars: above this a block with enough stop words is "good"
    stopwords_low: float = 0.30  # share of tokens: below this a long block is "bad"
    stopwords_high: float = 0.32  # share of tokens: at or above this a long block is "good"
    max_link_density: float = 0.2  # share of chars in link text: above it a block is "bad"
    max_heading_distance: int = 200  # chars: a heading this close before good text is kept
    neargood_weight: float = 0.7  # main run: a near-good block counts this share of its chars
    short_weight: float = 0.3  # main run: a short sentence counts this share of its chars
    short_penalty: float = 15.0  # chars: what a short non-sentence block costs the main run
    keep_plain_items: bool = True  # link-free list items are content (only where the text shows links)
    plain_item_weight: float = 0.3  # main run: a short link-free list item counts this share of its chars
    fired_penalty_cap: float = 200.0  # chars: most a rule-removed block costs the main run
    bad_penalty_cap: float = 80.0  # chars: most one clutter block costs the main run
    min_body_words: int = 8  # words: a body shorter than this is no article (rejected as no_content)
    side_run_share: float = 0.2  # a run before the main one is kept if it scores this share of it
    footer_after_ratio: float = 1.0  # a footer opens only if less text follows than this share of what precedes
    inside_link_density: float = 0.5  # main run: a sentence with up to this link share is kept
    prose_link_density: float = 0.5  # a sentence with up to this link share is not clutter...
    bad_prose_weight: float = 0.3  # ...and counts this share of its chars in the main run


DEFAULT_PARAMS = ClassifierParams()


@dataclass
class Verdicts:
    """Per-block outcome: None keeps the block in the body, a string names the removal rule."""

    labels: list[str | None]
    classes: list[Cls]  # context-free class of each block
    start: int  # first block of the main run
    end: int  # last block of the main run (inclusive); end < start when nothing was found
    smoothed: list[Cls] = field(default_factory=list)  # class after context smoothing
    inside: list[bool] = field(default_factory=list)  # inside the main run (or a side run)
    footer: int | None = None  # where a footer rule opens the footer

    @property
    def has_run(self) -> bool:
        """Whether a main run was found."""
        return self.end >= self.start


# --- rules ------------------------------------------------------------------------------


@dataclass
class RuleHits:
    """What the rule cues found: removed blocks, and where a footer may open."""

    fired: dict[int, str]  # block index -> id of the drop or header rule that removes it
    footers: list[tuple[int, FooterRule]]  # blocks matching a footer rule, in reading order
    header: set[int] = field(default_factory=set)  # blocks of the header a header rule closes


def apply_rules(blocks: Sequence[Block], profiles: Sequence[Profile]) -> RuleHits:
    """Rule cues on every block. Strip rules edit blocks in place; footer cuts are decided by
    :func:`classify` once the article's start is known (a footer opens after it, never before)."""
    gated = [(profile, profile_gates(profile)) for profile in profiles]  # once a page, not once a block
    read = [b for b in blocks if b.text and b.link_density <= RULES_MAX_LINK_DENSITY]
    folded = [fold(b.text) for b in read]
    first = [index.candidates_each(folded) for _, index in gated]  # the page's blocks scanned at once
    hits = {b.index: _rule_hits(b, gated, folded[k], [each[k] for each in first]) for k, b in enumerate(read)}
    fired: dict[int, str] = {}
    _cut_header(blocks, hits, fired)
    header = set(fired)
    for index, rules in hits.items():
        drop = next((r for r in rules if isinstance(r, DropRule)), None)
        if drop is not None:
            fired.setdefault(index, drop.id)
    footers = [(i, r) for i in sorted(hits) for r in hits[i] if isinstance(r, FooterRule)]
    return RuleHits(fired=fired, footers=footers, header=header)


def _rule_hits(
    block: Block, profiles: Sequence[tuple[Profile, GateIndex]], folded: str, first: Sequence[list[int]]
) -> list[Rule]:
    """Rules whose pattern fires on the block, in rule order; strip rules are applied on the way
    (the rules after one that cut text see the text it left). ``folded``: the block's folded text;
    ``first``: per profile, the rules its gates let through for that text."""
    found: list[Rule] = []
    changed = False  # a strip rule cut the block's text: the gates are asked again
    for (profile, index), given in zip(profiles, first, strict=True):
        todo = index.candidates(folded) if changed else given
        k = 0
        while k < len(todo):
            position = todo[k]
            k += 1
            rule = profile.rules[position]
            match = run_rule(rule, block.text, block.words)
            if match is None:
                continue
            if isinstance(rule, StripRule):
                if match.group(0):
                    block.stripped.append((match.group(0), rule.id))
                    block.set_text((block.text[: match.start()] + block.text[match.end() :]).strip())
                    folded, changed = fold(block.text), True
                    todo, k = index.candidates(folded, after=position), 0
            else:
                found.append(rule)
    if not found and "\n" in block.text:
        found.extend(_line_drop(block, profiles))
    return found


def _line_drop(block: Block, profiles: Sequence[tuple[Profile, GateIndex]]) -> list[Rule]:
    """A block of several lines ("Related articles" over "Most read") whose every line is
    removed by some drop rule is removed by the first line's rule."""
    first: Rule | None = None
    for line in (ln for ln in block.text.split("\n") if ln.strip()):
        folded, words = fold(line), word_count(line)
        candidates = ((p.rules[i] for i in index.candidates(folded)) for p, index in profiles)
        drops = (r for r in itertools.chain.from_iterable(candidates) if isinstance(r, DropRule))
        rule = next((r for r in drops if run_rule(r, line, words)), None)
        if rule is None:
            return []
        first = first or rule
    return [first] if first is not None else []


def _cut_header(blocks: Sequence[Block], hits: dict[int, list[Rule]], fired: dict[int, str]) -> None:
    """The last header-rule hit near the top: it and every block before it go."""
    last: tuple[int, str] | None = None
    for index, rules in sorted(hits.items()):
        for rule in rules:
            if isinstance(rule, HeaderRule) and index < rule.max_block:
                last = (index, rule.id)
    if last is not None:
        for block in blocks[: last[0] + 1]:
            fired.setdefault(block.index, last[1])


def _footer_cut(
    blocks: Sequence[Block], hits: RuleHits, classes: Sequence[Cls], start: int, params: ClassifierParams
) -> tuple[int, str] | None:
    """The first footer-rule hit after the article's start with enough body text before it and,
    unless the rule is unconditional, less article-like text after it than before (an inline
    "More from ..." box in mid-article is not the end of the article)."""
    for index, rule in hits.footers:
        if index <= start:
            continue
        before = [b for b in blocks[start:index] if b.index not in hits.fired]
        body_words = sum(
            b.words for b in before if b.kind in ("para", "quote", "item") and b.link_density < 0.3 and b.words >= 10
        )
        if body_words < rule.min_body_words:
            continue
        if not rule.unconditional:
            text_before = sum(len(b.text) for b in before if classes[b.index] in ("good", "neargood"))
            text_after = sum(len(b.text) for b in blocks[index:] if classes[b.index] in ("good", "neargood"))
            if text_after > text_before * params.footer_after_ratio:
                continue
        return index, rule.id
    return None


# --- classes ------------------------------------------------------------------------------


def _effective_length(text: str) -> int:
    return len(text) if text.isascii() else len(text) + 2 * len(_CJK.findall(text))


def initial_class(block: Block, density: float, params: ClassifierParams) -> Cls:
    """jusText's context-free classification, on plain text with markdown link density;
    ``density``: the share of the block's words on the language's stop list (-1: no list)."""
    if block.kind in ("separator", "image") or not block.text:
        return "bad"
    if block.link_density > params.max_link_density:
        return "bad"
    length = _effective_length(block.text)
    if density < 0:  # no stop list (Japanese, Chinese, undetected): sentence shape stands in for it
        density = params.stopwords_high if _SENTENCE_END.search(block.text) else params.stopwords_low
    if length < params.length_low:
        return "bad" if block.link_chars > 0 else "short"
    if density >= params.stopwords_high:
        return "good" if length > params.length_high else "neargood"
    if density >= params.stopwords_low:
        return "neargood"
    return "bad"


def _nearest(classes: Sequence[Cls], wanted: Collection[Cls], step: int) -> list[Cls]:
    """For each block, the class of the nearest block before it (``step`` -1) or after it (+1)
    whose class is ``wanted``; "bad" past the page's edge. One pass, where a search from each
    block took time in the page's length squared on long runs of short blocks."""
    out: list[Cls] = ["bad"] * len(classes)
    last: Cls = "bad"
    for i in range(len(classes)) if step < 0 else range(len(classes) - 1, -1, -1):
        out[i] = last
        if classes[i] in wanted:
            last = classes[i]
    return out


_DECIDED: tuple[Cls, ...] = ("good", "bad")
_DECIDED_OR_NEAR: tuple[Cls, ...] = ("good", "bad", "neargood")


def smooth(classes: list[Cls], blocks: Sequence[Block], params: ClassifierParams) -> list[Cls]:
    """jusText's context pass: short and near-good blocks take their neighbours' verdict."""
    out = list(classes)
    before, after = _nearest(classes, _DECIDED, -1), _nearest(classes, _DECIDED, 1)
    near_before, near_after = _nearest(classes, _DECIDED_OR_NEAR, -1), _nearest(classes, _DECIDED_OR_NEAR, 1)
    for i, c in enumerate(classes):
        if c != "short":
            continue
        prev, nxt = before[i], after[i]
        if prev == nxt == "good":
            out[i] = "good"
        elif prev == nxt == "bad":
            out[i] = "bad"
        elif (prev == "bad" and near_before[i] == "neargood") or (nxt == "bad" and near_after[i] == "neargood"):
            out[i] = "good"
        else:
            out[i] = "bad"
    # near-good blocks, left to right: the verdicts already given before a block count as its
    # neighbours, the blocks after it as the short blocks' pass left them
    after = _nearest(out, _DECIDED, 1)
    prev = "bad"
    for i, c in enumerate(classes):
        if c == "neargood":
            out[i] = "bad" if prev == after[i] == "bad" else "good"
        if out[i] in _DECIDED:
            prev = out[i]
    _rescue_headings(out, blocks, params)
    return out


def _rescue_headings(out: list[Cls], blocks: Sequence[Block], params: ClassifierParams) -> None:
    """A heading followed closely by good text is a subheading of the article."""
    for i, block in enumerate(blocks):
        if block.kind != "heading" or out[i] == "good" or block.link_chars:
            continue
        distance = 0
        for j in range(i + 1, len(blocks)):
            if out[j] == "good":
                out[i] = "good"
                break
            distance += len(blocks[j].text)
            if distance > params.max_heading_distance:
                break


# --- main run -----------------------------------------------------------------------------


def main_run(weights: Sequence[float]) -> tuple[int, int]:
    """The contiguous run maximising content minus clutter (Kadane on block weights)."""
    return _best_span(weights, 0, len(weights))[:2]


def _best_span(weights: Sequence[float], lo: int, hi: int) -> tuple[int, int, float]:
    """(start, end, score) of the maximum-sum run within ``weights[lo:hi]``; end < start if none."""
    best, best_span = 0.0, (lo, lo - 1)
    total, start = 0.0, lo
    for i in range(lo, hi):
        if total <= 0:
            total, start = 0.0, i
        total += weights[i]
        if total > best:
            best, best_span = total, (start, i)
    return best_span[0], best_span[1], best


def side_runs(weights: Sequence[float], span: tuple[int, int], params: ClassifierParams) -> list[tuple[int, int]]:
    """A run before the main one that holds a good share of its content (the lead and first
    paragraphs cut off by a large picture or share box): at least ``side_run_share`` of the main
    run's score. Runs after the main one are not taken: those are comments and teasers."""
    main_score = sum(weights[span[0] : span[1] + 1])
    found = []
    for lo, hi in ((0, span[0]),):
        start, end, score = _best_span(weights, lo, hi)
        if end >= start and score >= params.side_run_share * main_score:
            found.append((start, end))
    return found


def _weight(c: Cls, block: Block, fired: bool, params: ClassifierParams) -> float:
    """Content evidence of one block, in characters: positive for text, negative for clutter."""
    length = float(_effective_length(block.text))
    if block.kind in ("separator", "image"):
        return 0.0
    if fired:  # removed by a rule: clutter, but a caption must not split an article in two
        return -min(max(length, params.short_penalty), params.fired_penalty_cap)
    if c == "good":
        return length
    if c == "neargood":
        return length * params.neargood_weight
    if c == "short":
        if _prose(block, params):
            return length * params.short_weight
        if params.keep_plain_items and block.kind == "item" and not block.link_chars:  # content lists
            return length * params.plain_item_weight  # (ingredients, facts) as often as furniture
        return -params.short_penalty
    if _prose(block, params, max_link_density=params.prose_link_density):
        return length * params.bad_prose_weight
    return -min(max(length, params.short_penalty), params.bad_penalty_cap)


def stopword_densities(blocks: Sequence[Block], language: str | None) -> list[float]:
    """Each block's share of words on the language's stop list (-1 when there is no list)."""
    return [stopword_density(tokens(b.text), language) if b.text else 0.0 for b in blocks]


def classify(
    blocks: Sequence[Block],
    hits: RuleHits,
    densities: Sequence[float],
    params: ClassifierParams = DEFAULT_PARAMS,
    whole: bool = False,
) -> Verdicts:
    """Label every block with the hand-set jusText-style classes and the main-run search (the
    classifier's evidence); ``densities``: see :func:`stopword_densities`; ``whole`` treats the
    text as the main run already."""
    fired = dict(hits.fired)
    if params.keep_plain_items and not any(b.link_chars for b in blocks):
        params = replace(params, keep_plain_items=False)  # a rendering without links: items tell nothing
    classes: list[Cls] = ["bad" if b.index in fired else initial_class(b, densities[b.index], params) for b in blocks]
    final = smooth(classes, blocks, params)
    weights = [_weight(c, b, b.index in fired, params) for c, b in zip(classes, blocks, strict=True)]
    start, end = (0, len(blocks) - 1) if whole else main_run(weights)
    inside = [start <= i <= end for i in range(len(blocks))]
    if not whole and params.side_run_share < 1:
        for lo, hi in side_runs(weights, (start, end), params):
            inside[lo : hi + 1] = [True] * (hi - lo + 1)
    cut = _footer_cut(blocks, hits, classes, start, params)
    if cut is not None:  # the opening block names the footer rule; later ones keep a drop rule's id
        fired[cut[0]] = cut[1]
        for block in blocks[cut[0] :]:
            fired.setdefault(block.index, cut[1])
        end = min(end, cut[0] - 1)
    labels: list[str | None] = []
    for i, block in enumerate(blocks):
        if i in fired:
            labels.append(fired[i])
        elif not inside[i]:
            labels.append(OUTSIDE)
        elif block.kind in ("separator", "image"):
            labels.append(_signal(classes[i], block))
        elif whole:  # already cut to the main content: only rules remove
            labels.append(None)
        elif (
            final[i] == "good"
            or classes[i] in ("good", "neargood")
            or _prose(block, params, max_link_density=params.inside_link_density)
            or _continues(blocks, labels, i)
            or (params.keep_plain_items and block.kind in ("item", "table") and not block.link_chars)
        ):
            labels.append(None)
        else:
            labels.append(_signal(classes[i], block))
    return Verdicts(
        labels=labels, classes=classes, start=start, end=end, smoothed=final, inside=inside,
        footer=cut[0] if cut else None,
    )  # fmt: skip


def _prose(block: Block, params: ClassifierParams, max_link_density: float | None = None) -> bool:
    """Inside the main run a sentence is kept whatever its stop words (names, figures, quotes)."""
    return (
        block.kind in ("para", "quote", "item")
        and block.link_density <= (params.max_link_density if max_link_density is None else max_link_density)
        and block.words >= 6
        and bool(_SENTENCE_END.search(block.text))
    )


def _continues(blocks: Sequence[Block], labels: Sequence[str | None], i: int) -> bool:
    """A fragment that starts in lower case right after a kept block ending mid-sentence."""
    if i == 0 or labels[i - 1] is not None or not blocks[i].text[:1].islower():
        return False
    return not _SENTENCE_END.search(blocks[i - 1].text)


def _signal(initial: Cls, block: Block) -> str:
    if block.kind == "separator":
        return "classifier.separator"
    if block.kind == "image":
        return "classifier.image"
    if initial == "bad" and block.link_chars:
        return "classifier.link-dense"
    if initial in ("short", "neargood"):
        return "classifier.short-context"
    return "classifier.low-stopwords"


MODEL = "classifier.model"  # removed by the learned classifier
NO_WORDS = "classifier.no-words"  # a block without a word (a separator, an image): no text to keep
# With no block at the threshold, a block is kept when its probability reaches this share of the
# page's best (calibrated out of fold with the threshold: see docs/benchmarks.md).
FALLBACK_SHARE = 0.5


def decide(blocks: Sequence[Block], p: Iterable[float], threshold: float, ruled: dict[int, str]) -> Verdicts:
    """Labels from the classifier's probabilities: a block is kept when its probability reaches
    ``threshold`` (or, on a page where none does, FALLBACK_SHARE of the page's best), it holds a
    word, and no rule removes it (``ruled``: block index -> rule id)."""
    probs = list(p)
    # a page where no block reaches the threshold keeps the blocks nearest the classifier's best
    # guess rather than being rejected whole
    best = max((q for b, q in zip(blocks, probs, strict=True) if b.words and b.index not in ruled), default=0.0)
    if best < threshold:
        threshold = best * FALLBACK_SHARE
    labels: list[str | None] = []
    for block, prob in zip(blocks, probs, strict=True):
        if block.index in ruled:
            labels.append(ruled[block.index])
        elif not block.words:
            labels.append(NO_WORDS)
        elif prob >= threshold and prob > 0:
            labels.append(None)
        else:
            labels.append(MODEL)
    kept = [i for i, label in enumerate(labels) if label is None]
    start, end = (kept[0], kept[-1]) if kept else (len(blocks), len(blocks) - 1)
    classes: list[Cls] = ["good" if label is None else "bad" for label in labels]
    return Verdicts(labels=labels, classes=classes, start=start, end=end)
