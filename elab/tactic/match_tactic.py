"""`match h with | p => tacs …` as a tactic: Lean elaborates it as `exact match h with | p => by tacs`,
so the term match compiler does the case analysis and each alternative's tactic block runs on its
case (with the discriminant replaced by the pattern in the goal)."""

from __future__ import annotations

from ..syntax import tree as T
from .basic import eval_exact
from .core import TacticContext
from .registry import tactic


@tactic("match")
def eval_match(tc: TacticContext, stx: T.Tactic) -> None:
    term = T.Match(stx.span, stx.args["discrs"], stx.args["alts"])  # type: ignore[arg-type]
    eval_exact(tc, T.Tactic(stx.span, "exact", {"term": term}))
