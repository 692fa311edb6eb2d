"""Language detection and stopword density from jusText's stop lists (shipped with trafilatura)."""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import regex

# jusText list name -> ISO 639-1, for the languages we detect. Lists of other languages are
# still used for stopword density when a caller names them.
ISO_CODES: dict[str, str] = {
    "Afrikaans": "af", "Albanian": "sq", "Arabic": "ar", "Basque": "eu", "Bulgarian": "bg",
    "Catalan": "ca", "Croatian": "hr", "Czech": "cs", "Danish": "da", "Dutch": "nl",
    "English": "en", "Estonian": "et", "Finnish": "fi", "French": "fr", "Galician": "gl",
    "German": "de", "Greek": "el", "Hebrew": "he", "Hungarian": "hu", "Icelandic": "is",
    "Indonesian": "id", "Irish": "ga", "Italian": "it", "Latvian": "lv", "Lithuanian": "lt",
    "Norwegian_Bokmal": "nb", "Persian": "fa", "Polish": "pl", "Portuguese": "pt",
    "Romanian": "ro", "Russian": "ru", "Serbian": "sr", "Slovak": "sk", "Slovenian": "sl",
    "Spanish": "es", "Swedish": "sv", "Turkish": "tr", "Ukrainian": "uk", "Vietnamese": "vi",
}  # fmt: skip

# Characters of text a detection looks at: 6000 chars (~1000 words) decide as well as 20000 on
# the DEV bench pages at a third of the cost.
DETECT_SAMPLE_CHARS = 6000
_TOKEN = re.compile(r"\w+")
_SCRIPT_LANGS: list[tuple[regex.Pattern[str], str]] = [
    (regex.compile(r"[\p{Hiragana}\p{Katakana}]"), "ja"),
    (regex.compile(r"\p{Hangul}"), "ko"),
    (regex.compile(r"\p{Han}"), "zh"),
    (regex.compile(r"\p{Thai}"), "th"),
]
_ANY_SCRIPT = regex.compile("|".join(pattern.pattern for pattern, _ in _SCRIPT_LANGS))  # one scan first


def _stoplist_dir() -> Path | None:
    spec = importlib.util.find_spec("justext")  # located, not imported: justext needs lxml_html_clean
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "stoplists"


@lru_cache(maxsize=1)
def stoplists() -> dict[str, frozenset[str]]:
    """ISO code -> stop words (lower case), for the languages in ISO_CODES."""
    folder = _stoplist_dir()
    lists: dict[str, frozenset[str]] = {}
    if folder is None:
        return lists
    for name, code in ISO_CODES.items():
        path = folder / f"{name}.txt"
        if path.exists():
            lists[code] = frozenset(w.strip().lower() for w in path.read_text("utf-8").split() if w.strip())
    return lists


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for code, words in stoplists().items():
        for word in words:
            index.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in index.items()}


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when it cannot tell.

    Scripts without word spacing are told by script; others by the share of running words
    that are stop words of each language (the language covering most tokens wins).
    """
    sample = text[:DETECT_SAMPLE_CHARS]
    script = not sample.isascii() and _ANY_SCRIPT.search(sample) is not None
    for pattern, code in _SCRIPT_LANGS if script else ():
        found = len(pattern.findall(sample))
        if found > 50 and found > len(sample) * 0.1:
            return code
    counts = Counter(tokens(sample))
    total = sum(counts.values())
    if total < 5:
        return None
    index = _index()
    scores: Counter[str] = Counter()
    for word, n in counts.items():
        for code in index.get(word, ()):
            scores[code] += n
    if not scores:
        return None
    code, best = scores.most_common(1)[0]
    return code if best / total >= 0.15 else None


def stopword_density(words: list[str], language: str | None) -> float:
    """Share of ``words`` (lower case) that are stop words of ``language``."""
    if not words:
        return 0.0
    stop = stoplists().get(language or "", frozenset())
    if not stop:
        return -1.0  # unknown: the caller decides without this feature
    return sum(map(stop.__contains__, words)) / len(words)
