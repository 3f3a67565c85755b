"""The login dialog: offline login against this computer's verifier (server login comes later)."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

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

from app.config import ProfileConfig
from app.errors import UserError
from app.profile import Profile
from app.services.login import login_offline
from app.services.org import PersonRow
from ui.operations import DbOp, show_error
from ui.sections import icon


class LoginDialog(QDialog):
    """Asks for user name and password; on success ``user`` holds the person and it accepts."""

    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
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
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(440)

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
        form.addRow(self.tr("服务器地址"), self.server)
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        form.addRow("", self.remember)
        return form

    @Slot()
    def submit(self) -> None:
        """Check the password on the database worker; the dialog stays responsive meanwhile."""
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
        op = partial(
            login_offline,
            username=self.username.text(),
            password=self.password.text(),
            remember=self.remember.isChecked(),
        )
        DbOp(self, op).success(self._logged_in).failure(self._failed).run()

    def _logged_in(self, user: PersonRow) -> None:
        self.user = user
        self._remember_form()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.login_button.setEnabled(True)
        if not isinstance(exc, UserError):
            show_error(self, exc)
            return
        self.password.clear()
        self._show_error(str(exc), self.password)

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
