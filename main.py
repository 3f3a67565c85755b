"""政通办公 ZhengTong Office — desktop entry point.

No command opens the GUI; a command (``status``, later ``login``, ``sync``, ``render`` …) runs
headless through the same services.
"""

from __future__ import annotations

import argparse
import sys


def _gui(args: argparse.Namespace) -> int:
    from ui.app import run_gui

    return run_gui(args)


def _self_test() -> int:
    from ui.selftest import run_self_test

    return run_self_test()


def main(argv: list[str] | None = None) -> int:
    from app.cli import main as cli_main

    return cli_main(sys.argv[1:] if argv is None else argv, gui=_gui, self_test=_self_test)


if __name__ == "__main__":
    sys.exit(main())
