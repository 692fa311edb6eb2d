"""From the classifier's probabilities to labels: threshold, blocks without words, rules that
always remove, and the fallback for a page where no block reaches the threshold."""

from __future__ import annotations

from parsers.blocks import segment
from parsers.strip.classify import MODEL, NO_WORDS, decide

PAGE = "Home\n\nThe council met on Tuesday to decide the budget.\n\n* * *\n\nIt passed by two votes.\n\nShare"


def test_threshold_words_and_rules() -> None:
    blocks = segment(PAGE)
    verdicts = decide(blocks, [0.1, 0.9, 0.9, 0.6, 0.2], 0.5, ruled={4: "generic.share"})
    assert verdicts.labels == [MODEL, None, NO_WORDS, None, "generic.share"]
    assert (verdicts.start, verdicts.end) == (1, 3)


def test_a_rule_that_fires_removes_whatever_the_classifier_says() -> None:
    blocks = segment(PAGE)
    verdicts = decide(blocks, [0.1, 0.9, 0.9, 0.9, 0.2], 0.5, {3: "acme.tagline"})
    assert verdicts.labels[3] == "acme.tagline"


def test_no_block_at_the_threshold_keeps_the_best_guess() -> None:
    blocks = segment(PAGE)
    verdicts = decide(blocks, [0.05, 0.3, 0.9, 0.2, 0.1], 0.5, ruled={})
    assert verdicts.labels == [MODEL, None, NO_WORDS, None, MODEL]  # 0.3 and 0.2 reach half of 0.3
    nothing = decide(blocks, [0.0] * 5, 0.5, ruled={})
    assert nothing.labels == [MODEL, MODEL, NO_WORDS, MODEL, MODEL] and nothing.end < nothing.start
