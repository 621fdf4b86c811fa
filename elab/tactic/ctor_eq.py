"""Equations between constructor applications: constructors are disjoint and injective (what Lean
derives from `I.noConfusion`). Lantern has no `noConfusion` construction, so the proofs are built on
demand from `I.casesOn` and `Eq.rec`, and the kernel checks them like any other term:

- disjointness, from `h : C as = D bs`: the motive `fun x _ => I.casesOn x (C ↦ True) (others ↦ False)`
  is `True` at the left-hand side and `False` at the right, so `Eq.rec (motive) True.intro rhs h : False`;
- injectivity, from `h : C as = C bs`: the motive `fun x _ => I.casesOn x (C fs ↦ aᵢ = fᵢ) (others ↦ True)`
  turns `Eq.refl aᵢ` into `aᵢ = bᵢ` (`HEq aᵢ bᵢ` when the field's type depends on earlier fields).

Both need the type to eliminate into `Sort 1` (large elimination), which every inductive type in
`Type` allows; constructors of propositions are never told apart (proof irrelevance). Numerals of
`Nat` count as constructor applications (`3` is `Nat.succ 2`, `n + 1` is `Nat.succ n`), as in Lean.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.declaration import ConstructorInfo, InductiveInfo
from lantern.kernel.expr import CONST, PI, Const, Expr, Lam, get_app_args, mk_app
from lantern.kernel.instantiate import instantiate1
from lantern.kernel.level import mk_succ, mk_zero
from lantern.kernel.name import Name

from ..ctor_app import CtorApp, constructor_app

if TYPE_CHECKING:
    from ..term.elaborator import TermElab


def ctor_view(te: "TermElab", e: Expr) -> CtorApp | None:
    """`e` as a constructor application, as written or after weak head normalisation."""
    e = te.instantiate(e)
    view = constructor_app(te.env.kernel, e)
    return view if view is not None else constructor_app(te.env.kernel, te.whnf(e))


# -- the proofs -------------------------------------------------------------------------------------------


class NotApplicable(Exception):
    """The type cannot be told apart by `casesOn` into `Prop` (it is itself a proposition)."""


def _cases_on_prop(te: "TermElab", alpha: Expr, x: Expr, minor_body: "callable") -> Expr:  # type: ignore[valid-type]
    """`@I.casesOn params (fun idx x => Prop) idx x minors…` (`x : α` a variable), the minor premise
    of the `j`-th constructor being `fun fields => minor_body(j, #fields, field types)`."""
    w = te.whnf(alpha)
    head, args = get_app_args(w)
    ind = te.env.kernel.find(head.name) if head.kind == CONST else None  # type: ignore[attr-defined]
    if not isinstance(ind, InductiveInfo):
        raise NotApplicable
    cases_name = ind.name.child("casesOn")
    cases = te.env.kernel.find(cases_name)
    if cases is None or len(cases.level_params) != len(ind.level_params) + 1:
        raise NotApplicable  # no large elimination
    params, indices = list(args[: ind.num_params]), list(args[ind.num_params :])
    prop = _sort0()
    # The motive ignores its arguments: `fun idx… x => Prop`, built from the casesOn's motive binder.
    c = Const(cases_name, (mk_succ(mk_zero()), *head.levels))  # type: ignore[attr-defined]
    ty = te.instantiate(te.infer(mk_app(c, params)))
    ty = ty if ty.kind == PI else te.whnf(ty)
    motive_ty = ty.type  # type: ignore[attr-defined]
    motive = _const_lambda(motive_ty, prop)
    e = mk_app(c, [*params, motive, *indices, x])
    ty = te.instantiate(te.infer(e))
    minors: list[Expr] = []
    for j in range(len(ind.ctors)):
        ty = ty if ty.kind == PI else te.whnf(ty)
        minors.append(_fields_lambda(ty.type, lambda depth, fields, j=j: minor_body(j, depth, fields)))  # type: ignore[attr-defined]
        ty = instantiate1(ty.body, minors[-1])  # type: ignore[attr-defined]
    return mk_app(e, minors)


def _sort0() -> Expr:
    from lantern.kernel.expr import Sort

    return Sort(mk_zero())


def _const_lambda(pi: Expr, body: Expr) -> Expr:
    """`fun xs => body` with the binders of the Π-type `pi` (`body` closed)."""
    binders = []
    while pi.kind == PI:
        binders.append(pi)
        pi = pi.body  # type: ignore[attr-defined]
    r = body
    for b in reversed(binders):
        r = Lam(b.name, b.type, r, b.binfo)  # type: ignore[attr-defined]
    return r


def _fields_lambda(pi: Expr, make_body: "callable") -> Expr:  # type: ignore[valid-type]
    """`fun fields => make_body(n, binder types)` over the Π binders of a minor premise's type; the
    body sees the fields as bound variables (`#(n-1-i)` for field `i`)."""
    binders = []
    while pi.kind == PI:
        binders.append(pi)
        pi = pi.body  # type: ignore[attr-defined]
    r = make_body(len(binders), [b.type for b in binders])  # type: ignore[attr-defined]
    for b in reversed(binders):
        r = Lam(b.name, b.type, r, b.binfo)  # type: ignore[attr-defined]
    return r


def _eq_rec_prop(te: "TermElab", alpha: Expr, lhs: Expr, rhs: Expr, h: Expr, motive_body: "callable", minor: Expr) -> Expr:  # type: ignore[valid-type]
    """`@Eq.rec.{0} α lhs (fun x _ => motive_body(x)) minor rhs h`."""
    from ..meta.instantiate import mk_lambda_fvars

    eq_level = te.sort_level_of(alpha)
    with te.with_local("x", alpha) as x:
        with te.with_local("h", mk_app(Const(Name.of("Eq"), (eq_level,)), [alpha, lhs, x])) as hx:
            motive = mk_lambda_fvars(te.mctx, te.lctx, [x, hx], motive_body(x))
    rec = Const(Name.of("Eq.rec"), (mk_zero(), eq_level))
    return mk_app(rec, [alpha, lhs, motive, minor, rhs, h])


def disjoint_proof(te: "TermElab", h: Expr, alpha: Expr, lhs: Expr, rhs: Expr, left: CtorApp) -> Expr:
    """A proof of `False` from `h : lhs = rhs` whose sides are applications of different constructors."""
    true_, false_ = Const(Name.of("True")), Const(Name.of("False"))

    def motive_body(x: Expr) -> Expr:
        return _cases_on_prop(te, alpha, x, lambda j, depth, types: true_ if j == left.ctor.cidx else false_)

    return _eq_rec_prop(te, alpha, lhs, rhs, h, motive_body, Const(Name.of("True.intro")))


def field_equation(te: "TermElab", h: Expr, alpha: Expr, lhs: Expr, rhs: Expr, left: CtorApp, right: CtorApp, i: int) -> tuple[Expr, Expr]:
    """From `h : C as = C bs`: `(aᵢ = bᵢ, proof)`, or `(HEq aᵢ bᵢ, proof)` for a dependent field."""
    from lantern.kernel.instantiate import lift_loose_bvars

    a_i, b_i = left.fields[i], right.fields[i]
    a_ty = te.instantiate(te.infer(a_i))
    b_ty = te.instantiate(te.infer(b_i))
    # A field whose type mentions earlier fields is compared by `HEq` (the caller turns it back into
    # `=` when both sides have the same type), as in Lean's `noConfusionType`.
    dependent = field_depends_on_fields(left.ctor, i)
    level = te.sort_level_of(a_ty)
    true_ = Const(Name.of("True"))

    def body(j: int, depth: int, types: list[Expr]) -> Expr:
        if j != left.ctor.cidx:
            return true_
        field = _bvar(depth - 1 - i)
        if not dependent:
            return mk_app(Const(Name.of("Eq"), (level,)), [a_ty, a_i, field])
        # The field's type as seen in the minor premise: its binder type, shifted under the fields.
        f_ty = lift_loose_bvars(types[i], depth - i)
        return mk_app(Const(Name.of("HEq"), (level,)), [a_ty, a_i, f_ty, field])

    def motive_body(x: Expr) -> Expr:
        return _cases_on_prop(te, alpha, x, body)

    if not dependent:
        refl = mk_app(Const(Name.of("Eq.refl"), (level,)), [a_ty, a_i])
        stmt = mk_app(Const(Name.of("Eq"), (level,)), [a_ty, a_i, b_i])
    else:
        refl = mk_app(Const(Name.of("HEq.refl"), (level,)), [a_ty, a_i])
        stmt = mk_app(Const(Name.of("HEq"), (level,)), [a_ty, a_i, b_ty, b_i])
    return stmt, _eq_rec_prop(te, alpha, lhs, rhs, h, motive_body, refl)


def field_depends_on_fields(ctor: ConstructorInfo, i: int) -> bool:
    """Whether the type of field `i` of `ctor` mentions an earlier field."""
    from lantern.kernel.instantiate import has_loose_bvar

    ty = ctor.type
    for _ in range(ctor.num_params + i):
        if ty.kind != PI:
            return False
        ty = ty.body  # type: ignore[attr-defined]
    if ty.kind != PI:
        return False
    return any(has_loose_bvar(ty.type, j) for j in range(i))  # type: ignore[attr-defined]


def _bvar(i: int) -> Expr:
    from lantern.kernel.expr import BVar

    return BVar(i)


def is_prop_type(te: "TermElab", ty: Expr) -> bool:
    from lantern.kernel.expr import SORT

    s = te.whnf(te.infer(ty))
    return s.kind == SORT and s.level == mk_zero()  # type: ignore[attr-defined]


