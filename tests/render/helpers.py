"""Reading rendered PDFs back with pdfplumber: lines of text, red objects, fonts, positions.

Positions are converted to millimetres from the sheet's top-left corner, the way GB/T 9704
states them (pdfplumber's ``top``/``bottom`` already count from the top).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdftypes import resolve1

MM = 72 / 25.4
TYPE_LEFT_MM = 28.0
TYPE_TOP_MM = 37.0
TYPE_RIGHT_MM = 210.0 - 26.0
TYPE_BOTTOM_MM = 297.0 - 35.0
LINE_PITCH_MM = 225 / 22
CHAR_PITCH_MM = 156 / 28

# Common characters for body text that breaks into exactly 28 characters a line.
HANZI = (
    "国务院办公厅关于进一步加强基层治理体系和治理能力现代化建设的意见各地区各部门要坚持"
    "以人民为中心的发展思想健全工作机制推动服务管理精细化智能化规范化不断增强群众获得感"
)


def plain_paragraph(lines: int, offset: int = 0) -> str:
    """A paragraph of ``lines`` grid lines: 26 字 after the indent, then 28 a line, no
    punctuation until the final 。 (so no 禁则 adjustment can shorten a line)."""
    count = 26 + 28 * (lines - 1) - 1
    chars = [HANZI[(offset + k) % len(HANZI)] for k in range(count)]
    return "".join(chars) + "。"


def long_body(paragraphs: int = 12, lines_each: int = 6) -> list[str]:
    return [plain_paragraph(lines_each, offset=7 * k) for k in range(paragraphs)]


@dataclass(frozen=True)
class Line:
    chars: list[dict[str, Any]]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def top(self) -> float:
        return min(c["top"] for c in self.chars) / MM

    @property
    def bottom(self) -> float:
        return max(c["bottom"] for c in self.chars) / MM

    @property
    def x0(self) -> float:
        return min(c["x0"] for c in self.chars) / MM

    @property
    def x1(self) -> float:
        return max(c["x1"] for c in self.chars) / MM

    @property
    def baseline(self) -> float:
        """Distance of the baseline from the sheet top (mm): the text matrix's origin."""
        return 297.0 - self.chars[0]["matrix"][5] / MM

    @property
    def centre(self) -> float:
        """Middle of the em box (mm from the top): compares lines of different sizes."""
        return (self.top + self.bottom) / 2


def text_lines(page: Any) -> list[Line]:
    """The page's characters grouped by baseline (within 1 pt), top to bottom, left to right.

    Spaces are left out: ``text`` compares the visible characters.
    """
    rows: dict[float, list[dict[str, Any]]] = {}
    for char in page.chars:
        if char["text"].isspace():
            continue
        y = char["matrix"][5]
        key = next((k for k in rows if abs(k - y) < 1.0), y)
        rows.setdefault(key, []).append(char)
    return [Line(sorted(rows[k], key=lambda c: c["x0"])) for k in sorted(rows, reverse=True)]


def is_red(color: Any) -> bool:
    if not color or len(color) != 3:
        return False
    r, g, b = color
    return r > 0.8 and g < 0.2 and b < 0.2


def red_chars(page: Any) -> list[dict[str, Any]]:
    return [c for c in page.chars if is_red(c["non_stroking_color"])]


def red_graphics(page: Any) -> list[dict[str, Any]]:
    """Lines, rects and curves painted red (stroke or fill)."""
    return [
        obj
        for obj in [*page.lines, *page.rects, *page.curves]
        if is_red(obj.get("stroking_color")) or is_red(obj.get("non_stroking_color"))
    ]


def page_number_text(page: Any) -> tuple[str, float, float] | None:
    """("— N —" without spaces, x0 mm, x1 mm) from below the 版心, or None."""
    below = TYPE_BOTTOM_MM + 3
    chars = [c for c in page.chars if c["top"] / MM > below and not c["text"].isspace()]
    if not chars:
        return None
    chars.sort(key=lambda c: c["x0"])
    return (
        "".join(c["text"] for c in chars),
        chars[0]["x0"] / MM,
        chars[-1]["x1"] / MM,
    )


def font_embedding(path: Path) -> dict[str, bool]:
    """BaseFont → whether its glyphs are embedded, for every font any page references."""
    found: dict[str, bool] = {}
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            resources = resolve1(page.page_obj.resources) or {}
            fonts = resolve1(resources.get("Font")) or {}
            for ref in fonts.values():
                font = resolve1(ref)
                found[str(resolve1(font.get("BaseFont")))] = _is_embedded(font)
    return found


def _is_embedded(font: dict[str, Any]) -> bool:
    """The font (or its CID descendant) carries its glyphs: FontFile, FontFile2 or FontFile3."""
    if "DescendantFonts" in font:
        descendants = resolve1(font["DescendantFonts"])
        return all(_is_embedded(resolve1(d)) for d in descendants)
    descriptor = resolve1(font.get("FontDescriptor"))
    if not descriptor:
        return False  # a standard-14 or unembedded font: the reader substitutes its own
    return any(key in descriptor for key in ("FontFile", "FontFile2", "FontFile3"))
