"""Searching 公文: substring matches over the index of app.search.index, newest first.

A query's terms split by length: 1-character terms ask ``search_chars`` (does the document hold
the character), longer ones ``search_grams`` (the phrase of their grams; field filters there
name their column). The FTS5 table drives: it walks its posting lists in key order — newest
first — and stops after the page, so the newest 50 documents holding 县 cost as little as those
holding a rare name. A query with terms of both kinds intersects the two tables' matches when
both are few; otherwise the table with fewer drives and each candidate is checked on its stored
text for the other terms (~30 µs a candidate). A 1-character field filter (title contains 县)
is checked on the stored field. Visibility is not filtered here: a client only holds (and
indexes) the records its user may see; the server syncs nothing else.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app.domain.document import DOC_TYPES
from app.errors import UserError
from app.search.index import (
    DIRECTIONS,
    NO_DATE_RANK,
    StoredBodies,
    day_rank,
    key_range,
    rank_of,
)
from app.search.text import match_expression, query_terms

# A page's total is counted only while it is cheap: up to this many candidates of an FTS5
# query (its matches), or of a query checked on stored text. Beyond, total is None ("更多").
COUNT_SCAN = 1000
CHECK_SCAN = 200
# A query with both 1-character and longer terms: when both kinds have at most this many
# candidates, their common keys are the matches; otherwise the kind with fewer drives and each
# candidate is checked on stored text for the other (~30 µs a candidate).
DRIVE_CAP = 3000
MAX_LIMIT = 1000

_ALL_KEYS = (0, key_range(NO_DATE_RANK)[1])
_FIELD_COLUMNS = (("title", "title"), ("doc_number", "num"), ("from_unit", "unit"))
_SHORT_FIELDS = ("title", "num", "unit")  # stored plain in search_docs


@dataclass(frozen=True, slots=True)
class DocQuery:
    text: str = ""  # over title, number, unit and body; blanks separate terms that must all match
    title: str = ""  # substring of the title
    doc_number: str = ""  # substring of the 文号, e.g. "12号", "塔政发", "〔2026〕"
    from_unit: str = ""  # substring of the 来文单位 / issuing unit
    doc_type: str | None = None
    direction: str | None = None  # "in" | "out"
    date_from: date | None = None  # inclusive; undated documents never match a date range
    date_to: date | None = None  # inclusive


@dataclass(frozen=True, slots=True)
class SearchPage:
    ids: list[str]  # newest first (doc_date desc, then doc_id), at most ``limit``
    # The number of matches when it was cheap to know (see COUNT_SCAN), or when this page
    # reached the end. None: not counted — there may be more pages (the list says "更多").
    total: int | None


Term = tuple[str, str | None]  # normalised term, the column it must be in (None: any)
Rows = list[tuple[int, str]]  # (key, doc_id) in key order


@dataclass
class _Terms:
    grams: list[Term] = field(default_factory=list)  # 2 characters or more
    chars: list[Term] = field(default_factory=list)  # 1 character

    @classmethod
    def of(cls, query: DocQuery) -> _Terms:
        terms = cls()
        for attr, column in (("text", None), *_FIELD_COLUMNS):
            for t in query_terms(getattr(query, attr)):
                (terms.chars if len(t) == 1 else terms.grams).append((t, column))
        return terms


def _grams_expression(terms: list[Term]) -> str:
    return " AND ".join(
        f"{column} : {match_expression(t)}" if column else match_expression(t)
        for t, column in terms
    )


def _chars_expression(terms: list[Term]) -> str:
    # A field holding the character means the document does: search_chars (one column for the
    # whole document) narrows the candidates; the field itself is checked on search_docs.
    return " AND ".join(match_expression(t) for t, _column in terms)


@dataclass(frozen=True)
class _Plan:
    """The candidates — one FTS5 table's matches (or all documents) in key order, meeting the
    conditions on ``search_docs d`` — and the terms each must then be checked for."""

    table: str | None  # the driving FTS5 table; None: search_docs alone
    match: str
    key_lo: int
    key_hi: int
    conds: tuple[str, ...] = ()
    params: tuple[Any, ...] = ()
    check: tuple[Term, ...] = ()  # checked on the stored text

    def _select(
        self, columns: str, between: tuple[int, int] | None = None, *, ordered: bool = True
    ) -> tuple[str, tuple[Any, ...]]:
        lo, hi = between or (self.key_lo, self.key_hi)
        key = "f.rowid" if self.table else "d.key"
        where: list[str] = []
        args: list[Any] = []
        source = "search_docs d"
        if self.table:
            # CROSS JOIN: the FTS5 table is the outer loop, whatever the planner guesses.
            source = f"{self.table} f CROSS JOIN search_docs d ON d.key = f.rowid"
            where.append(f"{self.table} MATCH ?")
            args.append(self.match)
        if self.table or (lo, hi) != _ALL_KEYS:  # all keys: the smallest index can count them
            where.append(f"{key} BETWEEN ? AND ?")
            args += [lo, hi]
        where += self.conds
        args += self.params
        sql = f"SELECT {columns} FROM {source}"
        sql += f" WHERE {' AND '.join(where)}" if where else ""
        sql += f" ORDER BY {key}" if ordered else ""
        return sql, tuple(args)

    def rows(self, conn: Connection, limit: int, between: tuple[int, int] | None = None) -> Rows:
        """(key, doc_id) of the first ``limit`` candidates (-1: all) with keys ``between``."""
        sql, args = self._select("d.key, d.doc_id", between)
        return [(k, doc_id) for k, doc_id in conn.exec_driver_sql(f"{sql} LIMIT ?", (*args, limit))]

    def _first(self, cap: int) -> tuple[str, tuple[Any, ...]]:
        """The driving table's first ``cap`` matches (other conditions aside)."""
        sql = (
            f"SELECT f.rowid AS rowid FROM {self.table} f WHERE {self.table} MATCH ?"
            " AND f.rowid BETWEEN ? AND ? ORDER BY f.rowid LIMIT ?"
        )
        return sql, (self.match, self.key_lo, self.key_hi, cap)

    def at_most(self, conn: Connection, n: int) -> bool:
        """Whether the driving table matches at most ``n`` documents (other conditions aside:
        counting them would cost a look-up each)."""
        sql, args = self._first(n + 1)
        return int(conn.exec_driver_sql(f"SELECT count(*) FROM ({sql})", args).scalar_one()) <= n

    def count(self, conn: Connection) -> int | None:
        """The number of matches; None when there are more than COUNT_SCAN candidates."""
        if self.table is None:  # metadata only: counted on an index, exactly
            sql, args = self._select("count(*)", ordered=False)
            return int(conn.exec_driver_sql(sql, args).scalar_one())
        first, first_args = self._first(COUNT_SCAN + 1)
        # The conditions sit in the select list: their parameters come first.
        sql = (
            f"SELECT count(*), total({' AND '.join(self.conds) or 1}) FROM ({first}) f"
            " JOIN search_docs d ON d.key = f.rowid"
        )
        if not self.conds:
            sql = f"SELECT count(*), count(*) FROM ({first})"
        scanned, matched = conn.exec_driver_sql(sql, (*self.params, *first_args)).one()
        return int(matched) if scanned <= COUNT_SCAN else None

    def checked(self, conn: Connection) -> Generator[tuple[int, str], None, None]:
        """(key, doc_id) of the candidates that hold the ``check`` terms, and (-1, "") after
        every CHECK_SCAN candidates (a moment to stop). Close it when done."""
        bodies = StoredBodies(conn)
        result = conn.exec_driver_sql(*self._select("d.key, d.doc_id, d.title, d.num, d.unit"))
        try:
            for n, (key, doc_id, *short) in enumerate(result, 1):
                fields = dict(zip(_SHORT_FIELDS, short, strict=True))
                # The short fields decide when they can, before the body is read.
                if all(
                    term in fields[column]
                    if column
                    else any(term in text for text in short) or bodies.holds(key, term)
                    for term, column in self.check
                ):
                    yield key, doc_id
                if n % CHECK_SCAN == 0:
                    yield -1, ""
        finally:
            result.close()
            bodies.close()


