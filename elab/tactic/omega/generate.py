"""Generated `omega` problems, for benchmarks: linear systems over `Nat` or `Int` with `k` variables
and `m` hypotheses, provable or not, reproducible from a seed.

`problem(k, m, ty="Nat", provable=True, seed=0)` returns the source of one theorem
`theorem <name> (x1 … xk : ty) (h1 : …) … (hm : …) : goal := by omega`:

- the hypotheses are random inequalities `Σ aᵢⱼ·xⱼ ≤ bᵢ` (coefficients in `[-max_coeff, max_coeff]`;
  on `Nat` the negative terms are written on the other side), all satisfied by a random point `x*`;
- a *provable* goal is a nonnegative combination `Σ λᵢ·(Σ aᵢⱼ·xⱼ) ≤ Σ λᵢ·bᵢ` of the hypotheses
  (valid by Farkas' lemma, so `omega`'s Fourier–Motzkin finds it), stated with the combined
  coefficients;
- an *unprovable* goal is an inequality that `x*` violates, so `omega` must fail with a
  counterexample message.

`problems(sizes, …)` joins several into one file; `expected_errors(text)` counts the theorems meant to
fail. Every generated theorem is checked by the kernel like any other when `omega` succeeds.
"""

from __future__ import annotations

import random
from typing import Iterable, Sequence


def problem(k: int, m: int, ty: str = "Nat", provable: bool = True, seed: int = 0, max_coeff: int = 5,
            name: str | None = None) -> str:
    """The source of one generated theorem (see the module docstring)."""
    if ty not in ("Nat", "Int"):
        raise ValueError("ty must be 'Nat' or 'Int'")
    rng = random.Random(f"{k}/{m}/{ty}/{provable}/{seed}/{max_coeff}")
    lo = 0 if ty == "Nat" else -10
    point = [rng.randint(lo, 10) for _ in range(k)]
    rows: list[tuple[list[int], int]] = []
    for _ in range(m):
        coeffs = [rng.randint(-max_coeff, max_coeff) for _ in range(k)]
        if not any(coeffs):
            coeffs[rng.randrange(k)] = 1
        bound = dot(coeffs, point) + rng.randint(0, 3)
        rows.append((coeffs, bound))
    if provable:
        weights = [rng.randint(0, 2) for _ in range(m)]
        if m and not any(weights):
            weights[0] = 1
        goal_coeffs = [sum(w * row[0][j] for w, row in zip(weights, rows)) for j in range(k)]
        goal_bound = sum(w * row[1] for w, row in zip(weights, rows)) + rng.randint(0, 2)
    else:
        goal_coeffs = [rng.randint(-max_coeff, max_coeff) for _ in range(k)]
        if not any(goal_coeffs):
            goal_coeffs[0] = 1
        goal_bound = dot(goal_coeffs, point) - 1 - rng.randint(0, 3)  # x* violates it
    xs = [f"x{j + 1}" for j in range(k)]
    hyps = " ".join(f"(h{i + 1} : {inequality(c, b, xs, ty)})" for i, (c, b) in enumerate(rows))
    name = name or f"omega_{ty.lower()}_{k}_{m}_{'ok' if provable else 'bad'}_{seed}"
    binders = f"({' '.join(xs)} : {ty})" if k else ""
    return f"theorem {name} {binders} {hyps} : {inequality(goal_coeffs, goal_bound, xs, ty)} := by omega\n"


def problems(sizes: Iterable[tuple[int, int]], ty: str = "Nat", seed: int = 0, both: bool = True, **kw: int) -> str:
    """Several problems in one file: for each `(k, m)`, a provable one and (if `both`) an unprovable one,
    each preceded by `-- expect error` when it is meant to fail."""
    out = []
    for k, m in sizes:
        out.append(problem(k, m, ty, True, seed, **kw))
        if both:
            out.append("-- expect error\n" + problem(k, m, ty, False, seed, **kw))
    return "\n".join(out)


def expected_errors(text: str) -> int:
    return text.count("-- expect error")


def dot(a: Sequence[int], b: Sequence[int]) -> int:
    return sum(x * y for x, y in zip(a, b))


def inequality(coeffs: Sequence[int], bound: int, xs: Sequence[str], ty: str) -> str:
    """`Σ cⱼ·xⱼ ≤ bound`, written for `ty`: on `Nat` every term is on the side where it is positive."""
    if ty == "Int":
        return f"{linear(coeffs, xs, 0, signed=True)} ≤ {bound}"
    left = linear([max(c, 0) for c in coeffs], xs, max(-bound, 0))
    right = linear([max(-c, 0) for c in coeffs], xs, max(bound, 0))
    return f"{left} ≤ {right}"


def linear(coeffs: Sequence[int], xs: Sequence[str], const: int, signed: bool = False) -> str:
    parts: list[str] = []
    for c, x in zip(coeffs, xs):
        if c == 0:
            continue
        term = x if abs(c) == 1 else f"{abs(c)} * {x}"
        if not parts:
            parts.append(term if c > 0 else (f"-{term}" if abs(c) == 1 else f"-{abs(c)} * {x}"))
        else:
            parts.append(f"+ {term}" if c > 0 else f"- {term}")
    if const or not parts:
        parts.append(f"+ {const}" if parts else str(const))
    return " ".join(parts)
