"""One notice edited on two computers of the same person: a conflict on one, a refusal on the other.

Client ``a`` and client ``b`` are 张华生 on two desktops. Both change the title of the same draft
(``b`` syncs last, so ``a``'s title is the one overwritten: a conflict ``a`` receives); then ``a``
submits the notice while ``b``, not yet synced, edits its body: the server refuses that edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.services.demo import DEMO_USER
from app.services.notices import act_on_notice, create_notice, update_notice
from tests.sync_harness import Server, SyncClient


@dataclass
class Scenario:
    a: SyncClient
    b: SyncClient
    notice_id: str

    def close(self) -> None:
        self.a.close()
        self.b.close()


def build(server: Server, folder: Path) -> Scenario:
    a = SyncClient(folder / "a", server.url, DEMO_USER)
    b = SyncClient(folder / "b", server.url, DEMO_USER)
    a.login()
    b.login()
    notice_id = a.do(create_notice, person_id=a.person_id, title="关于防汛值班的通知")
    a.sync()
    b.sync()
    a.do(update_notice, person_id=a.person_id, notice_id=notice_id, title="甲电脑改的标题")
    b.do(update_notice, person_id=b.person_id, notice_id=notice_id, title="乙电脑改的标题")
    a.sync()
    b.sync()  # later arrival wins: a's title is the lost value
    a.sync()  # a receives the conflict record
    a.do(act_on_notice, person_id=a.person_id, notice_id=notice_id, action="submit")
    a.sync()
    b.do(update_notice, person_id=b.person_id, notice_id=notice_id, body="补充值班表")
    b.sync()  # refused: the notice was submitted meanwhile
    return Scenario(a, b, notice_id)
