"""SMS for urgent (紧急/特急) notices, sent after the publication commits.

The request that published a notice must not wait for an operator's gateway (thousands of
messages at its contracted rate take minutes), so ``after_publish`` hands the work to a
background thread and returns at once. The outcome is written back to the notice by the server
(field ``sms``: sent, failed, the first errors), so the sender's client receives it by sync like
any other change and shows who was not reached.

Only title-level text goes out, and for a classified notice not even the title
(app/notify/sms.py ``compose``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.notice import SYSTEM_ID
from app.notify.sms import (
    NoticeSummary,
    SmsError,
    SmsGateway,
    compose,
    gateway_from_settings,
    normalize_phone,
)
from app.sync import merge
from app.sync.records import Actor, SideWrite
from server import db
from server.config import Settings
from server.models import Person, SyncRecord, utcnow
from server.sync_log import DbLookup, RecordWriter, chunks, load_states

log = logging.getLogger(__name__)

URGENT = frozenset({"紧急", "特急"})
FIELD = "sms"
MAX_ERRORS = 5  # the sender sees the first few reasons; the counts say how many in all
# Requests in flight per notice: hides the gateway's latency, while the gateway's shared rate
# limit still bounds the total across notices.
WORKERS = 4
NOT_MOBILE = "登记的号码不是手机号码"
# Who the stored field meta names as the writer: the server acting on its own, as when it
# releases a scheduled notice.
SERVER_DEVICE = SYSTEM_ID
SERVER_ACTOR = Actor(person_id=SYSTEM_ID, unit_id="", grants=())

Recipient = tuple[str, str]  # (person id, phone as registered)


@dataclass(frozen=True, slots=True)
class SmsOutcome:
    sent: int
    failed: int
    errors: list[str]  # the first MAX_ERRORS "姓名: reason"

    def as_field(self) -> dict[str, Any]:
        return {"sent": self.sent, "failed": self.failed, "errors": self.errors}


_lock = threading.Lock()
_gateways: dict[Settings, SmsGateway] = {}
_running: set[threading.Thread] = set()


def gateway_for(settings: Settings) -> SmsGateway:
    """One gateway per configuration in this process: its rate limit must cover every notice
    being sent at the same time, not each one alone."""
    with _lock:
        gateway = _gateways.get(settings)
        if gateway is None:
            gateway = _gateways[settings] = gateway_from_settings(settings)
        return gateway


def after_publish(
    settings: Settings,
    sessions: sessionmaker[Session],
    notice_id: str,
    recipients: list[Recipient],
    *,
    gateway: SmsGateway | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> None:
    """Text each recipient with a phone if the notice is urgent; returns at once.

    Call it after the transaction that published ``notice_id`` committed (the thread reads the
    notice as published). Recipients without a phone are skipped; duplicates get one message.
    """
    thread = threading.Thread(
        target=_run,
        args=(sessions, notice_id, recipients, gateway or gateway_for(settings), clock),
        name=f"sms-{notice_id[:8]}",
        # Not kept alive past the server's end: ``drain`` is how shutdown waits for them.
        daemon=True,
    )
    with _lock:
        _running.add(thread)
    thread.start()


def drain(timeout_s: float | None = None) -> bool:
    """Wait for the messages being sent (server shutdown, tests); False if some still are."""
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    while True:
        with _lock:
            pending = next(iter(_running), None)
        if pending is None:
            return True
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            return False
        pending.join(remaining)


def _run(
    sessions: sessionmaker[Session],
    notice_id: str,
    recipients: list[Recipient],
    gateway: SmsGateway,
    clock: Callable[[], datetime],
) -> None:
    """On its own thread: prepare, send, record. Nothing here may reach the request that
    published the notice, so failures end in the log (and, per message, in ``sms``)."""
    try:
        with db.read_transaction(sessions) as session:
            job = _prepare(session, notice_id, recipients, gateway.template)
        if job is None:
            return
        text, people = job
        outcome = send_all(gateway, text, people)
        with db.transaction(sessions) as session:
            record_outcome(session, notice_id, outcome, now=clock())
        log.info("通知 %s 的短信：成功 %d 条，失败 %d 条", notice_id, outcome.sent, outcome.failed)
    except Exception:
        log.exception("通知 %s 的短信未能发送或记录", notice_id)
    finally:
        with _lock:
            _running.discard(threading.current_thread())


def _prepare(
    session: Session, notice_id: str, recipients: list[Recipient], template: str
) -> tuple[str, list[tuple[str, str]]] | None:
    """The text and the (name, phone) pairs to send, or None when no SMS is due: not urgent,
    no longer published (withdrawn meanwhile), or nobody with a phone."""
    state = load_states(session, [notice_id]).get(notice_id)
    if state is None or state.deleted or state.type != "notice":
        return None
    data = state.data
    if data.get("state") != "published" or data.get("urgency") not in URGENT:
        return None
    phones = {pid: phone.strip() for pid, phone in recipients if phone and phone.strip()}
    if not phones:
        return None
    sender_id = str(data.get("sender_id") or "")
    names = _names(session, [sender_id, *phones])
    summary = NoticeSummary(
        title=str(data.get("title") or ""),
        sender=names.get(sender_id, ""),
        urgency=str(data["urgency"]),
        classified=bool(data.get("classification")),
    )
    people = [(names.get(pid, "未知人员"), phone) for pid, phone in phones.items()]
    return compose(template, summary), people


def _names(session: Session, ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in chunks(ids):
        rows = session.execute(select(Person.id, Person.name).where(Person.id.in_(part)))
        out.update((pid, name) for pid, name in rows)
    return out


def send_all(gateway: SmsGateway, text: str, people: Sequence[tuple[str, str]]) -> SmsOutcome:
    """Send ``text`` to each (name, phone); errors are listed in the order of ``people``."""
    if not people:
        return SmsOutcome(0, 0, [])

    def one(person: tuple[str, str]) -> str | None:
        phone = normalize_phone(person[1])
        if phone is None:
            return NOT_MOBILE
        try:
            gateway.send(phone, text)
        except SmsError as exc:
            return str(exc)
        except Exception as exc:  # a bug or an unexpected library error: one message fails
            log.exception("短信发送出错")
            return f"发送出错（{type(exc).__name__}）"
        return None

    with ThreadPoolExecutor(min(WORKERS, len(people)), thread_name_prefix="sms") as pool:
        reasons = list(pool.map(one, people))
    errors = [f"{name}: {why}" for (name, _), why in zip(people, reasons, strict=True) if why]
    return SmsOutcome(len(people) - len(errors), len(errors), errors[:MAX_ERRORS])


def record_outcome(session: Session, notice_id: str, outcome: SmsOutcome, *, now: datetime) -> bool:
    """Write ``sms`` on the notice as the server; False if the notice is gone."""
    # Lock the row first (PostgreSQL; SQLite's write transaction already excludes writers): a
    # concurrent action on the notice must not be overwritten with our stale copy, or vice versa.
    session.execute(select(SyncRecord.id).where(SyncRecord.id == notice_id).with_for_update())
    current = load_states(session, [notice_id]).get(notice_id)
    if current is None or current.deleted or current.type != "notice":
        return False
    write = SideWrite("notice", notice_id, {FIELD: outcome.as_field()})
    state = merge.apply_write(current, write, device_id=SERVER_DEVICE, actor=SERVER_ACTOR)
    writer = RecordWriter(session, now)
    writer.stage(state, existed=True)
    writer.flush(DbLookup(session, {}))
    return True
