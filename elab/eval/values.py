"""How values look at run time, and the few helpers every other module shares.

Compiled code manipulates plain Python objects, chosen so that the common cases cost nothing:

- `Nat` and `Int` are Python `int`s, `String` is `str`, `Char` is its code point (an `int`);
- a type whose constructors carry no data (`Bool`, `Decidable p`, `Unit`, enumerations) is its
  constructor index, an `int` (natives may answer a `bool`, which is an `int` too);
- any other constructor application is a tuple `(cidx, field₀, field₁, …)`: parameters are not
  stored, fields that are types or proofs hold `ERASED`;
- functions are one-argument Python callables (curried); known-arity calls bypass the currying;
- types and proofs are `ERASED`, which is callable (applying an erased function gives `ERASED`) so
  that erased code never needs a special case.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

Value = Any
Code = Callable[[tuple], Value]  # compiled term: frame of bound-variable values ↦ value


class _Erased:
    """The value of a type or a proof: it carries no information and is never inspected."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "◾"

    def __call__(self, _arg: object) -> "_Erased":
        return self


ERASED = _Erased()


class TailCall:
    """What a self-call in tail position returns instead of recursing: the caller's loop (see
    `globals.Global`) restarts the body with these arguments, so tail-recursive `partial def`s run in
    constant Python stack."""

    __slots__ = ("args",)

    def __init__(self, args: tuple) -> None:
        self.args = args


def apply_all(f: Value, args: Sequence[Value]) -> Value:
    for a in args:
        f = f(a)
    return f


def curry(n: int, run: Callable[[tuple], Value], acc: tuple = ()) -> Value:
    """A curried function of `n` more arguments that calls `run(acc + args)` once it has them all."""
    if n == 0:
        return run(acc)

    def take(x: Value) -> Value:
        return curry(n - 1, run, acc + (x,))

    return take


# -- lists and strings ---------------------------------------------------------------------------------
# `List` uses the generic layout: `(0,)` is `[]`, `(1, head, tail)` is `head :: tail`.

NIL: tuple = (0,)


def list_to_python(v: Value) -> list:
    """The elements of a list value, without recursion."""
    out = []
    while v[0]:
        out.append(v[1])
        v = v[2]
    return out


def python_to_list(items: Sequence[Value]) -> tuple:
    acc: tuple = NIL
    for x in reversed(items):
        acc = (1, x, acc)
    return acc


def str_to_list(s: str) -> tuple:
    acc: tuple = NIL
    for ch in reversed(s):
        acc = (1, ord(ch), acc)
    return acc


def list_to_str(v: Value) -> str:
    out = []
    while v[0]:
        out.append(chr(v[1]))
        v = v[2]
    return "".join(out)


def int_to_decimal(n: int) -> str:
    """`str(n)` without Python's limit on the digits of a conversion (a factorial prints whole)."""
    if n < 0:
        return "-" + int_to_decimal(-n)
    if n.bit_length() < 12_000:  # well under the default limit of 4300 digits
        return str(n)
    half = int(n.bit_length() * 0.30102999566398) // 2
    hi, lo = divmod(n, 10**half)
    return int_to_decimal(hi) + int_to_decimal(lo).zfill(half)
