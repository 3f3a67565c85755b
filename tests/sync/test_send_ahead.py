"""Sending ahead (app/sync/engine.py ``_ahead``): while a reply is applied, the next batch or
page is already on its way to the server, unless applying that reply could change the request
(an edit queued behind its record's create waits for the create's result and is rebased)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from app.services.notices import update_notice
from app.sync.engine import SyncEngine
from tests.sync.helpers import ServerHandle, new_notice, notice
from tests.sync_harness import SyncClient


class Spy:
    """What ``_ahead`` decided for each reply: the number of entries sent ahead, or None."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.decisions: list[int | None] = []
        original = SyncEngine._ahead

        def ahead(engine: SyncEngine, batch: Any, reply: dict[str, Any]) -> Any:
            found = original(engine, batch, reply)
            self.decisions.append(None if found is None else len(found[0]))
            return found

        monkeypatch.setattr(SyncEngine, "_ahead", ahead)


def test_batches_go_ahead_and_an_edit_behind_its_create_waits(
    make_client: Callable[..., SyncClient], server: ServerHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = make_client(), make_client()
    ids = [new_notice(a, f"预发{i}") for i in range(6)]
    # Entry 7 edits the notice entry 6 creates: they fall into different batches of 3.
    a.do(update_notice, person_id=a.person_id, notice_id=ids[5], title="预发5（改）")
    ids.append(new_notice(a, "预发6"))
    spy = Spy(monkeypatch)
    summary = a.sync(max_batch=3)
    # Batch 2 went ahead while batch 1 was applied; batch 3 (the edit) waited for batch 2.
    assert spy.decisions[:2] == [3, None]
    assert summary.pushed == 8 and summary.rejected == 0 and a.pending() == 0
    record = server.record(ids[5])
    assert record is not None and record[2]["title"] == "预发5（改）"
    # Pulled in pages of 2 with the next page always on its way: everything arrives.
    spy.decisions.clear()
    engine = SyncEngine(b.sessions, b.transport, folder=b.folder)
    monkeypatch.setattr("app.sync.engine.PULL_PAGE_ROWS", 2)
    engine.sync()
    assert spy.decisions.count(0) >= 3
    for rid in ids:
        got = notice(b, rid)
        assert got is not None
    assert notice(b, ids[5])["title"] == "预发5（改）"  # type: ignore[index]


def test_the_next_batch_is_read_while_the_server_works_on_this_one(
    make_client: Callable[..., SyncClient], server: ServerHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = make_client()
    ids = [new_notice(a, f"预读{i}") for i in range(7)]
    read_meanwhile: list[bool] = []
    prefetched = threading.Event()
    post, prefetch = SyncEngine._post, SyncEngine._prefetch

    def slow_post(engine: SyncEngine, request: bytes) -> bytes:
        # The request is in flight until the engine has read the batch after it (or 10 s).
        read_meanwhile.append(prefetched.wait(10) if b'"mutations":[{' in request else True)
        prefetched.clear()
        return post(engine, request)

    def noted_prefetch(engine: SyncEngine, *, after: int) -> None:
        prefetch(engine, after=after)
        prefetched.set()

    monkeypatch.setattr(SyncEngine, "_post", slow_post)
    monkeypatch.setattr(SyncEngine, "_prefetch", noted_prefetch)
    summary = a.sync(max_batch=3)
    assert read_meanwhile[:3] == [True, True, True]
    assert summary.pushed == 7 and a.pending() == 0
    assert all(server.record(rid) is not None for rid in ids)


def test_the_first_and_the_last_batch_are_short(
    make_client: Callable[..., SyncClient], server: ServerHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing overlaps building the first request or applying the last reply: in a push of
    several batches both are kept short, the batches between are full."""
    a = make_client()
    ids = [new_notice(a, f"分批{i}") for i in range(14)]
    sizes: list[int] = []
    post = SyncEngine._post

    def counted(engine: SyncEngine, request: bytes) -> bytes:
        sizes.append(request.count(b'"op":'))
        return post(engine, request)

    monkeypatch.setattr(SyncEngine, "_post", counted)
    monkeypatch.setattr("app.sync.engine.FIRST_ROUND", 2)
    monkeypatch.setattr("app.sync.engine.LAST_BATCH", 2)
    summary = a.sync(max_batch=5)
    assert sizes == [2, 5, 5, 2]
    assert summary.pushed == 14 and a.pending() == 0
    assert all(server.record(rid) is not None for rid in ids)
    # What fits in one batch goes in one request (on a township link each costs a round trip).
    sizes.clear()
    ids = [new_notice(a, f"少量{i}") for i in range(4)]
    assert a.sync(max_batch=5).pushed == 4
    assert sizes == [4]
