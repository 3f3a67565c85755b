"""The 正文 as the editor sees it: heading numbers and the 附件说明 block (pure text rules).

Heading levels are the renderer's (``app.render.text.detect_level``: 一、 / （一） / 1. / （1）), so
what the editor numbers is what the PDF sets in 黑体/楷体. A new heading takes the number after
the last sibling above it; a heading of a higher level in between starts the count again, so
"（一）" follows a new "二、".

The 附件说明 (GB/T 9704 §7.3.4) is written below the 正文 as "附件：1.名称", one line per file,
continuation lines aligned under the first number; a single file carries no number. The PDF
draws it from the record's attachment list, so ``body_paragraphs`` leaves the typed block out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from app.render.text import detect_level

LEVELS = (1, 2, 3, 4)
LEVEL_NAMES = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}

_DIGITS = "零一二三四五六七八九"
_CN_VALUE = {**{c: i for i, c in enumerate(_DIGITS)}, "〇": 0, "两": 2}
_CN_UNIT = {"十": 10, "百": 100}

NOTE_LABEL = "附件："
# Continuation lines of the 附件说明 sit under the first name: as wide as "附件：".
NOTE_INDENT = "\u3000" * len(NOTE_LABEL)
_NOTE_START = re.compile(r"^附件[：:]")
_NOTE_MORE = re.compile(r"^[0-9０-９]+[.．]")
# A file name's extension: not part of the title a 附件说明 lists.
_EXTENSION = re.compile(r"^\.[A-Za-z0-9]{1,5}$")


def cn_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (heading numbers, 1–999)."""
    if n <= 0:
        raise ValueError("heading numbers start at 1")
    if n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        # 十二 alone, but 一百一十二 inside a larger number.
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    if ones:
        out += _DIGITS[ones]
    return out


def parse_cn_numeral(text: str) -> int | None:
    """The value of a Chinese numeral (一 … 九百九十九); None when it is not one."""
    if not text:
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _CN_VALUE:
            digit = _CN_VALUE[ch]
        elif ch in _CN_UNIT:
            total += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def heading_prefix(level: int, n: int) -> str:
    """The numbering of heading ``n`` at ``level``: 一、 / （一） / 1. / （1）."""
    if level == 1:
        return f"{cn_numeral(n)}、"
    if level == 2:
        return f"（{cn_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"no heading level {level}")


def heading_of(line: str) -> tuple[int, int] | None:
    """(level, number) of a heading line, None for a plain paragraph."""
    level = detect_level(line)
    if not level:
        return None
    head = line.strip().lstrip("（(")
    digits = re.match(r"[0-9０-９]+", head)
    if digits:
        return level, int(digits.group())  # int() reads full-width digits too
    numeral = re.match(rf"[{_DIGITS}〇两十百]+", head)
    value = parse_cn_numeral(numeral.group()) if numeral else None
    return (level, value) if value else None


def note_span(lines: Sequence[str]) -> tuple[int, int] | None:
    """Lines [start, end) of the last 附件说明 block, None when there is none."""
    for start in range(len(lines) - 1, -1, -1):
        if _NOTE_START.match(lines[start].strip()):
            end = start + 1
            while (
                end < len(lines)
                and lines[end][:1].isspace()
                and _NOTE_MORE.match(lines[end].strip())
            ):
                end += 1
            return start, end
    return None


def next_number(lines_above: Sequence[str], level: int) -> int:
    """The number a new heading at ``level`` takes below ``lines_above``."""
    span = note_span(lines_above)
    for i in range(len(lines_above) - 1, -1, -1):
        if span and span[0] <= i < span[1]:
            continue  # "2.名称" in the 附件说明 is no heading
        found = heading_of(lines_above[i])
        if found is None:
            continue
        found_level, number = found
        if found_level == level:
            return number + 1
        if found_level < level:
            return 1  # a new parent: the count starts again
    return 1


@dataclass(frozen=True, slots=True)
class Insertion:
    """Insert ``text`` at ``position`` (an index into the 正文); the cursor goes to ``cursor``."""

    position: int
    text: str

    @property
    def cursor(self) -> int:
        return self.position + len(self.text)


def heading_insertion(text: str, cursor: int, level: int) -> Insertion:
    """A new paragraph with the next heading number at ``level``, after the cursor's line (or
    on that line when it is empty)."""
    if level not in LEVELS:
        raise ValueError(f"no heading level {level}")
    cursor = max(0, min(cursor, len(text)))
    line_start = text.rfind("\n", 0, cursor) + 1
    line_end = text.find("\n", cursor)
    line_end = len(text) if line_end < 0 else line_end
    current = text[line_start:line_end]
    above_end = line_start if not current.strip() else line_end
    prefix = heading_prefix(level, next_number(text[:above_end].split("\n"), level))
    if not current.strip():
        return Insertion(line_end, prefix)
    return Insertion(line_end, "\n" + prefix)


def attachment_title(name: str) -> str:
    """How a file is named in the 附件说明: its name without the extension."""
    path = PurePath(name)
    title = path.stem if _EXTENSION.match(path.suffix) else name
    return title.strip().rstrip("。.；;，,") or name


def attachment_note(names: Sequence[str]) -> list[str]:
    """The 附件说明 lines for ``names`` (file names); no lines for no files."""
    titles = [attachment_title(n) for n in names]
    if len(titles) == 1:
        return [f"{NOTE_LABEL}{titles[0]}"]
    return [
        f"{NOTE_LABEL if k == 1 else NOTE_INDENT}{k}.{title}"
        for k, title in enumerate(titles, start=1)
    ]


def with_attachment_note(text: str, names: Sequence[str]) -> str:
    """The 正文 with its 附件说明 block made to list ``names``: replaced where it is, added
    below the text (after one blank line) when missing, removed when there are no files."""
    lines = text.split("\n")
    block = attachment_note(names)
    span = note_span(lines)
    if span is not None:
        start, end = span
        if not block:  # no files: drop the block and the blank line above it
            while start > 0 and not lines[start - 1].strip():
                start -= 1
        return "\n".join([*lines[:start], *block, *lines[end:]])
    if not block:
        return text
    head = text.rstrip()
    return "\n".join([head, "", *block]) if head else "\n".join(block)


def body_paragraphs(text: str) -> list[str]:
    """The 正文 paragraphs to typeset: non-blank lines, without the typed 附件说明 block."""
    lines = text.splitlines()
    span = note_span(lines)
    if span is not None:
        lines = lines[: span[0]] + lines[span[1] :]
    return [line for line in lines if line.strip()]
