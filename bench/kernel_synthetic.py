"""Synthetic declarations built directly with the kernel API (no front end, no export file).

`prelude()` declares what the generators need, the way Lean's core library does:

    inductive Nat : Type | zero : Nat | succ (n : Nat) : Nat
    inductive Eq.{u} {α : Sort u} (a : α) : α → Prop | refl : Eq a a
    def Nat.add (n m : Nat) : Nat := Nat.rec (motive := fun _ => Nat) n (fun _ ih => Nat.succ ih) m
    def Synth.add  -- the same definition under a name the kernel's `Nat` literal extension ignores

Each generator returns the list of declarations to add *after* the prelude; building them is not
part of what the benchmark times (only `Environment.add` is). Every generator is deterministic in `n`,
and the work per declaration does not depend on `n` (except the `deep_*`/spine/binder ones, which build
a single term of size `n`), so a linear kernel shows a time(2N)/time(N) ratio of 2.
"""

from __future__ import annotations

from typing import Sequence

from lantern.kernel import (
    IMPLICIT,
    App,
    AxiomDecl,
    BVar,
    Const,
    Constructor,
    DefinitionDecl,
    Environment,
    Expr,
    InductiveDecl,
    InductiveType,
    Lam,
    Name,
    NatLit,
    Pi,
    ReducibilityHints,
    Sort,
    TheoremDecl,
    mk_max,
    mk_param,
    mk_succ,
    mk_zero,
)
from lantern.kernel.expr import mk_app

N = Name.of

# Universes and sorts.
U = N("u")
V = N("v")
LZERO = mk_zero()
LONE = mk_succ(LZERO)
PROP = Sort(LZERO)
TYPE = Sort(LONE)

# Constants of the prelude.
NAT = Const(N("Nat"))
ZERO = Const(N("Nat.zero"))
SUCC = Const(N("Nat.succ"))
NAT_ADD = Const(N("Nat.add"))
SYNTH_ADD = Const(N("Synth.add"))
NAT_REC_1 = Const(N("Nat.rec"), (LONE,))  # eliminating into `Type`
EQ_1 = Const(N("Eq"), (LONE,))
EQ_REFL_1 = Const(N("Eq.refl"), (LONE,))

ANON = N("x")


def arrow(a: Expr, b: Expr, name: str = "x") -> Pi:
    """`a → b` for a closed `b` (no loose bound variable to shift)."""
    return Pi(N(name), a, b)


def app(f: Expr, *args: Expr) -> Expr:
    return mk_app(f, args)


def succ_numeral(k: int, base: Expr = ZERO) -> Expr:
    """`Nat.succ (Nat.succ (… base))` with `k` applications of `Nat.succ` (no literal)."""
    e = base
    for _ in range(k):
        e = App(SUCC, e)
    return e


def eq_nat(a: Expr, b: Expr) -> Expr:
    return app(EQ_1, NAT, a, b)


def refl_nat(a: Expr) -> Expr:
    return app(EQ_REFL_1, NAT, a)


def _add_value() -> Expr:
    """`fun n m => @Nat.rec.{1} (fun _ => Nat) n (fun _ ih => Nat.succ ih) m` (recursion on `m`, as Lean)."""
    motive = Lam(N("t"), NAT, NAT)
    step = Lam(N("k"), NAT, Lam(N("ih"), NAT, App(SUCC, BVar(0))))
    body = app(NAT_REC_1, motive, BVar(1), step, BVar(0))
    return Lam(N("n"), NAT, Lam(N("m"), NAT, body))


def prelude_decls() -> list:
    nat_decl = InductiveDecl(
        (),
        0,
        (InductiveType(N("Nat"), TYPE, (Constructor(N("Nat.zero"), NAT), Constructor(N("Nat.succ"), arrow(NAT, NAT, "n")))),),
    )
    u = mk_param(U)
    eq_c = Const(N("Eq"), (u,))
    # Eq.{u} : {α : Sort u} → α → α → Prop, with α and a as parameters and one index.
    eq_type = Pi(N("α"), Sort(u), Pi(N("a"), BVar(0), Pi(N("b"), BVar(1), PROP)), IMPLICIT)
    # Eq.refl.{u} : {α : Sort u} → (a : α) → @Eq α a a
    refl_type = Pi(N("α"), Sort(u), Pi(N("a"), BVar(0), app(eq_c, BVar(1), BVar(0), BVar(0))), IMPLICIT)
    eq_decl = InductiveDecl((U,), 2, (InductiveType(N("Eq"), eq_type, (Constructor(N("Eq.refl"), refl_type),)),))
    add_type = arrow(NAT, arrow(NAT, NAT, "m"), "n")
    return [
        nat_decl,
        eq_decl,
        DefinitionDecl(N("Nat.add"), (), add_type, _add_value(), ReducibilityHints.regular(1)),
        DefinitionDecl(N("Synth.add"), (), add_type, _add_value(), ReducibilityHints.regular(1)),
    ]


