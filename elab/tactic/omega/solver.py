"""The omega test over the integers, with a certificate for every conclusion (Pugh's omega test,
without the dark and grey shadows, like Lean's `omega`).

A problem is a set of constraints `Σ cᵢ·xᵢ + k ≥ 0` and `Σ cᵢ·xᵢ + k = 0` over integer variables.
Every constraint carries a `Just`ification saying how it follows from the input facts, using only
three rules, each of which has a lemma in `Omega.ltn`:

- `Combo(a, j₁, b, j₂)`: `a·C₁ + b·C₂ ≥ 0` from `C₁ ≥ 0`, `C₂ ≥ 0`, for natural `a`, `b`;
- `Tighten(j, g)`: `C/g ≥ 0` (constant rounded down) from `C ≥ 0` when `g` divides every coefficient;
- `Assume(i)`: the `i`-th input constraint.

An equality is kept as the pair of inequalities `C ≥ 0` and `-C ≥ 0`, each with its own
justification, so that the proof never needs more than these rules.

Method (complete for the rationals; for the integers it is the sound but incomplete part of the omega
test): normalise every constraint (divide by the gcd of the coefficients, rounding the constant, which
is where integrality is used); solve equalities (exactly when a coefficient is ±1, otherwise by
rational elimination); merge constraints with the same coefficients (two opposite ones that meet make
an equality); look for a refutation by linear programming (`farkas.py`: one combination, found fast
even where elimination would blow up); then Fourier–Motzkin elimination with tightening, preferring
exact eliminations (where one side's coefficients are all 1). A contradiction is a constraint `k ≥ 0`
with `k < 0` and no variables.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import gcd
from typing import Union

Coeffs = tuple[int, ...]

#: Fourier–Motzkin gives up beyond this many constraints (it can grow exponentially).
MAX_CONSTRAINTS = 2000


@dataclass(frozen=True, eq=False)
class Assume:
    index: int


@dataclass(frozen=True, eq=False)
class Combo:
    a: int
    left: "Just"
    b: int
    right: "Just"


@dataclass(frozen=True, eq=False)
class Tighten:
    just: "Just"
    g: int


Just = Union[Assume, Combo, Tighten]


@dataclass
class Ineq:
    """`coeffs · x + const ≥ 0`, justified by `just`."""

    coeffs: Coeffs
    const: int
    just: Just


@dataclass
class Eq:
    """`coeffs · x + const = 0`: `pos` justifies `≥ 0`, `neg` justifies `-(…) ≥ 0`."""

    coeffs: Coeffs
    const: int
    pos: Just
    neg: Just


@dataclass
class Unsat:
    """The problem has no solution: `just` proves `const ≥ 0` with `const < 0`."""

    just: Just
    const: int


class Unknown(Exception):
    """The procedure found no contradiction; `constraints` is the problem it was left with (after
    solving the equalities), to show as a possible counterexample."""

    def __init__(self, constraints: list[Ineq | Eq], reason: str = "") -> None:
        super().__init__(reason)
        self.constraints = constraints
        self.reason = reason


def combine(a: int, c1: Ineq, b: int, c2: Ineq) -> Ineq:
    coeffs = tuple(a * x + b * y for x, y in zip(c1.coeffs, c2.coeffs))
    return Ineq(coeffs, a * c1.const + b * c2.const, Combo(a, c1.just, b, c2.just))


def content(coeffs: Coeffs) -> int:
    g = 0
    for c in coeffs:
        g = gcd(g, c)
    return g


class Problem:
    """The state of the procedure for one branch of the case splits."""

    def __init__(self, nvars: int) -> None:
        self.nvars = nvars
        # Normalised inequalities by coefficient vector: the strongest one (smallest constant).
        self.ineqs: dict[Coeffs, Ineq] = {}
        self.eqs: list[Eq] = []
        self.solved: list[Eq] = []  # the equalities used to eliminate a variable, for error messages
        self.unsat: Unsat | None = None

    # -- adding constraints ---------------------------------------------------------------------------

    def add_ineq(self, c: Ineq) -> None:
        if self.unsat is not None:
            return
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
        opposite = self.ineqs.get(tuple(-x for x in c.coeffs))
        if opposite is not None:
            total = c.const + opposite.const
            if total < 0:
                self.unsat = Unsat(Combo(1, c.just, 1, opposite.just), total)
            elif total == 0:
                self.add_eq(Eq(c.coeffs, c.const, c.just, opposite.just))

    def add_eq(self, e: Eq) -> None:
        if self.unsat is not None:
            return
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

    # -- solving ----------------------------------------------------------------------------------------

    def solve(self) -> Unsat:
        """The contradiction, or `Unknown` with the problem left after the equalities."""
        self.solve_equalities()
        if self.unsat is not None:
            return self.unsat
        snapshot: list[Ineq | Eq] = list(self.ineqs.values()) + self.solved
        quick = self.farkas()
        if quick is not None:
            return quick
        while self.unsat is None:
            self.solve_equalities()
            if self.unsat is not None:
                break
            var = self.choose_variable()
            if var is None:
                raise Unknown(snapshot)
            self.eliminate(var)
            if len(self.ineqs) > MAX_CONSTRAINTS:
                raise Unknown(snapshot, "too many constraints")
        return self.unsat

    def farkas(self) -> Unsat | None:
        """A refutation as one nonnegative combination, if the inequalities have no rational solution
        (see `farkas.py`): fast where Fourier–Motzkin would blow up."""
        from .farkas import certificate

        cs = list(self.ineqs.values())
        lam = certificate([(c.coeffs, c.const) for c in cs])
        if lam is None:
            return None
        used = [(l, c) for l, c in zip(lam, cs) if l > 0]
        (a, first), rest = used[0], used[1:]
        if not rest:
            return Unsat(Combo(a, first.just, 0, first.just), a * first.const)
        (b, second), rest = rest[0], rest[1:]
        just: Just = Combo(a, first.just, b, second.just)
        const = a * first.const + b * second.const
        for l, c in rest:
            just = Combo(1, just, l, c.just)
            const += l * c.const
        return Unsat(just, const)

    def solve_equalities(self) -> None:
        while self.eqs and self.unsat is None:
            e = self.pick_equality()
            self.eqs.remove(e)
            self.solved.append(e)
            self.substitute(e)

    def pick_equality(self) -> Eq:
        """An equality with a unit coefficient if there is one (exact), else the smallest coefficient."""
        return min(self.eqs, key=lambda e: (min(abs(c) for c in e.coeffs if c), sum(1 for c in e.coeffs if c)))

    def substitute(self, e: Eq) -> None:
        j = min((i for i, c in enumerate(e.coeffs) if c), key=lambda i: abs(e.coeffs[i]))
        a = e.coeffs[j]
        scale, sign = abs(a), (1 if a > 0 else -1)
        pos, neg = Ineq(e.coeffs, e.const, e.pos), Ineq(tuple(-c for c in e.coeffs), -e.const, e.neg)

        def eliminate_from(c: Ineq) -> Ineq:
            # scale·C - sign·d·E has no x_j (d the coefficient of x_j in C).
            m = -sign * c.coeffs[j]
            return combine(scale, c, m, pos) if m >= 0 else combine(scale, c, -m, neg)

        old_ineqs, old_eqs = list(self.ineqs.values()), self.eqs
        self.ineqs, self.eqs = {}, []
        for c in old_ineqs:
            self.add_ineq(eliminate_from(c) if c.coeffs[j] else c)
        for o in old_eqs:
            if o.coeffs[j] == 0:
                self.add_eq(o)
                continue
            p = eliminate_from(Ineq(o.coeffs, o.const, o.pos))
            n = eliminate_from(Ineq(tuple(-c for c in o.coeffs), -o.const, o.neg))
            self.add_eq(Eq(p.coeffs, p.const, p.just, n.just))

    def choose_variable(self) -> int | None:
        """The variable to eliminate next: an exact elimination if there is one, else the one making the
        fewest new constraints. None when no variable has bounds on both sides (then the constraints
        can all be satisfied: take each variable far enough)."""
        best: tuple | None = None
        for v in range(self.nvars):
            lower = [c.coeffs[v] for c in self.ineqs.values() if c.coeffs[v] > 0]
            upper = [-c.coeffs[v] for c in self.ineqs.values() if c.coeffs[v] < 0]
            if not lower or not upper:
                continue
            exact = all(x == 1 for x in lower) or all(x == 1 for x in upper)
            key = (not exact, len(lower) * len(upper), v)
            if best is None or key < best:
                best = key
        return None if best is None else best[2]

    def eliminate(self, v: int) -> None:
        """Fourier–Motzkin: every lower bound of `x_v` against every upper bound."""
        lower, upper, rest = [], [], []
        for c in self.ineqs.values():
            (lower if c.coeffs[v] > 0 else upper if c.coeffs[v] < 0 else rest).append(c)
        self.ineqs = {c.coeffs: c for c in rest}
        for lo in lower:
            for up in upper:
                self.add_ineq(combine(-up.coeffs[v], lo, lo.coeffs[v], up))
                if self.unsat is not None:
                    return


def solve(nvars: int, facts: list[Ineq | Eq]) -> Unsat:
    """Refute `facts` (over `nvars` variables) or raise `Unknown`."""
    p = Problem(nvars)
    for f in facts:
        if isinstance(f, Eq):
            p.add_eq(f)
        else:
            p.add_ineq(f)
    if p.unsat is not None:
        return p.unsat
    return p.solve()
