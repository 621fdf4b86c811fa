"""Randomized: after any sequence of edits, the incremental engine shows exactly what a check from
scratch shows (messages, goals, spans, syntax trees, final constants and tables; `harness.py`).

Edits are drawn from a list per document: inside proofs, inside definitions (body and type), adding
and deleting commands, adding an instance, a notation or `@[simp]`, changing `open`, `namespace`
and `variable` lines, changing the command split (a newline before a keyword deleted), and moving
text (blank lines, comments). Some edits arrive before the previous one is checked to the end.
`LANTERN_RANDOM_EDITS=N` runs N sequences per document instead of the default few.
"""

from __future__ import annotations

import os
import random

import pytest

from lantern.elab.incremental import Document

from .harness import assert_same_as_scratch

ARITH = """def double (n : Nat) : Nat := n + n

theorem double_zero : double 0 = 0 := rfl

theorem double_two : double 2 = 4 := by decide

def quad (n : Nat) : Nat := double (double n)

theorem quad_one : quad 1 = 4 := by decide

theorem add_zero' (n : Nat) : n + 0 = n := by simp

example (a b : Nat) (h : a = b) : b = a := by
  rw [h]

theorem double_eq (n : Nat) : double n = 2 * n := by
  unfold double
  omega

#eval quad 3

#check @double_two
"""

ARITH_EDITS = [
    ("double 2 = 4 := by decide", "double 2 = 5 := by decide"),  # a proof that now fails
    ("double 2 = 5 := by decide", "double 2 = 4 := by decide"),
    ("double 0 = 0 := rfl", "double 0 = 0 := by decide"),  # a proof changes
    ("double 0 = 0 := by decide", "double 0 = 0 := rfl"),
    ("def double (n : Nat) : Nat := n + n", "def double (n : Nat) : Nat := 2 * n"),  # a body
    ("def double (n : Nat) : Nat := 2 * n", "def double (n : Nat) : Nat := n + n"),
    ("def double (n : Nat) : Nat := n + n", "def double (m : Nat) : Nat := m + m"),  # a binder name
    ("def double (m : Nat) : Nat := m + m", "def double (n : Nat) : Nat := n + n"),
    ("def quad (n : Nat) : Nat := double (double n)", "def quad (n : Nat) : Nat := 4 * n"),
    ("def quad (n : Nat) : Nat := 4 * n", "def quad (n : Nat) : Nat := double (double n)"),
    ("  unfold double\n  omega", "  unfold double\n  simp"),
    ("  unfold double\n  simp", "  unfold double\n  omega"),
    ("  rw [h]", "  rw [← h]"),
    ("  rw [← h]", "  rw [h]"),
    ("theorem add_zero'", "@[simp] theorem add_zero'"),  # a simp lemma
    ("@[simp] theorem add_zero'", "theorem add_zero'"),
    ("\n\ntheorem quad_one", "\ntheorem quad_one"),
    ("\n\ntheorem quad_one", " theorem quad_one"),  # the command split changes
    (" theorem quad_one", "\n\ntheorem quad_one"),
    ("\ntheorem quad_one", "\n\ntheorem quad_one"),
    ("theorem double_zero : double 0 = 0 := rfl\n\n", ""),  # a command deleted
    ("def quad", "theorem double_zero : double 0 = 0 := rfl\n\ndef quad"),  # … and inserted
    ("#eval quad 3", "#eval quad 3 + double 1"),
    ("#eval quad 3 + double 1", "#eval quad 3"),
    ("def double", "-- a comment\ndef double"),  # everything moves
    ("-- a comment\n", ""),
    ("\n\nexample (a b", "\n\n\n\nexample (a b"),
    ("\n\n\n\nexample (a b", "\n\nexample (a b"),
    ("#check @double_two", "#check @double_twoo"),
    ("#check @double_twoo", "#check @double_two"),
    ("def quad", "theorem quad_zero : 0 = 0 := rfl\n\ndef quad"),
    ("theorem quad_zero : 0 = 0 := rfl\n\n", ""),
]

