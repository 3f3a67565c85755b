"""Writing the 公文 search index: insert, replace and remove documents by id.

Tables (migration 0005):

- ``search_docs``: one small row per document: its metadata and normalised title, number and
  unit. Its integer ``key`` is the order of every result list — newest first — so that the
  newest 50 matches of a very common character are the first 50 entries of its posting list and
  no query ever sorts: ``key`` = (days before ``date.max`` of ``doc_date``) << 16 | a sequence
  number within that day. Undated documents come after all dated ones.
- ``search_grams`` (FTS5, positions) and ``search_chars`` (FTS5, no positions): contentless,
  rowid = key, tokens from app.search.text.
- ``search_texts``: the normalised body, GB18030-encoded (two bytes a Chinese character, not
  three) and compressed, in pieces of at most 1,000 bytes: whole bodies of 1–3 KB would leave a
  third of every page empty. SQLite 3.40's contentless FTS5 only removes a row when given the
  very tokens it was indexed with; they are rebuilt from here.

Callers index inside their own transaction (the session that writes the document), so the index
never lags behind the documents. Runs on the database worker thread.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app.domain.document import DOC_TYPES
from app.errors import UserError
from app.search.text import char_tokens, gram_tokens, iter_chunks, normalize

DIRECTIONS = ("in", "out")

SEQ_BITS = 16  # 65,536 documents of one date at a time
_LAST_DAY = date.max.toordinal()
NO_DATE_RANK = _LAST_DAY  # one past the rank of date.min: after every dated document
_NO_LIMIT = 1 << 40  # undated documents come last: nothing bounds their sequence numbers

PIECE = 1000  # bytes of compressed body per search_texts row
_PIECE_BITS = 12  # search_texts.id = key << 12 | piece number (bodies up to 4 MB compressed)
_IN_CHUNK = 500  # ids per "IN (...)"
_ENCODING = "gb18030"  # every code point, in 2 bytes a Chinese character (UTF-8: 3)


@dataclass(frozen=True, slots=True)
class DocIndexEntry:
    doc_id: str
    direction: str  # "in" (收文) | "out" (发文)
    doc_type: str  # one of app.domain.document.DOC_TYPES
    title: str
    doc_number: str  # 发文字号 or 收文 register number; "" when not numbered yet
    from_unit: str  # 来文单位 (收文) or the issuing unit (发文)
    doc_date: date | None  # 成文日期 / 收文日期
    body: str  # full text (plain)


def day_rank(day: date | None) -> int:
    """Days before ``date.max``: the later the date, the smaller the rank (and the key)."""
    return NO_DATE_RANK if day is None else _LAST_DAY - day.toordinal()


def key_range(rank: int) -> tuple[int, int]:
    """The smallest and largest key of a day's documents."""
    lo = rank << SEQ_BITS
    return lo, lo + (_NO_LIMIT if rank == NO_DATE_RANK else (1 << SEQ_BITS) - 1)


def rank_of(key: int) -> int:
    return min(key >> SEQ_BITS, NO_DATE_RANK)


def _check(entry: DocIndexEntry) -> None:
    if entry.direction not in DIRECTIONS:
        raise UserError(f"公文方向应为 in（收文）或 out（发文），而不是“{entry.direction}”")
    if entry.doc_type not in DOC_TYPES:
        raise UserError(f"文种应为{'、'.join(DOC_TYPES)}之一")
    if not entry.doc_id:
        raise UserError("公文编号不能为空")


# -- stored text ------------------------------------------------------------------------------


def _pieces(key: int, body: str) -> list[tuple[int, bytes]]:
    packed = zlib.compress(body.encode(_ENCODING), 6)
    if len(packed) > PIECE << _PIECE_BITS:
        raise UserError("公文正文过长，无法加入检索索引")
    return [
        ((key << _PIECE_BITS) | n, packed[at : at + PIECE])
        for n, at in enumerate(range(0, max(1, len(packed)), PIECE))
    ]


