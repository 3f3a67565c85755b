"""Positioned page items and how they are painted on a reportlab canvas.

Layout code produces pages as lists of these plain items (text at a baseline, rules, boxes,
seals); painting is separate, so pagination can move things between pages before anything is
drawn and tests of the geometry need no canvas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from app.render.fonts import Face
from app.render.layout import BLACK, EM_ASCENT, LINE_PITCH, SEAL_DIAMETER
from app.render.text import LaidLine, Piece


@dataclass(frozen=True, slots=True)
class Text:
    x: float
    baseline: float
    pieces: tuple[Piece, ...]
    char_space: float = 0.0
    color: Color = BLACK


@dataclass(frozen=True, slots=True)
class Rule:
    x1: float
    x2: float
    y: float
    width: float
    color: Color = BLACK


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float  # bottom
    width: float
    height: float
    line_width: float
    color: Color = BLACK


@dataclass(frozen=True, slots=True)
class Seal:
    cx: float
    cy: float
    unit_name: str
    font_name: str
    image: str = ""  # a seal image file instead of the drawn seal
    diameter: float = SEAL_DIAMETER


Item = Text | Rule | Box | Seal


@dataclass(slots=True)
class Page:
    items: list[Item] = field(default_factory=list)
    numbered: bool = True


def em_baseline(face: Face, size: float, em_top_y: float) -> float:
    """The baseline that puts the top of the em box (as PDF readers compute it) at ``em_top_y``."""
    return em_top_y - face.em_top * size


def band_baseline(size: float, band_top: float, height: float = LINE_PITCH) -> float:
    """Baseline of ``size`` text centred (by its ideographic em box) in a band of ``height``."""
    return band_top - (height - size) / 2 - EM_ASCENT * size


def line_text(
    line: LaidLine,
    x0: float,
    band_top: float,
    *,
    height: float = LINE_PITCH,
    color: Color = BLACK,
) -> Text:
    """A laid-out line as a ``Text`` item in the band starting at ``band_top``."""
    size = max(p.size for p in line.pieces)
    return Text(
        x=x0 + line.indent,
        baseline=band_baseline(size, band_top, height),
        pieces=line.pieces,
        char_space=line.char_space,
        color=color,
    )


def paint(canvas: Canvas, items: Sequence[Item]) -> None:
    """Paint one page's items in order (seals last come last in the list: ink on top)."""
    for item in items:
        if isinstance(item, Text):
            obj = canvas.beginText(item.x, item.baseline)
            obj.setFillColor(item.color)
            obj.setCharSpace(item.char_space)
            for piece in item.pieces:
                obj.setFont(piece.face.name, piece.size)
                obj.textOut(piece.text)
            canvas.drawText(obj)
        elif isinstance(item, Rule):
            canvas.setStrokeColor(item.color)
            canvas.setLineWidth(item.width)
            canvas.line(item.x1, item.y, item.x2, item.y)
        elif isinstance(item, Box):
            canvas.setStrokeColor(item.color)
            canvas.setLineWidth(item.line_width)
            canvas.rect(item.x, item.y, item.width, item.height, stroke=1, fill=0)
        else:
            from app.render.seal import draw_seal, draw_seal_image

            if item.image:
                draw_seal_image(canvas, item.image, cx=item.cx, cy=item.cy, diameter=item.diameter)
            else:
                draw_seal(
                    canvas,
                    cx=item.cx,
                    cy=item.cy,
                    unit_name=item.unit_name,
                    diameter=item.diameter,
                    font_name=item.font_name,
                )
