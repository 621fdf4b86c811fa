"""The pretty printer prints what Lean 4 prints (default options, width 120)."""

from __future__ import annotations

import pytest

from lantern.elab.meta.context import LocalContext, MetavarContext
from lantern.elab.pp import NotationTable, Options, format_goal, format_signature, format_term
from lantern.elab.pp.format import LINE, cat, fill, nest, pretty
from lantern.kernel import IMPLICIT, INST_IMPLICIT, STRICT_IMPLICIT, Expr, Name, NatLit, Proj, Sort, StrLit
from lantern.kernel.level import mk_max, mk_succ

from tests.elab.pp_prelude import lean_env
from tests.kernel.builders import (
    BOOL, NAT, PROP, TYPE, add_vec, app, arrow, axiom, const, eq, lam, let, lvl, nat, pi, sort, succ_level, type_,
)

N = Name.of


@pytest.fixture(scope="module")
def env():
    e = lean_env()
    add_vec(e)
    LA = lambda t: app(const("List", "u"), t)  # noqa: E731
    e.add(axiom("append", pi("a", type_("u"), lambda a: arrow(LA(a), LA(a), LA(a)), IMPLICIT), ("u",)))
    L1 = lambda t: app(const("List", "u_1"), t)  # noqa: E731
    length = lambda a, xs: app(const("List.length", "u_1"), a, xs)  # noqa: E731
    e.add(axiom("append_length", pi("a", type_("u_1"), lambda a: pi("xs", L1(a), lambda xs: pi("ys", L1(a), lambda ys: app(
        const("Eq", 1), NAT, length(a, app(const("append", "u_1"), a, xs, ys)),
        binop("HAdd", length(a, xs), length(a, ys))))), IMPLICIT), ("u_1",)))
    e.add(axiom("f", arrow(NAT, NAT)))
    e.add(axiom("g", arrow(NAT, NAT)))
    e.add(axiom("p", arrow(NAT, PROP)))
    e.add(axiom("P", PROP))
    e.add(axiom("Q", PROP))
    e.add(axiom("twice", pi("α", TYPE, lambda a: pi("h", arrow(a, a), lambda h: arrow(a, a)), IMPLICIT)))
    return e


# -- term builders -----------------------------------------------------------------------------------------


def num(n: int) -> Expr:
    return app(const("OfNat.ofNat", 0), NAT, nat(n), app("instOfNatNat", nat(n)))


def binop(cls: str, a: Expr, b: Expr) -> Expr:
    method = {"HAdd": "HAdd.hAdd", "HSub": "HSub.hSub", "HMul": "HMul.hMul", "HDiv": "HDiv.hDiv", "HMod": "HMod.hMod",
              "HPow": "HPow.hPow", "HAppend": "HAppend.hAppend"}[cls]
    return app(const(method, 0, 0, 0), NAT, NAT, NAT, f"inst{cls}Nat", a, b)


def add(a, b): return binop("HAdd", a, b)  # noqa: E704
def sub(a, b): return binop("HSub", a, b)  # noqa: E704
def mul(a, b): return binop("HMul", a, b)  # noqa: E704
def pow_(a, b): return binop("HPow", a, b)  # noqa: E704


def rel(name: str, cls: str, a: Expr, b: Expr) -> Expr:
    return app(const(name, 0), NAT, f"inst{cls}Nat", a, b)


def nil(t: Expr = NAT) -> Expr:
    return app(const("List.nil", 0), t)


def cons(x: Expr, xs: Expr, t: Expr = NAT) -> Expr:
    return app(const("List.cons", 0), t, x, xs)


def length(xs: Expr, t: Expr = NAT) -> Expr:
    return app(const("List.length", 0), t, xs)


def happend(xs: Expr, ys: Expr) -> Expr:
    L = app(const("List", 0), NAT)
    return app(const("HAppend.hAppend", 0, 0, 0), L, L, L, app("instHAppendList", NAT), xs, ys)


def not_(p: Expr) -> Expr:
    return app("Not", p)


def exists(name: str, body) -> Expr:
    return app(const("Exists", 1), NAT, lam(name, NAT, body))


@pytest.fixture
def ctx():
    """A local context `a b c : Nat`, `xs ys : List Nat`, `b₀ : Bool`."""
    lctx = LocalContext()
    fv = {}
    for n, t in [("a", NAT), ("b", NAT), ("c", NAT), ("xs", app(const("List", 0), NAT)),
                 ("ys", app(const("List", 0), NAT)), ("bb", BOOL)]:
        lctx, fv[n] = lctx.add(N(n), t)
    return lctx, fv


