"""`omega` end to end: goals it proves (the proof is checked by the kernel when the theorem is added),
goals it must refuse, with Lean's message, and the benchmark generator."""

from __future__ import annotations

import random

import pytest

from lantern.elab.document import check_document, initial_env
from lantern.elab.tactic.omega import generate


def messages(text: str) -> list[str]:
    snaps = check_document(text, initial_env())
    return [f"{m.severity}: {m.text}" for s in snaps for m in s.messages]


PROVABLE = [
    # the acceptance examples
    "(x y : Nat) : x + y = y + x",
    "(x y : Nat) (h : y ≤ x) : x - y + y = x",
    "(xs ys : List Nat) : xs.length + ys.length + 1 = xs.length + 1 + ys.length",
    "(x y : Nat) (h : y > 0) (h' : x > y) : x - y < x",
    "(x y : Int) (h : y > 0) (h' : x > y) : (x - y - y).toNat < (x - y).toNat",
    # Nat
    "(x y : Nat) (h : x < y) : x + 1 ≤ y",
    "(x y : Nat) (h : x ≤ y) (h2 : y ≤ x) : x = y",
    "(x : Nat) : x ≠ x + 1",
    "(x y : Nat) (h : 2 * x + 1 = 2 * y) : False",
    "(x : Nat) (h : 3 * x = 7) : False",
    "(x y z : Nat) (h1 : x + y ≤ z) (h2 : z < 10) (h3 : x ≥ 3) : y ≤ 6",
    "(x y : Nat) : x - y ≤ x",
    "(x y : Nat) (h : x + y = 5) (h2 : x - y = 3) : x = 4",
    "(x y : Nat) : (x + y) * 2 = 2 * x + y + y",
    "(x : Nat) (h : x % 2 = 1) : x ≠ 0",
    "(x : Nat) : x / 3 ≤ x",
    "(x : Nat) : x % 5 < 5",
    "(x : Nat) (h : x / 2 = 3) : x = 6 ∨ x = 7",
    "(n : Nat) : Nat.succ n > n",
    "(x : Nat) : x / 0 = 0",
    # Int
    "(a b : Int) (h : a ≤ b) : a - 1 < b",
    "(a b : Int) (h : 2 * a + 3 * b = 5) (h' : a = b) : a = 1",
    "(a : Int) (h : -a > 3) : a < -3",
    "(n : Nat) (i : Int) (h : (↑n : Int) = i + 3) (h2 : i ≥ 0) : n ≥ 3",
    "(x y : Int) : x * 3 - 2 * y ≤ 3 * x - y * 2",
    "(x : Int) (h : x.toNat = 0) (h2 : x > 0) : False",
    "(x : Int) (h : 0 ≤ x) (h2 : x < 1) : x = 0",
    "(a b c : Int) (h1 : a < b) (h2 : b < c) : a + 2 ≤ c",
    "(x : Int) : x * -2 = -(2 * x)",
    # logic
    "(x y : Nat) : x ≤ y ∨ y < x",
    "(x y : Nat) (h : x ≠ y) : x < y ∨ x > y",
    "(x : Nat) (h : ¬ (x ≤ 5)) : x ≥ 6",
    "(x y : Nat) (h : x = y ↔ x ≤ 3) (h2 : y = 10) (h3 : x = 2) : False",
    "(x : Nat) (h : x > 0 → x > 5) (h2 : x ≠ 0) : x ≥ 6",
    "(x : Nat) : x < 3 → x ≤ 2",
    "(x y : Nat) : ¬ (x < y ∧ y < x)",
    "(x : Int) : x < 0 ∨ x = 0 ∨ x > 0",
    "(x : Nat) : x ≤ 3 ↔ x < 4",
    ": ∀ (x : Nat), x + 0 = x",
    # an atom first met in one branch of a case split keeps its facts in the other
    "(x y : Nat) (h : y - x = 0 ∨ y - x = 2) : y ≤ x + 2",
    "(a b c d e : Nat) : a - b + (b - c) + (c - d) + (d - e) ≥ a - e",
    "(x : Nat) : x / 2 * 2 + x % 2 = x",
    "(n : Nat) (h : n % 4 = 3) : n % 2 = 1",
    "(a b : Nat) (h : b ≤ a) : Int.ofNat (a - b) = Int.ofNat a - Int.ofNat b",
    "(x : Nat) : let y := x + 1; y > x",
    # the functions the notation unfolds to
    "(a b : Nat) (h : Nat.le b a) : Nat.add (Nat.sub a b) b = a",
    "(a b : Nat) (h : Nat.lt a b) : Nat.succ a ≤ b",
    "(x y : Int) (h : Int.le x y) : Int.add x (Int.neg y) ≤ 0",
    "(a : Nat) (h : Nat.sub a 2 = 5) : a = 7",
    # divisibility by numerals
    "(x : Nat) (h : x % 2 = 1) (h2 : 2 ∣ x) : False",
    "(x : Int) (h : x % 2 = 1) (h2 : 2 ∣ x) : False",
    "(x : Nat) : 3 ∣ x → ¬ 3 ∣ x + 1",
    "(x : Nat) (h : x % 6 = 0) : 3 ∣ x",
    "(a b : Int) (ha : 4 ∣ a) (hb : 4 ∣ b) : 2 ∣ a + b + 6",
    "(x : Int) (h : ¬ 5 ∣ x) : x % 5 ≥ 1",
    "(x : Int) (h : 0 ∣ x) : x = 0",
    "(x : Nat) (h : 0 ∣ x) : x = 0",
    "(n : Nat) : 2 ∣ n ↔ n % 2 = 0",
    "(x : Nat) (h : ¬ 2 ∣ x) : x % 2 = 1",
    # division and remainder on Int
    "(x : Int) : x / 3 * 3 + x % 3 = x",
    "(x : Int) : 0 ≤ x % 7 ∧ x % 7 < 7",
    "(x : Int) (h : x < 0) : x / 2 < 0",
    "(x : Int) : x / 0 = 0",
    "(x : Int) : x % 0 = x",
    "(x : Int) (h : x % 4 = 3) : x % 2 = 1",
    "(x : Int) : Int.emod x 2 = x % 2",
    # equalities without a unit coefficient; the dark and grey shadows
    "(x : Int) : 4 ≤ 3 * x → 3 * x ≤ 5 → False",
    "(x y : Nat) (h : 7 * x + 2 = 7 * y) : False",
    "(x y : Int) (h : 3 * x + 5 * y = 1) (hx : 0 ≤ x) (hy : 0 ≤ y) : False",
    "(x y : Int) (h : 6 * x + 10 * y = 7) : False",
    "(x y z : Int) (h : 6 * x + 10 * y + 15 * z = 1) (hx : 0 ≤ x) (hy : 0 ≤ y) (hz : 0 ≤ z) : x + y + z ≥ 1",
    "(x y : Int) (h1 : 2 ≤ 5 * x - 3 * y) (h2 : 5 * x - 3 * y ≤ 3) (h3 : 1 ≤ 3 * x + 5 * y) (h4 : 3 * x + 5 * y ≤ 2) : False",
    "(x y : Int) (h1 : 1 ≤ 2 * x + 3 * y) (h2 : 2 * x + 3 * y ≤ 1) (h3 : 2 ≤ 4 * x - 3 * y) (h4 : 4 * x - 3 * y ≤ 3) : False",
]


