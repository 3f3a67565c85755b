"""Bad input is refused with a clear Chinese message, and no PDF (not even half of one) appears."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from app.errors import UserError
from app.render.document import render_document
from app.render.schema import parse_spec
from tests.render.conftest import base_document
from tests.render.helpers import MM, TYPE_BOTTOM_MM

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"layout": "memo"}, "版式“memo”无效"),
        ({"title": ["标题"]}, "字段“title”应为字符串"),
        ({"issuers": "塔河县人民政府", "cc": [1, 2]}, "字段“cc”应为字符串列表"),
        ({"date": "2026-13-01"}, "字段“date”不是有效日期：“2026-13-01”"),
        ({"print_date": 20260704}, "字段“print_date”应为日期字符串"),
        ({"seal": "yes"}, "字段“seal”应为 true 或 false"),
        ({"copy_number": "A17"}, "份号“A17”无效"),
        ({"copy_number": 1234567}, "份号“1234567”无效"),
        ({"classification": "内部"}, "密级“内部”无效"),
        ({"classification_period": "10年"}, "填写了保密期限"),
        ({"urgency": "很急"}, "紧急程度“很急”无效"),
        ({"body": []}, "正文不能为空"),
        ({"body": [{"text": "一、总体要求", "level": 7}]}, "正文第 1 段的 level 应为 0 到 4"),
        ({"body": ["第一段", 3]}, "正文第 2 段应为字符串"),
        ({"titel": "错字"}, "未知的字段“titel”"),
        ({"title": ""}, "请填写公文标题"),
        ({"issuers": [], "issuer_mark": ""}, "请填写发文机关"),
        ({"seal": True, "date": None}, "加盖印章的公文必须有成文日期"),
    ],
)
def test_invalid_specs_are_refused_with_a_clear_message(
    change: dict[str, Any], message: str, tmp_path: Path
) -> None:
    doc = base_document() | change
    out = tmp_path / "out.pdf"
    with pytest.raises(UserError, match=message.replace("（", ".").replace("）", ".")):
        render_document(doc, out)
    assert list(tmp_path.iterdir()) == []  # nothing written, no temporary file left


def test_a_failure_while_writing_leaves_the_old_file_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    out.write_bytes(b"previous version")
    doc = base_document(seal=True, seal_image=str(tmp_path / "missing.png"))
    with pytest.raises(UserError, match="印章图片无法读取"):
        render_document(doc, out)
    assert out.read_bytes() == b"previous version"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


def test_missing_output_folder_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="输出文件夹不存在"):
        render_document(base_document(), tmp_path / "no" / "such" / "out.pdf")


def test_parse_spec_normalises_values() -> None:
    spec = parse_spec(
        base_document(
            copy_number=17,
            classification="机密",
            classification_period="5",
            body=["一、总体要求", "（二）分项", "3、细则", "（4）条目", "普通段落", "1.5亿元投资"],
            cc="县委办公室",
        )
    )
    assert spec.copy_number == "000017"
    assert spec.classification_line == "机密★5年"
    assert [p.level for p in spec.body] == [1, 2, 3, 4, 0, 0]
    assert spec.cc == ("县委办公室",)
    assert spec.mark == "塔河县人民政府文件"


def test_render_to_a_stream_returns_the_page_count() -> None:
    buf = io.BytesIO()
    pages = render_document(base_document(), buf)
    buf.seek(0)
    with pdfplumber.open(buf) as pdf:
        assert len(pdf.pages) == pages >= 3


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        check=False,
    )


def test_cli_renders_a_json_file(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(base_document(seal=True), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.pdf"
    done = run_cli("render", str(source), "-o", str(out))
    assert done.returncode == 0, done.stderr
    with pdfplumber.open(out) as pdf:
        pages = len(pdf.pages)
        assert "塔河县人民政府文件" in (pdf.pages[0].extract_text() or "")
    assert f"（{pages} 页）" in done.stdout


def test_cli_reads_stdin(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    done = run_cli(
        "render", "-", "-o", str(out), stdin=json.dumps(base_document(), ensure_ascii=False)
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"layout": "standard", "title": ', "输入文件不是有效的 JSON：第 1 行"),
        ("[1, 2]", "公文描述应为 JSON 对象"),
        (json.dumps({**base_document(), "date": "2026/07/04"}), "字段“date”不是有效日期"),
        (json.dumps({**base_document(), "layout": "poster"}), "版式“poster”无效"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(content: str, message: str, tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "out.pdf"
    done = run_cli("render", str(source), "-o", str(out))
    assert done.returncode == 2
    assert done.stderr.startswith("错误：") and message in done.stderr
    assert done.stderr.count("\n") == 1  # one line, no traceback
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]


def test_cli_missing_input_file(tmp_path: Path) -> None:
    done = run_cli("render", str(tmp_path / "nope.json"), "-o", str(tmp_path / "o.pdf"))
    assert done.returncode == 2 and "输入文件不存在" in done.stderr


def test_cli_uses_the_profile_font_mapping(tmp_path: Path) -> None:
    ukai = Path("/usr/share/fonts/truetype/arphic/ukai.ttc")
    if not ukai.is_file():
        pytest.skip("AR PL UKai is not installed")
    profile = tmp_path / "profile"
    profile.mkdir()
    config = {"fonts": {"body": str(ukai)}}
    (profile / "profile.json").write_text(json.dumps(config), encoding="utf-8")
    source = tmp_path / "in.json"
    source.write_text(json.dumps(base_document(), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.pdf"
    done = run_cli("render", str(source), "-o", str(out), "--profile", str(profile))
    assert done.returncode == 0, done.stderr
    with pdfplumber.open(out) as pdf:
        body = [c for c in pdf.pages[1].chars if c["bottom"] / MM < TYPE_BOTTOM_MM]
    assert body and all("UKai" in c["fontname"] for c in body)
