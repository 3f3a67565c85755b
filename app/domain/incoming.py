"""收文 (incoming): 签收 → 登记 → 初审 → 拟办 → 批办 → 承办 → 传阅 → 催办/督办 → 答复 → 办结 → 归档.

签收 happens on the exchange copy (app/sync/doc_types.py): it creates this record at 登记. Paper
documents are registered by hand and start at the same step. 初审 may 退回 to the sender with a
reason. 批办 sends the document to 承办 (a 主办 and 协办 with a 时限) or, for 阅知件, straight
to 传阅. 传阅 runs beside the other steps: each reader goes 未读 → 已读 (opened) → 已阅 (with an
optional comment). 催办 is recorded by the person following the item up (督办).
"""

from __future__ import annotations

from app.domain.org import Permission as P
from app.domain.org import Role
from app.domain.workflow import Machine, transition

REGISTER, PRECHECK, PROPOSE, INSTRUCT = "register", "precheck", "propose", "instruct"
HANDLING, READING, DONE, ARCHIVED, RETURNED = "handling", "reading", "done", "archived", "returned"

STATES = {
    REGISTER: "待登记",
    PRECHECK: "初审",
    PROPOSE: "拟办",
    INSTRUCT: "批办",
    HANDLING: "承办",
    READING: "传阅",
    DONE: "已办结",
    ARCHIVED: "已归档",
    RETURNED: "已退回",
}
ACTIVE = frozenset({REGISTER, PRECHECK, PROPOSE, INSTRUCT, HANDLING, READING})

STEP_ROLES: dict[str, tuple[Role, ...]] = {
    REGISTER: (Role.CLERK,),
    PRECHECK: (Role.CLERK, Role.OFFICE_DIRECTOR),
    PROPOSE: (Role.OFFICE_DIRECTOR,),
    DONE: (Role.ARCHIVIST, Role.CLERK),
}

# 传阅: per-reader states
UNREAD, OPENED, READ = "unread", "opened", "read"
READER_STATES = {UNREAD: "未读", OPENED: "已读", READ: "已阅"}


_t = transition


_TRANSITIONS = [
    _t("register", "登记", {REGISTER}, PRECHECK, permission=P.RECEIVE_DOCUMENT, effect="register"),
    _t("precheck_pass", "初审通过", {PRECHECK}, PROPOSE),
    _t("reject", "退回来文单位", {PRECHECK}, RETURNED, needs_reason=True, effect="reject"),
    _t("propose", "拟办", {PROPOSE}, INSTRUCT, permission=P.PROPOSE, needs_next=True),
    # 批办: to 承办 with a 主办 (``next``), 协办 and a 时限, or to 传阅 for a 阅知件.
    _t("instruct", "批办", {INSTRUCT}, HANDLING, permission=P.INSTRUCT, effect="instruct"),
    _t("circulate", "传阅", {INSTRUCT, HANDLING, READING, DONE}, None, effect="circulate"),
    _t("open", "已读", ACTIVE | {DONE, ARCHIVED}, None, by_handler=False, effect="reader"),
    _t("mark_read", "已阅", ACTIVE | {DONE, ARCHIVED}, None, by_handler=False, effect="reader"),
    _t("reply", "答复", {HANDLING}, None, effect="reply"),
    _t("finish", "办结", {HANDLING, READING}, DONE, effect="finish"),
    _t("urge", "催办", ACTIVE, None, permission=P.SUPERVISE, by_handler=False, effect="urge"),
    _t(
        "supervise",
        "督办",
        ACTIVE,
        None,
        permission=P.SUPERVISE,
        by_handler=False,
        effect="supervise",
    ),
    _t("archive", "归档", {DONE}, ARCHIVED, permission=P.ARCHIVE, effect="archive"),
    _t("withdraw", "撤回", set(STATES), None, by_handler=False),
    _t("transfer", "转交", ACTIVE, None, needs_next=True),
    _t("add_handler", "加签", {PROPOSE, INSTRUCT, HANDLING}, None, needs_next=True),
]

MACHINE = Machine(
    name="indoc",
    label="收文",
    states=STATES,
    transitions={t.action: t for t in _TRANSITIONS},
    done=frozenset({DONE, ARCHIVED, RETURNED}),
)
