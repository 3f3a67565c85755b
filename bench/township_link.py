"""1,000 offline changes up and down over a township link: slow, far, and unreliable.

A TCP proxy of this bench's own sits between the clients and a real server on loopback and makes
the link look like a township's: 150 ms each way (300 ms round trip), at most 512 kbit/s in each
direction, and on about 2% of the pieces it forwards either a stall (the link goes quiet for a
second) or a connection reset. Client A creates N notices offline and syncs them up; client B
(the same person on another device, logged in beforehand) syncs them down. Both go through the
proxy, with the app's own transport (timeouts, retries with backoff, resends).

Then an attachment: A uploads a file in chunks and the proxy cuts the connection mid-way; the
upload must resume from the server's offset, re-sending at most one chunk.

    python bench/township_link.py [N] [--fault-rate 0.02] [--seed 1]

Prints one JSON line: n, seconds (A up + B down), push_s, pull_s, requests, bytes_up, bytes_down,
resends (transport retries), stalls and resets injected, and the attachment's figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import queue
import random
import socket
import struct
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for extra in (ROOT, ROOT / "bench"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from sync import USER, WireCounter, create_offline, notices_digest  # noqa: E402

from app.services.notices import create_notice, update_notice  # noqa: E402
from tests.sync_harness import SyncClient, running_server  # noqa: E402

ONE_WAY_S = 0.150
RATE_BYTES_S = 512_000 / 8  # 512 kbit/s, each direction
PIECE = 4096  # bytes forwarded at a time (what a stall or a reset can hit)
STALL_S = 1.0
CHUNK = 64 * 1024  # the server's upload chunk for this bench (a sensible size on such links)


class Link:
    """The township link: one per direction, shared by every connection (like one line)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.free_at = 0.0  # when the line has sent everything queued so far

    def stall(self, seconds: float) -> None:
        with self.lock:
            self.free_at = max(time.monotonic(), self.free_at) + seconds

    def slot(self, size: int) -> float:
        """When a piece of ``size`` bytes handed over now has left the sender's end."""
        with self.lock:
            start = max(time.monotonic(), self.free_at)
            self.free_at = start + size / RATE_BYTES_S
            return self.free_at


class TownshipProxy:
    def __init__(self, upstream: str, fault_rate: float, seed: int) -> None:
        host, port = upstream.removeprefix("http://").split(":")
        self.upstream = (host, int(port))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.links = {True: Link(), False: Link()}  # upward (client -> server), downward
        self.rng = random.Random(seed)
        self.fault_rate = 0.0
        self.wanted_rate = fault_rate
        self.lock = threading.Lock()
        self.stalls = self.resets = self.cuts = 0
        self.cut_after: int | None = None  # upward bytes until a planned cut (attachment test)
        self.open: list[tuple[socket.socket, socket.socket]] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def faults(self, on: bool) -> None:
        self.fault_rate = self.wanted_rate if on else 0.0

    def arm_cut(self, after: int) -> None:
        with self.lock:
            self.cut_after = after

    def _accept(self) -> None:
        while True:
            try:
                down, _ = self.listener.accept()
            except OSError:
                return
            try:
                up = socket.create_connection(self.upstream)
            except OSError:
                down.close()
                continue
            for s in (down, up):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            pair = (down, up)
            with self.lock:
                self.open.append(pair)
            threading.Thread(target=self._pump, args=(down, up, True, pair), daemon=True).start()
            threading.Thread(target=self._pump, args=(up, down, False, pair), daemon=True).start()

    def _fault(self) -> str | None:
        with self.lock:
            draw = self.rng.random()
        if draw < self.fault_rate / 2:
            return "stall"
        if draw < self.fault_rate:
            return "reset"
        return None

    def _pump(
        self,
        src: socket.socket,
        dst: socket.socket,
        upward: bool,
        pair: tuple[socket.socket, socket.socket],
    ) -> None:
        """Read pieces as they come; a second thread delivers each when it would arrive: after
        the pieces before it have gone through the line, plus the one-way delay (pipelined,
        as on a real line: latency does not add up per piece)."""
        link = self.links[upward]
        out: queue.Queue[tuple[float, bytes, bool] | None] = queue.Queue()
        threading.Thread(target=self._deliver, args=(out, dst, pair), daemon=True).start()
        try:
            while data := src.recv(PIECE):
                cut = False
                if upward:
                    with self.lock:
                        if self.cut_after is not None:
                            if len(data) >= self.cut_after:
                                data, cut = data[: self.cut_after], True
                                self.cut_after = None
                                self.cuts += 1
                            else:
                                self.cut_after -= len(data)
                fault = self._fault()
                if fault == "stall":
                    with self.lock:
                        self.stalls += 1
                    link.stall(STALL_S)
                elif fault == "reset":
                    with self.lock:
                        self.resets += 1
                    _reset(pair)
                    break
                out.put((link.slot(len(data)) + ONE_WAY_S, data, cut))
                if cut:
                    break
        except OSError:
            _reset(pair)
        out.put(None)

    @staticmethod
    def _deliver(
        out: queue.Queue[tuple[float, bytes, bool] | None],
        dst: socket.socket,
        pair: tuple[socket.socket, socket.socket],
    ) -> None:
        try:
            while (item := out.get()) is not None:
                arrive, data, cut = item
                delay = arrive - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                dst.sendall(data)
                if cut:
                    break
        except OSError:
            pass
        _reset(pair)

    def close(self) -> None:
        self.listener.close()
        with self.lock:
            pairs, self.open = self.open, []
        for pair in pairs:
            _reset(pair)


