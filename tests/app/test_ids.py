"""Record ids (app/ids.py): valid UUIDs of version 7, unique, and in creation order across
milliseconds (what keeps every table's primary-key B-tree appending)."""

from __future__ import annotations

import time
import uuid

from app.ids import new_id


def test_ids_are_version_7_uuids_ordered_by_time_and_unique() -> None:
    first = [new_id() for _ in range(20_000)]
    time.sleep(0.002)
    later = new_id()
    for text in (first[0], first[-1], later):
        parsed = uuid.UUID(text)
        assert str(parsed) == text and len(text) == 36
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
    assert len(set(first)) == len(first)
    assert max(first) < later  # a later millisecond sorts after everything before it
    stamp = uuid.UUID(later).int >> 80
    assert abs(stamp - time.time_ns() // 1_000_000) < 5_000
