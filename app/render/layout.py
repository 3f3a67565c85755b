"""GB/T 9704-2012 layout numbers in one place (points unless the name says otherwise).

Every position the renderer computes derives from these constants, so a change to the standard's
figures (or an office's local convention) is one edit here. Coordinates follow PDF: the origin
is the sheet's bottom-left corner and y grows upwards.
"""

from __future__ import annotations

from typing import Final

from reportlab.lib.colors import Color, HexColor, black

MM: Final = 72 / 25.4

# Sheet and margins (天头 37, 订口 28; the 版心 is 156 × 225 mm, so right 26 and bottom 35).
PAGE_WIDTH: Final = 210 * MM
PAGE_HEIGHT: Final = 297 * MM
MARGIN_TOP: Final = 37 * MM
MARGIN_LEFT: Final = 28 * MM
TYPE_WIDTH: Final = 156 * MM
TYPE_HEIGHT: Final = 225 * MM
MARGIN_RIGHT: Final = PAGE_WIDTH - MARGIN_LEFT - TYPE_WIDTH
MARGIN_BOTTOM: Final = PAGE_HEIGHT - MARGIN_TOP - TYPE_HEIGHT

# The 版心 edges in sheet coordinates.
TYPE_LEFT: Final = MARGIN_LEFT
TYPE_RIGHT: Final = MARGIN_LEFT + TYPE_WIDTH
TYPE_TOP: Final = PAGE_HEIGHT - MARGIN_TOP
TYPE_BOTTOM: Final = MARGIN_BOTTOM

# The grid: 22 lines × 28 characters fill the 版心 exactly.
LINES_PER_PAGE: Final = 22
CHARS_PER_LINE: Final = 28
LINE_PITCH: Final = TYPE_HEIGHT / LINES_PER_PAGE  # ≈ 28.99 pt
CHAR_PITCH: Final = TYPE_WIDTH / CHARS_PER_LINE  # ≈ 15.79 pt: one 字

# Type sizes (号 → pt).
SIZE_CHUHAO: Final = 42.0  # 初号
SIZE_2: Final = 22.0  # 二号: title
SIZE_3: Final = 16.0  # 三号: body
SIZE_4: Final = 14.0  # 四号: 版记, page numbers
BODY_SIZE: Final = SIZE_3
TITLE_SIZE: Final = SIZE_2
SMALL_SIZE: Final = SIZE_4
# Tracking that turns 16 pt glyphs into the 15.79 pt grid pitch.
BODY_CHAR_SPACE: Final = CHAR_PITCH - BODY_SIZE
SMALL_CHAR_SPACE: Final = 0.0

# 版头 (header).
MARK_SIZE_MAX: Final = SIZE_CHUHAO  # the 发文机关标志 shrinks below this to fit the 版心 width
MARK_TOP_STANDARD: Final = 35 * MM  # below the 版心 top (standard and 纪要)
MARK_TOP_ORDER: Final = 20 * MM  # below the 版心 top (命令)
MARK_TOP_LETTER: Final = 30 * MM  # below the SHEET top (信函)
JOINT_LINE_GAP: Final = 0.25  # joint-issue names: gap between stacked names, × mark size
SEPARATOR_GAP: Final = 4 * MM  # red rule below the 发文字号
SEPARATOR_WIDTH: Final = 1.2  # rule thickness (not fixed by the standard; 1–1.5 pt usual)
HEADER_INDENT: Final = CHAR_PITCH  # 上行文: 发文字号 left and 签发人 right indent, 1 字

# 信函 double rules: thick over thin under the 标志, thin over thick near the sheet bottom.
LETTER_RULE_LENGTH: Final = 170 * MM
LETTER_RULE_BELOW_MARK: Final = 4 * MM
LETTER_BOTTOM_RULE_FROM_SHEET: Final = 20 * MM
LETTER_RULE_THICK: Final = 2.0
LETTER_RULE_THIN: Final = 0.6
LETTER_RULE_SPACING: Final = 1.6  # gap between the two rules of a pair
LETTER_FIRST_ELEMENT_GAP: Final = BODY_SIZE * 7 / 8  # first element under the rule

# 主体 (body).
PARAGRAPH_INDENT: Final = 2 * CHAR_PITCH
# A justified line may open up by at most this much; beyond it the line stays ragged rather
# than letter-spacing a lone long word across the whole line.
JUSTIFY_LIMIT: Final = 4 * CHAR_PITCH

# Signature block.
SEAL_DIAMETER: Final = 42 * MM
# The seal's centre sits this far above the top of the 署名, so 署名 and date fall in its lower
# half below the star while its top stays clear of the 正文's last line.
SEAL_RISE: Final = 0.25 * LINE_PITCH
SEAL_GAP: Final = 3 * MM  # between neighbouring seals of a joint issue (they must not touch)
SEALED_DATE_RIGHT: Final = 4 * CHAR_PITCH
UNSEALED_RIGHT: Final = 2 * CHAR_PITCH
UNSEALED_DATE_SHIFT: Final = 2 * CHAR_PITCH
STAMP_RIGHT: Final = 4 * CHAR_PITCH  # 签名章 (命令)
STAMP_TITLE_GAP: Final = 2 * CHAR_PITCH  # 职务 to the stamp's left
STAMP_SIZE: Final = SIZE_2

# 版记 (colophon).
RULE_OUTER: Final = 0.35 * MM
RULE_INNER: Final = 0.25 * MM
COLOPHON_INDENT: Final = SMALL_SIZE  # 1 字 of the 4号 text, both sides

# 页码.
PAGE_NUMBER_GAP: Final = 7 * MM  # from the 版心 bottom to the top of "— N —"
PAGE_NUMBER_INDENT: Final = SMALL_SIZE  # 1 字 from the outer edge

# Colours.
RED: Final[Color] = HexColor(0xE60012)
BLACK: Final[Color] = black

# Lines sit in their band by the ideographic em box, which most CJK fonts design 880/1000 above
# the baseline. One ratio for every face keeps mixed runs (黑体 label + 仿宋 names) and all the
# lines of a page on one baseline grid, whatever descent a font declares.
EM_ASCENT: Final = 0.88

# Comparisons of accumulated float positions need a tolerance (22 × pitch must equal the 版心).
EPS: Final = 0.01

# 收文处理单 (processing form): an A4 table within the same left/right margins.
FORM_TOP: Final = 25 * MM
FORM_BOTTOM: Final = 22 * MM
FORM_TITLE_SIZE: Final = SIZE_2
FORM_TEXT_SIZE: Final = SIZE_4
FORM_MIN_TEXT_SIZE: Final = 11.0  # a header value shrinks to this before it wraps
FORM_LEADING: Final = FORM_TEXT_SIZE * 1.6
FORM_PADDING: Final = 2.5 * MM
FORM_LABEL_WIDTH: Final = 26 * MM
FORM_BORDER: Final = 0.8
FORM_FOOTER_GAP: Final = 10 * MM  # room for "第 N 页 共 M 页" below the table
FORM_FOOTER_SIZE: Final = 10.5  # 五号
FORM_BLANK_LINES: Final = 4  # writing room in an opinion box that is still empty