def _date_keys(query: DocQuery) -> tuple[int, int]:
    # Keys sort by day, newest first: a date range is a key range, which FTS5 applies itself,
    # seeking to it in every posting list.
    lo, hi = _ALL_KEYS
    if query.date_to:
        lo = key_range(day_rank(query.date_to))[0]
    if query.date_from:
        hi = key_range(day_rank(query.date_from))[1]
    elif query.date_to:
        hi = key_range(NO_DATE_RANK)[0] - 1  # undated documents never match a range
    return lo, hi


def _plan(conn: Connection, query: DocQuery) -> _Plan | Rows:
    """How to find the matches; or all of them, in key order, when that was cheapest."""
    lo, hi = _date_keys(query)
    conds: list[str] = []
    params: list[Any] = []
    terms = _Terms.of(query)
    for t, column in terms.chars:
        if column:
            conds.append(f"instr(d.{column}, ?) > 0")
            params.append(t)
    if query.doc_type is not None:
        conds.append("d.doc_type = ?")
        params.append(query.doc_type)
    if query.direction is not None:
        conds.append("d.direction = ?")
        params.append(query.direction)
    base = _Plan(None, "", lo, hi, tuple(conds), tuple(params))
    if not terms.grams and not terms.chars:
        return base
    chars = replace(base, table="search_chars", match=_chars_expression(terms.chars))
    grams = replace(base, table="search_grams", match=_grams_expression(terms.grams))
    if not terms.grams:
        return chars
    if not terms.chars:
        return grams
    # Both kinds. Few candidates on both sides: the matches are the keys they share. Otherwise
    # the side with fewer drives, each of its candidates checked on stored text for the other;
    # when both are common, the longer terms drive (rarer, as a rule).
    if not chars.at_most(conn, DRIVE_CAP):
        return replace(grams, check=tuple((t, c) for t, c in terms.chars if c is None))
    if not grams.at_most(conn, DRIVE_CAP):
        return replace(chars, check=tuple(terms.grams))
    shared = set(grams.rows(conn, -1))
    return [row for row in chars.rows(conn, -1) if row in shared]


