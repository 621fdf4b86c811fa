"""The tactic state and the operations every tactic is built from (Lean's `TacticM` and `MVarId` API).

A goal is a synthetic-opaque metavariable: its declaration holds the local context and the target,
its user name is the case tag. `TacticContext.goals` is the list of open goals, the main goal first.
A tactic reads the main goal, assigns it (with a term whose holes are new goals) and replaces it by
those new goals. Every assignment is a term; the declaration's kernel check sees all of them.

Tactics fail by raising `TacticError` (an `ElabError`); combinators such as `first` and `try` roll
back the metavariable context and the goal list on failure (`saved()`/`restore()`).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from lantern.kernel.expr import Expr, MVar
from lantern.kernel.name import Name
from lantern.kernel.record import record

from ..messages import ElabError
from ..meta.context import SYNTHETIC_OPAQUE, LocalContext, MVarDecl
from ..syntax import tree as T

if TYPE_CHECKING:
    from ..term.elaborator import TermElab


class TacticError(ElabError):
    """A tactic failed; the message says which tactic and why."""


@record(frozen=True, slots=True)
class SavedState:
    mctx_token: int
    goals: tuple[MVar, ...]
    num_messages: int
    num_pending: int
    uses_sorry: bool


class TacticContext:
    def __init__(self, te: "TermElab", goals: list[MVar], span: T.Span) -> None:
        self.te = te
        self.goals = goals
        self.span = span  # of the whole `by` block, for "unsolved goals"
        self.current: MVar | None = None  # the goal a tactic works on, for its error messages

    # -- goals ----------------------------------------------------------------------------------------

    def decl(self, goal: MVar) -> MVarDecl:
        return self.te.mctx.decl(goal)

    def target(self, goal: MVar) -> Expr:
        """The goal's target with the metavariables solved so far filled in."""
        return self.te.instantiate(self.decl(goal).type)

    def tag(self, goal: MVar) -> Name | None:
        return self.decl(goal).user_name

    def is_assigned(self, goal: MVar) -> bool:
        mctx = self.te.mctx
        return goal.mid in mctx.assignment or goal.mid in mctx.delayed

    def prune(self) -> None:
        """Drop goals that were solved as a side effect (by unification in another goal)."""
        self.goals = [g for g in self.goals if not self.is_assigned(g)]

    def main_goal(self, span: T.Span) -> MVar:
        self.prune()
        if not self.goals:
            raise TacticError(span, "no goals to be proved")
        return self.goals[0]

    def replace_main_goal(self, new_goals: list[MVar]) -> None:
        self.goals = new_goals + self.goals[1:]

    def new_goal(self, lctx: LocalContext, target: Expr, tag: Name | None = None) -> MVar:
        return self.te.mctx.new_mvar(target, lctx, SYNTHETIC_OPAQUE, tag)

    @contextmanager
    def in_goal(self, goal: MVar) -> Iterator[MVarDecl]:
        """Elaborate in the goal's local context (as `goal.withContext` in Lean)."""
        d = self.decl(goal)
        saved = self.te.lctx
        self.te.lctx = d.lctx
        try:
            yield d
        finally:
            self.te.lctx = saved

    def assign(self, goal: MVar, value: Expr) -> None:
        """Close `goal` with `value` (the caller has checked its type)."""
        self.te.mctx.assign(goal.mid, value)

    def close_with(self, goal: MVar, value: Expr, span: T.Span, tactic: str) -> None:
        """Close `goal` with `value` after checking that its type is the target."""
        with self.in_goal(goal) as d:
            ty = self.te.infer(value)
            if not self.te.is_def_eq(ty, d.type):
                raise TacticError(
                    span,
                    f"{tactic} failed: type mismatch\n  {self.te.pp(value)}\nhas type\n  {self.te.pp(ty)}\n"
                    f"but is expected to have type\n  {self.te.pp(d.type)}",
                )
        self.assign(goal, value)

    def admit(self, goal: MVar, synthetic: bool = True) -> None:
        """Close `goal` with `sorryAx`: after an error (`synthetic`), so the rest of the proof is still
        checked — the error has been reported — or for the user's `sorry`."""
        from lantern.kernel.expr import Const, mk_app

        d = self.decl(goal)
        with self.in_goal(goal):
            level = self.te.sort_level_of(d.type)
        self.assign(goal, mk_app(Const(Name.of("sorryAx"), (level,)), [d.type, Const(Name.of("Bool.true" if synthetic else "Bool.false"))]))

    # -- backtracking -----------------------------------------------------------------------------------

    def save(self) -> SavedState:
        te = self.te
        return SavedState(te.mctx.checkpoint(), tuple(self.goals), len(te.messages), len(te.pending_instances), te.uses_sorry)

    def restore(self, s: SavedState) -> None:
        te = self.te
        te.mctx.rollback(s.mctx_token)
        self.goals = list(s.goals)
        del te.messages[s.num_messages :]
        del te.pending_instances[s.num_pending :]
        te.uses_sorry = s.uses_sorry

    # -- printing -----------------------------------------------------------------------------------------

    def format_goals(self, goals: list[MVar] | None = None) -> str:
        from ..pp import format_goals

        goals = self.goals if goals is None else goals
        items = [(self.decl(g).lctx, self.decl(g).type, self.tag(g)) for g in goals]
        return format_goals(items, self.te.env, self.te.mctx)
