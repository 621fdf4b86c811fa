"""The info tree's goal states at a position, as the language server will show them (Lean's rule:
the innermost tactic around the cursor; the goals after it when the cursor is at its end, before it
otherwise; nothing outside tactic blocks)."""

from __future__ import annotations

from lantern.elab.document import check_document
from lantern.elab.info import format_goal_views, tactic_state_at

DOC = """theorem and_swap (p q : Prop) (h : p ∧ q) : q ∧ p := by
  constructor
  · exact h.2
  · exact h.1
"""


def goals_at(marker: str, shift: int = 0) -> list[str] | None:
    snapshots = check_document(DOC)
    assert not [m for s in snapshots for m in s.messages]
    offset = DOC.index(marker) + shift
    found = tactic_state_at(snapshots[-1].info, offset)
    if found is None:
        return None
    node, goals = found
    return format_goal_views(node, goals)


def test_before_the_first_tactic_the_goal_is_the_statement() -> None:
    assert goals_at("constructor") == ["p q : Prop\nh : p ∧ q\n⊢ q ∧ p"]


def test_after_constructor_there_are_two_tagged_goals() -> None:
    assert goals_at("constructor", len("constructor")) == [
        "case left\np q : Prop\nh : p ∧ q\n⊢ q",
        "case right\np q : Prop\nh : p ∧ q\n⊢ p",
    ]


def test_inside_a_focused_block_the_innermost_tactic_wins() -> None:
    assert goals_at("exact h.2") == ["case left\np q : Prop\nh : p ∧ q\n⊢ q"]
    assert goals_at("exact h.2", len("exact h.2")) == []


def test_outside_tactic_blocks_there_is_no_goal() -> None:
    assert goals_at("theorem") is None
