"""`Nat` literal arithmetic on Python ints, exactly where Lean's kernel does it: closed applications
of the built-in operations to literals, including results too big for machine words."""

from __future__ import annotations

import pytest

from lantern.kernel import (
    AxiomDecl,
    BVar,
    Const,
    Constructor,
    DefinitionDecl,
    Environment,
    InductiveDecl,
    InductiveType,
    KernelError,
    Lam,
    NatLit,
    Pi,
    Sort,
    TheoremDecl,
    mk_param,
    mk_succ,
    mk_zero,
)
from lantern.kernel.expr import IMPLICIT, App, mk_app
from lantern.kernel.name import Name

N = Name.of
ONE = mk_succ(mk_zero())
nat, bool_ = Const(N("Nat")), Const(N("Bool"))
BINARY = ["add", "sub", "mul", "div", "mod", "gcd", "pow", "land", "lor", "xor", "shiftLeft", "shiftRight"]


@pytest.fixture(scope="module")
def env() -> Environment:
    e = Environment()
    e.add(InductiveDecl((), 0, (InductiveType(N("Nat"), Sort(ONE), (
        Constructor(N("Nat.zero"), nat), Constructor(N("Nat.succ"), Pi(N("n"), nat, nat)))),)))
    e.add(InductiveDecl((), 0, (InductiveType(N("Bool"), Sort(ONE), (
        Constructor(N("Bool.false"), bool_), Constructor(N("Bool.true"), bool_))),)))
    u = mk_param(N("u"))
    eq_type = Pi(N("α"), Sort(u), Pi(N("a"), BVar(0), Pi(N("b"), BVar(1), Sort(mk_zero()))), IMPLICIT)
    refl_type = Pi(N("α"), Sort(u), Pi(N("a"), BVar(0), mk_app(Const(N("Eq"), (u,)), [BVar(1), BVar(0), BVar(0)])), IMPLICIT)
    e.add(InductiveDecl((N("u"),), 2, (InductiveType(N("Eq"), eq_type, (Constructor(N("Eq.refl"), refl_type),)),)))
    # Nat.add by recursion on the second argument, as in Lean's core; the other operations are opaque
    # here, so any reduction of them must come from the literal extension.
    motive = Lam(N("_"), nat, nat)
    step = Lam(N("k"), nat, Lam(N("ih"), nat, App(Const(N("Nat.succ")), BVar(0))))
    add = Lam(N("m"), nat, Lam(N("n"), nat, mk_app(Const(N("Nat.rec"), (ONE,)), [motive, BVar(1), step, BVar(0)])))
    e.add(DefinitionDecl(N("Nat.add"), (), Pi(N("m"), nat, Pi(N("n"), nat, nat)), add))
    for op in BINARY[1:]:
        e.add(AxiomDecl(N(f"Nat.{op}"), (), Pi(N("m"), nat, Pi(N("n"), nat, nat))))
    for op in ["beq", "ble"]:
        e.add(AxiomDecl(N(f"Nat.{op}"), (), Pi(N("m"), nat, Pi(N("n"), nat, bool_))))
    e.add(AxiomDecl(N("Nat.log2"), (), Pi(N("n"), nat, nat)))
    return e


def equation(env: Environment, name: str, lhs, rhs, ty=nat) -> None:  # type: ignore[no-untyped-def]
    stmt = mk_app(Const(N("Eq"), (ONE,)), [ty, lhs, rhs])
    env.add(TheoremDecl(N(name), (), stmt, mk_app(Const(N("Eq.refl"), (ONE,)), [ty, rhs])))


BIG = 2**200 + 12345
CASES = [
    ("add", 2, 3, 5), ("add", BIG, BIG, 2 * BIG), ("sub", 3, 5, 0), ("sub", BIG, 1, BIG - 1),
    ("mul", BIG, 3, 3 * BIG), ("div", 7, 2, 3), ("div", 7, 0, 0), ("mod", 7, 0, 7), ("mod", BIG, 1000, BIG % 1000),
    ("gcd", 12, 18, 6), ("gcd", 0, 5, 5), ("pow", 2, 100, 2**100), ("land", 12, 10, 8), ("lor", 12, 10, 14),
    ("xor", 12, 10, 6), ("shiftLeft", 1, 70, 2**70), ("shiftRight", BIG, 190, BIG >> 190),
]


