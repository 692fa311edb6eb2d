"""Property-based: whatever bytes or text come in, the core returns documents or rejections."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import parse_bytes
from schemas.document import Document, Rejection

NAMES = st.sampled_from(["a.txt", "a.md", "a.html", "a.html.gz", "a.json", "a.jsonl", "noext"])
MARKDOWNISH = st.text(
    alphabet=st.sampled_from(list("abc XYZ.,;:!?*_#[]()<>|-\\\n\t`~©\u00e9\u4e2d\x00\x1b")), max_size=400
)


def _check(results: list[Document | Rejection]) -> None:
    assert results
    for result in results:
        assert isinstance(result, (Document, Rejection))
        if isinstance(result, Document):
            assert result.body.strip() and "\n\n\n" not in result.body
        else:
            assert result.detail and result.reason != "internal_error", result.detail


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), name=NAMES)
def test_random_bytes_never_raise(data: bytes, name: str) -> None:
    _check(parse_bytes(data, name))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=MARKDOWNISH, name=NAMES)
def test_random_markdownish_text_never_raises(text: str, name: str) -> None:
    _check(parse_bytes(text.encode("utf-8", "surrogatepass"), name))


@settings(max_examples=60, deadline=None)
@given(prefix=st.text(max_size=50), body=st.lists(st.text(min_size=1, max_size=80), max_size=8))
def test_random_jsonl_lines_never_raise(prefix: str, body: list[str]) -> None:
    import json

    lines = [json.dumps({"text": prefix + line}) for line in body] + [prefix]
    _check(parse_bytes("\n".join(lines).encode(), "feed.jsonl"))
