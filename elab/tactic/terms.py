"""Elaborating a term inside a goal for a tactic, and collecting the holes it leaves as new goals
(Lean's `elabTermEnsuringType` + `getMVarsNoDelayed` as used by `exact`, `refine` and `apply`)."""

from __future__ import annotations

from lantern.kernel.expr import Expr, MVar

from ..meta.context import NATURAL, SYNTHETIC_OPAQUE
from ..meta.instantiate import collect_mvars
from ..syntax import tree as T
from .core import TacticContext, TacticError


def new_holes(tc: TacticContext, e: Expr, mark: int, kinds: tuple[str, ...]) -> list[MVar]:
    """The unassigned metavariables of `e` created after `mark`, of the given kinds, in order of
    appearance."""
    mctx = tc.te.mctx
    out: list[MVar] = []
    for mid in collect_mvars(tc.te.instantiate(e)):
        d = mctx.decls.get(mid)
        if d is None or mid <= mark or mid in mctx.assignment or mid in mctx.delayed:
            continue
        if d.kind in kinds and all(m.mid != mid for m in out):
            out.append(MVar(mid))
    return out


def elab_for_goal(tc: TacticContext, stx: T.Term, expected: Expr | None, span: T.Span) -> tuple[Expr, int]:
    """Elaborate `stx` against `expected` in the current local context (the caller is inside
    `tc.in_goal`), solving instances and running nested `by` blocks. Returns the term and the mark
    for `new_holes`."""
    te = tc.te
    mark = te.mctx.mark()
    e = te.elab_checked(stx, expected)
    te.synthesize_pending()
    return te.instantiate(e), mark


def as_goals(tc: TacticContext, holes: list[MVar]) -> list[MVar]:
    """Holes become goals: natural ones are made synthetic-opaque so unification leaves them alone
    (Lean turns them into new goals the same way)."""
    mctx = tc.te.mctx
    for h in holes:
        d = mctx.decls[h.mid]
        if d.kind == NATURAL:
            from lantern.kernel.record import replace

            mctx.decls[h.mid] = replace(d, kind=SYNTHETIC_OPAQUE)
    return holes


def no_holes(tc: TacticContext, e: Expr, mark: int, span: T.Span) -> None:
    holes = new_holes(tc, e, mark, (NATURAL, SYNTHETIC_OPAQUE))
    if holes:
        raise TacticError(span, f"don't know how to synthesize placeholder\ncontext:\n{tc.format_goals([holes[0]])}")
