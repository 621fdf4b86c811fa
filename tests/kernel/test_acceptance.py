"""Declarations the kernel must accept: it must not be stricter than Lean's kernel.

Covers the generated recursors (shape, `k`, elimination universe), iota, `Nat` literals, K-like
reduction, proof irrelevance, eta for functions, structures and unit-like types, `let`, quotients,
lazy delta reduction through a long chain of definitions, universe polymorphism and `imax`, unsafe
and partial mutual definitions, opaque constants and string literals.
"""

from __future__ import annotations

import time

import pytest

from lantern.kernel import (
    IMPLICIT,
    AxiomDecl,
    Environment,
    InductiveInfo,
    KernelError,
    MutualDefinitionDecl,
    OpaqueDecl,
    OpaqueInfo,
    Proj,
    QuotDecl,
    RecursorInfo,
    ReducibilityHints,
    Sort,
    StrLit,
    TypeChecker,
)
from lantern.kernel.level import mk_imax

from .builders import (
    NAT,
    PROP,
    TYPE,
    N,
    add_and,
    add_bool,
    add_eq,
    add_even_odd,
    add_list,
    add_nat,
    add_nat_add,
    add_or,
    add_prod,
    add_punit,
    add_string,
    add_true_false,
    add_vec,
    app,
    arrow,
    const,
    definition,
    env_with,
    eq,
    inductive,
    lam,
    let,
    lvl,
    nat,
    nat_add_value,
    pi,
    prod,
    refl,
    sort,
    succ,
    succ_level,
    theorem,
    type_,
    unary,
)

ALL = (add_nat_add, add_eq, add_bool, add_true_false, add_and, add_or, add_prod, add_punit, add_list, add_vec,
       add_even_odd)


def rec(env: Environment, name: str) -> RecursorInfo:
    info = env.get(N(f"{name}.rec"))
    assert isinstance(info, RecursorInfo)
    return info


def ind(env: Environment, name: str) -> InductiveInfo:
    info = env.get(N(name))
    assert isinstance(info, InductiveInfo)
    return info


# -- inductive types and their recursors -------------------------------------------------------------


def test_whole_prelude_is_accepted() -> None:
    env = env_with(*ALL, add_string)
    env.add(QuotDecl())
    assert N("Quot.lift") in env and N("Vec.rec") in env and N("Odd.rec") in env


def test_nat_recursor_has_lean_shape() -> None:
    env = env_with(add_nat)
    r = rec(env, "Nat")
    assert (r.num_params, r.num_indices, r.num_motives, r.num_minors, r.k) == (0, 0, 1, 2, False)
    assert r.level_params == (N("u"),)
    assert [(str(x.ctor), x.nfields) for x in r.rules] == [("Nat.zero", 0), ("Nat.succ", 1)]
    assert ind(env, "Nat").is_rec and not ind(env, "Nat").is_reflexive
    # (motive : Nat → Sort u) → motive Nat.zero → ((n : Nat) → motive n → motive (Nat.succ n)) → (t : Nat) → motive t
    expected = pi("motive", arrow(NAT, sort("u")), lambda m: arrow(
        app(m, "Nat.zero"),
        pi("n", NAT, lambda n: arrow(app(m, n), app(m, succ(n)))),
        pi("t", NAT, lambda t: app(m, t))), IMPLICIT)
    assert r.type == expected


def test_list_recursor_has_a_parameter_and_a_fresh_elimination_universe() -> None:
    r = rec(env_with(add_list), "List")
    assert (r.num_params, r.num_indices, r.num_motives, r.num_minors, r.k) == (1, 0, 1, 2, False)
    assert r.level_params == (N("u_1"), N("u"))  # `u` is taken by List itself
    assert [x.nfields for x in r.rules] == [0, 2]


def test_vec_is_an_indexed_family() -> None:
    env = env_with(add_vec)
    assert (ind(env, "Vec").num_params, ind(env, "Vec").num_indices) == (1, 1)
    r = rec(env, "Vec")
    assert (r.num_params, r.num_indices, r.num_motives, r.num_minors, r.k) == (1, 1, 1, 2, False)
    assert [x.nfields for x in r.rules] == [0, 3]  # cons: head, {n}, tail


