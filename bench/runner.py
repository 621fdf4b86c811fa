"""Running measurements, one fresh worker process each, one at a time.

Workloads never run in parallel (timings on a small machine would interfere). Each measurement is
`python -m bench.worker …`, run in `Settings.code_root` (the repository or a frozen copy of its code),
with `PYTHONHASHSEED=0` (string hashes, hence dict layouts and cache
behaviour, are the same from run to run) and a timeout; its JSON result is read back from a
temporary file under `bench/results/` (ignored by git).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any, Callable

from .registry import REPO_ROOT, RESULTS_DIR, Workload
from .stats import timing_summary


@dataclass
class Settings:
    warmup: int = 1
    reps: int = 5
    budget: float | None = 60.0  # seconds of timed runs per measurement before reps are cut
    timeout: float = 900.0  # seconds per measurement (the whole worker process)
    # Before each measurement, wait up to `quiet_wait` seconds for the rest of the machine to use
    # less than `quiet_cores` CPUs (other jobs on a small machine distort timings); 0 disables.
    quiet_cores: float = 0.5
    quiet_wait: float = 0.0
    # Measure again (at most this many times) when other processes used more than `quiet_cores`
    # CPUs on average during a measurement; the attempt with the lowest minimum is kept.
    retries: int = 0
    # Where the workers import the code from: the repository, or a frozen copy (see snapshot.py).
    code_root: str = REPO_ROOT


def _cpu_sample() -> tuple[int, int] | None:
    """(total, idle) jiffies of all CPUs from /proc/stat; None where that does not exist."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = f.readline().split()
    except OSError:
        return None
    if not fields or fields[0] != "cpu":
        return None
    vals = [int(x) for x in fields[1:]]
    idle = vals[3] + (vals[4] if len(vals) > 4 else 0)  # idle + iowait
    return sum(vals[:8]), idle  # user … steal; guest time is already counted in user


def _busy_between(a: tuple[int, int] | None, b: tuple[int, int] | None) -> float | None:
    """Average number of busy CPUs between two samples."""
    if a is None or b is None or b[0] == a[0]:
        return None
    total, idle = b[0] - a[0], b[1] - a[1]
    return (total - idle) / total * (os.cpu_count() or 1)


def busy_cores(interval: float = 0.5) -> float | None:
    """CPUs in use by the whole machine over `interval` seconds (this process sleeps meanwhile)."""
    a = _cpu_sample()
    time.sleep(interval)
    busy = _busy_between(a, _cpu_sample())
    return None if busy is None else round(busy, 2)


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def wait_for_quiet(settings: Settings) -> dict[str, Any]:
    if settings.quiet_wait <= 0:
        return {}
    t0 = time.perf_counter()
    while True:
        busy = busy_cores()
        waited = time.perf_counter() - t0
        if busy is None or busy <= settings.quiet_cores or waited >= settings.quiet_wait:
            return {"busy_cores_before": busy, "waited_for_quiet_s": round(waited, 1)}
        time.sleep(2.0)