def show(env, ctx, e, **kw) -> str:
    return format_term(e, env, ctx[0], **kw)


# -- notation and precedence -------------------------------------------------------------------------------


def test_arithmetic_notation_hides_implicit_and_instance_arguments(env, ctx):
    a, b, c = (ctx[1][n] for n in "abc")
    assert show(env, ctx, add(a, num(1))) == "a + 1"
    assert show(env, ctx, sub(a, b)) == "a - b"
    assert show(env, ctx, mul(a, b)) == "a * b"
    assert show(env, ctx, binop("HDiv", a, b)) == "a / b"
    assert show(env, ctx, binop("HMod", a, b)) == "a % b"
    assert show(env, ctx, pow_(a, num(2))) == "a ^ 2"


def test_minimal_parentheses(env, ctx):
    a, b, c = (ctx[1][n] for n in "abc")
    assert show(env, ctx, mul(add(a, b), c)) == "(a + b) * c"
    assert show(env, ctx, add(a, mul(b, c))) == "a + b * c"
    assert show(env, ctx, sub(a, sub(b, c))) == "a - (b - c)"
    assert show(env, ctx, sub(sub(a, b), c)) == "a - b - c"
    assert show(env, ctx, add(a, add(b, c))) == "a + (b + c)"
    assert show(env, ctx, pow_(a, pow_(b, c))) == "a ^ b ^ c"
    assert show(env, ctx, pow_(pow_(a, b), c)) == "(a ^ b) ^ c"


def test_application_parentheses(env, ctx):
    a = ctx[1]["a"]
    assert show(env, ctx, app("f", app("g", a))) == "f (g a)"
    assert show(env, ctx, app(lam("x", NAT, lambda x: x), a)) == "(fun x => x) a"
    assert show(env, ctx, app("f", add(a, num(1)))) == "f (a + 1)"
    assert show(env, ctx, add(app("f", a), num(1))) == "f a + 1"
    # a `fun` is not parenthesized in last argument position, but is elsewhere
    assert show(env, ctx, app(const("twice"), NAT, lam("x", NAT, lambda x: x))) == "twice fun x => x"
    assert show(env, ctx, app(const("twice"), NAT, lam("x", NAT, lambda x: x), a)) == "twice (fun x => x) a"
    assert show(env, ctx, app(const("List.map", 0, 0), NAT, NAT, lam("z", NAT, lambda z: add(z, num(1))), nil())) == (
        "List.map (fun z => z + 1) []")


def test_relations(env, ctx):
    a, b = ctx[1]["a"], ctx[1]["b"]
    assert show(env, ctx, eq(a, b)) == "a = b"
    assert show(env, ctx, app(const("Ne", 1), NAT, a, b)) == "a ≠ b"
    assert show(env, ctx, rel("LT.lt", "LT", a, b)) == "a < b"
    assert show(env, ctx, rel("LE.le", "LE", a, b)) == "a ≤ b"
    assert show(env, ctx, rel("GT.gt", "LT", a, b)) == "a > b"
    assert show(env, ctx, rel("GE.ge", "LE", a, b)) == "a ≥ b"
    assert show(env, ctx, app(const("BEq.beq", 0), NAT, "instBEqNat", a, b)) == "a == b"
    assert show(env, ctx, eq(add(a, b), mul(a, b))) == "a + b = a * b"


def test_logic(env, ctx):
    a, b, c = (ctx[1][n] for n in "abc")
    assert show(env, ctx, not_(eq(a, b))) == "¬a = b"
    assert show(env, ctx, not_(not_(eq(a, b)))) == "¬¬a = b"
    assert show(env, ctx, app("And", not_(eq(a, b)), eq(b, c))) == "¬a = b ∧ b = c"
    assert show(env, ctx, eq(not_("P"), "Q", PROP, 1)) == "(¬P) = Q"
    assert show(env, ctx, app("Or", "P", app("And", "P", "Q"))) == "P ∨ P ∧ Q"
    assert show(env, ctx, app("And", app("Or", "P", "Q"), "P")) == "(P ∨ Q) ∧ P"
    assert show(env, ctx, app("And", "P", app("And", "P", "Q"))) == "P ∧ P ∧ Q"
    assert show(env, ctx, app("And", app("And", "P", "Q"), "P")) == "(P ∧ Q) ∧ P"
    assert show(env, ctx, app("Iff", "P", app("Or", "P", "Q"))) == "P ↔ P ∨ Q"
    assert show(env, ctx, arrow("P", "Q")) == "P → Q"
    assert show(env, ctx, arrow(app("And", "P", "Q"), "Q")) == "P ∧ Q → Q"
    assert show(env, ctx, arrow(arrow("P", "Q"), "Q")) == "(P → Q) → Q"


