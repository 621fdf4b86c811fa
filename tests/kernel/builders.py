"""Readable term builders for kernel tests, and a small standard prelude.

Binders take a Python function of the bound variable instead of de Bruijn indices:

    pi("α", sort("u"), lambda α: arrow(α, α), IMPLICIT)      # {α : Sort u} → α → α
    lam("n", NAT, lambda n: app("Nat.succ", n))              # fun n => Nat.succ n

The function receives a fresh free variable; the result is closed over it with
`lantern.kernel.instantiate.abstract`, exactly as the kernel closes over its own locals in
`LocalContext.mk_binding`. Wherever a term is expected a string is read as a constant without
universe levels (`app("Nat.succ", x)`); wherever a level is expected an int is an explicit universe
and a string a universe parameter (`sort("u")`, `const("List", 0)`).

The `add_*` functions extend an `Environment` with a mini prelude shaped like Lean's core (same
names, binder structure and universe parameters), adding what they depend on first; each is a no-op
if its type is already there, so tests can ask for exactly what they need: `env_with(add_vec)`.
"""

from __future__ import annotations

import functools
import itertools
from typing import Callable, Iterable, Union

from lantern.kernel import (
    DEFAULT, IMPLICIT, AxiomDecl, Const, Constructor, DefinitionDecl, Environment, Expr, FVar, InductiveDecl,
    InductiveType, Lam, Let, Level, Name, NatLit, Pi, Sort, TheoremDecl, mk_max, mk_param, mk_succ,
)
from lantern.kernel.expr import mk_app, mk_arrow
from lantern.kernel.instantiate import abstract
from lantern.kernel.level import mk_offset, of_nat

N = Name.of
Term = Union[Expr, str]
Lvl = Union[Level, int, str]
Body = Callable[[FVar], Term]

# -- universe levels -----------------------------------------------------------------------------


def lvl(l: Lvl) -> Level:
    """`0`, `1`, … are explicit universes, `"u"` is the parameter `u`, a `Level` is itself."""
    return l if isinstance(l, Level) else mk_param(N(l)) if isinstance(l, str) else of_nat(l)


def succ_level(l: Lvl, k: int = 1) -> Level:
    return mk_offset(lvl(l), k)


# -- terms ---------------------------------------------------------------------------------------


def term(t: Term) -> Expr:
    return Const(N(t)) if isinstance(t, str) else t


def const(name: str, *levels: Lvl) -> Const:
    return Const(N(name), tuple(lvl(l) for l in levels))


def app(f: Term, *args: Term) -> Expr:
    return mk_app(term(f), [term(a) for a in args])


def sort(l: Lvl) -> Sort:
    return Sort(lvl(l))


def type_(l: Lvl = 0) -> Sort:
    """`Type l`, i.e. `Sort (l+1)`."""
    return Sort(mk_succ(lvl(l)))


PROP, TYPE = sort(0), sort(1)
nat = NatLit  # nat(5) is the literal 5
_fresh = itertools.count()


def fvar(name: str) -> FVar:
    """A free variable that no kernel context knows (for tests of closedness)."""
    return FVar(("builders", next(_fresh)), N(name))


def _bind(cls: type, name: str, type: Term, body: Body, binfo: int) -> Expr:
    x = fvar(name)
    return cls(N(name), term(type), abstract(term(body(x)), [x]), binfo)


def pi(name: str, type: Term, body: Body, binfo: int = DEFAULT) -> Expr:
    """`(name : type) → body name`."""
    return _bind(Pi, name, type, body, binfo)


def lam(name: str, type: Term, body: Body, binfo: int = DEFAULT) -> Expr:
    """`fun (name : type) => body name`."""
    return _bind(Lam, name, type, body, binfo)


def let(name: str, type: Term, value: Term, body: Body) -> Expr:
    """`let name : type := value; body name`."""
    x = fvar(name)
    return Let(N(name), term(type), term(value), abstract(term(body(x)), [x]))


def arrow(*types: Term) -> Expr:
    """`A → B → C` (right associative, non-dependent)."""
    r = term(types[-1])
    for t in reversed(types[:-1]):
        r = mk_arrow(term(t), r)
    return r


# -- frequently used terms -------------------------------------------------------------------------

NAT, BOOL = const("Nat"), const("Bool")


def succ(n: Term) -> Expr:
    return app("Nat.succ", n)


def unary(k: int) -> Expr:
    """`Nat.succ (… (Nat.succ Nat.zero))`: a numeral built from constructors, not a literal."""
    return succ(unary(k - 1)) if k else const("Nat.zero")


