"""Fixtures of the 公文 search tests: real migrated databases and a random corpus with a brute-force
reference search to compare against."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.db.engine import make_engine, make_sessionmaker, transaction
from app.db.migrate import upgrade
from app.domain.document import DOC_TYPES
from app.search import DocIndexEntry, DocQuery, index_documents

# Few characters, so random queries match many documents; ASCII in both cases, full-width forms,
# the 〔〕 of 文号, characters NFKC rewrites (㈠ → (一), ① → 1, ﬁ → fi), blanks and line breaks.
COMMON = "县政府发文工作通知关于的和要"
RARE = "鑫淼犇垚燚翀"
RAREST = "龘靐齉爨"  # in a few hundred documents each
ASCII = "abcxyzABCXYZ0123456789-.()"
WIDE = "ＡＢＣａｂｃ０１２３（）－"
SPECIAL = "〔〕号、，。：㈠①ﬁ№"
BLANKS = "  \n\t\u3000"


def random_text(rng: random.Random, length: int) -> str:
    pools = (COMMON, COMMON, COMMON, RARE, ASCII, WIDE, SPECIAL, BLANKS)
    return "".join(
        rng.choice(RAREST if rng.random() < 0.003 else rng.choice(pools)) for _ in range(length)
    )


UNITS = ("塔山市人民政府", "东湖镇人民政府", "塔山市教育局", "ＡＢＣ公司", "西岭乡 人民政府")
PREFIXES = ("塔政发", "塔政办发", "东政", "ABC")


def random_entry(rng: random.Random, i: int) -> DocIndexEntry:
    year = rng.choice((2025, 2026, "２０２６"))
    number = (
        f"{rng.choice(PREFIXES)}〔{year}〕{rng.randint(1, 120)}号" if rng.random() < 0.9 else ""
    )
    day = date(2026, 1, 1) + timedelta(days=rng.randint(0, 40))
    return DocIndexEntry(
        doc_id=f"{rng.getrandbits(64):016x}-{i}",
        direction=rng.choice(("in", "out")),
        doc_type=rng.choice(DOC_TYPES),
        title="关于" + random_text(rng, rng.randint(2, 25)) + "的通知",
        doc_number=number,
        from_unit=rng.choice(UNITS),
        doc_date=day if rng.random() < 0.95 else None,
        body=random_text(rng, rng.randint(0, 300)),
    )


def norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def terms(text: str) -> list[str]:
    """The spec's terms: blank-separated, punctuation-only ones ignored."""
    return [t for t in norm(text).split() if any(unicodedata.category(ch)[0] in "LN" for ch in t)]


def newest_first(doc: DocIndexEntry) -> tuple[int, int, str]:
    if doc.doc_date is None:
        return (1, 0, doc.doc_id)
    return (0, -doc.doc_date.toordinal(), doc.doc_id)


@dataclass
class Reference:
    """The documents as plain Python data, searched by brute force."""

    docs: dict[str, DocIndexEntry] = field(default_factory=dict)
    # Normalised title, number, unit, body of each document, in newest-first order.
    fields: list[tuple[DocIndexEntry, list[str]]] = field(default_factory=list)

    def add(self, entries: list[DocIndexEntry]) -> None:
        self.docs.update((e.doc_id, e) for e in entries)
        self._sort()

    def remove(self, ids: list[str]) -> None:
        for doc_id in ids:
            self.docs.pop(doc_id, None)
        self._sort()

    def _sort(self) -> None:
        self.fields = [
            (d, [norm(f) for f in (d.title, d.doc_number, d.from_unit, d.body)])
            for d in sorted(self.docs.values(), key=newest_first)
        ]

    def search(self, q: DocQuery) -> list[str]:
        def holds(fields: list[str]) -> bool:
            checks = [(t, fields) for t in terms(q.text)]
            checks += [(t, [fields[0]]) for t in terms(q.title)]
            checks += [(t, [fields[1]]) for t in terms(q.doc_number)]
            checks += [(t, [fields[2]]) for t in terms(q.from_unit)]
            return all(any(t in f for f in fs) for t, fs in checks)

        def dated(d: DocIndexEntry) -> bool:
            if not (q.date_from or q.date_to):
                return True
            return d.doc_date is not None and (q.date_from or date.min) <= d.doc_date <= (
                q.date_to or date.max
            )

        return [
            d.doc_id
            for d, fields in self.fields
            if q.doc_type in (None, d.doc_type)
            and q.direction in (None, d.direction)
            and dated(d)
            and holds(fields)
        ]


def new_store(folder: Path) -> sessionmaker[Session]:
    db = folder / "search.sqlite3"
    engine = make_engine(db)
    upgrade(engine, db)
    return make_sessionmaker(engine)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    sessions = new_store(tmp_path)
    yield sessions
    sessions.kw["bind"].dispose()


CORPUS_SIZE = 3000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Session, Reference]]:
    """3,000 random documents, indexed in three transactions, and their reference."""
    rng = random.Random(20260704)
    sessions = new_store(tmp_path_factory.mktemp("corpus"))
    entries = [random_entry(rng, i) for i in range(CORPUS_SIZE)]
    for start in range(0, CORPUS_SIZE, 1000):
        with transaction(sessions) as s:
            index_documents(s, entries[start : start + 1000])
    ref = Reference()
    ref.add(entries)
    with sessions() as session:
        yield session, ref
    sessions.kw["bind"].dispose()
