"""The info tree: what the elaborator learned at each place of the document, for the language server
(goal states at the cursor, hovers). Lean keeps a tree of `Info` nodes per command; here a command's
nodes are a flat list in elaboration order, each with its source range, so the server can pick the
innermost node around a position.

Elaborators record nodes with `record(...)`; `collecting()` (used once per command by
`command/run.py`) gathers them. Outside of it nothing is recorded, so elaborating in a test or in the
prelude costs nothing.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from lantern.kernel.expr import Expr
from lantern.kernel.name import Name
from lantern.kernel.record import record

from .meta.context import LocalContext, MetavarContext
from .syntax.tree import Span


@record(frozen=True, slots=True)
class GoalView:
    """A goal as it was when the node was recorded: its context, target and case tag. Metavariables
    in it are filled in from `TacticInfo.mctx` when printed (the command's final assignment)."""

    lctx: LocalContext
    target: Expr
    tag: Name | None


@record(frozen=True, slots=True)
class TacticInfo:
    """One tactic (or tactic block) with the goals before and after it."""

    span: Span
    name: str
    goals_before: tuple[GoalView, ...]
    goals_after: tuple[GoalView, ...]
    mctx: MetavarContext
    env: object  # the ElabEnv the tactic ran in, for printing


InfoNode = TacticInfo

_collectors: list[list[InfoNode]] = []


@contextmanager
def collecting() -> Iterator[list[InfoNode]]:
    nodes: list[InfoNode] = []
    _collectors.append(nodes)
    try:
        yield nodes
    finally:
        _collectors.pop()


def is_collecting() -> bool:
    return bool(_collectors)


def record(node: InfoNode) -> None:
    if _collectors:
        _collectors[-1].append(node)


def mark() -> int:
    """A position in the current node list, to drop nodes of a failed attempt (`first`, `try`)."""
    return len(_collectors[-1]) if _collectors else 0


def drop_since(position: int) -> None:
    if _collectors:
        del _collectors[-1][position:]


def tactic_state_at(nodes: list[InfoNode], offset: int) -> tuple[TacticInfo, tuple[GoalView, ...]] | None:
    """The goals to show at `offset` (a code-point offset into the document), as Lean does: the
    innermost tactic around the position; its goals after it when the position is at its end, before
    it otherwise. None outside tactic blocks."""
    best: TacticInfo | None = None
    for node in nodes:
        if node.span.start <= offset <= node.span.end:
            if best is None or node.span.end - node.span.start <= best.span.end - best.span.start:
                best = node
    if best is None:
        return None
    return best, (best.goals_after if offset >= best.span.end else best.goals_before)


def format_goal_views(node: TacticInfo, goals: tuple[GoalView, ...]) -> list[str]:
    """Each goal printed as Lean prints it (`case tag`, hypotheses, `⊢ target`)."""
    from .pp import format_goal

    return [format_goal(g.lctx, g.target, node.env, g.tag, node.mctx) for g in goals]
