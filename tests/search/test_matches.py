"""Search results equal a brute-force substring scan: any query length, filters, pages."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from app.domain.document import DOC_TYPES
from app.search import COUNT_SCAN, DocQuery, query, search_documents
from tests.search.conftest import COMMON, RAREST, Reference, newest_first, terms

Corpus = tuple[Session, Reference]
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def check(session: Session, ref: Reference, q: DocQuery, *, limit: int = 50) -> list[str]:
    expected = ref.search(q)
    page = search_documents(session, q, limit=limit)
    assert page.ids == expected[:limit], q
    if page.total is not None:  # None: counting would have cost too much
        assert page.total == len(expected), q
    if q == DocQuery(text=q.text) and len(terms(q.text)) == 1:
        # One term: its candidates are its matches, counted up to COUNT_SCAN.
        assert page.total == (len(expected) if len(expected) <= COUNT_SCAN else None), q
    return expected


@st.composite
def snippets_of_text(draw: st.DrawFn, ref: Reference) -> str:
    """1 to 4 characters cut from a random field of a random document (as users type what they
    saw), sometimes with another such cut after a blank (both must match)."""
    docs = list(ref.docs.values())

    def cut() -> str:
        doc = docs[draw(st.integers(0, len(docs) - 1))]
        text = draw(st.sampled_from([doc.body, doc.body, doc.title, doc.doc_number, doc.from_unit]))
        length = draw(st.integers(1, 4))
        if len(text) < length:
            return text
        at = draw(st.integers(0, len(text) - length))
        return text[at : at + length]

    first = cut()
    return f"{first} {cut()}" if draw(st.booleans()) and draw(st.booleans()) else first


def test_random_text_queries_equal_a_substring_scan(corpus: Corpus) -> None:
    session, ref = corpus

    @SETTINGS
    @given(st.data())
    def run(data: st.DataObject) -> None:
        check(session, ref, DocQuery(text=data.draw(snippets_of_text(ref))))

    run()


def test_every_length_from_one_to_four_is_exact(corpus: Corpus) -> None:
    # Seeded sweep on top of hypothesis: 120 queries of each length, including ones that span
    # ASCII and Chinese and the 〔〕 of a 文号.
    session, ref = corpus
    rng = random.Random(5)
    docs = list(ref.docs.values())
    for length in (1, 2, 3, 4):
        for _ in range(120):
            doc = rng.choice(docs)
            text = rng.choice((doc.body, doc.title, doc.doc_number))
            if len(text) >= length:
                at = rng.randrange(len(text) - length + 1)
                check(session, ref, DocQuery(text=text[at : at + length]))


def test_field_filters_and_metadata(corpus: Corpus) -> None:
    session, ref = corpus
    docs = list(ref.docs.values())

    @SETTINGS
    @given(st.data())
    def run(data: st.DataObject) -> None:
        def part(attr: str) -> str:
            doc = data.draw(st.sampled_from(docs))
            value = getattr(doc, attr)
            length = data.draw(st.integers(1, 4))
            at = data.draw(st.integers(0, max(0, len(value) - length)))
            return value[at : at + length] if data.draw(st.booleans()) else ""

        start = date(2026, 1, 1) + timedelta(days=data.draw(st.integers(-5, 45)))
        q = DocQuery(
            text=data.draw(st.sampled_from(["", "", "县", "政府", "工作通知", "a1"])),
            title=part("title"),
            doc_number=part("doc_number"),
            from_unit=part("from_unit"),
            doc_type=data.draw(st.none() | st.sampled_from(DOC_TYPES)),
            direction=data.draw(st.sampled_from([None, "in", "out"])),
            date_from=data.draw(st.sampled_from([None, start])),
            date_to=data.draw(
                st.none() | st.just(start + timedelta(days=data.draw(st.integers(-1, 20))))
            ),
        )
        check(session, ref, q, limit=data.draw(st.sampled_from([1, 7, 50])))

    run()


def test_pages_follow_one_another_without_gaps_or_overlaps(corpus: Corpus) -> None:
    session, ref = corpus
    for q in (DocQuery(), DocQuery(text="县"), DocQuery(text="政 a"), DocQuery(direction="in")):
        expected = ref.search(q)[:400]
        got: list[str] = []
        for offset in range(0, 400, 37):
            got += search_documents(session, q, limit=37, offset=offset).ids
        assert got[:400] == expected


def test_ties_on_a_date_go_by_doc_id_and_undated_documents_come_last(corpus: Corpus) -> None:
    session, ref = corpus
    expected = sorted(ref.docs.values(), key=newest_first)
    page = search_documents(session, DocQuery(), limit=1000)
    assert page.ids == [d.doc_id for d in expected[:1000]]
    # ~75 documents a day, indexed in random id order: the ties are real.
    assert len({d.doc_date for d in expected[:1000]}) < 20
    last = search_documents(session, DocQuery(), limit=50, offset=len(ref.docs) - 50)
    assert ref.docs[last.ids[-1]].doc_date is None
    assert last.total == len(ref.docs)


def test_punctuation_only_terms_filter_nothing(corpus: Corpus) -> None:
    session, ref = corpus
    everything = search_documents(session, DocQuery(), limit=50)
    assert search_documents(session, DocQuery(text="〔"), limit=50) == everything
    assert search_documents(session, DocQuery(text=" ，。 "), limit=50) == everything
    assert search_documents(session, DocQuery(doc_number="〔〕"), limit=50) == everything
    check(session, ref, DocQuery(text="〔 县"))  # the 〔 is dropped, 县 still filters


def test_an_empty_date_range_or_unknown_text_finds_nothing(corpus: Corpus) -> None:
    session, _ref = corpus
    empty = DocQuery(date_from=date(2026, 2, 1), date_to=date(2026, 1, 1))
    assert search_documents(session, empty).ids == []
    assert search_documents(session, DocQuery(text="不存在的词语")).total == 0


def test_mixed_lengths_whichever_way_they_are_joined(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A 1-character term with longer ones: rare with rare (the common keys), rare with common (the
    # character drives, the text is checked), common with anything (the longer terms drive).
    # "Rare" is scaled down to this corpus of 3,000.
    monkeypatch.setattr(query, "DRIVE_CAP", 400)
    session, ref = corpus
    connection = session.connection()
    plans: set[str] = set()
    for ch in RAREST[:2] + COMMON[:2]:
        for other in ("政府", "通知", "关于", "a1", "〔2026〕", "县政", "龘", "靐齉"):
            for q in (
                DocQuery(text=f"{ch} {other}"),
                DocQuery(text=other, title=ch),
                DocQuery(text=ch, doc_number=other, direction="out"),
            ):
                check(session, ref, q)
                plan = query._plan(connection, q)
                plans.add("keys" if isinstance(plan, list) else f"{plan.table} {bool(plan.check)}")
    assert {"keys", "search_chars True", "search_grams True"} <= plans
