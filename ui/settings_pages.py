"""The pages of 设置 (after Picard's ui/options): each loads from and saves into a ProfileConfig.

A page never writes files itself: ``save(config)`` fills a copy that the view validates and
writes once, so a bad value on any page leaves the saved configuration untouched.
"""

from __future__ import annotations

import html
import platform
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

import PySide6
import shiboken6
from PySide6.QtCore import Qt, QUrl, Signal, qVersion
from PySide6.QtGui import QDesktopServices, QFontDatabase, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.config import DocumentFonts, ProfileConfig
from app.errors import UserError
from app.profile import Profile
from app.versions import Announcement, Need, client_version, stored, upgrade_status
from ui.operations import DbOp

FONT_FILE_SUFFIXES = (".ttf", ".ttc", ".otf")
OK_COLOR = "#2e7d32"
WARN_COLOR = "#b26a00"
ERROR_COLOR = "#c62828"


class SettingsPage(QWidget):
    """One page: ``title`` for the list, ``load``/``save`` against a config."""

    changed = Signal()  # any field was edited (the view enables 保存/还原)
    title = ""

    def load(self, config: ProfileConfig) -> None:
        raise NotImplementedError

    def save(self, config: ProfileConfig) -> None:
        """Write this page's fields into ``config``; raise UserError for a value it refuses."""
        raise NotImplementedError

    def _page_layout(self, heading: str) -> QVBoxLayout:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        label = QLabel(heading)
        label.setObjectName("pageHeading")
        layout.addWidget(label)
        return layout


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    # Fields are taller than their captions: centre the caption on the field.
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setVerticalSpacing(10)
    return form


class NetworkPage(SettingsPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("服务器与网络")
        layout = self._page_layout(self.title)
        self.server_url = QLineEdit()
        self.server_url.setPlaceholderText("https://oa.example.gov.cn")
        self.proxy = QLineEdit()
        self.proxy.setPlaceholderText(self.tr("不使用代理时留空，例如 http://10.1.1.1:8080"))
        self.ca_bundle = QLineEdit()
        self.ca_bundle.setPlaceholderText(self.tr("使用系统证书时留空"))
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse_ca)
        ca_row_widget = QWidget()
        ca_row = QHBoxLayout(ca_row_widget)
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.setSpacing(8)
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(browse)
        self.sync_interval = QSpinBox()
        self.sync_interval.setRange(1, 1440)
        self.sync_interval.setSuffix(self.tr(" 分钟"))
        self.sync_interval.setMinimumSize(120, 30)

        form = _form()
        form.addRow(self.tr("服务器地址："), self.server_url)
        form.addRow(self.tr("代理："), self.proxy)
        form.addRow(self.tr("CA 证书文件："), ca_row_widget)
        form.addRow(self.tr("自动同步间隔："), self.sync_interval)
        layout.addLayout(form)
        layout.addWidget(
            _hint(
                self.tr(
                    "服务器地址由本单位信息化管理员提供，一般为政务外网地址。"
                    "离线时所做的修改会在下次同步时提交，不会丢失。"
                )
            )
        )
        layout.addStretch(1)
        for edit in (self.server_url, self.proxy, self.ca_bundle):
            edit.textChanged.connect(self.changed)
        self.sync_interval.valueChanged.connect(self.changed)

    def load(self, config: ProfileConfig) -> None:
        self.server_url.setText(config.server_url)
        self.proxy.setText(config.proxy)
        self.ca_bundle.setText(config.ca_bundle)
        self.sync_interval.setValue(config.sync_interval_min)

    def save(self, config: ProfileConfig) -> None:
        config.server_url = self.server_url.text().strip()
        config.proxy = self.proxy.text().strip()
        config.ca_bundle = self.ca_bundle.text().strip()
        config.sync_interval_min = self.sync_interval.value()

    def _browse_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择 CA 证书文件"),
            self.ca_bundle.text(),
            self.tr("证书文件 (*.pem *.crt *.cer);;所有文件 (*)"),
        )
        if path:
            self.ca_bundle.setText(path)


