"""Stopping a runaway `#eval`: a step budget and an optional wall-clock limit.

Compiled code calls `BUDGET.tick()` on every function entry and every recursor step. While an
evaluation runs, `tick` is the `__next__` of an iterator that yields `steps` times and then raises
`OutOfSteps` — a C-level call, so counting costs a few tens of nanoseconds. A wall-clock limit is a
timer thread that swaps `tick` for a function raising `OutOfTime`: the evaluating thread notices at
its next step, so no polling of the clock is needed and no thread is ever killed.

There is one budget per process; `evaluate` serialises evaluations (see `api.py`).
"""

from __future__ import annotations

import itertools
import threading
from contextlib import contextmanager
from typing import Callable, Iterator, Optional

from lantern.kernel.record import record


@record(frozen=True)
class Limits:
    """How long an evaluation may run: `steps` function entries/recursor steps, and, if given,
    `seconds` of wall-clock time."""

    steps: int = 10_000_000
    seconds: Optional[float] = None


DEFAULT_LIMITS = Limits()


class OutOfSteps(Exception):
    pass


class OutOfTime(Exception):
    pass


class _Exhausted:
    """The tail of the step iterator: every further step raises (a generator would raise once and
    then end the iteration silently)."""

    def __iter__(self) -> "_Exhausted":
        return self

    def __next__(self) -> None:
        raise OutOfSteps()


def _out_of_time() -> None:
    raise OutOfTime()


def _idle() -> None:
    return None


class Budget:
    __slots__ = ("tick",)

    def __init__(self) -> None:
        self.tick: Callable[[], object] = _idle


BUDGET = Budget()


@contextmanager
def armed(limits: Limits) -> Iterator[None]:
    """Run the body with `BUDGET` counting down from `limits`."""
    BUDGET.tick = itertools.chain(itertools.repeat(None, max(limits.steps, 0)), _Exhausted()).__next__
    timer: Optional[threading.Timer] = None
    if limits.seconds is not None:
        def trip() -> None:
            BUDGET.tick = _out_of_time

        timer = threading.Timer(limits.seconds, trip)
        timer.daemon = True
        timer.start()
    try:
        yield
    finally:
        if timer is not None:
            timer.cancel()
            timer.join()  # a timer that already fired must not trip the next evaluation
        BUDGET.tick = _idle