SCOPES = """namespace Foo

def bar (n : Nat) : Nat := n + 1

theorem bar_pos (n : Nat) : 0 < bar n := by
  unfold bar
  omega

end Foo

open Foo in
theorem use_bar : bar 1 = 2 := rfl

section
variable (m : Nat)

theorem m_le : m ≤ m + 1 := by omega

theorem m_lt (h : 0 < m) : m - 1 < m := by
  omega

end

#check Foo.bar_pos
"""

SCOPES_EDITS = [
    ("def bar (n : Nat) : Nat := n + 1", "def bar (n : Nat) : Nat := 1 + n"),
    ("def bar (n : Nat) : Nat := 1 + n", "def bar (n : Nat) : Nat := n + 1"),
    ("namespace Foo", "namespace Fooo"),
    ("namespace Fooo", "namespace Foo"),
    ("end Foo", "end Fooo"),
    ("end Fooo", "end Foo"),
    ("open Foo in", "open Nat in"),
    ("open Nat in", "open Foo in"),
    ("variable (m : Nat)", "variable (m k : Nat)"),
    ("variable (m k : Nat)", "variable (m : Nat)"),
    ("variable (m : Nat)", "variable (m : Int)"),  # the binder's type: errors inside it
    ("variable (m : Int)", "variable (m : Nat)"),
    ("section\n", "-- moved\nsection\n"),
    ("-- moved\n", ""),
    ("  unfold bar\n  omega", "  unfold bar\n  simp"),
    ("  unfold bar\n  simp", "  unfold bar\n  omega"),
    ("theorem m_le : m ≤ m + 1 := by omega", "theorem m_le : m ≤ m + 2 := by omega"),
    ("theorem m_le : m ≤ m + 2 := by omega", "theorem m_le : m ≤ m + 1 := by omega"),
    ("open Foo in\n", "def bar := 5\n\nopen Foo in\n"),  # a name that makes `bar` ambiguous
    ("def bar := 5\n\n", ""),
    ("\n\nend\n", "\nend\n"),
    ("(h : 0 < m) : m - 1 < m", "(h : 0 < m) : m - 1 < m + 0"),
    ("(h : 0 < m) : m - 1 < m + 0", "(h : 0 < m) : m - 1 < m"),
]

STRUCTURES = """structure Point where
  x : Nat
  y : Nat

def Point.sum (p : Point) : Nat := p.x + p.y

instance : Add Point where
  add p q := Point.mk (p.x + q.x) (p.y + q.y)

theorem sum_add (p q : Point) : (p + q).sum = p.sum + q.sum := by
  simp [Point.sum, HAdd.hAdd, Add.add]
  omega

@[simp] theorem Point.sum_mk (a b : Nat) : (Point.mk a b).sum = a + b := rfl

example : (Point.mk 1 2).sum = 3 := by simp

infixl:65 " +++ " => Nat.add

theorem pp3 : 1 +++ 2 = 3 := rfl

example (p : Point) : p.sum = p.x + p.y := by
  cases p
  simp
"""

STRUCTURES_EDITS = [
    ("@[simp] theorem Point.sum_mk", "theorem Point.sum_mk"),
    ("theorem Point.sum_mk", "@[simp] theorem Point.sum_mk"),
    ("(Point.mk a b).sum = a + b := rfl", "(Point.mk a b).sum = a + b := by simp [Point.sum]"),
    ("(Point.mk a b).sum = a + b := by simp [Point.sum]", "(Point.mk a b).sum = a + b := rfl"),
    ("def Point.sum (p : Point) : Nat := p.x + p.y", "def Point.sum (p : Point) : Nat := p.y + p.x"),
    ("def Point.sum (p : Point) : Nat := p.y + p.x", "def Point.sum (p : Point) : Nat := p.x + p.y"),
    ("instance : Add Point where\n  add p q := Point.mk (p.x + q.x) (p.y + q.y)\n\n", ""),  # an instance gone
    ("theorem sum_add", "instance : Add Point where\n  add p q := Point.mk (p.x + q.x) (p.y + q.y)\n\ntheorem sum_add"),
    ('infixl:65 " +++ " => Nat.add', 'infixl:60 " +++ " => Nat.add'),  # a notation
    ('infixl:60 " +++ " => Nat.add', 'infixl:65 " +++ " => Nat.add'),
    ("theorem pp3", '-- moved\ntheorem pp3'),
    ("-- moved\n", ""),
    ("structure Point where", "-- moved\nstructure Point where"),
    ("  cases p\n  simp", "  cases p\n  simp [Point.sum]"),
    ("  cases p\n  simp [Point.sum]", "  cases p\n  simp"),
    ("  y : Nat\n", "  y : Nat\n  z : Nat := 0\n"),  # a structure's fields
    ("  z : Nat := 0\n", ""),
    ("example : (Point.mk 1 2).sum = 3 := by simp", "example : (Point.mk 1 2).sum = 4 := by simp"),
    ("example : (Point.mk 1 2).sum = 4 := by simp", "example : (Point.mk 1 2).sum = 3 := by simp"),
]