@pytest.mark.parametrize("statement", PROVABLE)
def test_proves(statement: str) -> None:
    assert messages(f"theorem t {statement} := by omega") == []


def test_several_theorems_in_one_file() -> None:
    text = "\n".join(f"theorem t{i} {s} := by omega" for i, s in enumerate(PROVABLE[:8]))
    assert messages(text) == []


def test_sub_add_wrong_shows_a_counterexample() -> None:
    out = messages("theorem sub_add_wrong (x y : Nat) : x - y + y = x := by omega")
    assert out == [
        "error: omega could not prove the goal:\n"
        "a possible counterexample may satisfy the constraints\n"
        "  c = 0\n"
        "  b ≥ 0\n"
        "  a - b ≤ -1\n"
        "  a ≥ 0\n"
        "where\n"
        " a := x\n"
        " b := y\n"
        " c := x - y\n"
        "for example a = 0, b = 1, c = 0"
    ]


UNPROVABLE = [
    "(x : Nat) : x < 5",
    "(x y : Nat) (h : x ≤ y) : y ≤ x",
    "(a : Int) : a ≥ 0",
    "(x : Nat) (p : Prop) (h : p) : x = 0",
    "(x y : Nat) : x * y = y * x",  # not linear: `x * y` and `y * x` are different atoms
    "(x : Int) (h : 3 ∣ x) : 6 ∣ x",
    "(x y : Int) (h : 3 * x + 5 * y = 1) : x ≤ 0",
    "(x : Int) (h1 : 2 ≤ 3 * x) (h2 : 3 * x ≤ 4) : False",
]


