"""The login dialog: on the server when one is set (registering this computer and syncing once),
else — or when the server cannot be reached — offline against this computer's verifier.

The server login runs on the network pool (``app.sync.client.login``), the offline check on the
database worker; the dialog stays responsive and shows errors inline, never in a popup.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import Changes
from app.config import ProfileConfig
from app.errors import UserError
from app.profile import Profile
from app.services.login import REMEMBERED_KEY, login_offline
from app.services.org import PersonRow, person_by_username
from app.services.workbench import set_meta
from app.sync.transport import OfflineError
from app.versions import UpgradeRequired
from ui.operations import DbOp, NetOp, show_error
from ui.sections import icon
from ui.taskman import current_taskman

if TYPE_CHECKING:
    from app.sync.transport import Tokens


def server_login(
    profile: Profile, config: ProfileConfig, username: str, password: str, tokens: Tokens | None
) -> str:
    """Network thread: a quick reachability check (so an offline fallback does not wait for
    every retry), then the real login. Returns the person's display name."""
    import requests

    from app.sync.client import login
    from ui.statusbar import probe_server

    try:
        probe_server(config)
    except requests.RequestException as exc:
        raise OfflineError(f"无法连接服务器 {config.server_url}：{type(exc).__name__}") from None
    return login(
        profile, server_url=config.server_url, username=username, password=password, tokens=tokens
    )


def _after_server_login(session: Session, *, username: str, remember: bool) -> PersonRow:
    person = person_by_username(session, username=username.strip().lower())
    if person is None:
        raise UserError(f"服务器通讯录中没有用户“{username}”")
    set_meta(session, REMEMBERED_KEY, person.username if remember else None)
    return person


