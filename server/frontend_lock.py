"""One lock around all front-end work in the server process, with priority for requests.

The front end is single-threaded by design: names and universe levels are interned in process-wide
tables (look up, then insert), the info tree collects into a module-level stack, the kernel shares
caches along a line of environments. Two threads elaborating at once — two documents' checks, or a
check and the printing of a goal — could race on them. So every entry into the front end holds this
lock: a document worker holds it for one command at a time, a request for the time it reads the
info tree and prints.

A plain lock would starve requests: a worker releases it between commands and takes it again at
once, usually before a waiting request thread is scheduled. Here a worker first waits until no request
is waiting, so a request runs before the next command starts (it waits at most for the command in
progress).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator


class FrontEndLock:
    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._busy = False
        self._requests_waiting = 0

    @contextmanager
    def for_request(self) -> Iterator[None]:
        """Hold the front end for a request (goes before any waiting worker)."""
        with self._cond:
            self._requests_waiting += 1
            try:
                while self._busy:
                    self._cond.wait()
            finally:
                self._requests_waiting -= 1
            self._busy = True
        try:
            yield
        finally:
            self._release()

    @contextmanager
    def for_check(self) -> Iterator[None]:
        """Hold the front end for one step of a document check (after every waiting request)."""
        with self._cond:
            while self._busy or self._requests_waiting:
                self._cond.wait()
            self._busy = True
        try:
            yield
        finally:
            self._release()

    def _release(self) -> None:
        with self._cond:
            self._busy = False
            self._cond.notify_all()