def _worker_env(code_root: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONPATH"] = code_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def measure(wl: Workload, size: int | None, settings: Settings, ablate: str | None = None, timeout: float | None = None) -> dict[str, Any]:
    """One measurement of `wl` at `size` (with the caches of `ablate` disabled, if given)."""
    base: dict[str, Any] = {"workload": wl.name, "size": size, "ablate": ablate}
    reason = wl.available()
    if reason:
        return {**base, "status": "skipped", "error": reason}
    os.makedirs(RESULTS_DIR, exist_ok=True)
    fd, out_path = tempfile.mkstemp(prefix="worker-", suffix=".tmp", dir=RESULTS_DIR)
    os.close(fd)
    cmd = [sys.executable, "-m", "bench.worker", "--workload", wl.name, "--warmup", str(settings.warmup), "--reps", str(settings.reps), "--out", out_path]
    if size is not None:
        cmd += ["--size", str(size)]
    if settings.budget is not None:
        cmd += ["--budget", str(settings.budget)]
    if ablate:
        cmd += ["--ablate", ablate]
    limit = timeout if timeout is not None else settings.timeout
    quiet = wait_for_quiet(settings)
    stat0, cpu0 = _cpu_sample(), _children_cpu()
    t0 = time.perf_counter()
    # A new session, so that a timeout can stop the worker together with any process it started.
    proc = subprocess.Popen(cmd, cwd=settings.code_root, env=_worker_env(settings.code_root), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        _kill(proc)
        _unlink(out_path)
        return {**base, "status": "timeout", "error": f"no result within {limit:g} s", "timeout_s": limit, "wall_s": time.perf_counter() - t0}
    except BaseException:  # Ctrl-C: do not leave the worker running
        _kill(proc)
        _unlink(out_path)
        raise
    wall = time.perf_counter() - t0
    busy = _busy_between(stat0, _cpu_sample())
    try:
        with open(out_path, encoding="utf-8") as f:
            result = json.load(f)
    except (OSError, ValueError):
        result = {**base, "status": "error", "error": f"worker exited with status {proc.returncode} and no result"}
    finally:
        _unlink(out_path)
    result["wall_s"] = wall
    result.update(quiet)
    if busy is not None and wall > 0:
        # CPUs the rest of the machine kept busy, on average, while this worker (and what it started) ran.
        result["others_cores_during"] = round(max(0.0, busy - (_children_cpu() - cpu0) / wall), 2)
    if result.get("status") != "ok":
        tail = (stderr or "").strip().splitlines()[-20:]
        if tail and "traceback" not in result:
            result["stderr_tail"] = "\n".join(tail)
    return result


def _kill(proc: subprocess.Popen) -> None:
    """Stop the worker and whatever it started (its own process group)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate()


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def disturbed(r: dict[str, Any], settings: Settings) -> bool:
    """Whether other processes used the machine noticeably during the measurement."""
    others = r.get("others_cores_during")
    return r.get("status") == "ok" and others is not None and others > settings.quiet_cores


def measure_with_retries(wl: Workload, size: int | None, settings: Settings, ablate: str | None = None, timeout: float | None = None) -> dict[str, Any]:
    """`measure`, repeated up to `settings.retries` times while other processes disturbed it; the
    attempt with the lowest minimum time is kept (its `attempts` field says how many were made)."""
    r = measure(wl, size, settings, ablate, timeout)
    attempts = [r]
    while disturbed(r, settings) and len(attempts) <= settings.retries:
        r = measure(wl, size, settings, ablate, timeout)
        attempts.append(r)
    ok = [a for a in attempts if a.get("status") == "ok"]
    best = min(ok, key=lambda a: a["min_s"]) if ok else attempts[-1]
    if len(attempts) > 1:
        best = dict(best)
        best["attempts"] = len(attempts)
        best["attempt_min_s"] = [a.get("min_s") for a in attempts]
    return best


def pool(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Merge the measurements of one (workload, size, ablation) from several rounds: the timed runs
    are pooled (median and min over all of them), peak RSS is the largest."""
    ok = [r for r in rounds if r.get("status") == "ok"]
    if len(rounds) == 1:
        return rounds[0]
    if len(ok) != len(rounds):
        bad = next(r for r in rounds if r.get("status") != "ok")
        return {**bad, "rounds": len(rounds)}
    out = dict(ok[0])
    times = [t for r in ok for t in r["times_s"]]
    cpu = [t for r in ok for t in r.get("cpu_times_s", [])]
    out.update(timing_summary(times, cpu, out.get("units")))
    out.update(
        rounds=len(ok),
        round_min_s=[r["min_s"] for r in ok],
        round_median_s=[r["median_s"] for r in ok],
        warmup_times_s=[t for r in ok for t in r.get("warmup_times_s", [])],
        peak_rss_bytes=max(r.get("peak_rss_bytes") or 0 for r in ok) or None,
        others_cores_during=max((r.get("others_cores_during") or 0) for r in ok),
        wall_s=sum(r.get("wall_s", 0) for r in ok),
    )
    if any(r.get("attempts") for r in ok):
        out["attempts"] = sum(r.get("attempts", 1) for r in ok)
        out["attempt_min_s"] = [t for r in ok for t in r.get("attempt_min_s", [r["min_s"]])]
    return out


def run_plan(plan: list[tuple[Workload, int | None, str | None]], settings: Settings, on_result: Callable[[dict[str, Any]], None], timeout_for: Callable[[str | None], float] | None = None) -> list[dict[str, Any]]:
    results = []
    for wl, size, ablate in plan:
        r = measure_with_retries(wl, size, settings, ablate, timeout_for(ablate) if timeout_for else None)
        on_result(r)
        results.append(r)
    return results