def test_even_odd_mutual_recursors_share_motives_and_minors() -> None:
    env = env_with(add_even_odd)
    for name in ("Even", "Odd"):
        r = rec(env, name)
        assert (r.num_motives, r.num_minors, r.num_indices) == (2, 3, 1)
        assert r.all == (N("Even"), N("Odd"))
        assert r.level_params == ()  # mutual inductive predicates eliminate only into Prop
    assert [str(x.ctor) for x in rec(env, "Odd").rules] == ["Odd.succ"]


@pytest.mark.parametrize(
    "name, k",
    [("Eq", True), ("True", True),  # one constructor without fields, in Prop (True is K-like in Lean too)
     ("Nat", False), ("Bool", False), ("List", False), ("Vec", False), ("Even", False), ("Odd", False),
     ("And", False), ("Or", False), ("Prod", False), ("PUnit", False), ("False", False)],
)
def test_k_flag_only_for_field_less_single_constructor_predicates(name: str, k: bool) -> None:
    assert rec(env_with(*ALL), name).k is k


@pytest.mark.parametrize(
    "name, large",
    [("Eq", True), ("And", True), ("True", True), ("False", True), ("Or", False), ("Even", False), ("Nat", True)],
)
def test_elimination_universe(name: str, large: bool) -> None:
    """Inductive predicates eliminate into every universe only when that reveals nothing."""
    env = env_with(*ALL)
    assert (len(rec(env, name).level_params) > len(ind(env, name).level_params)) is large


def test_prop_family_whose_data_field_is_an_index_eliminates_into_any_universe() -> None:
    # inductive Sing : Nat → Prop | mk (n : Nat) : Sing n     (n is already known from the type)
    env = env_with(add_nat)
    env.add(inductive("Sing", arrow(NAT, PROP), [("Sing.mk", pi("n", NAT, lambda n: app("Sing", n)))]))
    assert rec(env, "Sing").level_params == (N("u"),)


def test_reflexive_inductive_is_positive() -> None:
    # inductive Tree | leaf | node : (Nat → Tree) → Tree
    env = env_with(add_nat)
    env.add(inductive("Tree", TYPE, [("Tree.leaf", "Tree"), ("Tree.node", arrow(arrow(NAT, "Tree"), "Tree"))]))
    assert ind(env, "Tree").is_reflexive
    assert [x.nfields for x in rec(env, "Tree").rules] == [0, 1]


def test_constructor_field_below_a_universe_polymorphic_result() -> None:
    # structure Wrap.{u} : Type (u+1) where mk :: (n : Nat)       -- Lean accepts this
    env = env_with(add_nat)
    env.add(inductive("Wrap", type_(succ_level("u")), [("Wrap.mk", arrow(NAT, const("Wrap", "u")))], levels=("u",)))


# -- iota and Nat literals ---------------------------------------------------------------------------


def test_iota_reduction_with_constructor_numerals() -> None:
    # `plus` is Nat.add under a name the kernel does not know: only Nat.rec's rules can compute it.
    env = env_with(add_nat, add_eq)
    env.add(definition("plus", arrow(NAT, NAT, NAT), nat_add_value()))
    env.add(theorem("two_plus_three", eq(app("plus", unary(2), unary(3)), unary(5)), refl(unary(5))))


def test_iota_reduction_on_open_terms() -> None:
    env = env_with(add_nat_add, add_eq)
    env.add(theorem("add_zero", pi("n", NAT, lambda n: eq(app("Nat.add", n, nat(0)), n)),
                    lam("n", NAT, lambda n: refl(n))))
    env.add(theorem("add_two", pi("n", NAT, lambda n: eq(app("Nat.add", n, nat(2)), succ(succ(n)))),
                    lam("n", NAT, lambda n: refl(succ(succ(n))))))


def test_nat_add_on_small_literals() -> None:
    env = env_with(add_nat_add, add_eq)
    env.add(theorem("two_add_three", eq(app("Nat.add", nat(2), nat(3)), nat(5)), refl(nat(5))))


