"""The caches the kernel shares across declarations (`Environment.checker_caches`) and the
identity-keyed `EquivManager`: they must change how much work is done, never what is accepted.

The dangerous case is a fork: two sibling environments may give the same name different
definitions, and a fact learnt in one (`c` unfolds to `1`) must not be believed in the other."""

from __future__ import annotations

import pytest

from lantern.kernel import KernelError
from lantern.kernel.defeq import EquivManager
from lantern.kernel.expr import App, Const, Lam
from lantern.kernel.instantiate import instantiate
from lantern.kernel.name import Name
from lantern.kernel.type_checker import TypeChecker

from .builders import NAT, add_eq, add_nat, definition, env_with, eq, lam, refl, succ, theorem, unary


def _env():
    return env_with(add_nat, add_eq)


def test_facts_learnt_in_one_fork_are_not_seen_by_a_sibling() -> None:
    base = _env()
    one = base.fork()
    one.add(definition("c", NAT, unary(1)))
    one.add(theorem("c_is_one", eq("c", unary(1)), refl("c")))
    # A sibling defines `c` differently: what `one` learnt about `c` must not leak into it.
    two = base.fork()
    two.add(definition("c", NAT, unary(2)))
    with pytest.raises(KernelError):
        two.add(theorem("c_is_one", eq("c", unary(1)), refl("c")))
    two.add(theorem("c_is_two", eq("c", unary(2)), refl("c")))
    # And `one` still knows its own `c`.
    with pytest.raises(KernelError):
        one.add(theorem("c_is_two", eq("c", unary(2)), refl("c")))


def test_fork_hands_the_caches_to_the_child() -> None:
    parent = _env()
    caches = parent.checker_caches()
    child = parent.fork()
    assert child.checker_caches() is caches
    assert parent.checker_caches() is not caches  # the parent may now grow differently: afresh


def test_a_later_declaration_reuses_what_an_earlier_one_learnt() -> None:
    env = _env()
    env.add(definition("two", NAT, unary(2)))
    env.add(theorem("t1", eq("two", unary(2)), refl("two")))
    shared = env.checker_caches()
    assert shared.whnf or shared.whnf_core or shared.infer_only  # closed facts were recorded
    env.add(theorem("t2", eq("two", unary(2)), refl("two")))  # and the same check still passes


def test_rejected_declaration_is_still_rejected_after_related_successes() -> None:
    env = _env()
    env.add(definition("three", NAT, unary(3)))
    env.add(theorem("ok", eq("three", unary(3)), refl("three")))
    with pytest.raises(KernelError):
        env.add(theorem("bad", eq("three", unary(4)), refl("three")))


def test_checkers_of_subclasses_do_not_share_the_kernels_caches() -> None:
    env = _env()

    class Other(TypeChecker):
        pass

    tc = Other(env, shared_caches=True)
    assert tc.closed_whnf_cache is tc.whnf_cache
    assert tc.closed_eqv is tc.eqv


def test_equiv_manager_finds_copies_of_its_members() -> None:
    x = Const(Name.of("x"))
    f = Const(Name.of("f"))
    a, b = App(f, x), App(f, succ(x))
    eqv = EquivManager()
    eqv.add_equiv(a, b)
    assert eqv.is_equiv(App(f, x), App(f, succ(x)))  # fresh copies of both sides
    assert eqv.is_equiv(App(f, succ(x)), a)
    assert not eqv.is_equiv(App(f, x), App(f, succ(succ(x))))


def test_equiv_manager_is_transitive_through_copies() -> None:
    f = Const(Name.of("f"))
    xs = [App(f, unary(k)) for k in range(4)]
    eqv = EquivManager()
    eqv.add_equiv(xs[0], xs[1])
    eqv.add_equiv(App(f, unary(1)), xs[2])  # a copy of xs[1]
    eqv.add_equiv(xs[3], App(f, unary(2)))  # a copy of xs[2]
    assert eqv.is_equiv(App(f, unary(0)), App(f, unary(3)))


def test_structural_equality_ignores_binder_names_only() -> None:
    t1 = lam("x", NAT, lambda x: succ(x))
    t2 = lam("y", NAT, lambda y: succ(y))
    assert t1 == t2 and isinstance(t1, Lam)
    assert instantiate(t1.body, [unary(1)]) == succ(unary(1))  # type: ignore[attr-defined]
    assert lam("x", NAT, lambda x: succ(succ(x))) != t1
