"""Block features for the learned classifier: one row of numbers per block, the same columns for
every input kind (markdown, plain text, HTML).

A row describes the block itself (length, stop words, links, sentence shape, markdown kind),
what the rule files say of it, what the context-free jusText-style classes say of it and of its
neighbours, and where it stands on the page (position, distance to the headline). Columns that do
not apply to an input (the DOM's evidence on a text input) hold ``MISSING``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from parsers.blocks import Block
from parsers.html.dom import LANDMARKS, TAGS, DomPage
from parsers.language import stopword_density

MISSING = -1.0  # a value that does not apply to this input (the model learns what it means)

KINDS = ("para", "heading", "item", "table", "image", "separator", "quote", "code")
CLASSES = ("good", "neargood", "short", "bad")
INPUTS = ("markdown", "plain", "html")

_SENTENCE_END = re.compile(r"[.!?…:;\"'”’»)\]。！？」』]\s*$")
_WORDS = re.compile(r"\w+")


@dataclass
class Evidence:
    """What the stages before the model know of a page's blocks (all lists parallel to blocks)."""

    blocks: Sequence[Block]
    drop: Sequence[bool]  # a drop rule removes it
    header: Sequence[bool]  # inside the header a header rule closes
    footer_hit: Sequence[bool]  # a footer rule matches it
    footer_cut: int | None  # where the rules' footer opens (the old cut), if anywhere
    classes: Sequence[str]  # context-free class (good, neargood, short, bad)
    smoothed: Sequence[str]  # class after context smoothing
    inside_run: Sequence[bool]  # inside the main run of the hand-set weights
    title: int | None  # index of the headline found, if any
    stopwords: Sequence[float]  # share of each block's words on the language's stop list (-1: none)
    language: str | None
    input_kind: str  # one of INPUTS


# names of the per-block base columns, in order
BASE = (
    *(f"kind.{k}" for k in KINDS),
    "level",
    "depth",
    "log_chars",
    "log_words",
    "lines",
    "link_density",
    "links",
    "images",
    "stopwords",
    "sentence_end",
    "ends_colon",
    "starts_lower",
    "digits",
    "upper",
    "punct",
    "capitalised",
    "rule.drop",
    "rule.header",
    "rule.footer_hit",
    "rule.after_footer",
    "rule.stripped",
    *(f"class.{c}" for c in CLASSES),
    "smoothed.good",
    "old.inside_run",
    "repeats",
)
# base columns repeated for the neighbours at these offsets
NEIGHBOUR_COLUMNS = (
    "kind.heading",
    "kind.item",
    "log_chars",
    "link_density",
    "stopwords",
    "sentence_end",
    "rule.drop",
    "class.good",
    "class.bad",
)
OFFSETS = (-2, -1, 1, 2)
WINDOW = 3  # blocks on each side for the window sums
PAGE = (
    "rel_index",
    "chars_before",
    "chars_after",
    "good_before",
    "good_after",
    "window.good",
    "window.link_density",
    "title.is",
    "title.distance",
    "title.after",
    "page.log_blocks",
    "page.log_chars",
    "page.link_density",
    "page.has_links",
    "page.stop_list",
    *(f"input.{k}" for k in INPUTS),
)
TEXT_FEATURES: tuple[str, ...] = (
    *BASE,
    *(f"n{o:+d}.{c}" for o in OFFSETS for c in NEIGHBOUR_COLUMNS),
    *PAGE,
)
_COLUMN = {name: i for i, name in enumerate(BASE)}


