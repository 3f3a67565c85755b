"""A stateful property test of sync (specs/sync.md "Harness"): several real client profiles
against one real server, driven by hypothesis through create / edit / delete / act / sync /
faulty-sync / kill / skew-clock / expire-token, with invariants checked after every step and,
after quiescence, every replica equal to what the server shows its person.

Invariants: an acknowledged mutation is durable on the server; the outbox never loses an entry
(one leaves only acknowledged); cursors only move forward (outside a replacement sync); a
client reads its own writes at once. The budget is fixed and derandomized for CI.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from app.errors import UserError
from app.services.notices import act_on_notice, create_notice, delete_notice, update_notice
from app.sync import engine as sync_engine
from app.sync import local as sync_local
from app.sync.engine import CURSOR
from app.sync.transport import MemoryTokens, TransportError
from tests.sync.helpers import ServerHandle, assert_replica_matches, held, inject, meta, notice
from tests.sync_harness import SyncClient

USERS = ("zhanghs", "zhanghs", "chenj")  # two computers of one person, and a colleague
FAULTS = ("drop", "timeout", "refuse", "html502", "html200", "cut", "cutjson", "cutbrace", "dup")
TEXT = st.sampled_from(["甲", "乙", "丙", "会议通知", "请各单位周知", "紧急事项"])


class Killed(Exception):
    """The app dies inside the transaction that applies a reply."""


class Skewed(datetime):
    offset = timedelta(0)

    @classmethod
    def now(cls, tz: Any = None) -> Any:  # type: ignore[override]
        return datetime.now(tz) + cls.offset


def machine_for(server: ServerHandle, root: Path) -> type[RuleBasedStateMachine]:
    office = server.unit_id("塔政办")

    class SyncMachine(RuleBasedStateMachine):
        notices = Bundle("notices")

        @initialize()
        def start(self) -> None:
            run = uuid.uuid4().hex[:8]
            self.clients: list[SyncClient] = []
            for i, username in enumerate(USERS):
                c = SyncClient(root / f"{run}-{i}", server.url, username)
                c.login()
                self.clients.append(c)
            self.cursor = [int(meta(c, CURSOR) or 0) for c in self.clients]
            self.seen: list[set[int]] = [set() for _ in self.clients]  # ever pending
            self.acked: list[set[int]] = [set() for _ in self.clients]
            self._saved_datetime = sync_engine.datetime
            sync_engine.datetime = Skewed  # type: ignore[misc]
            self._note_outboxes()

        def teardown(self) -> None:
            try:
                if getattr(self, "clients", None):
                    self._quiescence()
            finally:
                Skewed.offset = timedelta(0)
                if hasattr(self, "_saved_datetime"):
                    sync_engine.datetime = self._saved_datetime  # type: ignore[misc]
                for c in getattr(self, "clients", []):
                    c.close()

        # -- helpers -------------------------------------------------------------------------

        def _note_outboxes(self) -> None:
            for i, c in enumerate(self.clients):
                rows = c.rows("SELECT mutation_id, acked_at FROM outbox")
                present = {mid for mid, _ in rows}
                # Never lost: every entry once pending is still here, or was acknowledged.
                lost = self.seen[i] - present - self.acked[i]
                assert not lost, f"client {i} lost outbox entries {sorted(lost)}"
                self.seen[i] |= {mid for mid, acked in rows if acked is None}
                self.acked[i] |= {mid for mid, acked in rows if acked is not None}

        def _sync(self, i: int) -> None:
            c = self.clients[i]
            try:
                summary = c.sync()
            finally:
                self._note_outboxes()
            cursor = int(meta(c, CURSOR) or 0)
            if not summary.replaced:
                assert cursor >= self.cursor[i], "the cursor moved backwards"
            self.cursor[i] = cursor

        def _quiescence(self) -> None:
            Skewed.offset = timedelta(0)
            for _ in range(2):
                for i in range(len(self.clients)):
                    self._sync(i)
            for c in self.clients:
                assert_replica_matches(server, c, c.username)
            assert held(self.clients[0]) == held(self.clients[1])

        def _write(self, i: int, fn: Callable[..., Any], **kw: Any) -> bool:
            c = self.clients[i]
            try:
                c.do(fn, person_id=c.person_id, **kw)
            except UserError:
                return False  # refused locally by the same rules the server runs: no entry
            finally:
                self._note_outboxes()
            return True

        # -- rules ---------------------------------------------------------------------------

        @rule(target=notices, i=st.integers(0, 2), title=TEXT, addressed=st.booleans())
        def create(self, i: int, title: str, addressed: bool) -> str:
            rid = str(uuid.uuid4())
            recipients = [office] if addressed else []
            assert self._write(
                i, create_notice, title=title, notice_id=rid, recipient_unit_ids=recipients
            )
            assert notice(self.clients[i], rid)["title"] == title  # type: ignore[index]
            return rid

        @rule(
            i=st.integers(0, 2),
            rid=notices,
            field=st.sampled_from(["title", "body"]),
            value=TEXT,
        )
        def edit(self, i: int, rid: str, field: str, value: str) -> None:
            if self._write(i, update_notice, notice_id=rid, **{field: value}):
                # Read-your-writes: the edit shows at once, before any sync.
                assert notice(self.clients[i], rid)[field] == value  # type: ignore[index]

        @rule(i=st.integers(0, 2), rid=notices)
        def delete(self, i: int, rid: str) -> None:
            if self._write(i, delete_notice, notice_id=rid):
                assert notice(self.clients[i], rid) is None

        @rule(
            i=st.integers(0, 2),
            rid=notices,
            action=st.sampled_from(["publish", "withdraw", "submit"]),
            opinion=st.sampled_from(["", "同意"]),
        )
        def act(self, i: int, rid: str, action: str, opinion: str) -> None:
            self._write(i, act_on_notice, notice_id=rid, action=action, opinion=opinion)

        @rule(i=st.integers(0, 2))
        def sync(self, i: int) -> None:
            self._sync(i)

        @rule(
            i=st.integers(0, 2),
            plan=st.lists(st.sampled_from(FAULTS), min_size=1, max_size=3),
        )
        def faulty_sync(self, i: int, plan: list[str]) -> None:
            c = self.clients[i]
            adapter = inject(c, list(plan))
            try:
                self._sync(i)
            except TransportError:
                pass  # every attempt failed: nothing may have moved (checked by invariants)
            finally:
                adapter.plan.clear()

        @rule(i=st.integers(0, 2))
        def kill(self, i: int) -> None:
            """Die inside the apply transaction, then start the app again on the profile."""
            c = self.clients[i]
            real = sync_local.rebase

            def die(*args: Any) -> None:
                raise Killed

            sync_local.rebase = die  # type: ignore[assignment]
            try:
                c.sync()
            except Killed:
                pass
            finally:
                sync_local.rebase = real  # type: ignore[assignment]
            self._note_outboxes()
            assert int(meta(c, CURSOR) or 0) == self.cursor[i], "cursor moved without its page"
            tokens, person = c.transport.tokens, c.person_id
            c.close()
            again = SyncClient(c.folder, server.url, c.username)
            again.transport.tokens = tokens
            again.person_id = person
            self.clients[i] = again
            self._note_outboxes()

        @rule(days=st.integers(-10, 10))
        def skew_clock(self, days: int) -> None:
            Skewed.offset = timedelta(days=days, hours=days * 3)

        @rule(i=st.integers(0, 2))
        def expire_token(self, i: int) -> None:
            tokens = self.clients[i].transport.tokens
            assert isinstance(tokens, MemoryTokens)
            tokens._access = "expired." + uuid.uuid4().hex

        # -- invariants ----------------------------------------------------------------------

        @invariant()
        def acked_is_durable(self) -> None:
            if not getattr(self, "clients", None):
                return
            for c in self.clients:
                top = c.rows("SELECT max(mutation_id) FROM outbox WHERE acked_at IS NOT NULL")
                if top and top[0][0] is not None:
                    device = c.transport.tokens.device_id
                    assert server.last_mutation_id(device) >= int(top[0][0])
                created = c.rows(
                    "SELECT o.record_id FROM outbox o WHERE o.acked_at IS NOT NULL "
                    "AND o.op = 'create' AND o.record_type = 'notice' AND o.mutation_id NOT IN "
                    "(SELECT mutation_id FROM sync_rejected)"
                )
                for (rid,) in created:
                    assert server.record(rid) is not None, f"acked create {rid} not on server"

    return SyncMachine


@pytest.mark.parametrize("steps", [40])
def test_sync_state_machine(server: ServerHandle, tmp_path: Path, steps: int) -> None:
    machine = machine_for(server, tmp_path)
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=40,
            stateful_step_count=steps,
            deadline=None,
            derandomize=False,
            suppress_health_check=list(HealthCheck),
            database=None,
            # A failing run prints its steps; shrinking real-server runs costs minutes.
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
        ),
    )
