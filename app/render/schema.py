"""The JSON description of a 公文 (``main.py render``) and its validation.

``parse_spec`` turns a mapping into a ``DocumentSpec`` or raises ``UserError`` naming the field
at fault in Chinese. Unknown keys are refused: a misspelt key would otherwise vanish silently
from an official document. docs/render.md documents every key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

from app.errors import UserError
from app.render.text import detect_level

Layout = Literal["standard", "letter", "order", "minutes"]
LAYOUTS: tuple[Layout, ...] = ("standard", "letter", "order", "minutes")
LAYOUT_LABELS = {"standard": "文件", "letter": "信函", "order": "命令（令）", "minutes": "纪要"}
CLASSIFICATIONS = ("秘密", "机密", "绝密")
URGENCIES = ("特急", "加急", "特提", "平急")

_STRING_KEYS = (
    "issuer_mark",
    "doc_number",
    "title",
    "note",
    "printer",
    "classification",
    "classification_period",
    "urgency",
    "seal_image",
)
_LIST_KEYS = (
    "issuers",
    "signers",
    "main_recipients",
    "attachments",
    "signature_units",
    "cc",
    "attendees",
    "absent",
    "observers",
)
_MINUTES_KEYS = ("attendees", "absent", "observers")
KNOWN_KEYS = frozenset(
    {"layout", "copy_number", "body", "date", "print_date", "seal", *_STRING_KEYS, *_LIST_KEYS}
)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One 正文 paragraph; level 0 is plain text, 1–4 the heading levels 一、/（一）/1./（1）."""

    text: str
    level: int = 0


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    layout: Layout = "standard"
    copy_number: str = ""  # 份号, six digits
    classification: str = ""  # 密级
    classification_period: str = ""  # 保密期限, e.g. "10年"
    urgency: str = ""  # 紧急程度
    issuers: tuple[str, ...] = ()  # 发文机关, the lead first
    issuer_mark: str = ""  # 发文机关标志 (default: name + 文件 / 令 / 纪要)
    doc_number: str = ""  # 发文字号 (令号 for orders)
    signers: tuple[str, ...] = ()  # 签发人 (上行文); for orders "职务 姓名"
    title: str = ""
    main_recipients: tuple[str, ...] = ()
    body: tuple[Paragraph, ...] = ()
    attachments: tuple[str, ...] = ()
    signature_units: tuple[str, ...] = ()  # 发文机关署名 (default: the issuers)
    date: dt.date | None = None  # 成文日期
    seal: bool = False
    seal_image: str = ""  # a PNG of the seal to use instead of drawing one
    note: str = ""  # 附注
    cc: tuple[str, ...] = ()  # 抄送机关
    printer: str = ""  # 印发机关
    print_date: dt.date | None = None  # 印发日期
    attendees: tuple[str, ...] = ()  # 纪要: 出席
    absent: tuple[str, ...] = ()  # 纪要: 请假
    observers: tuple[str, ...] = ()  # 纪要: 列席

    @property
    def classification_line(self) -> str:
        """秘密★10年 — the 密级 with its 保密期限."""
        if not self.classification:
            return ""
        if not self.classification_period:
            return self.classification
        return f"{self.classification}★{self.classification_period}"

    @property
    def mark(self) -> str:
        """The 发文机关标志 of a single-line mark (joint issues stack the names instead)."""
        if self.issuer_mark:
            return self.issuer_mark
        lead = self.issuers[0] if self.issuers else ""
        suffix = {"standard": "文件", "letter": "", "order": "令", "minutes": "纪要"}[self.layout]
        return lead + suffix

    @property
    def units(self) -> tuple[str, ...]:
        """The 署名 units: as given, else the issuers (纪要 carry none unless given)."""
        if self.signature_units or self.layout == "minutes":
            return self.signature_units
        return self.issuers


