"""Running an evaluation where deep recursion is allowed.

Evaluated programs recurse as deep as their data (a non-tail-recursive function over a long list, a
fold with a function-valued motive) and compiling a long list literal recurses on its spine. Each
evaluation therefore runs on its own thread with a large stack and a high recursion limit (as
`lantern.kernel.deep` does for checking). Since Python 3.11, Python-to-Python calls do not consume
the C stack, so the limit is bounded by memory rather than by the thread's stack; the large stack is
for the C recursion that remains (printing, hashing deep terms). A `RecursionError` that still
happens is reported by the caller as an `EvalError`.

The cyclic garbage collector is also made less eager while an evaluation runs: a long list is a
hundred thousand live tuples, which frequent collections would traverse again and again (half the
time of a fold over such a list, measured).
"""

from __future__ import annotations

import gc
import sys
import threading
from typing import Callable, TypeVar

T = TypeVar("T")

GC_GEN0_THRESHOLD = 100_000  # evaluation allocates many small tuples that live long (lists)
STACK_BYTES = 1 << 30  # virtual; only touched pages are committed
RECURSION_LIMIT = 1_000_000
_lock = threading.Lock()  # the recursion limit and the new-thread stack size are process-wide


_WORKER_NAME = "lantern-eval"


def run_on_big_stack(fn: Callable[[], T]) -> T:
    if threading.current_thread().name == _WORKER_NAME:  # already there (a nested evaluation)
        return fn()
    outcome: list[tuple[bool, object]] = []

    def target() -> None:
        try:
            outcome.append((True, fn()))
        except BaseException as ex:  # handed back to the calling thread
            outcome.append((False, ex))

    with _lock:
        old_limit = sys.getrecursionlimit()
        old_size = threading.stack_size(STACK_BYTES)
        old_gc = gc.get_threshold()
        try:
            gc.set_threshold(max(old_gc[0], GC_GEN0_THRESHOLD), *old_gc[1:])
            sys.setrecursionlimit(max(old_limit, RECURSION_LIMIT))
            worker = threading.Thread(target=target, name=_WORKER_NAME)
            worker.start()
            worker.join()
        finally:
            threading.stack_size(old_size)
            sys.setrecursionlimit(old_limit)
            gc.set_threshold(*old_gc)
    ok, value = outcome[0]
    if ok:
        return value  # type: ignore[return-value]
    raise value  # type: ignore[misc]
