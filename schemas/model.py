"""The block classifier's model file: fitted trees stored as data, validated on load.

A model is one or two passes of gradient-boosted trees. The first pass reads a block's feature
row; the second reads that row plus what the first pass's probabilities say around the block.
Each tree is stored as parallel arrays over its nodes (LightGBM's layout): an internal node
sends a row left when ``row[feature] <= threshold``; a child index below zero names leaf
``-index - 1``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Tree(_Strict):
    feature: list[int] = Field(description="Feature column tested at each internal node.")
    threshold: list[float] = Field(description="A row goes left when its value is <= this.")
    left: list[int] = Field(description="Left child of each internal node (negative: leaf -i-1).")
    right: list[int] = Field(description="Right child of each internal node (negative: leaf -i-1).")
    leaf: list[float] = Field(description="Score added by each leaf.")

    @model_validator(mode="after")
    def _consistent(self) -> Tree:
        nodes = len(self.feature)
        if not (len(self.threshold) == len(self.left) == len(self.right) == nodes):
            raise ValueError("feature, threshold, left and right must have one entry per internal node")
        if len(self.leaf) != nodes + 1:
            raise ValueError(f"a tree of {nodes} internal nodes has {nodes + 1} leaves, not {len(self.leaf)}")
        for child in (*self.left, *self.right):
            if not (-len(self.leaf) <= child < nodes) or child == 0:
                raise ValueError(f"child index {child} out of range")
        return self


class Pass(_Strict):
    features: list[str] = Field(description="Names of the columns the trees read, in order.")
    trees: list[Tree] = Field(min_length=1)

    @model_validator(mode="after")
    def _columns(self) -> Pass:
        width = len(self.features)
        for tree in self.trees:
            if any(not 0 <= f < width for f in tree.feature):
                raise ValueError(f"a tree tests a feature column outside 0..{width - 1}")
        return self


class BlockModel(_Strict):
    kind: Literal["boilerstrip.block-classifier"] = "boilerstrip.block-classifier"
    format: Literal[1] = 1
    vocabulary: list[str] = Field(description="id/class tokens the DOM columns look for.")
    first: Pass
    second: Pass | None = Field(default=None, description="The context pass, reading the first's output too.")
    threshold: float = Field(ge=0.0, le=1.0, description="A block whose probability reaches this is kept.")
    trained: dict[str, str] = Field(default_factory=dict, description="How the model was fitted (for the record).")


class DateModel(_Strict):
    """The publication-date choice: trees scoring each day a page's date sources propose (see
    parsers/meta/date_choice.py); the best-scored day is the page's date."""

    kind: Literal["boilerstrip.date-choice"] = "boilerstrip.date-choice"
    format: Literal[2] = 2
    sources: list[str] = Field(min_length=1, description="The candidate sources, in the feature columns' order.")
    scorer: Pass = Field(description="HTML pages: scores each day the page's sources propose.")
    text_scorer: Pass = Field(description="Text pages: scores each day the page's text writes.")
    text_threshold: float | None = Field(
        default=None,
        description="The least score a text page's best day needs to be its date, when the header scan dated the "
        "page (None: no day is ever enough).",
    )
    text_threshold_unscanned: float | None = Field(
        default=None, description="The same, when the header scan found no date."
    )
    trained: dict[str, str] = Field(default_factory=dict, description="How the model was fitted (for the record).")


class TitleModel(_Strict):
    """A page's title: trees scoring each line of a text page that may be it (see
    parsers/meta/text_titles.py), and trees scoring each title an HTML page's markup and headings
    propose (parsers/meta/html_titles.py); the best-scored one is the title."""

    kind: Literal["boilerstrip.title-choice"] = "boilerstrip.title-choice"
    format: Literal[1] = 1
    scorer: Pass
    html_scorer: Pass | None = Field(default=None, description="The HTML candidates' trees; none: the rules choose.")
    trained: dict[str, str] = Field(default_factory=dict, description="How the model was fitted (for the record).")


class AuthorModel(_Strict):
    """A page's authors: trees scoring each set of persons an HTML page's sources credit, and
    "nobody" (see parsers/meta/html_authors.py), and trees scoring each set of persons a text
    page writes near its headline and its article's end (parsers/meta/text_authors.py); the
    best-scored one reaching its threshold gives the authors."""

    kind: Literal["boilerstrip.author-choice"] = "boilerstrip.author-choice"
    format: Literal[1] = 1
    html_scorer: Pass
    html_threshold: float | None = Field(
        default=None, description="The least score the best credit needs to give the authors (None: never enough)."
    )
    text_scorer: Pass | None = Field(default=None, description="The text candidates' trees; none: the rules alone.")
    text_threshold: float | None = Field(
        default=None, description="The least score a text page's best credit needs (None: never enough)."
    )
    trained: dict[str, str] = Field(default_factory=dict, description="How the model was fitted (for the record).")
