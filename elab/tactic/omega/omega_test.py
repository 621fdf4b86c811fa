"""The omega test (Pugh, 1991): a decision procedure for linear constraints over the integers that
either refutes them with a certificate (`solver.Certificate`) or finds an integer solution.

1. Equalities are eliminated exactly: one with a unit coefficient by substitution; one without (say
   `Σ aᵢ·xᵢ + c = 0`, smallest `|aₖ|`, `m = |aₖ| + 1`) by a new variable `σ = ⌊Σ bᵢ·xᵢ / m⌋` where
   the `bᵢ` are the balanced residues of the `aᵢ` mod `m` (`solver.NewVar` gives `σ` with its two
   defining bounds). The bounds and the equality combine, after tightening by `m`, into
   `Σ dᵢ·xᵢ + d - σ = 0` with `dₖ = ∓1`, which eliminates `xₖ`; the coefficients of the rest shrink.
2. A variable bounded on one side only is dropped with its constraints (it can always be chosen).
3. Otherwise a variable is eliminated by Fourier–Motzkin: the *real shadow* (every lower bound
   `β ≤ b·x` against every upper bound `a·x ≤ α` gives `a·β ≤ b·α`) refutes the problem if it has no
   integer solution. If it does and that solution extends to an integer `x`, so does the problem.
   An elimination where every lower or every upper coefficient is 1 (*exact*) always extends.
4. Otherwise the *dark shadow* (`a·β + (a-1)(b-1) ≤ b·α`) has an integer solution only if the problem
   has one; if it has none, every integer solution lies close to a lower bound: `b·x = β + i` for some
   `0 ≤ i ≤ k = ⌊(a_max·b - a_max - b) / a_max⌋` (the *grey shadow*). The proof splits on
   `b·x - β ≤ k` / `≥ k + 1`; the first range is halved down to each `b·x - β = i` (a *splinter*,
   decided recursively); the last branch, `b·x - β ≥ k + 1` for every lower bound, implies the dark
   shadow (`a·(k+1) ≥ (a-1)(b-1)`), whose refutation is replayed there with those stronger bounds.
   (When the upper bounds have fewer splinters, the same is done with them.)

A solution is checked against the constraints it claims to satisfy before it is returned. The
procedure gives up (`GiveUp`) beyond a budget of work, since it is exponential in the worst case.
"""

from __future__ import annotations

from .farkas import certificate as farkas_certificate
from .solver import (
    MAX_CONSTRAINTS, Certificate, Combo, Eq, GiveUp, Hyp, Ineq, Just, Meter, NewVar, Problem, Solution, Split,
    Tighten, Unknown, Unsat, extend, get, lin, negate, strip, unit,
)

#: Total work (length of the constraints handled, over all subproblems) before giving up.
BUDGET = 300_000


def run(facts: list[Ineq | Eq], new_var: NewVar | None) -> Certificate:
    """Refute `facts`, or raise `Unknown` (with a checked integer solution when there is one)."""
    decider = Decider(new_var)
    p = Problem(decider.meter)
    try:
        for f in facts:
            p.add(f)
        result = decider.decide(p, root=True)
    except GiveUp as e:
        raise Unknown(decider.snapshot or p.constraints(), str(e)) from None
    if isinstance(result, Solution):
        ok = all(result.value(f.coeffs, f.const) >= 0 if isinstance(f, Ineq) else result.value(f.coeffs, f.const) == 0
                 for f in facts)
        raise Unknown(decider.snapshot if decider.snapshot is not None else p.constraints(), "",
                      dict(result.values) if ok else None)
    return result


def bmod(x: int, m: int) -> int:
    """The balanced residue of `x` mod `m`, in `[-m/2, m/2)` (Lean's `Int.bmod`)."""
    r = x % m
    return r if r < (m + 1) // 2 else r - m


