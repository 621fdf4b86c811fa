"""A cheap proof for the commonest `omega` goal: an equality that is a linear identity.

After `simp`, a length theorem typically leaves `xs.length + ys.length + 1 = xs.length + 1 + ys.length`
or `2 * xs.length + 1 + 1 = 2 * (xs.length + 1)`: both sides read (`reflect.py`) to the same
coefficient list and constant. The general path would negate the goal and refute both halves of
`a ≠ b` (`by_dec`, `nat_ne`, two refutations the kernel evaluates); here one reflected step suffices,
`Lean.Omega.nat_eq_of_norm`, whose four hypotheses are `Eq.refl` on literals that the kernel decides by
evaluating `NExpr.coeffs` and `NExpr.const`. Hypotheses play no part: an identity holds without them.
An `Int` equality is proved the same way (`Lean.Omega.int_eq_of_norm`, comparing the positive and the
negative parts). Anything else (sides that differ, lists that differ only by trailing zeros) is left to
the general path, so what `omega` proves and every message it gives stay the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.expr import Const, Expr, Let, NatLit, mk_app
from lantern.kernel.instantiate import abstract
from lantern.kernel.name import Name

from . import terms as L
from .atoms import Atoms
from .facts import FactReader, relation
from .proof import Lets, fresh_fvar

if TYPE_CHECKING:
    from ...term.elaborator import TermElab


def prove_identity(te: "TermElab", target: Expr) -> Expr | None:
    """A proof of `target` if it is a `Nat` or `Int` equality whose sides normalize to the same linear
    combination of atoms; None otherwise (nothing is recorded anywhere: the atoms are this call's)."""
    rel = relation(target)
    if rel is None or rel[0] != "eq":
        return None
    proof = (nat_identity if rel[1] == "Nat" else int_identity)(te, rel[2], rel[3])
    if proof is None:
        return None
    # `id target proof` has the goal itself as its type, so closing the goal compares it with itself
    # and only the kernel unfolds `NExpr.denote` (once, as it does for the general path's `nat_ne`).
    return mk_app(Const(Name.of("id"), (L.ZERO,)), [target, proof])


def nat_identity(te: "TermElab", a: Expr, b: Expr) -> Expr | None:
    """`Lean.Omega.nat_eq_of_norm σ e₁ e₂ P p rfl rfl rfl rfl : denote σ e₁ = denote σ e₂`."""
    atoms = Atoms()
    read = FactReader(te, atoms, L.NAT).read  # `σ` is not used when reading `Nat` terms
    lhs, rhs = read.nat(a), read.nat(b)
    if lhs.coeffs != rhs.coeffs or lhs.const != rhs.const:
        return None
    coeffs, const = L.nat_list(lhs.coeffs), NatLit(lhs.const)
    sigma = L.expr_list(L.NAT, atoms.sigma)
    return mk_app(L.omega("nat_eq_of_norm"), [
        sigma, lhs.term, rhs.term, coeffs, const, refl(L.LIST_NAT, coeffs), refl(L.LIST_NAT, coeffs),
        refl(L.NAT, const), refl(L.NAT, const)])


def int_identity(te: "TermElab", a: Expr, b: Expr) -> Expr | None:
    """`let σ := …; let w := int_split x; …; Lean.Omega.int_eq_of_norm σ a b P N p n wfa wfb rfl …`: the
    `Int` atoms' `wf` facts are bound as the general path binds them (`Atoms.wf_lets`)."""
    atoms = Atoms()
    sigma = fresh_fvar("σ")
    read = FactReader(te, atoms, sigma).read
    lhs, rhs = read.int(a), read.int(b)
    if lhs.coeffs != rhs.coeffs or lhs.const != rhs.const:
        return None
    pos, neg = L.nat_list(lhs.coeffs[True]), L.nat_list(lhs.coeffs[False])
    p, n = NatLit(lhs.const[True]), NatLit(lhs.const[False])
    same = [refl(L.LIST_NAT, pos)] * 2 + [refl(L.LIST_NAT, neg)] * 2 + [refl(L.NAT, p)] * 2 + [refl(L.NAT, n)] * 2
    body = mk_app(L.omega("int_eq_of_norm"), [sigma, lhs.term, rhs.term, pos, neg, p, n, lhs.wf, rhs.wf, *same])
    lets = Lets()
    lets.binds = atoms.wf_lets(sigma)
    body = lets.close(body)
    return Let(Name.of("σ"), L.LIST_NAT, L.expr_list(L.NAT, atoms.sigma), abstract(body, [sigma]))


def refl(ty: Expr, value: Expr) -> Expr:
    return mk_app(Const(Name.of("Eq.refl"), (L.ONE,)), [ty, value])
