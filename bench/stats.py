"""The summary statistics of a list of timed runs, the same for one worker's runs (`worker.py`) and
for the rounds the runner pools (`runner.py`)."""

from __future__ import annotations

import statistics
from typing import Any


def timing_summary(times: list[float], cpu: list[float], units: int | None) -> dict[str, Any]:
    """Median, spread and per-unit cost of `times` (wall seconds), with the CPU time of the same runs:
    a CPU share well below 1 for a single-threaded workload means the machine was busy."""
    med = statistics.median(times)
    return dict(
        times_s=times,
        reps=len(times),
        median_s=med,
        min_s=min(times),
        max_s=max(times),
        mean_s=statistics.fmean(times),
        stdev_s=statistics.stdev(times) if len(times) > 1 else 0.0,
        per_unit_median_s=(med / units) if units else None,
        per_unit_min_s=(min(times) / units) if units else None,
        cpu_times_s=cpu,
        cpu_median_s=statistics.median(cpu) if cpu else None,
        cpu_share=(sum(cpu) / sum(times)) if cpu and sum(times) > 0 else None,
    )
