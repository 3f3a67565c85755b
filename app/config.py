"""Per-profile configuration that the core needs (server, network, document fonts).

Stored as JSON in the profile folder so the CLI and the GUI read the same values. Secrets never go
here: tokens and keys live in the OS keyring (app.security.credentials).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from app.errors import UserError

CONFIG_NAME = "profile.json"


@dataclass(slots=True)
class DocumentFonts:
    """Font family name or file path per typographic role of GB/T 9704 (empty: auto-detect)."""

    title: str = ""  # 方正小标宋简体
    body: str = ""  # 仿宋_GB2312
    heiti: str = ""  # 黑体
    kaiti: str = ""  # 楷体_GB2312


@dataclass(slots=True)
class ProfileConfig:
    server_url: str = ""
    username: str = ""
    proxy: str = ""
    ca_bundle: str = ""
    language: str = "zh_CN"
    sync_interval_min: int = 5
    meeting_reminder_min: int = 15  # the 会议提醒 pops up this long before each of my meetings
    fonts: DocumentFonts = field(default_factory=DocumentFonts)

    @classmethod
    def load(cls, folder: Path) -> ProfileConfig:
        path = folder / CONFIG_NAME
        if not path.exists():
            return cls()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UserError(f"配置文件 {path} 无法读取：{exc}") from exc
        if not isinstance(raw, dict):
            raise UserError(f"配置文件 {path} 格式不正确")
        return cls.from_dict(raw)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ProfileConfig:
        # Unknown keys (from a newer version) are ignored rather than refused.
        known = {f.name for f in fields(cls)} - {"fonts"}
        cfg = cls(**{k: v for k, v in raw.items() if k in known})
        fonts = raw.get("fonts")
        if isinstance(fonts, dict):
            names = {f.name for f in fields(DocumentFonts)}
            cfg.fonts = DocumentFonts(**{k: str(v) for k, v in fonts.items() if k in names})
        return cfg

    def validate(self) -> None:
        url = self.server_url.strip()
        if url and not url.startswith(("http://", "https://")):
            raise UserError("服务器地址应以 http:// 或 https:// 开头")
        if self.proxy and not self.proxy.startswith(("http://", "https://", "socks5://")):
            raise UserError("代理地址应以 http://、https:// 或 socks5:// 开头")
        if self.ca_bundle and not Path(self.ca_bundle).is_file():
            raise UserError(f"CA 证书文件不存在：{self.ca_bundle}")
        if self.language not in ("zh_CN", "en"):
            raise UserError(f"不支持的界面语言：{self.language}")
        if not 1 <= self.sync_interval_min <= 1440:
            raise UserError("自动同步间隔应在 1 到 1440 分钟之间")
        if not 1 <= self.meeting_reminder_min <= 1440:
            raise UserError("会议提醒时间应在 1 到 1440 分钟之间")

    def save(self, folder: Path) -> None:
        """Validate, then write atomically (a crash leaves the old file, never half a file)."""
        self.validate()
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / (CONFIG_NAME + ".tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, folder / CONFIG_NAME)
