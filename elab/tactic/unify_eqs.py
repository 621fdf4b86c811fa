"""Solving the equations that `cases` on an indexed family leaves in each case (Lean's `unifyEq?` and
`Cases.unifyEqs?`).

`cases` on `v : Vec α (n + 1)` generalizes the index and the value (see `cases_indices.py`), so each
constructor's case starts with equations between what the value was and what the constructor makes:
`n + 1 = n✝ + 1` and `HEq v (Vec.cons a w)`. They are solved one by one, in order, as Lean does:

- `HEq a b` becomes `a = b` (`eq_of_heq`) once the types agree;
- `x = t` or `t = x` with a variable `x` not in `t` is substituted (`subst`); between two variables the
  one declared later goes, so `n = n✝` keeps the user's `n`;
- `a = a` (definitionally) is dropped;
- constructor applications are compared: different constructors close the case (it cannot happen, as
  `Vec.nil` for the index `n + 1`), equal ones give the equations of their fields (`injection`);
- anything else is reduced to weak head normal form first; if that does not help, the case is stuck
  and Lean's "dependent elimination failed" is reported.

Every step is a tactic that builds a term (`Eq.rec`, `eq_of_heq`, the constructor lemmas of
`ctor_eq.py`), so the kernel checks the result.
"""

from __future__ import annotations

from lantern.kernel.expr import FVAR, Expr, FVar, MVar
from lantern.kernel.name import Name

from ..syntax import tree as T
from .basic import intro_one
from .core import TacticContext, TacticError
from .ctor_eq import ctor_view
from .have import assert_hyp
from .injection import injection_core
from .mk import AppBuilderError, const_args, match_eq, mk_app_m, mk_eq
from .revert import mentions_any
from .subst import FVarMap, subst_core

# What one step leaves: the goal, the new equations still to solve (in order), where variables went.
Step = tuple[MVar, list[FVar], FVarMap]


def stuck(tc: TacticContext, goal: MVar, eq_type: Expr, span: T.Span, case_name: Name | None) -> TacticError:
    with tc.in_goal(goal):
        shown = tc.te.pp(eq_type)
    at_case = f"\nat case {case_name}" if case_name is not None else ""
    return TacticError(span, f"dependent elimination failed, failed to solve equation\n  {shown}{at_case}")


def unify_eqs(
    tc: TacticContext, goal: MVar, num_eqs: int, span: T.Span, case_name: Name | None = None
) -> tuple[MVar, FVarMap] | None:
    """Introduce the first `num_eqs` premises of the target (equations) and solve them in order; None
    when an equation between different constructors closed the goal. The map says where the variables
    of the context went (a substituted one to its value, a moved one to its new variable)."""
    fmap: FVarMap = {}
    todo: list[FVar] = []
    premises = num_eqs
    while premises or todo:
        if not todo:
            goal, h = intro_one(tc, goal, None, span, whnf=False)
            premises -= 1
            todo = [h]
        h = resolve(todo.pop(0), fmap)
        if h.kind != FVAR or tc.decl(goal).lctx.get(h) is None:
            continue  # solved along with another one
        result = unify_eq(tc, goal, h, span, case_name)  # type: ignore[arg-type]
        if result is None:
            return None
        goal, new_eqs, moved = result
        fmap.update(moved)
        todo = new_eqs + todo
    return goal, fmap


def resolve(x: Expr, fmap: FVarMap) -> Expr:
    """Follow `x` through the substitutions made so far."""
    for _ in range(10_000):
        if x.kind != FVAR or x.fid not in fmap:  # type: ignore[attr-defined]
            return x
        nxt = fmap[x.fid]  # type: ignore[attr-defined]
        if nxt is x:
            return x
        x = nxt
    return x


def unify_eq(tc: TacticContext, goal: MVar, h: FVar, span: T.Span, case_name: Name | None = None) -> Step | None:
    """One equation `h` of the goal's context; None when it closed the goal."""
    te = tc.te
    decl = tc.decl(goal).lctx.get(h)
    assert decl is not None
    ty = te.instantiate(decl.type)
    with tc.in_goal(goal):
        if const_args(ty, "HEq", 4) is not None:
            return _heq_to_eq(tc, goal, h, ty, span, case_name)
        eq = match_eq(te, ty, whnf=False) or match_eq(te, ty)
        if eq is None:
            raise TacticError(span, f"equality expected\n  {te.pp(ty)}")
        a, b = te.instantiate(eq[1]), te.instantiate(eq[2])
    if a.kind == FVAR and b.kind == FVAR:
        # `x = y`: the variable declared later is replaced by the earlier one.
        return _subst_eq(tc, goal, h, a, b, ty, eliminate_lhs=_position(tc, goal, a) > _position(tc, goal, b), span=span, case_name=case_name)
    if a.kind == FVAR:
        return _subst_eq(tc, goal, h, a, b, ty, eliminate_lhs=True, span=span, case_name=case_name)
    if b.kind == FVAR:
        return _subst_eq(tc, goal, h, a, b, ty, eliminate_lhs=False, span=span, case_name=case_name)
    with tc.in_goal(goal):
        same = te.is_def_eq(a, b)
    if same:
        return _clear(tc, goal, h), [], {}
    return _injection(tc, goal, h, a, b, ty, span, case_name)


