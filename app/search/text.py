"""Text rules of 公文 search: normalisation, query terms, index tokens and snippets.

Pure functions, shared by the writer (app.search.index) and the reader (app.search.query) so the
two can never disagree on what a character is.

The index holds each document's distinct characters (a 1-character query asks only "does it hold
this one?") and, per field, the overlapping 2-character grams at every position: a 2-character
query is one gram, a longer one the phrase of its grams, which FTS5 matches at consecutive
positions only — exactly a substring match, with nothing to verify afterwards.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from operator import add
from typing import TypeVar

T = TypeVar("T")

# A token no query can produce (queries only make 1- and 2-character tokens). It stands between
# the grams of two runs of text split by a blank, so that their grams are never at consecutive
# positions: without it "ab bc" would match the phrase of "abc".
GAP = "|||"

# Blanks split query terms and text runs: whitespace and control characters (NFKC turns the
# ideographic space U+3000 into an ordinary one). The rest is what FTS5's tokenizer folds or
# splits beyond lower() (checked over every code point): done here, the stored text, the index
# and a brute-force scan of normalize()d text all agree.
_TRANSLATE: dict[int, str] = {
    **dict.fromkeys((*range(0x20), *range(0x7F, 0xA0), 0x180E), " "),
    0x03C2: "σ",  # final sigma
    0x0345: "ι",  # combining ypogegrammeni
    0xFFFE: "\ufffd",
    0xFFFF: "\ufffd",
}


def normalize(text: str) -> str:
    """NFKC (full-width ＡＢ１２（一） → AB12(一)), lower case, control characters as blanks."""
    return unicodedata.normalize("NFKC", text).lower().translate(_TRANSLATE)


def _has_word_char(term: str) -> bool:
    # Letters (incl. all CJK) and digits make a term; a term of punctuation or symbols alone
    # (〔, ——, ★) would match almost every document and is dropped instead.
    return any(unicodedata.category(ch)[0] in "LN" for ch in term)


def query_terms(text: str) -> list[str]:
    """The normalised terms of a query: split at blanks, punctuation-only ones dropped."""
    return [t for t in normalize(text).split() if _has_word_char(t)]


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def match_expression(term: str) -> str:
    """FTS5 expression for one normalised term: its character, or the phrase of its grams."""
    if len(term) == 1:
        return _quote(term)
    return _quote(" ".join(map(add, term, term[1:])))


def gram_tokens(text: str) -> str:
    """The 2-character grams of a normalised field at every position, for its FTS5 column."""
    return f" {GAP} ".join(" ".join(map(add, run, run[1:])) for run in text.split() if len(run) > 1)


def char_tokens(fields: Iterable[str]) -> str:
    """Each distinct character of the normalised fields once: a 1-character query only asks
    whether a document holds it, so positions would be dead weight."""
    return " ".join(dict.fromkeys("".join("".join(text.split()) for text in fields)))


# A body of 20,000 characters uses a few hundred distinct ones.
_normalize_char = lru_cache(maxsize=4096)(normalize)


def find_first(text: str, terms: list[str]) -> tuple[int, int] | None:
    """(start, end) in ``text`` (not normalised) of the earliest match of any term, or None."""
    # Normalise character by character, remembering where each piece came from: NFKC may turn
    # one character into several (㈠ → (一), … → ...), so positions in the two texts differ.
    pieces: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        piece = _normalize_char(ch)
        pieces.append(piece)
        origin.extend([i] * len(piece))
    flat = "".join(pieces)
    best: tuple[int, int] | None = None
    for term in terms:
        at = flat.find(term)
        if at >= 0 and (best is None or at < best[0]):
            best = (at, at + len(term))
    if best is None:
        return None
    return origin[best[0]], origin[best[1] - 1] + 1


SNIPPET_CHARS = 60


def snippet(body: str, query: str, *, width: int = SNIPPET_CHARS) -> str:
    """About ``width`` characters of ``body`` around the first match of ``query``, for a list.

    Blanks are collapsed (a body's line breaks would break the list row); "…" marks cut ends.
    Without a match in the body (the match was in the title, say) the body's start is shown.
    """
    terms = query_terms(query)
    span = find_first(body, terms) if terms else None
    start = 0
    if span is not None:
        before = max(0, (width - (span[1] - span[0])) // 3)
        start = max(0, min(span[0] - before, len(body) - width))
    end = min(len(body), start + width)
    cut = " ".join(body[start:end].split())
    return ("…" if start > 0 else "") + cut + ("…" if end < len(body) else "")


def iter_chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
