"""The elements of a standard 公文: header, title, headings, 附件说明, signature, seal, 版记."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from reportlab.pdfbase import pdfmetrics

from app.render.fonts import Face, resolve_fonts
from tests.render.conftest import Renderer, base_document
from tests.render.helpers import (
    CHAR_PITCH_MM,
    LINE_PITCH_MM,
    MM,
    TYPE_BOTTOM_MM,
    TYPE_LEFT_MM,
    TYPE_RIGHT_MM,
    Line,
    page_number_text,
    plain_paragraph,
    red_graphics,
    text_lines,
)


def pdf_font_name(face: Face) -> str:
    """The PostScript name reportlab writes into the PDF for ``face``."""
    name: bytes = pdfmetrics.getFont(face.name).face.name
    return name.decode()


def find_line(lines: list[Line], start: str) -> Line:
    return next(line for line in lines if line.text.startswith(start))


def exact_line(lines: list[Line], text: str) -> Line:
    return next(line for line in lines if line.text == text)


def all_lines(path: Path) -> list[list[Line]]:
    with pdfplumber.open(path) as pdf:
        return [text_lines(page) for page in pdf.pages]


def page_with(path: Path, start: str) -> list[Line]:
    """The lines of the first page holding a line that starts with ``start``."""
    return next(p for p in all_lines(path) if any(line.text.startswith(start) for line in p))


def test_header_elements_and_title_positions(render_doc: Renderer) -> None:
    doc = base_document(
        copy_number=17, classification="秘密", classification_period="10", urgency="特急"
    )
    path = render_doc(doc)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        lines = text_lines(page)
        separator = next(o for o in red_graphics(page) if o["height"] < 3)["top"] / MM
    copy, secret, urgent = lines[0], lines[1], lines[2]
    assert (copy.text, secret.text, urgent.text) == ("000017", "秘密★10年", "特急")
    for k, line in enumerate((copy, secret, urgent)):
        assert line.x0 == pytest.approx(TYPE_LEFT_MM, abs=0.5)  # flush left
        assert line.top == pytest.approx(37 + k * LINE_PITCH_MM, abs=LINE_PITCH_MM / 2 + 0.5)
    heiti = pdf_font_name(resolve_fonts().heiti)
    assert heiti in secret.chars[0]["fontname"] and heiti in urgent.chars[0]["fontname"]
    title = [line for line in lines if line.chars[0]["size"] == pytest.approx(22)]
    assert title, "the title is 2号 (22 pt)"
    # Two blank lines between the separator and the title; centred.
    assert 2 * LINE_PITCH_MM <= title[0].top - separator <= 3 * LINE_PITCH_MM
    for line in title:
        assert (line.x0 + line.x1) / 2 == pytest.approx(106, abs=1)
    recipients = find_line(lines, "各乡镇人民政府")
    assert recipients.text == "各乡镇人民政府，县政府各部门："
    assert recipients.x0 == pytest.approx(TYPE_LEFT_MM, abs=0.5)
    # One blank line below the title; the 正文 starts on page 1 on the next line.
    assert recipients.centre - title[-1].centre == pytest.approx(2 * LINE_PITCH_MM, abs=0.1)
    first_body = lines[lines.index(recipients) + 1]
    assert first_body.x0 == pytest.approx(TYPE_LEFT_MM + 2 * CHAR_PITCH_MM, abs=0.3)


def test_heading_levels_take_their_fonts(render_doc: Renderer) -> None:
    body = [
        "一、总体要求",
        "（一）科学划分网格。各乡镇要按照规模适度的原则划分网格。",
        "1.明确工作职责。网格员负责信息采集。",
        "(1)信息采集。及时录入基础信息。",
        {"text": "二、这一段虽然以序号开头但被指定为普通段落", "level": 0},
        "普通段落。",
    ]
    path = render_doc(base_document(body=body))
    fonts = resolve_fonts()
    lines = all_lines(path)[0]
    heading1 = find_line(lines, "一、总体要求")
    assert all(pdf_font_name(fonts.heiti) in c["fontname"] for c in heading1.chars)
    heading2 = find_line(lines, "（一）")
    kaiti = pdf_font_name(fonts.kaiti)
    body_font = pdf_font_name(fonts.body)
    head_part = heading2.chars[: len("（一）科学划分网格。")]
    rest_part = heading2.chars[len("（一）科学划分网格。") :]
    assert all(kaiti in c["fontname"] for c in head_part)
    assert all(body_font in c["fontname"] for c in rest_part)  # run-in: only the heading
    for start in ("1.明确", "(1)信息"):
        line = find_line(lines, start)
        assert all(body_font in c["fontname"] for c in line.chars)
    plain = find_line(lines, "二、这一段")
    assert all(body_font in c["fontname"] for c in plain.chars)
    for start in ("一、", "（一）", "1.明确", "二、这一段"):
        assert find_line(lines, start).x0 == pytest.approx(
            TYPE_LEFT_MM + 2 * CHAR_PITCH_MM, abs=0.3
        )


def test_title_wraps_without_breaking_a_latin_word(render_doc: Renderer) -> None:
    word = "ZhengTongOfficeInternationalization"
    title = f"塔河县人民政府关于在全县推广使用{word}协同办公平台并做好数据迁移工作的通知"
    path = render_doc(base_document(title=title))
    lines = all_lines(path)[0]
    title_lines = [line for line in lines if line.chars[0]["size"] == pytest.approx(22)]
    assert len(title_lines) >= 2
    assert "".join(line.text for line in title_lines) == title
    assert any(word in line.text for line in title_lines), [t.text for t in title_lines]
    for line in title_lines:
        assert line.x1 <= TYPE_RIGHT_MM + 0.5
        assert line.text[0] not in "，。、；：？！）》」”"


def test_no_line_starts_with_closing_punctuation(render_doc: Renderer) -> None:
    # Punctuation at every possible position of a 28-character line.
    body = ["一二三四五六七八九十" * k + "，（测试）“引号”。" * 8 for k in range(1, 6)]
    path = render_doc(base_document(body=body))
    for page in all_lines(path):
        for line in page:
            assert line.text[0] not in "，。、；：？！）》」”", line.text
            assert line.text[-1] not in "（《「“", line.text
            assert line.x1 <= TYPE_RIGHT_MM + 0.5


def circle_of(objects: list[dict[str, Any]]) -> tuple[float, float, float]:
    """Centre (x, top in mm) and radius of the largest red curve: the seal's ring."""
    ring = max(objects, key=lambda o: o["width"])
    cx = (ring["x0"] + ring["x1"]) / 2 / MM
    cy = (ring["top"] + ring["bottom"]) / 2 / MM
    return cx, cy, ring["width"] / 2 / MM


