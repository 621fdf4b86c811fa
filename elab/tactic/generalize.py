"""Replacing a term by a new variable in the goal (Lean's `generalize`), used by `induction`/`cases`
on a term that is not a variable: `cases h : e` gives `x` with `h : e = x`."""

from __future__ import annotations

from lantern.kernel.expr import BVar, Const, Expr, FVar, MVar, Pi, mk_app
from lantern.kernel.instantiate import lift_loose_bvars
from lantern.kernel.name import Name

from ..syntax import tree as T
from .basic import intro_one
from .core import TacticContext
from ..meta.kabstract import kabstract
from .names import inaccessible


def generalize_term(tc: TacticContext, goal: MVar, e: Expr, eq_name: str | None, span: T.Span) -> tuple[MVar, FVar]:
    te = tc.te
    d = tc.decl(goal)
    with tc.in_goal(goal):
        ty = te.instantiate(te.infer(e))
        body, _ = kabstract(tc.te, te.instantiate(d.type), e)
        level = te.sort_level_of(ty)
    x_name = inaccessible("x")
    if eq_name is None:
        new_target = Pi(x_name, ty, body)
        new = tc.new_goal(d.lctx, new_target, d.user_name)
        tc.assign(goal, mk_app(new, [e]))
        return intro_one(tc, new, x_name, span, whnf=False)
    # ∀ x, e = x → target[x], applied to `e` and `rfl`
    eq = mk_app(Const(Name.of("Eq"), (level,)), [ty, e, BVar(0)])

    new_target = Pi(x_name, ty, Pi(Name.of(eq_name), eq, lift_loose_bvars(body, 1, 0)))
    new = tc.new_goal(d.lctx, new_target, d.user_name)
    tc.assign(goal, mk_app(new, [e, mk_app(Const(Name.of("Eq.refl"), (level,)), [ty, e])]))
    g, x = intro_one(tc, new, x_name, span, whnf=False)
    g, _ = intro_one(tc, g, Name.of(eq_name), span, whnf=False)
    return g, x

