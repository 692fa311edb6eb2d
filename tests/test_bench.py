"""The bench's baselines: jusText on the same markdown, as the text path is measured against, and
htmldate alone on the same HTML, as the date is."""

from __future__ import annotations

from pathlib import Path

from benchmarks.bench import _markdown_paragraph, htmldate_alone, justext_alone


def test_markdown_paragraph_gives_jusText_headings_links_and_no_images() -> None:
    assert _markdown_paragraph("## Rain at the lake") == "<h2>Rain at the lake</h2>"
    html = _markdown_paragraph('See [the map](https://example.org/map "Map") ![pin](a.png) & more')
    assert html == '<p>See <a href="https://example.org/map">the map</a>  &amp; more</p>'


def test_justext_alone_keeps_the_prose_and_drops_the_link_menu(tmp_path: Path) -> None:
    folder = tmp_path / "text"
    folder.mkdir()
    prose = (
        "The ferry to the island left an hour late on Tuesday because the wind had turned in the night, "
        "and the crew waited until the harbour master said it was safe to cross with a full deck. Most of the "
        "passengers stayed in the cafe on the pier, where the owner kept the kettle on for all of them."
    )
    menu = " | ".join(f"[Section {i}](https://example.org/s{i})" for i in range(8))
    (folder / "page.md").write_text(f"{menu}\n\n# The late ferry\n\n{prose}\n\n{prose}\n", encoding="utf-8")
    preds, seconds = justext_alone(folder, None)
    body = str(preds["page"]["body"])
    assert prose in body
    assert "Section 3" not in body
    assert seconds > 0


def test_htmldate_alone_reads_the_date_the_markup_declares(tmp_path: Path) -> None:
    folder = tmp_path / "html"
    folder.mkdir()
    head = '<head><meta property="article:published_time" content="2023-05-04T08:00:00+02:00"></head>'
    (folder / "dated.html").write_text(f"<html>{head}<body><p>The ferry left late.</p></body></html>")
    (folder / "plain.html").write_text("<html><body><p>The ferry left late.</p></body></html>")
    preds, _ = htmldate_alone(folder, None)
    assert preds["dated"]["published"] == "2023-05-04"
    assert preds["plain"]["published"] is None
