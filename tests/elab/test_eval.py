"""The evaluator behind `#eval` (`lantern.elab.eval`): compiled closures on kernel terms, Python ints
for `Nat`, recursors run by their rules without unary numbers or deep recursion, the step limit, and
printing as Lean's `#eval` prints.

Environments are built with the kernel test builders; what the front end would elaborate (`match`,
`if`, `+`) is written here directly as the kernel terms it elaborates to.
"""

from __future__ import annotations

import time

import pytest

from lantern.elab.constructions import add_auxiliary_constructions
from lantern.elab.env import ElabEnv, StructureInfo
from lantern.elab.eval import EvalError, Limits, ReprHookResult, evaluate
from lantern.kernel import (
    IMPLICIT, Constructor, DefinitionDecl, Environment, InductiveDecl, InductiveType, MutualDefinitionDecl,
    OpaqueDecl, Proj, QuotDecl, StrLit,
)
from lantern.elab.env import InstanceInfo
from lantern.kernel.declaration import ABBREV_HINTS, PARTIAL, UNSAFE
from tests.kernel.builders import (
    BOOL, NAT, N, add_bool, add_eq, add_list, add_nat, add_nat_add, add_prod, add_punit, add_string, add_vec, app,
    arrow, axiom, const, definition, env_with, inductive, lam, nat, pi, prod, sort, succ, type_,
)

# -- a small prelude, as the front end would elaborate it ----------------------------------------------------

NAT_MOTIVE = lam("_", NAT, lambda _: NAT)


def nat_rec(motive, zero, step, major):  # type: ignore[no-untyped-def]
    return app(const("Nat.rec", 1), motive, zero, step, major)


def list_(α):  # type: ignore[no-untyped-def]
    return app(const("List", 0), α)


def nil(α):  # type: ignore[no-untyped-def]
    return app(const("List.nil", 0), α)


def cons(α, h, t):  # type: ignore[no-untyped-def]
    return app(const("List.cons", 0), α, h, t)


def mk_list(α, items):  # type: ignore[no-untyped-def]
    r = nil(α)
    for x in reversed(items):
        r = cons(α, x, r)
    return r


def list_rec(α, result, nil_case, cons_case, xs):  # type: ignore[no-untyped-def]
    """`List.rec (motive := fun _ => result) nil_case cons_case xs` (into `Type`)."""
    motive = lam("_", list_(α), lambda _: result)
    return app(const("List.rec", 1, 0), α, motive, nil_case, cons_case, xs)


def add_option(env: Environment) -> None:
    if N("Option") in env:
        return
    opt = lambda α: app(const("Option", "u"), α)  # noqa: E731
    none = pi("α", type_("u"), lambda α: opt(α), IMPLICIT)
    some = pi("α", type_("u"), lambda α: pi("val", α, lambda _: opt(α)), IMPLICIT)
    env.add(inductive("Option", arrow(type_("u"), type_("u")), [("Option.none", none), ("Option.some", some)],
                      params=1, levels=("u",)))


def add_decidable(env: Environment) -> None:
    """`class inductive Decidable (p : Prop) | isFalse (h : ¬p) | isTrue (h : p)` (with `p → False`
    for `¬p`), and `Nat.decEq` as an opaque primitive (its type is what selects the native)."""
    add_eq(env)
    if N("Decidable") in env:
        return
    env.add(inductive("False", sort(0), []))
    dec = lambda p: app("Decidable", p)  # noqa: E731
    is_false = pi("p", sort(0), lambda p: pi("h", arrow(p, "False"), lambda _: dec(p)), IMPLICIT)
    is_true = pi("p", sort(0), lambda p: pi("h", p, lambda _: dec(p)), IMPLICIT)
    env.add(inductive("Decidable", arrow(sort(0), type_(0)),
                      [("Decidable.isFalse", is_false), ("Decidable.isTrue", is_true)], params=1))
    add_auxiliary_constructions(env, N("Decidable"))
    eq_nat = lambda a, b: app(const("Eq", 1), NAT, a, b)  # noqa: E731
    env.add(axiom("Nat.decEq", pi("n", NAT, lambda n: pi("m", NAT, lambda m: dec(eq_nat(n, m))))))
    # ite {α : Sort u} (c : Prop) [h : Decidable c] (t e : α) : α := Decidable.casesOn h (fun _ => e) (fun _ => t)
    ite_type = pi("α", sort("u"), lambda α: pi("c", sort(0), lambda c: pi(
        "h", dec(c), lambda h: arrow(α, α, α))), IMPLICIT)
    ite_value = lam("α", sort("u"), lambda α: lam("c", sort(0), lambda c: lam("h", dec(c), lambda h: lam(
        "t", α, lambda t: lam("e", α, lambda e: app(
            const("Decidable.casesOn", "u"), c, lam("_", dec(c), lambda _: α), h,
            lam("_", arrow(c, "False"), lambda _: e), lam("_", c, lambda _: t)))))), IMPLICIT)
    env.add(DefinitionDecl(N("ite"), (N("u"),), ite_type, ite_value))


