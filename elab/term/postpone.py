"""Postponed arguments (Lean's postponed elaboration problems in `elabAppArgs`).

`List.map (fun x => x.succ) [1, 2]`: when `fun x => x.succ` is reached, the type of `x` is a
metavariable that only the later argument `[1, 2]` decides, and `x.succ` cannot be resolved yet. Lean
postpones such an argument and elaborates it again once the application's other arguments are in. Here
an argument that needs its expected type (a `fun`, `⟨…⟩`, `{ … }`, `.c`) and fails while that type still
has metavariables is undone and stands as a hole until the end of the application.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.expr import Expr, MVar

from ..messages import ElabError
from ..syntax import tree as T

if TYPE_CHECKING:
    from .elaborator import TermElab

    _Base = TermElab
else:
    _Base = object


def _may_postpone(stx: T.Term) -> bool:
    if isinstance(stx, T.Paren):
        return _may_postpone(stx.term)
    if isinstance(stx, (T.Fun, T.FunMatch, T.AnonCtor, T.StructInst, T.DotIdent)):
        return True
    return isinstance(stx, T.App) and isinstance(stx.fn, T.DotIdent)


class PostponeMixin(_Base):
    def elab_arg_or_postpone(self, arg: T.Term, dom: Expr, postponed: list[tuple[MVar, T.Term, Expr]]) -> Expr:
        """Elaborate an explicit argument against `dom`; if it fails while `dom` is not known yet,
        undo it and return a hole to be filled by `resume_postponed`."""
        if not _may_postpone(arg) or not self.instantiate(dom).has_mvar:
            return self.elab_checked(arg, dom)
        saved = self._save_state()
        try:
            return self.elab_checked(arg, dom)
        except ElabError:
            self._restore_state(saved)
            hole = self.new_mvar(dom)
            postponed.append((hole, arg, dom))
            return hole

    def resume_postponed(self, postponed: list[tuple[MVar, T.Term, Expr]]) -> None:
        """Elaborate the postponed arguments now that the other arguments are known."""
        for hole, arg, dom in postponed:
            if self.pending_instances:
                self._synthesize_instances(use_defaults=False, report=False)
            value = self.elab_checked(arg, self.instantiate(dom))
            if not self.is_def_eq(hole, value):
                raise self.mismatch(value, self.infer(value), self.infer(hole), arg.span)

    def _save_state(self) -> tuple:
        records = getattr(self, "match_records", None)
        return (
            self.mctx.checkpoint(), self.lctx, list(self.pending_instances), list(self.pending_tactics),
            list(self.postponed_checks), len(self.messages), self.uses_sorry,
            None if records is None else list(records),
        )

    def _restore_state(self, saved: tuple) -> None:
        token, lctx, insts, tacs, checks, n_msgs, sorry, records = saved
        self.mctx.rollback(token)
        self.lctx = lctx
        self.pending_instances[:] = insts
        self.pending_tactics[:] = tacs
        self.postponed_checks[:] = checks
        del self.messages[n_msgs:]
        self.uses_sorry = sorry
        if records is not None:
            self.match_records[:] = records
        elif hasattr(self, "match_records"):
            del self.match_records
        self._checker = None
