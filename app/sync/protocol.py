"""The wire format of ``POST /api/v1/sync`` (pydantic), shared by the client and the server.

One round trip carries the client's outbox batch and its pull cursor; the reply carries a result
per mutation, the last mutation id the server has applied for this client, and the first page of
changes after the cursor (specs/sync.md §3). Record contents travel as plain JSON objects whose
fields each record type declares (app/sync/records.py).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field

# Bumped when the meaning of a message changes. A server answers clients of MIN..CURRENT and
# refuses others with 426 and a message naming the version to install.
PROTOCOL_VERSION = 1
MIN_PROTOCOL_VERSION = 1
# Bumped when a record type gains or loses fields: older clients keep syncing and ignore unknown
# fields ("sanitize, don't reject"); the number lets the server tell them to upgrade when needed.
SCHEMA_VERSION = 1

# Limits that bound memory on both sides; the client batches under them.
MAX_MUTATIONS_PER_PUSH = 5000
MAX_PAGE_ROWS = 5000
MAX_PAGE_BYTES = 4 * 1024 * 1024

ID = Field(min_length=1, max_length=36, pattern=r"^[0-9A-Za-z-]+$")


class Op(StrEnum):
    CREATE = "create"  # a new record (or re-creating a deleted one under its id)
    UPDATE = "update"  # changed fields of an existing record, with the version they were based on
    DELETE = "delete"
    ACT = "act"  # a workflow action the server decides by app/domain rules (args in ``fields``)


class Mutation(BaseModel):
    id: int = Field(ge=1, description="per-client mutation id, strictly increasing")
    type: str = Field(min_length=1, max_length=32)
    record_id: str = ID
    op: Op
    fields: dict[str, Any] = Field(default_factory=dict)
    base: int = Field(default=0, ge=0, description="record version the edit was based on")
    action: str | None = Field(default=None, max_length=32)


class SyncRequest(BaseModel):
    # ge=0, not 1: a client older than MIN_PROTOCOL_VERSION must reach the version check and get
    # its "please upgrade" answer (426), not a validation error.
    protocol: int = Field(ge=0)
    schema_version: int = Field(ge=1)
    epoch: str | None = Field(default=None, max_length=64)
    cursor: int = Field(default=0, ge=0)
    prev_mutation_id: int = Field(
        default=0, ge=0, description="highest mutation id this client saw acknowledged"
    )
    mutations: list[Mutation] = Field(default_factory=list, max_length=MAX_MUTATIONS_PER_PUSH)
    page_rows: int = Field(default=MAX_PAGE_ROWS, ge=1, le=MAX_PAGE_ROWS)
    # Optional: clients before it send none (the server falls back to their User-Agent).
    client_version: str | None = Field(default=None, max_length=64)


class Status(StrEnum):
    APPLIED = "applied"  # applied as sent on top of its base: the client's copy is the server's
    MERGED = "merged"  # applied, but the record differs from the client's copy (``record``)
    CONFLICT = "conflict"  # partly or wholly lost to a concurrent change; a conflict was recorded
    REJECTED = "rejected"  # refused (``error``), nothing changed; the queue moves on
    DUPLICATE = "duplicate"  # already applied by an earlier request (``record`` is current)


class RecordOut(BaseModel):
    id: str
    type: str
    version: int
    deleted: bool = False
    data: dict[str, Any] = Field(default_factory=dict)


class MutationResult(BaseModel):
    id: int
    status: Status
    version: int = 0
    error: str | None = None
    record: RecordOut | None = None


class ClientUpdate(BaseModel):
    """The server's announcement of client releases (app/versions.py reads it)."""

    latest: str | None = Field(default=None, description="the newest client version")
    url: str | None = Field(default=None, description="where to download it")
    min: str | None = Field(
        default=None, description="below this version a client may not log in, sync or upload"
    )


class SyncReply(BaseModel):
    protocol: int
    epoch: str
    last_mutation_id: int = Field(description="highest mutation id applied for this client")
    results: list[MutationResult]
    changes: list[RecordOut]
    drops: list[str] = Field(description="records this client may no longer see: remove them")
    cursor: int = Field(description="the cursor to send next time")
    has_more: bool
    reset: Literal["none", "replace"] = Field(
        default="none",
        description="replace: the cursor is unusable (epoch, retention, scope); this page starts a "
        "full replacement; keep the outbox",
    )
    client_update: ClientUpdate | None = Field(
        default=None, description="client releases, when the server announces any"
    )