INDUCTIVES = """inductive Color where
  | red | green | blue
  deriving DecidableEq, Repr

def Color.next : Color → Color
  | .red => .green
  | .green => .blue
  | .blue => .red

theorem next_red : Color.red.next = Color.green := rfl

def fib : Nat → Nat
  | 0 => 0
  | 1 => 1
  | n + 2 => fib n + fib (n + 1)

theorem fib_five : fib 5 = 5 := by decide

def log2 (n : Nat) : Nat := if h : n < 2 then 0 else 1 + log2 (n / 2)
termination_by n
decreasing_by omega

example : log2 8 = 3 := by decide

#eval Color.blue.next

#print Color.next

class Size (α : Type) where
  size : α → Nat

instance : Size Color where
  size _ := 1

theorem size_red : Size.size Color.red = 1 := rfl

namespace Foo
export Color (next)
end Foo

#check Foo.next

universe u
set_option eval.maxSteps 100000

theorem next_next (c : Color) : c.next.next.next = c := by
  cases c <;> rfl
"""

INDUCTIVES_EDITS = [
    ("  | .blue => .red", "  | .blue => .blue"),  # a definition by cases
    ("  | .blue => .blue", "  | .blue => .red"),
    ("  | red | green | blue", "  | red | green | blue | black"),  # an inductive type's constructors
    ("  | red | green | blue | black", "  | red | green | blue"),
    ("  deriving DecidableEq, Repr", "  deriving Repr"),  # derived instances
    ("  deriving Repr", "  deriving DecidableEq, Repr"),
    ("  | n + 2 => fib n + fib (n + 1)", "  | n + 2 => fib (n + 1) + fib n"),  # a structural recursion
    ("  | n + 2 => fib (n + 1) + fib n", "  | n + 2 => fib n + fib (n + 1)"),
    ("1 + log2 (n / 2)", "2 + log2 (n / 2)"),  # a well-founded recursion that `decide` evaluates
    ("2 + log2 (n / 2)", "1 + log2 (n / 2)"),
    ("decreasing_by omega", "decreasing_by simp_wf; omega"),  # its termination proof
    ("decreasing_by simp_wf; omega", "decreasing_by omega"),
    ("  size _ := 1", "  size _ := 2"),  # an instance's value
    ("  size _ := 2", "  size _ := 1"),
    ("#print Color.next", "#print Color.next\n\n#print fib_five"),
    ("#print Color.next\n\n#print fib_five", "#print Color.next"),
    ("export Color (next)", "export Color (next red)"),
    ("export Color (next red)", "export Color (next)"),
    ("set_option eval.maxSteps 100000", "set_option eval.maxSteps 10"),
    ("set_option eval.maxSteps 10", "set_option eval.maxSteps 100000"),
    ("  cases c <;> rfl", "  cases c <;> simp [Color.next]"),
    ("  cases c <;> simp [Color.next]", "  cases c <;> rfl"),
    ("theorem next_red", "theorem fib_zero : fib 0 = 0 := rfl\n\ntheorem next_red"),
    ("theorem fib_zero : fib 0 = 0 := rfl\n\n", ""),
]