def test_bool_operators(env, ctx):
    bb = ctx[1]["bb"]
    assert show(env, ctx, app("and", bb, app("not", bb))) == "bb && !bb"
    assert show(env, ctx, app("not", app("not", bb))) == "!!bb"
    assert show(env, ctx, app("or", app("and", bb, bb), bb)) == "bb && bb || bb"
    assert show(env, ctx, app("and", bb, app("or", bb, bb))) == "bb && (bb || bb)"


def test_exists(env, ctx):
    a = ctx[1]["a"]
    assert show(env, ctx, exists("x", lambda x: eq(x, a))) == "∃ x, x = a"
    assert show(env, ctx, exists("x", lambda x: exists("y", lambda y: eq(x, y)))) == "∃ x y, x = y"
    assert show(env, ctx, not_(exists("x", lambda x: eq(x, a)))) == "¬∃ x, x = a"
    assert show(env, ctx, app("And", exists("x", lambda x: eq(x, a)), "P")) == "(∃ x, x = a) ∧ P"


def test_if_then_else(env, ctx):
    a, b = ctx[1]["a"], ctx[1]["b"]
    dec = app("instDecidableEqNat", a, b)
    assert show(env, ctx, app(const("ite", 1), NAT, eq(a, b), dec, a, b)) == "if a = b then a else b"
    dite = app(const("dite", 1), NAT, eq(a, b), dec, lam("h", eq(a, b), lambda h: a), lam("h", not_(eq(a, b)), lambda h: b))
    assert show(env, ctx, dite) == "if h : a = b then a else b"
    assert show(env, ctx, app("f", app(const("ite", 1), NAT, eq(a, b), dec, a, b))) == "f (if a = b then a else b)"


def test_numerals_negation_and_succ(env, ctx):
    a, b = ctx[1]["a"], ctx[1]["b"]
    neg = lambda x: app(const("Neg.neg", 0), NAT, "instNegNat", x)  # noqa: E731
    assert show(env, ctx, num(3)) == "3"
    assert show(env, ctx, NatLit(7)) == "7"
    assert show(env, ctx, neg(a)) == "-a"
    assert show(env, ctx, neg(num(2))) == "-2"
    assert show(env, ctx, sub(a, neg(b))) == "a - -b"
    assert show(env, ctx, app("f", neg(a))) == "f (-a)"
    # `Nat.succ n` prints with field notation, `n + 1` as itself
    assert show(env, ctx, app("Nat.succ", a)) == "a.succ"
    assert show(env, ctx, app("Nat.succ", add(a, b))) == "(a + b).succ"
    assert show(env, ctx, app("Nat.succ", app("Nat.succ", a))) == "a.succ.succ"
    assert show(env, ctx, add(a, num(1))) == "a + 1"
    assert show(env, ctx, app("Nat.succ", num(2))) == "Nat.succ 2"  # no `(2).succ`
    assert show(env, ctx, app("Nat.succ", "Nat.zero")) == "Nat.zero.succ"


def test_lists(env, ctx):
    a, b, xs, ys = (ctx[1][n] for n in ("a", "b", "xs", "ys"))
    assert show(env, ctx, nil()) == "[]"
    assert show(env, ctx, cons(num(1), cons(num(2), cons(num(3), nil())))) == "[1, 2, 3]"
    assert show(env, ctx, cons(a, xs)) == "a :: xs"
    assert show(env, ctx, cons(a, cons(b, xs))) == "a :: b :: xs"
    assert show(env, ctx, happend(xs, ys)) == "xs ++ ys"
    assert show(env, ctx, cons(a, happend(xs, ys))) == "a :: (xs ++ ys)"
    assert show(env, ctx, happend(cons(a, xs), ys)) == "a :: xs ++ ys"
    assert show(env, ctx, length(xs)) == "xs.length"
    assert show(env, ctx, length(happend(xs, ys))) == "(xs ++ ys).length"
    assert show(env, ctx, length(cons(a, nil()))) == "[a].length"
    assert show(env, ctx, add(length(xs), length(ys))) == "xs.length + ys.length"


