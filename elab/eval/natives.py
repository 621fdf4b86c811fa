"""Built-in operations computed on Python values, chosen by name as Lean's compiler chooses its
`@[extern]` implementations.

A native replaces a constant only if the constant has the expected type (argument and result types
by name, no implicit arguments) and the types involved have their Python layout. For the `Nat`
operations the kernel computes on literals, the kernel's own verification (`nat_ext.verify`: the
definition satisfies the defining equations definitionally) is required as well, so `#eval` and
`#reduce` agree; the other operations are trusted by name and type, like Lean's `@[extern]`s (they
only affect what `#eval` prints, never what is proved).
"""

from __future__ import annotations

import math
import operator
from typing import Callable, Optional

from lantern.kernel import builtins as B
from lantern.kernel import nat_ext
from lantern.kernel.declaration import ConstantInfo, ConstructorInfo, InductiveInfo, RecursorInfo
from lantern.kernel.expr import CONST, PI, Expr, get_app_fn
from lantern.kernel.name import Name
from lantern.kernel.record import record
from lantern.kernel.type_checker import TypeChecker

from . import layout as L
from ..pp.delab import quote_char, quote_string
from . import format_value
from .errors import EvalError
from .values import Value, int_to_decimal, list_to_python, str_to_list

MAX_RESULT_BITS = 1 << 27  # ~16 MB numbers; beyond that `#eval` reports an error instead of thrashing


@record(frozen=True, slots=True)
class Native:
    name: Name
    arity: int
    fn: Callable[..., Value]


def _too_large(op: str) -> EvalError:
    return EvalError(f"'{op}' would produce a number with more than {MAX_RESULT_BITS} bits")


def _pow(a: int, b: int) -> int:
    if a > 1 and b * a.bit_length() > MAX_RESULT_BITS:
        raise _too_large("Nat.pow")
    return a**b


def _int_pow(a: int, b: int) -> int:
    if abs(a) > 1 and b * a.bit_length() > MAX_RESULT_BITS:
        raise _too_large("Int.pow")
    return a**b


def _shift_left(a: int, b: int) -> int:
    if a and b > MAX_RESULT_BITS:
        raise _too_large("Nat.shiftLeft")
    return a << b


# Integer division as Lean defines it; division by zero gives 0 and leaves the remainder unchanged.
def _ediv(a: int, b: int) -> int:
    return 0 if b == 0 else (a - a % abs(b)) // b


def _emod(a: int, b: int) -> int:
    return a if b == 0 else a % abs(b)


def _tdiv(a: int, b: int) -> int:
    if b == 0:
        return 0
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def _tmod(a: int, b: int) -> int:
    return a if b == 0 else a - b * _tdiv(a, b)


def _fdiv(a: int, b: int) -> int:
    return 0 if b == 0 else a // b


def _fmod(a: int, b: int) -> int:
    return a if b == 0 else a % b


def _char_of_nat(n: int) -> int:
    return n if n < 0xD800 or 0xDFFF < n < 0x110000 else 0