@pytest.mark.parametrize("op, a, b, result", CASES)
def test_binary_operation_on_literals(env: Environment, op: str, a: int, b: int, result: int) -> None:
    equation(env, f"ok_{op}_{a % 97}_{b}", mk_app(Const(N(f"Nat.{op}")), [NatLit(a), NatLit(b)]), NatLit(result))


@pytest.mark.parametrize("op, a, b, result", [("beq", 3, 3, "true"), ("beq", 3, 4, "false"), ("ble", 4, 3, "false"), ("ble", 3, 3, "true")])
def test_boolean_operations_on_literals(env: Environment, op: str, a: int, b: int, result: str) -> None:
    equation(env, f"ok_{op}_{a}_{b}", mk_app(Const(N(f"Nat.{op}")), [NatLit(a), NatLit(b)]), Const(N(f"Bool.{result}")), bool_)


def test_log2_and_succ(env: Environment) -> None:
    equation(env, "ok_log2", App(Const(N("Nat.log2")), NatLit(1025)), NatLit(10))
    equation(env, "ok_succ", App(Const(N("Nat.succ")), NatLit(BIG)), NatLit(BIG + 1))
    equation(env, "ok_succ_ctor", NatLit(3), App(Const(N("Nat.succ")), NatLit(2)))
    equation(env, "ok_zero_ctor", NatLit(0), Const(N("Nat.zero")))


@pytest.mark.parametrize("op, a, b, wrong", [("add", 2, 2, 5), ("sub", 3, 5, 1), ("gcd", 12, 18, 3), ("pow", 2, 10, 1000)])
def test_wrong_results_are_rejected(env: Environment, op: str, a: int, b: int, wrong: int) -> None:
    with pytest.raises(KernelError, match="do not match"):
        equation(env, f"bad_{op}", mk_app(Const(N(f"Nat.{op}")), [NatLit(a), NatLit(b)]), NatLit(wrong))


def test_literal_arithmetic_agrees_with_unfolding(env: Environment) -> None:
    """With a free variable the extension does not fire: `Nat.add x 0` unfolds through `Nat.rec` on
    the literal `0`, which the kernel turns into `Nat.zero`."""
    x_eq = Lam(N("x"), nat, mk_app(Const(N("Eq.refl"), (ONE,)), [nat, BVar(0)]))
    stmt = Pi(N("x"), nat, mk_app(Const(N("Eq"), (ONE,)), [nat, mk_app(Const(N("Nat.add")), [BVar(0), NatLit(0)]), BVar(0)]))
    env.add(TheoremDecl(N("add_zero"), (), stmt, x_eq))
    stmt2 = Pi(N("x"), nat, mk_app(Const(N("Eq"), (ONE,)), [nat, mk_app(Const(N("Nat.add")), [BVar(0), NatLit(2)]),
                                                           App(Const(N("Nat.succ")), App(Const(N("Nat.succ")), BVar(0)))]))
    succ2 = Lam(N("x"), nat, mk_app(Const(N("Eq.refl"), (ONE,)), [nat, App(Const(N("Nat.succ")), App(Const(N("Nat.succ")), BVar(0)))]))
    env.add(TheoremDecl(N("add_two"), (), stmt2, succ2))
    with pytest.raises(KernelError, match="do not match"):
        env.add(TheoremDecl(N("add_two_wrong"), (), stmt2, x_eq))


def test_huge_exponent_is_not_computed(env: Environment) -> None:
    """As in Lean, `Nat.pow` with an exponent above 2^24 is left alone (here: stuck on an axiom)."""
    with pytest.raises(KernelError):
        equation(env, "bad_pow_huge", mk_app(Const(N("Nat.pow")), [NatLit(1), NatLit(2**25)]), NatLit(1))