def test_user_notation_prints_back(env, ctx):
    xs, ys = ctx[1]["xs"], ctx[1]["ys"]
    ap = lambda u, v: app(const("append", 0), NAT, u, v)  # noqa: E731
    assert show(env, ctx, ap(xs, ys)) == "append xs ys"
    table = NotationTable([("append", " +++ ", "infixr", 65)])
    assert show(env, ctx, ap(xs, ys), notation=table) == "xs +++ ys"
    assert show(env, ctx, ap(xs, ap(xs, ys)), notation=table) == "xs +++ xs +++ ys"
    assert show(env, ctx, ap(ap(xs, ys), ys), notation=table) == "(xs +++ ys) +++ ys"
    assert show(env, ctx, length(ap(xs, ys)), notation=table) == "(xs +++ ys).length"
    # records as dicts; left associative; the latest notation for a function wins
    t2 = NotationTable([{"fn": "append", "symbol": " +++ ", "kind": "infixl", "prec": 65}])
    assert show(env, ctx, ap(ap(xs, ys), ys), notation=t2) == "xs +++ ys +++ ys"
    t2.add("append", " ⊕ ", "infixl", 60)
    assert show(env, ctx, ap(xs, ys), notation=t2) == "xs ⊕ ys"
    # user notation overrides a built-in one
    a = ctx[1]["a"]
    t3 = NotationTable([("HAdd.hAdd", " ⊞ ", "infixl", 65)])
    assert show(env, ctx, add(a, a), notation=t3) == "a ⊞ a"
    t4 = NotationTable([("Nat.succ", "S", "prefix", 1024), ("f", "⁻¹", "postfix", 1024), ("g", "!", "postfix", 1024)])
    assert show(env, ctx, app("Nat.succ", app("f", a)), notation=t4) == "S a⁻¹"
    # tokens that would lex as one are separated, as Lean's formatter does (`a!` is an identifier)
    assert show(env, ctx, app("g", a), notation=t4) == "a !"
    assert show(env, ctx, app("f", app("f", a)), notation=t4) == "a⁻¹⁻¹"


def test_notation_table_rejects_unknown_kinds():
    with pytest.raises(ValueError):
        NotationTable([("f", " ~ ", "mixfix", 50)])


# -- binders -----------------------------------------------------------------------------------------------


def test_fun(env, ctx):
    assert show(env, ctx, lam("x", NAT, lambda x: add(x, num(1)))) == "fun x => x + 1"
    assert show(env, ctx, lam("x", NAT, lambda x: lam("y", NAT, lambda y: add(x, y)))) == "fun x y => x + y"
    typed = Options(fun_binder_types=True)
    assert show(env, ctx, lam("x", NAT, lambda x: add(x, num(1))), options=typed) == "fun (x : Nat) => x + 1"
    assert show(env, ctx, lam("x", NAT, lambda x: lam("y", NAT, lambda y: x)), options=typed) == "fun (x y : Nat) => x"
    assert show(env, ctx, lam("α", TYPE, lambda a: lam("x", a, lambda x: x), IMPLICIT)) == "fun {α} x => x"
    assert show(env, ctx, lam("α", TYPE, lambda a: lam("β", TYPE, lambda b: a, IMPLICIT), IMPLICIT)) == "fun {α β} => α"


