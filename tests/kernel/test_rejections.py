"""A catalogue of declarations the kernel must reject.

Each case is a function that builds the smallest environment it needs and returns it with the
offending declaration. The test adds the declaration and checks three things: a `KernelError` is
raised, its `.decl` names the culprit, and its `.message` says why (a regex). It also checks that a
rejected declaration leaves the environment unchanged.

`rejects(..., bug=...)` marks a case the kernel wrongly accepts today as a strict xfail (none now).
"""

from __future__ import annotations

import re
from typing import Callable

import pytest

from lantern.kernel import (
    IMPLICIT,
    BVar,
    Constructor,
    Declaration,
    Environment,
    Expr,
    InductiveDecl,
    InductiveType,
    KernelError,
    MVar,
    MutualDefinitionDecl,
    OpaqueDecl,
    Proj,
    QuotDecl,
    Sort,
)
from lantern.kernel.level import mk_mvar

from .builders import (
    BOOL,
    NAT,
    PROP,
    TYPE,
    N,
    add_and,
    add_bool,
    add_eq,
    add_list,
    add_nat,
    add_nat_add,
    add_or,
    add_prod,
    add_true_false,
    app,
    arrow,
    axiom,
    const,
    definition,
    env_with,
    eq,
    fvar,
    inductive,
    lam,
    let,
    nat,
    pi,
    prod,
    refl,
    sort,
    succ,
    succ_level,
    theorem,
    type_,
)

Case = Callable[[], tuple[Environment, Declaration]]
CASES: list = []


def rejects(culprit: str, message: str, bug: str | None = None) -> Callable[[Case], Case]:
    """Register a case: adding its declaration must fail, blaming `culprit`, with `message`."""
    def register(case: Case) -> Case:
        # Today the declaration is accepted, so `pytest.raises` fails: only that failure is expected.
        marks = [pytest.mark.xfail(strict=True, reason=bug, raises=pytest.fail.Exception)] if bug else []
        CASES.append(pytest.param(case, culprit, message, id=case.__name__, marks=marks))
        return case

    return register


MISMATCH = "declared type and value type do not match"


# -- inductive types: positivity and valid occurrences ---------------------------------------------


@rejects("Bad.mk", r"arg #1 of 'Bad\.mk' has a non positive occurrence of the datatypes being declared")
def non_positive_occurrence():
    # inductive Bad | mk : (Bad → Nat) → Bad
    return env_with(add_nat), inductive("Bad", TYPE, [("Bad.mk", arrow(arrow("Bad", NAT), "Bad"))])


@rejects("A.mk", r"arg #1 of 'A\.mk' has a non positive occurrence")
def non_positive_occurrence_across_a_mutual_block():
    # mutual inductive A | mk : (B → Nat) → A ; inductive B | mk : A → B
    a = InductiveType(N("A"), TYPE, (Constructor(N("A.mk"), arrow(arrow("B", NAT), "A")),))
    b = InductiveType(N("B"), TYPE, (Constructor(N("B.mk"), arrow("A", "B")),))
    return env_with(add_nat), InductiveDecl((), 0, (a, b))


@rejects("Bad.mk", r"arg #1 of 'Bad\.mk' has a non valid occurrence of the datatypes being declared")
def nested_occurrence_under_list():
    # inductive Bad | mk : List Bad → Bad   (nested inductives are not supported)
    return env_with(add_list), inductive("Bad", TYPE, [("Bad.mk", arrow(app(const("List", 0), "Bad"), "Bad"))])


@rejects("I.mk", r"arg #1 of 'I\.mk' has a non valid occurrence")
def occurrence_in_an_index_of_a_field_type():
    # inductive I : Type → Type | mk : I (I Nat) → I Nat
    i_i_nat = app("I", app("I", NAT))
    return env_with(add_nat), inductive("I", arrow(TYPE, TYPE), [("I.mk", arrow(i_i_nat, app("I", NAT)))])


