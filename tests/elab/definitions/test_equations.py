"""Equation lemmas through the Python API (`lantern.elab.equations`), for the simp and rewrite
tactics: one lemma per pattern row, closed, checked by the kernel, for each way a definition is
compiled (no recursion, the recursor, `brecOn`, well-founded recursion)."""

from __future__ import annotations

from lantern.elab.document import check_document, messages_of
from lantern.elab.equations import equation_lemmas, unfold_lemma
from lantern.elab.messages import ERROR
from lantern.kernel.declaration import TheoremInfo
from lantern.kernel.expr import PI
from lantern.kernel.name import Name

SOURCE = """
def append : List α → List α → List α
  | [], ys => ys
  | x :: xs, ys => x :: append xs ys

def double (n : Nat) : Nat := n + n

def isZero : Nat → Bool
  | 0 => Bool.true
  | _ => Bool.false

def fib : Nat → Nat
  | 0 => 0
  | 1 => 1
  | n + 2 => fib n + fib (n + 1)

def g (x y : Nat) : Nat :=
  if y > 0 then
    if x > y then g (x - y) y else x
  else x

def sumTo : Nat → Nat
  | 0 => 0
  | n + 1 => n + 1 + sumTo (n + 1 - 1)

theorem notAnEquation : True := True.intro
"""


def _env():  # type: ignore[no-untyped-def]
    snapshots = check_document(SOURCE)
    errors = [m.text for m in messages_of(snapshots) if m.severity == ERROR]
    assert errors == []
    return snapshots[-1].env


ENV = None


def env():  # type: ignore[no-untyped-def]
    global ENV
    if ENV is None:
        ENV = _env()
    return ENV


def _binders(t) -> int:  # type: ignore[no-untyped-def]
    n = 0
    while t.kind == PI:
        n += 1
        t = t.body
    return n


def test_one_lemma_per_row_in_order() -> None:
    lemmas = equation_lemmas(env(), Name.of("append"))
    assert [str(l.name) for l in lemmas] == ["append.eq_1", "append.eq_2"]
    assert [str(p) for p in lemmas[0].level_params] == ["u_1"]
    # `∀ {α} (ys : List α), append [] ys = ys` and `∀ {α} (x : α) (xs ys : List α), …`
    assert _binders(lemmas[0].type) == 2 and _binders(lemmas[1].type) == 4


def test_lemmas_are_closed_kernel_checked_theorems() -> None:
    for name in ("append", "double", "isZero", "fib", "g", "sumTo"):
        lemmas = equation_lemmas(env(), Name.of(name))
        assert lemmas, name
        for l in lemmas:
            info = env().kernel.find(l.name)
            assert isinstance(info, TheoremInfo)
            assert info.type == l.type and info.value == l.proof
            assert not l.type.has_fvar and not l.type.has_mvar and not l.proof.has_fvar


def test_definition_without_match_has_one_equation_and_eq_def() -> None:
    lemmas = equation_lemmas(env(), Name.of("double"))
    assert [str(l.name) for l in lemmas] == ["double.eq_1"]
    unfold = unfold_lemma(env(), Name.of("double"))
    assert unfold is not None and unfold.type == lemmas[0].type


def test_overlapping_row_has_a_hypothesis() -> None:
    second = equation_lemmas(env(), Name.of("isZero"))[1]
    # `∀ (x : Nat), (x = 0 → False) → isZero x = false`: a variable and a hypothesis
    assert _binders(second.type) == 2


def test_brecon_and_well_founded_definitions_have_equations() -> None:
    assert len(equation_lemmas(env(), Name.of("fib"))) == 3
    assert len(equation_lemmas(env(), Name.of("sumTo"))) == 2
    assert [str(l.name) for l in equation_lemmas(env(), Name.of("g"))] == ["g.eq_1"]
    assert unfold_lemma(env(), Name.of("g")) is not None


def test_theorems_have_no_equations() -> None:
    assert equation_lemmas(env(), Name.of("notAnEquation")) == []
    assert unfold_lemma(env(), Name.of("notAnEquation")) is None


def test_plain_equations_are_made_on_first_use() -> None:
    from lantern.elab.equations import ensure_reserved

    e = env()
    fresh = check_document("def triple (n : Nat) : Nat := n + n + n", e.fork())[-1].env
    assert Name.of("triple.eq_1") not in fresh.kernel  # reserved, not made yet (as in Lean)
    assert ensure_reserved(fresh, Name.of("triple.eq_def"))
    assert isinstance(fresh.kernel.find(Name.of("triple.eq_1")), TheoremInfo)
    assert not ensure_reserved(fresh, Name.of("triple.eq_7"))
    assert not ensure_reserved(fresh, Name.of("notAnEquation.eq_1"))


APP2 = "def app2 : List Nat → List Nat → List Nat\n  | [], ys => ys\n  | {x} :: xs, ys => {x} :: app2 xs ys\n"


def test_recursive_eq_def_is_made_on_first_use() -> None:
    from lantern.elab.equations import ensure_reserved

    fresh = check_document(APP2.format(x="x"), env().fork())[-1].env
    assert isinstance(fresh.kernel.find(Name.of("app2.eq_2")), TheoremInfo)  # the rows: now
    assert Name.of("app2.eq_def") not in fresh.kernel  # reserved, made when asked for (as in Lean)
    assert ensure_reserved(fresh, Name.of("app2.eq_def"))
    made = fresh.kernel.find(Name.of("app2.eq_def"))
    assert isinstance(made, TheoremInfo) and _binders(made.type) == 2
    assert unfold_lemma(fresh, Name.of("app2")) is not None


def test_a_changed_eq_def_recipe_is_seen_by_the_incremental_engine() -> None:
    """`changed_eq_defs` compares the recipes a command set in two runs, binder names included."""
    from lantern.elab.equations import changed_eq_defs

    base = env()
    a = check_document(APP2.format(x="x"), base.fork())[-1].env
    again = check_document(APP2.format(x="x"), base.fork())[-1].env
    renamed = check_document(APP2.format(x="y"), base.fork())[-1].env
    assert a.pending_eq_defs[Name.of("app2")] is not again.pending_eq_defs[Name.of("app2")]
    assert changed_eq_defs(base, a, base, again) == set()
    assert changed_eq_defs(base, a, base, renamed) == {Name.of("app2.eq_def")}
    assert changed_eq_defs(base, a, base, base) == {Name.of("app2.eq_def")}  # no longer set
