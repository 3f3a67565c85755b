"""The 收文处理单 (processing form of an incoming document) as an A4 PDF table.

    render_processing_form(ProcessingForm(...) or mapping, out) -> page count

The header rows hold the registration data (来文单位, 来文字号, 标题, 收文日期, 收文编号, 密级,
紧急程度, 份数, 办理时限); then every opinion follows in order, consecutive opinions of one role
(拟办意见, 领导批示, 承办意见, 传阅 …) sharing a box. A box longer than the rest of a page
continues on the next one under its label marked （续）: no opinion is ever cut off.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.pdfgen.canvas import Canvas

from app.cli import format_date
from app.config import DocumentFonts
from app.errors import UserError
from app.render.draw import Box, Item, Page, line_text, paint
from app.render.fonts import Face, FontSet, resolve_fonts
from app.render.layout import (
    BODY_SIZE,
    FORM_BLANK_LINES,
    FORM_BORDER,
    FORM_BOTTOM,
    FORM_FOOTER_GAP,
    FORM_FOOTER_SIZE,
    FORM_LABEL_WIDTH,
    FORM_LEADING,
    FORM_MIN_TEXT_SIZE,
    FORM_PADDING,
    FORM_TEXT_SIZE,
    FORM_TITLE_SIZE,
    FORM_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    TYPE_LEFT,
    TYPE_WIDTH,
)
from app.render.text import LaidLine, Run, break_lines, single_line

FORM_TITLE = "收文处理单"
EMPTY_ROLES = ("拟办意见", "领导批示", "办理结果")  # boxes printed on a form with no opinion yet


@dataclass(frozen=True, slots=True)
class FormOpinion:
    """One opinion on the form, in the order it was given."""

    role: str  # 拟办意见 / 领导批示 / 承办意见 / 传阅 …
    person: str  # who gave it
    action: str = ""  # 同意 / 已阅 / 拟办 …
    at: datetime | date | None = None  # when
    text: str = ""  # the opinion itself (may be empty: 已阅)


@dataclass(frozen=True, slots=True)
class ProcessingForm:
    """Input of ``render_processing_form``; every field optional except what a form needs."""

    source_unit: str = ""  # 来文单位
    doc_number: str = ""  # 来文字号
    title: str = ""  # 标题
    received_date: date | None = None  # 收文日期
    receipt_number: str = ""  # 收文编号
    classification: str = ""  # 密级
    urgency: str = ""  # 紧急程度
    copies: int | None = None  # 份数
    deadline: date | None = None  # 办理时限
    opinions: tuple[FormOpinion, ...] = ()
    unit_name: str = ""  # the receiving unit, printed above the title


def render_processing_form(
    data: ProcessingForm | Mapping[str, Any],
    out: Path | str | BinaryIO,
    *,
    fonts: DocumentFonts | None = None,
) -> int:
    """Write the 收文处理单 to ``out`` (a path is written atomically); returns the page count."""
    from app.render.document import write_atomically

    form = data if isinstance(data, ProcessingForm) else parse_processing_form(data)
    font_set = resolve_fonts(fonts)
    pages = lay_out_form(form, font_set)

    def save(fh: BinaryIO) -> None:
        canvas = Canvas(fh, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), initialFontName=font_set.body.name)
        canvas.setTitle(f"{FORM_TITLE}：{form.title}")
        canvas.setCreator("政通办公 ZhengTong Office")
        for page in pages:
            paint(canvas, page.items)
            canvas.showPage()
        canvas.save()

    if isinstance(out, str | Path):
        write_atomically(Path(out), save)
    else:
        save(out)
    return len(pages)


# --- layout ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Cell:
    x: float
    width: float
    lines: list[tuple[LaidLine, float]]  # line and its x offset inside the cell


@dataclass(slots=True)
class _Row:
    cells: list[_Cell]
    continued_label: str = ""  # label of the first cell when the row continues on a new page
    min_lines: int = 1
    height_lines: int = field(init=False)

    def __post_init__(self) -> None:
        self.height_lines = max([self.min_lines, *(len(c.lines) for c in self.cells)])


def lay_out_form(form: ProcessingForm, fonts: FontSet) -> list[Page]:
    rows = _header_rows(form, fonts) + _opinion_rows(form, fonts)
    pages: list[Page] = [Page()]
    y = PAGE_HEIGHT - FORM_TOP
    if form.unit_name:
        pages[0].items.append(_centred(form.unit_name, fonts.body, BODY_SIZE, fonts, y))
        y -= FORM_LEADING * 1.2
    pages[0].items.append(_centred(FORM_TITLE, fonts.title, FORM_TITLE_SIZE, fonts, y))
    y -= FORM_TITLE_SIZE * 2
    bottom = FORM_BOTTOM + FORM_FOOTER_GAP
    for row in rows:
        start = 0
        while start < row.height_lines:
            room = int((y - bottom - 2 * FORM_PADDING) // FORM_LEADING)
            remaining = row.height_lines - start
            if room < min(remaining, 2):  # not even two lines here: continue on a new page
                pages.append(Page())
                y = PAGE_HEIGHT - FORM_TOP
                title = f"{FORM_TITLE}（续）"
                pages[-1].items.append(_centred(title, fonts.title, BODY_SIZE, fonts, y))
                y -= BODY_SIZE * 2
                continue
            take = min(room, remaining)
            label_override = row.continued_label if start > 0 else ""
            pages[-1].items += _row_items(
                row, start=start, take=take, top=y, label_override=label_override, fonts=fonts
            )
            y -= take * FORM_LEADING + 2 * FORM_PADDING
            start += take
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        footer = f"第 {number} 页  共 {total} 页"
        page.items.append(_centred(footer, fonts.body, FORM_FOOTER_SIZE, fonts, FORM_BOTTOM))
    return pages


def _row_items(
    row: _Row, *, start: int, take: int, top: float, label_override: str, fonts: FontSet
) -> list[Item]:
    height = take * FORM_LEADING + 2 * FORM_PADDING
    items: list[Item] = []
    for k, cell in enumerate(row.cells):
        items.append(Box(cell.x, top - height, cell.width, height, FORM_BORDER))
        lines = cell.lines[start : start + take]
        if k == 0 and label_override:
            lines = _cell_lines(label_override, fonts.heiti, cell.width, fonts, centre=True)
        for j, (line, dx) in enumerate(lines[:take]):
            band = top - FORM_PADDING - j * FORM_LEADING
            items.append(line_text(line, cell.x + dx, band, height=FORM_LEADING))
    return items


def _cell_lines(
    text: str,
    face: Face,
    width: float,
    fonts: FontSet,
    *,
    centre: bool = False,
    shrink: bool = False,
) -> list[tuple[LaidLine, float]]:
    """``text`` broken to the cell; ``shrink``: a value just too long for one line is set
    smaller instead of wrapping a 文号 like 〔2026〕45号 before its last character."""
    inner = width - 2 * FORM_PADDING
    size = FORM_TEXT_SIZE
    if shrink:
        one = single_line(text, face, size, fonts)
        if inner < one.ink_width <= inner * size / FORM_MIN_TEXT_SIZE:
            size = size * inner / one.ink_width
    lines = break_lines([Run(text, face, size)], fonts, width=inner, justify=not centre)
    if centre:
        return [(line, FORM_PADDING + (inner - line.ink_width) / 2) for line in lines]
    return [(line, FORM_PADDING) for line in lines]


def _header_rows(form: ProcessingForm, fonts: FontSet) -> list[_Row]:
    label_w = FORM_LABEL_WIDTH
    value_w = (TYPE_WIDTH - 2 * label_w) / 2
    x = [TYPE_LEFT, TYPE_LEFT + label_w, TYPE_LEFT + label_w + value_w]
    x.append(x[2] + label_w)

    def pair_row(a: tuple[str, str], b: tuple[str, str]) -> _Row:
        return _Row(
            [
                _Cell(x[0], label_w, _cell_lines(a[0], fonts.heiti, label_w, fonts, centre=True)),
                _Cell(x[1], value_w, _cell_lines(a[1], fonts.body, value_w, fonts, shrink=True)),
                _Cell(x[2], label_w, _cell_lines(b[0], fonts.heiti, label_w, fonts, centre=True)),
                _Cell(x[3], value_w, _cell_lines(b[1], fonts.body, value_w, fonts, shrink=True)),
            ]
        )

    def day(d: date | None) -> str:
        return format_date(d) if d else ""

    title_w = TYPE_WIDTH - label_w
    return [
        pair_row(("来文单位", form.source_unit), ("来文字号", form.doc_number)),
        _Row(
            [
                _Cell(x[0], label_w, _cell_lines("标题", fonts.heiti, label_w, fonts, centre=True)),
                _Cell(x[1], title_w, _cell_lines(form.title, fonts.body, title_w, fonts)),
            ],
            min_lines=2,
        ),
        pair_row(("收文日期", day(form.received_date)), ("收文编号", form.receipt_number)),
        pair_row(("密级", form.classification), ("紧急程度", form.urgency)),
        pair_row(
            ("份数", "" if form.copies is None else str(form.copies)),
            ("办理时限", day(form.deadline)),
        ),
    ]


def _opinion_rows(form: ProcessingForm, fonts: FontSet) -> list[_Row]:
    label_w = FORM_LABEL_WIDTH
    text_w = TYPE_WIDTH - label_w
    x_text = TYPE_LEFT + label_w
    groups: list[tuple[str, list[FormOpinion]]] = []
    for opinion in form.opinions:
        if groups and groups[-1][0] == opinion.role:
            groups[-1][1].append(opinion)
        else:
            groups.append((opinion.role, [opinion]))
    if not groups:
        groups = [(role, []) for role in EMPTY_ROLES]
    rows: list[_Row] = []
    for role, opinions in groups:
        lines: list[tuple[LaidLine, float]] = []
        for opinion in opinions:
            if opinion.text:
                lines += _cell_lines(opinion.text, fonts.kaiti, text_w, fonts)
            sign = single_line(_signature(opinion), fonts.body, FORM_TEXT_SIZE, fonts)
            lines.append((sign, text_w - FORM_PADDING - sign.ink_width))
        label = _cell_lines(role, fonts.heiti, label_w, fonts, centre=True)
        rows.append(
            _Row(
                [_Cell(TYPE_LEFT, label_w, label), _Cell(x_text, text_w, lines)],
                continued_label=f"{role}（续）",
                min_lines=FORM_BLANK_LINES if not opinions else 1,
            )
        )
    return rows


def _signature(opinion: FormOpinion) -> str:
    when = ""
    if isinstance(opinion.at, datetime):
        when = format_date(opinion.at.date()) + opinion.at.strftime(" %H:%M")
    elif isinstance(opinion.at, date):
        when = format_date(opinion.at)
    return "\u3000".join(part for part in (opinion.person, opinion.action, when) if part)


def _centred(text: str, face: Face, size: float, fonts: FontSet, top: float) -> Item:
    line = single_line(text, face, size, fonts)
    x = TYPE_LEFT + (TYPE_WIDTH - line.ink_width) / 2
    return line_text(line, x, top, height=size * 1.2)


# --- input ------------------------------------------------------------------------------------


def parse_processing_form(raw: Mapping[str, Any]) -> ProcessingForm:
    """A ``ProcessingForm`` from JSON-like data; ``UserError`` naming the faulty field."""
    if not isinstance(raw, Mapping):
        raise UserError("收文处理单数据应为 JSON 对象")
    names = set(ProcessingForm.__dataclass_fields__)
    unknown = sorted(set(raw) - names)
    if unknown:
        raise UserError(f"收文处理单没有字段“{unknown[0]}”")
    values: dict[str, Any] = {}
    for key in names - {"received_date", "deadline", "copies", "opinions"}:
        value = raw.get(key, "")
        if not isinstance(value, str):
            raise UserError(f"收文处理单字段“{key}”应为字符串")
        values[key] = value.strip()
    values["received_date"] = _form_date(raw.get("received_date"), "received_date")
    values["deadline"] = _form_date(raw.get("deadline"), "deadline")
    copies = raw.get("copies")
    if copies is not None and (isinstance(copies, bool) or not isinstance(copies, int)):
        raise UserError("收文处理单字段“copies”（份数）应为整数")
    values["copies"] = copies
    opinions = raw.get("opinions") or []
    if not isinstance(opinions, list):
        raise UserError("收文处理单字段“opinions”应为意见列表")
    values["opinions"] = tuple(_opinion(o, n) for n, o in enumerate(opinions, start=1))
    return ProcessingForm(**values)


def _opinion(raw: Any, number: int) -> FormOpinion:
    if not isinstance(raw, Mapping):
        raise UserError(f"第 {number} 条意见应为对象")
    fields = {k: raw.get(k, "") for k in ("role", "person", "action", "text")}
    if not all(isinstance(v, str) for v in fields.values()):
        raise UserError(f"第 {number} 条意见的 role、person、action、text 应为字符串")
    if not fields["role"].strip():
        raise UserError(f"第 {number} 条意见缺少类别（role，如“领导批示”）")
    at = raw.get("at")
    when: datetime | date | None = None
    if at:
        if not isinstance(at, str):
            raise UserError(f"第 {number} 条意见的时间（at）应为 ISO 日期时间字符串")
        try:
            when = datetime.fromisoformat(at) if "T" in at or " " in at else date.fromisoformat(at)
        except ValueError:
            raise UserError(f"第 {number} 条意见的时间无效：“{at}”") from None
    return FormOpinion(
        role=fields["role"].strip(),
        person=fields["person"].strip(),
        action=fields["action"].strip(),
        at=when,
        text=fields["text"].strip(),
    )


def _form_date(value: Any, key: str) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise UserError(f"收文处理单字段“{key}”应为日期字符串（YYYY-MM-DD）")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"收文处理单字段“{key}”不是有效日期：“{value}”") from None
