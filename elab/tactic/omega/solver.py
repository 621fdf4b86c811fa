"""The omega test over the integers, with a certificate for every refutation (Pugh's omega test).

A problem is a set of constraints `Σ cᵢ·xᵢ + k ≥ 0` and `Σ cᵢ·xᵢ + k = 0` over integer variables.
Every constraint carries a `Just`ification saying how it follows from the input facts, using only
rules that have a lemma in `Omega.ltn`:

- `Combo(a, j₁, b, j₂)`: `a·C₁ + b·C₂ ≥ 0` from `C₁ ≥ 0`, `C₂ ≥ 0`, for natural `a`, `b`;
- `Tighten(j, g)`: `C/g ≥ 0` (constant rounded down) from `C ≥ 0` when `g` divides every coefficient;
- `Assume(i)`: the `i`-th input constraint (or a fact about a variable the procedure introduced);
- `Hyp`: the hypothesis of one side of a case split (valid only inside that side).

An equality is kept as the pair of inequalities `C ≥ 0` and `-C ≥ 0`, each with its own
justification. A refutation (`Certificate`) is either `Unsat` (one justified constraint `k ≥ 0` with
`k < 0`) or a `Split` on a constraint `C`: `C ≤ -1` in one branch, `C ≥ 0` in the other, each
refuted in turn. The procedure itself (equalities, Fourier–Motzkin with the dark and grey shadows) is
in `omega_test.py`; this module has the data and the normalisation of constraints.

A justified constraint may be *stronger* than the one the solver works with (a smaller constant):
the dark shadow is justified by combinations whose constants are at most the dark shadow's. Every rule
is monotone in the constants, so a refutation stays a refutation.

Coefficient vectors are tuples without trailing zeros, so that introducing a variable (for an
equality without a unit coefficient) never changes the others.
"""

from __future__ import annotations

from math import gcd
from typing import Callable, Union

from lantern.kernel.record import field, record

Coeffs = tuple[int, ...]

#: Give up on a problem with more constraints than this (Fourier–Motzkin can grow exponentially).
MAX_CONSTRAINTS = 2000


@record(frozen=True, eq=False)
class Assume:
    index: int


@record(frozen=True, eq=False)
class Combo:
    a: int
    left: "Just"
    b: int
    right: "Just"


@record(frozen=True, eq=False)
class Tighten:
    just: "Just"
    g: int


@record(frozen=True, eq=False)
class Hyp:
    """The hypothesis `coeffs·x + const ≥ 0` of one branch of a `Split`."""

    coeffs: Coeffs
    const: int


Just = Union[Assume, Combo, Tighten, Hyp]


@record
class Ineq:
    """`coeffs · x + const ≥ 0`, justified by `just`."""

    coeffs: Coeffs
    const: int
    just: Just


@record
class Eq:
    """`coeffs · x + const = 0`: `pos` justifies `≥ 0`, `neg` justifies `-(…) ≥ 0`."""

    coeffs: Coeffs
    const: int
    pos: Just
    neg: Just


@record
class Unsat:
    """The problem has no solution: `just` proves `const ≥ 0` with `const < 0` (or a stronger
    constraint)."""

    just: Just
    const: int


@record(eq=False)
class Split:
    """`C = coeffs·x + const`: the branch `left` refutes the problem with `below : -C - 1 ≥ 0`, the
    branch `right` with `above : C ≥ 0`."""

    coeffs: Coeffs
    const: int
    below: Hyp
    above: Hyp
    left: "Certificate"
    right: "Certificate"


Certificate = Union[Unsat, Split]


@record
class Solution:
    """An integer solution: the value of every variable (absent ones are 0)."""

    values: dict[int, int] = field(default_factory=dict)

    def value(self, coeffs: Coeffs, const: int) -> int:
        return const + sum(c * self.values.get(v, 0) for v, c in enumerate(coeffs) if c)


class Unknown(Exception):
    """No refutation: `constraints` is the problem that was left (after the equalities with a unit
    coefficient), to show in the error message; `solution` is an integer solution of the input
    constraints when the procedure found one (checked), None when it gave up."""

    def __init__(self, constraints: list["Ineq | Eq"], reason: str = "", solution: dict[int, int] | None = None) -> None:
        super().__init__(reason)
        self.constraints = constraints
        self.reason = reason
        self.solution = solution