def eq(a: Term, b: Term, type: Term = NAT, level: Lvl = 1) -> Expr:
    """`@Eq.{level} type a b`."""
    return app(const("Eq", level), type, a, b)


def refl(a: Term, type: Term = NAT, level: Lvl = 1) -> Expr:
    """`@Eq.refl.{level} type a`."""
    return app(const("Eq.refl", level), type, a)


# -- declarations --------------------------------------------------------------------------------


def inductive(
    name: str, type: Term, ctors: Iterable[tuple[str, Term]], *, params: int = 0, levels: tuple[str, ...] = (),
    unsafe: bool = False,
) -> InductiveDecl:
    """A single (non-mutual) inductive type."""
    ind = InductiveType(N(name), term(type), tuple(Constructor(N(c), term(t)) for c, t in ctors))
    return InductiveDecl(tuple(map(N, levels)), params, (ind,), unsafe)


def definition(name: str, type: Term, value: Term, levels: tuple[str, ...] = (), **kw: object) -> DefinitionDecl:
    return DefinitionDecl(N(name), tuple(map(N, levels)), term(type), term(value), **kw)  # type: ignore[arg-type]


def theorem(name: str, type: Term, value: Term, levels: tuple[str, ...] = ()) -> TheoremDecl:
    return TheoremDecl(N(name), tuple(map(N, levels)), term(type), term(value))


def axiom(name: str, type: Term, levels: tuple[str, ...] = (), unsafe: bool = False) -> AxiomDecl:
    return AxiomDecl(N(name), tuple(map(N, levels)), term(type), unsafe)


# -- the mini prelude ------------------------------------------------------------------------------

Adder = Callable[[Environment], Environment]


def env_with(*adders: Adder) -> Environment:
    env = Environment()
    for add in adders:
        add(env)
    return env


def _once(type_name: str, *deps: Adder) -> Callable[[Callable[[Environment], None]], Adder]:
    """Make an adder idempotent (keyed on `type_name`) and run its dependencies first."""
    def wrap(add: Callable[[Environment], None]) -> Adder:
        @functools.wraps(add)
        def run(env: Environment) -> Environment:
            if N(type_name) not in env:
                for d in deps:
                    d(env)
                add(env)
            return env

        return run

    return wrap


@_once("Nat")
def add_nat(env: Environment) -> None:
    env.add(inductive("Nat", TYPE, [("Nat.zero", NAT), ("Nat.succ", pi("n", NAT, lambda n: NAT))]))


def nat_add_value() -> Expr:
    """Lean's `Nat.add`: `fun n m => Nat.rec n (fun _ ih => Nat.succ ih) m`, recursion on `m`."""
    step = lam("k", NAT, lambda k: lam("ih", NAT, lambda ih: succ(ih)))
    motive = lam("_", NAT, lambda _: NAT)
    return lam("n", NAT, lambda n: lam("m", NAT, lambda m: app(const("Nat.rec", 1), motive, n, step, m)))


@_once("Nat.add", add_nat)
def add_nat_add(env: Environment) -> None:
    env.add(definition("Nat.add", arrow(NAT, NAT, NAT), nat_add_value()))


@_once("Eq")
def add_eq(env: Environment) -> None:
    """`Eq.{u} : {α : Sort u} → α → α → Prop | refl (a : α) : Eq a a`, exactly as Lean declares it
    (parameters `α a`, one index), so that `QuotDecl` accepts it."""
    eq_type = pi("α", sort("u"), lambda α: arrow(α, α, PROP), IMPLICIT)
    refl_type = pi("α", sort("u"), lambda α: pi("a", α, lambda a: eq(a, a, α, "u")), IMPLICIT)
    env.add(inductive("Eq", eq_type, [("Eq.refl", refl_type)], params=2, levels=("u",)))


@_once("Bool")
def add_bool(env: Environment) -> None:
    env.add(inductive("Bool", TYPE, [("Bool.false", BOOL), ("Bool.true", BOOL)]))


@_once("True")
def add_true_false(env: Environment) -> None:
    env.add(inductive("True", PROP, [("True.intro", "True")]))
    env.add(inductive("False", PROP, []))


def _two_props(result: Callable[[FVar, FVar], Term]) -> Expr:
    return pi("a", PROP, lambda a: pi("b", PROP, lambda b: result(a, b)))


@_once("And")
def add_and(env: Environment) -> None:
    """`structure And (a b : Prop) : Prop where intro :: left : a, right : b`."""
    intro = _two_props(lambda a, b: arrow(a, b, app("And", a, b)))
    env.add(inductive("And", arrow(PROP, PROP, PROP), [("And.intro", intro)], params=2))


