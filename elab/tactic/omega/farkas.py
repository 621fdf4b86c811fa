"""Farkas certificates by linear programming: a fast path for problems with no rational solution.

Fourier–Motzkin elimination can produce exponentially many constraints on dense systems, although a
system `aᵢ·x + bᵢ ≥ 0` without rational solutions always has a short refutation: by Farkas' lemma
there are `λᵢ ≥ 0` with `Σ λᵢ·aᵢ = 0` and `Σ λᵢ·bᵢ < 0`. This module finds such `λ` with the simplex
method in exact rational arithmetic (Bland's rule, so it terminates), solving

    minimise Σ λᵢ·bᵢ   subject to   Σ λᵢ·aᵢ = 0,  Σ λᵢ = 1,  λ ≥ 0.

A negative optimum is a refutation (scaled to integers); otherwise the system has a rational solution
and only integer reasoning (the omega test's tightening) can refute it.
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm
from typing import Sequence

#: Give up on (rare) very long simplex runs; the omega test still runs afterwards.
MAX_PIVOTS = 2000


def certificate(rows: Sequence[tuple[Sequence[int], int]]) -> list[int] | None:
    """Nonnegative integers `λ` (one per row `(a, b)`, meaning `a·x + b ≥ 0`) with `Σ λ·a = 0` and
    `Σ λ·b < 0`, or None if there are none (the rows have a rational solution)."""
    if not rows:
        return None
    n = len(rows)
    nvars = len(rows[0][0])
    # Equality rows: one per variable (Σ λᵢ aᵢⱼ = 0) and the normalisation Σ λᵢ = 1.
    eqs = [[Fraction(rows[i][0][j]) for i in range(n)] for j in range(nvars) if any(r[0][j] for r in rows)]
    rhs = [Fraction(0)] * len(eqs)
    eqs.append([Fraction(1)] * n)
    rhs.append(Fraction(1))
    cost = [Fraction(r[1]) for r in rows]
    x = simplex(eqs, rhs, cost)
    if x is None:
        return None
    value = sum(c * v for c, v in zip(cost, x))
    if value >= 0:
        return None
    scale = lcm(*(v.denominator for v in x))
    lam = [int(v * scale) for v in x]
    assert all(sum(l * r[0][j] for l, r in zip(lam, rows)) == 0 for j in range(nvars))
    assert sum(l * r[1] for l, r in zip(lam, rows)) < 0
    return lam


def simplex(A: list[list[Fraction]], b: list[Fraction], c: list[Fraction]) -> list[Fraction] | None:
    """An optimal solution of `min c·x, A x = b, x ≥ 0` (two phases), None if infeasible or too long."""
    m, n = len(A), len(A[0])
    # Make b ≥ 0, then phase 1 with one artificial variable per row.
    rows = []
    for i in range(m):
        sign = -1 if b[i] < 0 else 1
        rows.append([sign * a for a in A[i]] + [Fraction(1) if k == i else Fraction(0) for k in range(m)] + [sign * b[i]])
    basis = [n + i for i in range(m)]
    phase1 = [Fraction(0)] * n + [Fraction(1)] * m
    if not run(rows, basis, phase1, n + m):
        return None
    if sum(rows[i][-1] for i in range(m) if basis[i] >= n) != 0:
        return None  # infeasible
    # Drive artificial variables out of the basis where possible.
    for i in range(m):
        if basis[i] >= n:
            j = next((j for j in range(n) if rows[i][j] != 0), None)
            if j is not None:
                pivot(rows, basis, i, j)
    # Phase 2 over the original columns only (artificial columns fixed at 0).
    for row in rows:
        for k in range(n, n + m):
            row[k] = Fraction(0)
    if not run(rows, basis, list(c) + [Fraction(0)] * m, n):
        return None
    x = [Fraction(0)] * n
    for i, j in enumerate(basis):
        if j < n:
            x[j] = rows[i][-1]
    return x


def run(rows: list[list[Fraction]], basis: list[int], cost: list[Fraction], ncols: int) -> bool:
    """Minimise `cost` from the feasible basis; False if it took too long. (Unboundedness cannot occur
    here: Σ λ = 1 bounds every variable.)"""
    for _ in range(MAX_PIVOTS):
        # Reduced costs: cost_j - c_B · column_j.
        entering = None
        for j in range(ncols):
            if j in basis:
                continue
            r = cost[j] - sum(cost[basis[i]] * rows[i][j] for i in range(len(rows)))
            if r < 0:
                entering = j  # Bland: the first improving column
                break
        if entering is None:
            return True
        best = None
        for i, row in enumerate(rows):
            if row[entering] > 0:
                ratio = row[-1] / row[entering]
                if best is None or ratio < best[0] or (ratio == best[0] and basis[i] < basis[best[1]]):
                    best = (ratio, i)
        if best is None:
            return False
        pivot(rows, basis, best[1], entering)
    return False


def pivot(rows: list[list[Fraction]], basis: list[int], i: int, j: int) -> None:
    p = rows[i][j]
    rows[i] = [v / p for v in rows[i]]
    for k, row in enumerate(rows):
        if k != i and row[j] != 0:
            f = row[j]
            rows[k] = [a - f * b for a, b in zip(row, rows[i])]
    basis[i] = j
