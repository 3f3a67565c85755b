"""The packaging files that cannot run here (Windows) or only run in `make package-test` stay
consistent with the code: one version, the same data folder, the files the installer expects."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from app import __version__
from app.profile import APP_NAME

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(BUILD))
    try:
        spec = importlib.util.spec_from_file_location(name, BUILD / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BUILD))


@pytest.fixture(scope="module")
def bundle() -> ModuleType:
    return _load("bundle")


def test_the_bundle_is_stamped_with_the_one_version(bundle: ModuleType) -> None:
    assert bundle.version() == __version__


def test_bundle_carries_migrations_translations_and_icons(bundle: ModuleType) -> None:
    targets = {dest for _src, dest in bundle.datas()}
    assert {"app/db/migrations", "resources/icons", "resources/translations"} <= targets
    assert any(Path(src).name == "zhengtong_en.qm" for src, _ in bundle.datas())


def test_linux_bundle_takes_desktop_libraries_from_the_system(bundle: ModuleType) -> None:
    assert not bundle.keep_binary("libfontconfig.so.1")
    assert not bundle.keep_binary("libxcb-cursor.so.0")
    assert not bundle.keep_binary("PySide6/Qt/plugins/platformthemes/libqgtk3.so")
    # A wheel's private copy (hash-suffixed) and Qt itself stay.
    assert bundle.keep_binary("libxcb-9065bb12.so.1.1.0")
    assert bundle.keep_binary("PySide6/Qt/lib/libQt6Gui.so.6")
    assert bundle.keep_binary("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert bundle.keep_data("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert not bundle.keep_data("PySide6/Qt/translations/qtbase_de.qm")


def test_windows_version_resource_names_the_version(bundle: ModuleType, tmp_path: Path) -> None:
    text = bundle.windows_version_info(tmp_path / "v.txt").read_text(encoding="utf-8")
    assert f"StringStruct('ProductVersion', '{__version__}')" in text
    nums = tuple(int(n) for n in re.findall(r"\d+", __version__)[:3])
    assert f"filevers={(*nums, 0)}" in text.replace(" ", "").replace(",", ", ")


def test_windows_icon_has_the_sizes_explorer_uses(tmp_path: Path) -> None:
    import subprocess

    from PIL import Image

    # In a child process: the icon is drawn by a QGuiApplication of its own, which must not
    # outlive into this test process (widget tests need a QApplication).
    ico_path = tmp_path / "z.ico"
    make = f"import bundle; from pathlib import Path; bundle.windows_icon(Path({str(ico_path)!r}))"
    subprocess.run([sys.executable, "-c", make], cwd=BUILD, check=True, timeout=60)
    with Image.open(ico_path) as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])


def test_deb_versions_sort_like_the_releases() -> None:
    deb = _load("deb")
    assert deb.deb_version("1.2.0") == "1.2.0"
    assert deb.deb_version("1.2.0rc1") == "1.2.0~rc1"  # dpkg: 1.2.0~rc1 < 1.2.0


def test_inno_setup_script_matches_the_windows_spec_and_the_profile_folder() -> None:
    raw = (BUILD / "windows" / "zhengtong.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup reads UTF-8 scripts by their BOM"
    iss = raw.decode("utf-8-sig")
    spec = (BUILD / "windows" / "zhengtong.spec").read_text(encoding="utf-8")
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", iss, re.MULTILINE)
    assert 'compiler:Languages\\ChineseSimplified.isl"' in iss and "compiler:Default.isl" in iss
    assert "{autoprograms}" in iss and "{autodesktop}" in iss
    # The bundle folder, the program and the icon the spec writes.
    assert '#define DistDir "..\\..\\dist\\zhengtong"' in iss
    assert '#define AppExe "zhengtong.exe"' in iss and "console=False" in spec
    assert '"zhengtong.ico"' in spec and "{#DistDir}\\zhengtong.ico" in iss
    # Uninstall asks before deleting the folder the client keeps profiles in, default No.
    assert f"{{localappdata}}\\{APP_NAME}'" in iss
    assert "MB_DEFBUTTON2" in iss and "UninstallSilent" in iss