def test_forall_and_arrows(env, ctx):
    a = ctx[1]["a"]
    assert show(env, ctx, pi("x", NAT, lambda x: eq(x, x))) == "∀ (x : Nat), x = x"
    assert show(env, ctx, pi("x", NAT, lambda x: pi("y", NAT, lambda y: eq(x, y)))) == "∀ (x y : Nat), x = y"
    assert show(env, ctx, pi("x", NAT, lambda x: pi("y", BOOL, lambda y: eq(x, x)))) == "∀ (x : Nat) (y : Bool), x = x"
    assert show(env, ctx, pi("x", NAT, lambda x: arrow(app("p", x), app("p", x)))) == "∀ (x : Nat), p x → p x"
    assert show(env, ctx, pi("α", TYPE, lambda t: pi("x", t, lambda x: eq(x, x, t)), IMPLICIT)) == "∀ {α : Type} (x : α), x = x"
    assert show(env, ctx, pi("x", NAT, lambda x: eq(x, x), STRICT_IMPLICIT)) == "∀ ⦃x : Nat⦄, x = x"
    # a non-dependent arrow into a proposition from a non-proposition is still a `∀` (Lean's RFC #1834)
    assert show(env, ctx, arrow(NAT, eq(num(1), num(1)))) == "∀ (a : Nat), 1 = 1"
    # the anonymous binder is suggested as `a`, which the body's `a` forces to rename
    assert show(env, ctx, arrow(NAT, eq(a, a))) == "∀ (a_1 : Nat), a = a"
    assert show(env, ctx, arrow(NAT, NAT)) == "Nat → Nat"
    assert show(env, ctx, arrow(NAT, NAT, NAT)) == "Nat → Nat → Nat"
    assert show(env, ctx, arrow(arrow(NAT, NAT), NAT)) == "(Nat → Nat) → Nat"
    assert show(env, ctx, pi("α", TYPE, lambda t: arrow(t, t), IMPLICIT)) == "{α : Type} → α → α"
    vec = lambda n: app(const("Vec", 0), NAT, n)  # noqa: E731
    assert show(env, ctx, pi("n", NAT, lambda n: vec(n))) == "(n : Nat) → Vec Nat n"
    assert show(env, ctx, pi("n", NAT, lambda n: pi("m", NAT, lambda m: vec(add(n, m))))) == "(n m : Nat) → Vec Nat (n + m)"
    assert show(env, ctx, arrow(pi("n", NAT, lambda n: vec(n)), NAT)) == "((n : Nat) → Vec Nat n) → Nat"
    inst = pi("inst", app(const("LT", 0), NAT), lambda i: arrow(NAT, NAT), INST_IMPLICIT)
    assert show(env, ctx, inst) == "[inst : LT Nat] → Nat → Nat"
    anon = pi("inst✝", app(const("LT", 0), NAT), lambda i: arrow(NAT, NAT), INST_IMPLICIT)
    assert show(env, ctx, anon) == "[LT Nat] → Nat → Nat"


def test_let(env, ctx):
    e = let("x", NAT, num(1), lambda x: add(x, x))
    assert show(env, ctx, e) == "let x := 1;\nx + x"
    nondep = let("x", NAT, num(1), lambda x: x)
    nondep = nondep.__class__(nondep.name, nondep.type, nondep.value, nondep.body, True)
    assert show(env, ctx, nondep) == "have x := 1;\nx"


def test_bound_names_are_renamed_only_on_clash(env, ctx):
    a = ctx[1]["a"]
    assert show(env, ctx, pi("a", NAT, lambda x: eq(x, a))) == "∀ (a_1 : Nat), a_1 = a"
    assert show(env, ctx, lam("a", NAT, lambda x: add(x, a))) == "fun a_1 => a_1 + a"
    # shadowing that changes nothing is kept (`pp.safeShadowing`)
    assert show(env, ctx, lam("a", NAT, lambda x: x)) == "fun a => a"
    # names in one `fun` are kept distinct
    assert show(env, ctx, lam("x", NAT, lambda x: lam("x", NAT, lambda y: add(x, y)))) == "fun x x_1 => x + x_1"
    assert show(env, ctx, lam("x", NAT, lambda x: lam("x", NAT, lambda y: y))) == "fun x x_1 => x_1"
    # anonymous binders are named `a` (Lean's `getUnusedName`)
    assert show(env, ctx, lam("", NAT, lambda x: x)) == "fun a => a"
    assert show(env, ctx, lam("", NAT, lambda x: add(x, a))) == "fun a_1 => a_1 + a"


def test_inaccessible_names_get_a_dagger(env):
    lctx = LocalContext()
    lctx, n = lctx.add(N("n✝"), NAT)
    assert format_term(add(n, num(1)), env, lctx) == "n✝ + 1"
    # a bound variable named `x✝` prints as `x`
    assert format_term(lam("x✝", NAT, lambda x: x), env) == "fun x => x"


# -- sorts, literals, projections, metavariables -----------------------------------------------------------