class LoginDialog(QDialog):
    """Asks for user name and password; on success ``user`` holds the person and it accepts."""

    def __init__(
        self,
        profile: Profile,
        parent: QWidget | None = None,
        *,
        tokens: Tokens | None = None,
        online_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.profile = profile
        self.tokens = tokens
        # Logging in again after the server refused the old login: offline would not help.
        self.online_only = online_only
        # Whether the last login went offline (server unreachable), and the server's message
        # when it refused this version (426) and the login went offline for that.
        self.offline, self.upgrade_message = False, ""
        self.user: PersonRow | None = None
        self._pending_config: ProfileConfig | None = None
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("登录 — 政通办公"))
        self.setWindowIcon(icon("zhengtong"))

        config = profile.config
        self.server = QLineEdit(config.server_url, self)
        self.server.setPlaceholderText(self.tr("例如 https://oa.example.gov.cn"))
        self.username = QLineEdit(config.username, self)
        self.username.setPlaceholderText(self.tr("登录名"))
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("记住登录"), self)
        self.remember.setChecked(True)
        self.busy = QLabel(self)
        self.busy.setObjectName("hint")
        self.busy.hide()

        # Errors stay in the dialog: a popup over a login form hides what needs correcting.
        self.error = QLabel(self)
        self.error.setObjectName("loginError")
        self.error.setStyleSheet("color: #C8102E;")
        self.error.setWordWrap(True)
        self.error.hide()

        self.login_button = QPushButton(self.tr("登录"), self)
        self.login_button.setObjectName("primaryButton")
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("取消"), self)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.login_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(14)
        layout.addLayout(self._header())
        layout.addSpacing(6)
        layout.addLayout(self._form())
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)

        (self.password if config.username else self.username).setFocus()

    def _header(self) -> QHBoxLayout:
        logo = QLabel(self)
        logo.setPixmap(icon("zhengtong").pixmap(48, 48))
        product = QLabel(self.tr("政通办公"), self)
        product.setObjectName("loginProduct")
        tagline = QLabel(self.tr("公文 · 会议 · 通知　离线也能办公"), self)
        tagline.setObjectName("loginTagline")
        names = QVBoxLayout()
        names.setSpacing(2)
        names.addWidget(product)
        names.addWidget(tagline)
        header = QHBoxLayout()
        header.setSpacing(12)
        header.addWidget(logo)
        header.addLayout(names)
        header.addStretch(1)
        return header

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(10)
        self.server.setToolTip(self.tr("留空则只在本机离线登录"))
        form.addRow(self.tr("服务器地址"), self.server)
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        form.addRow("", self.remember)
        return form

    @Slot()
    def submit(self) -> None:
        """Log in on the server (network pool) or offline (database worker); the dialog stays
        responsive meanwhile."""
        config = replace(
            self.profile.config,
            server_url=self.server.text().strip(),
            username=self.username.text().strip(),
        )
        try:
            config.validate()
        except UserError as exc:
            self._show_error(str(exc), self.server)
            return
        self._pending_config = config
        self.login_button.setEnabled(False)
        self.error.hide()
        self.offline, self.upgrade_message = False, ""
        if config.server_url:
            self._say_busy(self.tr("正在连接服务器并同步通讯录…"))
            work = partial(
                server_login,
                self.profile,
                config,
                self.username.text(),
                self.password.text(),
                self.tokens,
            )
            NetOp(self, work).success(self._server_ok).failure(self._server_failed).run()
        elif self.online_only:
            self._failed(UserError(self.tr("请填写服务器地址")))
        else:
            self._login_offline()

    def _say_busy(self, text: str) -> None:
        self.busy.setText(text)
        self.busy.setVisible(bool(text))

    def _login_offline(self) -> None:
        op = partial(
            login_offline,
            username=self.username.text(),
            password=self.password.text(),
            remember=self.remember.isChecked(),
        )
        DbOp(self, op).success(self._logged_in).failure(self._failed).run()

    def _server_ok(self, _display_name: str) -> None:
        op = partial(
            _after_server_login,
            username=self.username.text(),
            remember=self.remember.isChecked(),
        )
        DbOp(self, op).success(self._logged_in_online).failure(self._failed).run()

    def _logged_in_online(self, user: PersonRow) -> None:
        # login() stored the server address; 设置 and the status bar show it now.
        self._pending_config = None
        current_taskman().broadcast(Changes(config=True, org=True, sync_state=True), self)
        self._logged_in(user)

    def _server_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UpgradeRequired) and not self.online_only:
            # Too old for the server, not for the data here: work offline until the upgrade
            # (the status bar says so in red); the server's message is kept should that fail.
            self.offline = True
            self.upgrade_message = str(exc)
            self._say_busy(self.tr("客户端版本过旧，正在离线登录…"))
            self._login_offline()
            return
        if isinstance(exc, OfflineError) and not self.online_only:
            # Working without the network is the point of this client: fall back quietly.
            self.offline = True
            self._say_busy(self.tr("无法连接服务器，正在离线登录…"))
            self._login_offline()
            return
        self._failed(exc)

    def _logged_in(self, user: PersonRow) -> None:
        self.user = user
        self._say_busy("")
        self._remember_form()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.login_button.setEnabled(True)
        self._say_busy("")
        if not isinstance(exc, UserError):
            show_error(self, exc)
            return
        self.password.clear()
        message = str(exc)
        if self.upgrade_message:
            message = self.upgrade_message + "\n" + self.tr("离线登录也未成功：") + message
            self.offline, self.upgrade_message = False, ""
        elif self.offline:
            message = self.tr("无法连接服务器，离线登录也未成功：") + message
            self.offline = False
        self._show_error(message, self.password)

    def _show_error(self, message: str, focus: QLineEdit) -> None:
        self.error.setText(message)
        self.error.show()
        focus.setFocus()

    def _remember_form(self) -> None:
        """Keep the server and user name typed here for the next start (small file, GUI thread)."""
        if self._pending_config is None or self._pending_config == self.profile.config:
            return
        self.profile.config = self._pending_config
        self.profile.save_config()