#: `new_var(coeffs, const, m)`: a new variable `σ` standing for `⌊(coeffs·x + const) / m⌋`, with the two
#: facts `T - m·σ ≥ 0` and `m·σ + m - 1 - T ≥ 0` (`T = coeffs·x + const`), justified.
NewVar = Callable[[Coeffs, int, int], tuple[int, Ineq, Ineq]]


# -- coefficient vectors ------------------------------------------------------------------------------


def strip(xs: "list[int] | tuple[int, ...]") -> Coeffs:
    n = len(xs)
    while n and xs[n - 1] == 0:
        n -= 1
    return tuple(xs[:n])


def get(c: Coeffs, v: int) -> int:
    return c[v] if v < len(c) else 0


def lin(a: int, x: Coeffs, b: int, y: Coeffs) -> Coeffs:
    """`a·x + b·y`."""
    if len(x) < len(y):
        x = x + (0,) * (len(y) - len(x))
    elif len(y) < len(x):
        y = y + (0,) * (len(x) - len(y))
    return strip([a * p + b * q for p, q in zip(x, y)])


def negate(c: Coeffs) -> Coeffs:
    return tuple(-x for x in c)


def unit(v: int, k: int = 1) -> Coeffs:
    return (0,) * v + (k,)


def content(coeffs: Coeffs) -> int:
    g = 0
    for c in coeffs:
        g = gcd(g, c)
    return g


def combine(a: int, c1: Ineq, b: int, c2: Ineq) -> Ineq:
    return Ineq(lin(a, c1.coeffs, b, c2.coeffs), a * c1.const + b * c2.const, Combo(a, c1.just, b, c2.just))


def halves(e: Eq) -> tuple[Ineq, Ineq]:
    """An equality as its two inequalities."""
    return Ineq(e.coeffs, e.const, e.pos), Ineq(negate(e.coeffs), -e.const, e.neg)


# -- a problem ------------------------------------------------------------------------------------------


class GiveUp(Exception):
    """The work done exceeded the budget (the omega test is exponential in the worst case), or the
    problem needs a new variable and there is no `new_var`."""


class Meter:
    """The work done on one call of the procedure: every constraint added costs its length, so that
    the budget bounds the time whatever the size of the coefficients' vectors."""

    __slots__ = ("work", "budget")

    def __init__(self, budget: int) -> None:
        self.work = 0
        self.budget = budget

    def spend(self, n: int) -> None:
        self.work += n
        if self.work > self.budget:
            raise GiveUp("the omega test ran out of budget")


