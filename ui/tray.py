"""The notification-area icon: a quick way back to the window, nothing more.

Closing the main window quits the program. It never hides in the tray: civil servants expect a
closed window to be closed (and the profile lock released for the next start), and a program
that keeps running unseen confuses them and the IT staff who support them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from ui.sections import icon


def bring_to_front(window: QWidget) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def install_tray(window: QWidget) -> QSystemTrayIcon | None:
    """A tray icon for ``window``, or None where the desktop has no tray (offscreen, kiosks)."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    tray = QSystemTrayIcon(icon("zhengtong"), window)
    tray.setToolTip(QCoreApplication.translate("Tray", "政通办公"))
    menu = QMenu(window)
    show_action = QAction(QCoreApplication.translate("Tray", "显示主窗口"), menu)
    show_action.triggered.connect(lambda: bring_to_front(window))
    quit_action = QAction(QCoreApplication.translate("Tray", "退出"), menu)
    quit_action.triggered.connect(window.close)
    menu.addAction(show_action)
    menu.addSeparator()
    menu.addAction(quit_action)
    tray.setContextMenu(menu)

    def activated(reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            bring_to_front(window)

    tray.activated.connect(activated)
    tray.show()
    return tray
