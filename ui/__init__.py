"""PySide6 desktop client: windows, views, dialogs and the background task manager."""
