"""Building and recognising the kernel terms `omega` works with: the prelude's arithmetic, the lemmas
of `Omega.ltn` (namespace `Lean.Omega`), literals and lists. Terms are built fully explicit (every
implicit argument given), so the kernel never has to infer anything when it checks the proof."""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from lantern.kernel.expr import APP, CONST, NATLIT, App, Const, Expr, NatLit, get_app_args, mk_app
from lantern.kernel.level import mk_succ, mk_zero
from lantern.kernel.name import Name

N = Name.of
ZERO, ONE = mk_zero(), mk_succ(mk_zero())

NAT = Const(N("Nat"))
INT = Const(N("Int"))
LIST_NAT = App(Const(N("List"), (ZERO,)), NAT)
FALSE, TRUE = Const(N("False")), Const(N("True"))
TRUE_INTRO = Const(N("True.intro"))


def omega(name: str) -> Const:
    """A constant of `Omega.ltn`."""
    return Const(N("Lean.Omega." + name))


def nat_list(xs: Sequence[int]) -> Expr:
    """A `List Nat` literal of raw numerals (what `addL`, `scaleL`, … evaluate to). Shared: the same
    list is the same object, so the kernel's caches find it by identity instead of comparing it."""
    return _nat_list(tuple(xs))


@lru_cache(maxsize=4096)
def _nat_list(xs: tuple[int, ...]) -> Expr:
    if not xs:
        return App(Const(N("List.nil"), (ZERO,)), NAT)
    return mk_app(Const(N("List.cons"), (ZERO,)), [NAT, NatLit(xs[0]), _nat_list(xs[1:])])


def expr_list(ty: Expr, xs: Sequence[Expr]) -> Expr:
    nil = App(Const(N("List.nil"), (ZERO,)), ty)
    cons = App(Const(N("List.cons"), (ZERO,)), ty)
    r: Expr = nil
    for x in reversed(xs):
        r = mk_app(cons, [x, r])
    return r


# -- logic --------------------------------------------------------------------------------------------


def mk_not(p: Expr) -> Expr:
    return App(Const(N("Not")), p)


def and_left(p: Expr, q: Expr, h: Expr) -> Expr:
    return mk_app(Const(N("And.left")), [p, q, h])


def and_right(p: Expr, q: Expr, h: Expr) -> Expr:
    return mk_app(Const(N("And.right")), [p, q, h])


def and_intro(p: Expr, q: Expr, hp: Expr, hq: Expr) -> Expr:
    return mk_app(Const(N("And.intro")), [p, q, hp, hq])


def or_elim(p: Expr, q: Expr, c: Expr, h: Expr, left: Expr, right: Expr) -> Expr:
    return mk_app(Const(N("Or.elim")), [p, q, c, h, left, right])


def eq_symm(ty: Expr, a: Expr, b: Expr, h: Expr) -> Expr:
    return mk_app(Const(N("Eq.symm"), (ONE,)), [ty, a, b, h])


def eq_refl_nat(n: int) -> Expr:
    return mk_app(Const(N("Eq.refl"), (ONE,)), [NAT, NatLit(n)])


# -- recognising applications ---------------------------------------------------------------------


def app_of(e: Expr, name: str, nargs: int) -> list[Expr] | None:
    """The arguments of `e` if it is `name a₁ … aₙ` with exactly `nargs` arguments."""
    if e.kind != APP:
        return None
    fn, args = get_app_args(e)
    if fn.kind == CONST and fn.name is N(name) and len(args) == nargs:  # type: ignore[attr-defined]
        return args
    return None


def is_const(e: Expr, name: str) -> bool:
    return e.kind == CONST and e.name is N(name)  # type: ignore[attr-defined]


def numeral(e: Expr, ty: str) -> int | None:
    """The value of a numeral of type `ty` (`Nat` or `Int`): `OfNat.ofNat ty n inst` with the prelude's
    instance, a raw literal or `Nat.zero` (for `Nat`)."""
    if ty == "Nat":
        if e.kind == NATLIT:
            return e.value  # type: ignore[attr-defined]
        if is_const(e, "Nat.zero"):
            return 0
    args = app_of(e, "OfNat.ofNat", 3)
    if args is None or not is_const(args[0], ty) or args[1].kind != NATLIT:
        return None
    inst = app_of(args[2], "instOfNatNat" if ty == "Nat" else "instOfNatInt", 1)
    return args[1].value if inst is not None else None  # type: ignore[attr-defined]


def int_numeral(e: Expr) -> int | None:
    """A (possibly negated) `Int` numeral: `n`, `-n`, `Int.ofNat n`, `↑n`."""
    n = numeral(e, "Int")
    if n is not None:
        return n
    args = app_of(e, "Int.ofNat", 1)
    if args is not None:
        return numeral(args[0], "Nat")
    args = app_of(e, "Nat.cast", 3)
    if args is not None and is_const(args[0], "Int") and is_const(args[1], "instNatCastInt"):
        return numeral(args[2], "Nat")
    args = app_of(e, "Neg.neg", 3)
    if args is not None and is_const(args[0], "Int") and is_const(args[1], "instNegInt"):
        n = numeral(args[2], "Int")
        return None if n is None else -n
    return None


def nat_op(cls: str, a: Expr, b: Expr) -> Expr:
    """`a ∘ b` on `Nat` with the prelude's instance, as the elaborator writes it."""
    op = cls[1:]
    inst = mk_app(Const(N(f"instH{op}"), (ZERO,)), [NAT, Const(N(f"inst{op}Nat"))])
    return mk_app(Const(N(f"{cls}.h{op}"), (ZERO, ZERO, ZERO)), [NAT, NAT, NAT, inst, a, b])