@rejects("I.mk", r"invalid return type for 'I\.mk'")
def occurrence_in_an_index_of_the_constructor_result():
    # inductive I : Type → Type | mk : I (I Nat)      (lean4#2125)
    return env_with(add_nat), inductive("I", arrow(TYPE, TYPE), [("I.mk", app("I", app("I", NAT)))])


# -- inductive types: universes and elimination ----------------------------------------------------


@rejects("Big.mk", r"universe level of type_of\(arg #1\) of 'Big\.mk' is too big for the corresponding inductive")
def constructor_field_in_too_large_a_universe():
    # inductive Big : Type | mk : Type → Big
    return Environment(), inductive("Big", TYPE, [("Big.mk", arrow(TYPE, "Big"))])


@rejects(
    "Big.mk", r"universe level of type_of\(arg #1\) of 'Big\.mk' is too big",
)
def universe_polymorphic_field_in_too_large_a_universe():
    # inductive Big.{u} : Type | mk : Sort u → Big    (Big.{2} : Type would contain Type: Girard)
    return Environment(), inductive("Big", TYPE, [("Big.mk", arrow(sort("u"), const("Big", "u")))], levels=("u",))


CHOOSE_TYPE = pi("a", PROP, lambda a: pi("b", PROP, lambda b: arrow(app("Or", a, b), NAT)))


def _choose_by_or_rec(*levels: int) -> Expr:
    """`fun a b (h : a ∨ b) => @Or.rec a b (fun _ => Nat) (fun _ => 0) (fun _ => 1) h`."""
    def body(a: Expr, b: Expr, h: Expr) -> Expr:
        motive = lam("_", app("Or", a, b), lambda _: NAT)
        left, right = lam("_", a, lambda _: nat(0)), lam("_", b, lambda _: nat(1))
        return app(const("Or.rec", *levels), a, b, motive, left, right, h)

    return lam("a", PROP, lambda a: lam("b", PROP, lambda b: lam("h", app("Or", a, b), lambda h: body(a, b, h))))


@rejects("choose", r"application type mismatch: .* has type 'Or a b → Type' "
         r"but is expected to have type 'Or a b → Prop'")
def large_elimination_from_a_two_constructor_prop():
    # Or.rec's motive lives in Prop: eliminating `a ∨ b` into `Nat` would tell which side holds.
    return env_with(add_nat, add_or), definition("choose", CHOOSE_TYPE, _choose_by_or_rec())


@rejects("choose", r"incorrect number of universe levels for 'Or\.rec': expected 0, got 1")
def or_recursor_has_no_elimination_universe():
    return env_with(add_nat, add_or), definition("choose", CHOOSE_TYPE, _choose_by_or_rec(1))


@rejects("witness", r"application type mismatch: .* has type 'Ex → Type' but is expected to have type 'Ex → Prop'")
def large_elimination_from_a_prop_structure_with_a_data_field():
    # inductive Ex : Prop | intro : Nat → Ex   eliminates only into Prop (the Nat is hidden)
    env = env_with(add_nat)
    env.add(inductive("Ex", PROP, [("Ex.intro", arrow(NAT, "Ex"))]))
    value = lam("h", "Ex", lambda h: app(const("Ex.rec"), lam("_", "Ex", lambda _: NAT), lam("n", NAT, lambda n: n), h))
    return env, definition("witness", arrow("Ex", NAT), value)


# -- inductive types: shape of the declaration -----------------------------------------------------


@rejects("T.a", r"'T\.a' has already been declared")
def duplicate_constructor_names():
    return Environment(), inductive("T", TYPE, [("T.a", "T"), ("T.a", "T")])


@rejects("T.mk", r"invalid return type for 'T\.mk'")
def constructor_returning_another_type():
    return env_with(add_nat), inductive("T", TYPE, [("T.mk", NAT)])


@rejects("Box.mk", r"arg #1 of 'Box\.mk' does not match inductive datatype parameters")
def constructor_parameter_of_the_wrong_type():
    # inductive Box (n : Nat) : Type | mk : (b : Bool) → Box Nat.zero
    env = env_with(add_nat, add_bool)
    ctor = pi("b", BOOL, lambda b: app("Box", "Nat.zero"))
    return env, inductive("Box", arrow(NAT, TYPE), [("Box.mk", ctor)], params=1)


