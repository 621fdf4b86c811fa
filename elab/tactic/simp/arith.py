"""Ground arithmetic on Nat numerals (Lean's simprocs `Nat.reduceAdd`, `Nat.reduceLTLE`, …): `2 + 2`
becomes `4`, `3 < 5` becomes `True`, `2 = 3` becomes `False`.

Values are computed in Python, but nothing is taken on trust: an operation's result is
definitionally equal to the operation (the kernel computes `Nat.add` and friends on literals), so
the step needs no proof; a comparison is proved by `decide`, whose evaluation the kernel redoes
(`eq_true_of_decide rfl`, `eq_false_of_decide rfl`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from lantern.kernel.expr import APP, CONST, Const, Expr, get_app_args, mk_app
from lantern.kernel.name import Name

from ...nat_literals import NAT, mk_nat, nat_value
from .proofs import FALSE, TRUE, Result

if TYPE_CHECKING:
    from .rewrite import Simp

# Operations whose result the kernel computes on literals: `HOp.hOp Nat Nat Nat inst a b`.
BINOPS: dict[Name, Callable[[int, int], int]] = {
    Name.of("HAdd.hAdd"): lambda a, b: a + b,
    Name.of("HSub.hSub"): lambda a, b: max(a - b, 0),
    Name.of("HMul.hMul"): lambda a, b: a * b,
    Name.of("HDiv.hDiv"): lambda a, b: a // b if b else 0,
    Name.of("HMod.hMod"): lambda a, b: a % b if b else a,
    Name.of("HPow.hPow"): lambda a, b: a ** b,
}
# The same on `Nat.add a b`, … (what unfolding an instance leaves).
RAW_BINOPS: dict[Name, Name] = {Name.of(f"Nat.{op}"): Name.of(h) for op, h in
                                (("add", "HAdd.hAdd"), ("sub", "HSub.hSub"), ("mul", "HMul.hMul"), ("pow", "HPow.hPow"))}
MAX_POW_EXPONENT = 1 << 16
# `decide` is evaluated by the kernel through `Nat.decLe`'s recursion: keep comparisons small.
MAX_DECIDE = 1 << 12

N_SUCC = Name.of("Nat.succ")
RELATIONS = {Name.of("LT.lt"): (lambda a, b: a < b), Name.of("LE.le"): (lambda a, b: a <= b),
             Name.of("GT.gt"): (lambda a, b: a > b), Name.of("GE.ge"): (lambda a, b: a >= b)}
N_EQ = Name.of("Eq")
N_BEQ = Name.of("BEq.beq")
N_NAT_BEQ = Name.of("Nat.beq")
BOOL_TRUE, BOOL_FALSE = Const(Name.of("Bool.true")), Const(Name.of("Bool.false"))


def _is_nat(e: Expr) -> bool:
    return e.kind == CONST and e.name is NAT  # type: ignore[attr-defined]


def reduce_nat(simp: "Simp", e: Expr) -> Result | None:
    """One ground step at the head of `e`, or None."""
    if e.kind != APP:
        return None
    head, args = get_app_args(e)
    if head.kind != CONST:
        return None
    name = head.name  # type: ignore[attr-defined]
    n = len(args)
    if n == 6 and name in BINOPS and _is_nat(args[0]) and _is_nat(args[1]) and _is_nat(args[2]):
        return _binop(name, args[4], args[5])
    if n == 2 and name in RAW_BINOPS:
        return _binop(RAW_BINOPS[name], args[0], args[1])
    if n == 1 and name is N_SUCC:
        v = nat_value(args[0])
        return Result(mk_nat(v + 1)) if v is not None else None
    if n == 4 and name in RELATIONS and _is_nat(args[0]):
        a, b = nat_value(args[2]), nat_value(args[3])
        if a is None or b is None or max(a, b) > MAX_DECIDE:
            return None
        return _decided(simp, e, RELATIONS[name](a, b))
    if n == 3 and name is N_EQ and _is_nat(args[0]):
        a, b = nat_value(args[1]), nat_value(args[2])
        if a is None or b is None or a == b:
            return None  # equal sides: `eq_self`
        return _decided(simp, e, False)
    if (n == 4 and name is N_BEQ and _is_nat(args[0])) or (n == 2 and name is N_NAT_BEQ):
        a, b = nat_value(args[-2]), nat_value(args[-1])
        if a is None or b is None:
            return None
        return Result(BOOL_TRUE if a == b else BOOL_FALSE)  # `Nat.beq` computes in the kernel
    return None


def _binop(name: Name, x: Expr, y: Expr) -> Result | None:
    a, b = nat_value(x), nat_value(y)
    if a is None or b is None:
        return None
    if name is Name.of("HPow.hPow") and b > MAX_POW_EXPONENT:
        return None
    return Result(mk_nat(BINOPS[name](a, b)))


def _decided(simp: "Simp", p: Expr, value: bool) -> Result | None:
    """`p = True` or `p = False`, proved by evaluating `decide p` in the kernel."""
    te = simp.te
    inst_type = mk_app(Const(Name.of("Decidable")), [p])
    token = te.mctx.checkpoint()
    inst = te.synth_instance(inst_type)
    if inst is None:
        te.mctx.rollback(token)
        return None
    inst = te.instantiate(inst)
    if simp.config.dsimp:
        return None  # not a definitional step
    refl = mk_app(Const(Name.of("Eq.refl"), (simp.proofs.level_of_type(Const(Name.of("Bool"))),)),
                  [Const(Name.of("Bool")), BOOL_TRUE if value else BOOL_FALSE])
    lemma = "eq_true_of_decide" if value else "eq_false_of_decide"
    return Result(TRUE if value else FALSE, mk_app(Const(Name.of(lemma)), [p, inst, refl]))
