"""`$/lean/plainGoal` over the protocol: Lean's exact JSON before and after tactics, `no goals`,
`null` outside tactic blocks, at positions given in each client's encoding (the proof mentions `𝔸`,
`α` and `∀` before the positions asked about)."""

from __future__ import annotations

import pytest

from .conftest import Session

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEXT = """def 𝔸 : Nat := 1

theorem and_swap (α : Type) (p q : Prop) (hp : p) (hq : q) : ∀ (x : α), q ∧ p := by
  intro x
  constructor
  · exact hq
  · exact hp

def after : Nat := 𝔸
"""

GOAL = "α : Type\np q : Prop\nhp : p\nhq : q\n⊢ ∀ (x : α), q ∧ p"
AFTER_INTRO = "α : Type\np q : Prop\nhp : p\nhq : q\nx : α\n⊢ q ∧ p"
LEFT = "case left\nα : Type\np q : Prop\nhp : p\nhq : q\nx : α\n⊢ q"
RIGHT = "case right\nα : Type\np q : Prop\nhp : p\nhq : q\nx : α\n⊢ p"


def fields(answer: object) -> dict:
    """The answer's JSON object (pygls' client gives it as a namedtuple)."""
    assert answer is not None
    return answer._asdict()  # type: ignore[attr-defined]


def rendered(goals: list[str]) -> str:
    return "\n---\n".join(f"```lean\n{g}\n```" for g in goals)


async def test_goals_before_and_after_tactics(session: Session) -> None:
    uri = session.open(TEXT)
    # Asked at once: the request waits until the proof is checked.
    before_intro = fields(await session.goal(uri, session.at(uri, "intro x")))
    assert before_intro == {"rendered": rendered([GOAL]), "goals": [GOAL]}
    assert list(before_intro) == ["rendered", "goals"]
    after_intro = fields(await session.goal(uri, session.at(uri, "intro x", len("intro x"))))
    assert after_intro["goals"] == [AFTER_INTRO]
    after_constructor = fields(await session.goal(uri, session.at(uri, "constructor", len("constructor"))))
    assert after_constructor == {"rendered": rendered([LEFT, RIGHT]), "goals": [LEFT, RIGHT]}
    inside_first_bullet = fields(await session.goal(uri, session.at(uri, "exact hq", 2)))
    assert inside_first_bullet["goals"] == [LEFT]


async def test_no_goals_where_the_proof_is_done(session: Session) -> None:
    uri = session.open(TEXT)
    answer = fields(await session.goal(uri, session.at(uri, "exact hp", len("exact hp"))))
    assert answer == {"rendered": "no goals", "goals": []}


async def test_null_outside_tactic_blocks(session: Session) -> None:
    uri = session.open(TEXT)
    assert await session.goal(uri, session.at(uri, "def 𝔸", 2)) is None
    assert await session.goal(uri, session.at(uri, "theorem and_swap", 3)) is None
    assert await session.goal(uri, session.at(uri, "def after", 3)) is None
    # Past the end of the file.
    from lsprotocol import types as lsp

    assert await session.goal(uri, lsp.Position(line=40, character=0)) is None