@rejects("Box.mk", r"invalid return type for 'Box\.mk'")
def constructor_result_with_other_parameters():
    # inductive Box (α : Type) : Type | mk : (α : Type) → Box Nat
    ctor = pi("α", TYPE, lambda α: app("Box", NAT))
    return env_with(add_nat), inductive("Box", arrow(TYPE, TYPE), [("Box.mk", ctor)], params=1)


@rejects("B", r"parameters of all inductive datatypes must match")
def mutual_block_with_mismatched_parameters():
    # mutual inductive A (α : Type) : Type ; inductive B (n : Nat) : Type
    a = InductiveType(N("A"), arrow(TYPE, TYPE), ())
    b = InductiveType(N("B"), arrow(NAT, TYPE), ())
    return env_with(add_nat), InductiveDecl((), 1, (a, b))


@rejects("B", r"mutually inductive types must live in the same universe")
def mutual_types_in_different_universes():
    a = InductiveType(N("A"), TYPE, (Constructor(N("A.mk"), "A"),))
    b = InductiveType(N("B"), PROP, (Constructor(N("B.mk"), "B"),))
    return Environment(), InductiveDecl((), 0, (a, b))


@rejects("T", r"number of parameters mismatch in inductive datatype declaration: 1 declared, but .* only 0")
def more_parameters_than_binders():
    return Environment(), inductive("T", TYPE, [("T.mk", "T")], params=1)


@rejects("Nat", r"'Nat' has already been declared")
def inductive_type_declared_twice():
    return env_with(add_nat), inductive("Nat", TYPE, [])


@rejects("T.rec", r"'T\.rec' has already been declared")
def recursor_name_already_taken():
    env = env_with(add_nat)
    env.add(definition("T.rec", NAT, nat(0)))
    return env, inductive("T", TYPE, [("T.mk", "T")])


@rejects("L.nil", r"undeclared universe level parameter 'v'")
def undeclared_universe_parameter_in_a_constructor():
    # inductive L.{u} (α : Type u) | nil : (β : Sort v) → L α
    ctor = pi("α", type_("u"), lambda α: arrow(sort("v"), app(const("L", "u"), α)))
    return Environment(), inductive("L", arrow(type_("u"), type_("u")), [("L.nil", ctor)], params=1, levels=("u",))


@rejects("T", r"duplicate universe level parameter 'u'")
def inductive_with_duplicate_universe_parameters():
    return Environment(), inductive("T", sort("u"), [], levels=("u", "u"))


@rejects("T.mk", r"constructor type has a loose bound variable")
def constructor_type_with_a_loose_bound_variable():
    return Environment(), inductive("T", TYPE, [("T.mk", arrow(BVar(3), "T"))])


# -- universes ---------------------------------------------------------------------------------------


@rejects("t", MISMATCH + r": the value has type 'Type 1' but the declared type is 'Type'")
def type_in_type():
    # def t : Type := Type
    return Environment(), definition("t", TYPE, TYPE)


@rejects("id", r"duplicate universe level parameter 'u'")
def duplicate_universe_parameters():
    ty = pi("α", sort("u"), lambda α: arrow(α, α))
    return Environment(), definition("id", ty, lam("α", sort("u"), lambda α: lam("a", α, lambda a: a)), ("u", "u"))


@rejects("t", r"undeclared universe level parameter 'u'")
def undeclared_universe_parameter():
    # def t : Sort (u+1) := Sort u   (without declaring u)
    return Environment(), definition("t", Sort(succ_level("u")), sort("u"))


@rejects("xs", r"incorrect number of universe levels for 'List': expected 1, got 0")
def wrong_number_of_universe_levels():
    return env_with(add_nat, add_list), definition("xs", TYPE, app("List", NAT))


# -- typing of terms -------------------------------------------------------------------------------


