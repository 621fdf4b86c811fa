"""Substitution on locally nameless terms: instantiate bound variables, abstract free variables,
shift loose indices, instantiate universe parameters.

Each traversal skips closed subterms (`lbr`), and memoises on (node identity, binder depth) so that
shared subterms are visited once — terms produced by elaboration are DAGs, not trees. Each traversal
deletes its recursive helper when it returns (`del go`): the helper refers to itself through its
closure, and breaking that cycle frees the memo table at once instead of at the next cyclic garbage
collection (a measured 3–7× on long telescopes; linters read the deletion as an undefined name).
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

from .expr import (
    APP,
    BVAR,
    CONST,
    FVAR,
    HAS_FVAR,
    HAS_LPARAM,
    LAM,
    LET,
    PI,
    PROJ,
    SORT,
    App,
    BVar,
    Const,
    Expr,
    Let,
    Proj,
    Sort,
)
from .level import Level, instantiate_level
from .name import Name


def _rebuild(e: Expr, go: Callable[[Expr, int], Expr], off: int) -> Expr:
    """Apply `go` to the children of `e` (binder bodies at `off + 1`), sharing unchanged nodes."""
    k = e.kind
    if k == APP:
        f, a = go(e.fn, off), go(e.arg, off)  # type: ignore[attr-defined]
        return e if f is e.fn and a is e.arg else App(f, a)  # type: ignore[attr-defined]
    if k == LAM or k == PI:
        t, b = go(e.type, off), go(e.body, off + 1)  # type: ignore[attr-defined]
        if t is e.type and b is e.body:  # type: ignore[attr-defined]
            return e
        return type(e)(e.name, t, b, e.binfo)  # type: ignore[attr-defined,call-arg]
    if k == LET:
        t, v, b = go(e.type, off), go(e.value, off), go(e.body, off + 1)  # type: ignore[attr-defined]
        if t is e.type and v is e.value and b is e.body:  # type: ignore[attr-defined]
            return e
        return Let(e.name, t, v, b, e.nondep)  # type: ignore[attr-defined]
    if k == PROJ:
        x = go(e.expr, off)  # type: ignore[attr-defined]
        return e if x is e.expr else Proj(e.struct, e.idx, x)  # type: ignore[attr-defined]
    return e


def lift_loose_bvars(e: Expr, d: int, start: int = 0) -> Expr:
    """Add `d` to every loose bound variable with index ≥ `start`."""
    if d == 0 or e.lbr <= start:
        return e
    cache: dict[tuple[int, int], Expr] = {}

    def go(x: Expr, off: int) -> Expr:
        if x.lbr <= start + off:
            return x
        key = (id(x), off)
        r = cache.get(key)
        if r is None:
            r = BVar(x.idx + d) if x.kind == BVAR else _rebuild(x, go, off)  # type: ignore[attr-defined]  # noqa: F821
            cache[key] = r
        return r

    try:
        return go(e, 0)
    finally:
        del go  # break the self-reference (see `instantiate`)


def lower_loose_bvars(e: Expr, d: int, start: int) -> Expr:
    """Subtract `d` from every loose bound variable with index ≥ `start` (those below `start - d`
    must not occur)."""
    if d == 0 or e.lbr <= start:
        return e
    cache: dict[tuple[int, int], Expr] = {}

    def go(x: Expr, off: int) -> Expr:
        if x.lbr <= start + off:
            return x
        key = (id(x), off)
        r = cache.get(key)
        if r is None:
            r = BVar(x.idx - d) if x.kind == BVAR else _rebuild(x, go, off)  # type: ignore[attr-defined]  # noqa: F821
            cache[key] = r
        return r

    try:
        return go(e, 0)
    finally:
        del go  # break the self-reference (see `instantiate`)


def instantiate(e: Expr, subst: Sequence[Expr], rev: bool = False) -> Expr:
    """Replace loose `#i` by `subst[i]` (by `subst[len(subst) - 1 - i]` if `rev`) for
    `i < len(subst)`, and `#i` by `#(i - len(subst))` beyond."""
    n = len(subst)
    if n == 0 or e.lbr == 0:
        return e
    cache: dict[tuple[int, int], Expr] = {}

    def go(x: Expr, off: int) -> Expr:
        if x.lbr <= off:
            return x
        key = (id(x), off)
        r = cache.get(key)
        if r is None:
            if x.kind == BVAR:
                i = x.idx - off  # type: ignore[attr-defined]
                if i < n:
                    v = subst[n - 1 - i] if rev else subst[i]
                    r = lift_loose_bvars(v, off) if off and v.lbr else v
                else:
                    r = BVar(x.idx - n)  # type: ignore[attr-defined]
            else:
                r = _rebuild(x, go, off)  # noqa: F821 (`go` is deleted only once the traversal is done)
            cache[key] = r
        return r

    try:
        return go(e, 0)
    finally:
        del go  # `go` refers to itself: break the cycle so the memo is freed now, not by the GC


def instantiate1(e: Expr, v: Expr) -> Expr:
    return instantiate(e, (v,))


def instantiate_rev(e: Expr, subst: Sequence[Expr]) -> Expr:
    """Replace loose `#i` by `subst[len(subst) - 1 - i]`: `subst` lists the variables outermost first."""
    return instantiate(e, subst, rev=True)


def abstract(e: Expr, fvars: Sequence[Expr]) -> Expr:
    """Replace `fvars[k]` by the bound variable that `instantiate_rev(·, fvars)` would put back:
    the last one becomes `#0` (shifted by the binder depth)."""
    return abstract_prefix(e, {f.fid: k for k, f in enumerate(fvars)}, len(fvars))  # type: ignore[attr-defined]


def abstract_prefix(e: Expr, position: Mapping[object, int], count: int) -> Expr:
    """`abstract(e, fvars[:count])` given `position`, the index in `fvars` of each fvar id: lets a
    caller closing a long telescope build the index once instead of once per binder."""
    if count == 0 or not (e.flags & HAS_FVAR):
        return e
    cache: dict[tuple[int, int], Expr] = {}

    def go(x: Expr, off: int) -> Expr:
        if not (x.flags & HAS_FVAR):
            return x
        key = (id(x), off)
        r = cache.get(key)
        if r is None:
            if x.kind == FVAR:
                j = position.get(x.fid)  # type: ignore[attr-defined]
                r = x if j is None or j >= count else BVar(count - 1 - j + off)
            else:
                r = _rebuild(x, go, off)  # noqa: F821 (`go` is deleted only once the traversal is done)
            cache[key] = r
        return r

    try:
        return go(e, 0)
    finally:
        del go  # break the self-reference (see `instantiate`)


def has_loose_bvar(e: Expr, i: int) -> bool:
    """Whether the loose bound variable `#i` occurs in `e`."""
    stack = [(e, i)]
    seen: set[tuple[int, int]] = set()
    while stack:
        x, j = stack.pop()
        if x.lbr <= j or (id(x), j) in seen:
            continue
        seen.add((id(x), j))
        k = x.kind
        if k == BVAR:
            if x.idx == j:  # type: ignore[attr-defined]
                return True
        elif k == APP:
            stack.append((x.fn, j))  # type: ignore[attr-defined]
            stack.append((x.arg, j))  # type: ignore[attr-defined]
        elif k == LAM or k == PI:
            stack.append((x.type, j))  # type: ignore[attr-defined]
            stack.append((x.body, j + 1))  # type: ignore[attr-defined]
        elif k == LET:
            stack.append((x.type, j))  # type: ignore[attr-defined]
            stack.append((x.value, j))  # type: ignore[attr-defined]
            stack.append((x.body, j + 1))  # type: ignore[attr-defined]
        elif k == PROJ:
            stack.append((x.expr, j))  # type: ignore[attr-defined]
    return False


def instantiate_level_params(e: Expr, names: Sequence[Name], levels: Sequence[Level]) -> Expr:
    """Replace the universe parameters `names` by `levels` everywhere in `e`."""
    if not names or not (e.flags & HAS_LPARAM):
        return e
    subst: Mapping[Name, Level] = dict(zip(names, levels))
    cache: dict[int, Expr] = {}

    def go(x: Expr, off: int) -> Expr:
        if not (x.flags & HAS_LPARAM):
            return x
        r = cache.get(id(x))
        if r is None:
            k = x.kind
            if k == SORT:
                r = Sort(instantiate_level(x.level, subst))  # type: ignore[attr-defined]
            elif k == CONST:
                r = Const(x.name, tuple(instantiate_level(l, subst) for l in x.levels))  # type: ignore[attr-defined]
            else:
                r = _rebuild(x, go, off)  # noqa: F821 (`go` is deleted only once the traversal is done)
            cache[id(x)] = r
        return r

    try:
        return go(e, 0)
    finally:
        del go  # break the self-reference (see `instantiate`)


def replace_fvars(e: Expr, mapping: Mapping[object, Expr]) -> Expr:
    """Replace free variables by closed terms, keyed by their `fid`."""
    if not mapping or not (e.flags & HAS_FVAR):
        return e
    cache: dict[tuple[int, int], Expr] = {}

    def go(x: Expr, off: int) -> Expr:
        if not (x.flags & HAS_FVAR):
            return x
        key = (id(x), off)
        r = cache.get(key)
        if r is None:
            r = mapping.get(x.fid, x) if x.kind == FVAR else _rebuild(x, go, off)  # type: ignore[attr-defined]  # noqa: F821
            cache[key] = r
        return r

    try:
        return go(e, 0)
    finally:
        del go  # break the self-reference (see `instantiate`)
