"""The fast substitution paths agree with the plain definitions they shortcut."""

from __future__ import annotations

import random

from lantern.kernel.expr import BVar, Expr, FVar, Lam, Let, Pi, mk_app
from lantern.kernel.instantiate import abstract, instantiate, instantiate_rev, lift_loose_bvars, substitute_fvars
from lantern.kernel.name import Name

from .builders import NAT, const


def _random_term(rng: random.Random, fvars: list[FVar], depth: int, binders: int) -> Expr:
    """A term over `fvars`, with loose bound variables below `binders` only."""
    r = rng.random()
    if depth == 0 or r < 0.25:
        leaves: list[Expr] = [NAT, const("Nat.zero"), *fvars]
        leaves += [BVar(i) for i in range(binders)]
        return rng.choice(leaves)
    if r < 0.55:
        f = _random_term(rng, fvars, depth - 1, binders)
        return mk_app(f, [_random_term(rng, fvars, depth - 1, binders) for _ in range(rng.randint(1, 3))])
    if r < 0.8:
        cls = rng.choice([Lam, Pi])
        return cls(Name.of("x"), _random_term(rng, fvars, depth - 1, binders), _random_term(rng, fvars, depth - 1, binders + 1))
    return Let(
        Name.of("y"),
        _random_term(rng, fvars, depth - 1, binders),
        _random_term(rng, fvars, depth - 1, binders),
        _random_term(rng, fvars, depth - 1, binders + 1),
    )


def test_substitute_fvars_is_abstract_then_instantiate() -> None:
    rng = random.Random(7)
    fvars = [FVar(("t", i), Name.of(f"a{i}")) for i in range(3)]
    for _ in range(300):
        e = _random_term(rng, fvars, 5, 0)
        # Values with loose bound variables too: they must be shifted under binders.
        values = [_random_term(rng, [], 3, rng.randint(0, 2)) for _ in fvars]
        assert substitute_fvars(e, fvars, values) == instantiate_rev(abstract(e, fvars), values)


def test_instantiate_handles_every_depth_and_lifting() -> None:
    rng = random.Random(11)
    for _ in range(300):
        e = _random_term(rng, [], 5, 3)
        subst = [_random_term(rng, [], 2, rng.randint(0, 2)) for _ in range(rng.randint(1, 3))]
        assert instantiate(e, subst) == _naive_instantiate(e, subst, 0)
        assert instantiate_rev(e, subst) == _naive_instantiate(e, subst[::-1], 0)


def _naive_instantiate(e: Expr, subst: list[Expr], off: int) -> Expr:
    """The definition, by structural recursion without sharing or shortcuts."""
    from lantern.kernel.expr import APP, BVAR, LAM, LET, PI, App

    k = e.kind
    n = len(subst)
    if k == BVAR:
        i = e.idx  # type: ignore[attr-defined]
        if i < off:
            return e
        if i - off < n:
            return lift_loose_bvars(subst[i - off], off)
        return BVar(i - n)
    if k == APP:
        return App(_naive_instantiate(e.fn, subst, off), _naive_instantiate(e.arg, subst, off))  # type: ignore[attr-defined]
    if k in (LAM, PI):
        return type(e)(e.name, _naive_instantiate(e.type, subst, off), _naive_instantiate(e.body, subst, off + 1), e.binfo)  # type: ignore[attr-defined,call-arg]
    if k == LET:
        return Let(e.name, _naive_instantiate(e.type, subst, off), _naive_instantiate(e.value, subst, off), _naive_instantiate(e.body, subst, off + 1))  # type: ignore[attr-defined]
    return e


def test_equals_instantiated_never_says_equal_wrongly_and_decides_closed_substitutions() -> None:
    from lantern.kernel.instantiate import equals_instantiated

    rng = random.Random(13)
    fvars = [FVar(("t", i), Name.of(f"a{i}")) for i in range(2)]
    decided = 0
    for _ in range(600):
        d = _random_term(rng, fvars, 4, 3)
        closed = rng.random() < 0.5  # closed values are never lifted: always decided
        subst = [_random_term(rng, fvars, 2, 0 if closed else rng.randint(0, 2)) for _ in range(rng.randint(1, 3))]
        built = instantiate_rev(d, subst)
        # The term itself, and near misses: another term, or one substituted differently.
        others = [built, _random_term(rng, fvars, 4, 2), instantiate_rev(d, subst[::-1])]
        for t in others:
            got = equals_instantiated(t, d, subst)
            if got:
                assert t == built
            elif closed:
                assert t != built
            decided += t == built and got
    assert decided > 300  # (the shortcut does answer most of the time)


def test_equals_instantiated_does_not_forget_lifting_under_a_binder() -> None:
    from lantern.kernel.instantiate import equals_instantiated

    d = Lam(Name.of("x"), NAT, BVar(1))  # `fun x => #1`: #1 is the substituted variable
    v = BVar(0)  # a value with a loose variable: under the binder it becomes #1
    assert instantiate_rev(d, [v]) == Lam(Name.of("x"), NAT, BVar(1))
    assert not equals_instantiated(Lam(Name.of("x"), NAT, BVar(0)), d, [v])