@rejects("x", r"function expected in 'Nat\.zero Nat\.zero', but its type is 'Nat'")
def applying_a_non_function():
    return env_with(add_nat), definition("x", NAT, app("Nat.zero", "Nat.zero"))


@rejects("x", r"application type mismatch: in 'Nat\.succ Bool\.true', the argument 'Bool\.true' has type "
         r"'Bool' but is expected to have type 'Nat'")
def argument_of_the_wrong_type():
    return env_with(add_nat, add_bool), definition("x", NAT, succ("Bool.true"))


@rejects("x", r"unknown constant 'Nat\.foo'")
def unknown_constant():
    return env_with(add_nat), definition("x", NAT, "Nat.foo")


@rejects("x", MISMATCH + r": the value has type 'Nat' but the declared type is 'Bool'")
def value_type_differs_from_declared_type():
    return env_with(add_nat, add_bool), definition("x", BOOL, "Nat.zero")


@rejects("x", r"type mismatch in 'let y': the value has type 'Bool' but is declared with type 'Nat'")
def let_with_an_ill_typed_value():
    # def x : Nat := let y : Nat := Bool.true; y
    return env_with(add_nat, add_bool), definition("x", NAT, let("y", NAT, "Bool.true", lambda y: y))


@rejects("f", r"type expected for 'Nat\.zero', but its type is 'Nat', which is not a sort")
def lambda_binder_that_is_not_a_type():
    # def f : Nat → Nat := fun (x : Nat.zero) => x
    return env_with(add_nat), definition("f", arrow(NAT, NAT), lam("x", "Nat.zero", lambda x: x))


@rejects("x", r"type expected for 'Nat\.zero', but its type is 'Nat'")
def declared_type_that_is_not_a_type():
    return env_with(add_nat), definition("x", "Nat.zero", "Nat.zero")


@rejects("x", r"literal used before 'Nat' is declared")
def nat_literal_before_nat():
    env = env_with(add_true_false)
    return env, definition("x", PROP, app(lam("p", PROP, lambda p: "True"), nat(5)))


@rejects("f", r"application type mismatch: .* has type 'Bool → Type' but is expected to have type 'Nat → Type'")
def nat_rec_with_a_motive_of_the_wrong_type():
    # fun n => @Nat.rec (fun (b : Bool) => Nat) 0 (fun _ ih => ih) n
    env = env_with(add_nat, add_bool)
    step = lam("k", NAT, lambda k: lam("ih", NAT, lambda ih: ih))
    value = lam("n", NAT, lambda n: app(const("Nat.rec", 1), lam("b", BOOL, lambda b: NAT), nat(0), step, n))
    return env, definition("f", arrow(NAT, NAT), value)


# -- closedness ---------------------------------------------------------------------------------


@rejects("x", r"value has a loose bound variable")
def loose_bound_variable_in_a_value():
    return env_with(add_nat), definition("x", NAT, BVar(0))


@rejects("x", r"type has a loose bound variable")
def loose_bound_variable_in_a_type():
    return env_with(add_nat), axiom("x", arrow(NAT, BVar(1)))


@rejects("x", r"value has a free variable")
def free_variable_in_a_value():
    return env_with(add_nat), definition("x", NAT, fvar("y"))


@rejects("x", r"value has a metavariable")
def metavariable_in_a_value():
    return env_with(add_nat), definition("x", NAT, MVar("m"))


@rejects("x", r"type has a metavariable")
def universe_metavariable_in_a_type():
    return Environment(), axiom("x", Sort(mk_mvar(N("m"))))


# -- declarations ----------------------------------------------------------------------------------


@rejects("t", r"theorem type is not a proposition: 'Nat'")
def theorem_whose_type_is_not_a_proposition():
    return env_with(add_nat), theorem("t", NAT, "Nat.zero")


@rejects("x", r"'x' has already been declared")
def definition_declared_twice():
    env = env_with(add_nat)
    env.add(definition("x", NAT, "Nat.zero"))
    return env, definition("x", NAT, "Nat.zero")


