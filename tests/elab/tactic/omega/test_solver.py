"""The omega test on its own (no terms): refutations come with certificates that really refute (each
step checked by the rules the lemmas of `Omega.ltn` allow, case splits included), problems with
integer solutions are never refuted, and the solutions reported are solutions."""

from __future__ import annotations

import itertools
import random

import pytest

from lantern.elab.tactic.omega import omega_test
from lantern.elab.tactic.omega import solver as S
from lantern.elab.tactic.omega.farkas import certificate


class Facts:
    """Input constraints, and the facts about the variables the solver introduces (`new_var`): the
    variable `σ = ⌊T / m⌋` with `T - m·σ ≥ 0` and `m·σ + m - 1 - T ≥ 0`."""

    def __init__(self, nvars: int, constraints: list[tuple[tuple[int, ...], int]], eqs: list[tuple[tuple[int, ...], int]] = ()):
        self.nvars = nvars
        self.facts: list[S.Ineq] = []
        for coeffs, const in constraints:
            self.add(coeffs, const)
        for coeffs, const in eqs:
            self.add(coeffs, const)
            self.add(S.negate(coeffs), -const)
        self.inputs = list(self.facts)
        self.defs: list[tuple[int, S.Coeffs, int, int]] = []  # (σ, T's coefficients, T's constant, m)
        self.made: dict[tuple[S.Coeffs, int, int], tuple[int, S.Ineq, S.Ineq]] = {}

    def add(self, coeffs: tuple[int, ...], const: int) -> S.Ineq:
        f = S.Ineq(S.strip(coeffs), const, S.Assume(len(self.facts)))
        self.facts.append(f)
        return f

    def new_var(self, coeffs: S.Coeffs, const: int, m: int) -> tuple[int, S.Ineq, S.Ineq]:
        """The same variable for the same `(T, m)`, as the tactic's atoms are."""
        done = self.made.get((coeffs, const, m))
        if done is None:
            v = self.nvars + len(self.defs)
            self.defs.append((v, coeffs, const, m))
            below = self.add(S.lin(1, coeffs, -m, S.unit(v)), const)
            above = self.add(S.lin(m, S.unit(v), -1, coeffs), m - 1 - const)
            done = self.made[(coeffs, const, m)] = (v, below, above)
        return done

    def solve(self) -> S.Certificate:
        return S.solve(self.nvars, list(self.inputs), self.new_var)


