"""Refuting a set of facts: run the solver, and split disjunctions when it finds no contradiction
(Lean's `omegaImpl`/`splitDisjunction`). A disjunction is split only when the facts without it do not
suffice, one at a time; a side that says nothing `omega` can use makes the split useless, so that
disjunction is skipped. The proof of a split is `Or.elim h (fun h₁ => …) (fun h₂ => …)`.

The omega test may need new variables (for an equality without a unit coefficient): each is an `Int`
atom `T / m` over the existing atoms, whose facts come from `Lean.Omega.int_div_facts`.
"""

from __future__ import annotations

from lantern.kernel.expr import Expr, Lam
from lantern.kernel.instantiate import abstract

from . import solver as S
from . import terms as L
from .atoms import int_div_fact
from .facts import Constraint, Disjunction, FactReader, Facts
from .linear import Form, single
from .proof import Refutation, Shared, fresh_fvar
from .reflect import Lin


def solver_input(nvars: int, constraints: list[Constraint]) -> list[S.Ineq | S.Eq]:
    out: list[S.Ineq | S.Eq] = []
    for i, c in enumerate(constraints):
        coeffs = [0] * nvars
        for v, k in c.lin.coeffs.items():
            coeffs[v] = k
        out.append(S.Ineq(tuple(coeffs), c.lin.const, S.Assume(i)))
    return out


class Search:
    """The case splits of one `omega` call. Constraints in `shared` (the facts read before any split)
    are converted once, above all the splits (see `proof.Shared`)."""

    def __init__(self, reader: FactReader, shared: Shared) -> None:
        self.reader = reader
        self.shared = shared
        self.nonneg: dict[int, Constraint] = {}

    def refute(self, facts: Facts) -> Expr:
        """A proof of `False` from `facts`, or `solver.Unknown` with the last problem that was left."""
        reader = self.reader
        reader.flush_side_facts(facts)
        if facts.false_proof is not None:
            return facts.false_proof
        constraints = self.with_nonneg(facts.constraints)
        try:
            cert = S.solve(len(reader.atoms.vars), solver_input(len(reader.atoms.vars), constraints),
                           self.variable_maker(constraints))
            return Refutation(reader.sigma, constraints, self.shared, reader.atoms).build(cert)
        except S.Unknown as failure:
            pending = list(facts.disjunctions)
            while pending:
                d = pending.pop(0)
                rest = facts.copy()
                rest.disjunctions = list(pending)
                left = self.branch(rest, d, True)
                if left is None:
                    continue  # the left side adds nothing: splitting cannot help
                right = self.branch(rest, d, False) or (rest, fresh_fvar("h"), d.right)
                return L.or_elim(d.left, d.right, L.FALSE, d.proof, self.refute_branch(*left), self.refute_branch(*right))
            raise failure

    def variable_maker(self, constraints: list[Constraint]) -> S.NewVar:
        """The solver's `new_var` (for an equality without a unit coefficient): the `Int` atom
        `σ = T / m` for `T = Σ cᵢ·xᵢ + c` written over the atoms, with its facts `m * σ ≤ T` and
        `T < m * σ + m` (`Lean.Omega.int_div_facts`) appended to `constraints`."""
        reader, atoms = self.reader, self.reader.atoms
        made: dict[tuple[S.Coeffs, int, int], tuple[int, S.Ineq, S.Ineq]] = {}

        def new_var(coeffs: S.Coeffs, const: int, m: int) -> tuple[int, S.Ineq, S.Ineq]:
            done = made.get((coeffs, const, m))
            if done is None:
                done = made[(coeffs, const, m)] = make(coeffs, const, m)
            return done

        def make(coeffs: S.Coeffs, const: int, m: int) -> tuple[int, S.Ineq, S.Ineq]:
            total = atoms.int_term(coeffs, const)
            sigma = L.int_op("HDiv", total, L.int_lit(m))
            v = atoms.var(sigma, True, facts=False)
            read = reader.constraints_of(*int_div_fact(sigma, total, m))
            below, above = (S.Ineq(S.strip([c.lin.coeffs.get(u, 0) for u in range(len(atoms.vars))]), c.lin.const,
                                   S.Assume(len(constraints) + i)) for i, c in enumerate(read))
            constraints.extend(read)
            assert (below.coeffs, below.const) == (S.lin(1, coeffs, -m, S.unit(v)), const), (below, coeffs, const, m)
            assert (above.coeffs, above.const) == (S.lin(m, S.unit(v), -1, coeffs), m - 1 - const), (above, coeffs, const, m)
            return v, below, above

        return new_var

    def with_nonneg(self, constraints: list[Constraint]) -> list[Constraint]:
        """The constraints and `0 ≤ y` for every `Nat` atom `y` (`Lean.Omega.atom_nonneg`, shared)."""
        extra = []
        for v, var in enumerate(self.reader.atoms.vars):
            if var.is_int:
                continue
            c = self.nonneg.get(v)
            if c is None:
                proof = L.mk_app(L.omega("atom_nonneg"), [self.reader.sigma, L.NatLit(var.index)])
                c = self.nonneg[v] = Constraint(Form((), 0, tuple(single(var.index)), 0), proof, Lin({v: 1}))
                self.shared.add(c)
            extra.append(c)
        return constraints + extra

    def branch(self, facts: Facts, d: Disjunction, left: bool) -> tuple[Facts, Expr, Expr] | None:
        """The facts of one side of `d` (None if that side adds nothing), with the hypothesis and its type."""
        prop = d.left if left else d.right
        h = fresh_fvar("h")
        new = facts.copy()
        before = (len(new.constraints), len(new.disjunctions))
        if d.forms is not None:
            form, lin = d.forms[0 if left else 1]
            self.reader.add_constraint(new, form, h, lin)
        else:
            self.reader.add(new, prop, h)
        if new.false_proof is None and (len(new.constraints), len(new.disjunctions)) == before:
            return None
        return new, h, prop

    def refute_branch(self, facts: Facts, h: Expr, prop: Expr) -> Expr:
        body = self.refute(facts)
        return Lam(h.name, prop, abstract(body, [h]))  # type: ignore[attr-defined]
