"""Notice work the server does on its own: releasing scheduled notices when their time comes, and
giving a person who joins a unit the receipts of the notices still open there.

Both go through the same record-type rules and writers as a client's sync: a release is the
notice's ``release`` action decided by server/sync.py's ``_decide`` as the system actor, and a
newcomer's receipts are the side writes ``receipt_writes`` builds for a publish.
"""

from __future__ import annotations

import logging
from datetime import datetime

import orjson
from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from app.domain import notice as rules
from app.domain.receipt_form import parse_moment
from app.sync import merge
from app.sync.members import unit_tree
from app.sync.notice_types import receipt_writes, recipients_of
from app.sync.protocol import Mutation, Op, Status
from app.sync.records import Actor, unit_key
from app.sync.scoping import up_to_agency
from server.models import Person
from server.sync_log import DbLookup, RecordWriter, chunks, load_states

log = logging.getLogger(__name__)

SYSTEM = Actor(rules.SYSTEM_ID, "", (), frozenset({f"person:{rules.SYSTEM_ID}"}))
DEVICE = "server"

# Notices are found by type (indexed, migration 0005), then by state in their JSON (compact: no
# spaces), so the release check every few seconds reads only the notices, never the receipts.
_SCHEDULED = text(
    "SELECT id, data FROM sync_records WHERE type = 'notice' AND NOT deleted "
    """AND data LIKE '%"state":"scheduled"%'"""
)
_OPEN_FOR = text(
    "SELECT DISTINCT r.id, r.data FROM sync_records r "
    "JOIN sync_scopes s ON s.record_id = r.id "
    "WHERE r.type = 'notice' AND NOT r.deleted AND s.key IN :keys "
    """AND r.data LIKE '%"state":"published"%'"""
).bindparams(bindparam("keys", expanding=True))


def _release(session: Session, notice_id: str, now: datetime) -> bool:
    from server.sync import _decide  # the very path a client's action takes

    states = load_states(session, [notice_id])
    writer = RecordWriter(session, now)
    lookup = DbLookup(session, {})
    mutation = Mutation(id=1, type="notice", record_id=notice_id, op=Op.ACT, action="release")
    result = _decide(
        mutation,
        current=states.get(notice_id),
        states=states,
        writer=writer,
        lookup=lookup,
        actor=SYSTEM,
        device_id=DEVICE,
        now_iso=now.isoformat(),
    )
    if result.status is Status.REJECTED:
        log.warning("scheduled notice %s not released: %s", notice_id, result.error)
        return False
    writer.flush(lookup)
    return True


def publish_due(session: Session, *, now: datetime) -> list[str]:
    """Release every scheduled notice whose time has come; the ids released. The rows are
    locked (PostgreSQL) so two server processes never release one notice twice."""
    stmt = _SCHEDULED
    if session.get_bind().dialect.name == "postgresql":
        stmt = text(f"{_SCHEDULED.text} FOR UPDATE")
    due = []
    for notice_id, raw in session.execute(stmt).all():
        data = orjson.loads(raw)
        when = parse_moment(data.get("publish_at"), "定时发布时间")
        if when is not None and when <= now:
            due.append(str(notice_id))
    return [nid for nid in due if _release(session, nid, now)]


def notice_receipts_for_newcomer(session: Session, person_id: str, now: datetime) -> int:
    """Receipts for ``person_id`` of the open notices (published, not withdrawn, not expired)
    addressed to their unit or a unit above it up to their 机关 — what they would have had if
    they had been there at publishing. Returns how many were made."""
    person = session.get(Person, person_id)
    if person is None or not person.active:
        return 0
    keys = [unit_key(u) for u in up_to_agency(person.unit_id, unit_tree(session))]
    if not keys:
        return 0
    lookup = DbLookup(session, {})
    writes = []
    for notice_id, raw in session.execute(_OPEN_FOR, {"keys": keys}).all():
        data = orjson.loads(raw)
        if rules.is_open(data, now):
            pair = [(person.id, person.unit_id)]
            writes += receipt_writes(str(notice_id), data, pair, lookup, now.isoformat())
    if not writes:
        return 0
    writer = RecordWriter(session, now)
    for w in writes:
        state = merge.apply_write(lookup.state(w.record_id), w, device_id=DEVICE, actor=SYSTEM)
        lookup.staged[w.record_id] = state
        writer.stage(state, existed=False)
    writer.flush(lookup)
    return len(writes)


URGENT = frozenset({"紧急", "特急"})


def sms_recipients(session: Session, notice_id: str) -> list[tuple[str, str]]:
    """(person id, phone) of the recipients of an urgent notice who have a phone number: what
    server/notice_sms.py ``after_publish`` texts once the publishing transaction has committed.
    Empty for a notice that is not urgent (or not published)."""
    state = load_states(session, [notice_id]).get(notice_id)
    if state is None or state.deleted or state.data.get("urgency") not in URGENT:
        return []
    if state.data.get("state") != rules.NoticeState.PUBLISHED:
        return []
    people = [p for p, _ in recipients_of(state.data, DbLookup(session, {}))]
    out: list[tuple[str, str]] = []
    for part in chunks(people):
        rows = session.execute(select(Person.id, Person.phone).where(Person.id.in_(part)))
        out += [(pid, phone) for pid, phone in rows if phone]
    return out