def base_rows(ev: Evidence) -> npt.NDArray[np.float64]:
    """The block's own columns (see :data:`BASE`)."""
    blocks = ev.blocks
    n = len(blocks)
    texts = [b.text for b in blocks]
    chars = np.array([len(t) for t in texts], dtype=np.float64)
    words = np.array([b.words for b in blocks], dtype=np.float64)
    digits, upper, letters, punct, capitalised = _char_counts(texts)
    keys = [" ".join(t.split()).casefold() for t in texts]
    seen = Counter(keys)
    rows = np.zeros((n, len(BASE)))
    kind_col = {k: i for i, k in enumerate(KINDS)}
    rows[np.arange(n), [kind_col[b.kind] for b in blocks]] = 1.0
    after = np.zeros(n)
    if ev.footer_cut is not None:
        after[ev.footer_cut :] = 1.0
    safe = np.maximum(chars, 1.0)
    columns = [
        [b.level for b in blocks],
        [b.depth for b in blocks],
        np.log1p(chars),
        np.log1p(words),
        [len(b.lines) for b in blocks],
        [b.link_density for b in blocks],
        [len(b.links) for b in blocks],
        [b.images for b in blocks],
        ev.stopwords,
        [bool(_SENTENCE_END.search(t)) for t in texts],
        [t.endswith(":") for t in texts],
        [t[:1].islower() for t in texts],
        digits / safe,
        upper / np.maximum(letters, 1.0),
        punct / safe,
        capitalised / np.maximum(words, 1.0),
        ev.drop,
        ev.header,
        ev.footer_hit,
        after,
        [bool(b.stripped) for b in blocks],
        *([c == name for c in ev.classes] for name in CLASSES),
        [c == "good" for c in ev.smoothed],
        ev.inside_run,
        [seen[key] - 1 if key else 0 for key in keys],
    ]
    rows[:, len(KINDS) :] = np.array(columns, dtype=np.float64).T
    return rows


_PUNCTUATION = frozenset(map(ord, "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»“”„‘’‚–—…·•¡¿"))


def _char_counts(texts: Sequence[str]) -> tuple[npt.NDArray[np.float64], ...]:
    """Per text: digits, upper-case letters, letters, punctuation marks and capitalised words,
    counted over code points for the whole page at once. Letters are told by Unicode's rough
    layout (ASCII and Latin-1 letters, and any code point past U+00FF that is no punctuation)."""
    n = len(texts)
    if not n:
        return tuple(np.zeros(0) for _ in range(5))
    joined = "\n".join(texts)
    code = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    digit = (code >= 48) & (code <= 57)
    upper = ((code >= 65) & (code <= 90)) | ((code >= 192) & (code <= 222) & (code != 215))
    lower = ((code >= 97) & (code <= 122)) | ((code >= 223) & (code <= 255) & (code != 247))
    punct = _IS_PUNCT.take(np.minimum(code, len(_IS_PUNCT) - 1))
    letter = upper | lower | ((code > 255) & ~punct & (code != 0x3000))
    word = letter | digit | (code == 95)
    starts = upper & ~np.concatenate([[False], word[:-1]])
    # Each text's code points and the newline after it counted in one pass; the newline is
    # none of the five, and the padding column gives an empty last text its zero.
    counts = np.zeros((5, len(code) + 1), dtype=np.int64)
    counts[:, :-1] = (digit, upper, letter, punct, starts)
    offsets = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    per = np.add.reduceat(counts, offsets, axis=1).astype(np.float64)
    return per[0], per[1], per[2], per[3], per[4]


# Whether a code point is punctuation, looked up by code point; every code point past the table
# lands on its last entry, which is no punctuation.
_IS_PUNCT = np.zeros(max(_PUNCTUATION) + 2, dtype=bool)
_IS_PUNCT[sorted(_PUNCTUATION)] = True


def text_features(ev: Evidence) -> npt.NDArray[np.float64]:
    """One row per block, columns :data:`TEXT_FEATURES`."""
    base = base_rows(ev)
    n = len(base)
    chars = np.expm1(base[:, _COLUMN["log_chars"]])
    total = chars.sum() or 1.0
    good = chars * (base[:, _COLUMN["class.good"]] + base[:, _COLUMN["class.neargood"]])
    good_total = good.sum() or 1.0
    neighbours = []
    picked = [_COLUMN[c] for c in NEIGHBOUR_COLUMNS]
    for offset in OFFSETS:
        shifted = np.full((n, len(picked)), MISSING)
        if offset < 0 and n > -offset:
            shifted[-offset:] = base[: n + offset, picked]
        elif offset > 0 and n > offset:
            shifted[: n - offset] = base[offset:, picked]
        neighbours.append(shifted)
    window_good = _window_sum(good) / good_total
    link_chars = chars * base[:, _COLUMN["link_density"]]
    window_links = _window_sum(link_chars) / np.maximum(_window_sum(chars), 1.0)
    index = np.arange(n)
    title = ev.title
    distance = np.full(n, MISSING) if title is None else np.clip(index - title, -50, 50).astype(float)
    has_stop_list = float(stopword_density(["the"], ev.language) >= 0)
    page = np.column_stack(
        [
            index / max(n - 1, 1),
            (np.cumsum(chars) - chars) / total,
            (total - np.cumsum(chars)) / total,
            (np.cumsum(good) - good) / good_total,
            (good_total - np.cumsum(good)) / good_total,
            window_good,
            window_links,
            np.zeros(n) if title is None else (index == title).astype(float),
            distance,
            np.zeros(n) if title is None else (index > title).astype(float),
            np.full(n, np.log1p(n)),
            np.full(n, np.log1p(total)),
            np.full(n, link_chars.sum() / total),
            np.full(n, float(any(b.link_chars for b in ev.blocks))),
            np.full(n, has_stop_list),
            *(np.full(n, float(ev.input_kind == k)) for k in INPUTS),
        ]
    )
    return np.hstack([base, *neighbours, page])


