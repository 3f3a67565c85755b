"""正文 heading numbers and the 附件说明 block (app/domain/body.py), without Qt."""

from __future__ import annotations

import pytest

from app.domain.body import (
    attachment_note,
    body_paragraphs,
    cn_numeral,
    heading_insertion,
    heading_of,
    next_number,
    parse_cn_numeral,
    with_attachment_note,
)


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (23, "二十三"),
        (105, "一百零五"),
    ],
)
def test_chinese_numerals_both_ways(n: int, text: str) -> None:
    assert cn_numeral(n) == text
    assert parse_cn_numeral(text) == n


def test_headings_are_recognised_with_their_numbers() -> None:
    assert heading_of("十二、加强领导") == (1, 12)
    assert heading_of("    （三）压实责任。各单位要……") == (2, 3)
    assert heading_of("(四)半角括号") == (2, 4)
    assert heading_of("2.完善制度") == (3, 2)
    assert heading_of("１０、全角数字") == (3, 10)
    assert heading_of("（5）细化措施") == (4, 5)
    assert heading_of("2026年是关键之年。") is None
    assert heading_of("3.5%的增幅") is None


def insert(text: str, level: int, cursor: int | None = None) -> str:
    ins = heading_insertion(text, len(text) if cursor is None else cursor, level)
    return text[: ins.position] + ins.text + text[ins.position :]


def test_the_next_number_follows_the_last_sibling() -> None:
    text = "各乡镇：\n一、总体要求\n正文。\n二、主要任务\n正文。"
    assert insert(text, 1).endswith("正文。\n三、")
    # Under the new parent "二、" the second level starts again at （一）.
    text = "一、总体要求\n（一）甲\n（二）乙\n二、主要任务\n正文。"
    assert insert(text, 2).endswith("正文。\n（一）")
    text += "\n（一）丙\n1.子项\n2.子项\n（1）细项"
    assert insert(text, 2).endswith("（1）细项\n（二）")
    assert insert(text, 3).endswith("（1）细项\n3.")
    assert insert(text, 4).endswith("（1）细项\n（2）")
    assert insert("", 3) == "1."


def test_a_heading_goes_after_the_cursor_line_or_on_an_empty_one() -> None:
    text = "一、甲\n正文一段。\n\n二、乙"
    # Cursor inside the first paragraph: the new heading follows that line, numbered from above.
    out = insert(text, 2, cursor=text.index("一段"))
    assert out == "一、甲\n正文一段。\n（一）\n\n二、乙"
    # Cursor on the empty line: the heading fills it; only the text above counts.
    ins = heading_insertion(text, text.index("\n\n") + 1, 1)
    assert (
        text[: ins.position] + ins.text + text[ins.position :] == "一、甲\n正文一段。\n二、\n二、乙"
    )
    assert ins.cursor == ins.position + 2


def test_attachment_note_lines_are_not_headings() -> None:
    text = "一、甲\n\n附件：1.值班表\n\u3000\u3000\u30002.通讯录"
    assert next_number(text.split("\n"), 3) == 1
    assert next_number(text.split("\n"), 1) == 2


def test_attachment_note_per_gbt9704() -> None:
    assert attachment_note(["汛期值班安排表.xlsx"]) == ["附件：汛期值班安排表"]
    assert attachment_note(["值班表.xlsx", "联系人名单.docx", "说明。"]) == [
        "附件：1.值班表",
        "\u3000\u3000\u30002.联系人名单",
        "\u3000\u3000\u30003.说明",
    ]
    assert attachment_note([]) == []


def test_attachment_note_is_added_updated_and_removed() -> None:
    body = "各学校：\n请做好暑期安全教育。\n"
    added = with_attachment_note(body, ["安全须知.pdf"])
    assert added == "各学校：\n请做好暑期安全教育。\n\n附件：安全须知"
    updated = with_attachment_note(added + "\n（此页无正文）", ["安全须知.pdf", "名单.xlsx"])
    assert updated == (
        "各学校：\n请做好暑期安全教育。\n\n附件：1.安全须知\n\u3000\u3000\u30002.名单\n（此页无正文）"
    )
    # Updating again changes nothing; no files removes the block with its blank line.
    assert with_attachment_note(updated, ["安全须知.pdf", "名单.xlsx"]) == updated
    assert with_attachment_note(added, []) == "各学校：\n请做好暑期安全教育。"
    assert with_attachment_note(body, []) == body


def test_body_paragraphs_leave_out_the_typed_attachment_note() -> None:
    text = "各学校：\n\n一、甲\n\n附件：1.安全须知\n\u3000\u3000\u30002.名单"
    assert body_paragraphs(text) == ["各学校：", "一、甲"]
