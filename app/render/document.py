"""GB/T 9704 documents: the flowing content, pagination, 版记, page numbers and the PDF file.

    render_document(spec_or_mapping, out, fonts=DocumentFonts(...)) -> page count

Content below the 版头 is a list of blocks (one line band each, or a kept-together group such
as the sealed signature); pagination places them from the top of each 版心 downwards, so every
full page holds exactly 22 body lines on the grid. The 版记 goes at the bottom of the last page.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.pdfgen.canvas import Canvas

from app.cli import format_date
from app.config import DocumentFonts
from app.errors import UserError
from app.render.draw import Page, Rule, Seal, Text, band_baseline, em_baseline, paint
from app.render.flow import Block, blank_line, line_block, lines_block, paginate
from app.render.fonts import FontSet, resolve_fonts
from app.render.header import build_header
from app.render.layout import (
    BODY_CHAR_SPACE,
    BODY_SIZE,
    COLOPHON_INDENT,
    EPS,
    LINE_PITCH,
    PAGE_HEIGHT,
    PAGE_NUMBER_GAP,
    PAGE_NUMBER_INDENT,
    PAGE_WIDTH,
    PARAGRAPH_INDENT,
    RULE_INNER,
    RULE_OUTER,
    SMALL_CHAR_SPACE,
    SMALL_SIZE,
    TITLE_SIZE,
    TYPE_BOTTOM,
    TYPE_LEFT,
    TYPE_RIGHT,
    TYPE_WIDTH,
)
from app.render.schema import DocumentSpec, parse_spec
from app.render.signature import signature_blocks
from app.render.text import (
    HEADING_ROLES,
    LaidLine,
    Run,
    balanced_lines,
    break_lines,
    keep_whole,
    single_line,
    split_heading,
)


def render_document(
    doc: DocumentSpec | Mapping[str, Any],
    out: Path | str | BinaryIO,
    *,
    fonts: DocumentFonts | None = None,
) -> int:
    """Write ``doc`` as a GB/T 9704 PDF to ``out``; returns the number of pages.

    A path is written atomically (a temporary file renamed into place), so a failure never
    leaves half a PDF. Raises ``UserError`` for invalid input, unusable fonts or an unwritable
    output.
    """
    spec = doc if isinstance(doc, DocumentSpec) else parse_spec(doc)
    font_set = resolve_fonts(fonts)
    pages = lay_out(spec, font_set)
    if isinstance(out, str | Path):
        write_atomically(Path(out), lambda fh: _save(spec, pages, font_set, fh))
    else:
        _save(spec, pages, font_set, out)
    return len(pages)


def lay_out(spec: DocumentSpec, fonts: FontSet) -> list[Page]:
    """The pages of ``spec``, every item positioned (nothing drawn yet)."""
    header = build_header(spec, fonts)
    blocks = _content_blocks(spec, fonts)
    pages, content_bottom = paginate(blocks, header.items, header.flow_top)
    _place_colophon(spec, fonts, pages, content_bottom)
    if spec.layout == "letter":
        pages[0].numbered = False  # 信函: the first page carries no number
    for number, page in enumerate(pages, start=1):
        if page.numbered:
            page.items.append(_page_number(number, fonts))
    return pages


# --- content ----------------------------------------------------------------------------------


def _content_blocks(spec: DocumentSpec, fonts: FontSet) -> list[Block]:
    blocks: list[Block] = []
    if spec.title:
        runs = [Run(spec.title, fonts.title, TITLE_SIZE)]
        for line in balanced_lines(runs, fonts, width=TYPE_WIDTH):
            x0 = TYPE_LEFT + (TYPE_WIDTH - line.ink_width) / 2
            blocks.append(line_block(line, x0, keep_with_next=True))
    if spec.main_recipients:
        if blocks:
            blocks.append(blank_line())
        names = [keep_whole(n) for n in spec.main_recipients]
        text = "，".join(names).rstrip("：:") + "："
        runs = [Run(text, fonts.body, BODY_SIZE)]
        lines = break_lines(
            runs, fonts, width=TYPE_WIDTH, char_space=BODY_CHAR_SPACE, justify=False
        )
        blocks += [line_block(line, keep_with_next=True) for line in lines]
    elif blocks:
        blocks.append(blank_line())  # no 主送机关: one blank line between title and 正文
    for paragraph in spec.body:
        blocks += _paragraph_blocks(paragraph.text, paragraph.level, fonts)
    if spec.attachments:
        blocks.append(blank_line())
        blocks += _attachment_blocks(spec.attachments, fonts)
    if spec.layout == "minutes":
        blocks += _attendance_blocks(spec, fonts)
    blocks += signature_blocks(spec, fonts)
    if spec.note:
        note = spec.note if spec.note.startswith(("（", "(")) else f"（{spec.note}）"
        blocks += _paragraph_blocks(note, 0, fonts)
    return blocks


def _paragraph_blocks(text: str, level: int, fonts: FontSet) -> list[Block]:
    head, rest = split_heading(text, level)
    runs = []
    if head:
        runs.append(Run(head, fonts.role(HEADING_ROLES[level]), BODY_SIZE))
    if rest:
        runs.append(Run(rest, fonts.body, BODY_SIZE))
    lines = break_lines(
        runs,
        fonts,
        width=TYPE_WIDTH,
        first_indent=PARAGRAPH_INDENT,
        char_space=BODY_CHAR_SPACE,
    )
    # A heading that is its own paragraph must not be left alone at the foot of a page.
    standalone_heading = bool(head) and not rest
    return [line_block(line, keep_with_next=standalone_heading) for line in lines]


def _attachment_blocks(names: tuple[str, ...], fonts: FontSet) -> list[Block]:
    """附件：1.名称 — indent 2 字; numbers aligned; wrapped names align with their first char."""
    label = single_line("附件：", fonts.body, BODY_SIZE, fonts, BODY_CHAR_SPACE)
    x_number = TYPE_LEFT + PARAGRAPH_INDENT + label.width
    blocks: list[Block] = []
    for k, raw_name in enumerate(names, start=1):
        name = raw_name.rstrip("。.；;，,")  # 附件说明 carry no final punctuation
        prefix = f"{k}." if len(names) > 1 else ""
        number = single_line(prefix, fonts.body, BODY_SIZE, fonts, BODY_CHAR_SPACE)
        x_name = x_number + number.width
        runs = [Run(name, fonts.body, BODY_SIZE)]
        lines = break_lines(
            runs, fonts, width=TYPE_RIGHT - x_name, char_space=BODY_CHAR_SPACE, justify=False
        )
        for j, line in enumerate(lines):
            items_for: list[tuple[LaidLine, float]] = [(line, x_name)]
            if j == 0 and prefix:
                items_for.append((number, x_number))
            if j == 0 and k == 1:
                items_for.append((label, TYPE_LEFT + PARAGRAPH_INDENT))
            blocks.append(lines_block(items_for))
    return blocks


def _attendance_blocks(spec: DocumentSpec, fonts: FontSet) -> list[Block]:
    """纪要: 出席/请假/列席 in 黑体 with a full-width colon, names aligned after the colon."""
    blocks: list[Block] = []
    for label_text, names in (
        ("出席", spec.attendees),
        ("请假", spec.absent),
        ("列席", spec.observers),
    ):
        if not names:
            continue
        if not blocks:
            blocks.append(blank_line())
        label = single_line(label_text + "：", fonts.heiti, BODY_SIZE, fonts, BODY_CHAR_SPACE)
        x_names = TYPE_LEFT + PARAGRAPH_INDENT + label.width
        runs = [Run("、".join(keep_whole(n) for n in names), fonts.body, BODY_SIZE)]
        lines = break_lines(
            runs, fonts, width=TYPE_RIGHT - x_names, char_space=BODY_CHAR_SPACE, justify=False
        )
        for j, line in enumerate(lines):
            parts = [(line, x_names)]
            if j == 0:
                parts.append((label, TYPE_LEFT + PARAGRAPH_INDENT))
            blocks.append(lines_block(parts))
    return blocks


# --- 版记 and page numbers ----------------------------------------------------------------------


def _colophon_rows(spec: DocumentSpec, fonts: FontSet) -> tuple[list[list[Text]], int]:
    """The 版记 rows (each a list of texts at baseline 0, x final) and how many are 抄送."""
    rows: list[list[Text]] = []
    face, size = fonts.body, SMALL_SIZE
    left = TYPE_LEFT + COLOPHON_INDENT
    right = TYPE_RIGHT - COLOPHON_INDENT
    if spec.cc:
        label = single_line("抄送：", face, size, fonts, SMALL_CHAR_SPACE)
        names = "，".join(keep_whole(n) for n in spec.cc).rstrip("。") + "。"
        x_names = left + label.width
        lines = break_lines(
            [Run(names, face, size)],
            fonts,
            width=right - x_names,
            char_space=SMALL_CHAR_SPACE,
            justify=False,
        )
        for j, line in enumerate(lines):
            row = [Text(x_names, 0.0, line.pieces, line.char_space)]
            if j == 0:
                row.append(Text(left, 0.0, label.pieces, SMALL_CHAR_SPACE))
            rows.append(row)
    cc_rows = len(rows)
    if spec.layout != "letter" and (spec.printer or spec.print_date):
        row = []
        if spec.printer:
            line = single_line(spec.printer, face, size, fonts, SMALL_CHAR_SPACE)
            row.append(Text(left, 0.0, line.pieces, SMALL_CHAR_SPACE))
        if spec.print_date:
            line = single_line(format_date(spec.print_date) + "印发", face, size, fonts)
            row.append(Text(right - line.ink_width, 0.0, line.pieces, SMALL_CHAR_SPACE))
        rows.append(row)
    return rows, cc_rows


def _place_colophon(
    spec: DocumentSpec, fonts: FontSet, pages: list[Page], content_bottom: float
) -> None:
    """版记 at the foot of the last page's 版心 (a page of its own when it does not fit)."""
    rows, cc_rows = _colophon_rows(spec, fonts)
    if not rows:
        return
    height = len(rows) * LINE_PITCH
    last = pages[-1]
    # A seal may reach below its date line; the 版记 must stay clear of it.
    seal_bottoms = [item.cy - item.diameter / 2 for item in last.items if isinstance(item, Seal)]
    if min([content_bottom, *seal_bottoms]) - height < TYPE_BOTTOM - EPS:
        last = Page(numbered=False)  # a page holding only the 版记 carries no number
        pages.append(last)
    top = TYPE_BOTTOM + height
    for k, row in enumerate(rows):
        band = top - k * LINE_PITCH
        for text in row:
            baseline = band_baseline(SMALL_SIZE, band)
            last.items.append(Text(text.x, baseline, text.pieces, text.char_space))
    last.items.append(Rule(TYPE_LEFT, TYPE_RIGHT, top, RULE_OUTER))
    if 0 < cc_rows < len(rows):
        between = top - cc_rows * LINE_PITCH
        last.items.append(Rule(TYPE_LEFT, TYPE_RIGHT, between, RULE_INNER))
    last.items.append(Rule(TYPE_LEFT, TYPE_RIGHT, TYPE_BOTTOM, RULE_OUTER))


