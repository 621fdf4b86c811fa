"""Tactics for the proof obligations of well-founded recursion (`decreasing_by …`), as Lean has them.

The obligations arrive cleaned up (`m as < m vs`, see `command/wf_fix.py`), so `simp_wf`, which in
Lean unfolds `InvImage`, `measure` and `sizeOf` first, has nothing left to do and succeeds as is.
`decreasing_tactic` (and `decreasing_trivial`) is the default tactic, on every goal.
"""

from __future__ import annotations

from ..syntax import tree as T
from .core import TacticContext, TacticError
from .registry import tactic


@tactic("simp_wf")
def eval_simp_wf(tc: TacticContext, stx: T.Tactic) -> None:
    tc.main_goal(stx.span)


@tactic("decreasing_tactic", "decreasing_trivial")
def eval_decreasing_tactic(tc: TacticContext, stx: T.Tactic) -> None:
    from ..command.wf_decreasing import prove_decreasing

    goal = tc.main_goal(stx.span)
    if not prove_decreasing(tc.te, goal, stx.span):
        raise TacticError(stx.span, f"failed to prove termination: {stx.name} could not close the goal\n" + tc.format_goals([goal]))
    tc.replace_main_goal([])
