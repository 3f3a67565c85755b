"""The round red seal, drawn from a unit name or placed from a transparent PNG."""

from __future__ import annotations

import math
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image, ImageDraw
from reportlab.pdfgen.canvas import Canvas

from app.render.layout import MM as PT_PER_MM
from app.render.seal import draw_seal, draw_seal_image
from tests.render.conftest import Renderer, base_document
from tests.render.helpers import MM, is_red, plain_paragraph, red_chars, text_lines

CX, CY = 105 * PT_PER_MM, 150 * PT_PER_MM  # the seal's centre: 105 mm across, 147 mm down


def drawn_seal(tmp_path: Path, unit_name: str, center_text: str = "") -> Path:
    path = tmp_path / "seal.pdf"
    canvas = Canvas(str(path), pagesize=(210 * PT_PER_MM, 297 * PT_PER_MM))
    draw_seal(canvas, cx=CX, cy=CY, unit_name=unit_name, center_text=center_text)
    canvas.showPage()
    canvas.save()
    return path


def test_seal_has_ring_star_and_name_on_the_upper_arc(tmp_path: Path) -> None:
    path = drawn_seal(tmp_path, unit_name="塔河县人民政府办公室", center_text="合同专用章")
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        curves = page.curves
        chars = red_chars(page)
    assert curves and all(
        is_red(c["stroking_color"]) or is_red(c["non_stroking_color"]) for c in curves
    )
    ring = max(curves, key=lambda c: c["width"])
    star = min(curves, key=lambda c: c["width"])
    cx = (ring["x0"] + ring["x1"]) / 2 / MM
    cy = (ring["top"] + ring["bottom"]) / 2 / MM
    assert (cx, cy) == pytest.approx((105, 147), abs=0.2)
    assert ring["width"] / MM + ring["linewidth"] / MM == pytest.approx(42, abs=0.3)
    assert not ring["fill"] and star["fill"]  # a ring, and a solid star in the centre
    assert (star["x0"] + star["x1"]) / 2 / MM == pytest.approx(cx, abs=0.5)
    assert star["width"] / MM == pytest.approx(42 * 0.19 * 2 * 0.951, abs=1)
    name = [c for c in chars if c["size"] > 15]
    assert "".join(c["text"] for c in name) == "塔河县人民政府办公室"
    radii = []
    for char in name:
        x = (char["x0"] + char["x1"]) / 2 / MM
        y = (char["top"] + char["bottom"]) / 2 / MM
        radii.append(math.hypot(x - cx, y - cy))
        assert y < cy + 5  # the upper arc (y grows downwards)
        assert math.hypot(x - cx, y - cy) < 21
    assert max(radii) - min(radii) < 3  # on one circle
    xs = [(c["x0"] + c["x1"]) / 2 for c in name]
    assert xs == sorted(xs)  # reading clockwise from the left
    under = "".join(c["text"] for c in chars if c["size"] <= 15)
    assert under == "合同专用章"


def test_seal_image_keeps_its_transparency(tmp_path: Path) -> None:
    png = tmp_path / "seal.png"
    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((10, 10, 390, 390), outline=(230, 0, 18, 255), width=16)
    image.save(png)
    path = tmp_path / "image.pdf"
    canvas = Canvas(str(path), pagesize=(210 * PT_PER_MM, 297 * PT_PER_MM))
    draw_seal_image(canvas, png, cx=CX, cy=CY)
    canvas.showPage()
    canvas.save()
    with pdfplumber.open(path) as pdf:
        (placed,) = pdf.pages[0].images
    assert placed["width"] / MM == pytest.approx(42, abs=0.2)
    assert (placed["x0"] + placed["x1"]) / 2 / MM == pytest.approx(105, abs=0.2)
    assert "SMask" in placed["stream"].attrs  # the alpha channel travels with it


def test_document_seal_image_replaces_the_drawn_seal(tmp_path: Path, render_doc: Renderer) -> None:
    png = tmp_path / "unit.png"
    Image.new("RGBA", (300, 300), (230, 0, 18, 128)).save(png)
    doc = base_document(body=[plain_paragraph(3)], seal=True, seal_image=str(png))
    path = render_doc(doc)
    with pdfplumber.open(path) as pdf:
        page = next(p for p in pdf.pages if p.images)
        (placed,) = page.images
        assert not page.curves  # no drawn seal as well
        unit = next(line for line in text_lines(page) if line.text == "塔河县人民政府")
    assert placed["x0"] / MM < unit.x0 and unit.x1 < placed["x1"] / MM
    assert placed["top"] / MM < unit.top and unit.bottom < placed["bottom"] / MM
