"""设置: pages load the config, 保存 validates then writes, 还原 drops edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.changes import Changes
from app.config import CONFIG_NAME, DocumentFonts, ProfileConfig
from ui.context import AppContext
from ui.settings import SettingsView


@pytest.fixture
def saved(ctx: AppContext) -> ProfileConfig:
    """A config already on disk, as after the first login."""
    cfg = ProfileConfig(
        server_url="https://oa.tashan.gov.cn",
        username="zhanghs",
        sync_interval_min=10,
        fonts=DocumentFonts(body="WenQuanYi Micro Hei"),
    )
    cfg.save(ctx.profile.folder)
    ctx.profile.config = cfg
    return cfg


def _file(ctx: AppContext) -> str:
    return (ctx.profile.folder / CONFIG_NAME).read_text(encoding="utf-8")


def test_load_shows_config(ctx: AppContext, saved: ProfileConfig, qtbot: QtBot) -> None:
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    assert [view.page_list.item(i).text() for i in range(view.page_list.count())] == [
        "服务器与网络",
        "界面",
        "公文字体",
        "关于",
    ]
    assert view.network.server_url.text() == "https://oa.tashan.gov.cn"
    assert view.network.sync_interval.value() == 10
    assert view.interface.language.currentText() == "简体中文"
    assert view.fonts.edits["body"].text() == "WenQuanYi Micro Hei"
    assert view.about.folder.text() == str(ctx.profile.folder)
    assert view.about.database.text().endswith("zhengtong.sqlite3")
    assert not view.save_button.isEnabled()  # nothing edited yet


def test_invalid_url_shows_inline_error(
    ctx: AppContext, saved: ProfileConfig, qtbot: QtBot
) -> None:
    before = _file(ctx)
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    view.network.server_url.setText("ftp://x")
    assert view.save_button.isEnabled()
    assert view.save() is False
    assert "http://" in view.message.text()
    assert _file(ctx) == before
    assert ctx.profile.config.server_url == "https://oa.tashan.gov.cn"


def test_valid_edits_are_saved_and_broadcast(
    ctx: AppContext, saved: ProfileConfig, qtbot: QtBot
) -> None:
    seen: list[Changes] = []
    ctx.taskman.changes_applied.connect(lambda ch, _who: seen.append(ch))
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    view.network.server_url.setText("https://oa2.tashan.gov.cn")
    view.network.proxy.setText("socks5://10.1.1.1:1080")
    view.network.sync_interval.setValue(30)
    view.interface.language.setCurrentIndex(view.interface.language.findData("en"))
    view.interface.reminder.setValue(30)
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    on_disk = ProfileConfig.load(ctx.profile.folder)
    assert on_disk.meeting_reminder_min == 30
    assert on_disk.server_url == "https://oa2.tashan.gov.cn"
    assert on_disk.proxy == "socks5://10.1.1.1:1080"
    assert on_disk.sync_interval_min == 30
    assert on_disk.language == "en"
    assert on_disk.username == "zhanghs"  # fields no page shows survive a save
    assert on_disk.fonts.body == "WenQuanYi Micro Hei"
    assert ctx.profile.config == on_disk
    assert "重新启动" in view.message.text()
    assert seen == [Changes(config=True)]
    assert not view.save_button.isEnabled()


def test_revert_discards_edits(ctx: AppContext, saved: ProfileConfig, qtbot: QtBot) -> None:
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    view.network.server_url.setText("https://elsewhere.example")
    view.fonts.edits["title"].setText("SimSun")
    view.revert()
    assert view.network.server_url.text() == "https://oa.tashan.gov.cn"
    assert view.fonts.edits["title"].text() == ""
    assert not view.revert_button.isEnabled()
    assert ProfileConfig.load(ctx.profile.folder) == saved


def test_missing_ca_file_is_refused(
    ctx: AppContext, saved: ProfileConfig, qtbot: QtBot, tmp_path: Path
) -> None:
    before = _file(ctx)
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    view.network.ca_bundle.setText(str(tmp_path / "missing.pem"))
    assert not view.save()
    assert "CA 证书文件不存在" in view.message.text()
    assert _file(ctx) == before
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    view.network.ca_bundle.setText(str(ca))
    assert view.save()
    assert ProfileConfig.load(ctx.profile.folder).ca_bundle == str(ca)


def test_font_status(ctx: AppContext, saved: ProfileConfig, qtbot: QtBot, tmp_path: Path) -> None:
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    assert view.fonts.font_state("body") == "已安装：WenQuanYi Micro Hei"
    # The standard family stands in when the field is empty; it is not installed here.
    assert view.fonts.font_state("title") == "“方正小标宋简体”未安装，将使用内置字体"
    view.fonts.edits["kaiti"].setText(str(tmp_path / "kai.ttf"))
    assert view.fonts.font_state("kaiti") == "字体文件不存在"
    before = _file(ctx)
    assert not view.save()
    assert "字体文件不存在" in view.message.text()
    assert _file(ctx) == before
    (tmp_path / "kai.ttf").write_bytes(b"\0")
    view.fonts.refresh_status()  # as when the page is shown again
    assert view.fonts.font_state("kaiti") == "使用字体文件"
    assert view.save()
    assert ProfileConfig.load(ctx.profile.folder).fonts.kaiti == str(tmp_path / "kai.ttf")


def test_config_changed_elsewhere_is_shown(
    ctx: AppContext, saved: ProfileConfig, qtbot: QtBot
) -> None:
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    ctx.profile.config = ProfileConfig(server_url="https://new.example", username="zhanghs")
    ctx.taskman.broadcast(Changes(config=True), None)
    assert view.network.server_url.text() == "https://new.example"


def test_config_changed_elsewhere_keeps_unsaved_edits(
    ctx: AppContext, saved: ProfileConfig, qtbot: QtBot
) -> None:
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    view.network.proxy.setText("http://10.1.1.1:8080")
    ctx.profile.config = ProfileConfig(server_url="https://new.example", username="zhanghs")
    ctx.taskman.broadcast(Changes(config=True), None)
    assert view.network.proxy.text() == "http://10.1.1.1:8080"