def test_nat_add_on_huge_literals_is_instant() -> None:
    env = env_with(add_nat_add, add_eq)
    start = time.perf_counter()
    env.add(theorem("big", eq(app("Nat.add", nat(100000000000), nat(1)), nat(100000000001)), refl(nat(100000000001))))
    env.add(theorem("bigger", eq(app("Nat.add", nat(10**40), nat(10**40)), nat(2 * 10**40)), refl(nat(2 * 10**40))))
    assert time.perf_counter() - start < 1.0


def test_nat_literal_is_succ_of_its_predecessor() -> None:
    env = env_with(add_nat, add_eq)
    env.add(theorem("three", eq(nat(3), succ(nat(2))), refl(nat(3))))
    env.add(theorem("three'", eq(nat(3), unary(3)), refl(unary(3))))
    env.add(theorem("zero", eq(nat(0), "Nat.zero"), refl(nat(0))))


def test_literals_in_indices_of_even_and_vec() -> None:
    env = env_with(add_even_odd, add_vec)
    env.add(theorem("even_two", app("Even", nat(2)), app("Even.succ", nat(1), app("Odd.succ", nat(0), "Even.zero"))))
    vnil = app(const("Vec.nil", 0), NAT)
    v = app(const("Vec.cons", 0), NAT, nat(7), nat(0), vnil)
    env.add(definition("v1", app(const("Vec", 0), NAT, nat(1)), v))


# -- definitional equality -----------------------------------------------------------------------------


def test_k_like_reduction_on_eq() -> None:
    # ∀ h : 0 = 0, @Eq.rec Nat 0 (fun _ _ => Nat) 5 0 h = 5 — `h` is not `Eq.refl`, K makes it one.
    env = env_with(add_nat, add_eq)
    motive = lam("x", NAT, lambda x: lam("_", eq(nat(0), x), lambda _: NAT))
    cast = lambda h: app(const("Eq.rec", 1, 1), NAT, nat(0), motive, nat(5), nat(0), h)  # noqa: E731
    env.add(theorem("k", pi("h", eq(nat(0), nat(0)), lambda h: eq(cast(h), nat(5))),
                    lam("h", eq(nat(0), nat(0)), lambda h: refl(nat(5)))))


def test_proof_irrelevance() -> None:
    env = env_with(add_eq)
    ty = pi("p", PROP, lambda p: pi("h1", p, lambda h1: pi("h2", p, lambda h2: eq(h1, h2, p, 0))))
    value = lam("p", PROP, lambda p: lam("h1", p, lambda h1: lam("h2", p, lambda h2: refl(h1, p, 0))))
    env.add(theorem("proof_irrel", ty, value))


def test_eta_for_functions() -> None:
    env = env_with(add_nat, add_eq)
    fn = arrow(NAT, NAT)
    ty = pi("f", fn, lambda f: eq(f, lam("x", NAT, lambda x: app(f, x)), fn))
    env.add(theorem("eta", ty, lam("f", fn, lambda f: refl(f, fn))))


def test_eta_for_structures() -> None:
    env = env_with(add_nat, add_eq, add_prod)
    p_t = prod(NAT, NAT)
    mk = lambda p: app(const("Prod.mk", 0, 0), NAT, NAT, Proj(N("Prod"), 0, p), Proj(N("Prod"), 1, p))  # noqa: E731
    env.add(theorem("struct_eta", pi("p", p_t, lambda p: eq(p, mk(p), p_t)), lam("p", p_t, lambda p: refl(p, p_t))))


def test_structure_eta_lets_the_recursor_reduce_on_a_variable() -> None:
    # ∀ p : Nat × Nat, Prod.rec (fun a _ => a) p = p.1
    env = env_with(add_nat, add_eq, add_prod)
    p_t = prod(NAT, NAT)
    first = lam("a", NAT, lambda a: lam("b", NAT, lambda b: a))
    rec_app = lambda p: app(const("Prod.rec", 1, 0, 0), NAT, NAT, lam("_", p_t, lambda _: NAT), first, p)  # noqa: E731
    env.add(theorem("rec_eta", pi("p", p_t, lambda p: eq(rec_app(p), Proj(N("Prod"), 0, p))),
                    lam("p", p_t, lambda p: refl(Proj(N("Prod"), 0, p)))))


