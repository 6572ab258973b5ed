"""Uploaded CSV files: encodings, columns, empty rows, limits, hostile cells."""

from __future__ import annotations

import pytest

from listening import csvfile
from listening.csvfile import CsvError


def test_utf8_with_attributes_and_ids():
    rows, names = csvfile.read(
        "id,text,年代\nc-1,公園を直して,30代\nc-2,バスを増やして,\n".encode()
    )
    assert [(r.row, r.comment_id, r.text) for r in rows] == [
        (1, "c-1", "公園を直して"),
        (2, "c-2", "バスを増やして"),
    ]
    assert names == ["年代"]
    assert rows[0].attributes == {"年代": "30代"}
    assert rows[1].attributes == {}


def test_utf8_with_bom_and_upper_case_header():
    rows, _ = csvfile.read("\ufeffTEXT\n駅にエレベーターを\n".encode())
    assert rows[0].text == "駅にエレベーターを"
    assert rows[0].comment_id == ""


def test_shift_jis():
    data = "text,地区\n避難所の場所が分かりにくい,北地区\n".encode("shift_jis")
    rows, names = csvfile.read(data)
    assert rows[0].text == "避難所の場所が分かりにくい"
    assert rows[0].attributes == {"地区": "北地区"}


def test_cp932_only_characters_are_read():
    rows, _ = csvfile.read("text\n①番の窓口が混んでいます\n".encode("cp932"))
    assert rows[0].text.startswith("①")


def test_neither_utf8_nor_shift_jis_is_refused_clearly():
    with pytest.raises(CsvError, match="UTF-8"):
        csvfile.read(b"text\n\x80\x80\xff\xfe\x85\n")


def test_utf16_is_refused_as_not_text():
    with pytest.raises(CsvError):
        csvfile.read("text\n公園\n".encode("utf-16"))


def test_missing_text_column_names_what_was_found():
    with pytest.raises(CsvError) as caught:
        csvfile.read("id,comment\n1,公園\n".encode())
    assert "text" in str(caught.value)
    assert "comment" in str(caught.value)


def test_empty_file_and_file_without_any_text():
    with pytest.raises(CsvError):
        csvfile.read(b"")
    with pytest.raises(CsvError):
        csvfile.read(b"text,id\n,1\n  ,2\n\n")


def test_empty_rows_are_skipped_and_numbering_follows_the_file():
    rows, _ = csvfile.read("text\n公園\n\n   \nバス\n".encode())
    assert [(r.row, r.text) for r in rows] == [(1, "公園"), (4, "バス")]


def test_short_rows_missing_cells_are_tolerated():
    rows, _ = csvfile.read("id,text,地区\n1\n2,駅前の駐輪場\n".encode())
    assert [(r.comment_id, r.text) for r in rows] == [("2", "駅前の駐輪場")]


def test_more_than_100000_rows_is_refused():
    data = ("text\n" + "意見\n" * (csvfile.MAX_ROWS + 1)).encode()
    with pytest.raises(CsvError, match="100,000"):
        csvfile.read(data)


def test_exactly_100000_rows_is_accepted():
    rows, _ = csvfile.read(("text\n" + "意見\n" * csvfile.MAX_ROWS).encode())
    assert len(rows) == csvfile.MAX_ROWS


def test_oversized_file_is_refused(monkeypatch):
    monkeypatch.setattr(csvfile, "MAX_BYTES", 100)
    with pytest.raises(CsvError, match="50 MB"):
        csvfile.read(b"text\n" + b"a" * 200)


def test_a_giant_cell_is_a_clear_error_not_a_crash():
    from django.utils import translation

    with translation.override("en"), pytest.raises(CsvError, match="Line 3 "):
        csvfile.read(b'text\n\xe5\x85\xac\n"' + b"a" * 200_000 + b'"\n')


def test_formula_and_html_cells_stay_text():
    rows, _ = csvfile.read(
        b'text\n"=HYPERLINK(""http://evil.example"",""x"")"\n<script>alert(1)</script>\n'
    )
    assert rows[0].text == '=HYPERLINK("http://evil.example","x")'
    assert rows[1].text == "<script>alert(1)</script>"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_safe_cell_defuses_formulas(value):
    assert csvfile.safe_cell(value).startswith("'")


def test_safe_cell_keeps_ordinary_text():
    assert csvfile.safe_cell("公園") == "公園"
    assert csvfile.safe_cell(None) == ""
    assert csvfile.safe_cell(1.5) == "1.5"


def test_binary_junk_is_refused():
    with pytest.raises(CsvError):
        csvfile.read(b"\x00\x01\x02PK\x03\x04")


def test_attribute_columns_are_capped():
    header = "text," + ",".join(f"c{i}" for i in range(40))
    rows, names = csvfile.read(f"{header}\n公園{',x' * 40}\n".encode())
    assert len(names) == csvfile.MAX_ATTRIBUTES
    assert len(rows[0].attributes) == csvfile.MAX_ATTRIBUTES
