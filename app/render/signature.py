"""发文机关署名, 成文日期 and the seal (or the 签名章 of an order) as one kept-together block.

Each block carries ``keep_previous=1``: when it does not fit on the page, the last 正文 line
moves with it, because a page holding only a signature (此页无正文) is not allowed.
"""

from __future__ import annotations

import math

from app.cli import format_date
from app.render.draw import Box, Item, Seal, line_text
from app.render.flow import Block
from app.render.fonts import FontSet
from app.render.layout import (
    BLACK,
    BODY_CHAR_SPACE,
    BODY_SIZE,
    CHAR_PITCH,
    EM_ASCENT,
    LINE_PITCH,
    RED,
    SEAL_DIAMETER,
    SEAL_GAP,
    SEAL_RISE,
    SEALED_DATE_RIGHT,
    STAMP_RIGHT,
    STAMP_SIZE,
    STAMP_TITLE_GAP,
    TYPE_LEFT,
    TYPE_RIGHT,
    UNSEALED_DATE_SHIFT,
    UNSEALED_RIGHT,
)
from app.render.schema import DocumentSpec
from app.render.text import LaidLine, single_line

SEALS_PER_ROW = 3
# Lines from one row of 署名 to the next, so the seals of a joint issue never touch.
ROW_LINES = math.ceil((SEAL_DIAMETER + SEAL_GAP) / LINE_PITCH)
STAMP_PADDING = 3.0  # between a 签名章's name and its frame


def signature_blocks(spec: DocumentSpec, fonts: FontSet) -> list[Block]:
    if spec.layout == "order" and spec.signers:
        return [_stamp_block(spec, fonts)]
    if spec.seal:
        return [_sealed_block(spec, fonts)]
    if spec.units or spec.date:
        return [_unsealed_block(spec, fonts)]
    return []


def _body_line(text: str, fonts: FontSet) -> LaidLine:
    return single_line(text, fonts.body, BODY_SIZE, fonts, BODY_CHAR_SPACE)


def _date_line(spec: DocumentSpec, fonts: FontSet) -> LaidLine | None:
    return _body_line(format_date(spec.date), fonts) if spec.date else None


def _sealed_block(spec: DocumentSpec, fonts: FontSet) -> Block:
    """Date right-indented 4 字, each 署名 centred above it, the seal pressing both.

    The seal's centre sits just above the 署名, so 署名 and date lie in its lower half, and its
    top comes within one line of the 正文 (two blank lines above the 署名).
    Joint issues put up to three 署名 a row (fewer when long names need the room),
    right-aligned, the last one over the date.
    """
    date_line = _date_line(spec, fonts)
    assert date_line is not None  # parse_spec requires a date on sealed documents
    names = [_body_line(unit, fonts) for unit in spec.units]
    date_x = TYPE_RIGHT - SEALED_DATE_RIGHT - date_line.ink_width
    date_cx = date_x + date_line.ink_width / 2
    # Neighbouring seals must not touch, nor their 署名 run into each other.
    widest = max(n.ink_width for n in names)
    step = max(SEAL_DIAMETER + SEAL_GAP, widest + CHAR_PITCH)
    reach = max(SEAL_DIAMETER, widest) / 2  # a column's half-width
    per_row = max(1, min(SEALS_PER_ROW, 1 + int((date_cx - TYPE_LEFT - reach) // step)))
    rows = [
        list(zip(spec.units[i : i + per_row], names[i : i + per_row], strict=True))
        for i in range(0, len(names), per_row)
    ]
    lines = 2 + (len(rows) - 1) * ROW_LINES + 2

    def build(top: float) -> list[Item]:
        items: list[Item] = []
        seals: list[Item] = []
        for r, row in enumerate(rows):
            band = top - (2 + r * ROW_LINES) * LINE_PITCH
            for k, (unit, name) in enumerate(row):
                cx = date_cx - (len(row) - 1 - k) * step
                x = min(cx - name.ink_width / 2, TYPE_RIGHT - name.ink_width)
                items.append(line_text(name, max(x, TYPE_LEFT), band))
                cy = band - (LINE_PITCH - BODY_SIZE) / 2 + SEAL_RISE
                image = spec.seal_image if (r, k) == (0, 0) else ""
                seals.append(Seal(cx, cy, unit, fonts.song.name, image))
        items.append(line_text(date_line, date_x, top - (lines - 1) * LINE_PITCH))
        return items + seals  # seals last: the ink lies on top of the text

    return Block(lines * LINE_PITCH, build, keep_previous=1)


def _unsealed_block(spec: DocumentSpec, fonts: FontSet) -> Block:
    """署名 one line below the 正文, right-indented 2 字; the date starts 2 字 further right."""
    names = [_body_line(unit, fonts) for unit in spec.units]
    date_line = _date_line(spec, fonts)
    right = TYPE_RIGHT - UNSEALED_RIGHT
    names_x = right - max((n.ink_width for n in names), default=0.0)
    date_x = names_x + UNSEALED_DATE_SHIFT
    if date_line is not None and (not names or date_x + date_line.ink_width > right):
        # A date longer than the 署名: the date keeps 2 字 on the right, the 署名 moves left.
        date_x = right - date_line.ink_width
        names_x = date_x - UNSEALED_DATE_SHIFT
    lines = 1 + len(names) + (1 if date_line else 0)

    def build(top: float) -> list[Item]:
        items: list[Item] = []
        for k, name in enumerate(names, start=1):
            items.append(line_text(name, names_x, top - k * LINE_PITCH))
        if date_line is not None:
            items.append(line_text(date_line, date_x, top - (lines - 1) * LINE_PITCH))
        return items

    return Block(lines * LINE_PITCH, build, keep_previous=1)


def _stamp_block(spec: DocumentSpec, fonts: FontSet) -> Block:
    """命令: 签名章 two lines below, right-indented 4 字, 职务 2 字 to its left, date below."""
    *title_words, name = spec.signers[0].split()
    stamp = single_line(name, fonts.kaiti, STAMP_SIZE, fonts)
    stamp_x = TYPE_RIGHT - STAMP_RIGHT - stamp.ink_width
    title = _body_line(" ".join(title_words), fonts) if title_words else None
    date_line = _date_line(spec, fonts)
    lines = 3 + (2 if date_line else 0)
    color = RED if spec.seal else BLACK

    def build(top: float) -> list[Item]:
        band = top - 2 * LINE_PITCH
        stamp_text = line_text(stamp, stamp_x, band, color=color)
        items: list[Item] = [stamp_text]
        if spec.seal:
            low = stamp_text.baseline - (1 - EM_ASCENT) * STAMP_SIZE - STAMP_PADDING
            items.append(
                Box(
                    stamp_x - STAMP_PADDING,
                    low,
                    stamp.ink_width + 2 * STAMP_PADDING,
                    STAMP_SIZE + 2 * STAMP_PADDING,
                    1.5,
                    RED,
                )
            )
        if title is not None:
            items.append(line_text(title, stamp_x - STAMP_TITLE_GAP - title.ink_width, band))
        if date_line is not None:
            date_x = TYPE_RIGHT - STAMP_RIGHT - date_line.ink_width
            items.append(line_text(date_line, date_x, band - 2 * LINE_PITCH))
        return items

    return Block(lines * LINE_PITCH, build, keep_previous=1)
