"""Room bookings at scale on a client database: the conflict check and the week view.

A fresh profile database at the latest migration gets 10,000 confirmed bookings across 50 rooms
over a year, 500 of them in one week for one person (bulk-inserted, not timed); then, median of
50 runs each:

- ``conflict_check_ms``: deciding a new booking in a busy room — the query on ``room_bookings``
  and the overlap rule, exactly what the server's ``book`` action runs (app/sync/bookings.py,
  app/domain/meeting.py) — for a free slot and for a taken one alternately;
- ``client_check_ms``: the whole check the client makes before queueing a booking
  (app/services/meetings.py check_meeting: room, conflicts, capacity, busy attendees);
- ``week_view_ms``: app/services/meeting_views.py week_view for the person with 500 meetings
  that week (query, pending marks and the lane layout).

    python bench/meetings.py [--bookings 10000] [--rooms 50]

Prints one JSON line: {"bookings", "conflict_check_ms", "week_view_ms", ...}.
Targets (issue [5]): conflict check ≤ 10 ms, week view with 500 meetings ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import orjson  # noqa: E402
from sqlalchemy import insert  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from app.db import models as m  # noqa: E402
from app.db.engine import make_engine, make_sessionmaker, transaction  # noqa: E402
from app.db.migrate import upgrade  # noqa: E402
from app.domain import meeting as rules  # noqa: E402
from app.services import meeting_views, meetings  # noqa: E402
from app.sync import bookings  # noqa: E402

BJ = rules.zone(rules.DEFAULT_TZ)
YEAR_START = datetime(2027, 1, 4, tzinfo=BJ)  # a Monday
WEEK = YEAR_START + timedelta(weeks=10)  # the busy week


def _median_ms(fn: Callable[[int], Any], runs: int = 50) -> float:
    times = []
    for i in range(runs):
        t = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


def _meeting(mid: str, *, title: str, room: str, start: datetime, minutes: int, me: str) -> Any:
    end = start + timedelta(minutes=minutes)
    data = {
        "title": title,
        "kind": "工作会议",
        "room_id": room,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "tz": rules.DEFAULT_TZ,
        "recurrence": None,
        "exceptions": [],
        "organizer_id": me,
        "attendee_person_ids": [me],
        "attendee_unit_ids": [],
        "observer_ids": [],
        "agenda": [{"title": "议题一", "presenter": "张华生", "minutes": 20}],
        "state": "confirmed",
        "booked": None,
    }
    s, e = rules.epoch(start), rules.epoch(end)
    row = {
        "id": mid,
        "title": title,
        "organizer_id": me,
        "starts_at": start.astimezone(UTC),
        "ends_at": end.astimezone(UTC),
        "place": "",
        "cancelled": False,
        "room_id": room,
        "state": "confirmed",
        "kind": "工作会议",
        "host_unit_id": None,
        "data": orjson.dumps(data).decode(),
    }
    return row, {"meeting_id": mid, "occurrence_start": s, "occurrence_end": e, "room_id": room}


def build(session: Session, n: int, n_rooms: int, in_week: int) -> tuple[str, list[str]]:
    """``n`` bookings, ``in_week`` of them in the busy week (all attended by the person); the
    person's id and the room ids."""
    unit, me = str(uuid.uuid4()), str(uuid.uuid4())
    session.execute(
        insert(m.Unit).values(id=unit, name="市政府办公室", level="county", kind="agency")
    )
    session.execute(insert(m.Person).values(id=me, unit_id=unit, username="bench", name="张华生"))
    rooms = [str(uuid.uuid4()) for _ in range(n_rooms)]
    session.execute(
        insert(m.Room),
        [{"id": r, "name": f"第{i + 1}会议室", "capacity": 30} for i, r in enumerate(rooms)],
    )
    meetings_rows: list[Any] = []
    occurrences: list[Any] = []
    rng = random.Random(5)
    # The busy week: 500 meetings, 10 per room, in two-hour working slots of the 5 days.
    for i in range(in_week):
        room = rooms[i % n_rooms]
        k = i // n_rooms  # 0..9: day k//2, morning/afternoon
        start = WEEK + timedelta(days=k // 2, hours=9 + 4 * (k % 2), minutes=rng.choice((0, 30)))
        row, occ = _meeting(
            str(uuid.uuid4()), title=f"周会{i}", room=room, start=start, minutes=90, me=me
        )
        meetings_rows.append(row)
        occurrences.append(occ)
    # The rest over the year, never in the busy week, one slot per room per half-day.
    slots = [
        (day, half)
        for day in range(365)
        if not 70 <= day < 77 and (YEAR_START + timedelta(days=day)).weekday() < 5
        for half in (0, 1)
    ]
    rest = n - in_week
    for i in range(rest):
        room = rooms[i % n_rooms]
        day, half = slots[(i // n_rooms) % len(slots)]
        start = YEAR_START + timedelta(days=day, hours=9 + 4 * half)
        row, occ = _meeting(
            str(uuid.uuid4()), title=f"会议{i}", room=room, start=start, minutes=120, me=me
        )
        meetings_rows.append(row)
        occurrences.append(occ)
    session.execute(insert(m.Meeting), meetings_rows)
    session.execute(insert(m.MeetingOccurrence), occurrences)
    session.execute(insert(m.RoomBooking), occurrences)
    session.execute(
        insert(m.MeetingAttendee),
        [{"meeting_id": r["id"], "person_id": me} for r in meetings_rows[:in_week]],
    )
    return me, rooms


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=10_000)
    parser.add_argument("--rooms", type=int, default=50)
    parser.add_argument("--week", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        engine = make_engine(path)
        upgrade(engine, path)
        sessions = make_sessionmaker(engine)
        with transaction(sessions) as session:
            me, rooms = build(session, args.bookings, args.rooms, args.week)
        room = rooms[0]
        taken = WEEK + timedelta(hours=9, minutes=30)  # overlaps room 0's first meeting
        free = WEEK + timedelta(days=6, hours=9)  # a Sunday
        with sessions() as session:

            def conflict(i: int) -> None:
                start = taken if i % 2 else free
                occurrences = rules.slot_of(
                    {
                        "room_id": room,
                        "start": start.isoformat(),
                        "end": (start + timedelta(hours=1)).isoformat(),
                    }
                ).occurrences()
                whole = rules.span(occurrences)
                assert whole is not None
                found = bookings.overlapping(session, room, whole.start, whole.end, "new")
                clash = rules.first_conflict(occurrences, found)
                assert (clash is not None) == bool(i % 2)

            def client_check(i: int) -> None:
                start = taken if i % 2 else free
                data = {
                    "title": "新会议",
                    "room_id": room,
                    "start": start.isoformat(),
                    "end": (start + timedelta(hours=1)).isoformat(),
                    "attendee_person_ids": [me],
                }
                assert meetings.check_meeting(session, data).ok != bool(i % 2)

            def week(_i: int) -> None:
                view = meeting_views.week_view(session, week_start=WEEK.date(), person_id=me)
                assert len(view.cells) == args.week

            result = {
                "bookings": args.bookings,
                "conflict_check_ms": _median_ms(conflict),
                "week_view_ms": _median_ms(week),
                "client_check_ms": _median_ms(client_check),
                "rooms": args.rooms,
                "week_meetings": args.week,
            }
        engine.dispose()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