class InterfacePage(SettingsPage):
    LANGUAGES = (("zh_CN", "简体中文"), ("en", "English"))  # each named in its own language

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("界面")
        layout = self._page_layout(self.title)
        self.language = QComboBox()
        for code, name in self.LANGUAGES:
            self.language.addItem(name, code)
        self.language.currentIndexChanged.connect(self.changed)
        self.language.setMinimumSize(160, 30)
        self.reminder = QSpinBox()
        self.reminder.setObjectName("meetingReminder")
        self.reminder.setRange(1, 1440)
        self.reminder.setSuffix(self.tr(" 分钟"))
        self.reminder.setMinimumSize(160, 30)
        self.reminder.valueChanged.connect(self.changed)
        form = _form()
        form.addRow(self.tr("语言："), self.language)
        form.addRow(self.tr("会议提醒提前："), self.reminder)
        layout.addLayout(form)
        layout.addWidget(_hint(self.tr("更改语言后，需要重新启动政通办公才能生效。")))
        layout.addStretch(1)

    def load(self, config: ProfileConfig) -> None:
        index = self.language.findData(config.language)
        self.language.setCurrentIndex(max(index, 0))
        self.reminder.setValue(config.meeting_reminder_min)

    def save(self, config: ProfileConfig) -> None:
        config.language = str(self.language.currentData())
        config.meeting_reminder_min = self.reminder.value()


def _is_font_file(value: str) -> bool:
    return value.lower().endswith(FONT_FILE_SUFFIXES) or "/" in value or "\\" in value


