"""Find, register and measure the fonts of the four GB/T 9704 roles.

Offices have 方正小标宋简体, 仿宋_GB2312, 黑体 and 楷体_GB2312 installed; those fonts may not be
shipped, so they are looked up by family name on the workstation (fontconfig when present, else
the usual font folders with the family names read from each font's ``name`` table). An admin can
map each role to another family or to a font file (``app.config.DocumentFonts``). Whatever is
found must be TrueType: reportlab subsets and embeds TrueType (also inside TTC collections) but
cannot read CFF-outline OpenType such as Noto CJK. When nothing is found, free TrueType CJK fonts
(AR PL UMing/UKai, WenQuanYi) stand in — never an unembedded CID font, which would print in
whatever font the reader happens to have.

Loading a CJK collection takes 50–150 ms, so every font file is registered once per process, and
the family catalogue is built once per process too.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.config import DocumentFonts
from app.errors import UserError

ROLES = ("title", "body", "heiti", "kaiti")
ROLE_LABELS = {"title": "标题字体", "body": "正文字体", "heiti": "黑体", "kaiti": "楷体"}

# Candidate families per role, best first. The last entries are free fonts that can be embedded.
ROLE_FAMILIES: dict[str, tuple[str, ...]] = {
    "title": (
        "方正小标宋简体",
        "方正小标宋_GBK",
        "FZXiaoBiaoSong-B05S",
        "FZXiaoBiaoSong-B05",
        "方正小标宋",
        "华文中宋",
        "STZhongsong",
        "AR PL SungtiL GB",
        "AR PL UMing CN",
    ),
    "body": (
        "仿宋_GB2312",
        "FangSong_GB2312",
        "仿宋",
        "FangSong",
        "方正仿宋_GBK",
        "方正仿宋简体",
        "华文仿宋",
        "STFangsong",
        "AR PL SungtiL GB",
        "AR PL UMing CN",
    ),
    "heiti": (
        "黑体",
        "SimHei",
        "方正黑体_GBK",
        "方正黑体简体",
        "华文黑体",
        "STHeiti",
        "WenQuanYi Zen Hei",
        "WenQuanYi Micro Hei",
        "Droid Sans Fallback",
    ),
    "kaiti": (
        "楷体_GB2312",
        "KaiTi_GB2312",
        "楷体",
        "KaiTi",
        "方正楷体_GBK",
        "方正楷体简体",
        "华文楷体",
        "STKaiti",
        "AR PL KaitiM GB",
        "AR PL UKai CN",
    ),
    # Not configurable: the 半角宋体 digits of page numbers; falls back to the body font.
    "song": ("宋体", "SimSun", "NSimSun", "AR PL SungtiL GB", "AR PL UMing CN"),
}

# Last resort when the family catalogue knows none of the above (e.g. fontconfig missing).
FALLBACK_FILES: dict[str, tuple[tuple[str, int], ...]] = {
    "title": (("/usr/share/fonts/truetype/arphic/uming.ttc", 0),),
    "body": (("/usr/share/fonts/truetype/arphic/uming.ttc", 0),),
    "heiti": (("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),),
    "kaiti": (("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),),
    "song": (("/usr/share/fonts/truetype/arphic/uming.ttc", 0),),
}

FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
# Fonts that packagers may place beside the application (resources/fonts).
BUNDLED_FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"

_lock = threading.RLock()
_faces: dict[tuple[str, int], Face] = {}
_font_sets: dict[tuple[str, ...], FontSet] = {}


@dataclass(frozen=True, slots=True)
class FontLocation:
    path: str
    index: int
    family: str
    regular: bool = True


@dataclass(eq=False)
class Face:
    """A registered TrueType face with its metrics (identity-compared: one per file+index)."""

    name: str  # reportlab's registered font name
    family: str
    path: str
    index: int
    widths: dict[int, float]  # code point → advance in 1/1000 em
    default_width: float
    glyphs: dict[int, int]  # code point → glyph id
    descent: float  # 1/1000 em, negative
    _advance: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def em_top(self) -> float:
        """Height of the em box above the baseline, per point of size (what PDF readers use)."""
        return 1.0 + self.descent / 1000.0

    def has(self, ch: str) -> bool:
        return ord(ch) in self.glyphs

    def advance(self, ch: str) -> float:
        """Advance width of ``ch`` at 1 pt (cached: the line breaker asks for every character)."""
        width = self._advance.get(ch)
        if width is None:
            width = self.widths.get(ord(ch), self.default_width) / 1000.0
            self._advance[ch] = width
        return width

    def text_width(self, text: str, size: float, char_space: float = 0.0) -> float:
        """Width of ``text`` as drawn with ``char_space`` tracking, trailing tracking excluded."""
        if not text:
            return 0.0
        return sum(self.advance(c) for c in text) * size + char_space * (len(text) - 1)


@dataclass(frozen=True, eq=False)
class FontSet:
    """The faces of one document: the four roles plus the page-number Song face."""

    title: Face
    body: Face
    heiti: Face
    kaiti: Face
    song: Face
    fallbacks: tuple[Face, ...] = ()

    def role(self, name: str) -> Face:
        face: Face = getattr(self, name)
        return face

    def face_for(self, preferred: Face, ch: str) -> Face:
        """``preferred`` when it has a glyph for ``ch``, else the first role face that has one."""
        if preferred.has(ch) or ch == " ":
            return preferred
        for face in (self.body, self.song, self.title, self.heiti, self.kaiti, *self.fallbacks):
            if face.has(ch):
                return face
        return preferred  # nothing has it: reportlab draws the .notdef box, at least visibly


def resolve_fonts(fonts: DocumentFonts | None = None) -> FontSet:
    """The faces for ``fonts`` (auto-detect where a role is empty); cached per mapping.

    Raises ``UserError`` when a mapped family or file is unusable, or no CJK font is found.
    """
    fonts = fonts or DocumentFonts()
    key = (fonts.title, fonts.body, fonts.heiti, fonts.kaiti)
    with _lock:
        cached = _font_sets.get(key)
        if cached is not None:
            return cached
        faces = {role: _resolve_role(role, getattr(fonts, role).strip()) for role in ROLES}
        song = _auto_face("song") or faces["body"]
        extra = tuple(
            face
            for face in (_auto_face("heiti"), _auto_face("body"))
            if face is not None and face not in faces.values()
        )
        font_set = FontSet(song=song, fallbacks=extra, **faces)
        _font_sets[key] = font_set
        return font_set


def installed_families() -> list[str]:
    """Family names of the usable (TrueType) fonts installed here, for a settings page."""
    names = {loc.family for locs in _get_catalog().values() for loc in locs}
    return sorted(names)


def _resolve_role(role: str, value: str) -> Face:
    label = ROLE_LABELS[role]
    if not value:
        face = _auto_face(role)
        if face is None:
            raise UserError(
                f"本机没有找到可嵌入的中文字体（{label}）：请安装 TrueType 中文字体，"
                "或在设置中为该项指定字体文件"
            )
        return face
    if _looks_like_path(value):
        path, index = _split_index(value)
        if not Path(path).is_file():
            raise UserError(f"{label}文件不存在：{path}")
        return _load_face(path, index, family=Path(path).stem, label=label)
    for loc in _catalog_lookup(value):
        face = _try_face(loc)
        if face is not None:
            return face
    raise UserError(f"设置的{label}“{value}”在本机没有找到，或不是可嵌入的 TrueType 字体")


def _auto_face(role: str) -> Face | None:
    for family in ROLE_FAMILIES[role]:
        for loc in _catalog_lookup(family):
            face = _try_face(loc)
            if face is not None:
                return face
    for path, index in FALLBACK_FILES[role]:
        if Path(path).is_file():
            face = _try_face(FontLocation(path, index, Path(path).stem))
            if face is not None:
                return face
    return None


def _try_face(loc: FontLocation) -> Face | None:
    try:
        return _load_face(loc.path, loc.index, family=loc.family, label="")
    except UserError:
        return None


def _load_face(path: str, index: int, *, family: str, label: str) -> Face:
    """Register ``path``/``index`` with reportlab once per process and wrap its metrics."""
    key = (os.path.realpath(path), index)
    with _lock:
        face = _faces.get(key)
        if face is not None:
            return face
        kinds = _sfnt_kinds(key[0])
        if index >= len(kinds):
            raise UserError(f"{label}文件 {path} 中没有第 {index} 个字体")
        if kinds[index] != "truetype":
            raise UserError(
                f"{label}文件 {path} 是 CFF（PostScript 轮廓）OpenType 字体，无法嵌入 PDF，"
                "请选择 TrueType 字体（.ttf/.ttc）"
            )
        digest = hashlib.sha1(f"{key[0]}#{index}".encode()).hexdigest()[:10]
        name = f"ZT-{re.sub(r'[^A-Za-z0-9]', '', Path(path).stem)[:24]}-{index}-{digest}"
        try:
            ttf = TTFont(name, key[0], subfontIndex=index)
        except (TTFError, OSError, struct.error, KeyError, ValueError) as exc:
            raise UserError(f"{label}文件 {path} 无法使用：{exc}") from exc
        pdfmetrics.registerFont(ttf)
        f = ttf.face
        face = Face(
            name=name,
            family=family,
            path=key[0],
            index=index,
            widths=f.charWidths,
            default_width=float(f.defaultWidth),
            glyphs=f.charToGlyph,
            descent=float(f.descent),
        )
        _faces[key] = face
        return face


def _looks_like_path(value: str) -> bool:
    base = value.rsplit("#", 1)[0]
    return "/" in value or "\\" in value or base.lower().endswith(FONT_SUFFIXES)


def _split_index(value: str) -> tuple[str, int]:
    """``file.ttc#2`` → (file.ttc, 2): which face of a collection (default the first)."""
    path, sep, index = value.rpartition("#")
    if sep and index.isdigit():
        return path, int(index)
    return value, 0


