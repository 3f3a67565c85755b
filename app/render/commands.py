"""``main.py render``: a 公文 described in JSON → a GB/T 9704 PDF."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.cli import command
from app.config import DocumentFonts, ProfileConfig
from app.errors import UserError


def _render_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "input", metavar="INPUT.json", help="公文描述（JSON，格式见 docs/render.md；- 为标准输入）"
    )
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf", type=Path, help="输出 PDF")


@command("render", "按 GB/T 9704 将 JSON 描述的公文排版为 PDF (JSON → PDF)", _render_args)
def cmd_render(args: argparse.Namespace) -> int:
    # reportlab loads only here: the other commands (and the GUI) must start fast.
    from app.render.document import render_document

    raw = read_input(args.input)
    pages = render_document(raw, args.output, fonts=_profile_fonts(args))
    sys.stdout.write(f"已生成 {args.output}（{pages} 页）\n")
    return 0


def read_input(name: str) -> Any:
    """The parsed JSON of ``name`` (a file, or ``-`` for stdin); ``UserError`` when unreadable."""
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"输入文件不存在：{name}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"输入文件无法读取：{name}（{exc}）") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(
            f"输入文件不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}"
        ) from None


def _profile_fonts(args: argparse.Namespace) -> DocumentFonts | None:
    """The font mapping of ``--profile`` (or of the last used profile); None: auto-detect."""
    folder = getattr(args, "profile", None)
    if folder is None:
        from app.profile import last_profile

        folder = last_profile()
    if folder is None or not Path(folder).is_dir():
        return None
    return ProfileConfig.load(Path(folder)).fonts
