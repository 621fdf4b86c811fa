"""Equations between constructor applications (Lean's `reduceCtorEq` simproc and `injEq` lemmas):
`[] = x :: xs` ↦ `False`, `x :: xs = y :: ys` ↦ `x = y ∧ xs = ys`, `n + 1 = 0` ↦ `False`.

The constructors are read syntactically (Nat numerals and `n + k` count as `Nat.zero`/`Nat.succ`,
as in Lean). The proofs come from the tactic framework's constructor reasoning (`tactic/ctor_eq.py`,
built on `casesOn` and `Eq.rec`): disjointness gives `eq_false (fun h => …)`; injectivity gives
`propext ⟨fields from h, congruence⟩`. Dependent fields (which would need `HEq`) are left alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.expr import CONST, Const, Expr, Lam, get_app_args, mk_app
from lantern.kernel.instantiate import abstract
from lantern.kernel.name import Name

from ...ctor_app import CtorApp, constructor_app
from ..ctor_eq import disjoint_proof, field_equation
from .proofs import FALSE, Result

if TYPE_CHECKING:
    from .rewrite import Simp

N_EQ, N_AND = Name.of("Eq"), Name.of("And")


def ctor_app(simp: "Simp", e: Expr) -> CtorApp | None:
    """`e` as written, if it is a constructor applied to all its parameters and fields."""
    return constructor_app(simp.te.env.kernel, e)


def reduce_ctor_eq(simp: "Simp", e: Expr) -> Result | None:
    head, args = get_app_args(e)
    if not (head.kind == CONST and head.name is N_EQ and len(args) == 3):  # type: ignore[attr-defined]
        return None
    alpha, lhs, rhs = args
    left = ctor_app(simp, lhs)
    if left is None:
        return None
    right = ctor_app(simp, rhs)
    if right is None:
        return None
    te = simp.te
    try:
        if left.ctor.name is not right.ctor.name:
            with te.with_local("h", e) as h:
                false_proof = disjoint_proof(te, h, alpha, lhs, rhs, left)
            refute = Lam(Name.of("h"), e, abstract(false_proof, [h]))
            return Result(FALSE, mk_app(Const(Name.of("eq_false")), [e, refute]))
        return _injection(simp, e, alpha, lhs, rhs, left, right)
    except Exception:  # noqa: BLE001 — a type these proofs do not cover (a proposition, no large elimination)
        return None


def _injection(simp: "Simp", e: Expr, alpha: Expr, lhs: Expr, rhs: Expr, left: CtorApp, right: CtorApp) -> Result | None:
    """`C as = C bs` ↦ `a₁ = b₁ ∧ … ∧ aₙ = bₙ` (the fields that differ), for non-dependent fields."""
    te = simp.te
    P = simp.proofs
    n = len(left.fields)
    if n == 0 or any(not (te.is_def_eq(P.type_of(a), P.type_of(b))) for a, b in zip(left.fields, right.fields)):
        return None
    if any(simp.is_prop(P.type_of(a)) for a in left.fields):
        return None  # proof fields: nothing to say
    with te.with_local("h", e) as h:
        eqs = [field_equation(te, h, alpha, lhs, rhs, left, right, i) for i in range(n)]
        stmts = [s for s, _ in eqs]
        conj = _and_all(stmts)
        mp_body = _and_intro(stmts, [p for _, p in eqs])
    mp = Lam(Name.of("h"), e, abstract(mp_body, [h]))
    with te.with_local("hc", conj) as hc:
        parts = _and_parts(stmts, hc)
        # `C params a₁ … aₙ = C params b₁ … bₙ` by congruence, one field at a time.
        f = mk_app(Const(left.ctor.name, left.levels), left.params)
        lhs_prefix, rhs_prefix, proof = f, f, None
        for a, b, hi in zip(left.fields, right.fields, parts):
            if proof is None:
                proof = P.congr_arg(rhs_prefix, a, b, hi)
            else:
                proof = P.congr(lhs_prefix, rhs_prefix, a, b, proof, hi)
            lhs_prefix, rhs_prefix = mk_app(lhs_prefix, [a]), mk_app(rhs_prefix, [b])
    mpr = Lam(Name.of("hc"), conj, abstract(proof, [hc]))  # type: ignore[arg-type]
    iff = mk_app(Const(Name.of("Iff.intro")), [e, conj, mp, mpr])
    return Result(conj, mk_app(Const(Name.of("propext")), [e, conj, iff]))


def _and_all(stmts: list[Expr]) -> Expr:
    r = stmts[-1]
    for s in reversed(stmts[:-1]):
        r = mk_app(Const(N_AND), [s, r])
    return r


def _and_intro(stmts: list[Expr], proofs: list[Expr]) -> Expr:
    r = proofs[-1]
    for k in range(len(stmts) - 2, -1, -1):
        r = mk_app(Const(Name.of("And.intro")), [stmts[k], _and_all(stmts[k + 1:]), proofs[k], r])
    return r


def _and_parts(stmts: list[Expr], h: Expr) -> list[Expr]:
    out: list[Expr] = []
    for k in range(len(stmts) - 1):
        rest = _and_all(stmts[k + 1:])
        out.append(mk_app(Const(Name.of("And.left")), [stmts[k], rest, h]))
        h = mk_app(Const(Name.of("And.right")), [stmts[k], rest, h])
    out.append(h)
    return out
