"""Applying a simp result to a goal: to its target (Lean's `applySimpResultToTarget`) or to one of its
hypotheses (`applySimpResultToLocalDecl`).

Target `t` rewritten to `t'` with `h : t = t'`: the goal becomes `t'`, assigned `Eq.mpr h ?new`
(`t'` definitionally equal: the goal simply gets the new type); `t' = True` closes the goal with
`of_eq_true h`. Hypothesis `x : t` rewritten to `t'`: a new hypothesis `x : t'` takes its place
(proved by `Eq.mp h x`) and the old one is cleared; `t' = False` closes the goal (`False.elim`);
`t' = True` clears the hypothesis, which says nothing any more.
"""

from __future__ import annotations

from lantern.kernel.expr import Const, Expr, MVar, mk_app
from lantern.kernel.local_ctx import LocalDecl
from lantern.kernel.name import Name

from ...meta.context import LocalContext
from ...meta.instantiate import mk_lambda_fvars
from ..core import TacticContext
from .proofs import FALSE, TRUE, Proofs, Result


def apply_to_target(tc: TacticContext, goal: MVar, target: Expr, r: Result, proofs: Proofs) -> MVar | None:
    """The new goal, or None if the target became `True` and the goal is closed."""
    d = tc.decl(goal)
    if r.expr == TRUE:
        tc.assign(goal, proofs.of_eq_true(target, r.proof))
        return None
    new = tc.new_goal(d.lctx, r.expr, d.user_name)
    tc.assign(goal, new if r.proof is None else proofs.mpr(target, r.expr, r.proof, new))
    return new


def apply_to_hyp(tc: TacticContext, goal: MVar, decl: LocalDecl, r: Result, proofs: Proofs) -> MVar | None:
    """The new goal, or None if the hypothesis became `False` and the goal is closed."""
    te = tc.te
    d = tc.decl(goal)
    old_type = te.instantiate(decl.type)
    if r.expr == FALSE:
        h = decl.fvar if r.proof is None else proofs.mp(old_type, FALSE, r.proof, decl.fvar)
        target = te.instantiate(d.type)
        with tc.in_goal(goal):
            level = te.sort_level_of(target)
        tc.assign(goal, mk_app(Const(Name.of("False.elim"), (level,)), [target, h]))
        return None
    dependents = _dependents(tc, goal, decl)
    if r.expr == TRUE and not dependents:
        new = tc.new_goal(d.lctx.remove({decl.fvar.fid}), d.type, d.user_name)
        tc.assign(goal, new)
        return new
    if r.proof is None and not dependents:
        lctx = d.lctx.replace(LocalDecl(decl.fvar, decl.name, r.expr, decl.value, decl.binfo))
        new = tc.new_goal(lctx, d.type, d.user_name)
        tc.assign(goal, new)
        return new
    # A new variable in the old one's place (after it, if something depends on the old one).
    _, fresh = d.lctx.add(decl.name, r.expr)
    new_decl = LocalDecl(fresh, decl.name, r.expr, None, decl.binfo)
    decls: list[LocalDecl] = []
    for x in d.lctx.decls:
        if x.fvar.fid == decl.fvar.fid:
            if dependents:
                decls.append(x)
            decls.append(new_decl)
        else:
            decls.append(x)
    lctx = LocalContext(tuple(decls))
    new = tc.new_goal(lctx, d.type, d.user_name)
    value = decl.fvar if r.proof is None else proofs.mp(old_type, r.expr, r.proof, decl.fvar)
    tc.assign(goal, mk_app(mk_lambda_fvars(te.mctx, lctx, [fresh], new), [value]))
    return new


def _dependents(tc: TacticContext, goal: MVar, decl: LocalDecl) -> bool:
    """Does the target or another hypothesis mention `decl`?"""
    te = tc.te
    d = tc.decl(goal)
    fid = decl.fvar.fid
    if _mentions(te.instantiate(d.type), fid):
        return True
    return any(x.fvar.fid != fid and (_mentions(te.instantiate(x.type), fid) or
                                      (x.value is not None and _mentions(x.value, fid))) for x in d.lctx.decls)


def _mentions(e: Expr, fid: object) -> bool:
    from lantern.kernel.expr import FVAR, HAS_FVAR, subterms

    return bool(e.flags & HAS_FVAR) and any(x.kind == FVAR and x.fid == fid for x in subterms(e))  # type: ignore[attr-defined]
