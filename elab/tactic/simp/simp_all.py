"""`simp_all`: simplify every hypothesis with the others, then the target with all of them, again
until nothing changes (Lean's `simpAll`). A hypothesis that becomes `False` closes the goal; one that
becomes `True` is cleared. Fails with "simp_all made no progress" if nothing changed at all.
"""

from __future__ import annotations

from lantern.kernel.expr import MVar

from ...syntax import tree as T
from ..core import TacticContext, TacticError
from .goals import apply_to_hyp, apply_to_target
from .rewrite import Config, Simp
from .tactic import elab_args, prop_hyps, simp_set

MAX_ROUNDS = 16


def simp_all(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    args = elab_args(tc, goal, stx)
    te = tc.te
    progress = False
    for _ in range(MAX_ROUNDS):
        changed = False
        for decl in prop_hyps(tc, goal):
            current = tc.decl(goal).lctx.get(decl.fvar)
            if current is None:
                continue
            others = [h for h in prop_hyps(tc, goal) if h.fvar.fid != decl.fvar.fid]
            with tc.in_goal(goal):
                s = Simp(te, simp_set(tc, args, others), Config(), stx.span)
                ty = te.instantiate(current.type)
                r = s.run(ty)
            if r.expr == ty:
                continue
            changed = progress = True
            new: MVar | None = apply_to_hyp(tc, goal, current, r, s.proofs)
            if new is None:
                tc.replace_main_goal([])
                return
            goal = new
        with tc.in_goal(goal):
            s = Simp(te, simp_set(tc, args, prop_hyps(tc, goal)), Config(), stx.span)
            target = te.instantiate(tc.decl(goal).type)
            r = s.run(target)
        if r.expr != target:
            changed = progress = True
            new = apply_to_target(tc, goal, target, r, s.proofs)
            if new is None:
                tc.replace_main_goal([])
                return
            goal = new
        if not changed:
            break
    if not progress:
        raise TacticError(stx.span, "simp_all made no progress")
    tc.replace_main_goal([goal])
