"""Notice (通知) states and who may move a notice between them.

A notice is drafted, submitted for review when its sender cannot publish alone, approved (and
published) or returned by a leader, and finally may be withdrawn. Two leaders acting on the same
submitted notice while offline is decided by the server: the first arrival wins, the other is
told who acted; both opinions are kept (opinions are append-only records).
"""

from __future__ import annotations

from enum import StrEnum

from app.domain.org import Permission, RoleGrant, permissions_of
from app.errors import PermissionDeniedError, UserError


class NoticeState(StrEnum):
    DRAFT = "draft"
    PENDING = "pending"  # 待审核
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    NoticeState.DRAFT: "草稿",
    NoticeState.PENDING: "待审核",
    NoticeState.PUBLISHED: "已发布",
    NoticeState.WITHDRAWN: "已撤回",
}

URGENCIES = ("普通", "紧急", "特急")

# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[NoticeState], NoticeState]] = {
    "submit": (frozenset({NoticeState.DRAFT}), NoticeState.PENDING),
    "approve": (frozenset({NoticeState.PENDING}), NoticeState.PUBLISHED),
    "return": (frozenset({NoticeState.PENDING}), NoticeState.DRAFT),
    "publish": (frozenset({NoticeState.DRAFT}), NoticeState.PUBLISHED),
    "withdraw": (frozenset({NoticeState.PUBLISHED}), NoticeState.WITHDRAWN),
}

ACTION_LABELS = {
    "submit": "提交审核",
    "approve": "审核通过",
    "return": "退回",
    "publish": "发布",
    "withdraw": "撤回",
}


def next_state(action: str, current: NoticeState) -> NoticeState:
    """The state ``action`` leads to from ``current``; UserError when it cannot be taken now."""
    if action not in TRANSITIONS:
        raise UserError(f"通知没有“{action}”操作")
    sources, target = TRANSITIONS[action]
    if current not in sources:
        raise UserError(
            f"通知当前为“{current.label}”，不能{ACTION_LABELS[action]}（可能已由他人处理）"
        )
    return target


def check_may_act(
    action: str, *, grants: tuple[RoleGrant, ...], person_id: str, sender_id: str
) -> None:
    """Senders submit, publish (with 发送通知 permission) and withdraw; leaders review."""
    if action in ("approve", "return"):
        if Permission.SIGN_ISSUE not in permissions_of(grants):
            raise PermissionDeniedError("只有领导可以审核通知")
        return
    if person_id != sender_id:
        raise PermissionDeniedError("只有通知的起草人可以执行此操作")
    if action == "publish" and Permission.SEND_NOTICE not in permissions_of(grants):
        raise PermissionDeniedError("没有“发送通知”的权限，请提交审核")


def check_urgency(urgency: object) -> None:
    if urgency not in URGENCIES:
        raise UserError(f"紧急程度应为{'、'.join(URGENCIES)}之一")
