"""``make deb``: the PyInstaller bundle (dist/zhengtong) as ``zhengtong_<version>_amd64.deb``.

For UOS, Kylin and Debian: the bundle under /opt/zhengtong, a launcher /usr/bin/zhengtong, a
.desktop entry (Office, 政通办公) and hicolor icons. No maintainer scripts: the icon cache and
the desktop menu are refreshed by dpkg triggers of hicolor-icon-theme and desktop-file-utils,
and users' profiles live in their home folders (~/.local/share/zhengtong), which a package never
touches; a newer version migrates a profile, after a backup, when it first opens it.

    python build/deb.py [--dist dist/zhengtong] [--out dist]
Prints the path of the .deb.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bundle import NAME, ROOT, render_icon, version

PREFIX = Path("opt") / NAME
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
MAINTAINER = "政通办公开发组 <dev@zhengtong.gov.cn>"

# System libraries the bundle takes from the desktop it runs on (build/bundle.py SYSTEM_LIBS),
# by Debian package. t64 renames in newer releases provide these names too.
DEB_DEPENDS = (
    "libgl1",
    "libegl1",
    "libfontconfig1",
    "libfreetype6",
    "libglib2.0-0",
    "libdbus-1-3",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-glx0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libcups2",
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
    # Qt's network library (single-instance socket) links them.
    "libbrotli1",
    "libgssapi-krb5-2",
    # A Chinese font for the interface and for typesetting 公文 (TrueType: reportlab embeds it).
    "fonts-wqy-microhei | fonts-wqy-zenhei | fonts-arphic-uming",
)
# Tokens and seal keys live in the Secret Service (GNOME Keyring; UOS ships deepin-keyring).
DEB_RECOMMENDS = ("gnome-keyring | deepin-keyring",)

DESKTOP_ENTRY = """\
[Desktop Entry]
Type=Application
Name=ZhengTong Office
Name[zh_CN]=政通办公
GenericName=Office Automation
GenericName[zh_CN]=协同办公
Comment=Documents, meetings and notices for government offices, offline first
Comment[zh_CN]=公文流转、会议管理与通知发送，断网也能办公
Exec=zhengtong
Icon=zhengtong
Terminal=false
Categories=Office;
Keywords=OA;documents;meetings;notices;
Keywords[zh_CN]=公文;收文;发文;会议;通知;OA;
StartupWMClass=zhengtong
"""

LAUNCHER = f"""\
#!/bin/sh
# 政通办公 ZhengTong Office
exec /{PREFIX}/{NAME} "$@"
"""

COPYRIGHT = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: zhengtong
Comment: The bundle under /opt/zhengtong carries Python, Qt for Python (PySide6, LGPL-3.0),
 SQLAlchemy, reportlab, keyring and their dependencies under their own licences, and the
 WenQuanYi Micro Hei font (Apache-2.0 or GPL-3.0 with font embedding exception).

Files: *
Copyright: 2026 政通办公开发组
License: Proprietary
"""


def glibc_floor(root: Path) -> str | None:
    """The newest GLIBC_x.y symbol version any ELF file in the bundle asks for (libc6 >= it)."""
    if shutil.which("objdump") is None:
        return None
    newest: tuple[int, ...] = ()
    for path in root.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
        out = subprocess.run(
            ["objdump", "-p", str(path)], capture_output=True, text=True, check=False
        ).stdout
        for found in re.findall(r"GLIBC_(\d+(?:\.\d+)+)", out):
            newest = max(newest, tuple(int(n) for n in found.split(".")))
    return ".".join(map(str, newest)) if newest else None


def render_icons(svg: Path, share: Path) -> None:
    """hicolor PNGs from the one SVG (menus that do not draw SVG, and the window list)."""
    for size in ICON_SIZES:
        dest = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(render_icon(size))
    scalable = share / "icons" / "hicolor" / "scalable" / "apps" / f"{NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(svg, scalable)


def deb_version(v: str) -> str:
    """PEP 440 pre-releases sort before the release in dpkg too: 1.2.0rc1 → 1.2.0~rc1."""
    return re.sub(r"(\d)(a|b|rc|\.dev)(\d+)$", r"\1~\2\3", v)


def control(size_kib: int, glibc: str | None, ver: str) -> str:
    libc = f"libc6 (>= {glibc})" if glibc else "libc6"
    return (
        f"Package: {NAME}\n"
        f"Version: {ver}\n"
        "Architecture: amd64\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {size_kib}\n"
        f"Depends: {', '.join((libc, *DEB_DEPENDS))}\n"
        f"Recommends: {', '.join(DEB_RECOMMENDS)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: 政通办公 — offline-first office automation for government offices\n"
        " 公文流转（收文、发文、交换）、会议管理与通知发送的桌面客户端；乡镇单位\n"
        " 断网也能办公，联网后与中心服务器同步。\n"
        " .\n"
        " Desktop client for document circulation, meetings and notices, working\n"
        " offline and syncing with the central server over the government extranet.\n"
    )


def build(dist: Path, out_dir: Path, work: Path) -> Path:
    if not (dist / NAME).is_file():
        raise SystemExit(f"no bundle at {dist}: run `make dist` first")
    built = (dist / "VERSION").read_text(encoding="utf-8").strip()
    if built != version():
        raise SystemExit(f"bundle is version {built}, the source says {version()}: rebuild it")
    ver = deb_version(version())
    stage = work / f"{NAME}_{ver}_amd64"
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(dist, stage / PREFIX, symlinks=True)
    usr = stage / "usr"
    launcher = usr / "bin" / NAME
    launcher.parent.mkdir(parents=True)
    launcher.write_text(LAUNCHER, encoding="utf-8")
    launcher.chmod(0o755)
    share = usr / "share"
    (share / "applications").mkdir(parents=True)
    (share / "applications" / f"{NAME}.desktop").write_text(DESKTOP_ENTRY, encoding="utf-8")
    render_icons(ROOT / "resources" / "icons" / f"{NAME}.svg", share)
    doc = share / "doc" / NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(COPYRIGHT, encoding="utf-8")
    with gzip.open(doc / "changelog.gz", "wt", encoding="utf-8") as fh:
        fh.write(f"{NAME} ({ver}) stable; urgency=medium\n\n  * Release {ver}.\n")

    files = sorted(p for p in stage.rglob("*") if p.is_file() and not p.is_symlink())
    for p in stage.rglob("*"):  # dpkg-deb refuses group/world-writable control files; be tidy
        if not p.is_symlink():
            p.chmod(0o755 if p.is_dir() or os.access(p, os.X_OK) else 0o644)
    debian = stage / "DEBIAN"
    debian.mkdir()
    (debian / "md5sums").write_text(
        "".join(
            f"{hashlib.md5(p.read_bytes()).hexdigest()}  {p.relative_to(stage)}\n" for p in files
        ),
        encoding="utf-8",
    )
    size_kib = sum(p.stat().st_size for p in files) // 1024 + 1
    (debian / "control").write_text(
        control(size_kib, glibc_floor(stage / PREFIX), ver), encoding="utf-8"
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"{NAME}_{ver}_amd64.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(stage), str(deb)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.rmtree(stage)
    return deb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / NAME)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / ".build-work" / "deb")
    args = parser.parse_args()
    sys.stdout.write(f"{build(args.dist, args.out, args.work)}\n")


if __name__ == "__main__":
    main()
