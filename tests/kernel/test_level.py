"""Universe levels: normal forms, equivalence and ≥, as Lean's kernel decides them."""

from __future__ import annotations

import pytest

from lantern.kernel.level import (
    format_level,
    is_equiv,
    is_geq,
    is_not_zero,
    mk_imax,
    mk_max,
    mk_max_core,
    mk_imax_core,
    mk_param,
    mk_succ,
    normalize,
    of_nat,
    instantiate_level,
)
from lantern.kernel.name import Name

u, v, w = (mk_param(Name.of(x)) for x in "uvw")
zero, one, two = of_nat(0), of_nat(1), of_nat(2)


def test_levels_are_hash_consed() -> None:
    assert mk_succ(u) is mk_succ(u)
    assert mk_max_core(u, v) is mk_max_core(u, v)


@pytest.mark.parametrize(
    "a, b",
    [
        (mk_max_core(u, v), mk_max_core(v, u)),
        (mk_max_core(u, mk_max_core(v, w)), mk_max_core(mk_max_core(w, u), v)),
        (mk_max_core(u, u), u),
        (mk_max_core(mk_succ(u), u), mk_succ(u)),
        (mk_max_core(one, mk_succ(u)), mk_succ(u)),  # 1 ≤ u+1 is subsumed
        (mk_imax_core(u, zero), zero),
        (mk_imax_core(u, mk_succ(v)), mk_max_core(u, mk_succ(v))),
        (mk_imax_core(zero, u), u),
        (mk_succ(mk_max_core(u, v)), mk_max_core(mk_succ(v), mk_succ(u))),
    ],
)
def test_equivalent_levels(a, b) -> None:  # type: ignore[no-untyped-def]
    assert is_equiv(a, b)
    assert normalize(a) is normalize(b)


@pytest.mark.parametrize(
    "a, b",
    [(u, v), (u, mk_succ(u)), (mk_max_core(u, one), u), (mk_imax_core(u, v), mk_max_core(u, v)), (one, two)],
)
def test_inequivalent_levels(a, b) -> None:  # type: ignore[no-untyped-def]
    assert not is_equiv(a, b)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (mk_succ(u), u, True),
        (u, mk_succ(u), False),
        (mk_max_core(u, v), u, True),
        (u, mk_max_core(u, v), False),
        (u, zero, True),
        (two, one, True),
        (one, two, False),
        (mk_max_core(u, one), one, True),
        (mk_succ(mk_max_core(u, v)), mk_succ(v), True),
        (mk_imax_core(u, v), v, True),
        (v, mk_imax_core(u, v), False),
        (u, v, False),
        (one, mk_succ(u), False),  # 1 ≥ u+1 fails for u = 1: unsound if answered True
        (mk_succ(mk_succ(u)), one, True),  # u+2 ≥ 1 always
        (of_nat(3), mk_succ(mk_succ(u)), False),
    ],
)
def test_geq(a, b, expected: bool) -> None:  # type: ignore[no-untyped-def]
    assert is_geq(a, b) is expected


def test_not_zero() -> None:
    assert is_not_zero(mk_succ(u))
    assert is_not_zero(mk_max_core(u, one))
    assert not is_not_zero(u)
    assert not is_not_zero(mk_imax_core(one, u))
    assert is_not_zero(mk_imax_core(u, one))


def test_smart_constructors_simplify() -> None:
    assert mk_max(u, zero) is u
    assert mk_max(one, two) is two
    assert mk_imax(u, zero) is zero
    assert mk_imax(u, one) is mk_max(u, one)


def test_instantiate_and_format() -> None:
    l = mk_max_core(mk_succ(u), v)
    r = instantiate_level(l, {Name.of("u"): two, Name.of("v"): zero})
    assert is_equiv(r, of_nat(3))
    assert format_level(mk_succ(mk_succ(u))) == "u+2"
    assert format_level(l) == "max (u+1) v"