def _page_number(number: int, fonts: FontSet) -> Text:
    """ "— N —" 4号, 7 mm below the 版心; odd pages right, even pages left, 1 字 in."""
    line = single_line(f"— {number} —", fonts.song, SMALL_SIZE, fonts)
    baseline = em_baseline(fonts.song, SMALL_SIZE, TYPE_BOTTOM - PAGE_NUMBER_GAP)
    if number % 2:
        x = TYPE_RIGHT - PAGE_NUMBER_INDENT - line.ink_width
    else:
        x = TYPE_LEFT + PAGE_NUMBER_INDENT
    return Text(x, baseline, line.pieces)


# --- the file -----------------------------------------------------------------------------------


def _save(spec: DocumentSpec, pages: list[Page], fonts: FontSet, out: BinaryIO) -> None:
    # An embedded initial font: reportlab's default (Helvetica) would be listed unembedded.
    canvas = Canvas(
        out,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        pageCompression=1,
        initialFontName=fonts.body.name,
    )
    canvas.setTitle(spec.title or spec.mark)
    canvas.setAuthor(spec.issuers[0] if spec.issuers else spec.mark)
    canvas.setSubject(spec.doc_number)
    canvas.setCreator("政通办公 ZhengTong Office")
    for page in pages:
        paint(canvas, page.items)
        canvas.showPage()
    canvas.save()


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Run ``write`` on a temporary file beside ``path``, then rename it into place."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"输出文件夹不存在：{folder}")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UserError(f"无法写入 {path}：{exc.strerror}") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"无法写入 {path}：{exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