@pytest.mark.parametrize("statement", UNPROVABLE)
def test_refuses(statement: str) -> None:
    out = messages(f"theorem t {statement} := by omega")
    assert len(out) == 1 and out[0].startswith("error: omega could not prove the goal:")


def test_no_facts_message() -> None:
    out = messages("theorem t (p : Prop) (h : p) : p ∧ True := by omega")
    assert len(out) == 1 and "No usable constraints found" in out[0]


def test_names_in_scope_are_skipped() -> None:
    out = messages("theorem t (a b : Nat) : b < a := by omega")
    assert len(out) == 1 and "where\n c := b\n d := a\nfor example" in out[0]


@pytest.mark.parametrize("ty", ["Nat", "Int"])
def test_generated_problems(ty: str) -> None:
    text = generate.problems([(2, 2), (3, 3), (4, 4)], ty)
    out = messages(text)
    assert len(out) == generate.expected_errors(text)
    assert all(m.startswith("error: omega could not prove the goal:") for m in out)


def test_dense_generated_problem_uses_the_farkas_path() -> None:
    assert messages(generate.problem(7, 7, "Int", True, seed=3)) == []


def test_counterexample_is_an_integer_solution() -> None:
    """Pugh's example with a wider range: the omega test finds an integer point and shows it."""
    out = messages("theorem t (x y : Int) : 27 ≤ 11*x + 13*y → 11*x + 13*y ≤ 45 → -10 ≤ 7*x - 9*y → "
                   "7*x - 9*y ≤ 5 → False := by omega")
    assert len(out) == 1
    line = out[0].splitlines()[-1]
    assert line.startswith("for example ")
    values = dict(item.split(" = ") for item in line[len("for example "):].split(", "))
    x, y = int(values["a"]), int(values["b"])
    assert 27 <= 11 * x + 13 * y <= 45 and -10 <= 7 * x - 9 * y <= 5


def random_int_problem(seed: int) -> tuple[list[tuple[int, int, int]], str]:
    """Two Int variables in the box [-3, 3], two random constraints `a·x + b·y ≤ c` or `= c`; the
    statement `… → False`."""
    rng = random.Random(seed)
    rows = [(rng.randint(-5, 5), rng.randint(-5, 5), rng.randint(-6, 6), rng.random() < 0.3) for _ in range(2)]
    hyps = ["-3 ≤ x", "x ≤ 3", "-3 ≤ y", "y ≤ 3"]
    hyps += [f"{a} * x + {b} * y {'=' if eq else '≤'} {c}" for a, b, c, eq in rows]
    return rows, "(x y : Int) : " + " → ".join(f"({h})" for h in hyps) + " → False"


def has_solution(rows: list) -> tuple[int, int] | None:
    for x in range(-3, 4):
        for y in range(-3, 4):
            if all((a * x + b * y == c) if eq else (a * x + b * y <= c) for a, b, c, eq in rows):
                return x, y
    return None


@pytest.mark.parametrize("seed", range(24))
def test_random_problems_end_to_end(seed: int) -> None:
    """Whatever omega proves (the kernel checks the proof) has no integer solution in the box, and
    whatever it refuses comes with a solution of the constraints shown."""
    rows, statement = random_int_problem(seed)
    out = messages(f"theorem t {statement} := by omega")
    solution = has_solution(rows)
    assert (out == []) == (solution is None), (statement, out)
    if out:
        assert "for example" in out[0], out[0]
