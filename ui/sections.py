"""The sections of the main window and the plain page shown for those not built yet."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QIcon


def _tr(text: str) -> str:
    return QCoreApplication.translate("Sections", text)


def icon(name: str) -> QIcon:
    """An icon from resources/icons (the "icons" search path is added at start-up)."""
    return QIcon(f"icons:{name}.svg")


@dataclass(frozen=True, slots=True)
class Section:
    key: str  # stable id: settings, shortcuts and show_section() use it, never the translated title
    title: str  # Chinese source text; translate with title_tr()
    icon: str

    def title_tr(self) -> str:
        return _tr(self.title)


# Marked for lupdate here, translated where shown (no translator is installed at import time).
SECTIONS: tuple[Section, ...] = (
    Section("workbench", str(QT_TRANSLATE_NOOP("Sections", "工作台")), "workbench"),
    Section("incoming", str(QT_TRANSLATE_NOOP("Sections", "收文")), "incoming"),
    Section("outgoing", str(QT_TRANSLATE_NOOP("Sections", "发文")), "outgoing"),
    Section("meetings", str(QT_TRANSLATE_NOOP("Sections", "会议")), "meetings"),
    Section("notices", str(QT_TRANSLATE_NOOP("Sections", "通知")), "notices"),
    Section("contacts", str(QT_TRANSLATE_NOOP("Sections", "通讯录")), "contacts"),
    Section("settings", str(QT_TRANSLATE_NOOP("Sections", "设置")), "settings"),
)


def find_section(name: str) -> Section:
    """The section whose key or Chinese title is ``name`` ("contacts" or "通讯录")."""
    for section in SECTIONS:
        if name in (section.key, section.title):
            return section
    raise KeyError(name)