class FontsPage(SettingsPage):
    """The four GB/T 9704 typefaces: a family name, a font file, or empty for the standard name."""

    ROLES = ("title", "body", "heiti", "kaiti")
    STANDARD: ClassVar[Mapping[str, str]] = {
        "title": "方正小标宋简体",
        "body": "仿宋_GB2312",
        "heiti": "黑体",
        "kaiti": "楷体_GB2312",
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("公文字体")
        layout = self._page_layout(self.title)
        captions = {
            "title": self.tr("标题字体："),
            "body": self.tr("正文字体："),
            "heiti": self.tr("黑体（一级标题）："),
            "kaiti": self.tr("楷体（二级标题）："),
        }
        self._families = {f.casefold() for f in QFontDatabase.families()}
        completer = QCompleter(sorted(QFontDatabase.families()), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.edits: dict[str, QLineEdit] = {}
        self.status: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        for row, role in enumerate(self.ROLES):
            edit = QLineEdit()
            edit.setPlaceholderText(self.STANDARD[role])
            edit.setCompleter(completer)
            edit.textChanged.connect(lambda _text, r=role: self._update_status(r))
            edit.textChanged.connect(self.changed)
            pick = QPushButton(self.tr("选择文件…"))
            pick.clicked.connect(lambda _checked=False, r=role: self._pick_file(r))
            status = QLabel()
            status.setObjectName("fontStatus")
            status.setContentsMargins(0, 0, 0, 8)  # keeps each status with its own row
            self.edits[role], self.status[role] = edit, status
            grid.addWidget(QLabel(captions[role]), row * 2, 0)
            grid.addWidget(edit, row * 2, 1)
            grid.addWidget(pick, row * 2, 2)
            grid.addWidget(status, row * 2 + 1, 1, 1, 2)
        layout.addLayout(grid)
        layout.addWidget(
            _hint(
                self.tr(
                    "填写字体名称或选择字体文件（.ttf/.ttc）；留空时使用上面灰色显示的标准字体。"
                    "未安装的字体以内置字体代替，打印效果可能与正式公文略有差异。"
                )
            )
        )
        layout.addStretch(1)

    def load(self, config: ProfileConfig) -> None:
        for role in self.ROLES:
            self.edits[role].setText(getattr(config.fonts, role))
        self.refresh_status()

    def save(self, config: ProfileConfig) -> None:
        values = {role: self.edits[role].text().strip() for role in self.ROLES}
        for value in values.values():
            if value and _is_font_file(value) and not Path(value).is_file():
                raise UserError(self.tr("字体文件不存在：{path}").format(path=value))
        config.fonts = DocumentFonts(**values)

    def refresh_status(self) -> None:
        """Re-check every row: fonts get installed and files copied while the app runs."""
        self._families = {f.casefold() for f in QFontDatabase.families()}
        for role in self.ROLES:
            self._update_status(role)

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh_status()
        super().showEvent(event)

    def font_state(self, role: str) -> str:
        """What the status line under ``role`` says."""
        return self.status[role].text()

    def _update_status(self, role: str) -> None:
        value = self.edits[role].text().strip() or self.STANDARD[role]
        if _is_font_file(value):
            if Path(value).is_file():
                text, color = self.tr("使用字体文件"), OK_COLOR
            else:
                text, color = self.tr("字体文件不存在"), ERROR_COLOR
        elif value.casefold() in self._families:
            text, color = self.tr("已安装：{name}").format(name=value), OK_COLOR
        else:
            text, color = self.tr("“{name}”未安装，将使用内置字体").format(name=value), WARN_COLOR
        label = self.status[role]
        label.setText(text)
        label.setStyleSheet(f"color: {color};")

    def _pick_file(self, role: str) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择字体文件"),
            "",
            self.tr("字体文件 (*.ttf *.ttc *.otf);;所有文件 (*)"),
        )
        if path:
            self.edits[role].setText(path)


class AboutPage(SettingsPage):
    """政通办公, this version and what the server announces (newest version, download address,
    minimum), plus the versions support asks for."""

    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("关于")
        layout = self._page_layout(self.title)
        name = QLabel(self.tr("政通办公"))
        name.setObjectName("productName")
        layout.addWidget(name)
        layout.addWidget(_hint("ZhengTong Office"))
        self.version = QLabel(client_version())
        self.version.setObjectName("currentVersion")
        self.latest = QLabel()
        self.latest.setObjectName("latestVersion")
        self.download = QLabel()
        self.download.setObjectName("downloadLink")
        self.download.setTextFormat(Qt.TextFormat.RichText)
        self.download.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
        self.minimum = QLabel()
        self.minimum.setObjectName("minimumVersion")
        self.upgrade_note = QLabel()
        self.upgrade_note.setObjectName("upgradeNote")
        self.runtime = QLabel(
            f"Qt {qVersion()} · PySide6 {PySide6.__version__} · Python {platform.python_version()}"
        )
        self.runtime.setObjectName("runtimeVersions")
        self.system = QLabel(platform.platform(terse=True))
        self.folder = QLabel(str(profile.folder))
        self.database = QLabel(str(profile.db_path))
        form = _form()
        for label in (
            self.version,
            self.latest,
            self.minimum,
            self.upgrade_note,
            self.runtime,
            self.system,
            self.folder,
            self.database,
        ):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
        self.download.setWordWrap(True)
        # Labels do not grow by default: long paths and addresses would wrap into a narrow
        # column and be cut off.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("版本："), self.version)
        form.addRow(self.tr("服务器发布的最新版本："), self.latest)
        form.addRow(self.tr("下载地址："), self.download)
        form.addRow(self.tr("要求的最低版本："), self.minimum)
        form.addRow("", self.upgrade_note)
        self._form = form
        form.addRow(self.tr("运行环境："), self.runtime)
        form.addRow(self.tr("操作系统："), self.system)
        form.addRow(self.tr("配置文件夹："), self.folder)
        form.addRow(self.tr("数据库："), self.database)
        layout.addLayout(form)
        open_folder = QPushButton(self.tr("打开配置文件夹"))
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(profile.folder)))
        )
        row = QHBoxLayout()
        row.addWidget(open_folder)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.show_announcement(None)

    def load(self, config: ProfileConfig) -> None:
        pass  # nothing editable

    def save(self, config: ProfileConfig) -> None:
        pass

    def refresh(self) -> None:
        """Read the last announcement from the profile (a sync or login may have brought one)."""
        DbOp(self, stored).success(self.show_announcement).run()

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)

    def show_announcement(self, announcement: Announcement | None) -> None:
        if not shiboken6.isValid(self):
            return
        status = upgrade_status(client_version(), announcement)
        found = announcement or Announcement()
        self.latest.setText(found.latest or self.tr("服务器尚未发布"))
        if found.url:
            link = html.escape(found.url, quote=True)
            self.download.setText(f'<a href="{link}">{html.escape(found.url)}</a>')
        else:
            self.download.setText(self.tr("无（请向本单位信息化管理员索取安装包）"))
        self.minimum.setText(found.minimum or "")
        self._form.setRowVisible(self.minimum, bool(found.minimum))
        if status.need is Need.REQUIRED:
            note, colour = (
                self.tr("当前版本低于服务器要求，升级到 {version} 或更高版本后才能同步。").format(
                    version=status.minimum
                ),
                ERROR_COLOR,
            )
        elif status.need is Need.AVAILABLE:
            note, colour = (
                self.tr("有新版本 {version} 可下载。").format(version=status.latest),
                WARN_COLOR,
            )
        elif found.latest:
            note, colour = self.tr("已是最新版本。"), OK_COLOR
        else:
            note, colour = "", OK_COLOR
        self.upgrade_note.setText(note)
        self.upgrade_note.setStyleSheet(f"color: {colour};")
        self._form.setRowVisible(self.upgrade_note, bool(note))
