"""Nat numerals in their several spellings. Elaborated numerals are `@OfNat.ofNat Nat n (instOfNatNat n)`;
the kernel and some definitions produce raw literals `n` and `Nat.zero`. Simp, the constructor
view (`ctor_app.py`) and the tactics treat them as the same number (they are definitionally equal)
and write the numerals they make in the elaborated form, which is what the user wrote and what the
pretty printer shows as `n`."""

from __future__ import annotations

from lantern.kernel.expr import APP, CONST, NATLIT, Const, Expr, NatLit, get_app_args, mk_app
from lantern.kernel.level import mk_zero
from lantern.kernel.name import Name

NAT = Name.of("Nat")
NAT_ZERO = Name.of("Nat.zero")
OF_NAT = Name.of("OfNat.ofNat")
INST_OF_NAT_NAT = Name.of("instOfNatNat")
NAT_TYPE = Const(NAT)


def nat_value(e: Expr) -> int | None:
    """The number `e` spells, if it is a Nat numeral."""
    k = e.kind
    if k == NATLIT:
        return e.value  # type: ignore[attr-defined]
    if k == CONST:
        return 0 if e.name is NAT_ZERO else None  # type: ignore[attr-defined]
    if k != APP:
        return None
    # `OfNat.ofNat Nat lit inst`, read off the spine without collecting it (this is asked of every
    # application simp and the discrimination trees look at).
    f = e.fn  # type: ignore[attr-defined]
    if f.kind != APP:
        return None
    lit = f.arg  # type: ignore[attr-defined]
    if lit.kind != NATLIT:
        return None
    f = f.fn  # type: ignore[attr-defined]
    if f.kind != APP:
        return None
    head, ty = f.fn, f.arg  # type: ignore[attr-defined]
    if head.kind == CONST and head.name is OF_NAT and ty.kind == CONST and ty.name is NAT:  # type: ignore[attr-defined]
        return lit.value  # type: ignore[attr-defined]
    return None


def mk_nat(n: int) -> Expr:
    """`(n : Nat)` as the elaborator writes it."""
    lit = NatLit(n)
    return mk_app(Const(OF_NAT, (mk_zero(),)), [NAT_TYPE, lit, mk_app(Const(INST_OF_NAT_NAT), [lit])])


N_SUCC = Name.of("Nat.succ")
N_HADD = Name.of("HAdd.hAdd")


def offset(e: Expr) -> tuple[Expr, int] | None:
    """`t + k` with `k > 0` a numeral, or `Nat.succ t` (`t + 1`), as `(t, k)` (nested ones added up);
    None for anything else. Simp matches `Nat.succ ?n` against `x + 1` and `?n + 1` against
    `Nat.succ x`, as Lean's unifier does for these offsets."""
    base, k = e, 0
    while base.kind == APP:
        fn = base.fn  # type: ignore[attr-defined]
        if fn.kind == CONST:
            if fn.name is not N_SUCC:  # type: ignore[attr-defined]
                break
            base, k = base.arg, k + 1  # type: ignore[attr-defined]
            continue
        v = nat_value(base.arg)  # type: ignore[attr-defined]
        if v is None or v == 0:  # (the common case: no `+ k`, and nothing collected)
            break
        head, args = get_app_args(base)
        if (head.kind == CONST and head.name is N_HADD and len(args) == 6  # type: ignore[attr-defined]
                and args[0].kind == CONST and args[0].name is NAT and args[1].kind == CONST and args[1].name is NAT):  # type: ignore[attr-defined]
            base, k = args[4], k + v
            continue
        break
    return (base, k) if k > 0 and nat_value(base) is None else None


def mk_add(base: Expr, k: int) -> Expr:
    """`base + k` as the elaborator writes it (`base` itself for `k = 0`)."""
    if k == 0:
        return base
    inst = mk_app(Const(Name.of("instHAdd"), (mk_zero(),)), [NAT_TYPE, Const(Name.of("instAddNat"))])
    z = mk_zero()
    return mk_app(Const(N_HADD, (z, z, z)), [NAT_TYPE, NAT_TYPE, NAT_TYPE, inst, base, mk_nat(k)])