def evaluate(j: S.Just, facts: list[S.Ineq], hyps: frozenset) -> tuple[S.Coeffs, int]:
    """What a justification proves, by the rules the lemmas of `Omega.ltn` allow."""
    if isinstance(j, S.Assume):
        f = facts[j.index]
        return f.coeffs, f.const
    if isinstance(j, S.Hyp):
        assert j in hyps, "a case-split hypothesis used outside its branch"
        return j.coeffs, j.const
    if isinstance(j, S.Combo):
        assert j.a >= 0 and j.b >= 0
        (c1, k1), (c2, k2) = evaluate(j.left, facts, hyps), evaluate(j.right, facts, hyps)
        return S.lin(j.a, c1, j.b, c2), j.a * k1 + j.b * k2
    c, k = evaluate(j.just, facts, hyps)
    assert j.g > 1 and all(x % j.g == 0 for x in c)
    return tuple(x // j.g for x in c), k // j.g


def check(cert: S.Certificate, facts: list[S.Ineq], hyps: frozenset = frozenset()) -> int:
    """Check a refutation; the number of branches it has."""
    if isinstance(cert, S.Unsat):
        coeffs, const = evaluate(cert.just, facts, hyps)
        assert coeffs == () and const < 0, (coeffs, const)
        return 1
    assert (cert.below.coeffs, cert.below.const) == (S.negate(cert.coeffs), -cert.const - 1)
    assert (cert.above.coeffs, cert.above.const) == (cert.coeffs, cert.const)
    return check(cert.left, facts, hyps | {cert.below}) + check(cert.right, facts, hyps | {cert.above})


def outcome(problem: Facts) -> tuple[bool, int]:
    """(refuted, branches); a refutation is checked, a solution is checked against the inputs."""
    try:
        cert = problem.solve()
    except S.Unknown as e:
        assert e.solution is not None, e.reason
        for f in problem.inputs:
            assert sum(c * e.solution.get(v, 0) for v, c in enumerate(f.coeffs)) + f.const >= 0
        return False, 0
    return True, check(cert, problem.facts)


def refutes(nvars: int, constraints: list[tuple[tuple[int, ...], int]], eqs: list = ()) -> bool:
    return outcome(Facts(nvars, constraints, eqs))[0]


def brute_force(nvars: int, constraints, eqs=(), box: int = 4) -> bool:
    for x in itertools.product(range(-box, box + 1), repeat=nvars):
        if all(sum(c * v for c, v in zip(coeffs, x)) + k >= 0 for coeffs, k in constraints) and \
                all(sum(c * v for c, v in zip(coeffs, x)) + k == 0 for coeffs, k in eqs):
            return True
    return False


def test_contradictory_bounds() -> None:
    assert refutes(1, [((1,), -3), ((-1,), 2)])  # x ≥ 3, x ≤ 2


def test_integrality_by_tightening() -> None:
    assert refutes(1, [((2,), -1), ((-2,), 1)])  # 2x = 1


def test_parity() -> None:
    assert refutes(2, [], [((2, -2), 1)])  # 2x - 2y + 1 = 0


def test_fourier_motzkin_chain() -> None:
    assert refutes(3, [((-1, 1, 0), 0), ((0, -1, 1), 0), ((1, 0, -1), -1)])  # x ≤ y ≤ z ≤ x - 1


def test_satisfiable_gives_a_solution() -> None:
    with pytest.raises(S.Unknown) as e:
        Facts(2, [((1, 0), 0), ((0, 1), 0), ((-1, -1), 5)]).solve()
    assert e.value.constraints and e.value.solution is not None


def test_equality_elimination() -> None:
    # x + y = 5, x - y = 1, x ≤ 2 (x = 3)
    assert refutes(2, [((-1, 0), 2)], [((1, 1), -5), ((1, -1), -1)])


def test_equality_without_unit_coefficient() -> None:
    # 3x + 5y = 1 has integer solutions (x = 2, y = -1); with x ≥ 0, y ≥ 0 it has none.
    assert not refutes(2, [], [((3, 5), -1)])
    assert refutes(2, [((1, 0), 0), ((0, 1), 0)], [((3, 5), -1)])
    # 6x + 10y + 15z = 1 has solutions; 6x + 10y = 3 has none (gcd 2).
    assert not refutes(3, [], [((6, 10, 15), -1)])
    assert refutes(2, [], [((6, 10), -3)])
    # 7x + 12y = 5 and 0 ≤ x ≤ 3 forces x = -1 (mod 12): none.
    assert refutes(2, [((1, 0), 0), ((-1, 0), 3)], [((7, 12), -5)])


def test_gap_needs_the_grey_shadow() -> None:
    # 4 ≤ 3x ≤ 5: the real shadow is feasible, there is no integer.
    refuted, branches = outcome(Facts(1, [((3,), -4), ((-3,), 5)]))
    assert refuted and branches == 1  # tightening alone: x ≥ 2, x ≤ 1
    # 1 ≤ 3x - 3y ≤ 2 with x, y bounded, and a non-trivial gap in two variables:
    # 2 ≤ 3x + 4y ≤ 2 … (an equality without unit coefficient) and 2x + 3y ≥ 1, x ≤ 0, y ≤ 0.
    assert refutes(2, [((2, 3), -1), ((-1, 0), 0), ((0, -1), 0)], [((3, 4), -2)])


def test_pugh_example() -> None:
    """27 ≤ 11x + 13y ≤ 45, -10 ≤ 7x - 9y ≤ 4 (Pugh 1991): real solutions, no integer ones."""
    constraints = [((11, 13), -27), ((-11, -13), 45), ((7, -9), 10), ((-7, 9), 4)]
    assert not brute_force(2, constraints, box=20)  # every solution has |x|, |y| ≤ 20
    from fractions import Fraction
    # a rational solution: 11x + 13y = 36, 7x - 9y = -3
    det = 11 * -9 - 13 * 7
    x, y = Fraction(36 * -9 - 13 * -3, det), Fraction(11 * -3 - 7 * 36, det)
    assert 27 <= 11 * x + 13 * y <= 45 and -10 <= 7 * x - 9 * y <= 4
    refuted, branches = outcome(Facts(2, constraints))
    assert refuted and branches > 1  # it needed the grey shadow


def test_farkas_certificate() -> None:
    rows = [((1, 1), -3), ((-1, 0), 1), ((0, -1), 1)]  # x + y ≥ 3, x ≤ 1, y ≤ 1
    lam = certificate(rows)
    assert lam is not None and all(l >= 0 for l in lam)
    assert certificate([((1,), 0), ((-1,), 5)]) is None


def test_bmod() -> None:
    assert [omega_test.bmod(x, 4) for x in range(-4, 5)] == [0, 1, -2, -1, 0, 1, -2, -1, 0]
    assert [omega_test.bmod(x, 5) for x in range(0, 5)] == [0, 1, 2, -2, -1]


def test_budget_gives_up_with_the_problem() -> None:
    saved = omega_test.BUDGET
    omega_test.BUDGET = 5
    try:
        with pytest.raises(S.Unknown) as e:
            Facts(2, [((11, 13), -27), ((-11, -13), 45), ((7, -9), 10), ((-7, 9), 4)]).solve()
        assert e.value.solution is None and "budget" in e.value.reason
    finally:
        omega_test.BUDGET = saved


def random_problem(seed: int, max_coeff: int) -> tuple[int, list, list]:
    rng = random.Random(seed)
    n = rng.randint(1, 3)
    constraints = [(tuple(1 if j == i else 0 for j in range(n)), 4) for i in range(n)]  # xᵢ ≥ -4
    constraints += [(tuple(-1 if j == i else 0 for j in range(n)), 4) for i in range(n)]  # xᵢ ≤ 4
    for _ in range(rng.randint(1, 4)):
        constraints.append((tuple(rng.randint(-max_coeff, max_coeff) for _ in range(n)), rng.randint(-12, 12)))
    eqs = []
    if rng.random() < 0.4:
        eqs.append((tuple(rng.randint(-max_coeff, max_coeff) for _ in range(n)), rng.randint(-8, 8)))
    return n, constraints, eqs


@pytest.mark.parametrize("seed", range(300))
def test_random_small_problems_agree_with_brute_force(seed: int) -> None:
    """Whatever the solver refutes has no integer solution in the box (which contains every solution,
    since each variable is bounded by the constraints added here), and whatever it does not refute
    comes with a solution; so on these problems it decides exactly what brute force decides."""
    n, constraints, eqs = random_problem(seed, max_coeff=3 if seed % 2 else 7)
    refuted, _ = outcome(Facts(n, constraints, eqs))
    assert refuted == (not brute_force(n, constraints, eqs))
