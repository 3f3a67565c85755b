"""Pinyin search keys for names: 张华生 → initials "zhs", full "zhanghuasheng".

Names with heteronyms (曾, 单, 解 …) get every reading so that a search by either finds them.
pypinyin loads a large dictionary, so it is imported only when keys are computed (on writes),
never on the start-up path.
"""

from __future__ import annotations

import itertools

MAX_VARIANTS = 8


def search_keys(name: str) -> tuple[str, str]:
    """(initials, full) search keys; alternatives are separated by spaces."""
    from pypinyin import Style, pinyin

    readings: list[list[str]] = pinyin(name, style=Style.NORMAL, heteronym=True, errors="default")
    per_char = [sorted({r.lower() for r in options if r}) or [""] for options in readings]
    fulls: list[str] = []
    initials: list[str] = []
    for combo in itertools.islice(itertools.product(*per_char), MAX_VARIANTS):
        full = "".join(combo)
        if full not in fulls:
            fulls.append(full)
        ini = "".join(part[:1] for part in combo)
        if ini not in initials:
            initials.append(ini)
    return " ".join(initials), " ".join(fulls)