def test_sorts_and_levels(env, ctx):
    assert show(env, ctx, sort(0)) == "Prop"
    assert show(env, ctx, sort(1)) == "Type"
    assert show(env, ctx, sort(3)) == "Type 2"
    assert show(env, ctx, sort("u")) == "Sort u"
    assert show(env, ctx, type_("u")) == "Type u"
    assert show(env, ctx, sort(succ_level("u", 2))) == "Type (u + 1)"
    assert show(env, ctx, type_(mk_max(lvl("u"), lvl("v")))) == "Type (max u v)"
    assert show(env, ctx, sort(mk_max(lvl("u"), mk_max(lvl("v"), lvl("w"))))) == "Sort (max u v w)"
    assert show(env, ctx, app(const("List", 0), type_("u"))) == "List (Type u)"
    assert show(env, ctx, app(const("List", 0), TYPE)) == "List Type"
    mctx = MetavarContext()
    u = mctx.new_level_mvar()
    k = str(u).split(".")[-1].rstrip(")")
    assert format_term(Sort(u), env, None, mctx) == f"Sort ?u.{k}"
    assert format_term(Sort(mk_succ(u)), env, None, mctx) == f"Type ?u.{k}"


def test_literals_and_projections(env, ctx):
    a = ctx[1]["a"]
    assert show(env, ctx, StrLit("text")) == '"text"'
    assert show(env, ctx, StrLit('a"b\n\\c\td\x01')) == '"a\\"b\\n\\\\c\\td\\x01"'
    assert show(env, ctx, app("Char.ofNat", nat(97))) == "'a'"
    assert show(env, ctx, app("Char.ofNat", nat(39))) == "'\\''"
    assert show(env, ctx, Proj(N("Prod"), 0, a)) == "a.1"
    assert show(env, ctx, Proj(N("Prod"), 1, app("f", a))) == "(f a).2"


def test_tuples_and_sorry(env, ctx):
    a, b = ctx[1]["a"], ctx[1]["b"]
    pair = lambda x, y, t=NAT: app(const("Prod.mk", 0, 0), NAT, t, x, y)  # noqa: E731
    assert show(env, ctx, pair(a, b)) == "(a, b)"
    assert show(env, ctx, pair(a, pair(a, b), app(const("Prod", 0, 0), NAT, NAT))) == "(a, a, b)"
    assert show(env, ctx, app(const("Prod", 0, 0), NAT, app(const("Prod", 0, 0), NAT, NAT))) == "Nat × Nat × Nat"
    assert show(env, ctx, app(const("sorryAx", 1), NAT, "Bool.false")) == "sorry"


def test_metavariables(env):
    mctx = MetavarContext()
    m = mctx.new_mvar(NAT, LocalContext())
    named = mctx.new_mvar(NAT, LocalContext(), user_name=N("x"))
    assert format_term(add(m, named), env, None, mctx) == f"?m.{m.mid} + ?x"
    # assigned metavariables are replaced by their values
    mctx.assign(m.mid, num(4))
    assert format_term(add(m, named), env, None, mctx) == "4 + ?x"


def test_explicit_applications(env, ctx):
    a = ctx[1]["a"]
    assert show(env, ctx, const("HAdd.hAdd", 0, 0, 0)) == "@HAdd.hAdd"
    assert show(env, ctx, app(const("HAdd.hAdd", 0, 0, 0), NAT)) == "@HAdd.hAdd Nat"
    assert show(env, ctx, app(const("HAdd.hAdd", 0, 0, 0), NAT, NAT, NAT, "instHAddNat", a)) == "HAdd.hAdd a"
    assert show(env, ctx, const("List.nil", 0)) == "@List.nil"
    assert show(env, ctx, app(const("List.length", 0), NAT)) == "List.length"


def test_nested_proofs_are_omitted(env, ctx):
    a = ctx[1]["a"]
    refl = app(const("Eq.refl", 1), NAT, a)
    assert show(env, ctx, refl) == "Eq.refl a"  # the whole term is a proof: shown
    assert show(env, ctx, eq(refl, refl, eq(a, a), 0)) == "⋯ = ⋯"
    assert show(env, ctx, eq(refl, refl, eq(a, a), 0), options=Options(proofs=True)) == "Eq.refl a = Eq.refl a"


def test_long_terms_wrap_at_120_columns(env, ctx):
    a, b = ctx[1]["a"], ctx[1]["b"]
    e = a
    for _ in range(20):
        e = add(e, app("Nat.succ", b))
    flat = "a" + " + b.succ" * 20
    out = show(env, ctx, eq(e, e))
    assert out.replace("\n", " ").split() == f"{flat} = {flat}".split()
    assert len(out.splitlines()) > 1
    assert max(len(line) for line in out.splitlines()) <= 120


