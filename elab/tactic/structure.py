"""Tactics that arrange other tactics: focusing (`·`, `case`, `next`, `focus`), `first`, `try`,
`repeat`, `all_goals`, `any_goals`, `<;>`, `( … )`, and `done`, `skip`, `sorry`, `admit`."""

from __future__ import annotations

from lantern.kernel.expr import MVar
from lantern.kernel.name import Name

from ..messages import ElabError
from ..syntax import tree as T
from .core import TacticContext, TacticError
from .names import rename_inaccessibles
from .registry import tactic
from .run import attempt, eval_seq, eval_tactic, run_closing

MAX_REPEAT = 10_000


def focus_on(tc: TacticContext, goal: MVar, seq: T.TacticSeq, span: T.Span) -> None:
    """Run `seq` on `goal` alone, which it must close (or have its error reported and be admitted);
    the other goals stay as they were."""
    rest = [g for g in tc.goals if g is not goal and g.mid != goal.mid]
    tc.goals = [goal]
    run_closing(tc, seq, span)
    tc.goals = rest


@tactic("·")
def eval_cdot(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    focus_on(tc, goal, stx.args["tactics"], T.Span(stx.span.start, stx.span.start + 1))  # type: ignore[arg-type]


@tactic("focus")
def eval_focus(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    rest = tc.goals[1:]
    tc.goals = [goal]
    eval_seq(tc, stx.args["tactics"])  # type: ignore[arg-type]
    tc.goals = tc.goals + rest


def _tag_matches(tag: Name | None, want: str) -> bool:
    if tag is None:
        return False
    s = str(tag).replace("✝", "")
    return s == want or s.endswith("." + want)


@tactic("case")
def eval_case(tc: TacticContext, stx: T.Tactic) -> None:
    tag = stx.args["tag"]
    tc.prune()
    if isinstance(tag, T.Hole):
        goal = tc.main_goal(stx.span)
    else:
        want = tag.name  # type: ignore[attr-defined]
        goal = next((g for g in tc.goals if _tag_matches(tc.tag(g), want)), None)  # type: ignore[assignment]
        if goal is None:
            tags = ", ".join(str(tc.tag(g)) for g in tc.goals if tc.tag(g) is not None) or "none"
            raise TacticError(tag.span, f"case tag '{want}' not found.\n\nAvailable tags: {tags}")  # type: ignore[attr-defined]
    goal = rename_inaccessibles(tc, goal, stx.args["names"], stx.span)  # type: ignore[arg-type]
    focus_on(tc, goal, stx.args["tactics"], stx.span)  # type: ignore[arg-type]


@tactic("next")
def eval_next(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    goal = rename_inaccessibles(tc, goal, stx.args["names"], stx.span)  # type: ignore[arg-type]
    focus_on(tc, goal, stx.args["tactics"], stx.span)  # type: ignore[arg-type]


@tactic("(")
def eval_paren(tc: TacticContext, stx: T.Tactic) -> None:
    eval_seq(tc, stx.args["tactics"])  # type: ignore[arg-type]


@tactic("first")
def eval_first(tc: TacticContext, stx: T.Tactic) -> None:
    last: ElabError | None = None
    for alt in stx.args["alts"]:  # type: ignore[attr-defined]
        last = attempt(tc, alt)
        if last is None:
            return
    assert last is not None
    raise last


@tactic("try")
def eval_try(tc: TacticContext, stx: T.Tactic) -> None:
    attempt(tc, stx.args["tactics"])  # type: ignore[arg-type]


@tactic("repeat")
def eval_repeat(tc: TacticContext, stx: T.Tactic) -> None:
    """Apply the block to the main goal, then recursively to each goal it produces, until it fails."""
    seq = stx.args["tactics"]

    def go(goal: MVar, depth: int) -> list[MVar]:
        if depth > MAX_REPEAT:
            raise TacticError(stx.span, "repeat: maximum recursion depth reached")
        saved_goals = tc.goals
        tc.goals = [goal]
        if attempt(tc, seq) is not None:  # type: ignore[arg-type]
            tc.goals = saved_goals
            return [goal]
        produced = list(tc.goals)
        tc.goals = saved_goals
        out: list[MVar] = []
        for g in produced:
            if not tc.is_assigned(g):
                out += go(g, depth + 1)
        return out

    tc.prune()
    if not tc.goals:
        return
    main, rest = tc.goals[0], tc.goals[1:]
    tc.goals = rest
    result = go(main, 0)
    tc.goals = result + rest


@tactic("all_goals")
def eval_all_goals(tc: TacticContext, stx: T.Tactic) -> None:
    """Run the block on every goal; a failure on one is the tactic's failure, with the goals it did
    not reach kept (so the error recovery admits them rather than losing them)."""
    tc.prune()
    todo = list(tc.goals)
    new_goals: list[MVar] = []
    for i, g in enumerate(todo):
        if tc.is_assigned(g):
            continue
        tc.goals = [g]
        try:
            eval_seq(tc, stx.args["tactics"])  # type: ignore[arg-type]
        except ElabError:
            tc.goals = new_goals + tc.goals + todo[i + 1 :]
            raise
        new_goals += tc.goals
    tc.goals = new_goals


@tactic("any_goals")
def eval_any_goals(tc: TacticContext, stx: T.Tactic) -> None:
    tc.prune()
    new_goals: list[MVar] = []
    succeeded = False
    for g in list(tc.goals):
        if tc.is_assigned(g):
            continue
        tc.goals = [g]
        if attempt(tc, stx.args["tactics"]) is None:  # type: ignore[arg-type]
            succeeded = True
        new_goals += tc.goals
    tc.goals = new_goals
    if not succeeded:
        raise TacticError(stx.span, "any_goals failed: the tactic failed on every goal")


@tactic("<;>")
def eval_then_all(tc: TacticContext, stx: T.Tactic) -> None:
    """`t <;> s`: run `t` on the main goal, then `s` on every goal `t` produced."""
    goal = tc.main_goal(stx.span)
    rest = tc.goals[1:]
    tc.goals = [goal]
    eval_tactic(tc, stx.args["first"])  # type: ignore[arg-type]
    tc.prune()
    produced = list(tc.goals)
    out: list[MVar] = []
    for g in produced:
        if tc.is_assigned(g):
            continue
        tc.goals = [g]
        eval_tactic(tc, stx.args["then"])  # type: ignore[arg-type]
        out += tc.goals
    tc.goals = out + rest


@tactic("done")
def eval_done(tc: TacticContext, stx: T.Tactic) -> None:
    tc.prune()
    if tc.goals:
        raise TacticError(stx.span, "unsolved goals\n" + tc.format_goals())


@tactic("skip")
def eval_skip(tc: TacticContext, stx: T.Tactic) -> None:
    pass


@tactic("sorry", "admit")
def eval_sorry(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    tc.te.uses_sorry = True  # the declaration is reported as using 'sorry'
    tc.admit(goal, synthetic=False)
    tc.goals = tc.goals[1:]
