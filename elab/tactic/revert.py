"""Moving hypotheses between the context and the target: `revert` (Lean's `MVarId.revert`), and
introducing them back with their names, as `induction` and `cases` do for hypotheses that depend on
the eliminated variable."""

from __future__ import annotations

from lantern.kernel.expr import HAS_FVAR, Expr, FVar, MVar, mk_app
from lantern.kernel.local_ctx import LocalDecl

from ..meta.instantiate import mk_forall_fvars
from ..syntax import tree as T
from .core import TacticContext, TacticError
from .registry import tactic


def mentions_any(e: Expr, fids: set) -> bool:
    if not e.flags & HAS_FVAR or not fids:
        return False
    stack = [e]
    while stack:
        x = stack.pop()
        if not x.flags & HAS_FVAR:
            continue
        if getattr(x, "fid", None) in fids:
            return True
        for attr in ("fn", "arg", "type", "body", "value", "struct"):
            c = getattr(x, attr, None)
            if isinstance(c, Expr):
                stack.append(c)
    return False


def dependents(tc: TacticContext, goal: MVar, fvars: list[FVar]) -> list[LocalDecl]:
    """The hypotheses after `fvars` whose types (or values) mention them, transitively, in context
    order: they must move along when `fvars` are reverted or eliminated."""
    te = tc.te
    d = tc.decl(goal)
    fids = {f.fid for f in fvars}
    out: list[LocalDecl] = []
    seen_first = False
    for decl in d.lctx:
        if decl.fvar.fid in fids:
            seen_first = True
            continue
        if not seen_first:
            continue
        ty = te.instantiate(decl.type)
        if mentions_any(ty, fids) or (decl.value is not None and mentions_any(te.instantiate(decl.value), fids)):
            out.append(decl)
            fids.add(decl.fvar.fid)
    return out


def revert(tc: TacticContext, goal: MVar, fvars: list[FVar], span: T.Span) -> tuple[MVar, list[LocalDecl]]:
    """Revert `fvars` and everything that depends on them. Returns the new goal and the reverted
    declarations, in order."""
    te = tc.te
    d = tc.decl(goal)
    order = {decl.fvar.fid: i for i, decl in enumerate(d.lctx)}
    wanted = {f.fid for f in fvars}
    wanted |= {x.fvar.fid for x in dependents(tc, goal, fvars)}
    decls = sorted((x for x in d.lctx if x.fvar.fid in wanted), key=lambda x: order[x.fvar.fid])
    if not decls:
        return goal, []
    rev_fvars = [x.fvar for x in decls]
    target = te.instantiate(d.type)
    new_target = mk_forall_fvars(te.mctx, d.lctx, rev_fvars, target)
    lctx = d.lctx.remove({f.fid for f in rev_fvars})
    for x in lctx:
        if mentions_any(te.instantiate(x.type), {f.fid for f in rev_fvars}):
            raise TacticError(span, f"failed to revert: '{x.name}' depends on them")
    new = tc.new_goal(lctx, new_target, d.user_name)
    tc.assign(goal, mk_app(new, rev_fvars))
    return new, decls


@tactic("revert")
def eval_revert(tc: TacticContext, stx: T.Tactic) -> None:
    from lantern.kernel.name import Name

    goal = tc.main_goal(stx.span)
    d = tc.decl(goal)
    fvars: list[FVar] = []
    for n in stx.args["names"]:  # type: ignore[union-attr]
        h = d.lctx.find_user(Name.of(n.name))
        if h is None:
            raise TacticError(n.span, f"unknown hypothesis '{n.name}'")
        fvars.append(h.fvar)
    new, _ = revert(tc, goal, fvars, stx.span)
    tc.replace_main_goal([new])
