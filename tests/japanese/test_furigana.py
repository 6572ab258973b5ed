from __future__ import annotations

import re

import pytest

from japanese.furigana import Glossary, annotate_html, annotate_text


def readings(html: str) -> list[tuple[str, str]]:
    return re.findall(r"<ruby>(.*?)<rt>(.*?)</rt></ruby>", html)


def spoken(html: str) -> str:
    return "".join(reading for _base, reading in readings(html))


def test_known_readings():
    assert spoken(annotate_text("観光協会")) == "かんこうきょうかい"
    assert spoken(annotate_text("農業協同組合")) == "のうぎょうきょうどうくみあい"


def test_stored_names_win_over_the_analysers_guess():
    # The analyser alone reads 野市 as のいち; the city's stored reading says のし.
    assert readings(annotate_text("みどり野市へようこそ")) != [("野市", "のし")]
    glossary = Glossary({"みどり野市": "みどりのし", "緑野": "みどり の"})
    assert readings(annotate_text("みどり野市へようこそ", glossary)) == [("野市", "のし")]
    assert readings(annotate_text("緑野の丘", glossary))[0] == ("緑野", "みどりの")


def test_stored_readings_line_up_with_the_kanji_of_the_name():
    glossary = Glossary(
        {
            "みどり野まちづくり市民の会": "みどりの まちづくり しみんのかい",
            "山田 花子": "やまだ はなこ",
            "伊藤\u3000さくら": "イトウ\u3000サクラ",
        }
    )
    assert readings(annotate_text("みどり野まちづくり市民の会", glossary)) == [
        ("野", "の"),
        ("市民", "しみん"),
        ("会", "かい"),
    ]
    # Words of a name get the words of its reading, not one ruby across the space.
    assert readings(annotate_text("山田 花子さん", glossary)) == [
        ("山田", "やまだ"),
        ("花子", "はなこ"),
    ]
    assert readings(annotate_text("伊藤\u3000さくら", glossary)) == [("伊藤", "いとう")]


def test_a_stored_reading_that_does_not_line_up_covers_the_whole_name():
    # Letters in the name, or a reading whose kana do not match: one ruby, nothing lost.
    glossary = Glossary({"DX推進課": "でぃーえっくすすいしんか", "市民の会": "しみんかい"})
    assert readings(annotate_text("DX推進課", glossary)) == [
        ("DX推進課", "でぃーえっくすすいしんか")
    ]
    assert spoken(annotate_text("市民の会", glossary)) == "しみんかい"


def test_okurigana_stays_outside_the_ruby():
    assert readings(annotate_text("行う")) == [("行", "おこな")]


def test_kana_and_latin_text_is_unchanged():
    assert annotate_text("ありがとう DX") == "ありがとう DX"


@pytest.mark.parametrize("tag", ["a", "code", "textarea", "button", "kbd"])
def test_text_in_links_code_and_form_fields_is_left_alone(tag):
    html = f'<p>市役所</p><{tag} href="/x">市役所</{tag}>'
    out = annotate_html(html)
    assert out.endswith(f'<{tag} href="/x">市役所</{tag}>')
    assert "<ruby>" in out.split(f"<{tag}")[0]


def test_marked_regions_and_existing_ruby_are_left_alone():
    html = "<div data-no-furigana><p>市役所</p></div><ruby>漢<rt>かん</rt></ruby>"
    assert annotate_html(html) == html


def test_attributes_are_never_annotated():
    html = '<img alt="市役所の写真" src="a.png"><p title="観光">x</p>'
    assert annotate_html(html) == html


def test_html_looking_text_is_not_unescaped():
    html = "<p>&lt;script&gt;alert(1)&lt;/script&gt;市役所 &amp; 観光</p>"
    out = annotate_html(html)
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&amp;" in out and "&amp;amp;" not in out


def test_plain_text_with_markup_characters_is_escaped():
    out = annotate_text("<b>市役所</b>")
    assert "<b>" not in out and "&lt;b&gt;" in out


@pytest.mark.parametrize(
    "text", ["🎉市役所🎉", "𠮷野家", "ＤＸ推進と観光", "市" * 500, "ｶﾀｶﾅと漢字", "\u200b市役所"]
)
def test_odd_text_is_annotated_safely(text):
    out = annotate_text(text)
    stripped = re.sub(r"<rt>.*?</rt>|</?ruby>", "", out)
    assert stripped == text.replace("&", "&amp;")


def test_unfinished_markup_is_given_back():
    assert annotate_html("<p>市役所</p><a href=").endswith("<a href=")