def parse_spec(raw: Mapping[str, Any]) -> DocumentSpec:
    """Validate a JSON-like mapping; ``UserError`` with a Chinese message on the first fault."""
    if not isinstance(raw, Mapping):
        raise UserError("公文描述应为 JSON 对象（{…}）")
    unknown = sorted(str(k) for k in raw if k not in KNOWN_KEYS)
    if unknown:
        raise UserError(f"未知的字段“{unknown[0]}”（可用字段见 docs/render.md）")
    layout = raw.get("layout", "standard")
    if layout not in LAYOUTS:
        raise UserError(f"版式“{layout}”无效，应为 standard、letter、order 或 minutes 之一")
    values: dict[str, Any] = {"layout": cast(Layout, layout)}
    for key in _STRING_KEYS:
        values[key] = _string(raw, key)
    for key in _LIST_KEYS:
        values[key] = _string_list(raw, key)
    if layout != "minutes":
        for key in _MINUTES_KEYS:
            if values[key]:
                raise UserError(f"字段“{key}”只用于纪要版式（minutes）")
    values["copy_number"] = _copy_number(raw.get("copy_number"))
    values["date"] = _date(raw, "date")
    values["print_date"] = _date(raw, "print_date")
    seal = raw.get("seal", False)
    if not isinstance(seal, bool):
        raise UserError("字段“seal”应为 true 或 false")
    values["seal"] = seal
    values["body"] = _body(raw.get("body"))
    spec = DocumentSpec(**values)
    _check_consistency(spec)
    return spec


def _check_consistency(spec: DocumentSpec) -> None:
    if spec.classification and spec.classification not in CLASSIFICATIONS:
        raise UserError(f"密级“{spec.classification}”无效，应为 秘密、机密 或 绝密")
    if spec.classification_period and not spec.classification:
        raise UserError("填写了保密期限（classification_period）但没有密级（classification）")
    if spec.urgency and spec.urgency not in URGENCIES:
        raise UserError(f"紧急程度“{spec.urgency}”无效，应为 特急 或 加急（电报：特提、平急）")
    if not spec.issuers and not spec.issuer_mark:
        raise UserError("请填写发文机关（issuers）或发文机关标志（issuer_mark）")
    if not spec.title and spec.layout != "order":
        raise UserError("请填写公文标题（title）")
    if not spec.body:
        raise UserError("正文不能为空（body）")
    if spec.seal and not spec.units and spec.layout != "order":
        raise UserError("加盖印章需要发文机关署名（signature_units 或 issuers）")
    if spec.seal and not spec.date:
        raise UserError("加盖印章的公文必须有成文日期（date）")
    if spec.layout == "order" and spec.seal and not spec.signers:
        raise UserError("命令加盖签名章需要签发人（signers，如“县长 李明”）")


def _string(raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise UserError(f"字段“{key}”应为字符串")
    text = str(value).strip()
    if key == "classification_period" and text.isdigit():
        text += "年"
    return text


def _string_list(raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]  # one name given without the list brackets
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UserError(f'字段“{key}”应为字符串列表，如 ["塔河县财政局"]')
    return tuple(v.strip() for v in value if v.strip())


def _copy_number(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise UserError("份号（copy_number）应为 1 到 6 位数字")
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        raise UserError(f"份号“{text}”无效：应为 1 到 6 位数字")
    return text.zfill(6)


def _date(raw: Mapping[str, Any], key: str) -> dt.date | None:
    value = raw.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise UserError(f'字段“{key}”应为日期字符串，如 "2026-07-04"')
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UserError(f"字段“{key}”不是有效日期：“{value}”（应为 YYYY-MM-DD）") from None


def _body(value: Any) -> tuple[Paragraph, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise UserError("正文（body）应为段落列表")
    paragraphs: list[Paragraph] = []
    for number, item in enumerate(value, start=1):
        if isinstance(item, str):
            text, level = item.strip(), detect_level(item)
        elif isinstance(item, Mapping):
            extra = set(item) - {"text", "level"}
            if extra:
                raise UserError(f"正文第 {number} 段有未知的字段“{sorted(extra)[0]}”")
            given = item.get("text")
            if not isinstance(given, str):
                raise UserError(f"正文第 {number} 段缺少文字（text 应为字符串）")
            text = given.strip()
            level = item.get("level", detect_level(text))
            if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 4:
                raise UserError(f"正文第 {number} 段的 level 应为 0 到 4 的整数")
        else:
            raise UserError(f'正文第 {number} 段应为字符串或 {{"text", "level"}} 对象')
        if text:
            paragraphs.append(Paragraph(text, level))
    return tuple(paragraphs)