def _check(query: DocQuery, limit: int, offset: int) -> None:
    if query.doc_type is not None and query.doc_type not in DOC_TYPES:
        raise UserError(f"文种应为{'、'.join(DOC_TYPES)}之一")
    if query.direction is not None and query.direction not in DIRECTIONS:
        raise UserError("公文方向应为 in（收文）或 out（发文）")
    if not 0 < limit <= MAX_LIMIT or offset < 0:
        raise UserError(f"每页条数应在1到{MAX_LIMIT}之间，起始位置不能为负")


def _page_of(plan: _Plan | Rows, conn: Connection, want: int) -> tuple[Rows, int | None]:
    """The first ``want`` matches and the rest of the last one's day; the total if known."""
    if isinstance(plan, list):
        if len(plan) <= want:
            return plan, len(plan)
        last_day_end = key_range(rank_of(plan[want - 1][0]))[1]
        return [row for row in plan if row[0] <= last_day_end], len(plan)
    if not plan.check:
        rows = plan.rows(conn, want + 1)  # one more: is there anything after this page?
        if len(rows) <= want:
            return rows, len(rows)
        # Keys order a day's documents by arrival, not by doc_id: take the rest of the page's
        # last day too, for sorting. Earlier days are complete (the walk started at the top).
        del rows[want:]
        last = rows[-1][0]
        return rows + plan.rows(conn, -1, (last + 1, key_range(rank_of(last))[1])), plan.count(conn)
    found: Rows = []
    beyond = 0  # matches after the page's last day
    day_end: int | None = None
    with closing(plan.checked(conn)) as candidates:
        for key, doc_id in candidates:
            if key < 0:  # another CHECK_SCAN candidates checked: stop once the page is complete
                if day_end is not None:
                    return found, None
            elif day_end is not None and key > day_end:
                beyond += 1
            else:
                found.append((key, doc_id))
                if len(found) == want:
                    day_end = key_range(rank_of(key))[1]
    return found, len(found) + beyond


def search_documents(
    session: Session, query: DocQuery, *, limit: int = 50, offset: int = 0
) -> SearchPage:
    """Ids of the documents matching every term and filter of ``query``, newest first.

    Matching is by substring after normalisation (app.search.text.normalize: NFKC, lower case);
    a term matches within one field. Ties on the date go by doc_id. Runs on the database worker
    thread; reads only.
    """
    _check(query, limit, offset)
    if query.date_from and query.date_to and query.date_from > query.date_to:
        return SearchPage([], 0)
    conn = session.connection()
    want = offset + limit
    rows, total = _page_of(_plan(conn, query), conn, want)
    rows.sort(key=lambda r: (rank_of(r[0]), r[1]))
    return SearchPage([doc_id for _key, doc_id in rows[offset:want]], total)
