"""GB/T 9704 geometry of all four layouts, measured in the PDF the renderer writes."""

from __future__ import annotations

import itertools
from pathlib import Path

import pdfplumber
import pytest

from tests.render.conftest import Renderer, base_document
from tests.render.helpers import (
    CHAR_PITCH_MM,
    LINE_PITCH_MM,
    MM,
    TYPE_BOTTOM_MM,
    TYPE_LEFT_MM,
    TYPE_RIGHT_MM,
    TYPE_TOP_MM,
    font_embedding,
    is_red,
    page_number_text,
    red_chars,
    red_graphics,
    text_lines,
)

LAYOUTS = ("standard", "letter", "order", "minutes")
# Where the top of the 发文机关标志 must be, in mm from the sheet top.
MARK_TOP_MM = {
    "standard": TYPE_TOP_MM + 35,
    "minutes": TYPE_TOP_MM + 35,
    "order": TYPE_TOP_MM + 20,
    "letter": 30.0,
}


@pytest.fixture(params=LAYOUTS)
def rendered(request: pytest.FixtureRequest, render_doc: Renderer) -> tuple[str, Path]:
    layout = request.param
    return layout, render_doc(base_document(layout), name=layout)


def test_every_page_is_a4(rendered: tuple[str, Path]) -> None:
    _layout, path = rendered
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 3  # the body spans full pages
        for page in pdf.pages:
            assert page.width / MM == pytest.approx(210, abs=0.1)
            assert page.height / MM == pytest.approx(297, abs=0.1)


def test_full_body_page_fills_the_22_by_28_grid_inside_the_margins(
    rendered: tuple[str, Path],
) -> None:
    _layout, path = rendered
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[1]  # page 2: nothing but 正文
        lines = [line for line in text_lines(page) if line.bottom < TYPE_BOTTOM_MM + 2]
    assert len(lines) == 22
    # Inside the 版心 (±1 mm) and filling it: left 28, top 37, right 26, bottom 35 mm.
    assert min(line.x0 for line in lines) == pytest.approx(TYPE_LEFT_MM, abs=1)
    assert max(line.x1 for line in lines) == pytest.approx(TYPE_RIGHT_MM, abs=1)
    assert TYPE_TOP_MM - 1 <= lines[0].top <= TYPE_TOP_MM + 3
    assert TYPE_BOTTOM_MM - 3 <= lines[-1].bottom <= TYPE_BOTTOM_MM + 1
    # Line pitch 225/22 mm between consecutive baselines.
    gaps = [b.baseline - a.baseline for a, b in itertools.pairwise(lines)]
    assert gaps == pytest.approx([LINE_PITCH_MM] * 21, abs=0.05)
    # Full lines hold 28 characters at the 156/28 mm pitch.
    full = [line for line in lines if line.x0 < TYPE_LEFT_MM + 1 and line.x1 > TYPE_RIGHT_MM - 1]
    assert len(full) >= 15
    for line in full:
        assert len(line.text) == 28, line.text
        xs = [c["x0"] / MM for c in line.chars]
        pitches = [b - a for a, b in itertools.pairwise(xs)]
        assert pitches == pytest.approx([CHAR_PITCH_MM] * 27, abs=0.05)


def test_no_body_text_is_lost_across_pages(rendered: tuple[str, Path]) -> None:
    layout, path = rendered
    with pdfplumber.open(path) as pdf:
        text = "".join(
            line.text
            for page in pdf.pages
            for line in text_lines(page)
            if line.bottom < TYPE_BOTTOM_MM + 2
        )
    for paragraph in base_document(layout)["body"]:
        assert paragraph in text


def test_mark_is_red_centred_at_its_layout_position(rendered: tuple[str, Path]) -> None:
    layout, path = rendered
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        mark = red_chars(page)
        black_text = [c for c in page.chars if not is_red(c["non_stroking_color"])]
    assert mark, "the 发文机关标志 must be red"
    expected = {"standard": "塔河县人民政府文件", "letter": "塔河县人民政府办公室"}
    expected |= {"order": "塔河县人民政府令", "minutes": "塔河县人民政府常务会议纪要"}
    assert "".join(c["text"] for c in mark) == expected[layout]
    assert min(c["top"] for c in mark) / MM == pytest.approx(MARK_TOP_MM[layout], abs=1)
    left = min(c["x0"] for c in mark) / MM
    right = max(c["x1"] for c in mark) / MM
    assert (left + right) / 2 == pytest.approx((TYPE_LEFT_MM + TYPE_RIGHT_MM) / 2, abs=1)
    assert TYPE_LEFT_MM - 1 <= left and right <= TYPE_RIGHT_MM + 1
    # Everything else is black.
    assert all(c["non_stroking_color"] in ((0,), (0.0, 0.0, 0.0), [0]) for c in black_text)


