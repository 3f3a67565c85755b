"""The round red unit seal (公章) on a reportlab canvas: drawn from the unit name, or an image.

The drawn seal follows the usual government pattern: a red ring, a five-pointed star in the
centre, the unit name along the upper arc reading clockwise, optional text under the star (e.g.
合同专用章). It is painted with the Multiply blend mode, like ink: black text under the seal stays
legible, as on paper, and text extraction still finds it.

Other code (the signing step, previews) calls ``draw_seal`` / ``draw_seal_image`` with a centre
and a diameter in points.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import IO

from reportlab.lib.colors import Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from app.errors import UserError
from app.render.layout import RED, SEAL_DIAMETER

# Proportions of a 42 mm seal, as fractions of the diameter.
RING_WIDTH = 0.035
STAR_RADIUS = 0.19
NAME_SIZE = 0.15
NAME_MARGIN = 0.045  # between the ring's inner edge and the tops of the name's characters
CENTER_TEXT_SIZE = 0.085
CENTER_TEXT_DROP = 0.30  # baseline of the text under the star, below the centre
# The name spreads over at most this arc; short names get ~22° per character.
MAX_ARC_DEG = 250.0
MIN_ARC_DEG = 150.0
DEG_PER_CHAR = 22.0


def draw_seal(
    canvas: Canvas,
    *,
    cx: float,
    cy: float,
    unit_name: str,
    diameter: float = SEAL_DIAMETER,
    center_text: str = "",
    font_name: str | None = None,
    color: Color = RED,
) -> None:
    """Draw a round seal centred on (cx, cy); ``font_name`` is a registered reportlab font."""
    if font_name is None:
        from app.render.fonts import resolve_fonts

        font_name = resolve_fonts().song.name
    radius = diameter / 2
    canvas.saveState()
    canvas.setBlendMode("Multiply")
    canvas.setStrokeColor(color)
    canvas.setFillColor(color)
    ring = diameter * RING_WIDTH
    canvas.setLineWidth(ring)
    canvas.circle(cx, cy, radius - ring / 2, stroke=1, fill=0)
    _star(canvas, cx, cy, diameter * STAR_RADIUS)
    _arc_text(
        canvas,
        cx=cx,
        cy=cy,
        text=unit_name,
        inner_radius=radius - ring,
        diameter=diameter,
        font_name=font_name,
    )
    if center_text:
        size = diameter * CENTER_TEXT_SIZE
        canvas.setFont(font_name, size)
        canvas.drawCentredString(cx, cy - diameter * CENTER_TEXT_DROP, center_text)
    canvas.restoreState()


def draw_seal_image(
    canvas: Canvas,
    image: str | Path | IO[bytes],
    *,
    cx: float,
    cy: float,
    diameter: float = SEAL_DIAMETER,
) -> None:
    """Draw an uploaded seal image (PNG with transparency) fitted in a ``diameter`` square."""
    try:
        reader = ImageReader(str(image) if isinstance(image, Path) else image)
        width, height = reader.getSize()
    except Exception as exc:  # PIL raises many types for a bad file; all mean the same to a user
        raise UserError(f"印章图片无法读取：{exc}") from exc
    scale = diameter / max(width, height)
    w, h = width * scale, height * scale
    canvas.saveState()
    canvas.setBlendMode("Multiply")
    # mask="auto" keeps the PNG's alpha channel, so the paper (and text) shows through.
    canvas.drawImage(reader, cx - w / 2, cy - h / 2, w, h, mask="auto")
    canvas.restoreState()


def _star(canvas: Canvas, cx: float, cy: float, outer: float) -> None:
    inner = outer * 0.382  # the regular pentagram's inner/outer radius ratio
    path = canvas.beginPath()
    for k in range(10):
        r = outer if k % 2 == 0 else inner
        angle = math.radians(90 + 36 * k)
        x, y = cx + r * math.cos(angle), cy + r * math.sin(angle)
        if k == 0:
            path.moveTo(x, y)
        else:
            path.lineTo(x, y)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def _arc_text(
    canvas: Canvas,
    *,
    cx: float,
    cy: float,
    text: str,
    inner_radius: float,
    diameter: float,
    font_name: str,
) -> None:
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return
    size = diameter * NAME_SIZE
    # Baseline circle: the characters' tops sit just inside the ring.
    base_radius = inner_radius - diameter * NAME_MARGIN - size * 0.85
    span = min(MAX_ARC_DEG, max(MIN_ARC_DEG, DEG_PER_CHAR * len(chars)))
    step = span / len(chars)
    # Long names are narrowed rather than shrunk: seals keep the glyph height and condense.
    room = math.radians(step) * (base_radius + size * 0.4)
    squeeze = min(1.0, room / (size * 1.02))
    canvas.setFont(font_name, size)
    # A thin stroke around the fill gives the engraved weight of seal lettering.
    canvas.setLineWidth(size * 0.03)
    start = 90 + span / 2 - step / 2
    for k, ch in enumerate(chars):
        angle = start - k * step
        rad = math.radians(angle)
        canvas.saveState()
        canvas.translate(cx + base_radius * math.cos(rad), cy + base_radius * math.sin(rad))
        canvas.rotate(angle - 90)
        canvas.scale(squeeze, 1.0)
        text_obj = canvas.beginText(0, 0)
        text_obj.setTextRenderMode(2)  # fill and stroke
        text_obj.setFont(font_name, size)
        width = canvas.stringWidth(ch, font_name, size)
        text_obj.setTextOrigin(-width / 2, 0)
        text_obj.textOut(ch)
        canvas.drawText(text_obj)
        canvas.restoreState()
