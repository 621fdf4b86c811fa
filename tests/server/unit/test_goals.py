"""`$/lean/plainGoal` answers for positions in a checked document (Lean's JSON, computed in-process)."""

from __future__ import annotations

from lantern.elab.incremental import Document
from lantern.server.goals import plain_goal

TEXT = """theorem t (p q : Prop) (hp : p) (hq : q) : p ∧ q := by
  constructor
  · exact hp
  · exact hq
"""


def answer(offset: int) -> object:
    doc = Document(TEXT)
    doc.run()
    return plain_goal(doc.snapshot_at(offset), offset)


def test_goal_before_a_tactic() -> None:
    goal = "p q : Prop\nhp : p\nhq : q\n⊢ p ∧ q"
    assert answer(TEXT.index("constructor")) == {"rendered": f"```lean\n{goal}\n```", "goals": [goal]}


def test_several_goals_are_rendered_in_blocks_joined_by_rules() -> None:
    result = answer(TEXT.index("constructor") + len("constructor"))
    assert isinstance(result, dict)
    left, right = result["goals"]
    assert left.startswith("case left\n") and right.startswith("case right\n")
    assert result["rendered"] == f"```lean\n{left}\n```\n---\n```lean\n{right}\n```"


def test_no_goals_and_null() -> None:
    assert answer(TEXT.index("exact hq") + len("exact hq")) == {"rendered": "no goals", "goals": []}
    assert answer(TEXT.index("(p q")) is None
    assert plain_goal(None, 0) is None
