"""系统管理 in the client against a real server: units, people, roles, passwords, devices."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.domain.org import Role
from app.services.org import person_by_username
from app.sync.transport import AuthError
from tests.sync_harness import Server, SyncClient, free_port, running_server
from ui.admin import AdminDialog, AdminView
from ui.context import AppContext
from ui.mainwindow import MainWindow
from ui.taskman import ImmediateTaskManager, TaskManager, install_taskman

NEW_PASSWORD = "Tashan-2026-new"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("srv")) as srv:
        yield srv


@pytest.fixture
def admin(server: Server, tmp_path: Path) -> Iterator[SyncClient]:
    c = SyncClient(tmp_path / "wul", server.url, "wul")  # 吴磊, 系统管理员
    c.login()
    yield c
    c.close()


@pytest.fixture
def taskman(qapp: Any, admin: SyncClient) -> Iterator[TaskManager]:
    tm = ImmediateTaskManager(admin.sessions)
    install_taskman(tm)
    yield tm
    install_taskman(None)
    tm.shutdown()


def context_of(client: SyncClient, taskman: TaskManager) -> AppContext:
    with client.sessions() as session:
        user = person_by_username(session, username=client.username)
    assert user is not None
    return AppContext(client.profile, user, taskman, client.transport.tokens)


@pytest.fixture
def view(qtbot: QtBot, admin: SyncClient, taskman: TaskManager) -> AdminView:
    v = AdminView(context_of(admin, taskman))
    qtbot.addWidget(v)
    return v


def test_only_a_system_administrator_gets_the_menu_entry(
    qtbot: QtBot, admin: SyncClient, taskman: TaskManager, ctx: AppContext
) -> None:
    window = MainWindow(context_of(admin, taskman))
    qtbot.addWidget(window)
    dialog = window.show_admin()
    assert isinstance(dialog, AdminDialog) and not dialog.isModal()
    other = MainWindow(ctx)  # 张华生: no 系统管理
    qtbot.addWidget(other)
    assert not hasattr(other, "admin_action")


def test_create_a_unit_and_a_person_who_can_then_log_in(
    qtbot: QtBot, view: AdminView, admin: SyncClient, server: Server, tmp_path: Path
) -> None:
    view.unit_name.setText("北山乡人民政府")
    view.unit_code.setText("北山政")
    view.unit_level.setCurrentIndex(view.unit_level.findText("乡镇(街道)"))
    view.unit_parent.setCurrentIndex(view.unit_parent.findText("塔山市人民政府"))
    with qtbot.waitSignal(view.org_changed, timeout=1000):
        view.create_unit()
    assert view.message.text() == "已新建单位：北山乡人民政府", view.message.text()
    admin.sync()
    view.reload_org()  # what the window does after the sync the signal asks for
    index = view.person_unit.findText("北山乡人民政府")
    assert index >= 0
    view.person_unit.setCurrentIndex(index)
    view.person_username.setText("qianx")
    view.person_name.setText("钱欣")
    view.person_title.setText("收发员")
    view.person_password.setText(NEW_PASSWORD)
    view.person_roles.boxes[Role.CLERK].setChecked(True)
    with qtbot.waitSignal(view.org_changed):
        view.create_person()
    assert view.message.text() == "已新建人员：钱欣", view.message.text()

    newcomer = SyncClient(tmp_path / "qianx", server.url, "qianx")
    try:
        newcomer.login(NEW_PASSWORD)
        with newcomer.sessions() as session:
            person = person_by_username(session, username="qianx")
        assert person is not None and person.unit_name == "北山乡人民政府"
        assert person.roles == (Role.CLERK,)
    finally:
        newcomer.close()


def test_set_roles_and_reset_a_password(
    view: AdminView, admin: SyncClient, server: Server, tmp_path: Path
) -> None:
    view.existing_person.setCurrentIndex(view.existing_person.findData(_id(admin, "zhouq")))
    assert view.existing_roles.roles() == [Role.MEETING_ADMIN]
    view.existing_roles.boxes[Role.ARCHIVIST].setChecked(True)
    view.save_roles()
    assert view.message.text() == "已保存周强的角色", view.message.text()
    view.new_password.setText(NEW_PASSWORD)
    view.reset_password()
    assert view.message.text() == "已重置周强的密码"
    assert view.new_password.text() == ""

    zhouq = SyncClient(tmp_path / "zhouq", server.url, "zhouq")
    try:
        zhouq.login(NEW_PASSWORD)
        with zhouq.sessions() as session:
            person = person_by_username(session, username="zhouq")
        assert person is not None
        assert set(person.roles) == {Role.MEETING_ADMIN, Role.ARCHIVIST}
    finally:
        zhouq.close()


def test_list_and_revoke_a_device(view: AdminView, server: Server, tmp_path: Path) -> None:
    laptop = SyncClient(tmp_path / "laptop", server.url, "sunl")
    try:
        laptop.login()
        view.load_devices()
        usernames = [d.username for d in view.devices.rows]
        assert "sunl" in usernames and "wul" in usernames
        row = next(
            i for i, d in enumerate(view.devices.rows) if d.username == "sunl" and not d.revoked_at
        )
        view.devices_view.selectRow(row)
        view.revoke_device()
        assert view.message.text().startswith("已吊销设备"), view.message.text()
        revoked = [d for d in view.devices.rows if d.username == "sunl"]
        assert revoked and all(d.revoked_at for d in revoked)
        assert view.devices.index(row, 5).data() == "已吊销"
        with pytest.raises(AuthError):
            laptop.sync()
    finally:
        laptop.close()


def test_offline_says_so_in_plain_chinese(view: AdminView, admin: SyncClient) -> None:
    admin.profile.config.server_url = f"http://127.0.0.1:{free_port()}"
    view.load_devices()
    assert view.message.text().startswith("系统管理需要连接服务器"), view.message.text()
    view.unit_name.setText("不会建成的单位")
    view.create_unit()
    assert view.message.text().startswith("系统管理需要连接服务器")


def _id(client: SyncClient, username: str) -> str:
    with client.sessions() as session:
        person = person_by_username(session, username=username)
    assert person is not None
    return person.id