def _reset(pair: tuple[socket.socket, socket.socket]) -> None:
    """Close both ends abruptly (RST, as a dropped mobile link or a NAT timeout looks)."""
    for s in pair:
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        try:
            s.close()
        except OSError:
            pass


def _stop(server: Any) -> None:
    """uvicorn waits for requests the proxy left half-sent; do not wait for them for long."""
    if server.proc is not None:
        server.proc.terminate()
        try:
            server.proc.wait(timeout=5)
        except Exception:
            server.proc.kill()
            server.proc.wait()


def attachment_round(a: SyncClient, proxy: TownshipProxy, tmp: Path) -> dict[str, Any]:
    """A file of several chunks whose upload is cut mid-way, then resumed."""
    from app.sync.blobs import BlobStats, BlobStore

    rng = random.Random(7)
    size = 3 * CHUNK + 1234
    source = tmp / "files" / "方案.pdf"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(os.urandom(size))
    ref = BlobStore(a.folder, a.sessions).add_file(source)
    nid = a.do(create_notice, person_id=a.person_id, title="附件：乡镇会议方案")
    a.do(update_notice, person_id=a.person_id, notice_id=nid, attachments=[ref])
    stats = BlobStats()
    proxy.arm_cut(rng.randrange(CHUNK, 2 * CHUNK))  # inside the second chunk
    t0 = time.perf_counter()
    first = a.sync(blob_stats=stats)
    rounds = 1
    while a.pending() and rounds < 5:  # the app syncs again later; so does the bench
        a.sync(blob_stats=stats)
        rounds += 1
    elapsed = time.perf_counter() - t0
    assert a.pending() == 0, "the notice naming the file never went up"
    assert stats.committed + stats.deduped == 1, stats
    assert stats.bytes_resent <= CHUNK, stats
    return {
        "size": size,
        "chunk": CHUNK,
        "cuts": proxy.cuts,
        "syncs": rounds,
        "uploaded_in_first_sync": first.uploaded,
        "resumed": stats.resumed,
        "bytes_sent": stats.bytes_sent,
        "bytes_resent": stats.bytes_resent,
        "seconds": round(elapsed, 2),
        "sha256": hashlib.sha256(source.read_bytes()).hexdigest() == ref["sha256"],
    }


def run(n: int, fault_rate: float, seed: int) -> dict[str, Any]:
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="zt-bench-town-")))
        server = stack.enter_context(
            running_server(tmp / "server", None, ZT_BLOB_CHUNK_BYTES=str(CHUNK))
        )
        stack.callback(_stop, server)
        proxy = TownshipProxy(server.url, fault_rate, seed)
        stack.callback(proxy.close)
        a = SyncClient(tmp / "a", proxy.url, USER)
        b = SyncClient(tmp / "b", proxy.url, USER)
        stack.callback(a.close)
        stack.callback(b.close)
        for c in (a, b):
            c.transport.attempts = 6  # the app's default is 5; resets here are frequent
        a.login()  # set-up over the same link, without faults
        b.login()
        create_offline(a, n)
        stats = [c.transport.stats for c in (a, b)]
        before = [(s.requests, s.bytes_up, s.bytes_down, s.retries) for s in stats]
        counter = WireCounter()
        counter.attach(a)
        counter.attach(b)
        proxy.faults(True)
        t0 = time.perf_counter()
        a.sync()
        t1 = time.perf_counter()
        b.sync()
        t2 = time.perf_counter()
        proxy.faults(False)
        after = [(s.requests, s.bytes_up, s.bytes_down, s.retries) for s in stats]
        moved = [sum(x[i] - y[i] for x, y in zip(after, before, strict=True)) for i in range(4)]
        assert a.pending() == 0
        count_a, sum_a = notices_digest(a)
        count_b, sum_b = notices_digest(b)
        assert count_a == count_b == n and sum_a == sum_b, (count_a, count_b)
        result: dict[str, Any] = {
            "n": n,
            "seconds": round(t2 - t0, 2),
            "push_s": round(t1 - t0, 2),
            "pull_s": round(t2 - t1, 2),
            "requests": moved[0],
            "bytes_up": moved[1],
            "bytes_down": counter.totals()["bytes_down"],
            "raw_json_bytes": counter.totals()["raw_json_bytes"],
            "resends": moved[3],
            "stalls": proxy.stalls,
            "resets": proxy.resets,
            "rtt_ms": int(2 * ONE_WAY_S * 1000),
            "kbit_s": int(RATE_BYTES_S * 8 / 1000),
            "checksum_ok": True,
        }
        try:
            import app.sync.blobs  # noqa: F401
        except ImportError:  # pragma: no cover - attachments not in this version
            result["attachment"] = "pending: app.sync.blobs not available"
        else:
            result["attachment"] = attachment_round(a, proxy, tmp)
        return result
    raise AssertionError("unreachable")  # pragma: no cover


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=1000)
    parser.add_argument("--fault-rate", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(run(args.n, args.fault_rate, args.seed), ensure_ascii=False))


if __name__ == "__main__":
    main()
