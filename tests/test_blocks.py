"""Segmentation and inline markdown unwrapping."""

from __future__ import annotations

from parsers.blocks import segment, unwrap_inline, unwrap_lines, word_count


def test_links_images_and_emphasis_are_unwrapped() -> None:
    out = unwrap_inline('**Read** the [full report](https://example.org/r "Report") ![chart](c.png) _now_ \\- ok')
    assert out.text == "Read the full report now - ok"
    assert out.links == [("full report", "https://example.org/r")]
    assert out.link_chars == len("full report")
    assert out.images == 1


def test_placeholder_links_are_not_kept_as_links() -> None:
    out = unwrap_inline("By [Jane Roe](#)")
    assert out.text == "By Jane Roe" and out.links == []


def test_image_inside_link_leaves_no_text() -> None:
    out = unwrap_inline("[![Jane Roe](https://x.example/j.png)](https://x.example/jane)")
    assert out.text == "" and out.links == []  # no link text to record
    captioned = unwrap_inline("[![map](m.png) The harbour map](https://x.example/map)")
    assert captioned.links == [("The harbour map", "https://x.example/map")]


def test_underscores_inside_words_are_kept() -> None:
    assert unwrap_inline("see snake_case_name here").text == "see snake_case_name here"


def test_stray_marker_runs_go_unless_inside_a_word() -> None:
    assert unwrap_inline("**Bold [link](https://x.example/a) text").text == "Bold link text"
    assert unwrap_inline("a__b and __c").text == "a__b and c"


def test_odd_spaces_become_one_space() -> None:
    assert unwrap_inline("Tab\there,\u00a0no-break\u2009thin\u202fnarrow   and  runs \t\u00a0 end").text == (
        "Tab here, no-break thin narrow and runs end"
    )
    assert unwrap_inline("Price __ now ****").text == "Price now"
    assert unwrap_inline("a ** b").text == "a b"


def test_lines_unwrapped_together_are_unwrapped_as_one_by_one() -> None:
    lines = [
        "[Home](/) | [News](/news)",
        "![logo](l.png) ![banner](b.png) Welcome",
        "*an opening",
        "line* that does not close",
        "[",
        "broken](/target) <b>bold",
        "tag</b> and __init__ and a__b <span class='x'",
        "title='y'> text",
        "~~gone~~ **kept [two](https://x.example/2)** ``code``",
        "",
    ]
    together = unwrap_lines(lines)
    assert [(i.text, i.link_chars, i.links, i.images) for i in together] == [
        (i.text, i.link_chars, i.links, i.images) for i in map(unwrap_inline, lines)
    ]
    assert together[1].images == 2 and together[0].links == [("Home", "/"), ("News", "/news")]


def test_blocks_kinds() -> None:
    text = (
        "# Title\n\nBy Jane  \n1 March 2019\n\n  * [Home](/)\n  * [News](/n)\n\n*\n\n"
        "A paragraph.\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    blocks = segment(text)
    kinds = [b.kind for b in blocks]
    assert kinds == ["heading", "para", "item", "item", "separator", "para", "table"]
    assert blocks[0].text == "Title" and blocks[0].level == 1
    assert blocks[1].text == "By Jane\n1 March 2019" and blocks[1].lines == ["By Jane", "1 March 2019"]
    assert blocks[2].link_density == 1.0
    assert blocks[6].text == "a | b\n1 | 2"


def test_hard_wrapped_prose_is_one_paragraph_and_menu_lines_are_not() -> None:
    wrapped = (
        "For eleven summers I have kept a notebook for the garden behind our house. It\n"
        "began as a list of what I planted and when, written in pencil on the back of\n"
        "seed packets."
    )
    assert len(segment(wrapped)) == 1
    menu = "Sections\nSEARCH\nSkip to content\nLog In"
    assert [b.text for b in segment(menu)] == ["Sections", "SEARCH", "Skip to content", "Log In"]


def test_word_count_counts_cjk_characters() -> None:
    assert word_count("two words") == 2
    assert word_count("今天天气很好") == 3


def test_link_text_spread_over_lines_is_joined_and_residue_removed() -> None:
    text = '[ Minister resigns over report\n\n](/news/minister-resigns "Minister")\n\nA paragraph follows here.'
    blocks = segment(text)
    assert [b.text for b in blocks] == ["Minister resigns over report", "A paragraph follows here."]
    assert blocks[0].link_density == 1.0
    assert unwrap_inline("](/broken/link-target) tail text").text == "tail text"


def test_a_day_first_date_opening_a_line_is_no_list_item() -> None:
    text = "Ein Titel\n\n04. Februar 2022\n\n7. oktober 2020 um 09:43\n\n1. Erster Schritt\n2. Zweiter Schritt"
    assert [(b.kind, b.text) for b in segment(text)] == [
        ("para", "Ein Titel"),
        ("para", "04. Februar 2022"),  # the day is kept: a date, not item 4 of a list
        ("para", "7. oktober 2020 um 09:43"),
        ("item", "Erster Schritt"),
        ("item", "Zweiter Schritt"),
    ]


def test_a_page_of_code_alone_segments() -> None:
    """No line to unwrap (the code block's lines are kept as they are) is no error."""
    assert unwrap_lines([]) == []
    blocks = segment("```\nprint(1)\n```\n")
    assert [(b.kind, b.text) for b in blocks] == [("code", "print(1)")]


def test_markup_lines_inside_a_run_of_prose_lines_split_it() -> None:
    """Every way a list item, heading or separator line can open, between prose lines."""
    text = (
        "Prose one\n- dash item\nProse two\n  + indented item\n\tcontinued\n### A heading\n"
        "• bullet item\n12) numbered item\n٣. item with an Arabic-Indic digit\n· · ·\n\\* \\*\n"
        "___\n~ ~ \n= =\nProse three"
    )
    assert [(b.kind, b.text) for b in segment(text)] == [
        ("para", "Prose one"),
        ("item", "dash item"),
        ("para", "Prose two"),
        ("item", "indented item continued"),
        ("heading", "A heading"),
        ("item", "bullet item"),
        ("item", "numbered item"),
        ("item", "item with an Arabic-Indic digit"),
        ("separator", "· · ·"),
        ("separator", "* *"),
        ("separator", ""),  # a run of emphasis marks unwraps to nothing
        ("separator", "~ ~"),
        ("separator", "= ="),
        ("para", "Prose three"),
    ]
    # in hard-broken prose too, where the lines around would otherwise make one paragraph
    for mark, shown in (("· · ·", "· · ·"), ("\\* \\*", "* *"), ("- - -", "- - -"), ("٣. Drei", "Drei")):
        blocks = segment(f"Line one  \n{mark}\nLine two")
        assert [b.text for b in blocks] == ["Line one", shown, "Line two"], mark
