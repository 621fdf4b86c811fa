"""Theorems admitted unchecked and checked later (`kernel/deferred.py`): a later check must judge each
theorem exactly as `Environment.add` would have at the moment it was admitted."""

from __future__ import annotations

import pytest

from lantern.kernel import KernelError
from lantern.kernel.deferred import admit, check_deferred

from lantern.kernel.declaration import PARTIAL

from .builders import NAT, add_eq, add_nat, axiom, definition, env_with, eq, refl, theorem, unary


def _env():
    return env_with(add_nat, add_eq)


def test_an_admitted_theorem_is_usable_at_once_and_checked_later() -> None:
    env = _env()
    env.add(definition("two", NAT, unary(2)))
    good = admit(env, theorem("two_eq", eq("two", unary(2)), refl("two")))
    assert env.find(good.decl.name) is not None  # later declarations may mention it now
    bad = admit(env, theorem("two_eq_three", eq("two", unary(3)), refl("two")))
    failures = check_deferred([good, bad])
    assert [i for i, _ in failures] == [1]
    assert "type mismatch" in failures[0][1].message or "do not match" in failures[0][1].message


def test_a_proof_cannot_use_what_was_declared_after_its_theorem() -> None:
    env = _env()
    entry = admit(env, theorem("early", eq("late", unary(1)), refl("late")))
    with pytest.raises(KernelError):
        env.add(definition("early", NAT, unary(0)))  # the admitted name is taken
    env.add(definition("late", NAT, unary(1)))  # declared after `early`, so unknown to its check
    (failure,) = check_deferred([entry])
    assert "late" in failure[1].message


def test_admitting_a_name_twice_is_refused() -> None:
    env = _env()
    admit(env, theorem("t", eq(unary(1), unary(1)), refl(unary(1))))
    with pytest.raises(KernelError):
        admit(env, theorem("t", eq(unary(1), unary(1)), refl(unary(1))))


def test_theorems_and_safe_definitions_are_admitted_and_anything_when_nothing_is_recorded() -> None:
    env = _env()
    with pytest.raises(TypeError):
        admit(env, axiom("a", NAT))
    with pytest.raises(TypeError):
        admit(env, definition("p", NAT, unary(1), safety=PARTIAL))
    d = admit(env, definition("d", NAT, unary(1)))
    assert env.find(d.decl.name).value == unary(1)  # the elaborator may unfold it at once
    bad = admit(env, definition("e", NAT, eq(unary(1), unary(1))))
    assert [i for i, _ in check_deferred([d, bad])] == [1]
    entry = admit(env, definition("_example", NAT, unary(1)), add=False)  # an `example`: checked only
    assert env.find(entry.decl.name) is None
    assert check_deferred([entry]) == []


def test_caches_are_not_handed_to_an_environment_that_redefines_a_constant() -> None:
    # Two entries from sibling environments that give `c` different values: what the first check
    # learnt about `c` (it unfolds to 1) must not be believed by the second.
    base = _env()
    one = base.fork()
    one.add(definition("c", NAT, unary(1)))
    first = admit(one, theorem("c_is_one", eq("c", unary(1)), refl("c")))
    two = base.fork()
    two.add(definition("c", NAT, unary(2)))
    second = admit(two, theorem("c_is_one", eq("c", unary(1)), refl("c")))
    assert [i for i, _ in check_deferred([first, second])] == [1]


def test_caches_are_handed_along_one_line_of_environments() -> None:
    env = _env()
    env.add(definition("two", NAT, unary(2)))
    first = admit(env, theorem("a", eq("two", unary(2)), refl("two")))
    second = admit(env, theorem("b", eq("two", unary(2)), refl("two")))
    assert check_deferred([first, second]) == []
    assert second.env._checker_caches is first.env._checker_caches


def test_caches_are_lent_only_by_an_environment_that_extends() -> None:
    from lantern.kernel.deferred import lend_caches

    base = _env()
    later = base.fork()
    later.add(definition("c", NAT, unary(1)))
    earlier = base.snapshot()
    lend_caches(earlier, later)
    assert earlier._checker_caches is later.checker_caches()
    sibling = base.fork()
    sibling.add(definition("c", NAT, unary(2)))  # `c` is another constant here
    target = sibling.snapshot()  # (no caches of its own yet)
    lend_caches(target, later)
    assert target._checker_caches is None



def test_the_snapshots_of_one_line_extend_each_other_without_comparing_constants(monkeypatch) -> None:
    # Across flattenings of the overlay into a new base (every `FLATTEN_AT` constants), and never
    # across a branch: a sibling that gave the same names to other constants.
    from lantern.kernel import environment
    from lantern.kernel.deferred import _extends

    monkeypatch.setattr(environment, "FLATTEN_AT", 2)
    base = _env()
    base.add(definition("c", NAT, unary(1)))
    earlier = base.snapshot()
    later = base.fork()
    for i in range(5):
        later.add(definition(f"d{i}", NAT, unary(i)))
    assert later._base is not earlier._base
    assert later.continues(earlier) and not earlier.continues(later)
    assert later.continues(later.snapshot()) and later.snapshot().continues(later)

    sibling = base.fork()  # behind the tip of the line now: it branches off when it adds
    for i in range(5):
        sibling.add(definition(f"d{i}", NAT, unary(i + 1)))
    assert not sibling.continues(later) and not later.continues(sibling)
    assert not _extends(sibling, later) and not _extends(later, sibling)
    assert sibling.continues(earlier) and _extends(sibling, earlier)
    nephew = sibling.snapshot()
    nephew.add(definition("e", NAT, unary(0)))
    assert nephew.continues(earlier) and not nephew.continues(later)
    assert _extends(later, earlier) and not _extends(earlier, later)
