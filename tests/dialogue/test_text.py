"""The markdown-lite renderer and the text cleaner."""

from __future__ import annotations

import pytest

from dialogue.text import clean_text, excerpt, render


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("**太字**と*斜体*", '<p dir="auto"><strong>太字</strong>と<em>斜体</em></p>'),
        ("一行目\n二行目", '<p dir="auto">一行目<br>二行目</p>'),
        ("段落1\n\n段落2", '<p dir="auto">段落1</p><p dir="auto">段落2</p>'),
        ("- 一\n- 二", '<ul><li dir="auto">一</li><li dir="auto">二</li></ul>'),
        ("・一\n・二", '<ul><li dir="auto">一</li><li dir="auto">二</li></ul>'),
        ("1. 一\n2. 二", '<ol><li dir="auto">一</li><li dir="auto">二</li></ol>'),
        ("2*3*4 と a_b_c", '<p dir="auto">2*3*4 と a_b_c</p>'),
        (
            "https://example.jp/a_b?x=1。",
            '<p dir="auto"><a href="https://example.jp/a_b?x=1" target="_blank" '
            'rel="nofollow noopener noreferrer">https://example.jp/a_b?x=1</a>。</p>',
        ),
        ("<b>x</b>", '<p dir="auto">&lt;b&gt;x&lt;/b&gt;</p>'),
        ("[x](ftp://example.jp/)", '<p dir="auto">[x](ftp://example.jp/)</p>'),
        ("[x](data:text/html,hi)", '<p dir="auto">[x](data:text/html,hi)</p>'),
        ("[x](//evil.example/)", '<p dir="auto">[x](//evil.example/)</p>'),
    ],
)
def test_markdown_lite(text: str, html: str) -> None:
    assert render(text) == html


def test_mentions_only_of_given_people() -> None:
    html = render("@山田 花子 さん、@山田花子 さん、@誰か さん", [(7, "山田 花子")])
    assert html.count('<span class="mention" data-user-id="7">') == 2
    assert "@誰か" in html


def test_names_with_markup_are_escaped_in_mentions() -> None:
    html = render("@<b>悪</b> です", [(3, "<b>悪</b>")])
    assert "<b>" not in html
    assert 'data-user-id="3"' in html


def test_clean_text_keeps_newlines_tabs_and_invisible_letters() -> None:
    assert clean_text("\x00a\x1b[31mb\r\nc\td\u200d\u202e\ud800 ") == "a[31mb\nc\td\u200d\u202e"


def test_excerpt() -> None:
    assert excerpt("a\n  b") == "a b"
    assert len(excerpt("長" * 500)) == 140
