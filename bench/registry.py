"""The registry of workloads.

A workload is a name (`family.what[.variant]`), an optional size parameter and a `prepare(size)`
function. `prepare` does the untimed setup (generating declarations, building a base environment,
locating an external tool) and returns `run`, a function of no arguments that does the timed work
once. `run` may return a dict of metrics about what it did (e.g. `{"declarations": 19}`); the runner
records the one from the last repetition, and a `"units"` entry, if present, is the number of units
of work that per-unit times divide by (otherwise `Workload.units`, by default the size).

Each workload family lives in its own module, listed in `FAMILIES`, which registers its workloads with
`@workload(...)` when imported. To add a family (front end, language server, coqc comparison…), write
`bench/<family>_workloads.py` and add it to `FAMILIES`; nothing else in the harness needs to change.
"""

from __future__ import annotations

import fnmatch
import importlib
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(BENCH_DIR)
RESULTS_DIR = os.path.join(BENCH_DIR, "results")
README = os.path.join(BENCH_DIR, "README.md")

RunFn = Callable[[], "dict[str, Any] | None"]
PrepareFn = Callable[["int | None"], RunFn]

# Modules that register workloads, in the order they are run and reported.
FAMILIES: tuple[str, ...] = (
    "bench.kernel_workloads", "bench.frontend_workloads", "bench.tactic_workloads", "bench.server_workloads",
)
# More modules, comma-separated, from the environment (importable from PYTHONPATH): for experiments
# and for the harness's own tests, without editing this file.
EXTRA_FAMILIES_ENV = "BENCH_EXTRA_FAMILIES"


@dataclass(frozen=True)
class Workload:
    name: str
    prepare: PrepareFn
    description: str = ""
    # Growth series of the size parameter for a full run; () for a workload without a size.
    sizes: tuple[int, ...] = ()
    # The size used by `--smoke` (ignored when `sizes` is empty).
    smoke_size: int | None = None
    # What the size counts, singular ("declaration", "binder", …): per-unit times are time / units(size).
    unit: str = ""
    # Units of work in one run at a given size; default: the size itself.
    units: Callable[["int | None"], "int | None"] | None = None
    # Sizes at which the cache ablation runs this workload (empty: not part of the ablation).
    ablation_sizes: tuple[int, ...] = ()
    # Returns a reason to skip the workload on this machine (e.g. "coqc not installed"), or None.
    available: Callable[[], "str | None"] = field(default=lambda: None)
    # Upper bound on repetitions for one measurement, whatever the command line asks (slow workloads).
    max_reps: int | None = None

    @property
    def family(self) -> str:
        return self.name.split(".", 1)[0]

    def units_for(self, size: int | None) -> int | None:
        if self.units is not None:
            return self.units(size)
        return size

    def full_sizes(self) -> tuple[int | None, ...]:
        return self.sizes if self.sizes else (None,)

    def smoke_sizes(self) -> tuple[int | None, ...]:
        if not self.sizes:
            return (None,)
        return (self.smoke_size if self.smoke_size is not None else min(self.sizes),)


_REGISTRY: dict[str, Workload] = {}


def register(w: Workload) -> Workload:
    if w.name in _REGISTRY:
        raise ValueError(f"workload {w.name!r} registered twice")
    _REGISTRY[w.name] = w
    return w


def workload(name: str, **kwargs: Any) -> Callable[[PrepareFn], PrepareFn]:
    """Decorator form: `@workload("kernel.x", sizes=(…), …)` over the `prepare(size)` function; the
    description defaults to the function's docstring."""

    def deco(prepare: PrepareFn) -> PrepareFn:
        kwargs.setdefault("description", " ".join((prepare.__doc__ or "").split()))
        register(Workload(name=name, prepare=prepare, **kwargs))
        return prepare

    return deco


def family_modules() -> list[str]:
    extra = [m.strip() for m in os.environ.get(EXTRA_FAMILIES_ENV, "").split(",") if m.strip()]
    return [*FAMILIES, *extra]


def load_all() -> dict[str, Workload]:
    for mod in family_modules():
        importlib.import_module(mod)
    return dict(_REGISTRY)


def get(name: str) -> Workload:
    load_all()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown workload {name!r}; see `python -m bench --list`") from None


def select(patterns: Iterable[str] | None) -> list[Workload]:
    """Workloads whose name matches one of the glob `patterns` (or starts with it); all if none."""
    ws = list(load_all().values())
    pats = list(patterns or [])
    if not pats:
        return ws
    return [w for w in ws if any(fnmatch.fnmatchcase(w.name, p) or w.name.startswith(p) for p in pats)]
