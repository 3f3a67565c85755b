"""发文 (outgoing documents): 拟稿 → 核稿 → 会签 → 签发 → 复核 → 编号 → 用印 → 分发 → 归档.

Plus 撤回 (before the next person acts), 转交/委托 (hand the step to someone else), 加签 (add a
person who must also act on the step), and 退回 with a reason. The text is snapshotted when it
passes 核稿 and 签发 and is locked after 签发 (substantive changes go back to the signer).
"""

from __future__ import annotations

from app.domain.org import Permission as P
from app.domain.org import Role
from app.domain.workflow import Machine, transition

DRAFT, REVIEW, COUNTERSIGN, SIGN = "draft", "review", "countersign", "sign"
RECHECK, NUMBER, SEAL, DISPATCH = "recheck", "number", "seal", "dispatch"
DISPATCHED, ARCHIVED = "dispatched", "archived"

STATES = {
    DRAFT: "拟稿",
    REVIEW: "核稿",
    COUNTERSIGN: "会签",
    SIGN: "签发",
    RECHECK: "复核",
    NUMBER: "待编号",
    SEAL: "待用印",
    DISPATCH: "待分发",
    DISPATCHED: "已分发",
    ARCHIVED: "已归档",
}

# Text may change only before 签发.
EDITABLE = frozenset({DRAFT, REVIEW, COUNTERSIGN, SIGN})
ACTIVE = frozenset(STATES) - {DISPATCHED, ARCHIVED}

# Steps done by whoever holds a role in the issuing 机关, unless someone is named.
STEP_ROLES: dict[str, tuple[Role, ...]] = {
    RECHECK: (Role.OFFICE_DIRECTOR, Role.REVIEWER),
    NUMBER: (Role.CLERK,),
    SEAL: (Role.SEAL_KEEPER,),
    DISPATCH: (Role.CLERK,),
    DISPATCHED: (Role.ARCHIVIST,),
}


_t = transition


_TRANSITIONS = [
    _t("submit", "送核稿", {DRAFT}, REVIEW, permission=P.DRAFT, needs_next=True),
    # To 会签 when co-signers are listed, else straight to 签发: the target is decided in
    # app/sync/doc_types.py; here it names the usual one.
    _t(
        "review_pass",
        "核稿通过",
        {REVIEW},
        SIGN,
        permission=P.REVIEW_DRAFT,
        needs_next=True,
        effect="snapshot",
    ),
    _t("countersign", "会签同意", {COUNTERSIGN}, SIGN),
    _t("sign", "签发", {SIGN}, RECHECK, permission=P.SIGN_ISSUE, effect="sign"),
    _t("recheck_pass", "复核通过", {RECHECK}, NUMBER),
    _t("number", "编号", {NUMBER}, SEAL, permission=P.RECEIVE_DOCUMENT, effect="number"),
    _t("seal", "用印", {SEAL}, DISPATCH, permission=P.APPLY_SEAL, effect="seal"),
    _t(
        "dispatch", "分发", {DISPATCH}, DISPATCHED, permission=P.RECEIVE_DOCUMENT, effect="dispatch"
    ),
    _t("archive", "归档", {DISPATCHED}, ARCHIVED, permission=P.ARCHIVE, effect="archive"),
    _t("return", "退回拟稿人", {REVIEW, COUNTERSIGN, SIGN}, DRAFT, needs_reason=True),
    _t("return_to_signer", "退回签发人", {RECHECK}, SIGN, needs_reason=True),
    _t("withdraw", "撤回", set(STATES), None, by_handler=False),
    _t("transfer", "转交", ACTIVE, None, needs_next=True),
    _t("add_handler", "加签", {REVIEW, COUNTERSIGN, SIGN}, None, needs_next=True),
]

MACHINE = Machine(
    name="outdoc",
    label="发文",
    states=STATES,
    transitions={t.action: t for t in _TRANSITIONS},
    done=frozenset({DISPATCHED, ARCHIVED}),
)
