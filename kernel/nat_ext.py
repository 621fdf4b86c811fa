"""When may the kernel compute `Nat` operations on Python ints?

Lean's kernel recognises `Nat.add`, `Nat.mul`, … by name. An export is untrusted, so a file that
defines `Nat.add x y := x` would make literal arithmetic disagree with unfolding, and the two together
prove `4 = 2`. Lantern therefore turns the extension on for an operation only once its definition is
verified to satisfy its defining equations *definitionally*, with free variables (these are `rfl`
theorems in Lean's core: `Nat.add_succ`, `Nat.mul_succ`, `Nat.pow_succ`, …). Any function that
satisfies them computes, on numerals, exactly what Python computes, so the extension adds speed and no
power. Operations whose definitions are by well-founded recursion (`div`, `mod`, `gcd`, the bitwise
ones, `log2`) cannot be checked this way; for them only the type is checked, as DIVERGENCES.md says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from . import builtins as B
from .declaration import ConstructorInfo, InductiveInfo
from .errors import KernelError
from .expr import App, Const, Expr, Pi, mk_app
from .name import Name

if TYPE_CHECKING:
    from .type_checker import TypeChecker

NAT_TYPE = Const(B.NAT)
ZERO = Const(B.NAT_ZERO)
PRED = Name.of("Nat.pred")
ADD, SUB, MUL, POW = (Name.of(f"Nat.{op}") for op in ("add", "sub", "mul", "pow"))
BEQ, BLE = Name.of("Nat.beq"), Name.of("Nat.ble")
TRUE, FALSE = Const(B.BOOL_TRUE), Const(B.BOOL_FALSE)


def succ(e: Expr) -> Expr:
    return App(Const(B.NAT_SUCC), e)


def op(name: Name, *args: Expr) -> Expr:
    return mk_app(Const(name), args)


# name ↦ (operations it is defined from, equations as a function of two free variables n m)
Equations = Callable[[Expr, Expr], list[tuple[Expr, Expr]]]
EQUATIONS: dict[Name, tuple[tuple[Name, ...], Equations]] = {
    PRED: ((), lambda n, m: [(op(PRED, ZERO), ZERO), (op(PRED, succ(n)), n)]),
    ADD: ((), lambda n, m: [(op(ADD, n, ZERO), n), (op(ADD, n, succ(m)), succ(op(ADD, n, m)))]),
    SUB: ((PRED,), lambda n, m: [(op(SUB, n, ZERO), n), (op(SUB, n, succ(m)), op(PRED, op(SUB, n, m)))]),
    MUL: ((ADD,), lambda n, m: [(op(MUL, n, ZERO), ZERO), (op(MUL, n, succ(m)), op(ADD, op(MUL, n, m), n))]),
    POW: ((MUL,), lambda n, m: [(op(POW, n, ZERO), succ(ZERO)), (op(POW, n, succ(m)), op(MUL, op(POW, n, m), n))]),
    BEQ: ((), lambda n, m: [
        (op(BEQ, ZERO, ZERO), TRUE), (op(BEQ, ZERO, succ(m)), FALSE),
        (op(BEQ, succ(n), ZERO), FALSE), (op(BEQ, succ(n), succ(m)), op(BEQ, n, m)),
    ]),
    BLE: ((), lambda n, m: [
        (op(BLE, ZERO, m), TRUE), (op(BLE, succ(n), ZERO), FALSE), (op(BLE, succ(n), succ(m)), op(BLE, n, m)),
    ]),
}


def nat_is_standard(env: object) -> bool:
    """`Nat` is the inductive type with `Nat.zero : Nat` and `Nat.succ : Nat → Nat`. Remembered once
    true (constants are never replaced); asked for every literal."""
    verdicts = env.nat_ext_verdicts  # type: ignore[attr-defined]
    if verdicts.get(B.NAT):
        return True
    ok = _nat_is_standard(env)
    if ok:
        verdicts[B.NAT] = True
    return ok


def _nat_is_standard(env: object) -> bool:
    nat = env.find(B.NAT)  # type: ignore[attr-defined]
    zero, succ_ = env.find(B.NAT_ZERO), env.find(B.NAT_SUCC)  # type: ignore[attr-defined]
    return (
        isinstance(nat, InductiveInfo)
        and nat.level_params == () and nat.num_params == 0 and nat.num_indices == 0
        and nat.ctors == (B.NAT_ZERO, B.NAT_SUCC) and nat.all == (B.NAT,)
        and isinstance(zero, ConstructorInfo) and zero.type == NAT_TYPE
        and isinstance(succ_, ConstructorInfo) and succ_.type == Pi(B.NAT, NAT_TYPE, NAT_TYPE)
    )


def expected_type(name: Name) -> Expr:
    result = Const(B.BOOL) if name in B.NAT_PREDICATES else NAT_TYPE
    if name in (B.NAT_LOG2, PRED):
        return Pi(Name.of("n"), NAT_TYPE, result)
    return Pi(Name.of("n"), NAT_TYPE, Pi(Name.of("m"), NAT_TYPE, result))


def verify(tc: "TypeChecker", name: Name) -> bool:
    """Whether `name` may be computed on literals in `tc`'s environment (see the module docstring).
    The verdict is remembered by the environment once it can no longer change."""
    verdicts: dict[Name, bool] = tc.env.nat_ext_verdicts  # type: ignore[attr-defined]
    found = verdicts.get(name)
    if found is not None:
        return found
    info = tc.env.find(name)
    if info is None or not nat_is_standard(tc.env) or info.level_params or info.type != expected_type(name):
        return False  # not remembered: the constant may still be declared later
    if name in (BEQ, BLE) and not (B.BOOL in tc.env and tc.env.find(B.BOOL_TRUE) and tc.env.find(B.BOOL_FALSE)):
        return False
    spec = EQUATIONS.get(name)
    if spec is None:  # well-founded definitions: trusted by name and type, as in Lean
        verdicts[name] = True
        return True
    deps, equations = spec
    if not all(verify(tc, d) for d in deps):
        return False
    verdicts[name] = False  # while the equations are checked, the operation is computed by unfolding
    from .type_checker import TypeChecker  # (imported here: type_checker imports this module)

    checker = TypeChecker(tc.env)  # a fresh kernel checker: the equations are closed but for n, m
    n = checker.lctx.mk_local(Name.of("n"), NAT_TYPE)
    m = checker.lctx.mk_local(Name.of("m"), NAT_TYPE)
    try:
        ok = all(checker.is_def_eq(lhs, rhs) for lhs, rhs in equations(n, m))
    except KernelError:  # an ill-typed definition cannot satisfy them
        ok = False
    verdicts[name] = ok
    return ok