def test_seal_presses_signature_and_date(render_doc: Renderer) -> None:
    path = render_doc(base_document(seal=True, body=[plain_paragraph(4)], cc=[], printer=""))
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[-1]
        lines = text_lines(page)
        curves = [o for o in red_graphics(page) if o["object_type"] == "curve"]
    cx, cy, radius = circle_of(curves)
    assert 2 * radius == pytest.approx(42 - 1.5, abs=1)  # ≈42 mm outside the ring's stroke
    unit = exact_line(lines, "塔河县人民政府")
    date = exact_line(lines, "2026年7月4日")
    body_last = [line for line in lines if line.text.endswith("。")][-1]
    # Date right-indented 4 字; 署名 centred above it.
    assert date.x1 == pytest.approx(TYPE_RIGHT_MM - 4 * CHAR_PITCH_MM, abs=0.5)
    assert (unit.x0 + unit.x1) / 2 == pytest.approx((date.x0 + date.x1) / 2, abs=0.5)
    # The seal presses both, which sit in its lower half; it is centred on them.
    for line in (unit, date):
        inside = [
            c
            for c in line.chars
            if math.hypot((c["x0"] + c["x1"]) / 2 / MM - cx, (c["top"] + c["bottom"]) / 2 / MM - cy)
            < radius
        ]
        assert len(inside) >= len(line.chars) * 0.6, line.text
        assert cy < line.centre < cy + radius  # below the centre (y grows downwards)
    assert cx == pytest.approx((date.x0 + date.x1) / 2, abs=0.5)
    # The seal's top comes within one line of the 正文, without covering it.
    seal_top = cy - radius
    assert 0 <= seal_top - body_last.bottom <= LINE_PITCH_MM


