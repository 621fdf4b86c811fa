"""Names the kernel knows: the types with literal support, the `Nat` operations computed on Python
ints, the quotient package. Mirrors the constants Lean's kernel hard-codes."""

from __future__ import annotations

import math
from typing import Callable

from .name import Name

NAT = Name.of("Nat")
NAT_ZERO = Name.of("Nat.zero")
NAT_SUCC = Name.of("Nat.succ")
STRING = Name.of("String")
STRING_MK = Name.of("String.mk")
STRING_OF_LIST = Name.of("String.ofList")
CHAR = Name.of("Char")
CHAR_OF_NAT = Name.of("Char.ofNat")
LIST_NIL = Name.of("List.nil")
LIST_CONS = Name.of("List.cons")
BOOL = Name.of("Bool")
BOOL_TRUE = Name.of("Bool.true")
BOOL_FALSE = Name.of("Bool.false")
EQ = Name.of("Eq")
EQ_REFL = Name.of("Eq.refl")
QUOT = Name.of("Quot")
QUOT_MK = Name.of("Quot.mk")
QUOT_LIFT = Name.of("Quot.lift")
QUOT_IND = Name.of("Quot.ind")

# Lean's kernel refuses to compute `Nat.pow` with a huge exponent; so do we.
MAX_POW_EXPONENT = 1 << 24


def _sub(a: int, b: int) -> int:
    return a - b if a >= b else 0


def _div(a: int, b: int) -> int:
    return a // b if b else 0


def _mod(a: int, b: int) -> int:
    return a % b if b else a


def _shift_left(a: int, b: int) -> int:
    return a << b


NAT_BINOPS: dict[Name, Callable[[int, int], int]] = {
    Name.of("Nat.add"): lambda a, b: a + b,
    Name.of("Nat.sub"): _sub,
    Name.of("Nat.mul"): lambda a, b: a * b,
    Name.of("Nat.div"): _div,
    Name.of("Nat.mod"): _mod,
    Name.of("Nat.gcd"): math.gcd,
    Name.of("Nat.pow"): lambda a, b: a**b,
    Name.of("Nat.land"): lambda a, b: a & b,
    Name.of("Nat.lor"): lambda a, b: a | b,
    Name.of("Nat.xor"): lambda a, b: a ^ b,
    Name.of("Nat.shiftLeft"): _shift_left,
    Name.of("Nat.shiftRight"): lambda a, b: a >> b,
}
NAT_PREDICATES: dict[Name, Callable[[int, int], bool]] = {
    Name.of("Nat.beq"): lambda a, b: a == b,
    Name.of("Nat.ble"): lambda a, b: a <= b,
}
NAT_LOG2 = Name.of("Nat.log2")
NAT_POW = Name.of("Nat.pow")
NAT_SHIFT_LEFT = Name.of("Nat.shiftLeft")
