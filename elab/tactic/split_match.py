"""`split` on a `match` in the goal (Lean's `Lean.Meta.Split.splitMatch`).

A `match` is compiled to `I.casesOn` (no auxiliary matcher), so splitting it is `cases` on its
discriminant, after which each case's `casesOn` is on a constructor and reduces to its branch. The
fields are named after the branch's pattern variables, inaccessible (`k✝` for `| k + 1 => …`), as
Lean introduces the splitter's alternatives.

A discriminant that is not a variable (`match n + 1 with …`) is generalized first, as Lean's
`generalizeMatchDiscrs` does: the `match` gets a new variable `x✝` and the hypothesis
`heq✝ : n + 1 = x✝`, the split is on `x✝`, so each case keeps `heq✝ : n + 1 = k✝ + 1` (or
`n + 1 = 0`) and the other occurrences of `n + 1` in the goal are left alone.
"""

from __future__ import annotations

from lantern.kernel.declaration import InductiveInfo
from lantern.kernel.expr import CONST, FVAR, LAM, Const, Expr, FVar, MVar, get_app_args, mk_app, subterms
from lantern.kernel.instantiate import instantiate1
from lantern.kernel.name import Name

from ..meta.instantiate import mk_forall_fvars
from ..syntax import tree as T
from .basic import intro_one
from .core import TacticContext
from ..meta.kabstract import kabstract
from .names import inaccessible


def split_match(tc: TacticContext, goal: MVar, target: Expr, span: T.Span) -> bool:
    """Split the first `casesOn` (a compiled `match`) of the target; False if there is none."""
    from .cases_indices import cases_goals, finish_case

    te = tc.te
    for app in subterms(target):
        head, args = get_app_args(app)
        if head.kind != CONST or not str(head.name).endswith(".casesOn") or app.lbr:  # type: ignore[attr-defined]
            continue
        ind = te.env.kernel.find(head.name.prefix)  # type: ignore[attr-defined]
        if not isinstance(ind, InductiveInfo):
            continue
        major_pos = ind.num_params + 1 + ind.num_indices
        if len(args) < major_pos + 1 + len(ind.ctors):
            continue
        major = te.instantiate(args[major_pos])
        if major.kind != FVAR:
            if ind.num_indices:
                continue  # an indexed family's indices would have to be generalized too
            generalized = generalize_discriminant(tc, goal, app, major_pos, span)
            if generalized is None:
                continue  # the `match`'s type depends on its discriminant
            goal, major = generalized
        minors = args[major_pos + 1 : major_pos + 1 + len(ind.ctors)]
        fake = T.Tactic(span, "split", {})
        new_goals = []
        for case, minor in zip(cases_goals(tc, goal, major, fake), minors):  # type: ignore[arg-type]
            g = case.goal
            names = _pattern_names(minor, case.arity)
            for k in range(case.arity):
                g, _ = intro_one(tc, g, names[k] if k < len(names) else None, span)
            done = finish_case(tc, case, g, span)
            if done is not None:
                new_goals.append(_reduce_target(tc, done[0]))
        tc.replace_main_goal(new_goals)
        return True
    return False


def _pattern_names(minor: Expr, arity: int) -> list[Name]:
    """The binder names of a `casesOn` branch `fun k => …`: the pattern's variables, inaccessible."""
    out: list[Name] = []
    while minor.kind == LAM and len(out) < arity:
        out.append(inaccessible(str(minor.name).replace("✝", "") or "a"))  # type: ignore[attr-defined]
        minor = minor.body  # type: ignore[attr-defined]
    return out


def generalize_discriminant(tc: TacticContext, goal: MVar, app: Expr, major_pos: int, span: T.Span) -> tuple[MVar, FVar] | None:
    """`⊢ T[casesOn … e …]` becomes `x✝, heq✝ : e = x✝ ⊢ T[casesOn … x✝ …]` (proved by the new goal at
    `e` and `rfl`); None when that is not type correct."""
    te = tc.te
    d = tc.decl(goal)
    head, args = get_app_args(app)
    discr = args[major_pos]
    saved = te.lctx
    try:
        te.lctx = d.lctx
        ty = te.instantiate(te.infer(discr))
        level = te.sort_level_of(ty)
        lctx, x = d.lctx.add(inaccessible("x"), ty)
        te.lctx = lctx
        new_app = mk_app(head, [*args[:major_pos], x, *args[major_pos + 1 :]])
        token = te.mctx.checkpoint()
        if not te.is_def_eq(te.infer(new_app), te.infer(app)):
            te.mctx.rollback(token)
            return None
        body, _ = kabstract(tc.te, te.instantiate(d.type), app)
        new_target = instantiate1(body, new_app)
        eq = mk_app(Const(Name.of("Eq"), (level,)), [ty, discr, x])
        lctx2, h = lctx.add(inaccessible("heq"), eq)
        generalized = mk_forall_fvars(te.mctx, lctx2, [x, h], new_target)
    finally:
        te.lctx = saved
    new = tc.new_goal(d.lctx, generalized, d.user_name)
    tc.assign(goal, mk_app(new, [discr, mk_app(Const(Name.of("Eq.refl"), (level,)), [ty, discr])]))
    g, xv = intro_one(tc, new, inaccessible("x"), span, whnf=False)
    g, _ = intro_one(tc, g, inaccessible("heq"), span, whnf=False)
    return g, xv


def _reduce_target(tc: TacticContext, goal: MVar) -> MVar:
    """The `match` now on a constructor, reduced (a definitional change of the target)."""
    from .unfold import reduce_matchers

    d = tc.decl(goal)
    with tc.in_goal(goal):
        old = tc.te.instantiate(d.type)
        new = reduce_matchers(tc, old)
    if new == old:
        return goal
    g = tc.new_goal(d.lctx, new, d.user_name)
    tc.assign(goal, g)
    return g
