"""公文 record types: ``outdoc`` (发文), ``exchange`` (公文交换 copy), ``phrase`` (常用意见).

The workflows are the machines of app/domain/outgoing.py and incoming.py; this module adds what
needs the server: numbers from a series, copies for the recipient units, and scopes (who sees a
document: whoever ever held it, and whoever must act on it now). ``indoc`` (收文) is in
app/sync/indoc_type.py.
"""

from __future__ import annotations

import uuid

from app.domain import document as rules
from app.domain import outgoing as out
from app.domain import workflow as wf
from app.domain.org import Permission, Role, permissions_of
from app.errors import PermissionDeniedError, UserError
from app.sync import attachments
from app.sync.doc_common import (
    WORKFLOW_FIELDS,
    Step,
    agency,
    allocate,
    check_document_fields,
    chosen,
    next_or_default,
    require_handler_or,
    retarget,
    run_action,
    year_of,
)
from app.sync.records import (
    ActionContext,
    Actor,
    Data,
    FieldKind,
    Lookup,
    RecordType,
    person_key,
    register,
)
from app.sync.scoping import role_key

T, S = FieldKind.TEXT, FieldKind.SERVER
NS = uuid.UUID("7a1d52c4-8f3e-4d8e-9a51-2f0c3b1e6d10")  # ids of records made by actions


def derived_id(*parts: str) -> str:
    """A stable id for a record an action creates, so a repeated action cannot make two."""
    return str(uuid.uuid5(NS, ":".join(parts)))


def workflow_scopes(data: Data) -> set[str]:
    keys = set(data.get("participants") or []) | set(data.get("handlers") or [])
    return keys or {person_key(str(data.get("drafter_id") or data.get("created_by") or ""))}


# --- 发文 ------------------------------------------------------------------------------------

OUT_TEXT = (
    "title",
    "body",
    "doc_type",
    "code",  # 发文代字 (塔政发): the 文号 series
    "classification",
    "classification_period",
    "urgency",
    "main_units",  # 主送机关 (unit ids)
    "cc_units",  # 抄送机关
    "attachments",
    "note",  # 附注
    "copies",  # 印制份数
    "countersigners",  # 会签 people
    "countersign_mode",  # parallel | ordered
    "upward",  # 上行文 (签发人 printed on the header)
)
OUT_SERVER = (
    "drafter_id",
    "unit_id",
    *WORKFLOW_FIELDS,
    "doc_number",
    "signed_by",
    "sign_date",
    "snapshots",
    "sealed_pdf",
    "seal_key_id",
    "sealed_by",
    "sealed_at",
    "dispatched_at",
    "exchanges",
    "archive",
)


def _out_authorize(actor: Actor, op: str, old: Data | None, new: Data) -> None:
    if op == "act":
        return
    check_document_fields(actor, new)
    if new.get("code"):
        rules.check_code(new["code"])
    signers = new.get("countersigners")
    if signers is not None and (
        not isinstance(signers, list) or not all(isinstance(p, str) for p in signers)
    ):
        raise UserError("会签人员格式不正确")
    if new.get("countersign_mode") not in (None, "parallel", "ordered"):
        raise UserError("会签方式应为并行或依次")
    if op == "create":
        if Permission.DRAFT not in permissions_of(actor.grants):
            raise PermissionDeniedError("没有拟稿的权限")
        return
    assert old is not None
    state = old.get("state")
    if op == "update":
        if state not in out.EDITABLE:
            raise UserError("公文已签发，正文已锁定；实质性修改须退回签发人")
        require_handler_or(actor, old, old.get("drafter_id"))
    elif op == "delete":
        if old.get("drafter_id") != actor.person_id or state != out.DRAFT or old.get("log"):
            raise UserError("只能删除自己从未送出的草稿")


def _out_create(actor: Actor, data: Data) -> Data:
    me = person_key(actor.person_id)
    return {
        "doc_type": "通知",
        "classification": "",
        "urgency": "",
        "main_units": [],
        "cc_units": [],
        "countersigners": [],
        "countersign_mode": "parallel",
        "copies": 1,
        **data,
        "drafter_id": actor.person_id,
        "unit_id": actor.unit_id,
        "state": out.DRAFT,
        "handlers": [me],
        "mode": wf.ANY,
        "after": [],
        "participants": [me],
        "log": [],
        "doc_number": "",
        "snapshots": [],
    }


def _snapshot(data: Data, stage: str, actor: Actor, ctx: ActionContext) -> list[Data]:
    snap: Data = {"stage": stage, "at": ctx.now, "by": actor.person_id}
    snap.update({k: data.get(k) for k in ("title", "body", "attachments")})
    return [*(data.get("snapshots") or []), snap]


