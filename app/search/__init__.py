"""公文 search: a local substring index of 收文 and 发文, any query length, newest first.

Writers call ``index_documents`` / ``remove_documents`` in the transaction that changes the
documents; readers call ``search_documents`` and show ``snippet`` under each title.
"""

from __future__ import annotations

from app.search.index import DocIndexEntry, index_documents, remove_documents
from app.search.query import COUNT_SCAN, DocQuery, SearchPage, search_documents
from app.search.text import normalize, snippet

__all__ = [
    "COUNT_SCAN",
    "DocIndexEntry",
    "DocQuery",
    "SearchPage",
    "index_documents",
    "normalize",
    "remove_documents",
    "search_documents",
    "snippet",
]