def _position(tc: TacticContext, goal: MVar, x: Expr) -> int:
    for i, d in enumerate(tc.decl(goal).lctx):
        if d.fvar.fid == x.fid:  # type: ignore[attr-defined]
            return i
    return -1


def _subst_eq(
    tc: TacticContext, goal: MVar, h: FVar, a: Expr, b: Expr, ty: Expr, eliminate_lhs: bool, span: T.Span, case_name: Name | None
) -> Step:
    """Substitute the variable side (`a` if `eliminate_lhs`, else `b`); if that is impossible (the
    variable occurs in the other side, or is a `let`), drop the equation when its sides agree."""
    te = tc.te
    x, value = (a, b) if eliminate_lhs else (b, a)
    decl = tc.decl(goal).lctx.get(x)
    if decl is not None and decl.value is None and not mentions_any(te.instantiate(value), {x.fid}):  # type: ignore[attr-defined]
        saved = tc.save()
        try:
            new, fmap = subst_core(tc, goal, h, x, value, var_on_rhs=not eliminate_lhs, span=span)  # type: ignore[arg-type]
            return new, [], fmap
        except TacticError:
            tc.restore(saved)
    with tc.in_goal(goal):
        same = te.is_def_eq(a, b)
    if same:
        return _clear(tc, goal, h), [], {}
    raise stuck(tc, goal, ty, span, case_name)


def _injection(tc: TacticContext, goal: MVar, h: FVar, a: Expr, b: Expr, ty: Expr, span: T.Span, case_name: Name | None) -> Step | None:
    """Constructor applications on both sides: injectivity or disjointness; else reduce and retry."""
    te = tc.te
    with tc.in_goal(goal):
        both = ctor_view(te, a) is not None and ctor_view(te, b) is not None
    if both:
        saved = tc.save()
        try:
            result = injection_core(tc, goal, h, span)
        except TacticError:
            tc.restore(saved)
            raise stuck(tc, goal, ty, span, case_name) from None
        if result is None:
            return None
        new, eqs = result
        return new, eqs, {}
    # Lean reduces both sides and tries again; only a reduction that exposes a variable or a
    # constructor can help, and the message keeps the equation as it was written.
    with tc.in_goal(goal):
        a2, b2 = te.whnf(a), te.whnf(b)
        exposed = [x.kind == FVAR or ctor_view(te, x) is not None for x in (a2, b2)]
        if (a2 == a and b2 == b) or not (a2.kind == FVAR or b2.kind == FVAR or all(exposed)):
            raise stuck(tc, goal, ty, span, case_name)
        reduced = mk_eq(te, a2, b2)
    new, h2 = assert_hyp(tc, goal, tc.decl(goal).lctx.get(h).name, reduced, h)  # type: ignore[union-attr]
    return _clear(tc, new, h), [h2], {}


def _heq_to_eq(tc: TacticContext, goal: MVar, h: FVar, ty: Expr, span: T.Span, case_name: Name | None) -> Step:
    """`HEq a b` with `a b` of one type: `a = b` by `eq_of_heq` (Lean's `heqToEq`)."""
    te = tc.te
    try:
        proof = mk_app_m(te, "eq_of_heq", [h])
    except AppBuilderError:
        raise stuck(tc, goal, ty, span, case_name) from None
    eq_type = te.instantiate(te.infer(proof))
    new, h2 = assert_hyp(tc, goal, tc.decl(goal).lctx.get(h).name, eq_type, proof)  # type: ignore[union-attr]
    return _clear(tc, new, h), [h2], {}


def _clear(tc: TacticContext, goal: MVar, h: FVar) -> MVar:
    """Drop the solved equation `h` (it stays if something still mentions it)."""
    te = tc.te
    d = tc.decl(goal)
    if mentions_any(te.instantiate(d.type), {h.fid}) or any(
        x.fvar.fid != h.fid and mentions_any(te.instantiate(x.type), {h.fid}) for x in d.lctx
    ):
        return goal
    new = tc.new_goal(d.lctx.remove({h.fid}), d.type, d.user_name)
    tc.assign(goal, new)
    return new