def test_unit_like_eta() -> None:
    env = env_with(add_eq, add_punit)
    unit = const("PUnit", 1)
    env.add(theorem("unit_eq", pi("a", unit, lambda a: pi("b", unit, lambda b: eq(a, b, unit))),
                    lam("a", unit, lambda a: lam("b", unit, lambda b: refl(a, unit)))))


def test_let_and_zeta() -> None:
    env = env_with(add_nat_add, add_eq)
    env.add(definition("four", NAT, let("x", NAT, nat(2), lambda x: app("Nat.add", x, x))))
    env.add(theorem("four_eq", eq("four", nat(4)), refl(nat(4))))
    env.add(definition("three", let("T", TYPE, NAT, lambda T: T), nat(3)))  # a `let` as the type


def test_lazy_delta_through_a_chain_of_200_definitions() -> None:
    env = env_with(add_nat, add_eq)
    env.add(definition("f0", arrow(NAT, NAT), lam("n", NAT, lambda n: succ(n)), hints=ReducibilityHints.regular(1)))
    for i in range(1, 200):
        env.add(definition(f"f{i}", arrow(NAT, NAT), lam("n", NAT, lambda n: app(f"f{i - 1}", n)),
                           hints=ReducibilityHints.regular(i + 1)))
    start = time.perf_counter()
    env.add(theorem("top_eq_bottom", eq(app("f199", nat(5)), app("f0", nat(5))), refl(app("f0", nat(5)))))
    env.add(theorem("top_eq_six", eq(app("f199", nat(5)), nat(6)), refl(nat(6))))
    assert time.perf_counter() - start < 5.0


# -- quotients -----------------------------------------------------------------------------------------


def test_quotient_lift_computes_on_quot_mk() -> None:
    # theorem.{u,v} ∀ {α : Sort u} {β : Sort v} (r : α → α → Prop) (f : α → β)
    #   (h : ∀ a b, r a b → f a = f b) (a : α), Quot.lift f h (Quot.mk r a) = f a := … Eq.refl (f a)
    env = env_with(add_eq)
    env.add(QuotDecl())

    def respects(α, β, r, f):  # type: ignore[no-untyped-def]
        return pi("a", α, lambda a: pi("b", α, lambda b: arrow(app(r, a, b), eq(app(f, a), app(f, b), β, "v"))))

    def telescope(binder, body):  # type: ignore[no-untyped-def]
        """`binder {α : Sort u} {β : Sort v} (r) (f) (h) (a), body α β r f h a`"""
        return binder("α", sort("u"), lambda α: binder("β", sort("v"), lambda β: binder(
            "r", arrow(α, α, PROP), lambda r: binder(
                "f", arrow(α, β), lambda f: binder(
                    "h", respects(α, β, r, f), lambda h: binder(
                        "a", α, lambda a: body(α, β, r, f, h, a))))), IMPLICIT), IMPLICIT)

    def statement(α, β, r, f, h, a):  # type: ignore[no-untyped-def]
        lifted = app(const("Quot.lift", "u", "v"), α, r, β, f, h, app(const("Quot.mk", "u"), α, r, a))
        return eq(lifted, app(f, a), β, "v")

    value = telescope(lam, lambda α, β, r, f, h, a: refl(app(f, a), β, "v"))
    env.add(theorem("lift_mk", telescope(pi, statement), value, levels=("u", "v")))


# -- universes -----------------------------------------------------------------------------------------