def test_format_engine_matches_lean():
    doc = fill(nest(2, cat("aaaa", " +", LINE, "bbbb", " +", LINE, "cccc")))
    assert pretty(doc, 12) == "aaaa +\n  bbbb +\n  cccc"
    assert pretty(doc, 20) == "aaaa + bbbb + cccc"
    assert pretty(cat("x", nest(2, cat(";", "\n", "y")))) == "x;\n  y"


# -- goals -----------------------------------------------------------------------------------------------


def test_goal_groups_hypotheses_and_shows_let_values(env):
    lctx = LocalContext()
    lctx, x = lctx.add(N("x"), NAT)
    lctx, y = lctx.add(N("y"), NAT)
    lctx, h = lctx.add(N("h"), eq(x, y))
    lctx, z = lctx.add(N("z"), NAT, num(5))
    lctx, w = lctx.add(N("w"), NAT)
    assert format_goal(lctx, eq(add(x, z), w), env) == (
        "x y : Nat\n"
        "h : x = y\n"
        "z : Nat := 5\n"
        "w : Nat\n"
        "⊢ x + z = w")


def test_goal_case_tag_and_inaccessible_hypotheses(env):
    lctx = LocalContext()
    lctx, n1 = lctx.add(N("n"), NAT)
    lctx, a1 = lctx.add(N("a✝"), NAT)
    lctx, a2 = lctx.add(N("a✝"), NAT)
    lctx, n2 = lctx.add(N("n"), BOOL)  # shadows the first `n`
    target = eq(add(n1, a1), a2)
    assert format_goal(lctx, target, env, tag=N("succ")) == (
        "case succ\n"
        "n✝ a✝¹ a✝ : Nat\n"
        "n : Bool\n"
        "⊢ n✝ + a✝¹ = a✝")


def test_goal_without_hypotheses_and_binder_renaming(env):
    assert format_goal(LocalContext(), pi("n", NAT, lambda n: eq(n, n)), env) == "⊢ ∀ (n : Nat), n = n"
    lctx, x = LocalContext().add(N("x"), NAT)
    assert format_goal(lctx, pi("x", NAT, lambda y: eq(y, x)), env) == "x : Nat\n⊢ ∀ (x_1 : Nat), x_1 = x"


def test_goal_let_target_is_indented(env):
    target = let("x", NAT, num(1), lambda x: eq(x, num(1)))
    assert format_goal(LocalContext(), target, env) == "⊢ let x := 1;\n  x = 1"


# -- signatures (`#check f`, hovers) -------------------------------------------------------------------------


def test_signature_of_a_theorem(env):
    assert format_signature("append_length", env) == (
        "append_length.{u_1} {a : Type u_1} (xs ys : List a) : (append xs ys).length = xs.length + ys.length")
    assert format_signature("append_length", env, notation=[("append", " +++ ", "infixr", 65)]) == (
        "append_length.{u_1} {a : Type u_1} (xs ys : List a) : (xs +++ ys).length = xs.length + ys.length")


def test_signatures_of_definitions(env):
    assert format_signature("List.map", env) == "List.map.{u, v} {α : Type u} {β : Type v} (f : α → β) (l : List α) : List β"
    assert format_signature("HAdd.hAdd", env) == (
        "HAdd.hAdd.{u, v, w} {α : Type u} {β : Type v} {γ : outParam (Type w)} [self : HAdd α β γ] : α → β → γ")
    assert format_signature("ite", env) == "ite.{u} {α : Sort u} (c : Prop) [h : Decidable c] : α → α → α"
    assert format_signature("f", env) == "f : Nat → Nat"
    assert format_signature("Nat.succ", env) == "Nat.succ (n : Nat) : Nat"
    assert format_signature("List.map", env, universes=False).startswith("List.map {α : Type u}")


def test_elab_env_shortens_names_in_scope(env, ctx):
    from lantern.elab.env import ElabEnv, Scope

    eenv = ElabEnv(env, scopes=(Scope(opens=(N("List"),)),))
    e = app(const("List.map", 0, 0), NAT, NAT, lam("z", NAT, lambda z: z), ctx[1]["xs"])
    assert format_term(e, env, ctx[0]) == "List.map (fun z => z) xs"
    assert format_term(e, eenv, ctx[0]) == "map (fun z => z) xs"
