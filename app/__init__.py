"""ZhengTong Office (政通办公) core: Qt-free code shared by the desktop client and the server."""

from __future__ import annotations

__version__ = "0.1.0"
