"""`omega` on linear identities: one reflected step (`Lean.Omega.nat_eq_of_norm`,
`Lean.Omega.int_eq_of_norm`), checked by the kernel; every other goal keeps the general path."""

from __future__ import annotations

import random

import pytest

from lantern.elab.document import check_document, initial_env


def proof_of(statement: str) -> tuple[list[str], str]:
    """The errors checking `theorem t {statement} := by omega` gives, and its printed proof."""
    text = f"theorem t {statement} := by omega\nset_option pp.proofs true\n#print t\n"
    msgs = [m for s in check_document(text, initial_env()) for m in s.messages]
    errors = [m.text for m in msgs if m.severity == "error"]
    printed = [m.text for m in msgs if m.severity == "info"]
    return errors, printed[0] if printed else ""


IDENTITIES = [
    ("(xs ys : List Nat) : xs.length + ys.length + 1 = xs.length + 1 + ys.length", "nat_eq_of_norm"),
    ("(xs : List Nat) : 2 * xs.length + 1 + 1 = 2 * (xs.length + 1)", "nat_eq_of_norm"),
    ("(a b : Nat) : ∀ c : Nat, a + (b + c) = c + b + a", "nat_eq_of_norm"),
    ("(a b : Nat) : a - b + 3 * b = b + (a - b) + 2 * b", "nat_eq_of_norm"),
    ("(a : Nat) : Nat.succ a = 1 + a", "nat_eq_of_norm"),
    ("(a b : Nat) : a * b + 1 = 1 + a * b", "nat_eq_of_norm"),
    ("(a b : Nat) (h : a < b) : let c := a + 1; c + b = b + a + 1", "nat_eq_of_norm"),
    ("(a b : Int) : a + b + 1 = 1 + b + a", "int_eq_of_norm"),
    ("(a b : Int) : a - b = -b + a", "int_eq_of_norm"),
    ("(x : Int) (n : Nat) : 2 * (x + ↑n) - 3 = x + ↑n + (x - 3) + ↑n", "int_eq_of_norm"),
    ("(x : Int) : x * -2 = -(2 * x)", "int_eq_of_norm"),
]


@pytest.mark.parametrize("statement,lemma", IDENTITIES)
def test_identity_is_one_step(statement: str, lemma: str) -> None:
    errors, printed = proof_of(statement)
    assert errors == []
    assert f"Lean.Omega.{lemma}" in printed and "by_dec" not in printed


GENERAL = [
    "(a b : Nat) (h : a = b) : a + 0 = b",  # needs the hypothesis
    "(x : Int) : x - x = 0",  # the parts differ (`x.toNat` on both sides)
    "(a b : Nat) (h : a ≤ b) : a ≤ b + 1",  # not an equality
]


@pytest.mark.parametrize("statement", GENERAL)
def test_other_goals_keep_the_general_path(statement: str) -> None:
    errors, printed = proof_of(statement)
    assert errors == []
    assert "eq_of_norm" not in printed


@pytest.mark.parametrize("ty", ["Nat", "Int"])
def test_wrong_identity_keeps_the_message(ty: str) -> None:
    errors, _ = proof_of(f"(a b : {ty}) : a + b = b + a + 1")
    assert len(errors) == 1 and errors[0].startswith("omega could not prove the goal:\n")


def random_sum(rng: random.Random, terms: list[str]) -> str:
    """`terms` shuffled and bracketed at random."""
    terms = terms[:]
    rng.shuffle(terms)
    while len(terms) > 1:
        i = rng.randrange(len(terms) - 1)
        terms[i : i + 2] = [f"({terms[i]} + {terms[i + 1]})"]
    return terms[0]


@pytest.mark.parametrize("seed", range(6))
def test_random_identities_are_kernel_checked(seed: int) -> None:
    rng = random.Random(seed)
    ty = "Nat" if seed % 2 == 0 else "Int"
    atoms = ["x", "y", "z", "x * y"]
    coeffs = {a: rng.randrange(0, 4) for a in atoms}
    const = rng.randrange(0, 5)

    def side() -> str:
        terms = [str(const)] if const else []
        for a, k in coeffs.items():
            split = rng.randrange(0, k + 1)  # `k • a` as `split * a + (k - split) • a`
            if split:
                terms.append(f"{split} * ({a})" if split > 1 else f"({a})")
            terms += [f"({a})"] * (k - split)
        return random_sum(rng, terms or ["0"])

    statement = f"(x y z : {ty}) : {side()} = {side()}"
    errors, printed = proof_of(statement)
    assert errors == [], statement
    assert "eq_of_norm" in printed, statement


def test_a_nat_identity_is_a_closed_function_applied_to_its_atoms() -> None:
    """`(fun x0 x1 => id (…) (nat_eq_of_norm [x0, x1] …)) xs.length ys.length`: the function is the
    same closed term for every goal of the same shape, which the kernel checks once per file."""
    from lantern.kernel.expr import CONST, LAM, subterms
    from lantern.kernel.name import Name

    text = (
        "theorem t1 (xs ys : List Nat) : xs.length + ys.length + 1 = xs.length + 1 + ys.length := by omega\n"
        "theorem t2 (a b : Nat) : a * b + b + 1 = a * b + 1 + b := by omega\n"
    )
    snapshots = check_document(text, initial_env())
    assert [m.text for s in snapshots for m in s.messages] == []
    env = snapshots[-1].env.kernel

    def closed_functions(name: str) -> list[object]:
        value = env.find(Name.of(name)).value
        return [e for e in subterms(value) if e.kind == LAM and not e.flags and not e.lbr]

    norm = Name.of("Lean.Omega.nat_eq_of_norm")
    shared = [f for f in closed_functions("t1") if f in closed_functions("t2")]
    assert any(x.kind == CONST and x.name == norm for f in shared for x in subterms(f))
    _, printed = proof_of("(xs ys : List Nat) : xs.length + ys.length + 1 = xs.length + 1 + ys.length")
    assert "fun x0 x1 =>" in printed and printed.rstrip().endswith("xs.length ys.length")


def test_an_identity_read_through_a_let_is_not_generalized() -> None:
    errors, printed = proof_of("(a b : Nat) : let c := a + 1; c + b = b + a + 1")
    assert errors == [] and "nat_eq_of_norm" in printed and "fun x0" not in printed
