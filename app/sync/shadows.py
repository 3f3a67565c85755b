"""The shadows one sync reply's results read and write (app/sync/engine.py ``_apply``)."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy.orm import Session

from app.sync import local


class ReplyShadows:
    """The shadows one reply's results read and write: read in one query up front, written in
    one executemany at the end. A result handled the slow way (the server sent the record)
    flushes what is pending first and reads its record afresh afterwards, so the order of writes
    per record is the order of the results."""

    def __init__(self, session: Session, gen: int, ids: list[str]) -> None:
        self.session = session
        self.gen = gen
        self.known = local.shadows_of(session, ids)
        self.unparsed: dict[str, tuple[int, str]] = {}  # put as JSON text, parsed when read
        self.pending: dict[str, dict[str, Any] | None] = {}  # rows to write; None: delete

    def get(self, rid: str) -> tuple[int, dict[str, Any]] | None:
        if rid in self.unparsed:
            version, text = self.unparsed.pop(rid)
            self.known[rid] = (version, orjson.loads(text))
        if rid not in self.known:
            self.known[rid] = local.shadow_of(self.session, rid)
        return self.known[rid]

    def put(self, state: tuple[str, str, int, bool, dict[str, Any]]) -> None:
        rid, rtype, version, _deleted, data = state
        self.put_json(rid, rtype, version, orjson.dumps(data).decode())
        self.unparsed.pop(rid, None)
        self.known[rid] = (version, data)

    def put_json(self, rid: str, rtype: str, version: int, data: str) -> None:
        row = {"id": rid, "type": rtype, "version": version, "gen": self.gen, "data": data}
        self.pending[rid] = row
        self.unparsed[rid] = (version, data)

    def delete(self, rid: str) -> None:
        self.pending[rid] = None
        self.unparsed.pop(rid, None)
        self.known[rid] = None

    def forget(self, *rids: str) -> None:
        self.flush()
        for rid in rids:
            self.known.pop(rid, None)
            self.unparsed.pop(rid, None)

    def flush(self) -> None:
        if not self.pending:
            return
        gone = [rid for rid, row in self.pending.items() if row is None]
        local.drop_shadows(self.session, gone)
        local.upsert_shadow_rows(self.session, [r for r in self.pending.values() if r is not None])
        self.pending.clear()
