"""Answers to instance problems kept from one declaration to the next (`elab/term/instance_cache.py`):
a recurring problem is answered without a search, the answer is the one the search would give
(local instances, later instances and other definitions behind a name all taken into account), and
what a document shows is the same whether its problems were answered or searched."""

from __future__ import annotations

import pytest

from lantern.elab.document import check_document, messages_of
from lantern.elab.term import instance_cache
from lantern.elab.term.instances import InstanceMixin


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The problems searched (rather than answered), starting from no kept answers."""
    from lantern.elab.document import initial_env

    initial_env()  # (a prelude checked now, with no cache on disk, is not counted)
    monkeypatch.setattr(instance_cache, "_answers", {})
    seen: list[str] = []
    real = InstanceMixin._search

    def counting(self, goal, *args):  # type: ignore[no-untyped-def]
        seen.append(str(self.instantiate(goal)))
        return real(self, goal, *args)

    monkeypatch.setattr(InstanceMixin, "_search", counting)
    return seen


def _messages(text: str) -> list[str]:
    return [f"{m.severity}: {m.text}" for m in messages_of(check_document(text))]


def test_a_recurring_problem_is_searched_once(searches: list[str]) -> None:
    _messages("def a (n : Nat) : Nat := n + 1\ndef b (n : Nat) : Nat := n + 2\n")
    adds = [s for s in searches if s.startswith("HAdd")]
    assert len(adds) == 1, searches


def test_a_local_instance_comes_before_a_kept_answer(searches: list[str]) -> None:
    text = (
        "def h (a b : Nat) : Nat := a + b\n"
        "def g [inst : Add Nat] (a b : Nat) : Nat := a + b\n"
        "#eval @g ⟨Nat.mul⟩ 2 3\n"
        "#eval h 2 3\n"
    )
    assert _messages(text) == ["info: 6", "info: 5"]


def test_an_instance_declared_later_is_found(searches: list[str]) -> None:
    text = "#eval (2 + 3 : Nat)\ninstance : HAdd Nat Nat Nat := ⟨Nat.mul⟩\n#eval (2 + 3 : Nat)\n"
    assert _messages(text) == ["info: 5", "info: 6"]


def test_a_name_given_another_definition_is_searched_again(searches: list[str]) -> None:
    problem = "#eval ((2 : MyNat) - 3 : MyNat)\n"
    assert _messages("abbrev MyNat := Nat\n" + problem) == ["info: 0"]
    assert _messages("abbrev MyNat := Int\n" + problem) == ["info: -1"]


def test_a_document_is_numbered_alike_whether_its_problems_are_answered_or_searched(
    searches: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "def a (n : Nat) : Nat := n + 1\n"
        "example : Nat := 1 + _\n"
        "example (n : Nat) : n + 1 = _ := by\n  exact foo\n"
        "example (n : Nat) : 2 * n + 1 = _ := by\n  exact foo\n"
    )
    answered = _messages(text)  # the later commands are answered from the earlier ones
    searched_once = len(searches)
    again = _messages(text)  # every problem answered
    assert len(searches) == searched_once
    monkeypatch.setattr(instance_cache, "lookup", lambda *args: None)
    searched = _messages(text)
    assert answered == again == searched
    assert any("?m." in m for m in searched), searched  # (the numbers are shown)
