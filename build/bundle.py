"""What goes into the PyInstaller bundle, shared by the Linux and the Windows spec.

The spec files are executed by PyInstaller (``SPECPATH`` is this folder); they import this module
for the lists below so the two platforms cannot drift apart. Only the client is bundled: the
server is deployed from source into a virtual environment (build/server/README.md).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "zhengtong"

# Free TrueType CJK fonts copied into the bundle when the build machine has them: the UI and the
# PDF renderer fall back to them on a workstation with no Chinese font (reportlab needs TrueType).
# WenQuanYi Micro Hei is Apache-2.0/GPL-3 with the font exception; Windows' own fonts (SimSun …)
# may not be redistributed and are on every Chinese Windows anyway.
FALLBACK_FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",)

# Imported by code the analysis cannot see: Alembic loads the migration scripts by path, and
# keyring chooses its backend at run time.
HIDDEN_IMPORTS = [
    "alembic",
    "alembic.op",
    "alembic.runtime.migration",
    "alembic.runtime.environment",
    "sqlalchemy.dialects.sqlite",
    "app.db.models",
    "keyring.backends.SecretService",
    "keyring.backends.Windows",
    "keyring.backends.macOS",
    "keyring.backends.chainer",
    "keyring.backends.fail",
]

# Developer tools inside ui/ (README screenshots), not part of the product.
DEV_MODULES = ("ui.screenshots", "ui.doc_shots", "ui.shot_kit")


def is_product_module(name: str) -> bool:
    return not name.startswith(DEV_MODULES)


# Server-side and development packages: present in the build venv, never used by the client.
EXCLUDES = [
    "server",
    "fastapi",
    "starlette",
    "uvicorn",
    "psycopg",
    "psycopg_binary",
    "argon2",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "schemathesis",
    "mypy",
    "ruff",
    "pdfplumber",
    "pdfminer",
    "httpx",
    "icalendar",
    "tkinter",
    "PySide6.QtTest",
    *DEV_MODULES,
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtOpenGL",
    "PySide6.QtDBus",
]


# Linux: libraries that must match the desktop they run on (fonts, input, display, printing) are
# taken from the system, not the build machine; the .deb depends on their packages (DEB_DEPENDS
# in build/deb.py). Matched on the file name's start; wheels' own copies carry a hash suffix
# (libxcb-9065bb12.so) and stay.
SYSTEM_LIBS = (
    "libfontconfig.so",
    "libfreetype.so",
    "libexpat.so",
    "libglib-2.0.so",
    "libgobject-2.0.so",
    "libgio-2.0.so",
    "libgmodule-2.0.so",
    "libgthread-2.0.so",
    "libdbus-1.so",
    "libX11.so",
    "libX11-xcb.so",
    "libXau.so",
    "libXdmcp.so",
    "libXext.so",
    "libXrender.so",
    "libxcb.so",
    "libxcb-",
    "libxkbcommon.so",
    "libxkbcommon-x11.so",
    "libcups.so",
    "libgssapi_krb5.so",
    "libkrb5",
    "libk5crypto.so",
    "libcom_err.so",
    "libavahi-",
    "libgnutls.so",
    "libwayland-",
    # Their dependencies, part of every Debian-based desktop's base system.
    "libblkid.so",
    "libmount.so",
    "libselinux.so",
    "libpcre2-8.so",
    "libgcrypt.so",
    "libgpg-error.so",
    "libsystemd.so",
    "libcap.so",
    "liblz4.so",
    "libp11-kit.so",
    "libtasn1.so",
    "libidn2.so",
    "libunistring.so",
    "libnettle.so",
    "libhogweed.so",
    "libgmp.so",
    "libkeyutils.so",
    "libbsd.so",
    "libmd.so",
)
# Qt plugins left out: the GTK theme would drag in GTK (≈25 MB) for native dialogs the app does
# not use; the evdev/eglfs/vnc/linuxfb platforms are for kiosks and embedded boards.
DROPPED_PLUGINS = (
    "platformthemes/libqgtk3",
    "egldeviceintegrations/",
    "platforms/libqeglfs",
    "platforms/libqlinuxfb",
    "platforms/libqvnc",
    "platforms/libqvkkhrdisplay",
    "platforms/libqminimalegl",
    "generic/",
)
# Qt's own translations: Chinese (the UI language) and English only (7 MB → 0.5 MB).
QT_LANGUAGES = ("_zh_CN.qm", "_zh_TW.qm", "_en.qm")

# What only the dropped plugins needed (GTK and its stack).
_GTK_STACK = (
    "libgtk-3", "libgdk-3", "libgdk_pixbuf", "libatk", "libatspi", "libpango", "libcairo",
    "libepoxy", "libharfbuzz.so", "libfribidi", "libthai", "libdatrie", "libgraphite2",
    "libpixman", "libXcomposite", "libXcursor", "libXdamage", "libXfixes", "libXi.so",
    "libXinerama", "libXrandr", "libpng16.so", "libjpeg.so", "libbrotli", "libtiff.so",
    "libQt6EglFS", "libQt6EglFs",  # the eglfs platform's own libraries
)  # fmt: skip


_VENDORED = re.compile(r"^lib[\w.+-]*-[0-9a-f]{8}\.so")


def keep_binary(dest: str) -> bool:
    """Whether a (destination path of a) binary stays in the Linux bundle."""
    name = dest.replace("\\", "/")
    base = name.rsplit("/", 1)[-1]
    if any(f"plugins/{p}" in name for p in DROPPED_PLUGINS):
        return False
    if _VENDORED.match(base):
        return True  # a wheel's private copy (auditwheel renames them), never the system's
    return not base.startswith(SYSTEM_LIBS + _GTK_STACK)


def keep_data(dest: str) -> bool:
    name = dest.replace("\\", "/")
    if "/Qt/translations/" in name:
        return name.endswith(QT_LANGUAGES)
    return True


def version() -> str:
    """The single version string (app/__init__.py), read without importing the package."""
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if found is None:
        raise SystemExit("app/__init__.py has no __version__")
    return found.group(1)


def datas() -> list[tuple[str, str]]:
    """(source, folder in the bundle): resources, compiled translations, client migrations."""
    qm = ROOT / "resources" / "translations" / "zhengtong_en.qm"
    if not qm.is_file():
        raise SystemExit(f"{qm} is missing: run `make translations` first")
    items = [
        (str(ROOT / "resources" / "icons"), "resources/icons"),
        (str(ROOT / "resources" / "style.qss"), "resources"),
        (str(qm), "resources/translations"),
        (str(ROOT / "app" / "db" / "migrations"), "app/db/migrations"),
    ]
    items += [(str(p), "resources/fonts") for p in (ROOT / "resources" / "fonts").glob("*.tt[fc]")]
    for font in FALLBACK_FONTS:
        if Path(font).is_file():
            items.append((font, "resources/fonts"))
    return items


def windows_version_info(path: Path) -> Path:
    """A VSVersionInfo file for the .exe (Explorer's 属性 → 详细信息), from the one version."""
    numbers = [int(n) for n in re.findall(r"\d+", version())[:3]]
    numbers += [0] * (4 - len(numbers))
    quad = tuple(numbers[:4])
    path.write_text(
        f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={quad}, prodvers={quad}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404b0', [
      StringStruct('CompanyName', '政通办公'),
      StringStruct('FileDescription', '政通办公 ZhengTong Office'),
      StringStruct('FileVersion', '{version()}'),
      StringStruct('InternalName', '{NAME}'),
      StringStruct('OriginalFilename', '{NAME}.exe'),
      StringStruct('ProductName', '政通办公'),
      StringStruct('ProductVersion', '{version()}')])]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
""",
        encoding="utf-8",
    )
    return path


def render_icon(size: int) -> bytes:
    """resources/icons/zhengtong.svg as a ``size``² PNG, drawn by Qt (the build venv has it)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(ROOT / "resources" / "icons" / f"{NAME}.svg")).render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def windows_icon(path: Path) -> Path:
    """A multi-size .ico for the .exe, the shortcuts and Add/Remove Programs (Pillow writes it;
    it comes with reportlab)."""
    import io

    from PIL import Image

    big = Image.open(io.BytesIO(render_icon(256)))
    big.save(path, format="ICO", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    return path


if __name__ == "__main__":
    sys.stdout.write(version() + "\n")