def _window_sum(values: npt.NDArray[np.float64], width: int = WINDOW) -> npt.NDArray[np.float64]:
    """Sum of each value and its ``width`` neighbours on either side."""
    padded = np.concatenate([[0.0], np.cumsum(values)])
    n = len(values)
    index = np.arange(n)
    out: npt.NDArray[np.float64] = padded[np.minimum(index + width + 1, n)] - padded[np.maximum(index - width, 0)]
    return out


CONTEXT_OFFSETS = (-3, -2, -1, 1, 2, 3)
CONTEXT_WINDOWS = (2, 5, 10)
CONTEXT_FEATURES: tuple[str, ...] = (
    "p",
    *(f"p{o:+d}" for o in CONTEXT_OFFSETS),
    *(f"p.window{w}" for w in CONTEXT_WINDOWS),
    "p.mass_before",
    "p.mass_after",
    "p.max_before5",
    "p.max_after5",
    "run.inside",
    "run.from_start",
    "run.to_end",
    "run.share",
    "p.page_mean",
    "p.page_rank",
)


def context_features(p: npt.NDArray[np.float64], chars: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """What the first pass's probabilities say around each block (columns :data:`CONTEXT_FEATURES`):
    its neighbours', the windows around it, the content mass before and after it, and where it
    stands to the best run of content (the run maximising the sum of (p - 0.5) x length)."""
    n = len(p)
    if n == 0:
        return np.zeros((0, len(CONTEXT_FEATURES)))
    size = np.maximum(chars, 1.0)
    columns: list[npt.NDArray[np.float64]] = [p]
    for offset in CONTEXT_OFFSETS:
        shifted = np.full(n, MISSING)
        if offset < 0 and n > -offset:
            shifted[-offset:] = p[: n + offset]
        elif offset > 0 and n > offset:
            shifted[: n - offset] = p[offset:]
        columns.append(shifted)
    mass = p * size
    for width in CONTEXT_WINDOWS:
        columns.append(_window_sum(mass, width) / _window_sum(size, width))
    total = mass.sum() or 1.0
    before = np.cumsum(mass) - mass
    columns += [before / total, (total - before - mass) / total]
    padded = np.concatenate([np.full(5, 0.0), p, np.full(5, 0.0)])
    windows = np.lib.stride_tricks.sliding_window_view(padded, 5)
    columns += [windows[:n].max(axis=1), windows[6 : 6 + n].max(axis=1)]
    start, end, _ = _best_run((p - 0.5) * size)
    index = np.arange(n, dtype=np.float64)
    inside = (index >= start) & (index <= end)
    columns += [
        inside.astype(np.float64),
        np.clip(index - start, -50, 50),
        np.clip(end - index, -50, 50),
        np.full(n, mass[start : end + 1].sum() / total if end >= start else 0.0),
        np.full(n, p.mean()),
        np.argsort(np.argsort(-p)) / max(n - 1, 1),
    ]
    return np.column_stack(columns)


def _best_run(weights: npt.NDArray[np.float64]) -> tuple[int, int, float]:
    """(start, end, score) of the maximum-sum run of ``weights`` (Kadane); end < start if none."""
    best, span = 0.0, (0, -1)
    total, start = 0.0, 0
    for i, w in enumerate(weights.tolist()):
        if total <= 0:
            total, start = 0.0, i
        total += w
        if total > best:
            best, span = total, (start, i)
    return span[0], span[1], best


class TextIndex:
    """A text indexed for looking blocks up in it: the share of a block's word trigrams it holds
    (a block of one or two words: whether it holds them in a row)."""

    N = 3

    def __init__(self, text: str) -> None:
        toks = _WORDS.findall(text.lower())
        self.joined = " " + " ".join(toks) + " "
        self.grams = {tuple(toks[i : i + self.N]) for i in range(len(toks) - self.N + 1)}

    def share(self, text: str) -> float:
        toks = _WORDS.findall(text.lower())
        if not toks:
            return 0.0
        if len(toks) < self.N:
            return float(" " + " ".join(toks) + " " in self.joined)
        grams = [tuple(toks[i : i + self.N]) for i in range(len(toks) - self.N + 1)]
        return sum(g in self.grams for g in grams) / len(grams)


DOM_CHAIN = 3  # containers up the chain described by their statistics
DOM_BASE: tuple[str, ...] = (
    *(f"dom.tag.{t}" for t in TAGS),
    "dom.depth",
    "dom.rel_depth",
    *(f"dom.in.{t}" for t in LANDMARKS),
    *(f"dom.up{k}.{s}" for k in range(1, DOM_CHAIN + 1) for s in ("share", "link_density", "log_blocks")),
    "dom.main.inside",
    "dom.main.share",
)


def dom_feature_names(vocabulary: Sequence[str]) -> tuple[str, ...]:
    return (*DOM_BASE, *(f"dom.token.{t}" for t in vocabulary))


def dom_features(page: DomPage) -> npt.NDArray[np.float64]:
    """The DOM's evidence on each block (columns :func:`dom_feature_names` of the page's
    vocabulary): its element's tag, depth and landmark ancestors, the text share and link density
    of the block elements around it, whether it lies in the page's main container (the smallest
    element holding most of its prose), and how many levels up each vocabulary token stands (or
    MISSING)."""
    info = page.info
    n = len(info)
    width = len(DOM_BASE) + len(page.vocabulary)
    if n == 0:
        return np.zeros((0, width))
    stats = np.array(page.containers, dtype=np.float64).reshape(-1, 4)
    total = max(float(stats[:, 0].max(initial=0.0)), 1.0)
    depths = np.array([i.depth for i in info], dtype=np.float64)
    tags = np.zeros((n, len(TAGS)))
    tags[np.arange(n), [_TAG_COLUMN.get(i.tag, len(TAGS) - 1) for i in info]] = 1.0
    bits = np.array([i.landmarks for i in info], dtype=np.int64)
    landmarks = ((bits[:, None] >> np.arange(len(LANDMARKS))) & 1).astype(np.float64)
    up = []
    for k in range(1, DOM_CHAIN + 1):
        which = np.array([i.chain[-k] if len(i.chain) >= k else -1 for i in info], dtype=np.intp)
        chars, links = stats[which, 0], stats[which, 1]
        blocks = stats[which, 3] - stats[which, 2]
        column = np.column_stack([chars / total, links / np.maximum(chars, 1.0), np.log1p(blocks)])
        column[which < 0] = MISSING
        up.append(column)
    main = _main_container(page)
    index = np.arange(n)
    inside = np.zeros(n) if main is None else ((index >= stats[main, 2]) & (index < stats[main, 3])).astype(float)
    share = np.full(n, stats[main, 0] / total if main is not None else 0.0)
    frames = np.array([i.tokens.depths for i in info], dtype=np.float64).reshape(n, len(page.vocabulary))
    levels_up = np.where(frames >= 0, depths[:, None] - frames, MISSING)
    rel = depths / max(float(depths.max()), 1.0)
    return np.hstack([tags, depths[:, None], rel[:, None], landmarks, *up, inside[:, None], share[:, None], levels_up])


_TAG_COLUMN = {t: k for k, t in enumerate(TAGS)}
MAIN_SHARE = 0.6  # the main container holds at least this share of the page's prose


def _main_container(page: DomPage) -> int | None:
    """The deepest element holding at least MAIN_SHARE of the page's prose (blocks of 40+
    characters with little link text)."""
    prose: dict[int, int] = {}
    total = 0
    for block, item in zip(page.blocks, page.info, strict=True):
        if len(block.text) >= 40 and block.link_density < 0.3:
            total += len(block.text)
            for c in item.chain:
                prose[c] = prose.get(c, 0) + len(block.text)
    if not total:
        return None
    held = [c for c, chars in prose.items() if chars >= MAIN_SHARE * total]
    return max(held) if held else None  # containers are numbered in document order: the last is deepest
