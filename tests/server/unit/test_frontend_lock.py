"""The front-end lock: a waiting request goes before the next step of a check."""

from __future__ import annotations

import threading
import time

from lantern.server.frontend_lock import FrontEndLock


def test_a_request_goes_before_the_next_step() -> None:
    lock = FrontEndLock()
    order: list[str] = []
    request_waiting = threading.Event()

    def checker() -> None:
        for i in range(20):
            with lock.for_check():
                order.append(f"step{i}")
                if i == 2:
                    threading.Thread(target=request).start()
                    request_waiting.wait(5)
                    time.sleep(0.05)  # the request is now blocked on the lock

    def request() -> None:
        def waiting() -> None:
            request_waiting.set()

        threading.Timer(0.01, waiting).start()
        with lock.for_request():
            order.append("request")

    t = threading.Thread(target=checker)
    t.start()
    t.join(10)
    assert order.index("request") == 3, order


def test_exclusive() -> None:
    lock = FrontEndLock()
    inside = [0]
    peak = [0]

    def work(kind: str) -> None:
        for _ in range(200):
            with (lock.for_check() if kind == "check" else lock.for_request()):
                inside[0] += 1
                peak[0] = max(peak[0], inside[0])
                inside[0] -= 1

    threads = [threading.Thread(target=work, args=(k,)) for k in ("check", "check", "request", "request")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert peak[0] == 1
