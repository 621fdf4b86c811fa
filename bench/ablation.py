"""Turning the kernel's caches off, one at a time, to measure what each one buys.

This never edits the kernel: `apply(name)` wraps `TypeChecker.__init__` (in the benchmark's own
process only) so that, after the real constructor has run, the chosen cache is replaced by one that
forgets everything it is told:

- the dict caches (`infer_cache`, `infer_only_cache`, `whnf_core_cache`, `whnf_cache`) by a dict
  whose `__setitem__` does nothing, so every lookup misses;
- `failure_cache` (a set of pairs) by a set whose `add` does nothing;
- `eqv` (the union-find of pairs already proved equal) by an `EquivManager` whose `add_equiv` does
  nothing (`is_equiv` then only recognises identical or structurally equal terms).

Each of the first five has a `closed_*` twin, where results about closed terms go (shared by the
declarations of one environment, `kernel/environment.py` `CheckerCaches`): ablating a cache ablates
its twin too. The configuration `shared` keeps every cache but stops the sharing across declarations
(each checker's `closed_*` caches are its own again, as in Lean's kernel).

Results stay correct (a cache can only make the kernel faster, never change an answer); the ablation
reports the slowdown factor ablated-time / normal-time.

One more configuration is not a kernel cache: `cyclic_gc` turns Python's cyclic garbage collector off
(`gc.disable()`) in the worker. Its factor is below 1 by the share of the time spent in collections,
which grows with the number of live objects (every checked term stays alive in the environment).
"""

from __future__ import annotations

from typing import Any, Callable

# Cache attribute of `TypeChecker` -> factory of its forgetful replacement.
CACHES: tuple[str, ...] = ("infer_cache", "infer_only_cache", "whnf_core_cache", "whnf_cache", "eqv", "failure_cache")
# Named groups that can be ablated together.
GROUPS: dict[str, tuple[str, ...]] = {"all": CACHES}
# A cache ↦ its twin for closed terms, shared across declarations (ablated with it).
CLOSED_TWIN: dict[str, str] = {
    "infer_cache": "closed_infer_cache",
    "infer_only_cache": "closed_infer_only_cache",
    "whnf_core_cache": "closed_whnf_core_cache",
    "whnf_cache": "closed_whnf_cache",
    "eqv": "closed_eqv",
}
# Not an ablation of a cache: its sharing across declarations.
UNSHARED = "shared"


class ForgetfulDict(dict):
    """A dict that never stores anything."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        pass

    def setdefault(self, key: Any, default: Any = None) -> Any:
        return default

    def update(self, *args: Any, **kwargs: Any) -> None:
        pass


class ForgetfulSet(set):
    """A set that never stores anything."""

    __slots__ = ()

    def add(self, item: Any) -> None:
        pass

    def update(self, *args: Any) -> None:
        pass


def _forgetful_equiv_manager() -> Any:
    from lantern.kernel.defeq import EquivManager

    class ForgetfulEquivManager(EquivManager):
        __slots__ = ()

        def add_equiv(self, a: Any, b: Any) -> None:
            pass

    return ForgetfulEquivManager()


_REPLACEMENTS: dict[str, Callable[[], Any]] = {
    "infer_cache": ForgetfulDict,
    "infer_only_cache": ForgetfulDict,
    "whnf_core_cache": ForgetfulDict,
    "whnf_cache": ForgetfulDict,
    "failure_cache": ForgetfulSet,
    "eqv": _forgetful_equiv_manager,
}


# Not a cache: Python's cyclic garbage collector.
NO_GC = "cyclic_gc"


def configurations() -> list[str]:
    """What the ablation runs besides the baseline: each cache alone, the groups, the GC."""
    return [*CACHES, *GROUPS, UNSHARED, NO_GC]


def caches_of(config: str) -> tuple[str, ...]:
    if config in (NO_GC, UNSHARED):
        return ()
    if config in GROUPS:
        return GROUPS[config]
    if config in _REPLACEMENTS:
        return (config,)
    raise ValueError(f"unknown cache {config!r}; known: {', '.join(configurations())}")


def apply(config: str) -> None:
    """Disable the caches of `config` in every `TypeChecker` created from now on in this process."""
    from lantern.kernel import type_checker

    names = caches_of(config)
    if config == NO_GC:
        import gc

        gc.disable()  # explicit gc.collect() calls (the worker's, between runs) still work
        return
    cls = type_checker.TypeChecker
    original_init = cls.__init__
    if getattr(original_init, "_bench_ablation", None) is not None:
        raise RuntimeError("an ablation is already applied in this process")

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        if config == UNSHARED:
            for n, twin in CLOSED_TWIN.items():
                setattr(self, twin, getattr(self, n))
        for n in names:
            for attr in (n, CLOSED_TWIN.get(n)):
                if attr is None:
                    continue
                if not hasattr(self, attr):
                    raise AttributeError(f"TypeChecker has no cache {attr!r}: update bench/ablation.py")
                setattr(self, attr, _REPLACEMENTS[n]() if attr == n else getattr(self, n))

    __init__._bench_ablation = names  # type: ignore[attr-defined]
    cls.__init__ = __init__  # type: ignore[method-assign]


def check_applied(config: str) -> None:
    """Verify on a fresh `TypeChecker` that the ablation took effect (guards against the kernel
    renaming a cache, which would silently make the ablation measure nothing)."""
    from lantern.kernel import Environment, TypeChecker

    if config == NO_GC:
        import gc

        if gc.isenabled():
            raise RuntimeError("cyclic GC still enabled")
        return
    tc = TypeChecker(Environment(), shared_caches=True)
    if config == UNSHARED:
        if any(getattr(tc, twin) is not getattr(tc, n) for n, twin in CLOSED_TWIN.items()):
            raise RuntimeError("the closed-term caches are still shared")
        return
    for n in caches_of(config):
        twin = CLOSED_TWIN.get(n)
        if twin is not None and getattr(tc, twin) is not getattr(tc, n):
            raise RuntimeError(f"{twin} ablation not in effect")
        obj = getattr(tc, n)
        if n == "eqv":
            if type(obj).__name__ != "ForgetfulEquivManager":
                raise RuntimeError("eqv ablation not in effect")
        elif not isinstance(obj, (ForgetfulDict, ForgetfulSet)):
            raise RuntimeError(f"{n} ablation not in effect")
