"""One open document as the event loop sees it: the client's text and version, and what the worker
has checked of that text so far.

All of it lives on the event loop's thread; the worker's events arrive through
`loop.call_soon_threadsafe`. Each text (`didOpen`, each `didChange`) is a new generation; events of
an older generation are dropped, so whatever the worker was doing for an old text never reaches the
client. Requests about a position wait (`checked_at`) until the command holding it is checked, then
answer at once, while the rest of the file is still being checked; a request still waiting when the
text changes fails with ContentModified ("File changed.", as Lean's server answers), since its
position referred to the old text.
"""

from __future__ import annotations

import asyncio
import logging
from bisect import bisect_left
from typing import Callable

from pygls.exceptions import JsonRpcContentModified

from lantern.elab.document import Snapshot
from lantern.elab.messages import Message
from lantern.elab.syntax.source import LineIndex

from .frontend_lock import FrontEndLock
from .worker import CheckWorker, Checked, Event, Started, Stopped

log = logging.getLogger(__name__)


class OpenDocument:
    def __init__(
        self,
        uri: str,
        version: int | None,
        text: str,
        lock: FrontEndLock,
        on_update: Callable[["OpenDocument"], None],
    ) -> None:
        self.uri = uri
        self.version = version
        self.generation = 0
        self.text = text
        self.index = LineIndex(text)
        self.snapshots: list[Snapshot] = []  # the checked commands of `text`, in order
        self.messages: list[Message] = []  # their messages, in order
        self.started = False  # whether the worker has reported on this generation yet
        self.complete = False
        self.closed = False
        self._loop = asyncio.get_running_loop()
        self._on_update = on_update
        self._waiters: list[tuple[int, asyncio.Future[None]]] = []
        self._worker = CheckWorker(uri, lock, self._post)
        self._worker.submit(self.generation, text)

    # -- edits -------------------------------------------------------------------------------------

    def update(self, text: str, version: int | None) -> None:
        """A new text from the client: check it from now on."""
        self.version = version
        self.text, self.index = text, LineIndex(text)
        self.generation += 1
        self.snapshots, self.messages = [], []
        self.started = self.complete = False
        self._fail_waiters("File changed.")
        self._worker.submit(self.generation, text)

    def close(self) -> None:
        self.closed = True
        self._worker.close()
        self._fail_waiters("File closed.")

    # -- what the worker reports -------------------------------------------------------------------

    def _post(self, event: Event) -> None:
        """Called on the worker's thread."""
        try:
            self._loop.call_soon_threadsafe(self._receive, event)
        except RuntimeError:  # the event loop is gone: the server is exiting
            pass

    def _receive(self, event: Event) -> None:
        if self.closed or event.generation != self.generation:
            return
        if isinstance(event, Started):
            self.snapshots = list(event.snapshots)
            self.messages = [m for s in event.snapshots for m in s.messages]
            if event.failure is not None:
                self.messages.append(event.failure)
            self.started = True
        elif isinstance(event, Checked):
            self.snapshots.append(event.snapshot)
            self.messages.extend(event.snapshot.messages)
        elif isinstance(event, Stopped):
            self.messages.append(event.failure)
            self.started = True
        self.complete = event.complete
        self._wake_waiters()
        self._on_update(self)

    @property
    def checked_up_to(self) -> int:
        """The offset up to which the current text is checked (-1 before the worker reported)."""
        if not self.started:
            return -1
        if self.complete:
            return len(self.text)
        return self.snapshots[-1].span.end if self.snapshots else -1

    # -- requests ----------------------------------------------------------------------------------

    def is_checked(self, offset: int) -> bool:
        return offset <= self.checked_up_to

    async def checked_at(self, offset: int) -> Snapshot | None:
        """Wait until the command at `offset` is checked; that command (None between commands)."""
        if not self.is_checked(offset):
            future: asyncio.Future[None] = self._loop.create_future()
            waiter = (offset, future)
            self._waiters.append(waiter)
            try:
                await future
            finally:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
        return self.snapshot_at(offset)

    def snapshot_at(self, offset: int) -> Snapshot | None:
        return snapshot_containing(self.snapshots, offset)

    def _wake_waiters(self) -> None:
        still = []
        for offset, future in self._waiters:
            if future.done():
                continue
            if self.is_checked(offset):
                future.set_result(None)
            else:
                still.append((offset, future))
        self._waiters = still

    def _fail_waiters(self, why: str) -> None:
        for _, future in self._waiters:
            if not future.done():
                future.set_exception(JsonRpcContentModified(why))
        self._waiters = []


def snapshot_containing(snapshots: list[Snapshot], offset: int) -> Snapshot | None:
    """The command of `snapshots` (in document order) containing `offset`; at the boundary of two,
    the earlier (its end), as `Document.snapshot_at`; in O(log n)."""
    i = bisect_left(snapshots, offset, key=lambda s: s.span.start)
    if i > 0 and snapshots[i - 1].span.end >= offset:
        return snapshots[i - 1]
    if i < len(snapshots) and snapshots[i].span.start == offset:
        return snapshots[i]
    return None
