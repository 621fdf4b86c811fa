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

A `Nat` identity is stated of variables in place of its atoms, as a closed function applied to the
atoms (`generalized`): the kernel remembers closed terms it has checked, so a file's many goals of one
shape (a length theorem per function) have their reflection evaluated once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from lantern.kernel.expr import (
    APP, DEFAULT, HAS_EMVAR, HAS_FVAR, HAS_LMVAR, App, Const, Expr, Lam, Let, NatLit, mk_app,
)
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
    if rel[1] == "Nat":
        return nat_identity(te, target, rel[2], rel[3])
    proof = int_identity(te, rel[2], rel[3])
    return None if proof is None else ascribed(target, proof)


def ascribed(target: Expr, proof: Expr) -> Expr:
    """`id target proof` has the goal itself as its type, so closing the goal compares it with itself
    and only the kernel unfolds `NExpr.denote` (once, as it does for the general path's `nat_ne`)."""
    return mk_app(Const(Name.of("id"), (L.ZERO,)), [target, proof])


def nat_identity(te: "TermElab", target: Expr, a: Expr, b: Expr) -> Expr | None:
    """`Lean.Omega.nat_eq_of_norm σ e₁ e₂ P p rfl rfl rfl rfl : denote σ e₁ = denote σ e₂`, for the
    atoms `σ` of `target`, generalized if it can be (`generalized`)."""
    atoms = Atoms()
    read = FactReader(te, atoms, L.NAT).read  # `σ` is not used when reading `Nat` terms
    lhs, rhs = read.nat(a), read.nat(b)
    if lhs.coeffs != rhs.coeffs or lhs.const != rhs.const:
        return None
    coeffs, const = L.nat_list(lhs.coeffs), NatLit(lhs.const)

    def certificate(sigma: list[Expr]) -> Expr:
        return mk_app(L.omega("nat_eq_of_norm"), [
            L.expr_list(L.NAT, sigma), lhs.term, rhs.term, coeffs, const, refl(L.LIST_NAT, coeffs),
            refl(L.LIST_NAT, coeffs), refl(L.NAT, const), refl(L.NAT, const)])

    return generalized(target, atoms, certificate) or ascribed(target, certificate(atoms.sigma))


def generalized(target: Expr, atoms: Atoms, certificate: Callable[[list[Expr]], Expr]) -> Expr | None:
    """`(fun x₀ … xₙ₋₁ => @id T (certificate [x₀, …, xₙ₋₁])) a₀ … aₙ₋₁`, where `T` is `target` with
    each atom `aᵢ` (as written) replaced by `xᵢ`. The function is a closed term, and the kernel keeps
    what it learnt about closed terms for the rest of the file: the evaluation behind an identity is
    done once per shape, not once per goal (the hundredth `a + b + 1 = a + 1 + b` costs it a lookup).
    None when the atoms do not account for everything local in `target` (a `let` variable read
    through), or an atom is written in two ways."""
    by_index: dict[int, Expr] = {}
    for term, i in atoms.written.items():
        if by_index.setdefault(i, term) is not term:
            return None
    if len(by_index) != len(atoms.sigma):
        return None
    xs = [fresh_fvar(f"x{i}") for i in range(len(atoms.sigma))]

    def generalize(e: Expr) -> Expr:
        i = atoms.written.get(e)
        if i is not None:
            return xs[i]
        if e.kind == APP:
            f, x = generalize(e.fn), generalize(e.arg)  # type: ignore[attr-defined]
            return e if f is e.fn and x is e.arg else App(f, x)  # type: ignore[attr-defined]
        return e

    body = abstract(ascribed(generalize(target), certificate(list(xs))), xs)
    for i in reversed(range(len(xs))):
        body = Lam(Name.of(f"x{i}"), L.NAT, body, DEFAULT)
    if body.flags & (HAS_FVAR | HAS_EMVAR | HAS_LMVAR) or body.lbr:
        return None
    return mk_app(body, [by_index[i] for i in range(len(xs))])


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
