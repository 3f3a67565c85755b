"""Who is in a unit, for a notice's recipients: one query, the same on the server and the client.

The server's tables and the client's local store both hold ``units (id, parent_id, kind)`` and
``people (id, unit_id, active)``, so this one function answers ``Lookup.members`` on both sides:
a notice reaches the same people whichever side counts them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

Tree = Mapping[str, tuple[str | None, str]]  # unit id -> (parent id, kind)

_UNITS = text("SELECT id, parent_id, kind FROM units")
_PEOPLE = text(
    "SELECT id, unit_id FROM people WHERE active AND unit_id IN :units ORDER BY sort_order, id"
).bindparams(bindparam("units", expanding=True))


def with_departments(unit_ids: Iterable[str], tree: Tree) -> list[str]:
    """``unit_ids`` and the 科室 below them, down to (not into) the next 机关 — the units whose
    people hold ``unit:<id>`` for one of ``unit_ids`` (app/sync/scoping.py up_to_agency)."""
    children: dict[str, list[str]] = {}
    for uid, (parent, kind) in tree.items():
        if parent is not None and kind != "agency":
            children.setdefault(parent, []).append(uid)
    out = dict.fromkeys(u for u in unit_ids if u in tree)
    todo = list(out)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in out:
                out[child] = None
                todo.append(child)
    return list(out)


def unit_tree(session: Session) -> dict[str, tuple[str | None, str]]:
    return {uid: (pid, kind) for uid, pid, kind in session.execute(_UNITS)}


def unit_members(
    session: Session, unit_ids: list[str], tree: Tree | None = None
) -> list[tuple[str, str]]:
    """(person id, unit id) of the active people in ``unit_ids`` and their 科室."""
    if not unit_ids:
        return []
    units = with_departments(unit_ids, tree if tree is not None else unit_tree(session))
    out: list[tuple[str, str]] = []
    for i in range(0, len(units), 500):
        rows = session.execute(_PEOPLE, {"units": units[i : i + 500]})
        out += [(str(p), str(u)) for p, u in rows]
    return out
