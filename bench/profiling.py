"""`python -m bench --profile NAME [--size N]`: run one workload once under cProfile, in this process,
and print the top functions (by cumulative time by default).

The profiled run happens on a thread with a 1 GiB stack and a recursion limit of 400,000. Otherwise
a deep term makes the kernel redo its work on its own deep-stack thread (`kernel/deep.py`), which
cProfile does not see; the price is that the kernel's first, aborted attempt at such a term does not
appear in the profile (it costs little: compare `--profile` with the timings of a normal run).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
import threading
import time
from typing import Any, Callable

from . import registry


def profile(name: str, size: int | None, top: int = 10, sort: str = "cumulative", save: str | None = None, ablate: str | None = None) -> str:
    wl = registry.get(name)
    if size is None and wl.sizes:
        size = wl.sizes[len(wl.sizes) // 2]
    if ablate:
        from . import ablation

        ablation.apply(ablate)
    run = wl.prepare(size)
    prof = cProfile.Profile()

    def job() -> float:
        run()  # warm-up: interned names, imports
        t = time.perf_counter()
        prof.enable()
        run()
        prof.disable()
        return time.perf_counter() - t

    elapsed = _on_deep_stack(job)
    if save:
        prof.dump_stats(save)
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.strip_dirs().sort_stats(sort).print_stats(top)
    head = f"{name}" + (f" N={size}" if size is not None else "") + (f" [no {ablate}]" if ablate else "")
    return f"{head}: {elapsed:.3f} s under cProfile (profiling overhead included)\n{buf.getvalue()}"


def _on_deep_stack(fn: Callable[[], Any]) -> Any:
    out: list[tuple[bool, Any]] = []

    def target() -> None:
        try:
            out.append((True, fn()))
        except BaseException as ex:
            out.append((False, ex))

    old_limit, old_size = sys.getrecursionlimit(), threading.stack_size(1 << 30)
    try:
        sys.setrecursionlimit(400_000)
        t = threading.Thread(target=target, name="bench-profile")
        t.start()
        t.join()
    finally:
        threading.stack_size(old_size)
        sys.setrecursionlimit(old_limit)
    ok, value = out[0]
    if not ok:
        raise value
    return value
