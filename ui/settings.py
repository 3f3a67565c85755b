"""设置: a list of pages (ui/settings_pages.py) with 保存 and 还原."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.config import ProfileConfig
from app.errors import UserError
from ui.context import AppContext
from ui.settings_pages import (
    ERROR_COLOR,
    OK_COLOR,
    AboutPage,
    FontsPage,
    InterfacePage,
    NetworkPage,
    SettingsPage,
)

_STYLE = """
QListWidget#settingsList {
    border: none; border-right: 1px solid #E1E4E8; background: #FFFFFF; font-size: 14px;
    outline: 0;
}
QListWidget#settingsList::item {
    padding: 9px 14px; color: #36404A; border-left: 3px solid transparent;
}
QListWidget#settingsList::item:hover:!selected { background: #EEF1F5; }
QListWidget#settingsList::item:selected {
    background: #E2EAF5; color: #1D4E89; border-left: 3px solid #1D4E89; font-weight: 600;
}
QWidget#settingsView QLineEdit {
    min-height: 28px; padding: 0 6px; border: 1px solid #C9CFD6; border-radius: 4px;
    background: #FFFFFF;
}
QWidget#settingsView QLineEdit:focus { border-color: #1D4E89; }
QLabel#pageHeading { font-size: 18px; font-weight: 600; color: #1F2D3D; }
QLabel#hint { color: #6B7785; }
QLabel#productName { font-size: 26px; font-weight: 600; color: #1D4E89; }
"""


class SettingsView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._loaded = ctx.profile.config  # what the fields showed when last loaded or saved
        self.setObjectName("settingsView")
        self.setStyleSheet(_STYLE)
        self.network = NetworkPage()
        self.interface = InterfacePage()
        self.fonts = FontsPage()
        self.about = AboutPage(ctx.profile)
        self.pages: list[SettingsPage] = [self.network, self.interface, self.fonts, self.about]

        self.page_list = QListWidget()
        self.page_list.setObjectName("settingsList")
        self.page_list.setFixedWidth(180)
        self.stack = QStackedWidget()
        for page in self.pages:
            self.page_list.addItem(page.title)
            self.stack.addWidget(page)
            page.changed.connect(self._on_edited)
        self.page_list.currentRowChanged.connect(self.stack.setCurrentIndex)

        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.revert_button = QPushButton(self.tr("还原"))
        self.revert_button.setToolTip(self.tr("放弃未保存的修改"))
        self.revert_button.clicked.connect(self.revert)
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("primaryButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(24, 8, 24, 16)
        buttons.setSpacing(8)
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.stack, 1)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.page_list)
        layout.addLayout(right, 1)

        ctx.taskman.changes_applied.connect(self._on_changes)
        self.page_list.setCurrentRow(0)
        self.revert()

    def show_page(self, page: SettingsPage) -> None:
        self.page_list.setCurrentRow(self.pages.index(page))

    def edited_config(self) -> ProfileConfig:
        """The saved config with every page's fields applied (raises UserError)."""
        return self._apply_pages(self._ctx.profile.config)

    def is_dirty(self) -> bool:
        """Whether the fields differ from what they were loaded from."""
        try:
            return self._apply_pages(self._loaded) != self._loaded
        except UserError:
            return True  # a refused value is an unsaved edit

    def _apply_pages(self, base: ProfileConfig) -> ProfileConfig:
        # A deep copy: pages replace nested values (fonts) and must not touch the live config.
        config = copy.deepcopy(base)
        for page in self.pages:
            page.save(config)
        return config

    def save(self) -> bool:
        """Validate and write the config; on a refused value nothing is written."""
        try:
            config = self.edited_config()
            language_changed = config.language != self._ctx.profile.config.language
            # Written here on the GUI thread, not through DbOp: profile.json is a ~1 KB file
            # outside the database, the write is atomic (temp file + rename), and queuing it
            # behind a long sync transaction on the DB worker would make 保存 seem to hang.
            config.save(self._ctx.profile.folder)
        except UserError as exc:
            self._show_message(str(exc), ERROR_COLOR)
            return False
        except OSError as exc:
            self._show_message(self.tr("无法写入配置文件：{error}").format(error=exc), ERROR_COLOR)
            return False
        self._ctx.profile.config = config
        self._loaded = config
        if language_changed:
            self._show_message(self.tr("已保存。界面语言将在重新启动后生效。"), OK_COLOR)
        else:
            self._show_message(self.tr("已保存。"), OK_COLOR)
        self._update_buttons()
        self._ctx.taskman.broadcast(Changes(config=True), self)
        return True

    def revert(self) -> None:
        """Show the saved config again, dropping unsaved edits."""
        config = self._loaded = self._ctx.profile.config
        for page in self.pages:
            page.blockSignals(True)
            page.load(config)
            page.blockSignals(False)
        self._show_message("", OK_COLOR)
        self._update_buttons()

    def _on_edited(self) -> None:
        self.message.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def _show_message(self, text: str, color: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {color};")
        self.message.setTextFormat(Qt.TextFormat.PlainText)

    def _on_changes(self, changes: Changes, initiator: object) -> None:
        # Another part of the app changed the config (e.g. login stored a server address):
        # show it, unless the user is in the middle of editing here.
        if changes.config and initiator is not self and not self.is_dirty():
            self.revert()
        if changes.sync_state:  # a sync may have brought a new release announcement
            self.about.refresh()