# --- the family catalogue -------------------------------------------------------------------


def _normalize(family: str) -> str:
    return re.sub(r"[\s_\-]", "", family).casefold()


def _catalog_lookup(family: str) -> list[FontLocation]:
    return _get_catalog().get(_normalize(family), [])


@functools.cache
def _get_catalog() -> dict[str, list[FontLocation]]:
    """Normalised family name → font locations; built once per process."""
    # fontconfig knows every installed font (and is fast); without it (Windows, minimal
    # Linux) the usual folders are scanned and each font's name table is read.
    if shutil.which("fc-list") is not None:
        sources: Iterable[FontLocation] = _fc_list_locations()
    else:
        sources = _scan_locations(_font_dirs())
    catalog: dict[str, list[FontLocation]] = {}
    for loc in [*sources, *_scan_locations([BUNDLED_FONT_DIR])]:
        catalog.setdefault(_normalize(loc.family), []).append(loc)
    for locs in catalog.values():
        locs.sort(key=lambda loc: not loc.regular)  # Regular before Bold/Italic
    return catalog


def _fc_list_locations() -> Iterator[FontLocation]:
    exe = shutil.which("fc-list")
    if exe is None:
        return
    fmt = "%{file}\t%{index}\t%{family}\t%{style}\t%{fontformat}\n"
    try:
        out = subprocess.run(
            [exe, "-f", fmt], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 5 or parts[4] not in ("TrueType", ""):
            continue  # CFF, Type 1, bitmap: reportlab cannot embed them
        path, index, families, styles, _fmt = parts
        if not path.lower().endswith(FONT_SUFFIXES) or not index.isdigit():
            continue
        regular = _is_regular(styles.split(","))
        for family in families.split(","):
            if family.strip():
                yield FontLocation(path, int(index), family.strip(), regular)


def _font_dirs() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local" / "share" / "fonts",
        home / ".fonts",
    ]


