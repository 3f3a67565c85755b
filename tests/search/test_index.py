"""Keeping the index in step: replace, remove, normalisation, snippets, schema (app.search)."""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.orm import Session, sessionmaker

from app.db.engine import make_engine, transaction
from app.db.migrate import MIGRATIONS_DIR, upgrade
from app.errors import UserError
from app.search import (
    DocIndexEntry,
    DocQuery,
    index_documents,
    normalize,
    remove_documents,
    search_documents,
    snippet,
)
from app.search import index as search_index
from tests.search.conftest import Reference, random_entry

Store = sessionmaker[Session]


def doc(doc_id: str, **kw: object) -> DocIndexEntry:
    base = DocIndexEntry(
        doc_id=doc_id,
        direction="in",
        doc_type="通知",
        title="关于做好2026年冬春农田水利建设工作的通知",
        doc_number="塔政办发〔2026〕37号",
        from_unit="塔山市人民政府办公室",
        doc_date=date(2026, 3, 5),
        body="各乡镇人民政府，市直各单位：现将有关事项通知如下。",
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def ids(store: Store, **kw: object) -> list[str]:
    with store() as s:
        return search_documents(s, DocQuery(**kw)).ids  # type: ignore[arg-type]


def put(store: Store, *entries: DocIndexEntry) -> None:
    with transaction(store) as s:
        index_documents(s, entries)


def vocabulary(store: Store) -> list[tuple[str, str, int]]:
    """Every token still in the FTS5 tables, with the number of documents holding it."""
    found: list[tuple[str, str, int]] = []
    with store() as s:
        conn = s.connection()
        for table in ("search_grams", "search_chars"):
            conn.exec_driver_sql(
                f"CREATE VIRTUAL TABLE temp.v_{table} USING fts5vocab(main, {table}, row)"
            )
            rows = conn.exec_driver_sql(f"SELECT term, doc FROM temp.v_{table}")
            found += [(table, t, n) for t, n in rows]
    return found


def test_full_and_half_width_and_case_match_each_other(store: Store) -> None:
    put(
        store,
        doc("a", body="（一）加强ＧＤＰ统计，完成１２项任务。"),
        doc("b", body="(二)落实gdp目标，共12项。", doc_number="塔政发〔２０２６〕８号"),
    )
    assert ids(store, text="(一)") == ["a"]
    assert ids(store, text="（二）") == ["b"]
    assert sorted(ids(store, text="Gdp")) == ["a", "b"]
    assert sorted(ids(store, text="１２项")) == ["a", "b"]
    assert ids(store, doc_number="〔2026〕8号") == ["b"]
    assert ids(store, doc_number="37号") == ["a"]
    assert sorted(ids(store, doc_number="塔政")) == ["a", "b"]


def test_terms_must_all_match_and_blanks_do_not_join_text(store: Store) -> None:
    put(
        store, doc("a", title="请示", body="农田水利 建设"), doc("b", title="请示", body="农田建设")
    )
    assert ids(store, text="水利 建设") == ["a"]
    assert ids(store, text="利建") == []  # the blank between them is not skipped
    assert ids(store, text="田建") == ["b"]
    # Three and four characters spanning a blank never match across it either.
    assert ids(store, text="利 建设") == ["a"]
    assert ids(store, text="水利建设") == []


def test_field_filters_look_in_their_field_only(store: Store) -> None:
    put(
        store,
        doc("a", title="关于水利的请示", body="东湖镇"),
        doc("b", title="关于东湖镇的函", from_unit="东湖镇人民政府", body="水利"),
    )
    assert ids(store, title="水利") == ["a"]
    assert ids(store, from_unit="东湖") == ["b"]
    assert sorted(ids(store, text="东湖")) == ["a", "b"]
    assert ids(store, title="湖", text="利") == ["b"]


def test_replacing_a_document_forgets_its_old_text(store: Store) -> None:
    put(store, doc("a", body="旧的正文鑫淼"), doc("b", body="别的正文"))
    put(store, doc("a", body="新的正文犇垚"))  # same date: same place in the list
    assert ids(store, text="鑫") == []
    assert ids(store, text="鑫淼") == []
    assert ids(store, text="犇垚") == ["a"]
    put(store, doc("a", body="新的正文犇垚", doc_date=date(2020, 1, 1)))  # a new date: new place
    assert ids(store, text="正文") == ["b", "a"]
    assert ids(store, text="犇", date_to=date(2025, 1, 1)) == ["a"]
    assert ids(store, text="犇", date_from=date(2025, 1, 1)) == []


def test_removing_documents(store: Store) -> None:
    put(store, doc("a"), doc("b"), doc("c"))
    with transaction(store) as s:
        remove_documents(s, ["b", "nonexistent", "b"])
    assert ids(store) == ["a", "c"]
    assert ids(store, text="水利") == ["a", "c"]


def test_a_failed_transaction_leaves_the_index_as_it_was(store: Store) -> None:
    put(store, doc("a", body="原文"))
    with pytest.raises(RuntimeError), transaction(store) as s:
        index_documents(s, [doc("a", body="改过的正文")])
        remove_documents(s, ["a"])
        raise RuntimeError("the caller's own write failed")
    assert ids(store, text="原文") == ["a"]
    assert ids(store, text="改过") == []


def test_random_edits_keep_results_exact_and_removal_leaves_no_token(store: Store) -> None:
    rng = random.Random(11)
    ref = Reference()
    entries = [random_entry(rng, i) for i in range(300)]
    put(store, *entries)
    ref.add(entries)
    for round_ in range(6):
        changed = [
            replace(random_entry(rng, 1000 + round_), doc_id=d.doc_id)
            for d in rng.sample(list(ref.docs.values()), 40)
        ]
        gone = rng.sample(list(ref.docs), 20)
        with transaction(store) as s:
            index_documents(s, changed)
            remove_documents(s, gone)
        ref.add(changed)
        ref.remove(gone)
        with store() as s:
            for text in ("县", "政府", "2026", "ab", "〔2026〕", "通知", "a 1"):
                q = DocQuery(text=text)
                assert search_documents(s, q, limit=500).ids == ref.search(q)
    with transaction(store) as s:
        remove_documents(s, list(ref.docs))
    assert vocabulary(store) == []
    with store() as s:
        assert s.connection().exec_driver_sql("SELECT count(*) FROM search_texts").scalar() == 0


def test_bad_entries_and_queries_are_refused(store: Store) -> None:
    for bad in (doc("a", direction="sideways"), doc("a", doc_type="便条"), doc("")):
        with pytest.raises(UserError), transaction(store) as s:
            index_documents(s, [doc("ok"), bad])
    assert ids(store) == []
    with store() as s:
        for q, kw in (
            (DocQuery(doc_type="便条"), {}),
            (DocQuery(direction="up"), {}),
            (DocQuery(), {"limit": 0}),
            (DocQuery(), {"offset": -1}),
        ):
            with pytest.raises(UserError):
                search_documents(s, q, **kw)  # type: ignore[arg-type]


def test_snippet_shows_the_text_around_the_first_match() -> None:
    body = (
        "各乡镇人民政府："
        + "现将有关事项通知如下。" * 10
        + "请于３月５日前报送ＧＤＰ统计材料。"
        + "特此通知。" * 20
    )
    s = snippet(body, "gdp")
    assert "ＧＤＰ" in s and s.startswith("…") and s.endswith("…")
    assert 55 <= len(s.strip("…")) <= 60
    assert "３月５日" in snippet(body, "3月5日")  # found through NFKC, shown as written
    assert snippet(body, "不存在").startswith("各乡镇人民政府")
    assert snippet("短\n正文", "正") == "短 正文"
    assert snippet(body, "") == snippet(body, "不存在")


def test_migration_creates_and_drops_the_index(tmp_path: Path) -> None:
    db = tmp_path / "m.sqlite3"
    engine = make_engine(db)
    upgrade(engine, db, target="0005")
    assert {"search_docs", "search_texts", "search_grams", "search_chars"} <= set(
        inspect(engine).get_table_names()
    )
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
    engine.dispose()
    with closing(sqlite3.connect(db)) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert not {n for n in names if n.startswith("search_")}
    engine = make_engine(db)
    upgrade(engine, db)
    assert "search_grams" in inspect(engine).get_table_names()
    engine.dispose()


def test_every_character_is_indexed_as_itself(store: Store) -> None:
    # Each normalised character a document can hold must be one token of the FTS5 tokenizer, or
    # a search for it would miss (or find another). All 1.1 million code points, in 23 documents.
    chars = sorted(
        {
            ch
            for cp in range(0x110000)
            if not 0xD800 <= cp < 0xE000
            for run in normalize(chr(cp)).split()
            for ch in run
        }
    )
    step = 50_000
    put(
        store,
        *(doc(f"d{i}", body=" ".join(chars[i : i + step])) for i in range(0, len(chars), step)),
    )
    tokens = {term for table, term, _n in vocabulary(store) if table == "search_chars"}
    assert tokens == set(chars)
    assert ids(store, text="\U0002a6a5")  # a CJK extension B character


def test_control_characters_are_blanks(store: Store) -> None:
    put(store, doc("a", title="函", body="水利\x07建设\x00工作"))
    assert ids(store, text="水利 建设") == ["a"]
    assert ids(store, text="利建") == []
    assert ids(store, text="利\x07建") == ids(store, text="利 建") == ["a"]


def test_a_full_day_reuses_removed_keys_then_refuses(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 65,536 documents of one date, scaled down to 4: keys of removed ones are reused, the
    # order by doc_id holds, and a fifth document at once is refused with nothing written.
    monkeypatch.setattr(search_index, "SEQ_BITS", 2)
    put(store, *(doc(f"d{i}") for i in range(4)), doc("old", doc_date=date(2026, 3, 4)))
    with transaction(store) as s:
        remove_documents(s, ["d1", "d2"])
    put(store, doc("d9"), doc("d0b"))
    assert ids(store) == ["d0", "d0b", "d3", "d9", "old"]
    with pytest.raises(UserError, match="超过"), transaction(store) as s:
        index_documents(s, [doc("d5")])
    assert ids(store) == ["d0", "d0b", "d3", "d9", "old"]
    put(store, *(doc(f"u{i}", doc_date=None) for i in range(9)))  # undated: no limit
    assert ids(store)[-9:] == [f"u{i}" for i in range(9)]
