"""The 收文处理单: registration data, every opinion in order, long opinions across pages."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pdfplumber
import pytest

from app.errors import UserError
from app.render.form import FormOpinion, ProcessingForm, render_processing_form
from tests.render.helpers import MM, text_lines

LONG = "".join(f"第{k}点：请办公室牵头会同财政局研究提出落实意见。" for k in range(1, 90))


def sample_form() -> ProcessingForm:
    return ProcessingForm(
        unit_name="塔河县人民政府办公室",
        source_unit="市人民政府办公室",
        doc_number="市政办发〔2026〕45号",
        title="市人民政府办公室关于做好2026年度汛期安全防范工作的通知",
        received_date=date(2026, 7, 2),
        receipt_number="收〔2026〕318号",
        urgency="加急",
        copies=2,
        deadline=date(2026, 7, 10),
        opinions=(
            FormOpinion("拟办意见", "王芳", "拟办", datetime(2026, 7, 2, 9, 30), "呈李县长阅示。"),
            FormOpinion("领导批示", "李明", "同意", datetime(2026, 7, 2, 15, 10), LONG),
            FormOpinion("领导批示", "张伟", "已阅", datetime(2026, 7, 3, 8, 0)),
            FormOpinion("承办意见", "赵磊", "办结", date(2026, 7, 8), "已按要求部署。"),
            FormOpinion("传阅", "刘洋", "已阅", datetime(2026, 7, 9, 10, 0)),
        ),
    )


def page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return ["".join(line.text for line in text_lines(page)) for page in pdf.pages]


def test_form_holds_every_field_and_opinion_in_order(tmp_path: Path) -> None:
    out = tmp_path / "form.pdf"
    pages = render_processing_form(sample_form(), out)
    texts = page_texts(out)
    assert len(texts) == pages >= 2  # the long 批示 cannot fit on one page
    everything = "".join(texts)
    for value in (
        "市人民政府办公室",
        "市政办发〔2026〕45号",
        "2026年7月2日",
        "收〔2026〕318号",
        "加急",
        "2026年7月10日",
    ):
        assert value in texts[0]
    assert "收文处理单" in texts[0]
    # The long opinion survives whole across the page breaks, before the ones that follow it
    # (labels, continuation titles and footers interleave with it in reading order).
    running = re.sub(r"收文处理单（续）|领导批示|（续）|第\d+页共\d+页", "", everything)
    assert LONG in running
    order = [
        everything.index(marker)
        for marker in ("王芳", LONG[:20], LONG[-20:], "李明", "张伟", "赵磊", "刘洋")
    ]
    assert order == sorted(order)
    assert texts[1].startswith("收文处理单（续）领导批示")  # the box continues under its label
    assert texts[1].count("（续）") == 2
    assert "李明同意2026年7月2日15:10" in everything.replace(" ", "")
    for number, text in enumerate(texts, start=1):
        assert f"第{number}页共{pages}页" in text


def test_form_title_is_centred_and_the_table_stays_in_the_margins(tmp_path: Path) -> None:
    out = tmp_path / "form.pdf"
    render_processing_form(sample_form(), out)
    with pdfplumber.open(out) as pdf:
        for page in pdf.pages:
            for rect in page.rects:
                assert rect["x0"] / MM >= 27.5 and rect["x1"] / MM <= 184.5
                assert rect["bottom"] / MM <= 297 - 22
            for char in page.chars:
                assert 27.5 <= char["x0"] / MM and char["x1"] / MM <= 184.5
        title = next(line for line in text_lines(pdf.pages[0]) if line.text == "收文处理单")
    assert (title.x0 + title.x1) / 2 == pytest.approx(106, abs=1)
    assert title.chars[0]["size"] == pytest.approx(22)


def test_form_from_a_mapping_and_an_empty_form(tmp_path: Path) -> None:
    data = {
        "source_unit": "市财政局",
        "title": "关于下达2026年资金的通知",
        "received_date": "2026-07-02",
        "opinions": [
            {"role": "传阅", "person": "刘洋", "action": "已阅", "at": "2026-07-09T10:00"},
        ],
    }
    out = tmp_path / "mapped.pdf"
    assert render_processing_form(data, out) == 1
    assert "刘洋已阅2026年7月9日10:00" in page_texts(out)[0].replace(" ", "")
    empty = tmp_path / "empty.pdf"
    render_processing_form(ProcessingForm(title="空白处理单"), empty)
    text = page_texts(empty)[0]
    assert all(label in text for label in ("拟办意见", "领导批示", "办理结果"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": 3}, "字段“title”应为字符串"),
        ({"received_date": "2026-02-30"}, "字段“received_date”不是有效日期"),
        ({"copies": "两份"}, "份数"),
        ({"opinions": [{"person": "李明"}]}, "第 1 条意见缺少类别"),
        ({"opinions": [{"role": "批示", "at": "昨天"}]}, "第 1 条意见的时间无效"),
        ({"sender": "x"}, "收文处理单没有字段“sender”"),
    ],
)
def test_bad_form_data_is_refused(data: dict[str, object], message: str, tmp_path: Path) -> None:
    with pytest.raises(UserError, match=message):
        render_processing_form(data, tmp_path / "bad.pdf")
    assert not (tmp_path / "bad.pdf").exists()