# `f.eq_def` of a recursive definition is made by the first command that asks for it (its recipe is
# kept in `pending_eq_defs`): edits move that first use, change the definitions, delete users.
LAZY_EQNS = """def fib : Nat → Nat
  | 0 => 0
  | 1 => 1
  | n + 2 => fib n + fib (n + 1)

def app : List Nat → List Nat → List Nat
  | [], ys => ys
  | x :: xs, ys => x :: app xs ys

theorem fib_two : fib 2 = 1 := by decide

#check @fib.eq_def

theorem app_nil (xs : List Nat) : app xs [] = xs := by
  induction xs with
  | nil => rfl
  | cons x xs ih => unfold app; simp [ih]

theorem fib_succ_succ (n : Nat) : fib (n + 2) = fib n + fib (n + 1) := by
  rw [fib.eq_def]
  rfl

#check @app.eq_def
"""

LAZY_EQNS_EDITS = [
    ("#check @fib.eq_def", "#check @fib.eq_1"),  # the first use of `fib.eq_def` moves down
    ("#check @fib.eq_1", "#check @fib.eq_def"),
    ("  | n + 2 => fib n + fib (n + 1)", "  | n + 2 => fib (n + 1) + fib n"),  # a recursive body
    ("  | n + 2 => fib (n + 1) + fib n", "  | n + 2 => fib n + fib (n + 1)"),
    ("  | x :: xs, ys => x :: app xs ys", "  | y :: xs, ys => y :: app xs ys"),  # a pattern variable's name
    ("  | y :: xs, ys => y :: app xs ys", "  | x :: xs, ys => x :: app xs ys"),
    ("  | [], ys => ys\n", "  | [], ys => ys ++ []\n"),
    ("  | [], ys => ys ++ []\n", "  | [], ys => ys\n"),
    ("unfold app; simp [ih]", "simp [app, ih]"),  # `app.eq_def` first made by the last command
    ("simp [app, ih]", "unfold app; simp [ih]"),
    ("theorem fib_two : fib 2 = 1 := by decide\n\n", ""),  # a command deleted
    ("#check @fib.eq_def", "theorem fib_two : fib 2 = 1 := by decide\n\n#check @fib.eq_def"),
    ("#check @app.eq_def", "#check @app.eq_def\n\n#check @fib.eq_def"),
    ("#check @app.eq_def\n\n#check @fib.eq_def", "#check @app.eq_def"),
]

DOCUMENTS = {"arith": (ARITH, ARITH_EDITS), "scopes": (SCOPES, SCOPES_EDITS), "structures": (STRUCTURES, STRUCTURES_EDITS),
             "inductives": (INDUCTIVES, INDUCTIVES_EDITS), "lazy_eqns": (LAZY_EQNS, LAZY_EQNS_EDITS)}
SEQUENCES = int(os.environ.get("LANTERN_RANDOM_EDITS", "3"))


def random_edit(rng: random.Random, text: str, edits: list[tuple[str, str]]) -> str:
    applicable = [(a, b) for a, b in edits if a in text]
    if not applicable or rng.random() < 0.1:  # a blank line or a space somewhere
        at = rng.randrange(len(text) + 1)
        return text[:at] + rng.choice(["\n", " ", "\n\n"]) + text[at:]
    a, b = rng.choice(applicable)
    return text.replace(a, b, 1)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
@pytest.mark.parametrize("seed", range(SEQUENCES))
def test_random_edit_sequences_match_a_check_from_scratch(name: str, seed: int) -> None:
    text, edits = DOCUMENTS[name]
    rng = random.Random(f"{name}-{seed}")
    doc = Document(text)
    doc.run()
    for _ in range(rng.randint(2, 5)):
        text = random_edit(rng, text, edits)
        doc.set_text(text)
        if rng.random() < 0.4:  # the next edit comes before this one is checked to the end
            for _ in range(rng.randrange(len(doc.command_spans()) + 1)):
                doc.step()
            continue
        doc.run()
        if rng.random() < 0.5:
            assert_same_as_scratch(doc, text)
    doc.run()
    assert_same_as_scratch(doc, text)
