"""The simplifier's parts on real terms: lemmas read from statements, the discrimination tree, the
matcher, the term order, and the traversal's results and proofs (checked by the kernel)."""

from __future__ import annotations

import pytest

from lantern.elab.document import check_document, initial_env, messages_of
from lantern.elab.syntax import tree as T
from lantern.elab.tactic.simp.discr_tree import ArgKinds
from lantern.elab.tactic.simp.index import default_indexes, lemmas_of_constant
from lantern.elab.tactic.simp.lemmas import EQ, FALSE, IFF, TRUE
from lantern.elab.nat_literals import mk_nat, nat_value, offset
from lantern.elab.tactic.simp.order import compare
from lantern.elab.tactic.simp.rewrite import Config, Simp, SimpSet
from lantern.elab.term.elaborator import TermElab
from lantern.kernel.expr import FVar, NatLit
from lantern.kernel.name import Name


@pytest.fixture(scope="module")
def env():  # noqa: ANN201
    return initial_env()


def lemmas(env, name: str):  # noqa: ANN001, ANN201
    found = lemmas_of_constant(env, Name.of(name))
    assert found is not None
    return found


# -- reading statements --------------------------------------------------------------------------


def test_an_equation_is_a_rewrite_rule(env) -> None:  # noqa: ANN001
    (rule,) = lemmas(env, "Nat.add_zero")
    assert rule.kind == EQ and not rule.perm and rule.rfl


def test_commutativity_is_a_permutation_rule(env) -> None:  # noqa: ANN001
    (rule,) = lemmas(env, "Nat.add_comm")
    assert rule.kind == EQ and rule.perm


def test_shapes_of_statements(env) -> None:  # noqa: ANN001
    assert lemmas(env, "Nat.le_refl")[0].kind == TRUE  # `n ≤ n` ↦ True
    assert lemmas(env, "Nat.lt_irrefl")[0].kind == FALSE  # `¬n < n`: `n < n` ↦ False
    assert lemmas(env, "Nat.add_one_ne_zero")[0].kind == FALSE  # `≠`: the equation ↦ False
    assert lemmas(env, "and_imp")[0].kind == IFF


def test_the_simp_set_is_built_once_per_state_of_the_attribute(env) -> None:  # noqa: ANN001
    first = default_indexes(env)
    assert default_indexes(env.fork()) is first
    assert sum(i.count for i in first) > 50


def test_new_simp_lemmas_get_a_small_index_of_their_own() -> None:
    snaps = check_document("@[simp] theorem my_lemma (n : Nat) : n * 0 + n = n := by simp\n")
    env = snaps[-1].env
    indexes = default_indexes(env)
    assert len(indexes) == 2 and indexes[0].count == 1
    assert indexes[1] is default_indexes(initial_env())[0]


# -- numerals and the order ------------------------------------------------------------------------


def test_numerals_in_every_spelling() -> None:
    assert nat_value(mk_nat(7)) == 7
    assert nat_value(NatLit(7)) == 7
    assert offset(mk_nat(7)) is None


def test_free_variables_are_ordered_by_creation() -> None:
    x, y = FVar(("e", 1), Name.of("x")), FVar(("e", 2), Name.of("y"))
    assert compare(x, y) < 0 < compare(y, x)
    assert compare(x, mk_nat(1)) < 0  # a variable before an application


# -- the traversal -----------------------------------------------------------------------------------


def simp_statement(env, text: str, only: bool = False):  # noqa: ANN001, ANN201
    """Elaborate the proposition `text` (closed) and simplify it with the default set."""
    from lantern.elab.syntax.operators import resolve_all
    from lantern.elab.syntax.parser import parse_command

    src = f"example : {text} := sorry"
    cmd = resolve_all(parse_command(src, 0, len(src)), env.notations)
    te = TermElab(env)
    ty = te.elab_type(cmd.sig.type)
    te.synthesize_pending()
    ty = te.instantiate(ty)
    indexes = [] if only else list(default_indexes(env))
    s = Simp(te, SimpSet(indexes), Config(), T.Span(0, 0))
    return te, ty, s.run(ty)


def test_ground_arithmetic_is_a_definitional_step(env) -> None:  # noqa: ANN001
    te, ty, r = simp_statement(env, "2 + 3 = 5")
    assert te.pp(r.expr) == "True"


def test_the_proof_is_checked_by_the_kernel(env) -> None:  # noqa: ANN001
    te, ty, r = simp_statement(env, "∀ n : Nat, (0 + n = n) ∧ (n * 1 ≤ n)")
    assert te.pp(r.expr) == "True"
    assert r.proof is not None
    proof_type = te.infer(r.proof)
    assert te.is_def_eq(proof_type, te.instantiate(te.infer(r.proof)))
    from lantern.kernel.add_decl import check_declaration
    from lantern.kernel.declaration import TheoremDecl
    from lantern.kernel.expr import Const, mk_app

    # `of_eq_true h : ty`, added as a theorem: the kernel accepts it.
    proof = mk_app(Const(Name.of("of_eq_true")), [ty, r.proof])
    check_declaration(env.kernel, TheoremDecl(Name.of("_simp_test"), (), ty, te.instantiate(proof)))


def test_a_conditional_if_is_decided(env) -> None:  # noqa: ANN001
    te, _, r = simp_statement(env, "(if 3 < 2 then 1 else 2) = 2")
    assert te.pp(r.expr) == "True"


def test_simp_only_still_does_numerals_and_reflexivity(env) -> None:  # noqa: ANN001
    te, _, r = simp_statement(env, "(2 + 2 : Nat) = 4", only=True)
    assert te.pp(r.expr) == "True"


# -- through the tactic ----------------------------------------------------------------------------------


def errors(text: str) -> list[str]:
    return [m.text for m in messages_of(check_document(text)) if m.severity == "error"]


def test_acceptance_f_true() -> None:
    assert errors(
        "def f (x y : Nat) : Bool := x + y == y + x\n"
        "theorem f_true (x y : Nat) : f x y = true := by simp [f, Nat.add_comm]\n"
    ) == []


def test_cons_case_leaves_the_arithmetic() -> None:
    out = errors(
        "def append (xs ys : List a) : List a :=\n  match xs with\n  | [] => ys\n  | x :: xs => x :: append xs ys\n"
        "theorem t (xs ys : List a) : (append xs ys).length = xs.length + ys.length := by\n"
        "  induction xs with\n  | nil => simp [append]\n  | cons x xs ih => simp [append, ih]\n"
    )
    assert len(out) == 1 and out[0].endswith("⊢ xs.length + ys.length + 1 = xs.length + 1 + ys.length")


def test_no_progress_is_an_error() -> None:
    assert errors("theorem t (p : Prop) (hp : p) : p := by simp\n") == ["simp made no progress"]


def test_a_false_hypothesis_closes_the_goal() -> None:
    assert errors("theorem t (n : Nat) (h : n + 1 = 0) : 2 = 3 := by simp at h\n") == []


def test_simp_all() -> None:
    assert errors("theorem t (a b : Nat) (h1 : a = b) (h2 : b = 3) : a + 0 = 3 := by simp_all\n") == []


def test_a_looping_set_fails_cleanly() -> None:
    out = errors("theorem t (a b : Nat) (h : a = b) (h2 : b = a) : a + 1 = 7 := by simp [h, h2]\n")
    assert out and "maximum recursion depth" in out[0]


_unused = ArgKinds
