"""The calendar painted from ``meeting_views``: day and week grids from ``week_view`` cells (the
lanes are already laid out there), a month grid from occurrences, and the line for "now".

A click opens the meeting; dragging a meeting in the day or week grid and letting go asks to move
it (``move_requested``): the section then runs the same update + rebook path as the dialog, so
the booking rules decide and a clash is refused and shown. Moves snap to a quarter hour.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain import meeting as rules
from app.services.meeting_views import Occurrence, WeekCell, WeekView

GUTTER = 52  # the hour labels
HEADER = 30  # the day names
BOTTOM = 10  # room for the last hour's label
SNAP_MIN = 15
DRAG_START_PX = 5
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")

# fill, border by state; 待确认 (not decided yet) is drawn dashed.
COLOURS = {
    "已确认": ("#DCE9F8", "#1D4E89"),
    "待确认": ("#FFF4E0", "#D68910"),
    "待审批": ("#EEE6F7", "#6C3483"),
    "未通过": ("#FBE3E1", "#C0392B"),
    "已取消": ("#EEEEEE", "#888888"),
}


def now_utc() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Move:
    """A dragged meeting: its occurrence and where it was let go (UTC epoch seconds)."""

    meeting_id: str
    recurring: bool
    old_start: int
    new_start: int
    length: int


class CalendarView(QWidget):
    open_requested = Signal(str, int)  # meeting id, the occurrence's start (epoch seconds)
    move_requested = Signal(object)  # Move
    new_requested = Signal(object)  # datetime: a double click on a free slot

    def __init__(
        self, parent: QWidget | None = None, *, clock: Callable[[], datetime] = now_utc
    ) -> None:
        super().__init__(parent)
        self.setObjectName("calendarView")
        self.setMouseTracking(True)
        self.setMinimumSize(360, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.clock = clock
        self.tz = rules.DEFAULT_TZ
        self.mode = "week"
        self.days: tuple[date, ...] = ()
        self.cells: tuple[WeekCell, ...] = ()
        self.month: date | None = None
        self.month_items: list[Occurrence] = []
        self.first_hour, self.last_hour = 7, 21
        self._hits: list[tuple[QRectF, WeekCell | Occurrence]] = []
        self._press: tuple[QPoint, WeekCell] | None = None
        self._drag_to: tuple[int, int] | None = None  # (day index, minutes) while dragging

    # --- data -------------------------------------------------------------------------------

    def set_week(self, view: WeekView, *, day: date | None = None) -> None:
        """The week grid, or (``day`` given) that one day of it."""
        if day is None:
            self.mode, self.days, self.cells = "week", view.days, view.cells
        else:
            i = view.days.index(day)
            self.mode, self.days = "day", (day,)
            self.cells = tuple(_with_day(c, 0) for c in view.cells if c.day == i)
        tops = [c.top for c in self.cells]
        bottoms = [c.top + c.height for c in self.cells]
        self.first_hour = min([7, *(t // 60 for t in tops)])
        self.last_hour = max([21, *(-(-b // 60) for b in bottoms)])
        self.update()

    def set_month(self, first: date, items: Sequence[Occurrence]) -> None:
        self.mode, self.month, self.month_items = "month", first.replace(day=1), list(items)
        self.update()

    def month_days(self) -> list[date]:
        """Six weeks from the Monday on or before the 1st."""
        assert self.month is not None
        monday = self.month - timedelta(days=self.month.weekday())
        return [monday + timedelta(days=i) for i in range(42)]

    # --- geometry ---------------------------------------------------------------------------

    def _col_width(self) -> float:
        return (self.width() - GUTTER) / max(1, len(self.days))

    def _per_minute(self) -> float:
        return (self.height() - HEADER - BOTTOM) / max(60, (self.last_hour - self.first_hour) * 60)

    def cell_rect(self, day: int, top: int, height: int, lane: int = 0, lanes: int = 1) -> QRectF:
        w = self._col_width()
        lane_w = (w - 6) / lanes
        x = GUTTER + day * w + 2 + lane * lane_w
        y = HEADER + (top - self.first_hour * 60) * self._per_minute()
        return QRectF(x, y, lane_w - 2, max(14.0, height * self._per_minute() - 1))

    def point_of(self, day: int, minutes: int) -> QPoint:
        """Where (day column, minutes from midnight) is on screen: tests drag to it."""
        r = self.cell_rect(day, minutes, 0)
        return QPoint(int(r.x() + 8), int(r.y()) + 1)

    def _at(self, pos: QPoint) -> tuple[int, int]:
        day = int((pos.x() - GUTTER) // self._col_width())
        minutes = (pos.y() - HEADER) / self._per_minute() + self.first_hour * 60
        return max(0, min(len(self.days) - 1, day)), int(minutes)

    def _midnight(self, day: date) -> int:
        return rules.epoch(datetime.combine(day, datetime.min.time(), tzinfo=rules.zone(self.tz)))

    # --- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#FFFFFF"))
        self._hits = []
        if self.mode == "month" and self.month is not None:
            self._paint_month(p)
        elif self.days:
            self._paint_grid(p)
            for cell in self.cells:
                self._paint_cell(p, cell)
            self._paint_now(p)
            self._paint_ghost(p)
        p.end()

    def _paint_grid(self, p: QPainter) -> None:
        w, today = self._col_width(), self.clock().astimezone(rules.zone(self.tz)).date()
        p.setPen(QColor("#6B7785"))
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        for i, d in enumerate(self.days):
            x = GUTTER + i * w
            header = QRectF(x, 0, w, HEADER)
            if d == today:
                p.fillRect(header, QColor("#E8F0FA"))
            p.setPen(QColor("#1D4E89") if d == today else QColor("#1F2D3D"))
            p.drawText(header, Qt.AlignmentFlag.AlignCenter, f"周{WEEKDAYS[d.weekday()]} {d:%m-%d}")
            p.setPen(QColor("#E1E5EA"))
            p.drawLine(int(x), 0, int(x), self.height())
        p.setFont(small)
        for hour in range(self.first_hour, self.last_hour + 1):
            y = HEADER + (hour - self.first_hour) * 60 * self._per_minute()
            p.setPen(QColor("#E1E5EA"))
            p.drawLine(GUTTER, int(y), self.width(), int(y))
            p.setPen(QColor("#6B7785"))
            p.drawText(
                QRectF(0, y - 7, GUTTER - 6, 14), Qt.AlignmentFlag.AlignRight, f"{hour:02d}:00"
            )
        p.setFont(self.font())

    def _paint_cell(self, p: QPainter, cell: WeekCell) -> None:
        occ = cell.occurrence
        rect = self.cell_rect(cell.day, cell.top, cell.height, cell.lane, cell.lanes)
        fill, border = COLOURS.get(occ.state_label, COLOURS["已确认"])
        pen = QPen(QColor(border), 1.5)
        if occ.state_label == "待确认":
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(QColor(fill))
        p.drawRoundedRect(rect, 4, 4)
        p.fillRect(QRectF(rect.x(), rect.y(), 3, rect.height()), QColor(border))
        start = rules.fmt_local(occ.start, self.tz)[11:]
        end = rules.fmt_local(occ.end, self.tz)[11:]
        where = occ.room_name or occ.place
        lines = [occ.title, f"{start}–{end}" + ("　↻" if occ.recurring else "")]
        if where:
            lines.append(where)
        if occ.state_label != "已确认":
            lines.append(occ.state_label)
        p.setPen(QColor("#1F2D3D"))
        metrics = p.fontMetrics()
        step = metrics.height()
        width = int(rect.width()) - 10
        y = rect.y() + 2
        # One line each, elided; the lines that do not fit the block are left out.
        for k, line in enumerate(lines):
            if k and y + step > rect.bottom():
                break
            elided = metrics.elidedText(line, Qt.TextElideMode.ElideRight, width)
            p.drawText(QRectF(rect.x() + 7, y, width, step), Qt.AlignmentFlag.AlignLeft, elided)
            y += step
        self._hits.append((rect, cell))

    def _paint_now(self, p: QPainter) -> None:
        now = self.clock().astimezone(rules.zone(self.tz))
        if now.date() not in self.days:
            return
        minutes = now.hour * 60 + now.minute
        if not self.first_hour * 60 <= minutes <= self.last_hour * 60:
            return
        i = self.days.index(now.date())
        y = HEADER + (minutes - self.first_hour * 60) * self._per_minute()
        x0, x1 = GUTTER + i * self._col_width(), GUTTER + (i + 1) * self._col_width()
        p.setPen(QPen(QColor("#C0392B"), 2))
        p.drawLine(int(x0), int(y), int(x1), int(y))
        p.setBrush(QColor("#C0392B"))
        p.drawEllipse(QRectF(x0 - 4, y - 4, 8, 8))

    def _paint_ghost(self, p: QPainter) -> None:
        if self._press is None or self._drag_to is None:
            return
        cell = self._press[1]
        rect = self.cell_rect(self._drag_to[0], self._drag_to[1], cell.height)
        p.setPen(QPen(QColor("#1D4E89"), 2, Qt.PenStyle.DashLine))
        p.setBrush(QColor(29, 78, 137, 40))
        p.drawRoundedRect(rect, 4, 4)
        minutes = self._drag_to[1]
        p.drawText(rect.adjusted(6, 2, 0, 0), f"{minutes // 60:02d}:{minutes % 60:02d}")

    def _paint_month(self, p: QPainter) -> None:
        assert self.month is not None
        days = self.month_days()
        w, h = self.width() / 7, (self.height() - HEADER) / 6
        today = self.clock().astimezone(rules.zone(self.tz)).date()
        by_day: dict[date, list[Occurrence]] = {}
        for occ in self.month_items:
            local = datetime.fromtimestamp(occ.start, UTC).astimezone(rules.zone(self.tz))
            by_day.setdefault(local.date(), []).append(occ)
        for i, name in enumerate(WEEKDAYS):
            p.setPen(QColor("#1F2D3D"))
            p.drawText(QRectF(i * w, 0, w, HEADER), Qt.AlignmentFlag.AlignCenter, f"周{name}")
        line = self.fontMetrics().height() + 2
        for n, d in enumerate(days):
            box = QRectF((n % 7) * w, HEADER + (n // 7) * h, w, h)
            if d == today:
                p.fillRect(box, QColor("#E8F0FA"))
            p.setPen(QColor("#E1E5EA"))
            p.drawRect(box)
            p.setPen(QColor("#1F2D3D") if d.month == self.month.month else QColor("#B0B8C1"))
            p.drawText(box.adjusted(4, 2, -4, 0), Qt.AlignmentFlag.AlignRight, str(d.day))
            items = by_day.get(d, [])
            room = max(0, int((h - line - 4) // line))
            for k, occ in enumerate(items[:room]):
                row = QRectF(box.x() + 3, box.y() + line + 2 + k * line, w - 6, line - 1)
                fill, border = COLOURS.get(occ.state_label, COLOURS["已确认"])
                p.fillRect(row, QColor(fill))
                p.setPen(QColor(border))
                label = f"{rules.fmt_local(occ.start, self.tz)[11:]} {occ.title}"
                label = p.fontMetrics().elidedText(
                    label, Qt.TextElideMode.ElideRight, int(row.width()) - 6
                )
                p.drawText(row.adjusted(3, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, label)
                self._hits.append((row, occ))
            if len(items) > room:
                p.setPen(QColor("#6B7785"))
                p.drawText(
                    box.adjusted(4, 0, -4, -2),
                    Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft,
                    self.tr("另有 {n} 个").format(n=len(items) - room),
                )

    # --- mouse ------------------------------------------------------------------------------

    def item_at(self, pos: QPoint) -> WeekCell | Occurrence | None:
        for rect, item in reversed(self._hits):
            if rect.contains(pos.toPointF()):
                return item
        return None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self.item_at(pos) is not None or pos.y() < HEADER:
            return
        if self.mode == "month" and self.month is not None:
            w, h = self.width() / 7, (self.height() - HEADER) / 6
            n = int(pos.y() - HEADER) // max(1, int(h)) * 7 + int(pos.x() // w)
            day, minutes = self.month_days()[max(0, min(41, n))], 9 * 60
        elif self.days and pos.x() >= GUTTER:
            i, minutes = self._at(pos)
            day, minutes = self.days[i], minutes // 30 * 30
        else:
            return
        midnight = datetime.combine(day, datetime.min.time(), tzinfo=rules.zone(self.tz))
        self.new_requested.emit(midnight + timedelta(minutes=minutes))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        item = self.item_at(event.position().toPoint())
        if isinstance(item, WeekCell):
            self._press = (event.position().toPoint(), item)
        elif isinstance(item, Occurrence):
            self.open_requested.emit(item.meeting_id, item.start)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            return
        pos = event.position().toPoint()
        if self._drag_to is None and (pos - self._press[0]).manhattanLength() < DRAG_START_PX:
            return
        origin, cell = self._press
        grab = self._at(origin)[1] - cell.top  # keep the meeting where it was taken hold of
        day, minutes = self._at(pos)
        top = round((minutes - grab) / SNAP_MIN) * SNAP_MIN
        self._drag_to = (day, max(0, min(24 * 60 - SNAP_MIN, top)))
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press, target = self._press, self._drag_to
        self._press, self._drag_to = None, None
        self.update()
        if press is None:
            return
        cell = press[1]
        if target is None:
            self.open_requested.emit(cell.occurrence.meeting_id, cell.occurrence.start)
            return
        was = self._midnight(self.days[cell.day]) + cell.top * 60
        now = self._midnight(self.days[target[0]]) + target[1] * 60
        if now == was:
            return
        occ = cell.occurrence
        self.move_requested.emit(
            Move(
                occ.meeting_id, occ.recurring, occ.start, occ.start + now - was, occ.end - occ.start
            )
        )


def _with_day(cell: WeekCell, day: int) -> WeekCell:
    return WeekCell(cell.occurrence, day, cell.top, cell.height, cell.lane, cell.lanes)
