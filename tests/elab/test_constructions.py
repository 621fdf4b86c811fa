"""`recOn` and `casesOn`, generated from the recursor and checked by the kernel, and reducing as
Lean's do."""

from __future__ import annotations

import pytest

from lantern.elab.constructions import add_auxiliary_constructions
from lantern.kernel.expr import IMPLICIT
from lantern.kernel.name import Name
from tests.kernel.builders import (
    NAT, add_eq, add_even_odd, add_list, add_nat, add_vec, app, const, env_with, eq, lam, nat, refl, theorem,
)

N = Name.of


@pytest.mark.parametrize("adder, name", [(add_nat, "Nat"), (add_list, "List"), (add_vec, "Vec"), (add_eq, "Eq")])
def test_constructions_are_accepted_by_the_kernel(adder, name: str) -> None:  # type: ignore[no-untyped-def]
    env = env_with(adder)
    add_auxiliary_constructions(env, N(name))
    cases = env.get(N(f"{name}.casesOn"))
    rec = env.get(N(f"{name}.rec"))
    assert cases.level_params == rec.level_params
    assert cases.type.binfo == IMPLICIT or rec.num_params == 0


def test_cases_on_reduces_on_constructors() -> None:
    env = env_with(add_nat, add_eq)
    add_auxiliary_constructions(env, N("Nat"))
    # Nat.casesOn (motive := fun _ => Nat) 3 0 (fun n => n) = 2
    motive = lam("_", NAT, lambda _: NAT)
    value = app(const("Nat.casesOn", 1), motive, nat(3), nat(0), lam("n", NAT, lambda n: n))
    env.add(theorem("pred3", eq(value, nat(2)), refl(nat(2))))
    zero_case = app(const("Nat.casesOn", 1), motive, nat(0), nat(7), lam("n", NAT, lambda n: n))
    env.add(theorem("zero7", eq(zero_case, nat(7)), refl(nat(7))))


def test_mutual_types_get_rec_on_only() -> None:
    env = env_with(add_even_odd)
    add_auxiliary_constructions(env, N("Even"))
    assert N("Even.recOn") in env and N("Even.casesOn") not in env