def test_unsealed_signature_and_note(render_doc: Renderer) -> None:
    doc = base_document(body=[plain_paragraph(3)], note="此件公开发布", cc=[], printer="")
    lines = page_with(render_doc(doc), "（此件公开发布）")
    unit = exact_line(lines, "塔河县人民政府")
    date = exact_line(lines, "2026年7月4日")
    note = find_line(lines, "（此件公开发布）")
    body_last = [line for line in lines if line.text.endswith("。")][-1]
    assert unit.baseline - body_last.baseline == pytest.approx(2 * LINE_PITCH_MM, abs=0.1)
    # The date is longer than the 署名 here: it keeps 2 字 on the right, the 署名 moves left.
    assert date.x1 == pytest.approx(TYPE_RIGHT_MM - 2 * CHAR_PITCH_MM, abs=0.5)
    assert date.x0 - unit.x0 == pytest.approx(2 * CHAR_PITCH_MM, abs=0.3)
    assert date.baseline - unit.baseline == pytest.approx(LINE_PITCH_MM, abs=0.1)
    assert note.baseline - date.baseline == pytest.approx(LINE_PITCH_MM, abs=0.1)
    assert note.x0 == pytest.approx(TYPE_LEFT_MM + 2 * CHAR_PITCH_MM, abs=0.3)


def test_long_signature_puts_the_date_two_characters_in(render_doc: Renderer) -> None:
    doc = base_document(body=[plain_paragraph(2)], signature_units=["塔河县人民政府办公室"])
    lines = page_with(render_doc(doc), "2026年7月4日")
    unit = exact_line(lines, "塔河县人民政府办公室")
    date = exact_line(lines, "2026年7月4日")
    assert unit.x1 == pytest.approx(TYPE_RIGHT_MM - 2 * CHAR_PITCH_MM, abs=0.5)
    assert date.x0 - unit.x0 == pytest.approx(2 * CHAR_PITCH_MM, abs=0.3)


def test_attachment_note_alignment(render_doc: Renderer) -> None:
    names = [
        "塔河县网格化服务管理工作考核办法。",
        "塔河县网格员工作职责清单及网格员日常巡查走访工作规范（试行）",
    ]
    doc = base_document(body=[plain_paragraph(1)], attachments=names)
    pages = all_lines(render_doc(doc))
    # Reading order across pages, page numbers left out (the wrapped name may move along).
    lines = [line for page in pages for line in page if line.bottom < TYPE_BOTTOM_MM + 2]
    first = find_line(lines, "附件：1.")
    second = find_line(lines, "2.")
    wrapped = lines[lines.index(second) + 1]
    body_last = lines[lines.index(first) - 1]
    assert first.text == "附件：1.塔河县网格化服务管理工作考核办法"  # no final punctuation
    assert first.baseline - body_last.baseline == pytest.approx(2 * LINE_PITCH_MM, abs=0.1)
    assert first.x0 == pytest.approx(TYPE_LEFT_MM + 2 * CHAR_PITCH_MM, abs=0.3)
    number_x = first.chars[3]["x0"] / MM
    assert second.x0 == pytest.approx(number_x, abs=0.3)  # numbers aligned
    name_x = second.chars[2]["x0"] / MM
    assert wrapped.x0 == pytest.approx(name_x, abs=0.3)  # wrapped name under its first char