@_once("Or")
def add_or(env: Environment) -> None:
    """`inductive Or (a b : Prop) : Prop | inl (h : a) | inr (h : b)` (eliminates only into Prop)."""
    inl = _two_props(lambda a, b: arrow(a, app("Or", a, b)))
    inr = _two_props(lambda a, b: arrow(b, app("Or", a, b)))
    env.add(inductive("Or", arrow(PROP, PROP, PROP), [("Or.inl", inl), ("Or.inr", inr)], params=2))


def prod(a: Term, b: Term, u: Lvl = 0, v: Lvl = 0) -> Expr:
    return app(const("Prod", u, v), a, b)


@_once("Prod")
def add_prod(env: Environment) -> None:
    """`structure Prod (α : Type u) (β : Type v) : Type (max u v) where mk :: fst : α, snd : β`."""
    ty = pi("α", type_("u"), lambda α: pi("β", type_("v"), lambda β: type_(mk_max(lvl("u"), lvl("v")))))
    mk = pi("α", type_("u"), lambda α: pi("β", type_("v"), lambda β: arrow(α, β, prod(α, β, "u", "v"))), IMPLICIT)
    env.add(inductive("Prod", ty, [("Prod.mk", mk)], params=2, levels=("u", "v")))


@_once("PUnit")
def add_punit(env: Environment) -> None:
    env.add(inductive("PUnit", sort("u"), [("PUnit.unit", const("PUnit", "u"))], levels=("u",)))


@_once("List")
def add_list(env: Environment) -> None:
    """`inductive List (α : Type u) | nil | cons (head : α) (tail : List α)`."""
    def list_(α: Term) -> Expr:
        return app(const("List", "u"), α)

    nil = pi("α", type_("u"), lambda α: list_(α), IMPLICIT)
    cons = pi("α", type_("u"), lambda α: pi("head", α, lambda h: pi("tail", list_(α), lambda t: list_(α))), IMPLICIT)
    env.add(inductive("List", arrow(type_("u"), type_("u")), [("List.nil", nil), ("List.cons", cons)],
                      params=1, levels=("u",)))


@_once("Vec", add_nat)
def add_vec(env: Environment) -> None:
    """`inductive Vec (α : Type u) : Nat → Type u | nil : Vec α 0 | cons : α → {n : Nat} → Vec α n → Vec α (n+1)`."""
    def vec(α: Term, n: Term) -> Expr:
        return app(const("Vec", "u"), α, n)

    nil = pi("α", type_("u"), lambda α: vec(α, "Nat.zero"), IMPLICIT)
    cons = pi("α", type_("u"), lambda α: pi("head", α, lambda h: pi(
        "n", NAT, lambda n: pi("tail", vec(α, n), lambda t: vec(α, succ(n))), IMPLICIT)), IMPLICIT)
    env.add(inductive("Vec", pi("α", type_("u"), lambda α: arrow(NAT, type_("u"))),
                      [("Vec.nil", nil), ("Vec.cons", cons)], params=1, levels=("u",)))


@_once("Even", add_nat)
def add_even_odd(env: Environment) -> None:
    """`mutual inductive Even : Nat → Prop | zero | succ n : Odd n → Even (n+1); Odd | succ n : Even n → Odd (n+1)`."""
    even_succ = pi("n", NAT, lambda n: arrow(app("Odd", n), app("Even", succ(n))))
    odd_succ = pi("n", NAT, lambda n: arrow(app("Even", n), app("Odd", succ(n))))
    even = InductiveType(N("Even"), arrow(NAT, PROP), (
        Constructor(N("Even.zero"), app("Even", "Nat.zero")), Constructor(N("Even.succ"), even_succ)))
    odd = InductiveType(N("Odd"), arrow(NAT, PROP), (Constructor(N("Odd.succ"), odd_succ),))
    env.add(InductiveDecl((), 0, (even, odd)))


@_once("String", add_nat, add_list)
def add_string(env: Environment) -> None:
    """`Char` (a structure over `Nat` here), `Char.ofNat`, and `structure String where mk :: data : List Char`:
    what the kernel's string-literal expansion `String.mk [Char.ofNat n, …]` refers to."""
    char = const("Char")
    env.add(inductive("Char", TYPE, [("Char.mk", arrow(NAT, char))]))
    env.add(definition("Char.ofNat", arrow(NAT, char), lam("n", NAT, lambda n: app("Char.mk", n))))
    env.add(inductive("String", TYPE, [("String.mk", arrow(app(const("List", 0), char), "String"))]))
