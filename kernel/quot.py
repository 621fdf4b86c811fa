"""The quotient package (Lean's `quot.cpp`): `Quot`, `Quot.mk`, `Quot.lift`, `Quot.ind`, with fixed
types, declared once `Eq` is in the environment. Their reduction rule lives in `reduce.py`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import builtins as B
from .declaration import ConstantInfo, InductiveInfo, QuotInfo
from .errors import KernelError
from .expr import IMPLICIT, App, Const, Expr, Sort, mk_app, mk_arrow
from .level import mk_param, mk_zero
from .local_ctx import LocalContext
from .name import Name

if TYPE_CHECKING:
    from .environment import Environment

U, V = Name.of("u"), Name.of("v")
PROP = Sort(mk_zero())


def expected_eq_types() -> tuple[Expr, Expr]:
    """`Eq.{u} : {α : Sort u} → α → α → Prop` and `Eq.refl.{u} : ∀ {α : Sort u} (a : α), @Eq α a a`."""
    u = mk_param(U)
    lc = LocalContext()
    alpha = lc.mk_local(Name.of("α"), Sort(u), None, IMPLICIT)
    eq_type = lc.mk_binding([alpha], mk_arrow(alpha, mk_arrow(alpha, PROP)), lam=False)
    a = lc.mk_local(Name.of("a"), alpha)
    refl_type = lc.mk_binding([alpha, a], mk_app(Const(B.EQ, (u,)), [alpha, a, a]), lam=False)
    return eq_type, refl_type


def quot_types() -> dict[Name, tuple[tuple[Name, ...], Expr, str]]:
    """The declared name ↦ (universe parameters, type, kind) of each quotient constant."""
    u, v = mk_param(U), mk_param(V)
    lc = LocalContext()
    alpha = lc.mk_local(Name.of("α"), Sort(u), None, IMPLICIT)
    rel_type = mk_arrow(alpha, mk_arrow(alpha, PROP))
    r = lc.mk_local(Name.of("r"), rel_type)
    quot_ty = lc.mk_binding([alpha, r], Sort(u), lam=False)

    def quot_of(rel: Expr) -> Expr:
        return mk_app(Const(B.QUOT, (u,)), [alpha, rel])

    a = lc.mk_local(Name.of("a"), alpha)
    mk_ty = lc.mk_binding([alpha, r, a], quot_of(r), lam=False)

    ri = lc.mk_local(Name.of("r"), rel_type, None, IMPLICIT)
    beta = lc.mk_local(Name.of("β"), Sort(v), None, IMPLICIT)
    f = lc.mk_local(Name.of("f"), mk_arrow(alpha, beta))
    a1 = lc.mk_local(Name.of("a"), alpha)
    b1 = lc.mk_local(Name.of("b"), alpha)
    respects = lc.mk_binding(
        [a1, b1],
        mk_arrow(mk_app(ri, [a1, b1]), mk_app(Const(B.EQ, (v,)), [beta, App(f, a1), App(f, b1)])),
        lam=False,
    )
    lift_ty = lc.mk_binding([alpha, ri, beta, f], mk_arrow(respects, mk_arrow(quot_of(ri), beta)), lam=False)

    motive = lc.mk_local(Name.of("β"), mk_arrow(quot_of(ri), PROP), None, IMPLICIT)
    a2 = lc.mk_local(Name.of("a"), alpha)
    mk_a = mk_app(Const(B.QUOT_MK, (u,)), [alpha, ri, a2])
    h = lc.mk_binding([a2], App(motive, mk_a), lam=False)
    q = lc.mk_local(Name.of("q"), quot_of(ri))
    ind_ty = lc.mk_binding([alpha, ri, motive], mk_arrow(h, lc.mk_binding([q], App(motive, q), lam=False)), lam=False)

    return {
        B.QUOT: ((U,), quot_ty, "type"),
        B.QUOT_MK: ((U,), mk_ty, "ctor"),
        B.QUOT_LIFT: ((U, V), lift_ty, "lift"),
        B.QUOT_IND: ((U,), ind_ty, "ind"),
    }


def check_quot(env: "Environment") -> list[ConstantInfo]:
    eq = env.find(B.EQ)
    if not isinstance(eq, InductiveInfo):
        raise KernelError("the quotient package needs 'Eq' to be declared as an inductive type first", B.QUOT)
    eq_type, refl_type = expected_eq_types()
    refl = env.find(B.EQ_REFL)
    if (
        len(eq.level_params) != 1
        or eq.type != _rename_level(eq_type, eq.level_params[0])
        or eq.ctors != (B.EQ_REFL,)
        or refl is None
        or refl.type != _rename_level(refl_type, eq.level_params[0])
    ):
        raise KernelError("'Eq' does not have the type the quotient package expects", B.QUOT)
    infos: list[ConstantInfo] = []
    for name, (params, ty, kind) in quot_types().items():
        if name in env:
            raise KernelError(f"'{name}' has already been declared", name)
        infos.append(QuotInfo(name, params, ty, kind))
    return infos


def _rename_level(e: Expr, to: Name) -> Expr:
    from .instantiate import instantiate_level_params

    return instantiate_level_params(e, (U,), (mk_param(to),))