class StoredBodies:
    """The stored (normalised) bodies, read through the session's own DBAPI connection: a query
    that checks thousands of candidates pays ~5 µs a read instead of SQLAlchemy's ~30."""

    def __init__(self, conn: Connection) -> None:
        dbapi = conn.connection.driver_connection
        assert dbapi is not None
        self._cursor = dbapi.cursor()

    def encoded(self, key: int) -> bytes:
        rows = self._cursor.execute(
            "SELECT data FROM search_texts WHERE id BETWEEN ? AND ? ORDER BY id",
            (key << _PIECE_BITS, ((key + 1) << _PIECE_BITS) - 1),
        )
        return zlib.decompress(b"".join(data for (data,) in rows))

    def close(self) -> None:
        self._cursor.close()

    def text(self, key: int) -> str:
        return self.encoded(key).decode(_ENCODING)

    def holds(self, key: int, term: str) -> bool:
        """Whether the body holds ``term`` (normalised)."""
        encoded = self.encoded(key)
        # A body holding the term holds its bytes; most candidates fail here, undecoded. The
        # bytes may also turn up across a character boundary (GB18030 is not self-synchronising),
        # so a hit is confirmed on the text.
        return term.encode(_ENCODING) in encoded and term in encoded.decode(_ENCODING)


# -- the FTS5 rows ------------------------------------------------------------------------------

_GRAMS_INSERT = "INSERT INTO search_grams(rowid, body, title, num, unit) VALUES (?, ?, ?, ?, ?)"
_GRAMS_DELETE = (
    "INSERT INTO search_grams(search_grams, rowid, body, title, num, unit)"
    " VALUES ('delete', ?, ?, ?, ?, ?)"
)
_CHARS_INSERT = "INSERT INTO search_chars(rowid, chars) VALUES (?, ?)"
_CHARS_DELETE = "INSERT INTO search_chars(search_chars, rowid, chars) VALUES ('delete', ?, ?)"


def _fts_rows(key: int, fields: Sequence[str]) -> tuple[tuple[Any, ...], tuple[int, str]]:
    """The rows of ``search_grams`` and ``search_chars`` for (body, title, num, unit)."""
    return (key, *map(gram_tokens, fields)), (key, char_tokens(fields))


def _existing(conn: Connection, doc_ids: Sequence[str]) -> dict[str, int]:
    """doc_id → key of the documents already indexed."""
    found: dict[str, int] = {}
    for chunk in iter_chunks(doc_ids, _IN_CHUNK):
        marks = ",".join("?" * len(chunk))
        rows = conn.exec_driver_sql(
            f"SELECT doc_id, key FROM search_docs WHERE doc_id IN ({marks})", tuple(chunk)
        )
        found.update((doc_id, key) for doc_id, key in rows)
    return found


def _unindex(conn: Connection, keys: Sequence[int], *, keep_rows: bool = False) -> None:
    """Take the documents with these keys out of the index (``keep_rows``: except for their
    ``search_docs`` rows, about to be replaced under the same key)."""
    if not keys:
        return
    grams: list[tuple[Any, ...]] = []
    chars: list[tuple[int, str]] = []
    with closing(StoredBodies(conn)) as stored:
        for chunk in iter_chunks(keys, _IN_CHUNK):
            marks = ",".join("?" * len(chunk))
            rows = conn.exec_driver_sql(
                f"SELECT key, title, num, unit FROM search_docs WHERE key IN ({marks})",
                tuple(chunk),
            ).all()
            for key, title, num, unit in rows:
                g, c = _fts_rows(key, (stored.text(key), title, num, unit))
                grams.append(g)
                chars.append(c)
    conn.exec_driver_sql(_GRAMS_DELETE, grams)
    conn.exec_driver_sql(_CHARS_DELETE, chars)
    conn.exec_driver_sql(
        "DELETE FROM search_texts WHERE id BETWEEN ? AND ?",
        [(k << _PIECE_BITS, ((k + 1) << _PIECE_BITS) - 1) for k in keys],
    )
    if not keep_rows:
        conn.exec_driver_sql("DELETE FROM search_docs WHERE key = ?", [(k,) for k in keys])