def _scan_locations(dirs: Iterable[Path]) -> Iterator[FontLocation]:
    for folder in dirs:
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for name in files:
                if name.lower().endswith(FONT_SUFFIXES):
                    yield from _file_locations(os.path.join(root, name))


def _file_locations(path: str) -> Iterator[FontLocation]:
    try:
        faces = read_name_table(path)
    except (OSError, ValueError, struct.error):
        return  # unreadable or not a font: skip it, the search goes on
    for index, (kind, families, regular) in enumerate(faces):
        if kind == "truetype":
            for family in families:
                yield FontLocation(path, index, family, regular)


def _is_regular(styles: Iterable[str]) -> bool:
    words = {s.strip().casefold() for s in styles}
    return bool(words & {"regular", "normal", "book", "medium", "roman", "常规", "标准"})


# --- sfnt parsing (enough to read family names and the outline flavour) ----------------------


def _sfnt_kinds(path: str) -> list[str]:
    """'truetype' or 'cff' for each face of a font file (one, or several in a collection)."""
    try:
        return [kind for kind, _names, _regular in read_name_table(path)]
    except (OSError, ValueError, struct.error) as exc:
        raise UserError(f"字体文件 {path} 无法读取：{exc}") from exc


def read_name_table(path: str) -> list[tuple[str, list[str], bool]]:
    """(outline kind, family names in all languages, is-regular) for each face in ``path``."""
    with open(path, "rb") as fh:
        head = fh.read(12)
        if head[:4] == b"ttcf":
            (count,) = struct.unpack(">I", head[8:12])
            offsets = struct.unpack(f">{count}I", fh.read(4 * count))
        else:
            offsets = (0,)
        return [_read_face(fh, offset) for offset in offsets]


