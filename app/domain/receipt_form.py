"""回执 forms: the small form a notice may ask its recipients to fill in, and their answers.

A form is ``{"deadline": ISO datetime, "fields": [{"id", "label", "kind", "options",
"required"}], "rule": name}``; kinds are text, single (one option), multi (any options), number
and person (a person's id, e.g. the delegate of a 会议回执). The same checks run on the client (at
once, with a clear message) and on the server (authoritative). A form with no fields is a plain
acknowledgement (确认收到).

``rule`` names a check across fields that the field kinds cannot express (会议回执: 请假 needs a
reason, 委派 a delegate other than oneself). Rules register in ``RULES`` from the domain module
that owns them (app/domain/meeting.py), so ``validate_answers`` — the one check both the client
and the server run on every 回执 — applies them on both sides.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.errors import UserError

KINDS = {"text": "文本", "single": "单选", "multi": "多选", "number": "数字"}  # the composer offers
# Every kind a form may hold: "person" only in forms the code builds (the 会议回执's delegate).
FIELD_KINDS = {**KINDS, "person": "人员"}
MAX_FIELDS = 30
MAX_OPTIONS = 50
MAX_LABEL = 60
MAX_OPTION = 60
MAX_TEXT_ANSWER = 500
MAX_PERSON_ID = 64
_FIELD_ID = re.compile(r"^[A-Za-z0-9_\-]{1,40}$")

Answer = str | float | int | list[str]

# name -> check(cleaned answers, the person answering or None); raises UserError
Rule = Callable[[Mapping[str, "Answer"], str | None], None]
RULES: dict[str, Rule] = {}


def parse_moment(value: object, label: str) -> datetime | None:
    """An ISO date-time as an aware UTC datetime (a value without offset is taken as UTC);
    None for no value. Notices compare these with the server's clock, never a client's."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise UserError(f"{label}格式不正确")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UserError(f"{label}格式不正确") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class FormField:
    id: str
    label: str
    kind: str
    options: tuple[str, ...] = ()
    required: bool = False

    def as_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "kind": self.kind,
            "options": list(self.options),
            "required": self.required,
        }


@dataclass(frozen=True, slots=True)
class ReceiptForm:
    deadline: datetime
    fields: tuple[FormField, ...]
    rule: str | None = None

    def as_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "deadline": self.deadline.isoformat(),
            "fields": [f.as_data() for f in self.fields],
        }
        if self.rule:
            out["rule"] = self.rule
        return out


def _field(item: object, seen: set[str]) -> FormField:
    if not isinstance(item, Mapping):
        raise UserError("回执表单格式不正确")
    fid, label, kind = item.get("id"), item.get("label"), item.get("kind")
    if not isinstance(fid, str) or not _FIELD_ID.match(fid) or fid in seen:
        raise UserError("回执表单的字段编号不正确或重复")
    seen.add(fid)
    if not isinstance(label, str) or not label.strip() or len(label) > MAX_LABEL:
        raise UserError(f"回执表单的每一项都要有名称（不超过 {MAX_LABEL} 字）")
    if kind not in FIELD_KINDS:
        raise UserError(f"回执表单“{label}”的类型应为{'、'.join(KINDS.values())}之一")
    raw = item.get("options") or []
    if not isinstance(raw, list) or not all(isinstance(o, str) for o in raw):
        raise UserError(f"回执表单“{label}”的选项格式不正确")
    options = tuple(o.strip() for o in raw)
    if kind in ("single", "multi"):
        if len(options) < 2 or len(options) > MAX_OPTIONS:
            raise UserError(f"回执表单“{label}”需要 2–{MAX_OPTIONS} 个选项")
        if any(not o or len(o) > MAX_OPTION for o in options) or len(set(options)) != len(options):
            raise UserError(f"回执表单“{label}”的选项不能为空或重复（每项不超过 {MAX_OPTION} 字）")
    elif options:
        raise UserError(f"回执表单“{label}”是{FIELD_KINDS[str(kind)]}项，不能设置选项")
    required = item.get("required", False)
    if not isinstance(required, bool):
        raise UserError("回执表单格式不正确")
    return FormField(fid, label.strip(), str(kind), options, required)


def parse_form(value: object) -> ReceiptForm | None:
    """The form ``value`` describes (None: no 回执 asked); UserError naming what is wrong."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise UserError("回执表单格式不正确")
    deadline = parse_moment(value.get("deadline"), "回执截止时间")
    if deadline is None:
        raise UserError("要求回执时须设置回执截止时间")
    items = value.get("fields") or []
    if not isinstance(items, list) or len(items) > MAX_FIELDS:
        raise UserError(f"回执表单最多 {MAX_FIELDS} 项")
    rule = value.get("rule") or None
    if rule is not None and rule not in RULES:
        raise UserError("回执表单的校验规则不存在（请升级客户端）")
    seen: set[str] = set()
    return ReceiptForm(deadline, tuple(_field(item, seen) for item in items), rule)


def _number(f: FormField, value: object) -> float | int:
    number: float | int
    if isinstance(value, bool):
        raise UserError(f"“{f.label}”应填写数字")
    if isinstance(value, int | float):
        number = value
    elif isinstance(value, str):
        try:
            number = float(value.strip()) if "." in value else int(value.strip())
        except ValueError:
            raise UserError(f"“{f.label}”应填写数字") from None
    else:
        raise UserError(f"“{f.label}”应填写数字")
    if isinstance(number, float) and not math.isfinite(number):
        raise UserError(f"“{f.label}”应填写数字")
    return number


def _answer(f: FormField, value: object) -> Answer:
    if f.kind == "text":
        if not isinstance(value, str) or len(value) > MAX_TEXT_ANSWER:
            raise UserError(f"“{f.label}”应为不超过 {MAX_TEXT_ANSWER} 字的文字")
        return value.strip()
    if f.kind == "number":
        return _number(f, value)
    if f.kind == "person":
        if not isinstance(value, str) or not value.strip() or len(value) > MAX_PERSON_ID:
            raise UserError(f"“{f.label}”请选择一位人员")
        return value.strip()
    if f.kind == "single":
        if value not in f.options:
            raise UserError(f"“{f.label}”请从选项中选择一项")
        return str(value)
    if not isinstance(value, list) or not all(v in f.options for v in value):
        raise UserError(f"“{f.label}”请从选项中选择")
    return [o for o in f.options if o in value]  # the form's order, no repeats


def _empty(value: object) -> bool:
    return value is None or value in ("", [])


def validate_answers(
    form: ReceiptForm, answers: object, *, person_id: str | None = None
) -> dict[str, Answer]:
    """``answers`` (field id -> value) checked against ``form`` and its rule (``person_id``:
    who answers); the cleaned answers."""
    if not isinstance(answers, Mapping):
        raise UserError("回执内容格式不正确")
    known = {f.id for f in form.fields}
    unknown = [k for k in answers if k not in known]
    if unknown:
        raise UserError("回执内容包含表单中没有的项目")
    out: dict[str, Answer] = {}
    for f in form.fields:
        value = answers.get(f.id)
        if _empty(value) or (isinstance(value, str) and not value.strip()):
            if f.required:
                raise UserError(f"请填写“{f.label}”")
            continue
        out[f.id] = _answer(f, value)
    if form.rule is not None:
        RULES[form.rule](out, person_id)
    return out


def format_answer(f: FormField, value: object) -> str:
    """An answer as a cell of the exported table."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
