"""Paragraph structure and line breaking for Chinese text with Latin words and numbers.

Breaking follows Chinese typesetting rules (禁则): a line never starts with closing punctuation
(，。、）” …) nor ends with opening punctuation (（“《 …); Latin words and numbers (``COVID-19``,
``2026``, ``3.5%``) stay whole, spaces between them are break points that vanish at line ends.
Lines other than a paragraph's last are justified by adjusting the tracking, so the right edge
is straight like a Word document on the 28-character grid.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.render.fonts import Face, FontSet
from app.render.layout import EPS, JUSTIFY_LIMIT

# Characters that may not begin a line: they glue to the atom before them.
NO_LINE_START = frozenset(
    "，。、；：？！）》」』】〕〗］｝”’…—～·％‰℃°′″々〉"
    ",.;:?!)]}%"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー"
)
# Invisible mark between two characters that must stay on one line (removed before drawing).
NO_BREAK = "\u2060"  # WORD JOINER
# Characters that may not end a line: the atom after them glues to them.
NO_LINE_END = frozenset("（《「『【〔〖［｛“‘〈([{")

_CN_NUM = "一二三四五六七八九十百零〇"
# Heading numbering of 正文 levels 1–4: 一、 / （一） / 1. or 1、 / （1）.
_LEVEL_PATTERNS = (
    (1, re.compile(rf"^[{_CN_NUM}]+、")),
    (2, re.compile(rf"^[（(][{_CN_NUM}]+[）)]")),
    (3, re.compile(r"^[0-9０-９]+(?:[.．](?![0-9０-９])|、)")),
    (4, re.compile(r"^[（(][0-9０-９]+[）)]")),
)
# The heading part of a run-in heading ends at the first full stop / colon after the number.
_RUN_IN_END = re.compile(r"[。：:！？]")

HEADING_ROLES = {1: "heiti", 2: "kaiti", 3: "body", 4: "body"}

# Title breaks: phrase boundaries that keep words whole, and what a break elsewhere costs
# (as a fraction of the measure that the two lines may differ by instead).
_BREAK_BEFORE = ("关于", "对于", "印发", "转发", "批转")
_BREAK_AFTER = ("的", "和", "与", "及", "、", "暨")
TITLE_WORD_BREAK_COST = 0.5


def detect_level(text: str) -> int:
    """0 for a plain paragraph, 1–4 for the 正文 heading levels recognised by their numbering."""
    stripped = text.lstrip()
    for level, pattern in _LEVEL_PATTERNS:
        if pattern.match(stripped):
            return level
    return 0


def split_heading(text: str, level: int) -> tuple[str, str]:
    """(heading part, rest): "（一）加强领导。各单位要……" → ("（一）加强领导。", "各单位要……").

    Only the heading part takes the level's font (黑体 for 一、, 楷体 for （一）); a heading that
    is the whole paragraph has no rest.
    """
    if level == 0:
        return "", text
    match = _RUN_IN_END.search(text)
    if match is None or match.end() >= len(text.rstrip()):
        return text, ""
    return text[: match.end()], text[match.end() :]


@dataclass(frozen=True, slots=True)
class Run:
    """Text in one face and size (a paragraph is a sequence of runs)."""

    text: str
    face: Face
    size: float


@dataclass(frozen=True, slots=True)
class Piece:
    """Part of a laid-out line drawn with one face."""

    text: str
    face: Face
    size: float


@dataclass(frozen=True, slots=True)
class LaidLine:
    pieces: tuple[Piece, ...]
    indent: float  # from the left edge of the measure
    char_space: float  # tracking for this line (justified lines open it up)
    width: float  # drawn width including trailing tracking
    last: bool  # a paragraph's last line (not justified)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    @property
    def ink_width(self) -> float:
        """Width from the first glyph's left to the last glyph's advance (no trailing tracking)."""
        return self.width - self.char_space if self.pieces else 0.0


def _is_latin(ch: str) -> bool:
    """Half-width word characters that stay together (letters, digits, ASCII punctuation)."""
    code = ord(ch)
    return (0x21 <= code < 0x2000 or 0xFF10 <= code <= 0xFF19) and ch not in NO_LINE_END


def keep_whole(text: str) -> str:
    """``text`` marked so that no line break falls inside it (a person's or unit's name)."""
    return NO_BREAK.join(text)


def _atoms(chars: str, glue: frozenset[int] = frozenset()) -> list[tuple[int, int, bool]]:
    """Unbreakable groups as (start, end, is_space), with the 禁则 glue applied.

    ``glue`` holds the indexes that may not start a line (they followed a ``NO_BREAK``).
    """
    spans: list[tuple[int, int, bool]] = []
    i, n = 0, len(chars)
    while i < n:
        ch = chars[i]
        if ch == " ":
            j = i + 1
            while j < n and chars[j] == " ":
                j += 1
            spans.append((i, j, True))
        elif _is_latin(ch) and ch not in NO_LINE_START:
            j = i + 1
            while j < n and _is_latin(chars[j]):
                j += 1
            spans.append((i, j, False))
        else:
            j = i + 1
            spans.append((i, j, False))
        i = j
    glued: list[tuple[int, int, bool]] = []
    for start, end, space in spans:
        if glued and start in glue:
            glued[-1] = (glued[-1][0], end, False)
            continue
        if glued and not space and not glued[-1][2]:
            prev_start, prev_end, _ = glued[-1]
            if chars[start] in NO_LINE_START or chars[prev_end - 1] in NO_LINE_END:
                glued[-1] = (prev_start, end, False)
                continue
        glued.append((start, end, space))
    return glued


def break_lines(
    runs: Sequence[Run],
    fonts: FontSet,
    *,
    width: float,
    first_indent: float = 0.0,
    indent: float = 0.0,
    char_space: float = 0.0,
    justify: bool = True,
) -> list[LaidLine]:
    """Break ``runs`` into lines of at most ``width`` (the measure, indents included).

    Characters a face lacks are drawn with the first role face that has them, so a rare
    character never turns into an empty box while another installed font could show it.
    """
    chars: list[str] = []
    faces: list[Face] = []
    sizes: list[float] = []
    glue: set[int] = set()
    for run in runs:
        for ch in run.text.replace("\t", " ").replace("\n", " "):
            if ch == NO_BREAK:
                glue.add(len(chars))
                continue
            chars.append(ch)
            faces.append(fonts.face_for(run.face, ch))
            sizes.append(run.size)
    text = "".join(chars)
    if not text.strip():
        return []
    advances = [f.advance(c) * s + char_space for c, f, s in zip(chars, faces, sizes, strict=True)]
    ranges = _line_ranges(
        _atoms(text, frozenset(glue)), advances, first=width - first_indent, rest=width - indent
    )

    laid: list[LaidLine] = []
    for number, (start, end) in enumerate(ranges):
        last = number == len(ranges) - 1
        line_indent = first_indent if number == 0 else indent
        natural = sum(advances[start:end])
        line_cs = char_space
        extra = width - line_indent - natural
        if justify and not last and EPS < extra <= JUSTIFY_LIMIT and end - start > 1:
            line_cs += extra / (end - start)
        laid.append(
            LaidLine(
                pieces=_pieces(chars, faces, sizes, start, end),
                indent=line_indent,
                char_space=line_cs,
                width=natural + (line_cs - char_space) * (end - start),
                last=last,
            )
        )
    return laid


def _line_ranges(
    atoms: list[tuple[int, int, bool]], advances: list[float], *, first: float, rest: float
) -> list[tuple[int, int]]:
    """Greedy line filling over the atoms: (start, end) per line, trailing spaces excluded."""
    lines: list[tuple[int, int]] = []
    cur_start, cur_end, used = -1, -1, 0.0
    avail = first
    for start, end, space in atoms:
        atom_width = sum(advances[start:end])
        if space:
            if cur_start < 0:
                continue  # spaces never begin a line
            if used + atom_width <= avail + EPS:
                used += atom_width  # kept only if a word follows on this line
            else:
                lines.append((cur_start, cur_end))
                cur_start, used, avail = -1, 0.0, rest
            continue
        if cur_start >= 0 and used + atom_width <= avail + EPS:
            used += atom_width
            cur_end = end
            continue
        if cur_start >= 0:
            lines.append((cur_start, cur_end))
            avail = rest
        cur_start, cur_end, used = start, end, 0.0
        # An atom wider than the whole line (a long URL) is broken between characters.
        for k in range(start, end):
            if used + advances[k] > avail + EPS and k > cur_start:
                lines.append((cur_start, k))
                cur_start, used, avail = k, 0.0, rest
            used += advances[k]
    if cur_start >= 0:
        lines.append((cur_start, cur_end))
    return lines


def _pieces(
    chars: list[str], faces: list[Face], sizes: list[float], start: int, end: int
) -> tuple[Piece, ...]:
    pieces: list[Piece] = []
    k = start
    while k < end:
        j = k + 1
        while j < end and faces[j] is faces[k] and sizes[j] == sizes[k]:
            j += 1
        pieces.append(Piece("".join(chars[k:j]), faces[k], sizes[k]))
        k = j
    return tuple(pieces)


def single_line(
    text: str, face: Face, size: float, fonts: FontSet, char_space: float = 0.0
) -> LaidLine:
    """``text`` on one unbroken line (with glyph fallback), for labels, dates and marks."""
    lines = break_lines(
        [Run(text, face, size)], fonts, width=float("inf"), char_space=char_space, justify=False
    )
    if not lines:
        return LaidLine((), 0.0, char_space, 0.0, True)
    pieces = tuple(p for line in lines for p in line.pieces)
    return LaidLine(pieces, 0.0, char_space, sum(line.width for line in lines), True)


def balanced_lines(
    runs: Sequence[Run], fonts: FontSet, *, width: float, char_space: float = 0.0
) -> list[LaidLine]:
    """Lines for a centred title: as few as fit, evened out into a trapezoid or diamond.

    Two-line titles try every permitted break and prefer one at a phrase boundary (before 关于,
    after 的/和/、…) when the halves stay reasonably even, since a title must not split a word.
    Longer titles use the narrowest measure that keeps the greedy line count (found by
    bisection); greedy filling then leaves earlier lines at least as long as later ones.
    """
    greedy = break_lines(runs, fonts, width=width, char_space=char_space, justify=False)
    if len(greedy) <= 1:
        return greedy
    if len(greedy) == 2 and len(runs) == 1:
        best_split = _best_two_line_split(runs[0], fonts, width, char_space)
        if best_split is not None:
            return best_split
    low, high = width / len(greedy), width
    best = greedy
    for _ in range(14):
        mid = (low + high) / 2
        trial = break_lines(runs, fonts, width=mid, char_space=char_space, justify=False)
        if len(trial) <= len(greedy):
            best, high = trial, mid
        else:
            low = mid
    return best


def _best_two_line_split(
    run: Run, fonts: FontSet, width: float, char_space: float
) -> list[LaidLine] | None:
    text = run.text
    best: tuple[float, list[LaidLine]] | None = None
    for start, _end, _space in _atoms(text)[1:]:
        head, tail = text[:start].rstrip(), text[start:].lstrip()
        first = single_line(head, run.face, run.size, fonts, char_space)
        second = single_line(tail, run.face, run.size, fonts, char_space)
        if max(first.ink_width, second.ink_width) > width + EPS:
            continue
        imbalance = abs(first.ink_width - second.ink_width) / width
        if min(first.ink_width, second.ink_width) < 0.35 * max(first.ink_width, second.ink_width):
            imbalance += 1.0  # a stub line is worse than any mid-word break
        preferred = tail.startswith(_BREAK_BEFORE) or head.endswith(_BREAK_AFTER)
        cost = imbalance + (0.0 if preferred else TITLE_WORD_BREAK_COST)
        if best is None or cost < best[0] - EPS:
            best = (cost, [first, LaidLine(second.pieces, 0.0, char_space, second.width, True)])
    return best[1] if best else None