def ite(α, c, h, t, e):  # type: ignore[no-untyped-def]
    return app(const("ite", 1), α, c, h, t, e)


def nat_eq_dec(a, b):  # type: ignore[no-untyped-def]
    return app(const("Eq", 1), NAT, a, b), app("Nat.decEq", a, b)


def add_arith(env: Environment) -> None:
    """`Nat.mul`, `Nat.pred`, `Nat.sub` by recursion (the kernel verifies them, so they compute as
    Python ints), and factorial by `Nat.rec`."""
    add_nat_add(env)
    if N("Nat.mul") in env:
        return
    step = lambda f: lam("k", NAT, lambda k: lam("ih", NAT, lambda ih: f(k, ih)))  # noqa: E731
    env.add(definition("Nat.mul", arrow(NAT, NAT, NAT), lam("n", NAT, lambda n: lam(
        "m", NAT, lambda m: nat_rec(NAT_MOTIVE, nat(0), step(lambda k, ih: app("Nat.add", ih, n)), m)))))
    env.add(definition("Nat.pred", arrow(NAT, NAT), lam("n", NAT, lambda n: nat_rec(
        NAT_MOTIVE, nat(0), step(lambda k, ih: k), n))))
    env.add(definition("Nat.sub", arrow(NAT, NAT, NAT), lam("n", NAT, lambda n: lam(
        "m", NAT, lambda m: nat_rec(NAT_MOTIVE, n, step(lambda k, ih: app("Nat.pred", ih)), m)))))
    env.add(definition("Nat.pow", arrow(NAT, NAT, NAT), lam("n", NAT, lambda n: lam(
        "m", NAT, lambda m: nat_rec(NAT_MOTIVE, nat(1), step(lambda k, ih: app("Nat.mul", ih, n)), m)))))
    env.add(axiom("Nat.div", arrow(NAT, NAT, NAT)))  # well-founded in Lean: trusted by name and type
    env.add(axiom("Nat.mod", arrow(NAT, NAT, NAT)))
    env.add(definition("fact", arrow(NAT, NAT), lam("n", NAT, lambda n: nat_rec(
        NAT_MOTIVE, nat(1), step(lambda k, ih: app("Nat.mul", succ(k), ih)), n))))


def add_list_functions(env: Environment) -> None:
    """`length`, `append`, `map`, `sum` and `range` by `List.rec`/`Nat.rec` (on `Nat` lists)."""
    add_list(env)
    add_nat_add(env)
    if N("length") in env:
        return
    L = list_(NAT)
    env.add(definition("length", arrow(L, NAT), lam("xs", L, lambda xs: list_rec(
        NAT, NAT, nat(0), lam("h", NAT, lambda h: lam("t", L, lambda t: lam("ih", NAT, lambda ih: succ(ih)))), xs))))
    env.add(definition("append", arrow(L, L, L), lam("xs", L, lambda xs: lam("ys", L, lambda ys: list_rec(
        NAT, L, ys, lam("h", NAT, lambda h: lam("t", L, lambda t: lam("ih", L, lambda ih: cons(NAT, h, ih)))), xs)))))
    env.add(definition("map", arrow(arrow(NAT, NAT), L, L), lam("f", arrow(NAT, NAT), lambda f: lam(
        "xs", L, lambda xs: list_rec(NAT, L, nil(NAT), lam("h", NAT, lambda h: lam(
            "t", L, lambda t: lam("ih", L, lambda ih: cons(NAT, app(f, h), ih)))), xs)))))
    env.add(definition("sum", arrow(L, NAT), lam("xs", L, lambda xs: list_rec(
        NAT, NAT, nat(0), lam("h", NAT, lambda h: lam("t", L, lambda t: lam("ih", NAT, lambda ih: app(
            "Nat.add", h, ih)))), xs))))
    # range n = [n-1, …, 1, 0], built by recursion on n
    env.add(definition("range", arrow(NAT, L), lam("n", NAT, lambda n: nat_rec(
        lam("_", NAT, lambda _: L), nil(NAT), lam("k", NAT, lambda k: lam("ih", L, lambda ih: cons(NAT, k, ih))), n))))


def std_env() -> ElabEnv:
    env = env_with(add_nat, add_nat_add, add_bool, add_list, add_prod, add_string, add_option, add_decidable,
                   add_arith, add_list_functions)
    return ElabEnv(env)


@pytest.fixture(scope="module")
def E() -> ElabEnv:
    return std_env()