def _read_face(fh: BinaryIO, offset: int) -> tuple[str, list[str], bool]:
    fh.seek(offset)
    version, num_tables = struct.unpack(">4sH", fh.read(6))
    if version == b"OTTO":
        kind = "cff"
    elif version in (b"\x00\x01\x00\x00", b"true"):
        kind = "truetype"
    else:
        raise ValueError("not an sfnt font")
    fh.seek(offset + 12)
    records = fh.read(16 * num_tables)
    tables = {
        records[i : i + 4]: struct.unpack(">II", records[i + 8 : i + 16])
        for i in range(0, len(records), 16)
    }
    if b"glyf" not in tables and kind == "truetype":
        kind = "bitmap"  # e.g. colour-bitmap-only fonts: nothing reportlab can draw
    if b"name" not in tables:
        return kind, [], True
    name_offset, name_length = tables[b"name"]
    fh.seek(name_offset)
    data = fh.read(name_length)
    _fmt, count, string_offset = struct.unpack(">HHH", data[:6])
    families: list[str] = []
    styles: list[str] = []
    for i in range(count):
        platform, encoding, _lang, name_id, length, str_off = struct.unpack(
            ">HHHHHH", data[6 + 12 * i : 18 + 12 * i]
        )
        if name_id not in (1, 2, 4, 16):
            continue
        raw = data[string_offset + str_off : string_offset + str_off + length]
        text = _decode_name(platform, encoding, raw)
        if not text:
            continue
        target = styles if name_id == 2 else families
        if text not in target:
            target.append(text)
    return kind, families, not styles or _is_regular(styles)


def _decode_name(platform: int, encoding: int, raw: bytes) -> str:
    try:
        if platform == 3 and encoding == 3:
            # Old Chinese fonts store GBK bytes in 16-bit units (PRC encoding).
            return raw.replace(b"\x00", b"").decode("gbk").strip()
        if platform in (0, 3):
            return raw.decode("utf-16-be").strip()
        if platform == 1 and encoding == 0:
            return raw.decode("mac_roman").strip()
        if platform == 1 and encoding == 25:
            return raw.decode("gbk").strip()
    except UnicodeDecodeError:
        return ""
    return ""
