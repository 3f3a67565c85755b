"""Executemany for thousands of rows without SQLAlchemy's per-row parameter work.

``session.execute(stmt, rows)`` builds, checks and converts a parameter set per row in Python;
for a sync page of 5,000 records that costs as much as SQLite's own work. ``executemany``
compiles the statement once, fills in the constant defaults of the columns the rows leave out,
converts only the values whose column type needs it (datetimes on SQLite, for instance) and
hands the driver plain tuples (or dicts, for named paramstyles).
The SQL and the stored values are exactly those ``session.execute`` would produce.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement


def executemany(session: Session, stmt: ClauseElement, rows: Sequence[Mapping[str, Any]]) -> None:
    """Run ``stmt`` once per row, in the session's transaction. Every row has the same keys; a
    bound value the rows do not carry keeps the one given in the statement."""
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    keys = list(rows[0])
    compiled = stmt.compile(dialect=dialect, column_keys=keys)
    assert isinstance(compiled, SQLCompiler)
    binds = compiled.binds
    defaults = _scalar_defaults(compiled)
    if defaults is None:
        # Column defaults computed in Python per row (ids, timestamps): SQLAlchemy's own path.
        session.execute(stmt, rows)  # type: ignore[call-overload]
        return
    fixed: dict[str, Any] = {}
    procs: list[tuple[str, Callable[[Any], Any]]] = []
    proc: Callable[[Any], Any] | None
    for name, bind in binds.items():
        if bind.expanding:  # IN (...) lists: not for executemany
            raise ValueError("executemany does not take expanding parameters")
        if name not in rows[0]:
            fixed[name] = defaults[name] if name in defaults else bind.effective_value
        proc = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if proc is not None:
            procs.append((name, proc))
    for name, proc in procs:
        if name in fixed:
            fixed[name] = proc(fixed[name])
    row_procs = [(name, _last_one(proc)) for name, proc in procs if name not in fixed]

    def values(row: Mapping[str, Any]) -> dict[str, Any]:
        out = {**fixed, **row}
        for name, proc in row_procs:
            out[name] = proc(out[name])
        return out

    prepared = [values(r) for r in rows] if (row_procs or fixed) else rows
    if compiled.positional:
        params: list[Any] = _positional(compiled.positiontup or [], prepared)
    else:
        if compiled.escaped_bind_names:  # pragma: no cover - our names are plain identifiers
            raise ValueError("executemany needs plain bind names")
        params = [dict(r) for r in prepared] if prepared is rows else list(prepared)
    conn.exec_driver_sql(compiled.string, params)


def _positional(order: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> list[Any]:
    if len(order) > 1:
        return list(map(itemgetter(*order), rows))  # the tuples are made in C
    return [tuple(r[name] for name in order) for r in rows]


def _scalar_defaults(compiled: SQLCompiler) -> dict[str, Any] | None:
    """The Python-side defaults of the columns the rows leave out, by bind name, when every one
    is a constant (``default=""``): those are the same for each row. None when one is computed
    per row (a callable or a sequence)."""
    out: dict[str, Any] = {}
    columns = [(c, c.default) for c in compiled.insert_prefetch]
    columns += [(c, c.onupdate) for c in compiled.update_prefetch]
    for column, default in columns:
        if default is None or not default.is_scalar or column.key not in compiled.binds:
            return None
        out[column.key] = getattr(default, "arg", None)
    return out


def _last_one(proc: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``proc`` remembering its last answer: a batch usually repeats one value (its timestamp)."""
    last: list[Any] = [_UNSET, None]

    def convert(value: Any) -> Any:
        if value is not last[0]:
            last[0], last[1] = value, proc(value)
        return last[1]

    return convert


_UNSET = object()