class Problem:
    """Normalised constraints: inequalities by coefficient vector (the strongest one), equalities
    (content 1), or the contradiction found while adding them. Problems derived from one another
    share a `Meter`."""

    __slots__ = ("ineqs", "eqs", "unsat", "meter")

    def __init__(self, meter: Meter) -> None:
        self.ineqs: dict[Coeffs, Ineq] = {}
        self.eqs: list[Eq] = []
        self.unsat: Unsat | None = None
        self.meter = meter

    def add(self, c: "Ineq | Eq") -> None:
        self.add_eq(c) if isinstance(c, Eq) else self.add_ineq(c)

    def add_ineq(self, c: Ineq) -> None:
        if self.unsat is not None:
            return
        self.meter.spend(len(c.coeffs) + 1)
        g = content(c.coeffs)
        if g == 0:
            if c.const < 0:
                self.unsat = Unsat(c.just, c.const)
            return
        if g > 1:
            c = Ineq(tuple(x // g for x in c.coeffs), c.const // g, Tighten(c.just, g))
        old = self.ineqs.get(c.coeffs)
        if old is not None and old.const <= c.const:
            return
        self.ineqs[c.coeffs] = c
        opposite = self.ineqs.get(negate(c.coeffs))
        if opposite is not None:
            total = c.const + opposite.const
            if total < 0:
                self.unsat = Unsat(Combo(1, c.just, 1, opposite.just), total)
            elif total == 0:
                self.add_eq(Eq(c.coeffs, c.const, c.just, opposite.just))

    def add_eq(self, e: Eq) -> None:
        if self.unsat is not None:
            return
        self.meter.spend(len(e.coeffs) + 1)
        g = content(e.coeffs)
        if g == 0:
            if e.const != 0:
                self.unsat = Unsat(e.pos if e.const < 0 else e.neg, -abs(e.const))
            return
        if e.const % g != 0:
            # `C/g ≥ ⌊k/g⌋` and `-C/g ≥ ⌊-k/g⌋` add up to `0 ≥ -1`.
            self.unsat = Unsat(Combo(1, Tighten(e.pos, g), 1, Tighten(e.neg, g)), -1)
            return
        if g > 1:
            e = Eq(tuple(x // g for x in e.coeffs), e.const // g, Tighten(e.pos, g), Tighten(e.neg, g))
        self.eqs.append(e)

    def constraints(self) -> list["Ineq | Eq"]:
        return [*self.ineqs.values(), *self.eqs]

    def substituted(self, e: Eq, j: int) -> "Problem":
        """The problem with `x_j` eliminated by the equality `e` (whose coefficient of `x_j` is ±1, so
        that the elimination is exact; `e` itself is left out)."""
        a = get(e.coeffs, j)
        scale, sign = abs(a), (1 if a > 0 else -1)
        pos, neg = halves(e)

        def eliminate_from(c: Ineq) -> Ineq:
            # scale·C - sign·d·E has no x_j (d the coefficient of x_j in C).
            m = -sign * get(c.coeffs, j)
            return combine(scale, c, m, pos) if m >= 0 else combine(scale, c, -m, neg)

        q = Problem(self.meter)
        for c in self.ineqs.values():
            q.add_ineq(eliminate_from(c) if get(c.coeffs, j) else c)
        for o in self.eqs:
            if o is e:
                continue
            if get(o.coeffs, j) == 0:
                q.add_eq(o)
                continue
            p, n = (eliminate_from(h) for h in halves(o))
            q.add_eq(Eq(p.coeffs, p.const, p.just, n.just))
        return q

    def bounds(self, v: int) -> tuple[list[Ineq], list[Ineq], list[Ineq]]:
        """The lower bounds of `x_v` (positive coefficient), its upper bounds and the other constraints."""
        lower, upper, rest = [], [], []
        for c in self.ineqs.values():
            k = get(c.coeffs, v)
            (lower if k > 0 else upper if k < 0 else rest).append(c)
        return lower, upper, rest

    def without(self, v: int) -> tuple["Problem", list[Ineq]]:
        """The constraints without `x_v` (a variable bounded on one side only), and those with it."""
        lower, upper, rest = self.bounds(v)
        q = Problem(self.meter)
        for c in rest:
            q.add_ineq(c)
        return q, lower + upper

    def real_shadow(self, v: int) -> tuple["Problem", list[Ineq], list[Ineq]]:
        """Fourier–Motzkin: every lower bound of `x_v` against every upper bound."""
        lower, upper, rest = self.bounds(v)
        q = Problem(self.meter)
        for c in rest:
            q.add_ineq(c)
        for lo in lower:
            for up in upper:
                q.add_ineq(combine(-get(up.coeffs, v), lo, get(lo.coeffs, v), up))
                if q.unsat is not None:
                    return q, lower, upper
        return q, lower, upper


def extend(v: int, constraints: list[Ineq], values: dict[int, int]) -> int | None:
    """A value of `x_v` satisfying `constraints` given the other variables' `values` (the one nearest
    to 0), or None if there is no integer in between the bounds."""
    lo = hi = None
    for c in constraints:
        a = get(c.coeffs, v)
        if a == 0:
            continue
        r = c.const + sum(k * values.get(u, 0) for u, k in enumerate(c.coeffs) if k and u != v)
        if a > 0:  # x ≥ ⌈-r/a⌉
            b = -(r // a)
            lo = b if lo is None else max(lo, b)
        else:  # x ≤ ⌊r/-a⌋
            b = r // -a
            hi = b if hi is None else min(hi, b)
    if lo is not None and hi is not None and lo > hi:
        return None
    x = 0 if lo is None else max(0, lo)
    return x if hi is None else min(x, hi)


def solve(nvars: int, facts: list["Ineq | Eq"], new_var: NewVar | None = None) -> Certificate:
    """Refute `facts` (over `nvars` variables, more if `new_var` introduces some) or raise `Unknown`."""
    from .omega_test import run

    del nvars  # the vectors say how many variables they use
    return run(facts, new_var)
