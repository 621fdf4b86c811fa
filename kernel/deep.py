"""Running recursive algorithms on terms deeper than Python's default stack.

Terms can be deep (a 10,000-argument application, a 10,000-binder telescope). The hot paths are
iterative where that is natural, but substitution and checking recurse on subterms. Rather than slow
every call down, `run_deep` runs the work normally and, only if Python's recursion limit is hit, runs
it again on a thread with a large stack and a high recursion limit. If even that is not enough the
input is rejected with a `KernelError`, never a `RecursionError`.
"""

from __future__ import annotations

import sys
import threading
from typing import Callable, TypeVar

from .errors import KernelError

T = TypeVar("T")

DEEP_STACK_BYTES = 1 << 30  # virtual; only touched pages are committed
DEEP_RECURSION_LIMIT = 400_000
_deep_lock = threading.Lock()
_WORKER_NAME = "lantern-deep"


def run_deep(fn: Callable[..., T], *args: object) -> T:
    if threading.current_thread().name == _WORKER_NAME:  # already on the deep stack
        try:
            return fn(*args)
        except RecursionError:
            raise KernelError("term is too deeply nested to be checked") from None
    try:
        return fn(*args)
    except RecursionError:
        pass
    outcome: list[tuple[bool, object]] = []

    def target() -> None:
        try:
            outcome.append((True, fn(*args)))
        except BaseException as ex:  # handed back to the calling thread
            outcome.append((False, ex))

    # The recursion limit and the stack size of new threads are process-wide settings.
    with _deep_lock:
        old_limit = sys.getrecursionlimit()
        old_size = threading.stack_size(DEEP_STACK_BYTES)
        try:
            sys.setrecursionlimit(DEEP_RECURSION_LIMIT)
            worker = threading.Thread(target=target, name=_WORKER_NAME)
            worker.start()
            worker.join()
        finally:
            threading.stack_size(old_size)
            sys.setrecursionlimit(old_limit)
    ok, value = outcome[0]
    if ok:
        return value  # type: ignore[return-value]
    if isinstance(value, RecursionError):
        raise KernelError("term is too deeply nested to be checked")
    raise value  # type: ignore[misc]
