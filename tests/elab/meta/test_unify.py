"""Unification and metavariables: the elaborator's checker on terms with holes."""

from __future__ import annotations

import pytest

from lantern.elab.meta.checker import MetaChecker
from lantern.elab.meta.context import SYNTHETIC_OPAQUE, LocalContext, MetavarContext
from lantern.elab.meta.instantiate import instantiate_mvars, mk_lambda_fvars
from lantern.kernel.expr import App, Const, Lam, MVar, NatLit, Pi, Sort, mk_app
from lantern.kernel.level import mk_succ, mk_zero, of_nat
from lantern.kernel.name import Name
from tests.kernel.builders import NAT, add_eq, add_list, add_nat, add_nat_add, app, env_with

N = Name.of
ONE = mk_succ(mk_zero())


@pytest.fixture(scope="module")
def env():  # type: ignore[no-untyped-def]
    return env_with(add_nat, add_nat_add, add_eq, add_list)


def setup(env, *locals_):  # type: ignore[no-untyped-def]
    mctx = MetavarContext()
    lctx = LocalContext()
    fvars = []
    for name, ty in locals_:
        lctx, x = lctx.add(N(name), ty)
        fvars.append(x)
    return mctx, lctx, MetaChecker(env, mctx, lctx), fvars


def test_first_order_assignment(env) -> None:  # type: ignore[no-untyped-def]
    mctx, lctx, mc, _ = setup(env)
    m = mctx.new_mvar(NAT, lctx)
    assert mc.is_def_eq(App(Const(N("Nat.succ")), m), App(Const(N("Nat.succ")), NatLit(3)))
    assert instantiate_mvars(mctx, m) == NatLit(3)


def test_assignment_checks_the_type(env) -> None:  # type: ignore[no-untyped-def]
    mctx, lctx, mc, _ = setup(env)
    m = mctx.new_mvar(NAT, lctx)
    assert not mc.is_def_eq(m, Const(N("Nat")))  # `Nat : Type`, not a `Nat`
    assert m.mid not in mctx.assignment


def test_unification_through_reduction(env) -> None:  # type: ignore[no-untyped-def]
    """`Nat.add ?m 2 =?= 5`: not a pattern; but `?m + 2 =?= succ (succ ?k)` style problems reduce."""
    mctx, lctx, mc, _ = setup(env)
    m = mctx.new_mvar(NAT, lctx)
    lhs = mk_app(Const(N("Nat.add")), [NatLit(2), m])
    # Nat.add 2 ?m is stuck on ?m; unifying with itself still works structurally
    assert mc.is_def_eq(lhs, mk_app(Const(N("Nat.add")), [NatLit(2), m]))
    assert mc.is_def_eq(mk_app(Const(N("Nat.add")), [m, NatLit(0)]), NatLit(7))
    assert instantiate_mvars(mctx, m) == NatLit(7)


def test_miller_pattern(env) -> None:  # type: ignore[no-untyped-def]
    """`?f x =?= x + 1` gives `?f := fun x => x + 1`."""
    mctx, lctx, mc, (x,) = setup(env, ("x", NAT))
    f = mctx.new_mvar(Pi(N("a"), NAT, NAT), LocalContext())
    rhs = app("Nat.add", x, NatLit(1))
    assert mc.is_def_eq(App(f, x), rhs)
    value = instantiate_mvars(mctx, f)
    assert isinstance(value, Lam)
    assert mc.is_def_eq(App(value, NatLit(4)), NatLit(5))


def test_scope_check_refuses_escaping_variables(env) -> None:  # type: ignore[no-untyped-def]
    mctx, lctx, mc, (x,) = setup(env, ("x", NAT))
    m = mctx.new_mvar(NAT, LocalContext())  # created outside x's scope
    assert not mc.is_def_eq(m, x)
    assert m.mid not in mctx.assignment


def test_occurs_check(env) -> None:  # type: ignore[no-untyped-def]
    mctx, lctx, mc, _ = setup(env)
    m = mctx.new_mvar(NAT, lctx)
    assert not mc.is_def_eq(m, App(Const(N("Nat.succ")), m))


def test_universe_metavariables(env) -> None:  # type: ignore[no-untyped-def]
    mctx, lctx, mc, _ = setup(env)
    u = mctx.new_level_mvar()
    assert mc.is_def_eq(Sort(mk_succ(u)), Sort(of_nat(2)))
    assert instantiate_mvars(mctx, Sort(u)) == Sort(ONE)
    v = mctx.new_level_mvar()
    assert mc.is_def_eq(Const(N("List"), (v,)), Const(N("List"), (mk_zero(),)))
    assert instantiate_mvars(mctx, Const(N("List"), (v,))) == Const(N("List"), (mk_zero(),))


def test_rollback_undoes_assignments(env) -> None:  # type: ignore[no-untyped-def]
    mctx, lctx, mc, _ = setup(env)
    m = mctx.new_mvar(NAT, lctx)
    token = mctx.checkpoint()
    assert mc.is_def_eq(m, NatLit(1))
    mctx.rollback(token)
    assert instantiate_mvars(mctx, m) is m
    assert mc.is_def_eq(m, NatLit(2))
    assert instantiate_mvars(mctx, m) == NatLit(2)


def test_goals_are_not_assigned_by_unification(env) -> None:  # type: ignore[no-untyped-def]
    mctx, lctx, mc, _ = setup(env)
    goal = mctx.new_mvar(NAT, lctx, SYNTHETIC_OPAQUE)
    assert not mc.is_def_eq(goal, NatLit(1))


def test_delayed_assignment_under_binders(env) -> None:  # type: ignore[no-untyped-def]
    """`fun x => ?g` where the goal `?g` sees `x`: once `?g := x + 1`, the term is `fun x => x + 1`."""
    mctx = MetavarContext()
    lctx, x = LocalContext().add(N("x"), NAT)
    goal = mctx.new_mvar(NAT, lctx, SYNTHETIC_OPAQUE)
    fn = mk_lambda_fvars(mctx, lctx, [x], goal)
    assert isinstance(fn, Lam)
    assert instantiate_mvars(mctx, fn) == fn  # the goal is open: nothing to substitute yet
    mctx.assign(goal.mid, app("Nat.add", x, NatLit(1)))
    done = instantiate_mvars(mctx, fn)
    assert not done.has_mvar
    mc = MetaChecker(env, mctx, LocalContext())
    assert mc.is_def_eq(App(done, NatLit(4)), NatLit(5))


def test_natural_mvars_under_binders_are_abstracted(env) -> None:  # type: ignore[no-untyped-def]
    mctx = MetavarContext()
    lctx, x = LocalContext().add(N("x"), NAT)
    hole = mctx.new_mvar(NAT, lctx)
    fn = mk_lambda_fvars(mctx, lctx, [x], app("Nat.add", hole, x))
    # The hole now stands for `?n x` with `?n : Nat → Nat` outside x's scope.
    mc = MetaChecker(env, mctx, LocalContext())
    ty = mc.infer(fn, True)
    assert mc.is_def_eq(ty, Pi(N("x"), NAT, NAT))
    assert isinstance(hole, MVar) and hole.mid in mctx.assignment
