"""The 版头 of page 1 for each layout: 份号/密级/紧急程度, the red 发文机关标志, 发文字号/签发人,
the red separator (or the 信函 double rules), and where the flowing content then starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.render.draw import Item, Rule, Text, band_baseline, em_baseline, line_text
from app.render.fonts import FontSet
from app.render.layout import (
    BODY_CHAR_SPACE,
    BODY_SIZE,
    HEADER_INDENT,
    JOINT_LINE_GAP,
    LETTER_BOTTOM_RULE_FROM_SHEET,
    LETTER_FIRST_ELEMENT_GAP,
    LETTER_RULE_BELOW_MARK,
    LETTER_RULE_LENGTH,
    LETTER_RULE_SPACING,
    LETTER_RULE_THICK,
    LETTER_RULE_THIN,
    LINE_PITCH,
    MARK_SIZE_MAX,
    MARK_TOP_LETTER,
    MARK_TOP_ORDER,
    MARK_TOP_STANDARD,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RED,
    SEPARATOR_GAP,
    SEPARATOR_WIDTH,
    TYPE_LEFT,
    TYPE_RIGHT,
    TYPE_TOP,
    TYPE_WIDTH,
)
from app.render.schema import DocumentSpec
from app.render.text import LaidLine, single_line

# Space between the stacked names of a joint issue and the 文件 beside them, × mark size.
JOINT_SUFFIX_GAP = 0.5
SIGNER_LABEL = "签发人："


@dataclass(slots=True)
class Header:
    items: list[Item] = field(default_factory=list)
    flow_top: float = TYPE_TOP  # top of the first band of flowing content on page 1


def build_header(spec: DocumentSpec, fonts: FontSet) -> Header:
    if spec.layout == "letter":
        return _letter_header(spec, fonts)
    header = Header()
    header.items += _corner_elements(spec, fonts, TYPE_TOP, x_left=TYPE_LEFT)
    mark_top = TYPE_TOP - (MARK_TOP_ORDER if spec.layout == "order" else MARK_TOP_STANDARD)
    items, mark_bottom = _mark(spec, fonts, mark_top)
    header.items += items
    number_band = mark_bottom - 2 * LINE_PITCH  # two blank lines below the 标志
    if spec.layout == "order":
        if spec.doc_number:
            line = single_line(spec.doc_number, fonts.body, BODY_SIZE, fonts, BODY_CHAR_SPACE)
            header.items.append(_centred(line, number_band))
        header.flow_top = number_band - 3 * LINE_PITCH  # 正文 two blank lines below the 令号
        return header
    last_band = number_band
    if spec.signers:
        signer_items, last_band = _signers(spec, fonts, number_band)
        header.items += signer_items
    if spec.doc_number:
        line = single_line(spec.doc_number, fonts.body, BODY_SIZE, fonts, BODY_CHAR_SPACE)
        if spec.signers:  # 上行文: flush left, indented 1 字, on the last 签发人 line
            header.items.append(line_text(line, TYPE_LEFT + HEADER_INDENT, last_band))
        else:
            header.items.append(_centred(line, last_band))
    number_bottom = last_band - (LINE_PITCH - BODY_SIZE) / 2 - BODY_SIZE
    separator = number_bottom - SEPARATOR_GAP
    header.items.append(Rule(TYPE_LEFT, TYPE_RIGHT, separator, SEPARATOR_WIDTH, RED))
    header.flow_top = separator - 2 * LINE_PITCH  # title two blank lines below the separator
    return header


def _corner_elements(
    spec: DocumentSpec, fonts: FontSet, first_band: float, *, x_left: float
) -> list[Item]:
    """份号, 密级★期限, 紧急程度 flush left on consecutive lines from ``first_band``."""
    rows = [
        (spec.copy_number, fonts.body),
        (spec.classification_line, fonts.heiti),
        (spec.urgency, fonts.heiti),
    ]
    items: list[Item] = []
    band = first_band
    for text, face in rows:
        if text:
            line = single_line(text, face, BODY_SIZE, fonts, BODY_CHAR_SPACE)
            items.append(line_text(line, x_left, band))
            band -= LINE_PITCH
    return items


def _mark(spec: DocumentSpec, fonts: FontSet, top: float) -> tuple[list[Item], float]:
    """The red 发文机关标志 with its em box top at ``top``; returns the items and its bottom."""
    if len(spec.issuers) > 1 and not spec.issuer_mark and spec.layout != "order":
        suffix = {"standard": "文件", "minutes": "纪要"}.get(spec.layout, "")
        return _joint_mark(spec.issuers, suffix, fonts, top)
    unit = single_line(spec.mark, fonts.title, 1.0, fonts)
    size = min(MARK_SIZE_MAX, TYPE_WIDTH / max(unit.ink_width, 1e-6))
    line = single_line(spec.mark, fonts.title, size, fonts)
    x = TYPE_LEFT + (TYPE_WIDTH - line.ink_width) / 2
    baseline = em_baseline(fonts.title, size, top)
    return [Text(x, baseline, line.pieces, color=RED)], top - size


def _joint_mark(
    names: tuple[str, ...], suffix: str, fonts: FontSet, top: float
) -> tuple[list[Item], float]:
    """Joint issue: names stacked (each spread to the longest), 文件 to the right, centred."""
    face = fonts.title
    unit_lines = [single_line(n, face, 1.0, fonts) for n in names]
    names_w = max(line.ink_width for line in unit_lines)
    suffix_w = single_line(suffix, face, 1.0, fonts).ink_width if suffix else 0.0
    gap = JOINT_SUFFIX_GAP if suffix else 0.0
    size = min(MARK_SIZE_MAX, TYPE_WIDTH / (names_w + gap + suffix_w))
    block_w = (names_w + gap + suffix_w) * size
    left = TYPE_LEFT + (TYPE_WIDTH - block_w) / 2
    pitch = size * (1 + JOINT_LINE_GAP)
    items: list[Item] = []
    for k, name in enumerate(names):
        line = single_line(name, face, size, fonts)
        count = sum(len(p.text) for p in line.pieces)
        # Spread shorter names to the width of the longest, so the stack is a clean block.
        spread = (names_w * size - line.ink_width) / (count - 1) if count > 1 else 0.0
        x = left if count > 1 else left + (names_w * size - line.ink_width) / 2
        baseline = em_baseline(face, size, top - k * pitch)
        items.append(Text(x, baseline, line.pieces, char_space=spread, color=RED))
    bottom = top - (len(names) - 1) * pitch - size
    if suffix:
        line = single_line(suffix, face, size, fonts)
        centre = (top + bottom) / 2
        baseline = em_baseline(face, size, centre + size / 2)
        items.append(Text(left + (names_w + gap) * size, baseline, line.pieces, color=RED))
    return items, bottom


def _signers(spec: DocumentSpec, fonts: FontSet, first_band: float) -> tuple[list[Item], float]:
    """签发人：name name — right-indented 1 字, two names a line, wrapped names aligned."""
    label = single_line(SIGNER_LABEL, fonts.body, BODY_SIZE, fonts, BODY_CHAR_SPACE)
    rows = [spec.signers[i : i + 2] for i in range(0, len(spec.signers), 2)]
    row_lines = [
        single_line("\u3000".join(row), fonts.kaiti, BODY_SIZE, fonts, BODY_CHAR_SPACE)
        for row in rows
    ]
    names_w = max(line.ink_width for line in row_lines)
    names_x = TYPE_RIGHT - HEADER_INDENT - names_w
    items: list[Item] = [line_text(label, names_x - label.width, first_band)]
    band = first_band
    for k, line in enumerate(row_lines):
        band = first_band - k * LINE_PITCH
        items.append(line_text(line, names_x, band))
    return items, band


def _centred(line: LaidLine, band_top: float) -> Text:
    return line_text(line, TYPE_LEFT + (TYPE_WIDTH - line.ink_width) / 2, band_top)


def _letter_header(spec: DocumentSpec, fonts: FontSet) -> Header:
    """信函: 标志 30 mm from the sheet top, double rules, elements under them, bottom rules."""
    header = Header()
    items, mark_bottom = _mark(spec, fonts, PAGE_HEIGHT - MARK_TOP_LETTER)
    header.items += items
    x1 = (PAGE_WIDTH - LETTER_RULE_LENGTH) / 2
    x2 = x1 + LETTER_RULE_LENGTH
    thick_y = mark_bottom - LETTER_RULE_BELOW_MARK - LETTER_RULE_THICK / 2
    thin_y = thick_y - LETTER_RULE_THICK / 2 - LETTER_RULE_SPACING - LETTER_RULE_THIN / 2
    header.items += [
        Rule(x1, x2, thick_y, LETTER_RULE_THICK, RED),
        Rule(x1, x2, thin_y, LETTER_RULE_THIN, RED),
    ]
    # The bottom pair, thin over thick, 20 mm above the sheet bottom (page 1 only).
    low_thick = LETTER_BOTTOM_RULE_FROM_SHEET + LETTER_RULE_THICK / 2
    low_thin = low_thick + LETTER_RULE_THICK / 2 + LETTER_RULE_SPACING + LETTER_RULE_THIN / 2
    header.items += [
        Rule(x1, x2, low_thick, LETTER_RULE_THICK, RED),
        Rule(x1, x2, low_thin, LETTER_RULE_THIN, RED),
    ]
    # The first element's em box starts 7/8 of a 3号 character below the lower rule.
    first_top = thin_y - LETTER_RULE_THIN / 2 - LETTER_FIRST_ELEMENT_GAP
    first_band = first_top + (LINE_PITCH - BODY_SIZE) / 2
    corner = _corner_elements(spec, fonts, first_band, x_left=TYPE_LEFT)
    header.items += corner
    rows = max(len(corner), 1 if spec.doc_number else 0)
    if spec.doc_number:
        line = single_line(spec.doc_number, fonts.body, BODY_SIZE, fonts, BODY_CHAR_SPACE)
        baseline = band_baseline(BODY_SIZE, first_band)
        header.items.append(
            Text(TYPE_RIGHT - line.ink_width, baseline, line.pieces, BODY_CHAR_SPACE)
        )
    last_bottom = first_band - rows * LINE_PITCH if rows else thin_y
    header.flow_top = last_bottom - 2 * LINE_PITCH  # title two lines below the last element
    return header
