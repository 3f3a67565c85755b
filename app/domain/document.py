"""公文: the 15 types, the 18 elements' rules, 密级 and the deployment's ceiling, 文号 formats.

Pure rules (《党政机关公文处理工作条例》 and GB/T 9704), run by the client before it queues a change
and by the server before it stores one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from app.errors import UserError

DOC_TYPES = (
    "决议",
    "决定",
    "命令",
    "公报",
    "公告",
    "通告",
    "意见",
    "通知",
    "通报",
    "报告",
    "请示",
    "批复",
    "议案",
    "函",
    "纪要",
)

# 密级 in rising order. "内部" marks 工作秘密 (not a state secret): the usual ceiling of the
# extranet, which must never carry 秘密 and above (DESIGN.md).
CLASSIFICATION_LEVELS: Mapping[str, int] = {"": 0, "内部": 1, "秘密": 2, "机密": 3, "绝密": 4}
SECRET_LEVELS = ("秘密", "机密", "绝密")  # the ones GB/T 9704 prints with a 保密期限
URGENCIES = ("", "加急", "特急")
RETENTIONS = ("永久", "30年", "10年")  # 保管期限 at 归档

# Layouts of app/render: which one a type is printed with.
LETTER_TYPES = frozenset({"函"})
ORDER_TYPES = frozenset({"命令"})
MINUTES_TYPES = frozenset({"纪要"})

MAX_TITLE = 200
MAX_BODY = 200_000


def layout_for(doc_type: str) -> str:
    if doc_type in LETTER_TYPES:
        return "letter"
    if doc_type in ORDER_TYPES:
        return "order"
    if doc_type in MINUTES_TYPES:
        return "minutes"
    return "standard"


def check_classification(level: object, ceiling: str) -> str:
    """``level`` if this deployment may carry it; refuses it before it is stored or sent."""
    if level is None:
        level = ""
    if not isinstance(level, str) or level not in CLASSIFICATION_LEVELS:
        raise UserError(f"密级应为{'、'.join(k for k in CLASSIFICATION_LEVELS if k)}之一或留空")
    if CLASSIFICATION_LEVELS[level] > CLASSIFICATION_LEVELS.get(ceiling, 1):
        raise UserError(
            f"本系统最高只能处理“{ceiling or '非密'}”级文件，“{level}”文件不得在政务外网上传输"
        )
    return level


_PERIOD = re.compile(r"^(长期|[1-9][0-9]?年|[1-9][0-9]?个月)$")


def check_period(level: str, period: object) -> str:
    """保密期限 (10年, 6个月, 长期): only with a 国家秘密 level."""
    text = period or ""
    if not isinstance(text, str):
        raise UserError("保密期限格式不正确")
    if text and level not in SECRET_LEVELS:
        raise UserError("只有秘密、机密、绝密文件才标注保密期限")
    if text and not _PERIOD.match(text):
        raise UserError("保密期限应写作“10年”“6个月”或“长期”")
    return text


_DOC_NUMBER = re.compile(r"^(?P<code>[\u4e00-\u9fff]{1,8})〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")


def format_doc_number(code: str, year: int, seq: int) -> str:
    """发文字号: 塔政发〔2026〕12号 — full year, 六角括号, no 第, no leading zeros."""
    return f"{code}〔{year}〕{seq}号"


def parse_doc_number(text: str) -> tuple[str, int, int]:
    m = _DOC_NUMBER.match(text)
    if m is None:
        raise UserError(f"发文字号“{text}”格式应为“代字〔年份〕序号号”，如 塔政发〔2026〕12号")
    return m["code"], int(m["year"]), int(m["seq"])


_CODE = re.compile(r"^[\u4e00-\u9fff]{1,8}$")


def check_code(code: object) -> str:
    """机关代字 plus 文种代字 as used in a 文号 (塔政发, 塔政办函)."""
    if not isinstance(code, str) or not _CODE.match(code):
        raise UserError("发文代字应为 1–8 个汉字，如“塔政发”")
    return code


def doc_number_series(code: str, year: int) -> str:
    return f"docno:{code}:{year}"


def register_series(unit_id: str, year: int) -> str:
    return f"register:{unit_id}:{year}"


def archive_series(unit_id: str, year: int) -> str:
    return f"archive:{unit_id}:{year}"


def format_register_number(year: int, seq: int) -> str:
    """收文编号 in the unit's register: 收〔2026〕7号."""
    return f"收〔{year}〕{seq}号"


def format_archive_number(year: int, retention: str, seq: int) -> str:
    """归档号: 年度-保管期限-件号, e.g. 2026-永久-0012 (件号 four digits as archives write them)."""
    return f"{year}-{retention}-{seq:04d}"


def format_cn_date(d: date) -> str:
    """成文日期: 2026年7月4日 (Arabic digits, no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日"


def check_text_fields(data: Mapping[str, Any]) -> None:
    """Shape checks shared by 发文 and 收文 records (a list where text belongs would be stored on
    every recipient's client and block their sync)."""
    for key in ("title", "body", "doc_number", "note", "from_unit", "classification_period"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise UserError("公文的标题、正文等内容应为文字")
    title = data.get("title") or ""
    if len(title) > MAX_TITLE:
        raise UserError(f"标题不能超过 {MAX_TITLE} 字")
    if len(data.get("body") or "") > MAX_BODY:
        raise UserError("正文过长")
    doc_type = data.get("doc_type")
    if doc_type is not None and doc_type not in DOC_TYPES:
        raise UserError(f"文种应为{'、'.join(DOC_TYPES)}之一")
    urgency = data.get("urgency")
    if urgency is not None and urgency not in URGENCIES:
        raise UserError("紧急程度应为“特急”“加急”或留空")
    for key in ("main_units", "cc_units", "attachments_names"):
        value = data.get(key)
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)
        ):
            raise UserError("主送、抄送单位格式不正确")
    copies = data.get("copies")
    if copies is not None and (not isinstance(copies, int) or not 1 <= copies <= 100_000):
        raise UserError("印制份数应为 1–100000 的整数")