def prelude() -> Environment:
    env = Environment()
    for d in prelude_decls():
        env.add(d)
    return env


def check_all(base: Environment, decls: Sequence) -> Environment:
    """What the benchmark times: add every declaration to a fresh copy of `base`."""
    env = base.fork()
    for d in decls:
        env.add(d)
    return env


# ---------------------------------------------------------------------------------------------
# (a) A chain of definitions, each using the previous one.


def def_chain(n: int) -> list:
    """`def Synth.f0 (x : Nat) : Nat := Nat.succ x`, then
    `def Synth.f{i} (x : Nat) : Nat := Nat.add (Synth.f{i-1} x) 1` (definitional height i+1)."""
    ty = arrow(NAT, NAT)
    decls = [DefinitionDecl(N("Synth.f0"), (), ty, Lam(ANON, NAT, App(SUCC, BVar(0))), ReducibilityHints.regular(1))]
    for i in range(1, n):
        prev = Const(N(f"Synth.f{i - 1}"))
        value = Lam(ANON, NAT, app(NAT_ADD, App(prev, BVar(0)), NatLit(1)))
        decls.append(DefinitionDecl(N(f"Synth.f{i}"), (), ty, value, ReducibilityHints.regular(i + 1)))
    return decls


# ---------------------------------------------------------------------------------------------
# (b) Theorems by `Eq.refl` that need reduction.


def refl_lit(n: int) -> list:
    """`theorem Synth.t{i} : Nat.add i 1 = Nat.succ i := Eq.refl _` on literals `i` (the kernel's
    `Nat` literal extension computes `Nat.add`)."""
    decls = []
    for i in range(n):
        lhs = app(NAT_ADD, NatLit(i), NatLit(1))
        decls.append(TheoremDecl(N(f"Synth.t{i}"), (), eq_nat(lhs, App(SUCC, NatLit(i))), refl_nat(lhs)))
    return decls


def refl_succ(n: int) -> list:
    """`theorem Synth.s{i} : Synth.add (succ^k zero) (succ^m zero) = succ^(k+m) zero := Eq.refl _`
    with k = i mod 64 and m = 1 + i mod 8: `Synth.add` is unknown to the literal extension, so the
    kernel unfolds it and reduces `Nat.rec` (m iota steps)."""
    decls = []
    for i in range(n):
        k, m = i % 64, 1 + i % 8
        lhs = app(SYNTH_ADD, succ_numeral(k), succ_numeral(m))
        decls.append(TheoremDecl(N(f"Synth.s{i}"), (), eq_nat(lhs, succ_numeral(k + m)), refl_nat(lhs)))
    return decls


# ---------------------------------------------------------------------------------------------
# (c) Small inductive types (the kernel generates and checks their recursors).


def _enum(i: int) -> InductiveDecl:
    t = Const(N(f"Synth.E{i}"))
    ctors = tuple(Constructor(N(f"Synth.E{i}.c{j}"), t) for j in range(3))
    return InductiveDecl((), 0, (InductiveType(N(f"Synth.E{i}"), TYPE, ctors),))


def _list_like(i: int) -> InductiveDecl:
    """`inductive Synth.L{i}.{u} (α : Type u) : Type u | nil | cons (head : α) (tail : L α)`."""
    u = mk_param(U)
    tu = Sort(mk_succ(u))
    name = N(f"Synth.L{i}")
    t = Const(name, (u,))
    nil = Pi(N("α"), tu, App(t, BVar(0)), IMPLICIT)
    cons = Pi(N("α"), tu, Pi(N("head"), BVar(0), Pi(N("tail"), App(t, BVar(1)), App(t, BVar(2)))), IMPLICIT)
    return InductiveDecl(
        (U,), 1, (InductiveType(name, Pi(N("α"), tu, tu), (Constructor(name.child("nil"), nil), Constructor(name.child("cons"), cons))),)
    )


def _prod_like(i: int) -> InductiveDecl:
    """`structure Synth.P{i}.{u,v} (α : Type u) (β : Type v) : Type (max u v) where fst : α; snd : β`."""
    u, v = mk_param(U), mk_param(V)
    tu, tv = Sort(mk_succ(u)), Sort(mk_succ(v))
    tuv = Sort(mk_succ(mk_max(u, v)))
    name = N(f"Synth.P{i}")
    t = Const(name, (u, v))
    ty = Pi(N("α"), tu, Pi(N("β"), tv, tuv))
    mk = Pi(N("α"), tu, Pi(N("β"), tv, Pi(N("fst"), BVar(1), Pi(N("snd"), BVar(1), app(t, BVar(3), BVar(2))))))
    return InductiveDecl((U, V), 2, (InductiveType(name, ty, (Constructor(name.child("mk"), mk),)),))