def ev(E: ElabEnv, term, type, **kw) -> str:  # type: ignore[no-untyped-def]
    return evaluate(E, term, type, **kw)


# -- arithmetic ---------------------------------------------------------------------------------------------


def test_big_number_arithmetic(E: ElabEnv) -> None:
    a, b = 2**200 + 12345, 3**150
    assert ev(E, app("Nat.add", nat(a), nat(b)), NAT) == str(a + b)
    assert ev(E, app("Nat.mul", nat(a), nat(b)), NAT) == str(a * b)
    assert ev(E, app("Nat.sub", nat(b), nat(a)), NAT) == str(b - a)
    assert ev(E, app("Nat.sub", nat(3), nat(5)), NAT) == "0"  # truncated
    assert ev(E, app("Nat.pow", nat(7), nat(300)), NAT) == str(7**300)
    assert ev(E, app("Nat.div", nat(a), nat(1000)), NAT) == str(a // 1000)
    assert ev(E, app("Nat.div", nat(7), nat(0)), NAT) == "0"  # as Lean: x / 0 = 0
    assert ev(E, app("Nat.mod", nat(7), nat(0)), NAT) == "7"  # and x % 0 = x
    assert ev(E, succ(succ(const("Nat.zero"))), NAT) == "2"


def test_huge_numbers_print_in_full(E: ElabEnv) -> None:
    n = 10**5000 + 1  # beyond Python's default limit on int-to-str conversions
    assert ev(E, app("Nat.add", nat(n), nat(0)), NAT) == "1" + "0" * 4999 + "1"


def test_definition_by_nat_rec(E: ElabEnv) -> None:
    # Nat.add from the builders is Lean's: Nat.rec on the second argument.
    assert ev(E, app("Nat.add", nat(10**20), nat(10**6)), NAT) == str(10**20 + 10**6)
    assert ev(E, app("fact", nat(30)), NAT) == "265252859812191058636308480000000"


def test_factorial_by_nat_rec_is_fast(E: ElabEnv) -> None:
    start = time.perf_counter()
    out = ev(E, app("fact", nat(1000)), NAT)
    elapsed = time.perf_counter() - start
    import math

    assert out == str(math.factorial(1000))
    assert elapsed < 1.0, elapsed


def test_recursor_on_a_huge_literal_for_case_analysis(E: ElabEnv) -> None:
    # Nat.rec whose step ignores its hypothesis (casesOn-style): one step, not 10^30.
    pred = nat_rec(NAT_MOTIVE, nat(0), lam("k", NAT, lambda k: lam("ih", NAT, lambda ih: k)), nat(10**30))
    assert ev(E, pred, NAT, limit=100) == str(10**30 - 1)


# -- lists --------------------------------------------------------------------------------------------------


def test_lists_by_list_rec(E: ElabEnv) -> None:
    xs, ys = mk_list(NAT, [nat(1), nat(2), nat(3)]), mk_list(NAT, [nat(4), nat(5)])
    L = list_(NAT)
    assert ev(E, xs, L) == "[1, 2, 3]"
    assert ev(E, nil(NAT), L) == "[]"
    assert ev(E, app("length", xs), NAT) == "3"
    assert ev(E, app("append", xs, ys), L) == "[1, 2, 3, 4, 5]"
    double = lam("x", NAT, lambda x: app("Nat.mul", x, nat(2)))
    assert ev(E, app("map", double, xs), L) == "[2, 4, 6]"
    assert ev(E, app("map", app("Nat.add", nat(10)), xs), L) == "[11, 12, 13]"  # partial application
    assert ev(E, app("range", nat(5)), L) == "[4, 3, 2, 1, 0]"


def test_fold_over_a_long_list_has_no_recursion_limit(E: ElabEnv) -> None:
    n = 100_000
    start = time.perf_counter()
    assert ev(E, app("sum", app("range", nat(n))), NAT) == str(n * (n - 1) // 2)
    assert ev(E, app("length", app("append", app("range", nat(n)), app("range", nat(n)))), NAT) == str(2 * n)
    assert time.perf_counter() - start < 10


def test_long_lists_wrap_as_lean_fills_them(E: ElabEnv) -> None:
    out = ev(E, app("range", nat(100)), list_(NAT))
    lines = out.split("\n")
    assert lines[0].startswith("[99, 98, 97,") and lines[-1].endswith("1, 0]")
    assert all(len(line) <= 120 for line in lines) and len(lines) > 1
    assert all(line.startswith(" ") for line in lines[1:])  # nested under the bracket


# -- structures, products, options ----------------------------------------------------------------------------


def point_env() -> ElabEnv:
    env = std_env().kernel.fork()
    env.add(inductive("Point", type_(0), [("Point.mk", arrow(NAT, NAT, "Point"))]))
    return ElabEnv(env).add_structure(StructureInfo(N("Point"), N("Point.mk"), (N("x"), N("y"))))


def test_structures_print_as_derived_repr() -> None:
    E = point_env()
    p = app("Point.mk", nat(1), nat(2))
    assert ev(E, p, const("Point")) == "{ x := 1, y := 2 }"
    assert ev(E, Proj(N("Point"), 1, p), NAT) == "2"
    assert ev(E, app(const("Option.some", 0), const("Point"), p), app(const("Option", 0), const("Point"))) == \
        "some { x := 1, y := 2 }"


def test_products(E: ElabEnv) -> None:
    pair = lambda a, b, A=NAT, B=NAT: app(const("Prod.mk", 0, 0), A, B, a, b)  # noqa: E731
    assert ev(E, pair(nat(1), nat(2)), prod(NAT, NAT)) == "(1, 2)"
    triple = pair(nat(1), pair(nat(2), nat(3)), NAT, prod(NAT, NAT))
    assert ev(E, triple, prod(NAT, prod(NAT, NAT))) == "(1, 2, 3)"  # flattened to the right, as Lean
    nested = pair(pair(nat(1), nat(2)), nat(3), prod(NAT, NAT), NAT)
    assert ev(E, nested, prod(prod(NAT, NAT), NAT)) == "((1, 2), 3)"
    assert ev(E, Proj(N("Prod"), 0, pair(nat(7), nat(8))), NAT) == "7"


def some(α, x):  # type: ignore[no-untyped-def]
    return app(const("Option.some", 0), α, x)


def option(α):  # type: ignore[no-untyped-def]
    return app(const("Option", 0), α)


def test_options(E: ElabEnv) -> None:
    assert ev(E, some(NAT, nat(4)), option(NAT)) == "some 4"
    assert ev(E, app(const("Option.none", 0), NAT), option(NAT)) == "none"
    assert ev(E, some(option(NAT), some(NAT, nat(4))), option(option(NAT))) == "some (some 4)"
    items = mk_list(option(NAT), [some(NAT, nat(1)), app(const("Option.none", 0), NAT)])
    assert ev(E, items, list_(option(NAT))) == "[some 1, none]"


# -- strings, chars, booleans, unit ----------------------------------------------------------------------------


def test_strings_and_chars(E: ElabEnv) -> None:
    S, C = const("String"), const("Char")
    assert ev(E, StrLit("hello"), S) == '"hello"'
    assert ev(E, StrLit('say "hi"\n\tbye\\'), S) == '"say \\"hi\\"\\n\\tbye\\\\"'
    assert ev(E, StrLit(""), S) == '""'
    assert ev(E, StrLit("λ→∀"), S) == '"λ→∀"'
    assert ev(E, app("Char.ofNat", nat(97)), C) == "'a'"
    assert ev(E, app("Char.ofNat", nat(10)), C) == "'\\n'"
    # The string's data (a primitive projection), and a string built from a list of chars.
    chars = mk_list(C, [app("Char.ofNat", nat(104)), app("Char.ofNat", nat(105))])
    assert ev(E, Proj(N("String"), 0, StrLit("hi")), list_(C)) == "['h', 'i']"
    assert ev(E, app("String.mk", chars), S) == '"hi"'


def test_booleans_and_unit() -> None:
    env = std_env().kernel.fork()
    add_punit(env)
    env.add(definition("Unit", type_(0), const("PUnit", 1)))
    E = ElabEnv(env)
    assert ev(E, const("Bool.true"), BOOL) == "true"
    assert ev(E, const("Bool.false"), BOOL) == "false"
    assert ev(E, const("PUnit.unit", 1), const("Unit")) == "()"
    assert ev(E, const("PUnit.unit", 1), const("PUnit", 1)) == "()"  # `Repr Unit` applies to PUnit.{1}
    assert ev(E, const("PUnit.unit", 2), const("PUnit", 2)) == "PUnit.unit"  # only `Repr PUnit` does here


def test_decidable_values_are_booleans(E: ElabEnv) -> None:
    c, h = nat_eq_dec(nat(3), nat(3))
    assert ev(E, h, app("Decidable", c)) == "isTrue _"
    c, h = nat_eq_dec(nat(3), nat(4))
    assert ev(E, h, app("Decidable", c)) == "isFalse _"
    assert ev(E, ite(NAT, *nat_eq_dec(nat(2), nat(2)), nat(10), nat(20)), NAT) == "10"
    assert ev(E, ite(NAT, *nat_eq_dec(nat(2), nat(5)), nat(10), nat(20)), NAT) == "20"


# -- integers and other inductive types ----------------------------------------------------------------------


def int_env() -> ElabEnv:
    env = std_env().kernel.fork()
    env.add(inductive("Int", type_(0), [("Int.ofNat", arrow(NAT, "Int")), ("Int.negSucc", arrow(NAT, "Int"))]))
    return ElabEnv(env)


def test_integers() -> None:
    E = int_env()
    I = const("Int")
    assert ev(E, app("Int.negSucc", nat(2)), I) == "-3"
    assert ev(E, app("Int.ofNat", nat(5)), I) == "5"
    assert ev(E, some(I, app("Int.negSucc", nat(0))), option(I)) == "some (-1)"
    assert ev(E, mk_list(I, [app("Int.negSucc", nat(0)), app("Int.ofNat", nat(2))]), list_(I)) == "[-1, 2]"
    # Int.rec sees the constructors of the Python int.
    to_nat = lam("i", I, lambda i: app(const("Int.rec", 1), lam("_", I, lambda _: NAT),
                                       lam("n", NAT, lambda n: n), lam("n", NAT, lambda n: nat(0)), i))
    assert ev(E, app(to_nat, app("Int.ofNat", nat(9))), NAT) == "9"
    assert ev(E, app(to_nat, app("Int.negSucc", nat(9))), NAT) == "0"


def tree_env() -> ElabEnv:
    env = std_env().kernel.fork()
    T = const("Tree")
    env.add(inductive("Tree", type_(0), [("Tree.leaf", T), ("Tree.node", arrow(T, NAT, T, T))]))
    env.add(inductive("Foo", type_(0), [("Foo.bar", arrow(NAT, NAT, "Foo")), ("Foo.baz", "Foo")]))
    env.add(inductive("Color", type_(0), [("Color.red", "Color"), ("Color.green", "Color")]))
    # size : Tree → Nat by Tree.rec (two hypotheses per node)
    env.add(definition("size", arrow(T, NAT), lam("t", T, lambda t: app(
        const("Tree.rec", 1), lam("_", T, lambda _: NAT), nat(0),
        lam("l", T, lambda l: lam("v", NAT, lambda v: lam("r", T, lambda r: lam(
            "ihl", NAT, lambda ihl: lam("ihr", NAT, lambda ihr: succ(app("Nat.add", ihl, ihr))))))), t))))
    return ElabEnv(env)


def test_other_inductives_print_as_constructor_applications() -> None:
    E = tree_env()
    T = const("Tree")
    leaf = const("Tree.leaf")
    assert ev(E, app("Tree.node", leaf, nat(3), leaf), T) == "Tree.node (Tree.leaf) 3 (Tree.leaf)"
    assert ev(E, leaf, T) == "Tree.leaf"
    assert ev(E, app("Foo.bar", nat(1), nat(2)), const("Foo")) == "Foo.bar 1 2"
    assert ev(E, some(const("Foo"), app("Foo.bar", nat(1), nat(2))), option(const("Foo"))) == "some (Foo.bar 1 2)"
    assert ev(E, mk_list(const("Color"), [const("Color.red"), const("Color.green")]), list_(const("Color"))) == \
        "[Color.red, Color.green]"
    big = leaf
    for i in range(200):
        big = app("Tree.node", big, nat(i), leaf)
    assert ev(E, app("size", big), NAT) == "200"


def test_tree_recursion_is_not_limited_by_the_python_stack() -> None:
    E = tree_env()
    # A left comb 20,000 deep, built by Nat.rec, then measured by Tree.rec.
    T = const("Tree")
    comb = nat_rec(lam("_", NAT, lambda _: T), const("Tree.leaf"),
                   lam("k", NAT, lambda k: lam("ih", T, lambda ih: app("Tree.node", ih, k, const("Tree.leaf")))), nat(20_000))
    assert ev(E, app("size", comb), NAT) == "20000"


# -- what cannot be printed ------------------------------------------------------------------------------------


def test_functions_types_and_proofs_are_refused(E: ElabEnv) -> None:
    with pytest.raises(EvalError, match="could not synthesize a 'Repr' or 'ToString' instance for type\n  Nat → Nat"):
        ev(E, lam("x", NAT, lambda x: x), arrow(NAT, NAT))
    with pytest.raises(EvalError, match="could not synthesize"):
        ev(E, mk_list(arrow(NAT, NAT), []), list_(arrow(NAT, NAT)))
    with pytest.raises(EvalError, match="types are not computationally relevant"):
        ev(E, NAT, type_(0))
    with pytest.raises(EvalError, match="proofs are not computationally relevant"):
        ev(E, app(const("Eq.refl", 1), NAT, nat(1)), app(const("Eq", 1), NAT, nat(1), nat(1)))


# -- non-termination, missing definitions -------------------------------------------------------------------------


def partial_env() -> ElabEnv:
    env = std_env().kernel.fork()
    add_auxiliary_constructions(env, N("Nat"))

    def partial(name: str, body):  # type: ignore[no-untyped-def]
        env.add(MutualDefinitionDecl((DefinitionDecl(N(name), (), arrow(NAT, NAT), body, safety=PARTIAL),)))

    partial("loop", lam("n", NAT, lambda n: app("loop", succ(n))))  # tail call
    partial("grow", lam("n", NAT, lambda n: succ(app("grow", n))))  # not a tail call
    # down n = if n = 0 then 0 else down (n - 1) + 1: terminates only if `ite` is lazy in its branches.
    partial("down", lam("n", NAT, lambda n: ite(NAT, *nat_eq_dec(n, nat(0)), nat(0),
                                                 succ(app("down", app("Nat.pred", n))))))
    # count n acc = if n = 0 then acc else count (n - 1) (acc + 1), by Nat.casesOn, tail recursive.
    env.add(MutualDefinitionDecl((DefinitionDecl(N("count"), (), arrow(NAT, NAT, NAT), lam("n", NAT, lambda n: lam(
        "acc", NAT, lambda acc: app(const("Nat.casesOn", 1), lam("_", NAT, lambda _: NAT), n, acc,
                                    lam("m", NAT, lambda m: app("count", m, succ(acc)))))), safety=PARTIAL),)))
    # `or` is macro-inlined as in Lean (`@[macro_inline]`): its second argument is evaluated only if needed.
    env.add(definition("or", arrow(BOOL, BOOL, BOOL), lam("x", BOOL, lambda x: lam("y", BOOL, lambda y: app(
        const("Bool.rec", 1), lam("_", BOOL, lambda _: BOOL), y, const("Bool.true"), x)))))
    env.add(MutualDefinitionDecl((DefinitionDecl(N("spin"), (), arrow(NAT, BOOL), lam("n", NAT, lambda n: app(
        "spin", succ(n))), safety=PARTIAL),)))
    env.add(MutualDefinitionDecl((DefinitionDecl(N("twice"), (), arrow(NAT, NAT), lam("n", NAT, lambda n: app(
        "Nat.add", n, n)), safety=UNSAFE),)))
    env.add(axiom("secret", NAT))
    env.add(OpaqueDecl(N("fortyTwo"), (), NAT, nat(42)))
    env.add(OpaqueDecl(N("slowId"), (), arrow(NAT, NAT), lam("n", NAT, lambda n: app("secret"))))
    env.add(definition("fastId", arrow(NAT, NAT), lam("n", NAT, lambda n: n)))
    return ElabEnv(env)


def test_non_terminating_partial_definition_is_stopped() -> None:
    E = partial_env()
    with pytest.raises(EvalError, match=r"evaluation stopped after 100000 steps: possibly a non-terminating #eval"):
        ev(E, app("loop", nat(0)), NAT, limit=100_000)
    with pytest.raises(EvalError, match=r"evaluation stopped after 50000 steps"):
        ev(E, app("grow", nat(0)), NAT, limit=Limits(steps=50_000))
    with pytest.raises(EvalError, match=r"evaluation stopped after 0.2 seconds"):
        ev(E, app("loop", nat(0)), NAT, limit=Limits(steps=10**12, seconds=0.2))


def test_default_limit_stops_a_loop() -> None:
    E = partial_env()
    with pytest.raises(EvalError, match="possibly a non-terminating #eval"):
        ev(E, app("grow", nat(0)), NAT)  # the recursion depth or the 10M-step budget, whichever first


def test_partial_definitions_that_terminate() -> None:
    E = partial_env()
    assert ev(E, app("down", nat(50_000)), NAT) == "50000"  # 50,000 nested calls
    assert ev(E, app("count", nat(300_000), nat(0)), NAT) == "300000"  # a loop: constant stack


def test_short_circuit_and_unsafe_definitions() -> None:
    E = partial_env()
    assert ev(E, app("or", const("Bool.true"), app("spin", nat(0))), BOOL, limit=1000) == "true"
    with pytest.raises(EvalError, match="stopped after 1000 steps"):
        ev(E, app("or", const("Bool.false"), app("spin", nat(0))), BOOL, limit=1000)
    assert ev(E, app("twice", nat(21)), NAT) == "42"


def test_constant_without_definition() -> None:
    E = partial_env()
    with pytest.raises(EvalError, match="cannot evaluate 'secret': it has no definition"):
        ev(E, app("Nat.add", const("secret"), nat(1)), NAT)
    with pytest.raises(EvalError, match="cannot evaluate 'secret': it has no definition"):
        ev(E, app("slowId", nat(1)), NAT)
    assert ev(E, const("fortyTwo"), NAT) == "42"  # an opaque constant runs its value, as in Lean
    # `implemented_by`: run another constant in its place
    assert ev(E, app("slowId", nat(7)), NAT, implemented_by={N("slowId"): N("fastId")}) == "7"


# -- hooks, quotients, casts -----------------------------------------------------------------------------------


def test_repr_hook_takes_precedence(E: ElabEnv) -> None:
    S = const("String")

    def bool_rec(b, f, t):  # type: ignore[no-untyped-def]
        return app(const("Bool.rec", 1), lam("_", BOOL, lambda _: S), f, t, b)

    def hook(ty):  # type: ignore[no-untyped-def]
        if ty == BOOL:  # a user `ToString Bool`
            return ReprHookResult(lam("b", BOOL, lambda b: bool_rec(b, StrLit("no"), StrLit("yes"))))
        if ty == const("Point"):  # a user `Repr Point` that parenthesises in argument position
            return ReprHookResult(lam("p", const("Point"), lambda p: lam("prec", NAT, lambda prec: app(
                const("Nat.rec", 1), lam("_", NAT, lambda _: S), StrLit("P"), lam("k", NAT, lambda k: lam(
                    "ih", S, lambda ih: StrLit("(P)"))), prec))), with_prec=True)
        return None

    items = mk_list(BOOL, [const("Bool.true"), const("Bool.false")])
    assert ev(E, items, list_(BOOL), repr_hook=hook) == "[yes, no]"  # used for nested values too
    assert ev(E, nat(3), NAT, repr_hook=hook) == "3"
    P = point_env()
    pt = app("Point.mk", nat(1), nat(2))
    assert ev(P, pt, const("Point"), repr_hook=hook) == "P"
    assert ev(P, some(const("Point"), pt), option(const("Point")), repr_hook=hook) == "some (P)"


def test_quotients_and_casts() -> None:
    env = std_env().kernel.fork()
    env.add(QuotDecl())
    r = lam("a", NAT, lambda a: lam("b", NAT, lambda b: app(const("Eq", 1), NAT, a, b)))
    q = app(const("Quot.mk", 1), NAT, r, nat(5))
    f = lam("x", NAT, lambda x: app("Nat.mul", x, nat(3)))
    E = ElabEnv(env)
    h = app(const("Eq.refl", 1), NAT, nat(0))  # any proof: erased (the evaluator never looks at it)
    lifted = app(const("Quot.lift", 1, 1), NAT, r, NAT, f, h, q)
    assert ev(E, lifted, NAT) == "15"
    # Eq.rec as a cast: the major premise is a proof, the result is the minor premise.
    motive = lam("x", NAT, lambda x: lam("h", app(const("Eq", 1), NAT, nat(3), x), lambda h: NAT))
    cast = app(const("Eq.rec", 1, 1), NAT, nat(3), motive, nat(7), nat(3), app(const("Eq.refl", 1), NAT, nat(3)))
    assert ev(E, cast, NAT) == "7"


def test_compiled_definitions_are_shared_across_forks(E: ElabEnv) -> None:
    from lantern.elab.eval.program import PROGRAM

    ev(E, app("fact", nat(5)), NAT)
    fork = E.fork()
    g1 = PROGRAM.global_for(fork.kernel.get(N("fact")))
    g2 = PROGRAM.global_for(E.kernel.get(N("fact")))
    assert g1 is g2  # the same constant object in both environments


# -- more recursors: indexed families, mutual blocks, functions as motives, well-founded recursion ----------------


def test_indexed_family_prints_explicit_fields_only() -> None:
    env = std_env().kernel.fork()
    add_vec(env)
    E = ElabEnv(env)
    vnil = app(const("Vec.nil", 0), NAT)
    v1 = app(const("Vec.cons", 0), NAT, nat(1), const("Nat.zero"), vnil)
    assert ev(E, v1, app(const("Vec", 0), NAT, succ(const("Nat.zero")))) == "Vec.cons 1 (Vec.nil)"


def test_mutual_inductive_recursor() -> None:
    env = std_env().kernel.fork()
    # mutual inductive A | base | ofB (b : B)  and  B | ofA (a : A)
    A, B = const("A"), const("B")
    env.add(InductiveDecl((), 0, (
        InductiveType(N("A"), type_(0), (Constructor(N("A.base"), A), Constructor(N("A.ofB"), arrow(B, A)))),
        InductiveType(N("B"), type_(0), (Constructor(N("B.ofA"), arrow(A, B)),)),
    )))
    # depth : A → Nat, by A.rec with motives (fun _ => Nat) for both types
    mA, mB = lam("_", A, lambda _: NAT), lam("_", B, lambda _: NAT)
    step = lambda T: lam("x", T, lambda x: lam("ih", NAT, lambda ih: succ(ih)))  # noqa: E731
    env.add(definition("depth", arrow(A, NAT), lam("a", A, lambda a: app(
        const("A.rec", 1), mA, mB, nat(0), step(B), step(A), a))))
    E = ElabEnv(env)
    v = const("A.base")
    for _ in range(1000):
        v = app("A.ofB", app("B.ofA", v))
    assert ev(E, app("depth", v), NAT) == "2000"
    assert ev(E, app("A.ofB", app("B.ofA", const("A.base"))), A) == "A.ofB (B.ofA (A.base))"


def test_function_valued_motive(E: ElabEnv) -> None:
    # sumTo n = Nat.rec (motive := fun _ => Nat → Nat) (fun acc => acc) (fun k ih acc => ih (acc + k)) n 0
    F = arrow(NAT, NAT)
    term = app(nat_rec(lam("_", NAT, lambda _: F), lam("acc", NAT, lambda acc: acc),
                       lam("k", NAT, lambda k: lam("ih", F, lambda ih: lam("acc", NAT, lambda acc: app(
                           ih, app("Nat.add", acc, k))))), nat(10_000)), nat(0))
    assert ev(E, term, NAT) == str(sum(range(10_000)))


def test_well_founded_recursion_through_acc_rec() -> None:
    """`Acc.rec` on an erased proof of accessibility (what `WellFounded.fix` unfolds to): the field
    `x` of `Acc.intro` is read back from the index, the hypothesis is a function of a proof."""
    env = std_env().kernel.fork()
    acc_type = pi("α", sort("u"), lambda α: pi("r", arrow(α, α, sort(0)), lambda r: arrow(α, sort(0))), IMPLICIT)
    intro = pi("α", sort("u"), lambda α: pi("r", arrow(α, α, sort(0)), lambda r: pi("x", α, lambda x: pi(
        "h", pi("y", α, lambda y: arrow(app(r, y, x), app(const("Acc", "u"), α, r, y))),
        lambda h: app(const("Acc", "u"), α, r, x))), IMPLICIT), IMPLICIT)
    env.add(inductive("Acc", acc_type, [("Acc.intro", intro)], params=2, levels=("u",)))
    R = lam("a", NAT, lambda a: lam("b", NAT, lambda b: app(const("Eq", 1), NAT, succ(a), b)))
    acc = lambda x: app(const("Acc", 1), NAT, R, x)  # noqa: E731
    env.add(axiom("wf", pi("x", NAT, lambda x: acc(x))))
    env.add(axiom("pred_rel", pi("x", NAT, lambda x: app(R, app("Nat.pred", x), x))))
    motive = lam("a", NAT, lambda a: lam("_", acc(a), lambda _: NAT))
    ih_type = lambda x: pi("y", NAT, lambda y: arrow(app(R, y, x), NAT))  # noqa: E731
    minor = lam("x", NAT, lambda x: lam("h", pi("y", NAT, lambda y: arrow(app(R, y, x), acc(y))), lambda h: lam(
        "ih", ih_type(x), lambda ih: ite(NAT, *nat_eq_dec(x, nat(0)), nat(0),
                                         succ(app(ih, app("Nat.pred", x), app("pred_rel", x)))))))
    env.add(definition("countDown", arrow(NAT, NAT), lam("n", NAT, lambda n: app(
        const("Acc.rec", 1, 1), NAT, R, motive, minor, n, app("wf", n)))))
    assert ev(ElabEnv(env), app("countDown", nat(1000)), NAT) == "1000"


# -- instances and projections are inlined ---------------------------------------------------------------------


def test_instances_and_projections() -> None:
    env = std_env().kernel.fork()
    Adder = const("Adder")
    env.add(inductive("Adder", type_(0), [("Adder.mk", arrow(arrow(NAT, NAT, NAT), Adder))]))
    env.add(DefinitionDecl(N("Adder.add"), (), arrow(Adder, NAT, NAT, NAT), lam("self", Adder, lambda s: Proj(
        N("Adder"), 0, s)), ABBREV_HINTS))
    env.add(definition("instAdder", Adder, app("Adder.mk", const("Nat.add"))))
    E = ElabEnv(env).add_instance(InstanceInfo(N("instAdder"), N("Adder")))
    E = E.add_structure(StructureInfo(N("Adder"), N("Adder.mk"), (N("add"),)))
    assert ev(E, app("Adder.add", "instAdder", nat(2), nat(3)), NAT) == "5"
    # sum of 1..n through the instance, in a loop of 100,000 steps
    body = nat_rec(NAT_MOTIVE, nat(0), lam("k", NAT, lambda k: lam("ih", NAT, lambda ih: app(
        "Adder.add", "instAdder", ih, succ(k)))), nat(100_000))
    assert ev(E, body, NAT) == str(100_000 * 100_001 // 2)
    with pytest.raises(EvalError, match="could not synthesize a 'Repr' or 'ToString' instance for type\n  Adder"):
        ev(E, const("instAdder"), Adder)  # a structure of functions
