"""HTML to blocks: what the DOM walk cuts and what it remembers of each block."""

from __future__ import annotations

import numpy as np
from lxml import html as lxml_html

from parsers.html.dom import LANDMARKS, DomPage, walk
from parsers.strip.features import DOM_BASE, dom_feature_names, dom_features

PAGE = """<html><head><title>T</title><style>p {color: red}</style></head><body>
<header class="site-header"><nav class="mainMenu"><ul>
<li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav></header>
<main><article class="post-body">
  <h1>Fog over the harbour</h1>
  <p>The ferry stayed in port on <b>Tuesday</b>, and the
     harbour master said so.</p>
  <p>First line<br>second line</p>
  <p hidden>Not shown to readers.</p>
  <script>var x = "not text";</script>
  <pre>line one
  line two</pre>
  <p><strong>Jane Roe</strong></p>
  <p>Read <a href="/more">more from the harbour</a> here.</p>
</article></main>
<footer id="footer"><p>© 2024 Example Herald</p></footer>
</body></html>"""


def _page(vocabulary: tuple[str, ...] = ()) -> DomPage:
    return walk(lxml_html.document_fromstring(PAGE), vocabulary)


def test_blocks_in_reading_order_with_text_as_a_reader_sees_it() -> None:
    texts = [b.text for b in _page().blocks]
    assert texts == [
        "Home",
        "News",
        "Fog over the harbour",
        "The ferry stayed in port on Tuesday, and the harbour master said so.",
        "First line\nsecond line",
        "Not shown to readers.",
        "line one\nline two",
        "Jane Roe",
        "Read more from the harbour here.",
        "© 2024 Example Herald",
    ]


def test_kinds_links_and_emphasis() -> None:
    blocks = _page().blocks
    assert [b.kind for b in blocks[:4]] == ["item", "item", "heading", "para"]
    assert blocks[2].level == 1
    assert blocks[0].link_chars == len("Home") and blocks[0].links == [("Home", "/")]
    assert blocks[8].link_chars == len("more from the harbour")
    assert blocks[8].links == [("more from the harbour", "/more")]
    assert blocks[7].raw == "**Jane Roe**" and blocks[3].raw == blocks[3].text  # set in bold as a whole
    assert blocks[6].kind == "code"


def test_landmarks_and_containers() -> None:
    page = _page()
    bit = {tag: 1 << i for i, tag in enumerate(LANDMARKS)}
    nav, para, hidden, footer = page.info[0], page.info[3], page.info[5], page.info[9]
    assert nav.landmarks & bit["nav"] and nav.landmarks & bit["header"] and nav.landmarks & bit["li"]
    assert para.landmarks & bit["article"] and para.landmarks & bit["main"] and not para.landmarks & bit["nav"]
    assert footer.landmarks & bit["footer"]
    assert hidden.landmarks & bit["hidden"] and not para.landmarks & bit["hidden"]
    article = para.chain[-2]
    chars, links, first, end = page.containers[article]
    assert (first, end) == (2, 9)  # the article's blocks
    assert chars == sum(len(b.text) for b in page.blocks[2:9])
    assert links == len("more from the harbour")


def test_vocabulary_tokens_count_levels_up() -> None:
    vocabulary = ("post", "body", "menu", "footer", "absent")
    page = _page(vocabulary)
    X = dom_features(page)
    assert X.shape == (len(page.blocks), len(dom_feature_names(vocabulary)))
    column = {name: k for k, name in enumerate(dom_feature_names(vocabulary))}
    para = 3  # <p> inside <article class="post-body">: one level up
    assert X[para, column["dom.token.post"]] == 1 and X[para, column["dom.token.body"]] == 1
    assert X[para, column["dom.token.menu"]] == -1 and X[para, column["dom.token.absent"]] == -1
    assert X[0, column["dom.token.menu"]] >= 1  # "mainMenu" splits into main, menu
    assert X[9, column["dom.token.footer"]] == 1
    assert np.isin(X[:, column["dom.tag.li"]], (0, 1)).all()
    assert X[3, column["dom.main.inside"]] == 1 and X[0, column["dom.main.inside"]] == 0
    assert len(DOM_BASE) + len(vocabulary) == X.shape[1]


MISPARSED = """<html><body>
<header><button class="menu-button"><span>Menu</span><div class="menu-inner"><div></button></header>
<main><article><h1>Tides of the north bay</h1>
<p>The spring tide reached the sea wall twice this week, and the council opened the sluices.</p>
<button class="share">Share this story</button>
</article></main></body></html>"""


def test_a_button_left_open_over_the_page_is_walked_and_a_real_one_skipped() -> None:
    from trafilatura import load_html

    tree = load_html(MISPARSED)  # libxml2 leaves the menu button open: the article ends up inside it
    assert tree is not None and tree.find(".//button//article") is not None
    texts = [b.text for b in walk(tree).blocks]
    assert "Tides of the north bay" in texts
    assert "The spring tide reached the sea wall twice this week, and the council opened the sluices." in texts
    assert "Share this story" not in texts and "Menu" in texts