@rejects("s", r"invalid declaration, it uses unsafe declaration 'u'")
def safe_definition_using_an_unsafe_one():
    env = env_with(add_nat)
    env.add(definition("u", NAT, "Nat.zero", safety="unsafe"))
    return env, definition("s", NAT, "u")


@rejects("s", r"safe declaration must not contain partial declaration 'p'")
def safe_definition_using_a_partial_one():
    env = env_with(add_nat)
    env.add(definition("p", NAT, "Nat.zero", safety="partial"))
    return env, definition("s", NAT, "p")


@rejects("t", r"invalid declaration, it uses unsafe declaration 'Bad'")
def safe_definition_using_an_unsafe_inductive():
    # An unsafe inductive skips the positivity check; safe code must not see it.
    env = env_with(add_nat)
    env.add(inductive("Bad", TYPE, [("Bad.mk", arrow(arrow("Bad", NAT), "Bad"))], unsafe=True))
    return env, definition("t", TYPE, "Bad")


@rejects("f", r"invalid mutual definition: the declarations must all be unsafe or all be partial")
def safe_mutual_definitions():
    # Safe recursion must go through recursors: a safe mutual block would allow `def f := g; def g := f`.
    f = definition("f", NAT, "g")
    g = definition("g", NAT, "f")
    return env_with(add_nat), MutualDefinitionDecl((f, g))


@rejects("f", r"must all be unsafe or all be partial")
def mutual_definitions_of_mixed_safety():
    f = definition("f", NAT, "g", safety="unsafe")
    g = definition("g", NAT, "f", safety="partial")
    return env_with(add_nat), MutualDefinitionDecl((f, g))


@rejects("f", r"duplicate declaration name 'f'")
def mutual_block_declaring_a_name_twice():
    f1 = definition("f", NAT, nat(0), safety="unsafe")
    f2 = definition("f", NAT, nat(1), safety="unsafe")
    return env_with(add_nat), MutualDefinitionDecl((f1, f2))


@rejects("g", r"must have the same universe level parameters")
def mutual_block_with_different_universe_parameters():
    f = definition("f", NAT, const("g", 0), levels=("u",), safety="unsafe")
    g = definition("g", NAT, const("f", 0), levels=("v",), safety="unsafe")
    return env_with(add_nat), MutualDefinitionDecl((f, g))


def test_a_negative_projection_index_cannot_be_built() -> None:
    """Lean's field index is a `Nat`. With `(S.mk True Bool).(-1)` typed as field 0 (a Prop) but
    reducing to `Bool`, `Bool.true = Bool.false` would follow by proof irrelevance; so the index is
    refused when the node is built (and `lantern check-export` reports such a record as malformed)."""
    with pytest.raises(ValueError, match="non-negative"):
        Proj(N("Prod"), -1, const("Nat.zero"))


# -- quotients ---------------------------------------------------------------------------------------


@rejects("Quot", r"the quotient package needs 'Eq' to be declared as an inductive type first")
def quotient_before_eq():
    return Environment(), QuotDecl()


@rejects("Quot", r"'Eq' does not have the type the quotient package expects")
def quotient_with_a_monomorphic_eq():
    # inductive Eq : {α : Type} → α → α → Prop | refl (a : α) : Eq a a     (no universe parameter)
    eq_ty = pi("α", TYPE, lambda α: arrow(α, α, PROP), IMPLICIT)
    refl_ty = pi("α", TYPE, lambda α: pi("a", α, lambda a: app("Eq", α, a, a)), IMPLICIT)
    env = Environment()
    env.add(inductive("Eq", eq_ty, [("Eq.refl", refl_ty)], params=2))
    return env, QuotDecl()


@rejects("Quot", r"'Quot' has already been declared")
def quotient_declared_twice():
    env = env_with(add_eq)
    env.add(QuotDecl())
    return env, QuotDecl()


# -- projections -----------------------------------------------------------------------------------


@rejects("x", r"invalid projection '3\.1' of a value of type 'Nat'")
def projection_out_of_a_non_structure():
    return env_with(add_nat), definition("x", NAT, Proj(N("Nat"), 0, nat(3)))


