"""命令 and 纪要 specifics (信函 is covered beside the other layouts in test_layout.py)."""

from __future__ import annotations

import pdfplumber
import pytest

from app.render.fonts import resolve_fonts
from tests.render.conftest import Renderer, base_document
from tests.render.helpers import (
    CHAR_PITCH_MM,
    LINE_PITCH_MM,
    MM,
    TYPE_LEFT_MM,
    TYPE_RIGHT_MM,
    is_red,
    plain_paragraph,
    red_chars,
    red_graphics,
    text_lines,
)
from tests.render.test_document import exact_line, find_line, pdf_font_name


def test_order_number_body_and_signature_stamp(render_doc: Renderer) -> None:
    doc = base_document("order", body=[plain_paragraph(3)], seal=True, cc=[], printer="")
    path = render_doc(doc)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        lines = text_lines(page)
        mark_bottom = max(c["bottom"] for c in red_chars(page) if c["text"] == "令") / MM
        frames = [o for o in red_graphics(page) if o["object_type"] == "rect"]
        red_names = "".join(c["text"] for c in red_chars(page) if c["size"] < 30)
    number = exact_line(lines, "第3号")
    body = lines[lines.index(number) + 1]
    # 令号 two blank lines below the 标志, centred; 正文 two blank lines below the 令号.
    assert 2 * LINE_PITCH_MM <= number.top - mark_bottom <= 3 * LINE_PITCH_MM
    assert (number.x0 + number.x1) / 2 == pytest.approx(106, abs=1)
    assert body.baseline - number.baseline == pytest.approx(3 * LINE_PITCH_MM, abs=0.1)
    # 签名章 right-indented 4 字 in a red frame, 职务 2 字 to its left, date below.
    assert red_names == "李明"
    stamp = exact_line(lines, "李明")
    title = exact_line(lines, "县长").chars
    name = stamp.chars
    assert stamp.centre == pytest.approx(exact_line(lines, "县长").centre, abs=0.3)
    assert name[-1]["x1"] / MM == pytest.approx(TYPE_RIGHT_MM - 4 * CHAR_PITCH_MM, abs=0.5)
    assert (name[0]["x0"] - title[-1]["x1"]) / MM == pytest.approx(2 * CHAR_PITCH_MM, abs=0.5)
    assert len(frames) == 1 and frames[0]["x0"] < name[0]["x0"] < frames[0]["x1"]
    assert all(pdf_font_name(resolve_fonts().kaiti) in c["fontname"] for c in name)
    date = exact_line(lines, "2026年7月4日")
    assert date.x1 == pytest.approx(TYPE_RIGHT_MM - 4 * CHAR_PITCH_MM, abs=0.5)
    assert date.baseline - stamp.baseline == pytest.approx(2 * LINE_PITCH_MM, abs=1)
    body_last = [line for line in lines if line.text.endswith("。")][-1]
    assert stamp.centre - body_last.centre == pytest.approx(3 * LINE_PITCH_MM, abs=0.5)


def test_minutes_list_attendance_after_the_body(render_doc: Renderer) -> None:
    names = [f"参会人员{k}号" for k in range(1, 16)]
    doc = base_document(
        "minutes", body=[plain_paragraph(2)], attendees=names, observers=["县民政局 罗娜"]
    )
    path = render_doc(doc)
    with pdfplumber.open(path) as pdf:
        lines = [line for page in pdf.pages for line in text_lines(page)]
    present = find_line(lines, "出席：")
    following = lines[lines.index(present) + 1]
    absent = find_line(lines, "请假：")
    observer = find_line(lines, "列席：")
    body_last = lines[lines.index(present) - 1]
    assert present.baseline - body_last.baseline == pytest.approx(2 * LINE_PITCH_MM, abs=0.1)
    assert present.x0 == pytest.approx(TYPE_LEFT_MM + 2 * CHAR_PITCH_MM, abs=0.3)
    heiti = pdf_font_name(resolve_fonts().heiti)
    body_font = pdf_font_name(resolve_fonts().body)
    assert all(heiti in c["fontname"] for c in present.chars[:3])  # 出席：
    assert all(body_font in c["fontname"] for c in present.chars[3:])
    # Wrapped names align with the first name after the colon.
    assert following.x0 == pytest.approx(present.chars[3]["x0"] / MM, abs=0.3)
    listed = lines[lines.index(present) : lines.index(absent)]
    assert "".join(line.text for line in listed)[3:] == "、".join(names)
    assert all(line.x0 == pytest.approx(following.x0, abs=0.3) for line in listed[1:])
    # No name is split across lines.
    pieces = [p for line in listed for p in line.text.removeprefix("出席：").split("、") if p]
    assert pieces == names
    assert absent.text == "请假：林峰" and observer.text == "列席：县民政局罗娜"
    assert absent.baseline - listed[-1].baseline == pytest.approx(LINE_PITCH_MM, abs=0.1)
    assert not any(line.text.startswith("塔河县人民政府") and len(line.text) == 7 for line in lines)


def test_minutes_keys_are_refused_for_other_layouts(render_doc: Renderer) -> None:
    from app.errors import UserError

    with pytest.raises(UserError, match="纪要"):
        render_doc(base_document("standard", attendees=["王强"]))


def test_letter_first_element_line_under_the_rules(render_doc: Renderer) -> None:
    doc = base_document("letter", copy_number="3", classification="秘密", urgency="加急")
    path = render_doc(doc)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        lines = text_lines(page)
        thin = max(red_graphics(page)[:2], key=lambda r: r["top"])
    first = find_line(lines, "000003")
    # 7/8 of a 3号 character (≈4.9 mm) between the lower rule and the first element.
    assert first.top - thin["bottom"] / MM == pytest.approx(16 * 7 / 8 / MM, abs=0.6)
    assert first.x0 == pytest.approx(TYPE_LEFT_MM, abs=0.3)
    assert first.text.endswith("塔政办函〔2026〕5号")  # 发文字号 on the same line, flush right
    assert [line.text for line in lines[2:4]] == ["秘密", "加急"]
    assert all(not is_red(c["non_stroking_color"]) for c in first.chars)
