"""`Nat` literal arithmetic on Python ints, exactly where Lean's kernel does it: closed applications
of the built-in operations to literals, including results too big for machine words."""

from __future__ import annotations

import pytest

from lantern.kernel import (
    AxiomDecl,
    BVar,
    Const,
    DefinitionDecl,
    Environment,
    KernelError,
    Lam,
    NatLit,
    Pi,
    TheoremDecl,
    mk_succ,
    mk_zero,
)
from lantern.kernel.expr import App, mk_app
from lantern.kernel.name import Name
from tests.kernel.builders import add_bool, add_eq, add_nat, env_with

N = Name.of
ONE = mk_succ(mk_zero())
nat, bool_ = Const(N("Nat")), Const(N("Bool"))
BINARY = ["add", "sub", "mul", "div", "mod", "gcd", "pow", "land", "lor", "xor", "shiftLeft", "shiftRight"]


@pytest.fixture(scope="module")
def env() -> Environment:
    e = base_env()
    # The structurally recursive operations are defined as in Lean's core (by recursion on the second
    # argument), so the kernel can verify their defining equations; the well-founded ones are axioms
    # here, trusted by name and type.
    for name, ty, value in structural_definitions():
        e.add(DefinitionDecl(N(name), (), ty, value))
    for op in ["div", "mod", "gcd", "land", "lor", "xor", "shiftLeft", "shiftRight"]:
        e.add(AxiomDecl(N(f"Nat.{op}"), (), Pi(N("m"), nat, Pi(N("n"), nat, nat))))
    e.add(AxiomDecl(N("Nat.log2"), (), Pi(N("n"), nat, nat)))
    return e


def base_env() -> Environment:
    """Nat, Bool and Eq as in Lean's core."""
    return env_with(add_nat, add_bool, add_eq)


def nat_rec(motive, zero_case, succ_case, major, level=ONE):  # type: ignore[no-untyped-def]
    return mk_app(Const(N("Nat.rec"), (level,)), [motive, zero_case, succ_case, major])


def structural_definitions() -> list[tuple[str, object, object]]:
    """`Nat.pred`, `add`, `sub`, `mul`, `pow`, `beq`, `ble` by `Nat.rec`, in de Bruijn form."""
    const = lambda n: Const(N(n))  # noqa: E731
    succ, zero = const("Nat.succ"), const("Nat.zero")
    to_nat = Lam(N("_"), nat, nat)
    to_bool = Lam(N("_"), nat, bool_)
    to_fun = Lam(N("_"), nat, Pi(N("m"), nat, bool_))
    binary, unary = Pi(N("n"), nat, Pi(N("m"), nat, nat)), Pi(N("n"), nat, nat)
    predicate = Pi(N("n"), nat, Pi(N("m"), nat, bool_))

    def by_recursion_on_m(zero_case, step):  # type: ignore[no-untyped-def]
        """fun n m => Nat.rec zero_case (fun k ih => step) m, with n = #3, ih = #0 inside `step`."""
        return Lam(N("n"), nat, Lam(N("m"), nat, nat_rec(to_nat, zero_case, Lam(N("k"), nat, Lam(N("ih"), nat, step)), BVar(0))))

    pred = Lam(N("n"), nat, nat_rec(to_nat, zero, Lam(N("k"), nat, Lam(N("ih"), nat, BVar(1))), BVar(0)))
    add = by_recursion_on_m(BVar(1), App(succ, BVar(0)))
    sub = by_recursion_on_m(BVar(1), App(const("Nat.pred"), BVar(0)))
    mul = by_recursion_on_m(zero, mk_app(const("Nat.add"), [BVar(0), BVar(3)]))
    pow_ = by_recursion_on_m(App(succ, zero), mk_app(const("Nat.mul"), [BVar(0), BVar(3)]))

    def compare(zero_zero, zero_succ):  # type: ignore[no-untyped-def]
        """fun n m => Nat.rec (fun m => Nat.rec zero_zero (fun _ _ => zero_succ) m)
                              (fun k ih m => Nat.rec false (fun m' _ => ih m') m) n m"""
        base = Lam(N("m"), nat, nat_rec(to_bool, zero_zero, Lam(N("j"), nat, Lam(N("r"), bool_, zero_succ)), BVar(0)))
        step = Lam(N("k"), nat, Lam(N("ih"), Pi(N("m"), nat, bool_), Lam(N("m"), nat, nat_rec(
            to_bool, const("Bool.false"), Lam(N("j"), nat, Lam(N("r"), bool_, App(BVar(3), BVar(1)))), BVar(0)))))
        return Lam(N("n"), nat, Lam(N("m"), nat, App(nat_rec(to_fun, base, step, BVar(1)), BVar(0))))

    beq = compare(const("Bool.true"), const("Bool.false"))
    ble = compare(const("Bool.true"), const("Bool.true"))
    return [
        ("Nat.pred", unary, pred), ("Nat.add", binary, add), ("Nat.sub", binary, sub), ("Nat.mul", binary, mul),
        ("Nat.pow", binary, pow_), ("Nat.beq", predicate, beq), ("Nat.ble", predicate, ble),
    ]


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


def test_huge_shift_is_not_computed(env: Environment) -> None:
    """As in Lean, `Nat.shiftLeft`/`Nat.pow` with an exponent above 2^24 are left alone (here the shift
    is an axiom, so nothing else can compute it either)."""
    with pytest.raises(KernelError):
        equation(env, "bad_shift_huge", mk_app(Const(N("Nat.shiftLeft")), [NatLit(1), NatLit(2**25)]), NatLit(0))


def fresh_nat_env(add_value=None) -> Environment:  # type: ignore[no-untyped-def]
    """Nat, Bool and Eq, plus `Nat.add` as an axiom or with the given (bogus) value."""
    e = base_env()
    binary = Pi(N("n"), nat, Pi(N("m"), nat, nat))
    if add_value is None:
        e.add(AxiomDecl(N("Nat.add"), (), binary))
    else:
        e.add(DefinitionDecl(N("Nat.add"), (), binary, add_value))
    return e


def test_an_operation_given_as_an_axiom_is_not_computed() -> None:
    e = fresh_nat_env()
    with pytest.raises(KernelError, match="do not match"):
        equation(e, "axiom_add", mk_app(Const(N("Nat.add")), [NatLit(2), NatLit(2)]), NatLit(4))


def test_a_bogus_definition_is_not_computed() -> None:
    """`Nat.add x y := x` fails the defining equations, so `2 + 2` is computed by unfolding (to 2)."""
    e = fresh_nat_env(Lam(N("x"), nat, Lam(N("y"), nat, BVar(1))))
    with pytest.raises(KernelError, match="do not match"):
        equation(e, "bogus_four", mk_app(Const(N("Nat.add")), [NatLit(2), NatLit(2)]), NatLit(4))
    equation(e, "bogus_two", mk_app(Const(N("Nat.add")), [NatLit(2), NatLit(2)]), NatLit(2))
