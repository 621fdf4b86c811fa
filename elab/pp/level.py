"""Universe levels as Lean prints them (`Level.PP`): `u`, `u + 1`, `max u v w` (nested `max`es on the
right flattened), `imax u v`, `?u.3` for metavariables; parenthesized in argument position."""

from __future__ import annotations

from lantern.kernel.level import IMAX, MAX, PARAM, SUCC, ZERO, Level, mk_max_core
from lantern.kernel.name import Name

MAX_PREC = 1024


def _result(l: Level) -> tuple:
    k = l.kind
    if k == ZERO:
        return ("num", 0)
    if k == SUCC:
        r = _result(l.a)  # type: ignore[arg-type]
        if r[0] == "offset":
            return ("offset", r[1], r[2] + 1)
        if r[0] == "num":
            return ("num", r[1] + 1)
        return ("offset", r, 1)
    if k in (MAX, IMAX):
        tag = "max" if k == MAX else "imax"
        a, b = _result(l.a), _result(l.b)  # type: ignore[arg-type]
        if b[0] == tag:
            return (tag, [a] + b[1])
        return (tag, [a, b])
    if k == PARAM:
        return ("leaf", str(l.a))
    return ("leaf", mvar_level_name(l.a))  # type: ignore[arg-type]


def mvar_level_name(n: Name) -> str:
    """`_u.3` (the elaborator's universe metavariables) prints as `?u.3`, as Lean's `_uniq.3`."""
    comps = n.components()
    if comps and comps[0] == "_u":
        return "?u" + "".join(f".{c}" for c in comps[1:])
    return f"?{n}"


def _quote(r: tuple, prec: int) -> str:
    tag = r[0]
    if tag == "leaf":
        return r[1]
    if tag == "num":
        return str(r[1])
    if tag == "offset":
        if r[2] == 0:
            return _quote(r[1], prec)
        s = f"{_quote(r[1], 65)} + {r[2]}"
    else:
        s = f"{tag} " + " ".join(_quote(x, MAX_PREC) for x in r[1])
    return f"({s})" if prec > 0 else s


def format_level(l: Level, prec: int = 0) -> str:
    return _quote(_result(l), prec)


def dec(l: Level) -> Level | None:
    """Lean's `Level.dec`: `l - 1` if it is syntactically a successor (used to print `Type u`)."""
    k = l.kind
    if k == SUCC:
        return l.a  # type: ignore[return-value]
    if k in (MAX, IMAX):
        a, b = dec(l.a), dec(l.b)  # type: ignore[arg-type]
        if a is None or b is None:
            return None
        return mk_max_core(a, b)
    return None


def format_sort(l: Level) -> tuple[str, bool]:
    """The text of `Sort l` and whether it takes an argument (`Type u`, `Sort u`: precedence `lead`)."""
    if l.kind == ZERO:
        return "Prop", False
    if l.kind == SUCC and l.a.kind == ZERO:  # type: ignore[union-attr]
        return "Type", False
    d = dec(l)
    if d is not None:
        return "Type " + format_level(d, MAX_PREC), True
    return "Sort " + format_level(l, MAX_PREC), True
