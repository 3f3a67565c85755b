"""Fixtures for the renderer tests: real documents rendered to real PDF files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.render.helpers import long_body

Renderer = Callable[..., Path]


def base_document(layout: str = "standard", **overrides: Any) -> dict[str, Any]:
    """A complete document of ``layout`` with a body long enough for several full pages."""
    doc: dict[str, Any] = {
        "layout": layout,
        "issuers": ["塔河县人民政府"],
        "doc_number": "塔政发〔2026〕12号",
        "title": "塔河县人民政府关于进一步加强基层网格化服务管理工作的通知",
        "main_recipients": ["各乡镇人民政府", "县政府各部门"],
        "body": long_body(),
        "date": "2026-07-04",
        "cc": ["县委各部门", "县人大常委会办公室", "县政协办公室"],
        "printer": "塔河县人民政府办公室",
        "print_date": "2026-07-05",
    }
    if layout == "order":
        doc.update(doc_number="第3号", title="", main_recipients=[], signers=["县长 李明"])
    if layout == "minutes":
        doc.update(
            issuer_mark="塔河县人民政府常务会议纪要",
            doc_number="第12期",
            title="关于研究网格化服务管理工作的会议纪要",
            main_recipients=[],
            attendees=["王强", "李明", "张伟"],
            absent=["林峰"],
        )
    if layout == "letter":
        doc.update(issuers=["塔河县人民政府办公室"], doc_number="塔政办函〔2026〕5号", printer="")
    doc.update(overrides)
    return doc


@pytest.fixture
def render_doc(tmp_path: Path) -> Renderer:
    """Render a document mapping to ``tmp_path/<name>.pdf`` with the public API."""
    from app.render.document import render_document

    def render(doc: dict[str, Any], name: str = "doc", **kwargs: Any) -> Path:
        out = tmp_path / f"{name}.pdf"
        render_document(doc, out, **kwargs)
        return out

    return render
