"""Running an evaluation where deep recursion is allowed.

Evaluated programs recurse as deep as their data (a non-tail-recursive function over a long list, a
fold with a function-valued motive) and compiling a long list literal recurses on its spine. Each
evaluation therefore runs on its own thread with a large stack and a high recursion limit (as
`lantern.kernel.deep` does for checking). Since Python 3.11, Python-to-Python calls do not consume
the C stack, so the limit is bounded by memory rather than by the thread's stack; the large stack is
for the C recursion that remains (printing, hashing deep terms). A `RecursionError` that still
happens is reported by the caller as an `EvalError`.
"""

from __future__ import annotations

import sys
import threading
from typing import Callable, TypeVar

T = TypeVar("T")

STACK_BYTES = 1 << 30  # virtual; only touched pages are committed
RECURSION_LIMIT = 1_000_000
_lock = threading.Lock()  # the recursion limit and the new-thread stack size are process-wide


def run_on_big_stack(fn: Callable[[], T]) -> T:
    outcome: list[tuple[bool, object]] = []

    def target() -> None:
        try:
            outcome.append((True, fn()))
        except BaseException as ex:  # handed back to the calling thread
            outcome.append((False, ex))

    with _lock:
        old_limit = sys.getrecursionlimit()
        old_size = threading.stack_size(STACK_BYTES)
        try:
            sys.setrecursionlimit(max(old_limit, RECURSION_LIMIT))
            worker = threading.Thread(target=target, name="lantern-eval")
            worker.start()
            worker.join()
        finally:
            threading.stack_size(old_size)
            sys.setrecursionlimit(old_limit)
    ok, value = outcome[0]
    if ok:
        return value  # type: ignore[return-value]
    raise value  # type: ignore[misc]