def test_upward_document_with_signers(render_doc: Renderer) -> None:
    doc = base_document(signers=["王强", "李明", "张伟"])
    path = render_doc(doc)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        lines = text_lines(page)
        separator = next(o for o in red_graphics(page) if o["height"] < 3)["top"] / MM
    label = find_line(lines, "签发人：")
    last = next(line for line in lines if "张伟" in line.text)
    number = [c for c in last.chars if c["x0"] / MM < 106]
    assert "".join(c["text"] for c in number) == "塔政发〔2026〕12号"
    assert number[0]["x0"] / MM == pytest.approx(TYPE_LEFT_MM + CHAR_PITCH_MM, abs=0.3)
    assert label.x1 == pytest.approx(TYPE_RIGHT_MM - CHAR_PITCH_MM, abs=0.5)
    names = [c for c in label.chars if c["text"] in "王强李明"]
    kaiti = pdf_font_name(resolve_fonts().kaiti)
    assert names and all(kaiti in c["fontname"] for c in names)
    zhang = next(c for c in last.chars if c["text"] == "张")
    assert zhang["x0"] == pytest.approx(names[0]["x0"], abs=0.5)  # wrapped names aligned
    assert separator - last.bottom == pytest.approx(4, abs=0.5)


def test_joint_issue_stacks_the_names(render_doc: Renderer) -> None:
    issuers = ["塔河县人民政府", "中共塔河县委员会"]
    path = render_doc(base_document(issuers=issuers))
    with pdfplumber.open(path) as pdf:
        mark = [c for c in pdf.pages[0].chars if c["non_stroking_color"][0] > 0.8]
    rows = {line.text: line for line in text_lines(type("Chars", (), {"chars": mark})())}
    assert set(rows) == {"塔河县人民政府", "中共塔河县委员会", "文件"}
    first, second, suffix = rows["塔河县人民政府"], rows["中共塔河县委员会"], rows["文件"]
    assert first.top < second.top  # the lead issuer first, stacked
    assert first.x0 == pytest.approx(second.x0, abs=0.5)  # one block: names spread to
    assert first.x1 == pytest.approx(second.x1, abs=0.5)  # the width of the longest
    assert suffix.x0 > second.x1  # 文件 to the right, vertically centred across the names
    assert suffix.centre == pytest.approx((first.top + second.bottom) / 2, abs=1)
    assert (first.x0 + suffix.x1) / 2 == pytest.approx(106, abs=1)


def test_colophon_alone_on_a_page_carries_no_number(render_doc: Renderer) -> None:
    from app.render.document import lay_out
    from app.render.schema import parse_spec

    fonts = resolve_fonts()
    for lines in range(10, 60):
        doc = base_document(body=[plain_paragraph(lines)])
        pages = lay_out(parse_spec(doc), fonts)
        if not pages[-1].numbered:
            break
    else:
        pytest.fail("no body length put the 版记 on a page of its own")
    path = render_doc(doc)
    with pdfplumber.open(path) as pdf:
        assert page_number_text(pdf.pages[-1]) is None
        assert page_number_text(pdf.pages[-2]) is not None
        last_lines = text_lines(pdf.pages[-1])
    assert last_lines[0].text.startswith("抄送：")
    assert last_lines[-1].bottom <= TYPE_BOTTOM_MM


def test_signature_never_stands_alone_on_a_page(render_doc: Renderer) -> None:
    from app.render.document import lay_out
    from app.render.draw import Seal, Text
    from app.render.schema import parse_spec

    fonts = resolve_fonts()
    for lines in range(5, 40):
        spec = parse_spec(base_document(body=[plain_paragraph(lines)], seal=True))
        pages = lay_out(spec, fonts)
        sealed = next(p for p in pages if any(isinstance(i, Seal) for i in p.items))
        texts = [i for i in sealed.items if isinstance(i, Text)]
        body = [t for t in texts if "。" in "".join(p.text for p in t.pieces)]
        assert body, f"{lines} lines: the sealed page holds no 正文"
