"""What an edit re-checks and what it replays (DESIGN.md: "a command after it is reused too when its
own text is unchanged and the signatures of everything it refers to are unchanged"), and that the
replayed commands show what a check from scratch shows."""

from __future__ import annotations

from lantern.elab.incremental import Document
from lantern.elab.incremental.replay import ReplayedSnapshot

from .harness import assert_same_as_scratch, goals

SOURCE = """def double (n : Nat) : Nat := n + n

def triple (n : Nat) : Nat := n + n + n

theorem double_two : double 2 = 4 := by decide

theorem triple_two : triple 2 = 6 := by decide

theorem double_eq (n : Nat) : double n = 2 * n := by
  unfold double
  omega

theorem add_comm' (a b : Nat) : a + b = b + a := by
  omega

#eval triple 5

example (n : Nat) (h : n = 2) : double n = 4 := by
  subst h
  decide
"""


def edited(doc: Document, text: str) -> list[str]:
    """Apply `text`, check to the end; the first line of each command that was checked again."""
    doc.set_text(text)
    doc.run()
    assert_same_as_scratch(doc, text)
    return [text[s.span.start : s.span.end].split("\n")[0] for s in doc.snapshots if not isinstance(s, ReplayedSnapshot)][doc.reused :]


def test_a_proof_edit_rechecks_that_proof_and_replays_everything_after_it() -> None:
    doc = Document(SOURCE)
    doc.run()
    text = SOURCE.replace("  unfold double\n  omega", "  simp only [double]\n  omega")
    assert edited(doc, text) == ["theorem double_eq (n : Nat) : double n = 2 * n := by"]
    assert (doc.reused, doc.rechecked, doc.replayed) == (4, 1, 3)


def test_a_failing_proof_edit_replays_the_rest_too() -> None:
    doc = Document(SOURCE)
    doc.run()
    text = SOURCE.replace("theorem add_comm' (a b : Nat) : a + b = b + a := by\n  omega", "theorem add_comm' (a b : Nat) : a + b = b + a := by\n  rfl")
    assert edited(doc, text) == ["theorem add_comm' (a b : Nat) : a + b = b + a := by"]
    assert any(m.severity == "error" for m in doc.messages())


def test_a_definition_body_edit_rechecks_its_dependents_and_replays_the_others() -> None:
    doc = Document(SOURCE)
    doc.run()
    text = SOURCE.replace("def double (n : Nat) : Nat := n + n", "def double (n : Nat) : Nat := 2 * n")
    assert edited(doc, text) == [
        "def double (n : Nat) : Nat := 2 * n",
        "theorem double_two : double 2 = 4 := by decide",
        "theorem double_eq (n : Nat) : double n = 2 * n := by",
        "example (n : Nat) (h : n = 2) : double n = 4 := by",
    ]
    assert doc.replayed == 4  # `triple`, `triple_two`, `add_comm'`, `#eval`


def test_a_definition_type_edit_rechecks_its_dependents() -> None:
    doc = Document(SOURCE)
    doc.run()
    text = SOURCE.replace("def triple (n : Nat) : Nat := n + n + n", "def triple (n : Int) : Int := n + n + n")
    rechecked = edited(doc, text)
    assert rechecked[0].startswith("def triple") and "theorem triple_two : triple 2 = 6 := by decide" in rechecked
    assert "#eval triple 5" in rechecked and doc.replayed == 4


def test_whitespace_before_everything_moves_every_message_and_goal() -> None:
    doc = Document(SOURCE)
    doc.run()
    text = "\n\n-- moved\n" + SOURCE
    assert edited(doc, text) == [""]  # the first command (its text now starts with the blank lines)
    assert doc.replayed == len(doc.snapshots) - 1
    replayed = doc.snapshots[-1]
    assert isinstance(replayed, ReplayedSnapshot) and replayed.command.span.start == replayed.span.start


def test_a_new_name_changes_how_replayed_goals_print() -> None:
    source = "namespace Foo\ndef bar (n : Nat) : Nat := n + 1\nend Foo\n\nopen Foo\n\ntheorem t (n : Nat) : 0 < Foo.bar n := by\n  unfold Foo.bar\n  omega\n"
    doc = Document(source)
    doc.run()
    assert goals(doc.snapshots)[0][3] == ("n : Nat\n⊢ 0 < bar n",)
    text = source.replace("open Foo\n", "open Foo\n\ndef bar (n : Nat) : Nat := n\n")
    assert edited(doc, text) == ["def bar (n : Nat) : Nat := n"]  # `t` never looked up `bar`: replayed
    assert goals(doc.snapshots)[0][3] == ("n : Nat\n⊢ 0 < Foo.bar n",)  # … and printed in the new environment


def test_a_new_name_that_a_later_command_looked_up_rechecks_it() -> None:
    source = "def f (n : Nat) : Nat := n\n\ntheorem t : f 1 = 1 := rfl\n\n#check g\n"
    doc = Document(source)
    doc.run()
    text = source.replace("theorem t", "def g := 5\n\ntheorem t")
    assert edited(doc, text) == ["def g := 5", "#check g"]