class _KeyAllocator:
    """Hands out free keys day by day: the next sequence number after the day's largest."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.first: dict[int, int] = {}  # the first key handed out, per day
        self.next: dict[int, int] = {}
        self.spare: dict[int, Iterator[int]] = {}

    def key(self, rank: int) -> int:
        lo, hi = key_range(rank)
        key = self.next.get(rank)
        if key is None:
            top = self.conn.exec_driver_sql(
                "SELECT max(key) FROM search_docs WHERE key BETWEEN ? AND ?", (lo, hi)
            ).scalar()
            key = self.first[rank] = lo if top is None else top + 1
        if key <= hi:
            self.next[rank] = key + 1
            return key
        # 65,536 documents were indexed under this date: reuse removed ones' keys — those below
        # the first handed out in this call that are not in the table.
        if rank not in self.spare:
            used = self.conn.exec_driver_sql(
                "SELECT key FROM search_docs WHERE key BETWEEN ? AND ?", (lo, hi)
            )
            taken = {k for (k,) in used}
            self.spare[rank] = (k for k in range(lo, self.first[rank]) if k not in taken)
        spare = next(self.spare[rank], None)
        if spare is None:
            raise UserError("同一日期的公文超过65536件，无法加入检索索引")
        return spare


def index_documents(session: Session, entries: Iterable[DocIndexEntry]) -> None:
    """Insert or replace these documents in the index, in the session's transaction."""
    latest: dict[str, DocIndexEntry] = {}
    for entry in entries:
        _check(entry)
        latest[entry.doc_id] = entry  # the same id twice: the last one counts
    if not latest:
        return
    conn = session.connection()
    old = _existing(conn, list(latest))
    # A document keeps its key while its date stays: its neighbours' order does not change.
    keep = {
        doc_id: key
        for doc_id, key in old.items()
        if rank_of(key) == day_rank(latest[doc_id].doc_date)
    }
    _unindex(conn, list(keep.values()), keep_rows=True)
    _unindex(conn, [key for doc_id, key in old.items() if doc_id not in keep])
    keys = _KeyAllocator(conn)
    docs: list[tuple[Any, ...]] = []
    texts: list[tuple[int, bytes]] = []
    grams: list[tuple[Any, ...]] = []
    chars: list[tuple[int, str]] = []
    for doc_id, e in latest.items():
        key = keep[doc_id] if doc_id in keep else keys.key(day_rank(e.doc_date))
        fields = tuple(map(normalize, (e.body, e.title, e.doc_number, e.from_unit)))
        day = e.doc_date.isoformat() if e.doc_date else None
        docs.append((key, doc_id, e.direction, e.doc_type, day, *fields[1:]))
        texts += _pieces(key, fields[0])
        g, c = _fts_rows(key, fields)
        grams.append(g)
        chars.append(c)
    conn.exec_driver_sql(
        "INSERT OR REPLACE INTO search_docs(key, doc_id, direction, doc_type, doc_date,"
        " title, num, unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        docs,
    )
    conn.exec_driver_sql("INSERT INTO search_texts(id, data) VALUES (?, ?)", texts)
    conn.exec_driver_sql(_GRAMS_INSERT, grams)
    conn.exec_driver_sql(_CHARS_INSERT, chars)


def remove_documents(session: Session, doc_ids: Iterable[str]) -> None:
    """Take these documents out of the index (ids not indexed are ignored)."""
    ids = list(dict.fromkeys(doc_ids))
    if ids:
        conn = session.connection()
        _unindex(conn, list(_existing(conn, ids).values()))
