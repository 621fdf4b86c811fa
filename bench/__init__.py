"""Lantern's benchmark harness (`python -m bench`, see bench/README.md).

Layout:
- `registry.py`: the `Workload` record, the `@workload` decorator and the list of family modules;
- `kernel_workloads.py` (+ `kernel_synthetic.py`): the kernel's workloads;
- `runner.py` / `worker.py`: each measurement in a fresh process (warm-up, repetitions, peak RSS);
- `ablation.py`: disabling the kernel's caches one at a time, from the outside;
- `report.py`: tables, growth ratios, ablation factors, the README's results section;
- `machine.py`: machine and commit description; `profiling.py`: `--profile`.
"""

from .registry import FAMILIES, Workload, get, load_all, register, select, workload

__all__ = ["FAMILIES", "Workload", "get", "load_all", "register", "select", "workload"]
