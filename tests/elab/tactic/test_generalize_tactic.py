"""`generalize h : e = x`: the parser does not produce this tactic yet, so the test builds the
`Tactic` node itself (with the roles `eval_generalize` documents) and runs it in place of `skip`."""

from __future__ import annotations

import pytest

from lantern.elab.document import check_document
from lantern.elab.syntax import tree as T
from lantern.elab.syntax.operators import NotationTable, resolve_all
from lantern.elab.syntax.parser import parse_term
from lantern.elab.tactic.hyps import eval_generalize
from lantern.elab.tactic.registry import TACTICS


def run_with_generalize(monkeypatch: pytest.MonkeyPatch, doc: str, expr: str, eq_name: str | None, var: str) -> list:
    term = resolve_all(parse_term(expr), NotationTable.builtin())

    def generalize_instead_of_skip(tc, stx):  # noqa: ANN001, ANN202
        eval_generalize(tc, T.Tactic(stx.span, "generalize", {"name": eq_name, "term": term, "var": T.Ident(stx.span, var)}))

    monkeypatch.setitem(TACTICS, "skip", generalize_instead_of_skip)
    return check_document(doc)


def messages(snapshots: list) -> list[str]:
    return [m.text for s in snapshots for m in s.messages]


def test_generalize_with_an_equation(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = "theorem t (n : Nat) : n + 1 > 0 := by\n  skip\n  done\n"
    out = messages(run_with_generalize(monkeypatch, doc, "n + 1", "h", "k"))
    assert out == ["unsolved goals\nn k : Nat\nh : n + 1 = k\n⊢ k > 0"]


def test_generalize_without_an_equation(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = "theorem t (n : Nat) : n + 1 > 0 := by\n  skip\n  done\n"
    out = messages(run_with_generalize(monkeypatch, doc, "n + 1", None, "k"))
    assert out == ["unsolved goals\nn k : Nat\n⊢ k > 0"]


def test_the_proof_is_checked_by_the_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = (
        "theorem t (n : Nat) (f : Nat → Nat) (hf : ∀ m, f m = m) : f (n + 1) = n + 1 := by\n"
        "  skip\n"
        "  exact hf k\n"
    )
    snapshots = run_with_generalize(monkeypatch, doc, "n + 1", None, "k")
    assert messages(snapshots) == []
    from lantern.kernel.name import Name

    assert Name.of("t") in snapshots[-1].env.kernel


def test_an_expression_that_does_not_occur_is_still_named(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = "theorem t (n : Nat) : n > 0 := by\n  skip\n  done\n"
    out = messages(run_with_generalize(monkeypatch, doc, "n + 1", "h", "k"))
    assert out == ["unsolved goals\nn k : Nat\nh : n + 1 = k\n⊢ n > 0"]
