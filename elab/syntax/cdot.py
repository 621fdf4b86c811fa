"""`(· + 1)` is `fun x => x + 1` (Lean's cdot function expansion): each `·` inside a pair of
parentheses, but not inside nested ones, becomes a parameter of a function made at those
parentheses, in order of appearance — `x` for one, `x1 x2 …` for several, as Lean names them."""

from __future__ import annotations

from typing import Callable

from lantern.kernel.record import field_names, is_record, replace

from . import tree as T

INACCESSIBLE = "✝"  # the parameters' names cannot be written, so the user's names are never captured


def _map_cdots(x: object, f: Callable[[T.CDot], object]) -> object:
    """`x` with each of its own `·` replaced by `f(·)`; nested parentheses keep theirs."""
    if isinstance(x, T.CDot):
        return f(x)
    if isinstance(x, (T.Paren, T.By)):
        return x
    if isinstance(x, tuple):
        new = tuple(_map_cdots(y, f) for y in x)
        return x if all(a is b for a, b in zip(new, x)) else new
    if is_record(x) and not isinstance(x, (T.Span, type)):
        changes = {}
        for name in field_names(x):
            old = getattr(x, name)
            if isinstance(old, tuple) or is_record(old):
                new = _map_cdots(old, f)
                if new is not old:
                    changes[name] = new
        return replace(x, **changes) if changes else x
    return x


def expand_cdots(term: T.Term) -> T.Term | None:
    """The function `fun x₁ … xₙ => term[·ᵢ := xᵢ]`, or None when `term` has no `·` of its own."""
    found: list[T.CDot] = []
    _map_cdots(term, lambda c: found.append(c) or c)
    if not found:
        return None
    names = ["x" + INACCESSIBLE] if len(found) == 1 else [f"x{i + 1}{INACCESSIBLE}" for i in range(len(found))]
    it = iter(names)
    body = _map_cdots(term, lambda c: T.Ident(c.span, next(it)))
    binders = tuple(T.Binder(term.span, (n,), None) for n in names)  # type: ignore[attr-defined]
    return T.Fun(term.span, binders, body)  # type: ignore[arg-type, attr-defined]