# name ↦ (argument types, result type, implementation)
_BY_SHAPE: dict[str, tuple[tuple[str, ...], str, Callable[..., Value]]] = {
    "Nat.pred": (("Nat",), "Nat", lambda a: a - 1 if a else 0),
    "Nat.blt": (("Nat", "Nat"), "Bool", operator.lt),
    "Nat.decEq": (("Nat", "Nat"), "Decidable", operator.eq),
    "Nat.decLt": (("Nat", "Nat"), "Decidable", operator.lt),
    "Nat.decLe": (("Nat", "Nat"), "Decidable", operator.le),
    "Nat.min": (("Nat", "Nat"), "Nat", min),
    "Nat.max": (("Nat", "Nat"), "Nat", max),
    "Nat.lcm": (("Nat", "Nat"), "Nat", lambda a, b: a * b // math.gcd(a, b) if a and b else 0),
    "Nat.repr": (("Nat",), "String", int_to_decimal),
    "Int.neg": (("Int",), "Int", lambda a: -a),
    "Int.add": (("Int", "Int"), "Int", lambda a, b: a + b),
    "Int.sub": (("Int", "Int"), "Int", lambda a, b: a - b),
    "Int.mul": (("Int", "Int"), "Int", lambda a, b: a * b),
    "Int.natAbs": (("Int",), "Nat", abs),
    "Int.toNat": (("Int",), "Nat", lambda a: a if a > 0 else 0),
    "Int.ediv": (("Int", "Int"), "Int", _ediv),
    "Int.emod": (("Int", "Int"), "Int", _emod),
    "Int.tdiv": (("Int", "Int"), "Int", _tdiv),
    "Int.tmod": (("Int", "Int"), "Int", _tmod),
    "Int.fdiv": (("Int", "Int"), "Int", _fdiv),
    "Int.fmod": (("Int", "Int"), "Int", _fmod),
    "Int.pow": (("Int", "Nat"), "Int", _int_pow),
    "Int.decEq": (("Int", "Int"), "Decidable", lambda a, b: a == b),
    "Int.decLt": (("Int", "Int"), "Decidable", lambda a, b: a < b),
    "Int.decLe": (("Int", "Int"), "Decidable", lambda a, b: a <= b),
    "Int.subNatNat": (("Nat", "Nat"), "Int", lambda a, b: a - b),
    "Int.negOfNat": (("Nat",), "Int", lambda a: -a),
    "Int.repr": (("Int",), "String", int_to_decimal),
    "String.length": (("String",), "Nat", len),
    "String.append": (("String", "String"), "String", lambda a, b: a + b),
    "String.push": (("String", "Char"), "String", lambda s, c: s + chr(c)),
    "String.singleton": (("Char",), "String", chr),
    "String.decEq": (("String", "String"), "Decidable", lambda a, b: a == b),
    "String.toList": (("String",), "List", str_to_list),
    "String.join": (("List",), "String", lambda l: "".join(list_to_python(l))),
    "String.intercalate": (("String", "List"), "String", lambda s, l: s.join(list_to_python(l))),
    "Char.ofNat": (("Nat",), "Char", _char_of_nat),
    "Char.toNat": (("Char",), "Nat", lambda c: c),
    "Char.quote": (("Char",), "String", lambda c: "'" + quote_char(chr(c), False) + "'"),
    "String.quote": (("String",), "String", quote_string),
    "List.asString": (("List",), "String", lambda l: "".join(map(chr, list_to_python(l)))),
}
_BY_SHAPE_NAMES = {Name.of(k): v for k, v in _BY_SHAPE.items()}

_VERIFIED: dict[Name, Callable[..., Value]] = {
    **B.NAT_BINOPS,
    Name.of("Nat.add"): operator.add,  # C-level functions where they agree with Lean's definitions
    Name.of("Nat.mul"): operator.mul,
    Name.of("Nat.land"): operator.and_,
    Name.of("Nat.lor"): operator.or_,
    Name.of("Nat.xor"): operator.xor,
    Name.of("Nat.shiftRight"): operator.rshift,
    Name.of("Nat.gcd"): math.gcd,
    Name.of("Nat.beq"): operator.eq,
    Name.of("Nat.ble"): operator.le,
    Name.of("Nat.pow"): _pow,
    Name.of("Nat.shiftLeft"): _shift_left,
    **B.NAT_PREDICATES,
    B.NAT_LOG2: lambda a: a.bit_length() - 1 if a > 0 else 0,
}

# The layout each type named in a shape must have, and the constructor order the Python value
# encodes (`False`/`True` are 0/1).
_REQUIRED = {
    "Nat": (L.NAT, None),
    "Int": (L.INT, None),
    "String": (L.STRING, None),
    "Char": (L.CHAR, None),
    "Bool": (L.ENUM, (B.BOOL_FALSE, B.BOOL_TRUE)),
    "Decidable": (L.ENUM, (Name.of("Decidable.isFalse"), Name.of("Decidable.isTrue"))),
    "List": (L.CTOR, (B.LIST_NIL, B.LIST_CONS)),
}


def native_for(env: object, info: ConstantInfo, layout_of: Callable[[Name], Optional[L.Layout]]) -> Optional[Native]:
    """The native implementation of `info`, if it has one and may be used in `env`."""
    if isinstance(info, (ConstructorInfo, InductiveInfo, RecursorInfo)):
        return None
    name = info.name
    fn = _VERIFIED.get(name)
    if fn is not None:
        tc = TypeChecker(env)  # type: ignore[arg-type]
        if not nat_ext.verify(tc, name):
            return None
        shape = (("Nat",), "Nat") if name is B.NAT_LOG2 else (
            ("Nat", "Nat"), "Bool" if name in B.NAT_PREDICATES else "Nat")
        if not _layouts_ok(shape, layout_of):
            return None
        return Native(name, len(shape[0]), fn)
    if name is format_value.PRETTY:
        return _format_pretty(info, layout_of)
    spec = _BY_SHAPE_NAMES.get(name)
    if spec is None:
        return None
    args, result, fn = spec
    if info.level_params or not _has_shape(info.type, args, result) or not _layouts_ok((args, result), layout_of):
        return None
    return Native(name, len(args), fn)


def _format_pretty(info: ConstantInfo, layout_of: Callable[[Name], Optional[L.Layout]]) -> Optional[Native]:
    """`Std.Format.pretty (f : Format) (w : Nat := 120) : String` (a `partial def` in Lean, opaque
    here): Lean's layout algorithm, run by the pretty printer's engine on the `Format` value."""
    t = info.type
    shape_ok = (
        not info.level_params and t.kind == PI and _head_is(t.type, "Std.Format")  # type: ignore[attr-defined]
        and t.body.kind == PI and _head_is(_strip_opt_param(t.body.type), "Nat")  # type: ignore[attr-defined]
        and _head_is(t.body.body, "String")  # type: ignore[attr-defined]
    )
    lay = format_value.layout_ok(layout_of) if shape_ok else None
    if lay is None or not _layouts_ok((("Nat",), "String"), layout_of):
        return None
    return Native(info.name, 2, lambda f, w: format_value.pretty(f, lay, w))


def _strip_opt_param(t: Expr) -> Expr:
    """`optParam T v` ↦ `T` (the type of a binder with a default value)."""
    from lantern.kernel.expr import get_app_args

    f, args = get_app_args(t)
    if f.kind == CONST and str(f.name) == "optParam" and len(args) == 2:  # type: ignore[attr-defined]
        return args[0]
    return t


def _has_shape(t: Expr, args: tuple[str, ...], result: str) -> bool:
    for a in args:
        if t.kind != PI or t.binfo != 0 or not _head_is(t.type, a):  # type: ignore[attr-defined]
            return False
        t = t.body  # type: ignore[attr-defined]
    return _head_is(t, result)


def _head_is(t: Expr, name: str) -> bool:
    f = get_app_fn(t)
    return f.kind == CONST and str(f.name) == name  # type: ignore[attr-defined]


def _layouts_ok(shape: tuple[tuple[str, ...], str], layout_of: Callable[[Name], Optional[L.Layout]]) -> bool:
    for tname in {*shape[0], shape[1]}:
        kind, order = _REQUIRED[tname]
        lay = layout_of(Name.of(tname))
        if lay is None or lay.kind != kind:
            return False
        if order is not None and tuple(c.name for c in lay.ctors) != order:
            return False
    return True

