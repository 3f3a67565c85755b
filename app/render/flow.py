"""Flowing content and pagination: blocks placed down the 版心, page after page.

A block is one line band (or a group kept together, such as the sealed signature). Pages after
the first start at the 版心 top, so a full page holds exactly 22 body lines on the grid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.render.draw import Item, Page, line_text
from app.render.layout import EPS, LINE_PITCH, TYPE_BOTTOM, TYPE_LEFT, TYPE_TOP
from app.render.text import LaidLine

PAGE_SPAN = TYPE_TOP - TYPE_BOTTOM


@dataclass(slots=True)
class Block:
    """Something that takes ``height`` of the flow; ``build(top)`` gives its items."""

    height: float
    build: Callable[[float], list[Item]]
    blank: bool = False  # a blank line: dropped when it would open a page
    keep_with_next: bool = False  # a heading or title line stays with what follows
    keep_previous: int = 0  # lines before it that move along when it breaks to a new page


def blank_line(height: float = LINE_PITCH) -> Block:
    return Block(height, lambda _top: [], blank=True)


def line_block(line: LaidLine, x0: float = TYPE_LEFT, *, keep_with_next: bool = False) -> Block:
    return Block(LINE_PITCH, lambda top: [line_text(line, x0, top)], keep_with_next=keep_with_next)


def lines_block(parts: list[tuple[LaidLine, float]]) -> Block:
    """One band holding several laid-out lines at their own x (label + aligned text)."""

    def build(top: float) -> list[Item]:
        return [line_text(line, x, top) for line, x in parts if line.pieces]

    return Block(LINE_PITCH, build)


def paginate(
    blocks: list[Block], first_items: list[Item], flow_top: float
) -> tuple[list[Page], float]:
    """Pages with every block placed; also the bottom of the content on the last page."""
    placed: list[list[tuple[Block, float]]] = [[]]
    y = flow_top
    for index, block in enumerate(blocks):
        if block.blank and not placed[-1] and len(placed) > 1:
            continue  # no blank line at the top of a page
        need = block.height
        if block.keep_with_next:
            chain = need + _following_height(blocks, index)
            if chain <= PAGE_SPAN + EPS:  # a chain longer than a page must break inside
                need = chain
        if y - need < TYPE_BOTTOM - EPS and (placed[-1] or len(placed) == 1):
            carried = _carry(placed[-1], block.keep_previous)
            placed.append([])
            y = TYPE_TOP
            for moved in carried:
                placed[-1].append((moved, y))
                y -= moved.height
        placed[-1].append((block, y))
        y -= block.height
    pages = [Page(items=list(first_items) if n == 0 else []) for n in range(len(placed))]
    for page, entries in zip(pages, placed, strict=True):
        for block, top in entries:
            page.items += block.build(top)
    return pages, y


def _following_height(blocks: list[Block], index: int) -> float:
    """Height of the chain of kept-together lines after ``index`` plus one more line."""
    total = 0.0
    for block in blocks[index + 1 :]:
        total += block.height
        if not block.keep_with_next:
            break
    return total


def _carry(entries: list[tuple[Block, float]], count: int) -> list[Block]:
    """Take the last ``count`` lines off a page (never all of it, never blank ones alone)."""
    if count <= 0:
        return []
    while entries and entries[-1][0].blank:
        entries.pop()
    take = min(count, len(entries) - 1)
    if take <= 0:
        return []
    moved = [block for block, _top in entries[-take:]]
    del entries[-take:]
    return moved
