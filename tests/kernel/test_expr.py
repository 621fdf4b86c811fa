"""Terms: cached data, structural equality, substitution."""

from __future__ import annotations

import pickle

from lantern.kernel.expr import App, BVar, Const, FVar, Lam, Let, NatLit, Pi, Sort, get_app_args, mk_app
from lantern.kernel.instantiate import (
    abstract,
    has_loose_bvar,
    instantiate,
    instantiate_level_params,
    instantiate_rev,
    lift_loose_bvars,
    lower_loose_bvars,
)
from lantern.kernel.level import mk_param, mk_succ, mk_zero
from lantern.kernel.name import Name

N = Name.of
nat = Const(N("Nat"))
f = Const(N("f"))


def test_cached_loose_bvar_range_and_flags() -> None:
    assert BVar(3).lbr == 4
    assert Lam(N("x"), nat, BVar(0)).lbr == 0
    assert Lam(N("x"), nat, BVar(2)).lbr == 2
    assert App(f, BVar(1)).lbr == 2
    x = FVar("x1", N("x"))
    assert App(f, x).has_fvar and not App(f, nat).has_fvar
    assert Sort(mk_param(N("u"))).has_level_param


def test_equality_ignores_binder_names_and_infos() -> None:
    a = Lam(N("x"), nat, BVar(0))
    b = Lam(N("y"), nat, BVar(0), 1)
    assert a == b and hash(a) == hash(b)
    assert a != Pi(N("x"), nat, BVar(0))
    assert NatLit(3) == NatLit(3) and NatLit(3) != NatLit(4)


def test_equality_of_deep_terms_does_not_recurse() -> None:
    a, b = NatLit(0), NatLit(0)
    for _ in range(50_000):
        a, b = App(f, a), App(f, b)
    assert a == b
    assert a != App(f, b)


def test_names_survive_pickling_by_identity() -> None:
    n = N("Nat.succ")
    assert pickle.loads(pickle.dumps(n)) is n


def test_instantiate_and_abstract_are_inverse() -> None:
    x, y = FVar("x", N("x")), FVar("y", N("y"))
    body = mk_app(f, [x, y, Lam(N("z"), nat, mk_app(f, [x, BVar(0)]))])
    closed = abstract(body, [x, y])
    assert not closed.has_fvar and closed.lbr == 2
    _, args = get_app_args(closed)
    assert args[0] == BVar(1) and args[1] == BVar(0)
    assert instantiate_rev(closed, [x, y]) == body
    assert instantiate(closed, [y, x]) == body


def test_instantiate_lifts_values_under_binders() -> None:
    # (fun z => #1) with #0 := #5 gives fun z => #6
    e = Lam(N("z"), nat, BVar(1))
    assert instantiate(e, [BVar(5)]) == Lam(N("z"), nat, BVar(6))


def test_instantiate_shifts_remaining_bvars() -> None:
    assert instantiate(App(BVar(0), BVar(2)), [nat]) == App(nat, BVar(1))


def test_lift_lower_and_occurrence() -> None:
    e = Lam(N("z"), nat, App(BVar(0), BVar(1)))
    assert lift_loose_bvars(e, 2) == Lam(N("z"), nat, App(BVar(0), BVar(3)))
    assert lower_loose_bvars(lift_loose_bvars(e, 2), 2, 2) == e
    assert has_loose_bvar(e, 0) and not has_loose_bvar(e, 1)
    assert has_loose_bvar(Let(N("a"), nat, BVar(3), BVar(0)), 3)


def test_instantiate_level_params() -> None:
    u = N("u")
    e = Pi(N("α"), Sort(mk_param(u)), Const(N("List"), (mk_param(u),)))
    r = instantiate_level_params(e, [u], [mk_succ(mk_zero())])
    assert r == Pi(N("α"), Sort(mk_succ(mk_zero())), Const(N("List"), (mk_succ(mk_zero()),)))
    assert not r.has_level_param
