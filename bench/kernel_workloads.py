"""Workloads of the trusted kernel (`lantern.kernel`).

- `kernel.lean_export`: re-check the real Lean 4 export `examples/Nat.add_succ.ndjson` with
  `load_export` (a fresh environment each run, in a warm interpreter);
- `kernel.lean_export.process`: the same through `python -m lantern check-export`, a fresh process
  each run (interpreter start-up and imports included);
- `kernel.import.process`: a fresh process that only imports the kernel (subtract it from the above);
- `kernel.synthetic.*`: declarations generated with the kernel API (see `kernel_synthetic.py`),
  checked into a fresh copy of a small prelude environment (Nat, Eq, Nat.add) each run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import Any, Callable

from .registry import REPO_ROOT, workload

LEAN_EXPORT = os.path.join(REPO_ROOT, "examples", "Nat.add_succ.ndjson")

GROWTH = (250, 500, 1000, 2000, 4000)  # declarations
TERM_GROWTH = (625, 1250, 2500, 5000, 10000)  # nodes / depth of one term
SMOKE_DECLS = 20


# ---------------------------------------------------------------------------------------------
# The real export.


@workload("kernel.lean_export", unit="declaration", ablation_sizes=(None,))
def lean_export(size: int | None) -> Callable[[], dict[str, Any]]:
    """load_export of the real Lean 4 export examples/Nat.add_succ.ndjson (Nat, Eq, Nat.add, …,
    theorem Nat.add_succ): parse and re-check every declaration into a fresh environment."""
    from lantern.kernel.export_reader import load_export

    def run() -> dict[str, Any]:
        r = load_export(LEAN_EXPORT)
        return {"units": r.declarations, "declarations": r.declarations, "constants": len(r.env)}

    return run


_ACCEPTED = re.compile(r"accepted: (\d+) declarations, (\d+) constants")


@workload("kernel.lean_export.process", unit="declaration", max_reps=10)
def lean_export_process(size: int | None) -> Callable[[], dict[str, Any]]:
    """`python -m lantern check-export examples/Nat.add_succ.ndjson` in a fresh process each run:
    cold interpreter, imports, parsing and checking."""
    cmd = [sys.executable, "-m", "lantern", "check-export", LEAN_EXPORT]

    def run() -> dict[str, Any]:
        p = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO_ROOT)
        m = _ACCEPTED.search(p.stdout)
        if p.returncode != 0 or m is None:
            raise RuntimeError(f"check-export failed (exit {p.returncode}): {p.stdout}{p.stderr}")
        return {"units": int(m.group(1)), "declarations": int(m.group(1)), "constants": int(m.group(2))}

    return run


@workload("kernel.import.process", max_reps=10)
def import_process(size: int | None) -> Callable[[], None]:
    """A fresh process that only imports lantern.kernel.export_reader: the start-up cost included in
    kernel.lean_export.process."""
    cmd = [sys.executable, "-c", "import lantern.kernel.export_reader"]

    def run() -> None:
        subprocess.run(cmd, check=True, cwd=REPO_ROOT)

    return run


# ---------------------------------------------------------------------------------------------
# Synthetic declarations.


def _synthetic(generator_name: str) -> Callable[[int | None], Callable[[], dict[str, Any]]]:
    def prepare(size: int | None) -> Callable[[], dict[str, Any]]:
        from . import kernel_synthetic as S

        assert size is not None
        base = S.prelude()
        decls = getattr(S, generator_name)(size)

        def run() -> dict[str, Any]:
            env = S.check_all(base, decls)
            return {"declarations": len(decls), "constants": len(env) - len(base)}

        return run

    return prepare


def _register_synthetic(
    name: str, generator: str, description: str, *, sizes: tuple[int, ...], unit: str, smoke: int, ablation: tuple[int, ...] = ()
) -> None:
    workload(
        f"kernel.synthetic.{name}",
        description=description,
        sizes=sizes,
        smoke_size=smoke,
        unit=unit,
        ablation_sizes=ablation,
    )(_synthetic(generator))


_register_synthetic(
    "def_chain",
    "def_chain",
    "(a) N definitions, each using the previous one: def f{i} (x : Nat) : Nat := Nat.add (f{i-1} x) 1.",
    sizes=GROWTH,
    unit="declaration",
    smoke=SMOKE_DECLS,
    ablation=(1000,),
)
_register_synthetic(
    "refl_lit",
    "refl_lit",
    "(b) N theorems Nat.add i 1 = Nat.succ i := Eq.refl _ on literals i < N (the Nat literal extension computes).",
    sizes=GROWTH,
    unit="declaration",
    smoke=SMOKE_DECLS,
    ablation=(1000,),
)
_register_synthetic(
    "refl_succ",
    "refl_succ",
    "(b) N theorems Synth.add (succ^k 0) (succ^m 0) = succ^(k+m) 0 := Eq.refl _, k = i mod 64, m = 1 + i mod 8; "
    "Synth.add is Nat.add's definition by Nat.rec under a name the literal extension ignores (delta + iota).",
    sizes=GROWTH,
    unit="declaration",
    smoke=SMOKE_DECLS,
    ablation=(1000,),
)
_register_synthetic(
    "inductives",
    "inductives",
    "(c) N small inductive types cycling through an enumeration, a List-like type, a Prod-like structure "
    "and a Nat-indexed Vector-like family; the kernel checks them and generates their recursors.",
    sizes=GROWTH,
    unit="declaration",
    smoke=SMOKE_DECLS,
    ablation=(1000,),
)
_register_synthetic(
    "app_spine",
    "app_spine",
    "(d) axiom g : Nat → … → Nat (N arrows) and def x : Nat := g 0 1 … (N-1): an application spine of length N.",
    sizes=TERM_GROWTH,
    unit="argument",
    smoke=100,
)
_register_synthetic(
    "binder_chain",
    "binder_chain",
    "(d) def K : (α : Type) → α → … → α := fun α x₁ … x_N => x₁: a chain of N dependent binders.",
    sizes=TERM_GROWTH,
    unit="binder",
    smoke=100,
)
_register_synthetic(
    "deep_app",
    "deep_app",
    "(d) def deep (f : Nat → Nat) (x : Nat) : Nat := f (f (… (f x))) nested N deep "
    "(beyond Python's recursion limit: the kernel retries on a deep-stack thread).",
    sizes=TERM_GROWTH,
    unit="level of nesting",
    smoke=2000,
)
_register_synthetic(
    "deep_numeral",
    "deep_numeral",
    "(d) def num : Nat := succ^N zero; theorem : num = N := Eq.refl _ "
    "(the kernel turns N nested Nat.succ into a literal).",
    sizes=TERM_GROWTH,
    unit="level of nesting",
    smoke=2000,
)
_register_synthetic(
    "shared_dag",
    "shared_dag",
    "(d) def dag (f : Nat → Nat → Nat) (x : Nat) : Nat := e_N with e₀ = x, e_{k+1} = f e_k e_k sharing "
    "the two arguments: N nodes as a DAG, 2^N as a tree (what the caches are for).",
    sizes=TERM_GROWTH,
    unit="node",
    smoke=12,
    ablation=(18,),
)
_register_synthetic(
    "dag_copies",
    "dag_copies",
    "(d) theorem : A = B := Eq.refl A with A, B two separately built copies of the N-level shared DAG "
    "e_{k+1} = Synth.add e_k e_k: equal, not identical (structural comparison of DAGs).",
    sizes=(4, 8, 16),
    unit="level",
    smoke=4,
)
