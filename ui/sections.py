"""The sections of the main window and the plain page shown for those not built yet."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


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
    pending: str | None = None  # not built yet: the line the empty page shows

    def title_tr(self) -> str:
        return _tr(self.title)


# Marked for lupdate here, translated where shown (no translator is installed at import time).
SECTIONS: tuple[Section, ...] = (
    Section("workbench", str(QT_TRANSLATE_NOOP("Sections", "工作台")), "workbench"),
    Section("incoming", str(QT_TRANSLATE_NOOP("Sections", "收文")), "incoming"),
    Section("outgoing", str(QT_TRANSLATE_NOOP("Sections", "发文")), "outgoing"),
    Section(
        "meetings",
        str(QT_TRANSLATE_NOOP("Sections", "会议")),
        "meetings",
        str(QT_TRANSLATE_NOOP("Sections", "会议管理功能将在后续版本提供")),
    ),
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


class EmptySection(QWidget):
    """A calm placeholder for a section that later versions fill: icon, title, one line."""

    def __init__(self, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptySection")
        picture = QLabel(self)
        picture.setPixmap(icon(section.icon).pixmap(72, 72, QIcon.Mode.Disabled))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(section.title_tr(), self)
        self.title.setObjectName("emptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel(_tr(section.pending or ""), self)
        self.message.setObjectName("emptyMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addStretch(3)
        layout.addWidget(picture)
        layout.addSpacing(12)
        layout.addWidget(self.title)
        layout.addSpacing(4)
        layout.addWidget(self.message)
        layout.addStretch(4)