def _submit(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    return Step(chosen(ctx))


def _review_pass(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    signer = chosen(ctx)
    extra = {"snapshots": _snapshot(data, "核稿", actor, ctx)}
    people = [person_key(p) for p in data.get("countersigners") or []]
    if people:
        mode = wf.SEQ if data.get("countersign_mode") == "ordered" else wf.ALL
        return Step(
            people, mode=mode, after=signer, extra=extra, transition=retarget(t, out.COUNTERSIGN)
        )
    return Step(signer, extra=extra)


def _default(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    return Step(next_or_default(ctx, t.target, out.STEP_ROLES, agency(data, ctx.lookup)))


def _sign(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    step = _default(actor, data, ctx, t)
    step.extra = {
        "signed_by": actor.person_id,
        "sign_date": ctx.now[:10],  # 成文日期: the day of 签发
        "snapshots": _snapshot(data, "签发", actor, ctx),
    }
    return step


def _number(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    code = rules.check_code(data.get("code"))
    year = year_of(ctx)
    seq = allocate(ctx, rules.doc_number_series(code, year))
    step = _default(actor, data, ctx, t)
    step.extra = {"doc_number": rules.format_doc_number(code, year, seq)}
    return step


def _seal(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    files = attachments.parse(ctx.args.get(attachments.FIELD))
    if len(files) != 1 or not files[0]["name"].lower().endswith(".pdf"):
        raise UserError("用印须附上盖章签名后的 PDF 文件")
    step = _default(actor, data, ctx, t)
    step.extra = {
        "sealed_pdf": files[0],
        "seal_key_id": str(ctx.args.get("key_id") or ""),
        "sealed_by": actor.person_id,
        "sealed_at": ctx.now,
    }
    return step


def _dispatch(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    """分发: a copy for each 主送 and 抄送 unit, waiting there for 签收."""
    if not data.get("sealed_pdf"):
        raise UserError("公文尚未用印，不能分发")
    main = list(data.get("main_units") or [])
    targets = [(u, "主送") for u in main]
    targets += [(u, "抄送") for u in data.get("cc_units") or [] if u not in main]
    if not targets:
        raise UserError("请先填写主送或抄送机关")
    sender = agency(data, ctx.lookup)
    sender_unit = ctx.lookup.get(sender) or {}
    ids = []
    for unit_id, kind in targets:
        unit = ctx.lookup.get(unit_id)
        if unit is None or unit.get("kind") != "agency":
            raise UserError("主送、抄送单位必须是通讯录中的机关")
        eid = derived_id(ctx.record_id, unit_id)
        ids.append(eid)
        ctx.write(
            "exchange",
            eid,
            {
                "doc_id": ctx.record_id,
                "from_unit_id": sender,
                "from_unit": sender_unit.get("name", ""),
                "to_unit_id": unit_id,
                "to_unit": unit.get("name", ""),
                "kind": kind,
                "status": "sent",
                "sent_at": ctx.now,
                "sent_by": actor.person_id,
                "drafter_id": data.get("drafter_id"),
                **{k: data.get(k) for k in EXCHANGE_COPY},
            },
            create=True,
        )
    step = _default(actor, data, ctx, t)
    step.extra = {"dispatched_at": ctx.now, "exchanges": ids}
    return step


def archive_step(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    retention = ctx.args.get("retention") or "永久"
    if retention not in rules.RETENTIONS:
        raise UserError(f"保管期限应为{'、'.join(rules.RETENTIONS)}之一")
    year = int(ctx.args.get("year") or year_of(ctx))
    seq = allocate(ctx, rules.archive_series(agency(data, ctx.lookup), year))
    return Step(
        [],
        extra={
            "archive": {
                "year": year,
                "retention": retention,
                "number": rules.format_archive_number(year, retention, seq),
                "at": ctx.now,
                "by": actor.person_id,
            }
        },
    )


def _return(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    return Step([person_key(str(data["drafter_id"]))])


def _return_to_signer(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    return Step([person_key(str(data.get("signed_by")))])


EXCHANGE_COPY = (
    "title",
    "body",
    "doc_type",
    "doc_number",
    "classification",
    "classification_period",
    "urgency",
    "sign_date",
    "sealed_pdf",
    "attachments",
    "copies",
    "note",
)

register(
    RecordType(
        name="outdoc",
        label="发文",
        fields={**dict.fromkeys(OUT_TEXT, T), **dict.fromkeys(OUT_SERVER, S)},
        required=frozenset({"title"}),
        authorize=_out_authorize,
        scopes=lambda data, lookup: workflow_scopes(data),
        on_create=_out_create,
        actions={
            name: run_action(
                out.MACHINE,
                name,
                {
                    "submit": _submit,
                    "review_pass": _review_pass,
                    "sign": _sign,
                    "recheck_pass": _default,
                    "number": _number,
                    "seal": _seal,
                    "dispatch": _dispatch,
                    "archive": archive_step,
                    "return": _return,
                    "return_to_signer": _return_to_signer,
                },
            )
            for name in out.MACHINE.transitions
        },
    )
)


# --- 公文交换: the copy a recipient unit signs for ------------------------------------------------


def _exchange_scopes(data: Data, lookup: Lookup) -> set[str]:
    keys = {
        role_key(Role.CLERK, str(data["to_unit_id"])),
        role_key(Role.OFFICE_DIRECTOR, str(data["to_unit_id"])),
        role_key(Role.CLERK, str(data["from_unit_id"])),
    }
    if data.get("drafter_id"):
        keys.add(person_key(str(data["drafter_id"])))
    return keys


def _exchange_authorize(actor: Actor, op: str, old: Data | None, new: Data) -> None:
    if op != "act":
        raise PermissionDeniedError("交换记录由分发自动生成，不能直接修改")


def _receiving_clerk(actor: Actor, data: Data) -> None:
    if role_key(Role.CLERK, str(data["to_unit_id"])) not in actor.keys:
        raise PermissionDeniedError("只有收文单位的收发员可以签收或退回")
    if data.get("status") != "sent":
        raise UserError("该公文已签收或已退回（可能已由他人处理）")


def _sign_for(actor: Actor, data: Data, ctx: ActionContext) -> Data:
    """签收: the 收文 is created at 待登记 in the receiving unit."""
    _receiving_clerk(actor, data)
    unit = str(data["to_unit_id"])
    office = [role_key(Role.CLERK, unit), role_key(Role.OFFICE_DIRECTOR, unit)]
    indoc_id = derived_id(ctx.record_id, "in")
    entry = {"at": ctx.now, "by": actor.person_id, "action": "sign_for", "label": "签收"}
    ctx.write(
        "indoc",
        indoc_id,
        {
            **{k: data.get(k) for k in EXCHANGE_COPY},
            "unit_id": unit,
            "from_unit_id": data.get("from_unit_id"),
            "from_unit": data.get("from_unit"),
            "source": "exchange",
            "exchange_id": ctx.record_id,
            "state": "register",
            "handlers": [role_key(Role.CLERK, unit)],
            "mode": wf.ANY,
            "after": [],
            "participants": office,
            "log": [{**entry, "from": "", "to": "register"}],
            "received_at": ctx.now,
            "register_number": "",
            "readers": {},
        },
        create=True,
    )
    return {
        "status": "signed",
        "signed_at": ctx.now,
        "signed_by": actor.person_id,
        "indoc_id": indoc_id,
    }


def _refuse(actor: Actor, data: Data, ctx: ActionContext) -> Data:
    _receiving_clerk(actor, data)
    reason = str(ctx.args.get("reason") or "").strip()
    if not reason:
        raise UserError("退回须填写理由")
    return {
        "status": "returned",
        "reason": reason,
        "returned_at": ctx.now,
        "returned_by": actor.person_id,
    }


register(
    RecordType(
        name="exchange",
        label="公文交换",
        fields=dict.fromkeys(
            (
                "doc_id",
                "from_unit_id",
                "from_unit",
                "to_unit_id",
                "to_unit",
                "kind",
                "status",
                "sent_at",
                "sent_by",
                "drafter_id",
                "signed_at",
                "signed_by",
                "indoc_id",
                "reason",
                "returned_at",
                "returned_by",
                "reply",
                "replied_at",
                "replied_by",
                *EXCHANGE_COPY,
            ),
            S,
        ),
        client_writable=False,
        authorize=_exchange_authorize,
        scopes=_exchange_scopes,
        actions={"sign_for": _sign_for, "refuse": _refuse},
    )
)


# --- 常用意见 (a person's saved phrases) ----------------------------------------------------------


def _phrase_authorize(actor: Actor, op: str, old: Data | None, new: Data) -> None:
    if old is not None and old.get("owner_id") != actor.person_id:
        raise PermissionDeniedError("只能修改自己的常用意见")
    text = new.get("text")
    if not isinstance(text, str) or not text.strip() or len(text) > 200:
        raise UserError("常用意见应为 1–200 字")


register(
    RecordType(
        name="phrase",
        label="常用意见",
        fields={"text": T, "sort_order": T, "owner_id": S},
        required=frozenset({"text"}),
        authorize=_phrase_authorize,
        scopes=lambda data, lookup: {person_key(str(data["owner_id"]))},
        on_create=lambda actor, data: {**data, "owner_id": actor.person_id},
    )
)


# --- 印章公钥: public keys of unit seals, seen by everyone who verifies a sealed PDF ------------


def _seal_key_authorize(actor: Actor, op: str, old: Data | None, new: Data) -> None:
    if op == "delete":
        raise UserError("印章公钥不能删除；停用请登记停用时间")
    unit = str(new.get("unit_id") or "")
    if role_key(Role.SEAL_KEEPER, unit) not in actor.keys:
        raise PermissionDeniedError("只有本单位的印章管理员可以登记印章密钥")
    if op == "update" and set(new) - {"revoked_at"} and old is not None:
        if any(old.get(k) != new.get(k) for k in ("unit_id", "public_key")):
            raise UserError("印章公钥登记后不能修改，请重新生成新密钥")
    key = new.get("public_key")
    if not isinstance(key, str) or len(key) not in (128, 130):
        raise UserError("印章公钥格式不正确")


register(
    RecordType(
        name="seal_key",
        label="印章公钥",
        fields={"unit_id": T, "unit_name": T, "public_key": T, "revoked_at": T, "created_at": S},
        required=frozenset({"unit_id", "unit_name", "public_key"}),
        authorize=_seal_key_authorize,
        scopes=lambda data, lookup: {"all"},
    )
)