@rejects("f", r"invalid projection")
def projection_naming_another_structure():
    # fun (p : Prod Nat Nat) => p.(And).1
    env = env_with(add_nat, add_prod, add_and)
    return env, definition("f", arrow(prod(NAT, NAT), NAT), lam("p", prod(NAT, NAT), lambda p: Proj(N("And"), 0, p)))


@rejects("f", r"invalid projection 'p\.3' of a value of type 'Prod\.\{0, 0\} Nat Nat'")
def projection_index_out_of_range():
    env = env_with(add_nat, add_prod)
    return env, definition("f", arrow(prod(NAT, NAT), NAT), lam("p", prod(NAT, NAT), lambda p: Proj(N("Prod"), 2, p)))


@rejects("leak", r"invalid projection 'h\.1': cannot project data out of a proof")
def projecting_data_out_of_a_proof():
    # inductive Ex : Prop | intro : Nat → Ex ;  def leak (h : Ex) : Nat := h.1
    env = env_with(add_nat)
    env.add(inductive("Ex", PROP, [("Ex.intro", arrow(NAT, "Ex"))]))
    return env, definition("leak", arrow("Ex", NAT), lam("h", "Ex", lambda h: Proj(N("Ex"), 0, h)))


# -- false "proofs" ----------------------------------------------------------------------------------


@rejects("two_add_two", MISMATCH)
def two_plus_two_is_five_by_rfl():
    # theorem : Nat.add 2 2 = 5 := Eq.refl (Nat.add 2 2)     (computed on literals: 4 ≠ 5)
    env = env_with(add_nat_add, add_eq)
    four = app("Nat.add", nat(2), nat(2))
    return env, theorem("two_add_two", eq(four, nat(5)), refl(four))


@rejects("succ_eq_self", MISMATCH)
def succ_n_equals_n_by_rfl():
    # theorem : ∀ n, Nat.succ n = n := fun n => Eq.refl (Nat.succ n)
    env = env_with(add_nat, add_eq)
    ty = pi("n", NAT, lambda n: eq(succ(n), n))
    return env, theorem("succ_eq_self", ty, lam("n", NAT, lambda n: refl(succ(n))))


@rejects("all_equal", MISMATCH)
def data_is_not_proof_irrelevant():
    # theorem : ∀ a b : Nat, a = b := fun a b => Eq.refl a
    env = env_with(add_nat, add_eq)
    ty = pi("a", NAT, lambda a: pi("b", NAT, lambda b: eq(a, b)))
    return env, theorem("all_equal", ty, lam("a", NAT, lambda a: lam("b", NAT, lambda b: refl(a))))


@rejects("oops", MISMATCH + r": the value has type 'True' but the declared type is 'False'")
def proof_of_false_that_is_not_a_proof():
    return env_with(add_true_false), theorem("oops", "False", "True.intro")


@rejects("oops", MISMATCH + r": the value has type 'Prop' but the declared type is 'False'")
def false_itself_as_a_proof_of_false():
    return env_with(add_true_false), theorem("oops", "False", "False")


@rejects("c_eq", MISMATCH)
def opaque_definition_does_not_unfold():
    # opaque c : Nat := 5 ; theorem : c = 5 := Eq.refl 5
    env = env_with(add_nat, add_eq)
    env.add(OpaqueDecl(N("c"), (), NAT, nat(5)))
    return env, theorem("c_eq", eq("c", nat(5)), refl(nat(5)))


# -- the test ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case, culprit, message", CASES)
def test_kernel_rejects(case: Case, culprit: str, message: str) -> None:
    env, decl = case()
    size = len(env)
    with pytest.raises(KernelError) as info:
        env.add(decl)
    err = info.value
    assert err.decl == N(culprit), f"blamed {err.decl}, not {culprit}: {err.message}"
    assert re.search(message, err.message), err.message
    assert len(env) == size, "a rejected declaration must not change the environment"


def test_catalogue_is_large_enough() -> None:
    assert len(CASES) >= 35
