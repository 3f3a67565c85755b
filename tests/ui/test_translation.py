"""The English translation is built from the .ts source during set-up and switches the UI."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree import ElementTree as ET

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication, QListWidget
from pytestqt.qtbot import QtBot

from ui.app import resources_dir
from ui.context import AppContext
from ui.mainwindow import MainWindow

TS = resources_dir() / "translations" / "zhengtong_en.ts"
QM = TS.with_suffix(".qm")


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    translator = QTranslator()
    assert translator.load(str(QM)), f"{QM} missing: set-up runs pyside6-lrelease"
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def test_every_source_string_has_an_english_translation() -> None:
    messages = list(ET.parse(TS).getroot().iter("message"))
    assert len(messages) > 100
    unfinished = [
        m.findtext("source")
        for m in messages
        if not m.findtext("translation") or m.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
    ]
    assert unfinished == []


def test_the_main_window_speaks_english(qtbot: QtBot, ctx: AppContext, english: None) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    nav = window.findChild(QListWidget)
    assert nav is not None
    labels = [nav.item(i).text() for i in range(nav.count())]
    assert labels == [
        "Workbench",
        "Incoming",
        "Outgoing",
        "Meetings",
        "Notices",
        "Contacts",
        "Settings",
    ]


def test_chinese_is_the_default(qtbot: QtBot, ctx: AppContext) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    nav = window.findChild(QListWidget)
    assert nav is not None
    assert nav.item(0).text() == "工作台"
