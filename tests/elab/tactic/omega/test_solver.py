"""The omega test on its own (no terms): refutations come with certificates that really refute, and
problems with integer solutions are never refuted."""

from __future__ import annotations

import itertools
import random

import pytest

from lantern.elab.tactic.omega import solver as S
from lantern.elab.tactic.omega.farkas import certificate


def ineq(i: int, coeffs: tuple[int, ...], const: int) -> S.Ineq:
    return S.Ineq(coeffs, const, S.Assume(i))


def evaluate(j: S.Just, facts: list[S.Ineq]) -> tuple[tuple[int, ...], int]:
    """What a certificate proves, by the rules the lemmas of `Omega.ltn` allow."""
    if isinstance(j, S.Assume):
        f = facts[j.index]
        return f.coeffs, f.const
    if isinstance(j, S.Combo):
        assert j.a >= 0 and j.b >= 0
        (c1, k1), (c2, k2) = evaluate(j.left, facts), evaluate(j.right, facts)
        return tuple(j.a * x + j.b * y for x, y in zip(c1, c2)), j.a * k1 + j.b * k2
    c, k = evaluate(j.just, facts)
    assert j.g > 1 and all(x % j.g == 0 for x in c)
    return tuple(x // j.g for x in c), k // j.g


def refutes(nvars: int, facts: list[S.Ineq]) -> bool:
    try:
        unsat = S.solve(nvars, list(facts))
    except S.Unknown:
        return False
    coeffs, const = evaluate(unsat.just, facts)
    assert all(c == 0 for c in coeffs) and const < 0, (coeffs, const)
    return True


def test_contradictory_bounds() -> None:
    # x ≥ 3, x ≤ 2
    assert refutes(1, [ineq(0, (1,), -3), ineq(1, (-1,), 2)])


def test_integrality_by_tightening() -> None:
    # 2x ≥ 1 and 2x ≤ 1 have the rational solution x = 1/2 only.
    assert refutes(1, [ineq(0, (2,), -1), ineq(1, (-2,), 1)])


def test_parity() -> None:
    # 2x - 2y = 1 (as two inequalities)
    assert refutes(2, [ineq(0, (2, -2), -1), ineq(1, (-2, 2), 1)])


def test_fourier_motzkin_chain() -> None:
    # x ≤ y, y ≤ z, z ≤ x - 1
    facts = [ineq(0, (-1, 1, 0), 0), ineq(1, (0, -1, 1), 0), ineq(2, (1, 0, -1), -1)]
    assert refutes(3, facts)


def test_satisfiable_is_not_refuted() -> None:
    facts = [ineq(0, (1, 0), 0), ineq(1, (0, 1), 0), ineq(2, (-1, -1), 5)]
    with pytest.raises(S.Unknown) as e:
        S.solve(2, facts)
    assert e.value.constraints


def test_equality_elimination() -> None:
    # x + y = 5 (two halves), x - y = 1, then x ≤ 2 is contradictory (x = 3).
    facts = [ineq(0, (1, 1), -5), ineq(1, (-1, -1), 5), ineq(2, (1, -1), -1), ineq(3, (-1, 1), 1), ineq(4, (-1, 0), 2)]
    assert refutes(2, facts)


def test_farkas_certificate() -> None:
    rows = [((1, 1), -3), ((-1, 0), 1), ((0, -1), 1)]  # x + y ≥ 3, x ≤ 1, y ≤ 1
    lam = certificate(rows)
    assert lam is not None and all(l >= 0 for l in lam)
    assert certificate([((1,), 0), ((-1,), 5)]) is None


def brute_force_has_solution(nvars: int, facts: list[S.Ineq], box: int) -> bool:
    for x in itertools.product(range(-box, box + 1), repeat=nvars):
        if all(sum(c * v for c, v in zip(f.coeffs, x)) + f.const >= 0 for f in facts):
            return True
    return False


@pytest.mark.parametrize("seed", range(60))
def test_random_small_problems_are_sound(seed: int) -> None:
    """Whatever the solver refutes has no integer solution (checked in a box that contains every
    solution, since each variable is bounded by the constraints added here)."""
    rng = random.Random(seed)
    n = rng.randint(1, 3)
    facts = [ineq(i, tuple(1 if j == i else 0 for j in range(n)), 4) for i in range(n)]  # xᵢ ≥ -4
    facts += [ineq(n + i, tuple(-1 if j == i else 0 for j in range(n)), 4) for i in range(n)]  # xᵢ ≤ 4
    for k in range(rng.randint(1, 4)):
        coeffs = tuple(rng.randint(-3, 3) for _ in range(n))
        facts.append(ineq(len(facts), coeffs, rng.randint(-6, 6)))
    if refutes(n, facts):
        assert not brute_force_has_solution(n, facts, 4)
