"""A term seen as a constructor application — what matching, equation lemmas, `injection`, `cases`
and `simp` all need to tell constructors apart and take their fields. `Nat` numerals count as
constructor applications, as in Lean: `0` is `Nat.zero`, `3` is `Nat.succ 2`, `n + 1` is
`Nat.succ n` (the field kept readable: `n`, not an unfolding)."""

from __future__ import annotations

from lantern.kernel.declaration import ConstructorInfo
from lantern.kernel.environment import Environment
from lantern.kernel.expr import CONST, NATLIT, Expr, NatLit, get_app_args
from lantern.kernel.name import Name
from lantern.kernel.record import record

from .nat_literals import mk_add, mk_nat, nat_value, offset

NAT_ZERO = Name.of("Nat.zero")
NAT_SUCC = Name.of("Nat.succ")


@record(frozen=True, slots=True)
class CtorApp:
    ctor: ConstructorInfo
    levels: tuple
    params: list[Expr]
    fields: list[Expr]


def constructor_app(env: Environment, e: Expr) -> CtorApp | None:
    """`e` as written (no reduction) as a constructor applied to all its parameters and fields."""
    v = nat_value(e)
    if v is not None:
        if v == 0:
            return _nat_ctor(env, None)
        return _nat_ctor(env, NatLit(v - 1) if e.kind == NATLIT else mk_nat(v - 1))
    o = offset(e)
    if o is not None:
        return _nat_ctor(env, mk_add(o[0], o[1] - 1))
    head, args = get_app_args(e)
    if head.kind != CONST:
        return None
    info = env.find(head.name)  # type: ignore[attr-defined]
    if isinstance(info, ConstructorInfo) and len(args) == info.num_params + info.num_fields:
        return CtorApp(info, head.levels, list(args[: info.num_params]), list(args[info.num_params :]))  # type: ignore[attr-defined]
    return None


def _nat_ctor(env: Environment, pred: Expr | None) -> CtorApp | None:
    info = env.find(NAT_ZERO if pred is None else NAT_SUCC)
    if not isinstance(info, ConstructorInfo):
        return None
    return CtorApp(info, (), [], [] if pred is None else [pred])