class Decider:
    def __init__(self, new_var: NewVar | None) -> None:
        self.new_var = new_var
        self.meter = Meter(BUDGET)
        self.snapshot: list[Ineq | Eq] | None = None  # the root problem after its unit equalities

    # -- equalities ---------------------------------------------------------------------------------

    def decide(self, p: Problem, root: bool = False) -> Certificate | Solution:
        substitutions: list[tuple[Eq, int]] = []
        solved: list[Eq] = []
        while p.unsat is None and p.eqs:
            e = min(p.eqs, key=lambda e: (min(abs(c) for c in e.coeffs if c), sum(1 for c in e.coeffs if c)))
            j = min((i for i, c in enumerate(e.coeffs) if c), key=lambda i: abs(e.coeffs[i]))
            if abs(e.coeffs[j]) != 1:
                if root and self.snapshot is None:
                    self.snapshot = [*p.ineqs.values(), *solved, *p.eqs]
                e = self.unit_equality(e, j)
            solved.append(e)
            p = p.substituted(e, j)
            substitutions.append((e, j))
        if p.unsat is not None:
            return p.unsat
        if root:
            if self.snapshot is None:
                self.snapshot = [*p.ineqs.values(), *solved]
            quick = farkas(p)
            if quick is not None:
                return quick
        result = self.decide_ineqs(p)
        if isinstance(result, Solution):
            for e, j in reversed(substitutions):  # x_j = -(rest + const) / a_j with a_j = ±1
                result.values[j] = 0
                result.values[j] = -result.value(e.coeffs, e.const) * e.coeffs[j]
        return result

    def unit_equality(self, e: Eq, j: int) -> Eq:
        """From `e` (no unit coefficient; `x_j` has the smallest), an equality whose coefficient of `x_j`
        is ±1, over a new variable (see the module doc). The variable is `⌊Σ bᵢ·xᵢ / m⌋`, without the
        constant, so that equalities differing only in their constant (the splinters of one bound)
        share it; with the constant if that variable is already in `e`."""
        if self.new_var is None:
            raise GiveUp("an equality without a unit coefficient needs a new variable")
        m = abs(e.coeffs[j]) + 1
        b = strip([bmod(c, m) for c in e.coeffs])
        for t in (0, bmod(e.const, m)):
            sigma, below, above = self.new_var(b, t, m)  # T - m·σ ≥ 0, m·σ + m - 1 - T ≥ 0 (T = b·x + t)
            if get(e.coeffs, sigma) == 0:
                break
        else:
            raise GiveUp("no new variable for an equality")
        d = lin(1, b, -1, e.coeffs)
        assert all(x % m == 0 for x in d)
        # below + (-e) = m·(d/m·x - σ) + (t - c) and above + e = -m·(d/m·x - σ) + (m - 1 - t + c): tightened
        # by m, their constants ⌊(t - c)/m⌋ and ⌊(m - 1 - t + c)/m⌋ add up to 0.
        coeffs = lin(1, tuple(x // m for x in d), -1, unit(sigma))
        assert abs(get(coeffs, j)) == 1
        pos = Tighten(Combo(1, below.just, 1, e.neg), m)
        neg = Tighten(Combo(1, above.just, 1, e.pos), m)
        return Eq(coeffs, (t - e.const) // m, pos, neg)

    # -- inequalities ---------------------------------------------------------------------------------

    def decide_ineqs(self, p: Problem) -> Certificate | Solution:
        if not p.ineqs:
            return Solution()
        if len(p.ineqs) > MAX_CONSTRAINTS:
            raise GiveUp("too many constraints")
        lower: dict[int, list[int]] = {}
        upper: dict[int, list[int]] = {}
        for c in p.ineqs.values():
            for v, k in enumerate(c.coeffs):
                if k > 0:
                    lower.setdefault(v, []).append(k)
                elif k < 0:
                    upper.setdefault(v, []).append(-k)
        variables = sorted(set(lower) | set(upper))
        for v in variables:
            if v not in lower or v not in upper:
                return self.drop(p, v)
        best = None
        for v in variables:
            exact = all(x == 1 for x in lower[v]) or all(x == 1 for x in upper[v])
            cost = 0 if exact else min(splinters(lower[v], upper[v]), splinters(upper[v], lower[v]))
            key = (not exact, cost, len(lower[v]) * len(upper[v]), v)
            if best is None or key < best:
                best = key
        assert best is not None
        return self.eliminate(p, best[-1], exact=not best[0])

    def drop(self, p: Problem, v: int) -> Certificate | Solution:
        q, constraints = p.without(v)
        result = self.decide(q)
        if isinstance(result, Solution):
            x = extend(v, constraints, result.values)
            assert x is not None, "a variable bounded on one side always extends"
            result.values[v] = x
        return result

    def eliminate(self, p: Problem, v: int, exact: bool) -> Certificate | Solution:
        real, lower, upper = p.real_shadow(v)
        result = self.decide(real)
        if not isinstance(result, Solution):
            return result
        x = extend(v, lower + upper, result.values)
        if x is not None:
            result.values[v] = x
            return result
        assert not exact, "an exact elimination always extends"
        return self.shadows(p, v, lower, upper)

    # -- dark and grey shadows ------------------------------------------------------------------------

    def shadows(self, p: Problem, v: int, lower: list[Ineq], upper: list[Ineq]) -> Certificate | Solution:
        if splinters(magnitudes(v, upper), magnitudes(v, lower)) < splinters(magnitudes(v, lower), magnitudes(v, upper)):
            lower, upper = upper, lower  # split on the upper bounds instead (the same with `-x`)
        a_max = max(magnitudes(v, upper))
        # For each lower bound `C = b·x - β ≥ 0`: the split `C ≤ k` / `C ≥ k + 1` (`below`, `rest`).
        plans: list[tuple[Ineq, int, Hyp | None, Hyp | None]] = []
        for lo in sorted(lower, key=lambda c: abs(get(c.coeffs, v))):
            b = abs(get(lo.coeffs, v))
            k = (a_max * b - a_max - b) // a_max
            if k < 0:
                plans.append((lo, k, None, None))
            else:
                plans.append((lo, k, Hyp(negate(lo.coeffs), -(lo.const - (k + 1)) - 1), Hyp(lo.coeffs, lo.const - (k + 1))))
        dark = Problem(p.meter)
        for c in p.ineqs.values():
            if get(c.coeffs, v) == 0:
                dark.add_ineq(c)
        for lo, k, _, rest in plans:
            b = abs(get(lo.coeffs, v))
            for up in upper:
                a = abs(get(up.coeffs, v))
                # a·(C - k - 1) + b·U, whose constant is at most the dark shadow's (a·(k+1) ≥ (a-1)(b-1)).
                assert a * (k + 1) >= (a - 1) * (b - 1)
                dark.add_ineq(Ineq(lin(a, lo.coeffs, b, up.coeffs), a * lo.const + b * up.const - (a - 1) * (b - 1),
                                   Combo(a, rest or lo.just, b, up.just)))
        result = self.decide(dark)
        if isinstance(result, Solution):
            x = extend(v, lower + upper, result.values)
            if x is None:
                raise GiveUp("a dark shadow solution that does not extend")  # cannot happen (Pugh)
            result.values[v] = x
            return result
        # The grey shadow: for each lower bound, the splinters `C = 0`, …, `C = k` (with the stronger
        # bounds of the earlier lower bounds), then `C ≥ k + 1` and the next lower bound.
        trees: list[Certificate | None] = []
        earlier: list[Ineq] = []
        for lo, k, below, rest in plans:
            tree = None
            if below is not None:
                tree = self.splinters(p, earlier, lo, 0, k, lo.just, below)
                if isinstance(tree, Solution):
                    return tree
            trees.append(tree)
            earlier.append(Ineq(lo.coeffs, lo.const - k - 1, rest or lo.just))
        cert: Certificate = result
        for (lo, k, below, rest), tree in reversed(list(zip(plans, trees))):
            if below is not None and rest is not None and tree is not None:
                cert = Split(lo.coeffs, lo.const - (k + 1), below, rest, tree, cert)
        return cert

    def splinters(self, p: Problem, earlier: list[Ineq], lo: Ineq, l: int, h: int, at_least: Just,
                  at_most: Just) -> Certificate | Solution:
        """Decide the problem where `l ≤ C ≤ h` (`at_least`, `at_most` say so; `C` is `lo`), by
        splitting the range in halves down to the splinters `C = i` (so the proof is as shallow as the
        number of splinters allows)."""
        if l == h:
            q = Problem(p.meter)
            for c in p.ineqs.values():
                q.add_ineq(c)
            for c in earlier:
                q.add_ineq(c)
            q.add_eq(Eq(lo.coeffs, lo.const - l, at_least, at_most))
            return self.decide(q)
        t = (l + h) // 2 + 1  # C ≤ t - 1 or C ≥ t
        below, above = Hyp(negate(lo.coeffs), -(lo.const - t) - 1), Hyp(lo.coeffs, lo.const - t)
        left = self.splinters(p, earlier, lo, l, t - 1, at_least, below)
        if isinstance(left, Solution):
            return left
        right = self.splinters(p, earlier, lo, t, h, above, at_most)
        if isinstance(right, Solution):
            return right
        return Split(lo.coeffs, lo.const - t, below, above, left, right)


def magnitudes(v: int, bounds: list[Ineq]) -> list[int]:
    return [abs(get(c.coeffs, v)) for c in bounds]


def splinters(split: list[int], other: list[int]) -> int:
    """How many splinters the grey shadow has when it splits on the bounds with coefficients `split`
    (against the opposite bounds, with coefficients `other`)."""
    a_max = max(other)
    return sum(max(0, (a_max * b - a_max - b) // a_max + 1) for b in split)


def farkas(p: Problem) -> Unsat | None:
    """A refutation as one nonnegative combination, if the inequalities have no rational solution
    (see `farkas.py`): fast where Fourier–Motzkin would blow up."""
    cs = list(p.ineqs.values())
    if not cs:
        return None
    width = max(len(c.coeffs) for c in cs)
    lam = farkas_certificate([(c.coeffs + (0,) * (width - len(c.coeffs)), c.const) for c in cs])
    if lam is None:
        return None
    used = [(l, c) for l, c in zip(lam, cs) if l > 0]
    (a, first), rest = used[0], used[1:]
    if not rest:
        return Unsat(Combo(a, first.just, 0, first.just), a * first.const)
    (b, second), rest = rest[0], rest[1:]
    just = Combo(a, first.just, b, second.just)
    const = a * first.const + b * second.const
    for l, c in rest:
        just = Combo(1, just, l, c.just)
        const += l * c.const
    return Unsat(just, const)
