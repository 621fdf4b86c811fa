"""Rate-limiting notifications: while a check runs, diagnostics and progress are sent at most once per
interval (a file of a thousand small commands would otherwise send a thousand of each), and at once
when the check finishes. An update that arrives during the quiet period is not lost: a run is
scheduled for the end of it."""

from __future__ import annotations

import asyncio
from typing import Callable

# Seconds between two notifications of one kind for one document while it is being checked.
PUBLISH_INTERVAL = 0.05


class Throttle:
    def __init__(self, loop: asyncio.AbstractEventLoop, action: Callable[[], None], interval: float = PUBLISH_INTERVAL) -> None:
        self._loop = loop
        self._action = action
        self._interval = interval
        self._last = float("-inf")
        self._timer: asyncio.TimerHandle | None = None

    def poke(self, final: bool = False) -> None:
        """Something changed: run the action now, or at the end of the quiet period; `final`: now."""
        if final:
            self.run_now()
            return
        if self._timer is not None:
            return
        wait = self._last + self._interval - self._loop.time()
        if wait <= 0:
            self.run_now()
        else:
            self._timer = self._loop.call_later(wait, self.run_now)

    def run_now(self) -> None:
        self.cancel()
        self._last = self._loop.time()
        self._action()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
