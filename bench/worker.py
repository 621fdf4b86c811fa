"""Measure one workload at one size, in this process: the child side of the runner.

    python -m bench.worker --workload NAME [--size N] [--warmup W] [--reps R] [--budget S]
                           [--ablate CACHE] --out FILE

The runner starts one such process per measurement, so that peak RSS (`ru_maxrss`) is the
workload's own and one workload's garbage, interned names or monkeypatches never leak into the next.
The result is written as JSON to `--out`; the exit status is 0 on success, 1 if the workload raised.

Timing: `warmup` untimed-for-the-statistics runs, then `reps` timed runs with `time.perf_counter`;
a full garbage collection runs (untimed) before each run so that one run's leftovers are not
collected on the next one's clock. If the warm-up shows that `reps` runs would exceed `budget`
seconds, fewer repetitions are made (never fewer than `MIN_REPS`).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import sys
import time
import traceback
from typing import Any

from .stats import timing_summary

MIN_REPS = 3


def _maxrss_bytes(who: int) -> int:
    # Linux reports kilobytes, macOS bytes.
    r = resource.getrusage(who).ru_maxrss
    return r if sys.platform == "darwin" else r * 1024


def _cpu_time() -> float:
    """CPU seconds of this process (all threads, ns resolution) and of its waited-for children."""
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + c.ru_utime + c.ru_stime


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (OSError, AttributeError):
        return None


def code_fingerprint(project: str = "lantern") -> dict[str, str]:
    """For each package of the project that this process loaded (`lantern`, `lantern.kernel`, …), a
    hash of all the Python sources in its folder. Two measurements with different hashes for the same
    package did not run the same code (someone edited the tree during the run)."""
    import hashlib
    from pathlib import Path

    out: dict[str, str] = {}
    for mod_name, mod in sorted(sys.modules.items()):
        parts = mod_name.split(".")
        if parts[0] != project or len(parts) > 2 or not getattr(mod, "__path__", None):
            continue
        folder = Path(list(mod.__path__)[0])
        h = hashlib.sha256()
        for path in sorted(folder.rglob("*.py")):
            try:
                h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
            except OSError:
                continue
        out[mod_name] = h.hexdigest()[:16]
    return out


def code_folders(project: str = "lantern") -> dict[str, str]:
    """Where the loaded packages of the project were imported from (the snapshot, normally)."""
    return {
        n: os.path.dirname(getattr(m, "__file__", "") or "")
        for n, m in sorted(sys.modules.items())
        if n.split(".")[0] == project and n.count(".") <= 1 and getattr(m, "__path__", None)
    }


def measure(name: str, size: int | None, warmup: int, reps: int, budget: float | None, ablate: str | None) -> dict[str, Any]:
    from . import registry

    out: dict[str, Any] = {"workload": name, "size": size, "ablate": ablate}
    rss_start = _maxrss_bytes(resource.RUSAGE_SELF)
    wl = registry.get(name)
    if ablate:
        from . import ablation

        ablation.apply(ablate)
        ablation.check_applied(ablate)

    gc.collect()
    t = time.perf_counter()
    run = wl.prepare(size)
    out["prepare_s"] = time.perf_counter() - t
    out["rss_after_prepare_bytes"] = _maxrss_bytes(resource.RUSAGE_SELF)

    metrics: Any = None
    warm: list[float] = []
    for _ in range(warmup):
        gc.collect()
        t = time.perf_counter()
        metrics = run()
        warm.append(time.perf_counter() - t)
    load_start = _loadavg()

    n = reps
    if wl.max_reps is not None:
        n = min(n, wl.max_reps)
    if budget is not None and warm and n > MIN_REPS:
        per_run = max(warm)
        if per_run * n > budget:
            n = max(MIN_REPS, int(budget // per_run))
    times: list[float] = []
    cpu: list[float] = []
    runs_metrics: list[dict[str, Any]] = []  # every repetition's metrics (comparisons need them all)
    for _ in range(n):
        gc.collect()
        c = _cpu_time()
        t = time.perf_counter()
        metrics = run()
        times.append(time.perf_counter() - t)
        cpu.append(_cpu_time() - c)
        if isinstance(metrics, dict):
            runs_metrics.append({k: v for k, v in metrics.items() if isinstance(v, (int, float))})

    metrics = dict(metrics) if isinstance(metrics, dict) else {}
    units = metrics.pop("units", None)
    if units is None:
        units = wl.units_for(size)
    out.update(timing_summary(times, cpu, units))
    out.update(
        status="ok",
        warmup_times_s=warm,
        loadavg_start=load_start,
        loadavg_end=_loadavg(),
        units=units,
        unit=wl.unit,
        metrics=metrics,
        metrics_runs=runs_metrics,
        rss_start_bytes=rss_start,
        peak_rss_bytes=_maxrss_bytes(resource.RUSAGE_SELF),
        # Peak RSS of the largest child process (workloads that run a tool or a fresh interpreter).
        children_peak_rss_bytes=_maxrss_bytes(resource.RUSAGE_CHILDREN) or None,
        code_fingerprint=code_fingerprint(),
        code_folders=code_folders(),
    )
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.worker")
    p.add_argument("--workload", required=True)
    p.add_argument("--size", type=int, default=None)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--budget", type=float, default=None)
    p.add_argument("--ablate", default=None)
    p.add_argument("--out", required=True)
    a = p.parse_args(argv)
    if a.reps < 1:
        p.error("--reps must be at least 1")
    try:
        result = measure(a.workload, a.size, a.warmup, a.reps, a.budget, a.ablate)
        code = 0
    except BaseException as ex:  # reported to the runner, which decides the exit status of the run
        result = {
            "workload": a.workload,
            "size": a.size,
            "ablate": a.ablate,
            "status": "error",
            "error": f"{type(ex).__name__}: {ex}",
            "traceback": traceback.format_exc(),
        }
        code = 1
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(result, f)
    return code


if __name__ == "__main__":
    sys.exit(main())
