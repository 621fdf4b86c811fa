"""`mutual … end` blocks (`elab/command/mutual*.py`): which compilation each block gets, what the
kernel receives, and the goals shown inside the bodies. The user-visible behaviour (evaluation,
equation lemmas, errors) is in `tests/ltn/mutual_defs.ltn`."""

from __future__ import annotations

from lantern.elab.document import check_document
from lantern.elab.info import format_goal_views, tactic_state_at
from lantern.kernel.declaration import DefinitionInfo, OpaqueInfo, TheoremInfo
from lantern.kernel.expr import CONST, subterms
from lantern.kernel.name import Name

EVEN_ODD = """mutual
def isEven : Nat → Bool
  | 0 => true
  | n + 1 => isOdd n
def isOdd : Nat → Bool
  | 0 => false
  | n + 1 => isEven n
end
"""

TREE = """mutual
inductive Tree where
  | node : Nat → Forest → Tree
inductive Forest where
  | nil : Forest
  | cons : Tree → Forest → Forest
end
"""


def env_of(text: str):  # type: ignore[no-untyped-def]
    snapshots = check_document(text)
    errors = [m for s in snapshots for m in s.messages if m.severity == "error"]
    assert not errors, errors
    return snapshots[-1].env.kernel


def constants_in(kernel, name: str) -> set[str]:  # type: ignore[no-untyped-def]
    info = kernel.get(Name.of(name))
    return {str(x.name) for x in subterms(info.value) if x.kind == CONST}  # type: ignore[attr-defined]


def test_structural_block_is_one_recursor_per_function_without_auxiliary_constant() -> None:
    kernel = env_of(EVEN_ODD)
    assert isinstance(kernel.get(Name.of("isEven")), DefinitionInfo)
    assert "Nat.rec" in constants_in(kernel, "isEven")
    assert "isOdd" not in constants_in(kernel, "isEven")  # no recursion left for the kernel to see
    assert kernel.find(Name.of("isEven._mutual")) is None
    assert kernel.find(Name.of("isOdd.eq_2")) is not None


def test_mutual_inductive_types_get_cases_on_with_one_motive() -> None:
    kernel = env_of(TREE)
    cases = kernel.get(Name.of("Forest.casesOn"))
    assert str(cases.type).count("motive") >= 1
    assert "motive_2" not in str(cases.type)
    assert "Forest.rec" in constants_in(kernel, "Forest.casesOn")


def test_recursion_over_a_mutual_family_uses_its_recursor() -> None:
    kernel = env_of(TREE + """mutual
def Tree.size : Tree → Nat
  | .node _ f => f.size + 1
def Forest.size : Forest → Nat
  | .nil => 0
  | .cons t f => t.size + f.size
end
""")
    assert "Tree.rec" in constants_in(kernel, "Tree.size")
    assert "Forest.rec" in constants_in(kernel, "Forest.size")
    assert kernel.find(Name.of("Tree.size.eq_1")) is not None


def test_well_founded_block_has_one_fixpoint() -> None:
    kernel = env_of("""mutual
def f (n : Nat) : Nat := if n = 0 then 0 else g (n - 1)
termination_by n
def g (n : Nat) : Nat := if n = 0 then 1 else f (n - 1)
termination_by n
end
""")
    aux = kernel.get(Name.of("f._mutual"))
    assert "WellFounded.fix" in constants_in(kernel, "f._mutual")
    assert isinstance(aux, DefinitionInfo)
    assert constants_in(kernel, "g") >= {"f._mutual", "PSum.inr"}
    assert "WellFounded.fix_eq" in constants_in(kernel, "g.eq_def")


def test_partial_block_is_opaque_with_partial_bodies() -> None:
    snapshots = check_document("""mutual
partial def a (n : Nat) : Nat := b n
partial def b (n : Nat) : Nat := a n
end
""")
    env = snapshots[-1].env
    assert isinstance(env.kernel.get(Name.of("a")), OpaqueInfo)
    assert env.implemented_by[Name.of("a")] == Name.of("a._unsafe_rec")
    assert "b._unsafe_rec" in constants_in(env.kernel, "a._unsafe_rec")


def test_functions_that_do_not_call_each_other_are_added_in_dependency_order() -> None:
    kernel = env_of("""mutual
def later (n : Nat) : Nat := first n + 1
def first (n : Nat) : Nat := n
theorem later_eq (n : Nat) : True := (fun _ => trivial) (later n)
end
""")
    assert isinstance(kernel.get(Name.of("later_eq")), TheoremInfo)
    assert "first" in constants_in(kernel, "later")
    assert "later" in constants_in(kernel, "later_eq")


def test_goals_in_a_body_show_its_own_parameters_only() -> None:
    doc = """mutual
theorem a (n : Nat) (h : n = n) : n = n := by
  exact h
theorem b (m : Nat) : m = m := by
  rfl
end
"""
    snapshots = check_document(doc)
    assert not [m for s in snapshots for m in s.messages]
    shown = []
    for marker in ("exact h", "rfl"):
        node, goals = tactic_state_at(snapshots[-1].info, doc.index(marker))  # type: ignore[misc]
        shown.append(format_goal_views(node, goals))
    assert shown == [["n : Nat\nh : n = n\n⊢ n = n"], ["m : Nat\n⊢ m = m"]]


def test_decreasing_goals_show_the_calling_function_only() -> None:
    snapshots = check_document("""mutual
def p (n : Nat) (k : Nat) : Nat := if n = 0 then k else q (n + 1)
termination_by n
def q (m : Nat) : Nat := if m = 0 then 0 else p (m - 1) 0
termination_by m
end
""")
    (message,) = [m for s in snapshots for m in s.messages]
    assert message.text.endswith("n k : Nat\nh✝ : ¬n = 0\n⊢ n + 1 < n")
    assert "m : Nat" not in message.text
