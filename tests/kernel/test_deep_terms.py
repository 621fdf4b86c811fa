"""Terms 10,000 deep are checked (or rejected) cleanly, never with `RecursionError`."""

from __future__ import annotations

import pytest

from lantern.kernel import (
    App,
    AxiomDecl,
    BVar,
    Const,
    DefinitionDecl,
    Environment,
    KernelError,
    Lam,
    NatLit,
    Pi,
    Sort,
    TheoremDecl,
    mk_succ,
    mk_zero,
)
from lantern.kernel.expr import mk_app
from lantern.kernel.name import Name
from tests.kernel.builders import add_eq, add_nat, env_with

N = Name.of
DEPTH = 10_000
nat = Const(N("Nat"))
zero, succ = Const(N("Nat.zero")), Const(N("Nat.succ"))


@pytest.fixture(scope="module")
def env() -> Environment:
    return env_with(add_nat, add_eq)


def eq(a, b):  # type: ignore[no-untyped-def]
    return mk_app(Const(N("Eq"), (mk_succ(mk_zero()),)), [nat, a, b])


def refl(a):  # type: ignore[no-untyped-def]
    return mk_app(Const(N("Eq.refl"), (mk_succ(mk_zero()),)), [nat, a])


def test_binder_chain_and_application_spine(env: Environment) -> None:
    arrows = nat
    for _ in range(DEPTH):
        arrows = Pi(N("x"), nat, arrows)
    env.add(AxiomDecl(N("manyArgs"), (), arrows))
    spine = Const(N("manyArgs"))
    for _ in range(DEPTH):
        spine = App(spine, zero)
    env.add(DefinitionDecl(N("spine"), (), nat, spine))
    lams = BVar(0)
    for _ in range(DEPTH):
        lams = Lam(N("x"), nat, lams)
    env.add(DefinitionDecl(N("lastArg"), (), arrows, lams))


def test_deep_nesting_is_checked_and_reduced(env: Environment) -> None:
    nested = zero
    for _ in range(DEPTH):
        nested = App(succ, nested)
    env.add(DefinitionDecl(N("deep"), (), nat, nested))
    # Definitional equality goes through the whole tower: succ^10000 zero ≡ 10000.
    env.add(TheoremDecl(N("deep_eq"), (), eq(Const(N("deep")), NatLit(DEPTH)), refl(NatLit(DEPTH))))


def test_deep_ill_typed_term_is_rejected_cleanly(env: Environment) -> None:
    nested = App(succ, Sort(mk_zero()))  # ill-typed at the very bottom
    for _ in range(DEPTH):
        nested = App(succ, nested)
    with pytest.raises(KernelError) as info:
        env.add(DefinitionDecl(N("deepBad"), (), nat, nested))
    assert info.value.decl is N("deepBad")
    assert "application type mismatch" in info.value.message


def test_false_deep_equation_is_rejected(env: Environment) -> None:
    nested = zero
    for _ in range(DEPTH):
        nested = App(succ, nested)
    with pytest.raises(KernelError, match="do not match"):
        env.add(TheoremDecl(N("deep_ne"), (), eq(nested, NatLit(DEPTH + 1)), refl(nested)))
