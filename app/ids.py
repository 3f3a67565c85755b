"""Record ids: UUID version 7 (RFC 9562), a millisecond timestamp followed by random bits.

Ids are minted offline on every client, so they must be unique without coordination (74 random
bits per millisecond); they are also the primary key of every table a record passes through —
the client's typed rows, shadows and outbox, the server's log and scopes. Random (version 4)
keys land on a different B-tree page each: a sync of 50,000 new records rewrites nearly every
index page many times over, and its WAL grows with the database. Time-ordered keys append
instead. The timestamp says only when the record was made, which the record states anyway.
"""

from __future__ import annotations

import os
import time
import uuid


def new_id() -> str:
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")  # 80 bits: 12 for rand_a, 62 for rand_b
    value = (
        (ms & (2**48 - 1)) << 80 | 0x7 << 76 | (rand >> 68) << 64 | 0b10 << 62 | rand & (2**62 - 1)
    )
    return str(uuid.UUID(int=value))
