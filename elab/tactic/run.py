"""Running tactic blocks: `by tacs` as a term, sequences, and the info tree node of each tactic.

`run_by_block` is what the term elaborator calls for a postponed `by` (after the rest of the term and
its instances, as in Lean). A tactic error ends the block: it is reported, and the goals still open
are admitted with `sorryAx` so that the declaration can still be added and later commands checked.
Goals left at the end are reported as "unsolved goals", printed as Lean prints them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.expr import MVar

from .. import info
from ..messages import ERROR, ElabError, Message
from ..syntax import tree as T
from .core import TacticContext, TacticError
from .registry import TACTICS

if TYPE_CHECKING:
    from ..term.elaborator import TermElab


def run_by_block(te: "TermElab", goal: MVar, stx: T.By) -> None:
    tc = TacticContext(te, [goal], stx.span)
    errors = len(te.messages)
    run_closing(tc, stx.tactics, T.Span(stx.span.start, stx.span.start + 2))
    if len(te.messages) > errors:
        admit_leftovers(tc, goal)


def admit_leftovers(tc: TacticContext, root: MVar) -> None:
    """After an error, holes of the proof that no goal list holds any more (a tactic failed half
    way) are admitted too: the error has been reported, the rest of the file goes on."""
    from ..meta.context import SYNTHETIC_OPAQUE
    from ..meta.instantiate import collect_mvars

    te = tc.te
    mctx = te.mctx
    for _ in range(100):
        open_mvars = []
        todo = list(collect_mvars(te.instantiate(root)))
        seen: set[int] = set()
        while todo:  # through delayed assignments too: `?n ys` waits on the hole `?m` behind it
            m = todo.pop()
            if m in seen or m in mctx.assignment:
                continue
            seen.add(m)
            if m in mctx.delayed:
                todo.extend(collect_mvars(te.instantiate(MVar(mctx.delayed[m][1]))))
            else:
                open_mvars.append(m)
        if not open_mvars:
            return
        for mid in open_mvars:
            d = te.mctx.decls.get(mid)
            if d is not None and d.kind == SYNTHETIC_OPAQUE:
                tc.admit(MVar(mid))
        if all(te.mctx.decls.get(m) is None or te.mctx.decls[m].kind != SYNTHETIC_OPAQUE for m in open_mvars):
            return


def run_closing(tc: TacticContext, seq: T.TacticSeq, error_span: T.Span) -> None:
    """Run `seq` on the current goals, which it must close. On an error, or when goals remain, the
    error is reported and the remaining goals are admitted (Lean's `closeUsingOrAdmit`)."""
    try:
        eval_seq(tc, seq)
    except ElabError as ex:
        report(tc, ex)
        admit_all(tc)
        return
    tc.prune()
    if tc.goals:
        tc.te.messages.append(Message(error_span, ERROR, "unsolved goals\n" + tc.format_goals()))
        admit_all(tc)


def report(tc: TacticContext, ex: ElabError) -> None:
    tc.te.messages.append(Message(ex.span, ERROR, ex.text))


def admit_all(tc: TacticContext) -> None:
    tc.prune()
    for g in tc.goals:
        tc.admit(g)
    tc.goals = []


def eval_seq(tc: TacticContext, seq: T.TacticSeq) -> None:
    for t in seq.tactics:
        eval_tactic(tc, t)


def eval_tactic(tc: TacticContext, stx: T.Tactic) -> None:
    fn = TACTICS.get(stx.name)
    if fn is None:
        raise TacticError(stx.span, f"unknown tactic '{stx.name}'")
    tc.prune()
    before = goal_views(tc) if info.is_collecting() else ()
    fn(tc, stx)
    tc.prune()
    if info.is_collecting():
        info.record(info.TacticInfo(stx.span, stx.name, before, goal_views(tc), tc.te.mctx, tc.te.env))


def goal_views(tc: TacticContext) -> tuple[info.GoalView, ...]:
    return tuple(info.GoalView(tc.decl(g).lctx, tc.decl(g).type, tc.tag(g)) for g in tc.goals)


def attempt(tc: TacticContext, seq: T.TacticSeq | T.Tactic) -> ElabError | None:
    """Run `seq`; on failure restore the state as it was and return the error."""
    saved, mark = tc.save(), info.mark()
    try:
        if isinstance(seq, T.TacticSeq):
            eval_seq(tc, seq)
        else:
            eval_tactic(tc, seq)
    except ElabError as ex:
        tc.restore(saved)
        info.drop_since(mark)
        return ex
    return None
