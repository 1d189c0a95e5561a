"""``ma-ladder serve`` as a real server process: new connections are not kept waiting behind busy ones.

A browser opens several connections at once. If the server accepted one new connection per turn of
its event loop (libuv's rule since its pull request 3696, and so uvloop's), a busy server would make
the k-th new connection of a burst wait k turns, each as long as the requests already queued. Under
the load test this cost 100 to 400 ms at the start of every run. The test counts, instead of timing:
it stops the server, queues pipelined page requests on a few busy connections, opens a burst of new
connections with one request each, lets the server go on, and counts how many of the busy
connections' pages were answered before the last new connection had its answer.
"""

from __future__ import annotations

import os
import selectors
import signal
import socket
from urllib.parse import urlsplit

from tests.serving import serving

BUSY, PIPELINED, BURST = 8, 30, 24


def _request(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()


class _Reader:
    """Counts the complete HTTP responses read on one connection (each with a Content-Length)."""

    def __init__(self, sock: socket.socket, name: str) -> None:
        self.sock, self.name, self.buffer, self.done = sock, name, b"", 0

    def feed(self) -> list[str]:
        """Read what has arrived; the name of this connection once per response completed."""
        data = self.sock.recv(1 << 20)
        assert data, f"the server closed a {self.name} connection after {self.done} responses"
        self.buffer += data
        finished = []
        while b"\r\n\r\n" in self.buffer:
            head, _, rest = self.buffer.partition(b"\r\n\r\n")
            fields = dict(line.split(b":", 1) for line in head.lower().split(b"\r\n")[1:])
            length = int(fields[b"content-length"])
            if len(rest) < length:
                break
            self.buffer, self.done = rest[length:], self.done + 1
            finished.append(self.name)
        return finished


def _answer_order(host: str, port: int, pid: int) -> list[str]:
    """Every response's connection kind ("busy" or "new"), in the order they were completed."""
    os.kill(pid, signal.SIGSTOP)
    readers = []
    try:
        page, health = _request("/states/WA") * PIPELINED, _request("/api/v1/health")
        for kind, count, payload in (("busy", BUSY, page), ("new", BURST, health)):
            for _ in range(count):
                sock = socket.create_connection((host, port))  # the kernel accepts it into the backlog
                sock.sendall(payload)
                sock.setblocking(False)
                readers.append(_Reader(sock, kind))
    finally:
        os.kill(pid, signal.SIGCONT)
    order: list[str] = []
    expected = BUSY * PIPELINED + BURST
    with selectors.DefaultSelector() as sel:
        for reader in readers:
            sel.register(reader.sock, selectors.EVENT_READ, reader)
        while len(order) < expected:
            events = sel.select(timeout=30)
            assert events, f"the server stopped answering after {len(order)} of {expected} responses"
            for key, _ in events:
                order.extend(key.data.feed())
    for reader in readers:
        reader.sock.close()
    return order


def test_a_burst_of_new_connections_is_answered_while_busy_connections_still_wait() -> None:
    with serving() as (base, proc):
        url = urlsplit(base)
        order = _answer_order(url.hostname or "127.0.0.1", url.port or 80, proc.pid)
    assert order.count("new") == BURST and order.count("busy") == BUSY * PIPELINED
    last_new = max(i for i, kind in enumerate(order) if kind == "new")
    pages_before = order[:last_new].count("busy")
    # Accepting the whole burst at once, the server answers it within a turn or two, each turn one page
    # per busy connection (8 pages here); one accept per turn (uvloop) put 225 pages before it.
    assert pages_before <= 6 * BUSY, f"{pages_before} pages were answered before the last of {BURST} new connections"