def test_universe_polymorphic_identity_at_several_levels() -> None:
    env = env_with(add_nat, add_eq, add_true_false)
    id_type = pi("α", sort("u"), lambda α: arrow(α, α), IMPLICIT)
    env.add(definition("id", id_type, lam("α", sort("u"), lambda α: lam("a", α, lambda a: a), IMPLICIT), ("u",)))
    env.add(theorem("id_prop", "True", app(const("id", 0), "True", "True.intro")))
    env.add(definition("id_nat", NAT, app(const("id", 1), NAT, nat(3))))
    env.add(definition("id_type", TYPE, app(const("id", 2), TYPE, NAT)))
    env.add(definition("id_sort", pi("α", sort("v"), lambda α: sort("v")),
                       lam("α", sort("v"), lambda α: app(const("id", succ_level("v")), sort("v"), α)), ("v",)))
    env.add(theorem("id_computes", eq(app(const("id", 1), NAT, nat(3)), nat(3)), refl(nat(3))))


def test_imax_makes_a_pi_into_prop_a_prop() -> None:
    env = env_with(add_nat, add_true_false)
    env.add(theorem("all_true", pi("x", NAT, lambda x: "True"), lam("x", NAT, lambda x: "True.intro")))
    env.add(theorem("all_sorts_true", pi("α", sort("u"), lambda α: "True"),
                    lam("α", sort("u"), lambda α: "True.intro"), ("u",)))
    tc = TypeChecker(env, (N("u"),))
    assert tc.check(pi("α", sort("u"), lambda α: "True")) == PROP
    assert tc.check(pi("α", sort("u"), lambda α: α)) == Sort(mk_imax(succ_level("u"), lvl("u")))


# -- kinds of declarations -------------------------------------------------------------------------------


def test_unsafe_mutual_definitions() -> None:
    env = env_with(add_nat)
    f = definition("f", arrow(NAT, NAT), lam("n", NAT, lambda n: app("g", n)), safety="unsafe")
    g = definition("g", arrow(NAT, NAT), lam("n", NAT, lambda n: app("f", succ(n))), safety="unsafe")
    env.add(MutualDefinitionDecl((f, g)))
    env.add(definition("loop", arrow(NAT, NAT), lam("n", NAT, lambda n: app("loop", n)), safety="unsafe"))
    env.add(definition("uses_f", NAT, app("f", nat(0)), safety="unsafe"))


def test_partial_mutual_definitions() -> None:
    env = env_with(add_nat)
    f = definition("f", arrow(NAT, NAT), lam("n", NAT, lambda n: app("g", n)), safety="partial")
    g = definition("g", arrow(NAT, NAT), lam("n", NAT, lambda n: app("f", n)), safety="partial")
    env.add(MutualDefinitionDecl((f, g)))


def test_opaque_definition() -> None:
    env = env_with(add_nat, add_eq)
    env.add(OpaqueDecl(N("c"), (), NAT, nat(5)))
    assert isinstance(env.get(N("c")), OpaqueInfo)
    env.add(theorem("c_eq_c", eq("c", "c"), refl("c")))


def test_axiom_and_unsafe_axiom() -> None:
    env = env_with(add_nat)
    env.add(AxiomDecl(N("ax"), (), NAT))
    env.add(AxiomDecl(N("uax"), (), NAT, True))
    env.add(definition("uses_uax", NAT, "uax", safety="unsafe"))


# -- string literals -------------------------------------------------------------------------------------


def test_string_literals_expand_to_string_mk() -> None:
    env = env_with(add_eq, add_string)
    char, chars = const("Char"), app(const("List", 0), const("Char"))
    cons = lambda c, t: app(const("List.cons", 0), char, app("Char.ofNat", nat(ord(c))), t)  # noqa: E731
    nil = app(const("List.nil", 0), char)
    string = const("String")
    assert TypeChecker(env).check(StrLit("ab")) == string
    env.add(theorem("ab", eq(StrLit("ab"), app("String.mk", cons("a", cons("b", nil))), string),
                    refl(StrLit("ab"), string)))
    env.add(theorem("empty", eq(StrLit(""), app("String.mk", nil), string), refl(StrLit(""), string)))
    env.add(theorem("data", eq(Proj(N("String"), 0, StrLit("a")), cons("a", nil), chars),
                    refl(cons("a", nil), chars)))