def test_a_theorem_whose_proof_changed_rechecks_what_mentions_it() -> None:
    source = "theorem a : 2 + 2 = 4 := rfl\n\ntheorem b : 2 + 2 = 4 := a\n\ntheorem c : 3 = 3 := rfl\n"
    doc = Document(source)
    doc.run()
    text = source.replace("theorem a : 2 + 2 = 4 := rfl", "theorem a : 2 + 2 = 4 := by decide")
    assert edited(doc, text) == ["theorem a : 2 + 2 = 4 := by decide", "theorem b : 2 + 2 = 4 := a"]


def test_an_edit_before_the_last_one_is_replayed_accumulates() -> None:
    doc = Document(SOURCE)
    doc.run()
    first = SOURCE.replace("def double (n : Nat) : Nat := n + n", "def double (n : Nat) : Nat := 2 * n")
    doc.set_text(first)
    doc.step()
    doc.step()
    second = first.replace("theorem add_comm' (a b : Nat)", "theorem add_comm' (a b c : Nat)")
    doc.set_text(second)
    doc.run()
    assert_same_as_scratch(doc, second)


def test_a_simp_attribute_rechecks_everything_after_it() -> None:
    doc = Document(SOURCE)
    doc.run()
    text = SOURCE.replace("theorem add_comm'", "@[simp] theorem add_comm'")
    assert edited(doc, text)[0] == "@[simp] theorem add_comm' (a b : Nat) : a + b = b + a := by"
    assert doc.replayed == 0


def test_a_moved_variable_line_rechecks_what_follows_it() -> None:
    source = "section\nvariable (n : Nat)\n\ntheorem t : n + 0 = n := by simp\n\nend\n"
    doc = Document(source)
    doc.run()
    text = "\n" + source
    edited(doc, text)  # the binder's source position is in the scope: everything is checked again
    assert doc.replayed == 0


def test_a_new_constant_named_like_an_auto_bound_variable_rechecks_the_command() -> None:
    source = "def f (n : Nat) : Nat := n\n\ntheorem t : f x = x := rfl\n"
    doc = Document(source)
    doc.run()
    text = source.replace("theorem t", "def x : Nat := 3\n\ntheorem t")
    assert edited(doc, text) == ["def x : Nat := 3", "theorem t : f x = x := rfl"]


def test_equation_lemmas_made_on_first_use_move_with_their_first_use() -> None:
    source = (
        "def f (n : Nat) : Nat := n + 1\n\n"
        "theorem a (n : Nat) : f n = n + 1 := by simp [f]\n\n"
        "theorem b (n : Nat) : f n = 1 + n := by simp [f]; omega\n"
    )
    doc = Document(source)
    doc.run()
    assert "f.eq_1" in [str(n) for n in doc.snapshots[1].env.kernel.order[-3:]]
    text = source.replace("by simp [f]\n", "rfl\n")  # `a` no longer makes `f.eq_1`: `b` must
    assert edited(doc, text) == ["theorem a (n : Nat) : f n = n + 1 := rfl", "theorem b (n : Nat) : f n = 1 + n := by simp [f]; omega"]


def test_a_recursive_eq_def_made_on_first_use_moves_with_its_first_use() -> None:
    source = (
        "def f : Nat → Nat\n  | 0 => 0\n  | n + 1 => f n\n\n"
        "#check @f.eq_def\n\n"
        "theorem c : 2 = 2 := rfl\n\n"
        "theorem b (n : Nat) : f (n + 1) = f n := by\n  rw [f.eq_def]\n  rfl\n"
    )
    doc = Document(source)
    doc.run()
    assert [str(n) for n in doc.snapshots[1].env.kernel.order[-1:]] == ["f.eq_def"]
    text = source.replace("#check @f.eq_def", "#check @f.eq_1")  # now `b` must make `f.eq_def`
    assert edited(doc, text) == ["#check @f.eq_1", "theorem b (n : Nat) : f (n + 1) = f n := by"]


def test_a_proof_edit_in_a_generated_development_replays_every_later_command() -> None:
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[3])
    if root not in sys.path:  # `bench` is a folder of the repository, not an installed package
        sys.path.insert(0, root)
    from bench.generate import list_functions

    source = list_functions(9)
    doc = Document(source)
    doc.run()
    text = source.replace("| nil => simp [dup4]", "| nil => simp only [dup4, List.length]")
    assert edited(doc, text) == ["theorem dup4_length (xs : List Nat) : (dup4 xs).length = 2 * xs.length := by"]
    assert doc.replayed == 8  # the four functions and theorems after it


def test_a_changed_constant_put_in_a_table_later_rechecks_everything_after_that() -> None:
    source = (
        "theorem foo (n : Nat) : n + 0 = n := rfl\n\n"
        "attribute [simp] foo\n\n"
        "theorem c : 3 = 3 := rfl\n\n"
        "example (n : Nat) : n + 0 = n := by simp\n"
    )
    doc = Document(source)
    doc.run()
    text = source.replace("n + 0 = n := rfl", "n + 0 = n := by simp")  # no longer an `rfl` lemma
    assert edited(doc, text) == [
        "theorem foo (n : Nat) : n + 0 = n := by simp",
        "attribute [simp] foo",
        "theorem c : 3 = 3 := rfl",
        "example (n : Nat) : n + 0 = n := by simp",
    ]