def test_all_fonts_are_embedded(rendered: tuple[str, Path]) -> None:
    _layout, path = rendered
    fonts = font_embedding(path)
    assert fonts
    assert all(fonts.values()), f"unembedded: {[n for n, ok in fonts.items() if not ok]}"


def test_page_numbers_alternate_sides_below_the_type_area(rendered: tuple[str, Path]) -> None:
    layout, path = rendered
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            found = page_number_text(page)
            if layout == "letter" and number == 1:
                assert found is None, "信函: the first page carries no number"
                continue
            assert found is not None, f"page {number} has no number"
            text, x0, x1 = found
            assert text == f"—{number}—"
            dash_top = min(c["top"] for c in page.chars if c["text"] == "—") / MM
            assert dash_top == pytest.approx(TYPE_BOTTOM_MM + 7, abs=1)
            one_char = 14 / MM  # 1 字 of 4号
            if number % 2:
                assert x1 == pytest.approx(TYPE_RIGHT_MM - one_char, abs=1)
            else:
                assert x0 == pytest.approx(TYPE_LEFT_MM + one_char, abs=1)


def test_colophon_sits_on_the_bottom_of_the_last_page(rendered: tuple[str, Path]) -> None:
    layout, path = rendered
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[-1]
        rules = sorted((line["top"] / MM, line["linewidth"]) for line in page.lines)
        lines = [line for line in text_lines(page) if line.bottom < TYPE_BOTTOM_MM + 2]
    # Last rule on the bottom edge of the 版心, first and last 0.35 mm thick.
    assert rules[-1][0] == pytest.approx(TYPE_BOTTOM_MM, abs=0.5)
    assert rules[-1][1] / MM == pytest.approx(0.35, abs=0.02)
    last = lines[-1]
    if layout == "letter":  # 信函: no 印发 line; 抄送 is the last line
        assert last.text.startswith("抄送") or "政协" in last.text
    else:
        assert last.text.startswith("塔河县人民政府办公室")
        assert last.text.endswith("2026年7月5日印发")
        assert last.x1 == pytest.approx(TYPE_RIGHT_MM - 14 / MM, abs=1)
        inner = [w for _top, w in rules if abs(w / MM - 0.25) < 0.02]
        assert inner, "a 0.25 mm rule separates 抄送 from 印发"
    assert TYPE_BOTTOM_MM - LINE_PITCH_MM <= last.top and last.bottom <= TYPE_BOTTOM_MM
    cc = next(line for line in lines if line.text.startswith("抄送："))
    assert cc.text.endswith("。") and cc.chars[0]["size"] == pytest.approx(14)


def test_separator_is_red_and_4mm_below_the_doc_number(render_doc: Renderer) -> None:
    path = render_doc(base_document("standard"))
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        number = next(line for line in text_lines(page) if line.text == "塔政发〔2026〕12号")
        rules = [obj for obj in red_graphics(page) if obj["height"] < 3]
    assert len(rules) == 1
    rule = rules[0]
    assert rule["top"] / MM - number.bottom == pytest.approx(4, abs=0.5)
    assert rule["x0"] / MM == pytest.approx(TYPE_LEFT_MM, abs=0.5)
    assert rule["x1"] / MM == pytest.approx(TYPE_RIGHT_MM, abs=0.5)
    # The number is centred; the title follows two blank lines below the rule.
    assert (number.x0 + number.x1) / 2 == pytest.approx(106, abs=1)


def test_letter_has_red_double_rules_170mm_long(render_doc: Renderer) -> None:
    path = render_doc(base_document("letter"))
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        rules = sorted(red_graphics(page), key=lambda r: r["top"])
        mark_bottom = max(c["bottom"] for c in red_chars(page)) / MM
        number = next(line for line in text_lines(page) if line.text.endswith("5号"))
    assert len(rules) == 4
    for rule in rules:
        assert (rule["x1"] - rule["x0"]) / MM == pytest.approx(170, abs=0.5)
    top_pair, bottom_pair = rules[:2], rules[2:]
    assert top_pair[0]["linewidth"] > top_pair[1]["linewidth"]  # thick over thin
    assert bottom_pair[0]["linewidth"] < bottom_pair[1]["linewidth"]  # thin over thick
    assert top_pair[0]["top"] / MM - mark_bottom == pytest.approx(4, abs=1)
    assert 297 - bottom_pair[1]["bottom"] / MM == pytest.approx(20, abs=1)
    assert number.x1 == pytest.approx(TYPE_RIGHT_MM, abs=1)  # 发文字号 flush right