def _vec_like(i: int) -> InductiveDecl:
    """`inductive Synth.V{i} (α : Type) : Nat → Type | nil : V α 0 | cons (n) (a : α) (v : V α n) : V α (n+1)`."""
    name = N(f"Synth.V{i}")
    t = Const(name)
    ty = Pi(N("α"), TYPE, arrow(NAT, TYPE, "n"))
    nil = Pi(N("α"), TYPE, app(t, BVar(0), ZERO))
    cons = Pi(
        N("α"),
        TYPE,
        Pi(N("n"), NAT, Pi(N("a"), BVar(1), Pi(N("v"), app(t, BVar(2), BVar(1)), app(t, BVar(3), App(SUCC, BVar(2)))))),
    )
    return InductiveDecl((), 1, (InductiveType(name, ty, (Constructor(name.child("nil"), nil), Constructor(name.child("cons"), cons))),))


_SHAPES = (_enum, _list_like, _prod_like, _vec_like)


def inductives(n: int) -> list:
    """N inductive types cycling through four shapes: an enumeration, a `List`-like type with a
    universe parameter, a `Prod`-like structure, a `Vector`-like family indexed by `Nat`."""
    return [_SHAPES[i % len(_SHAPES)](i) for i in range(n)]


# ---------------------------------------------------------------------------------------------
# (d) Terms of growing size and depth (one or two declarations of size n).


def app_spine(n: int) -> list:
    """`axiom Synth.g : Nat → … → Nat` (n arrows) and `def Synth.x : Nat := Synth.g 0 1 … (n-1)`."""
    ty: Expr = NAT
    for _ in range(n):
        ty = arrow(NAT, ty)
    g = Const(N("Synth.g"))
    value = mk_app(g, [NatLit(i) for i in range(n)])
    return [AxiomDecl(N("Synth.g"), (), ty), DefinitionDecl(N("Synth.x"), (), NAT, value, ReducibilityHints.regular(1))]


def binder_chain(n: int) -> list:
    """`def Synth.K : (α : Type) → α → … → α → α := fun α x₁ … xₙ => x₁` (n dependent binders)."""
    ty: Expr = BVar(n)  # α, seen from under the n binders
    val: Expr = BVar(n - 1)  # x₁
    for j in range(n - 1, -1, -1):  # binder x_{j+1} sits under α and j other binders
        ty = Pi(N(f"x{j + 1}"), BVar(j), ty)
        val = Lam(N(f"x{j + 1}"), BVar(j), val)
    ty = Pi(N("α"), TYPE, ty)
    val = Lam(N("α"), TYPE, val)
    return [DefinitionDecl(N("Synth.K"), (), ty, val, ReducibilityHints.regular(1))]


def deep_app(n: int) -> list:
    """`def Synth.deep (f : Nat → Nat) (x : Nat) : Nat := f (f (… (f x)))`, nesting depth n."""
    body: Expr = BVar(0)
    for _ in range(n):
        body = App(BVar(1), body)
    ty = Pi(N("f"), arrow(NAT, NAT), arrow(NAT, NAT))
    val = Lam(N("f"), arrow(NAT, NAT), Lam(N("x"), NAT, body))
    return [DefinitionDecl(N("Synth.deep"), (), ty, val, ReducibilityHints.regular(1))]


def deep_numeral(n: int) -> list:
    """`def Synth.num : Nat := succ^n zero` and `theorem Synth.num_eq : Synth.num = n := Eq.refl _`
    (a literal on the right: the kernel must turn the nested `Nat.succ`s into a number)."""
    num = Const(N("Synth.num"))
    return [
        DefinitionDecl(N("Synth.num"), (), NAT, succ_numeral(n), ReducibilityHints.regular(1)),
        TheoremDecl(N("Synth.num_eq"), (), eq_nat(num, NatLit(n)), refl_nat(num)),
    ]


def shared_dag(n: int) -> list:
    """`def Synth.dag (f : Nat → Nat → Nat) (x : Nat) : Nat := eₙ` where e₀ = x and
    e_{k+1} = f e_k e_k, the two arguments being the same object: n nodes as a DAG, 2ⁿ as a tree.
    Elaborated terms share subterms like this; only the caches keep checking linear."""
    body: Expr = BVar(0)
    for _ in range(n):
        body = app(BVar(1), body, body)
    nat2 = arrow(NAT, arrow(NAT, NAT))
    ty = Pi(N("f"), nat2, arrow(NAT, NAT))
    val = Lam(N("f"), nat2, Lam(N("x"), NAT, body))
    return [DefinitionDecl(N("Synth.dag"), (), ty, val, ReducibilityHints.regular(1))]


def dag_copies(n: int) -> list:
    """`theorem Synth.dag_eq : A = B := Eq.refl A` where A and B are two separately built copies of
    e_n (e₀ = Nat.zero, e_{k+1} = Synth.add e_k e_k): 2n+1 distinct nodes each, equal but not
    identical, so every comparison of A with B is a structural one."""

    def dag() -> Expr:
        e: Expr = ZERO
        for _ in range(n):
            e = app(SYNTH_ADD, e, e)
        return e

    a, b = dag(), dag()
    return [TheoremDecl(N("Synth.dag_eq"), (), eq_nat(a, b), refl_nat(a))]