def int_op(cls: str, a: Expr, b: Expr) -> Expr:
    """`a ∘ b` on `Int` with the prelude's instance (`/`, `%` are `Int.instDivInt`, `Int.instModInt`)."""
    op = cls[1:]
    inst_name = f"Int.inst{op}Int" if op in ("Div", "Mod") else f"inst{op}Int"
    inst = mk_app(Const(N(f"instH{op}"), (ZERO,)), [INT, Const(N(inst_name))])
    return mk_app(Const(N(f"{cls}.h{op}"), (ZERO, ZERO, ZERO)), [INT, INT, INT, inst, a, b])


def int_lit(k: int) -> Expr:
    """The `Int` numeral `k` (`-n` for a negative one), as the elaborator writes it."""
    n = mk_app(Const(N("OfNat.ofNat"), (ZERO,)), [INT, NatLit(abs(k)), App(Const(N("instOfNatInt")), NatLit(abs(k)))])
    return n if k >= 0 else int_neg(n)


def int_neg(a: Expr) -> Expr:
    return mk_app(Const(N("Neg.neg"), (ZERO,)), [INT, Const(N("instNegInt")), a])


def nat_cast_int(a: Expr) -> Expr:
    """`(↑a : Int)` for `a : Nat`."""
    return mk_app(Const(N("Nat.cast"), (ZERO,)), [INT, Const(N("instNatCastInt")), a])


def mk_int_add(a: Expr, b: Expr) -> Expr:
    return int_op("HAdd", a, b)


def mk_int_mul(a: Expr, b: Expr) -> Expr:
    return int_op("HMul", a, b)


def int_le(a: Expr, b: Expr) -> Expr:
    return mk_app(Const(N("LE.le"), (ZERO,)), [INT, Const(N("instLEInt")), a, b])


def int_lt(a: Expr, b: Expr) -> Expr:
    return mk_app(Const(N("LT.lt"), (ZERO,)), [INT, Const(N("instLTInt")), a, b])


def int_eq(a: Expr, b: Expr) -> Expr:
    return mk_app(Const(N("Eq"), (ONE,)), [INT, a, b])


def nat_add(a: Expr, b: Expr) -> Expr:
    return nat_op("HAdd", a, b)


def nat_mul(a: Expr, b: Expr) -> Expr:
    return nat_op("HMul", a, b)


def nat_le(a: Expr, b: Expr) -> Expr:
    return mk_app(Const(N("LE.le"), (ZERO,)), [NAT, Const(N("instLENat")), a, b])


def nat_lt(a: Expr, b: Expr) -> Expr:
    return mk_app(Const(N("LT.lt"), (ZERO,)), [NAT, Const(N("instLTNat")), a, b])


def nat_eq(a: Expr, b: Expr) -> Expr:
    return mk_app(Const(N("Eq"), (ONE,)), [NAT, a, b])


def mk_and(p: Expr, q: Expr) -> Expr:
    return mk_app(Const(N("And")), [p, q])


def mk_or(p: Expr, q: Expr) -> Expr:
    return mk_app(Const(N("Or")), [p, q])


RAW_INT = {"Div": "ediv", "Mod": "emod"}  # the functions `/`, `%` on `Int` unfold to


def binop(e: Expr, cls: str, ty: str) -> tuple[Expr, Expr] | None:
    """`(a, b)` if `e` is `a ∘ b` for the heterogeneous operator class `cls` (`HAdd`, …) on `ty`, with
    the prelude's instance (`instHAdd ty instAddTy`, …), or the function it unfolds to (`Nat.add a b`)."""
    op = cls[1:]  # Add, Sub, Mul, Div, Mod
    raw = app_of(e, f"{ty}.{RAW_INT.get(op, op.lower()) if ty == 'Int' else op.lower()}", 2)
    if raw is not None:
        return raw[0], raw[1]
    args = app_of(e, f"{cls}.h{op}", 6)
    if args is None or not (is_const(args[0], ty) and is_const(args[1], ty) and is_const(args[2], ty)):
        return None
    inst = app_of(args[3], f"instH{op}", 2)
    inst_name = f"Int.inst{op}Int" if ty == "Int" and op in ("Div", "Mod") else f"inst{op}{ty}"
    if inst is None or not is_const(inst[0], ty) or not is_const(inst[1], inst_name):
        return None
    return args[4], args[5]


def canonical_nat_atom(t: Expr) -> Expr:
    """`a - b`, `a / b`, `a % b` as the elaborator writes them (not `Nat.sub a b`, …), so that an atom
    is the same whichever way it was written, and its facts are about it."""
    for cls in ("HSub", "HDiv", "HMod"):
        if app_of(t, f"Nat.{cls[1:].lower()}", 2) is not None:
            a, b = binop(t, cls, "Nat")  # type: ignore[misc]
            return nat_op(cls, a, b)
    return t


def canonical_int_atom(t: Expr) -> Expr:
    """`x / k`, `x % k` on `Int` as the elaborator writes them (not `Int.ediv x k`, …), a numeral `k` as
    `int_lit` writes it."""
    for cls in ("HDiv", "HMod"):
        ab = binop(t, cls, "Int")
        if ab is not None:
            k = int_numeral(ab[1])  # `x / ↑3` and `x / 3` are the same atom
            return int_op(cls, ab[0], ab[1] if k is None else int_lit(k))
    return t
