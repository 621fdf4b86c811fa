"""Lean's `kabstract`: abstract the occurrences of a pattern in a term, found by head symbol and
argument count and confirmed by unification (so `rw [h]` with `h : ?a + 0 = ?a` instantiates `?a` at
the first match and abstracts every occurrence equal to that instance)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.expr import CONST, FVAR, MVAR, PROJ, BVar, Expr, get_app_args
from lantern.kernel.instantiate import _rebuild

if TYPE_CHECKING:
    from ..term.elaborator import TermElab



def head_key(e: Expr) -> tuple[object, int] | None:
    head, args = get_app_args(e)
    if head.kind == CONST:
        return ("c", head.name), len(args)  # type: ignore[attr-defined]
    if head.kind == FVAR:
        return ("f", head.fid), len(args)  # type: ignore[attr-defined]
    if head.kind == PROJ:
        return ("p", head.idx), len(args)  # type: ignore[attr-defined]
    return None


def kabstract(te: "TermElab", e: Expr, pattern: Expr) -> tuple[Expr, int]:
    """`e` (closed) with the occurrences of `pattern` replaced by the bound variable of a new
    enclosing binder. Returns the result and the number of occurrences."""
    pattern = te.instantiate(pattern)
    key = head_key(pattern)
    count = 0

    def go(x: Expr, off: int) -> Expr:
        nonlocal count
        r = _rebuild(x, go, off)  # children first, as Lean does
        if x.lbr == 0 and _candidate(x, key, pattern):
            token = te.mctx.checkpoint()
            if te.is_def_eq(x, pattern):
                count += 1
                return BVar(off)
            te.mctx.rollback(token)
        return r

    result = go(te.instantiate(e), 0)
    del go
    return result, count


def _candidate(x: Expr, key: tuple[object, int] | None, pattern: Expr) -> bool:
    if key is None:
        return pattern.kind != MVAR and x == pattern
    return head_key(x) == key
