"""Font discovery by family name, admin mappings, and refusing what cannot be embedded."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from app.config import DocumentFonts
from app.errors import UserError
from app.render import fonts as fonts_module
from app.render.fonts import read_name_table, resolve_fonts
from tests.render.conftest import Renderer, base_document
from tests.render.helpers import font_embedding, text_lines

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
UKAI = Path("/usr/share/fonts/truetype/arphic/ukai.ttc")
CFF_FONTS = sorted(Path("/usr/share/fonts/opentype").rglob("*.otf"))

needs_free_fonts = pytest.mark.skipif(
    not (UMING.is_file() and UKAI.is_file()), reason="AR PL UMing/UKai are not installed"
)


def test_name_table_lists_every_face_of_a_collection() -> None:
    if not UMING.is_file():
        pytest.skip("AR PL UMing is not installed")
    faces = read_name_table(str(UMING))
    assert len(faces) == 4
    kinds = {kind for kind, _names, _regular in faces}
    assert kinds == {"truetype"}
    assert "AR PL UMing CN" in faces[0][1]


@pytest.mark.skipif(not CFF_FONTS, reason="no CFF OpenType font installed")
def test_name_table_recognises_cff_outlines() -> None:
    kind, names, _regular = read_name_table(str(CFF_FONTS[0]))[0]
    assert kind == "cff" and names


def test_auto_detected_fonts_are_truetype_and_cover_chinese() -> None:
    font_set = resolve_fonts()
    for role in ("title", "body", "heiti", "kaiti", "song"):
        face = font_set.role(role)
        assert read_name_table(face.path)[face.index][0] == "truetype"
        assert all(face.has(ch) for ch in "公文处理条例★〔〕：。")


def test_fonts_are_registered_once_per_process() -> None:
    assert resolve_fonts() is resolve_fonts()
    assert resolve_fonts(DocumentFonts()) is resolve_fonts(None)


@needs_free_fonts
def test_folder_scan_finds_families_without_fontconfig() -> None:
    """The Windows path: no fc-list, family names read from the fonts' name tables."""
    found = list(fonts_module._scan_locations([Path("/usr/share/fonts")]))
    assert {"AR PL UMing CN", "AR PL UKai CN"} <= {loc.family for loc in found}
    assert not any(loc.path.endswith(".otf") for loc in found if "opentype" in loc.path)


@needs_free_fonts
def test_roles_map_to_a_file_or_a_family(render_doc: Renderer) -> None:
    mapping = DocumentFonts(body=str(UKAI), heiti="AR PL UMing CN")
    font_set = resolve_fonts(mapping)
    assert Path(font_set.body.path) == UKAI.resolve()
    assert font_set.heiti.family == "AR PL UMing CN"
    path = render_doc(base_document(body=["一、总体要求", "正文段落。"]), fonts=mapping)
    with pdfplumber.open(path) as pdf:
        lines = text_lines(pdf.pages[0])
    body = next(line for line in lines if line.text == "正文段落。")
    heading = next(line for line in lines if line.text == "一、总体要求")
    assert all("UKai" in c["fontname"] for c in body.chars)
    assert all("UMing" in c["fontname"] for c in heading.chars)
    assert all(font_embedding(path).values())


@needs_free_fonts
def test_a_face_of_a_collection_is_chosen_with_a_hash_suffix() -> None:
    font_set = resolve_fonts(DocumentFonts(kaiti=f"{UKAI}#1"))
    assert font_set.kaiti.index == 1


def test_unknown_family_is_a_user_error() -> None:
    with pytest.raises(UserError, match="正文字体“方正不存在体”在本机没有找到"):
        resolve_fonts(DocumentFonts(body="方正不存在体"))


def test_missing_font_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="标题字体文件不存在"):
        resolve_fonts(DocumentFonts(title=str(tmp_path / "nope.ttf")))


@pytest.mark.skipif(not CFF_FONTS, reason="no CFF OpenType font installed")
def test_cff_font_file_is_refused_not_misrendered() -> None:
    with pytest.raises(UserError, match="CFF"):
        resolve_fonts(DocumentFonts(kaiti=str(CFF_FONTS[0])))


def test_a_file_that_is_not_a_font_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "fake.ttf"
    fake.write_bytes(b"not a font at all" * 10)
    with pytest.raises(UserError, match="无法读取"):
        resolve_fonts(DocumentFonts(heiti=str(fake)))
