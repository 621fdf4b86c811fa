"""Substitution on locally nameless terms: instantiate bound variables, abstract free variables,
shift loose indices, instantiate universe parameters.

Each traversal skips closed subterms (`lbr`, or the flags), and memoises on (node identity, binder
depth) so that shared subterms are visited once — terms produced by elaboration are DAGs, not trees.
The hot ones (`instantiate`, `abstract`, and `_replace_flagged` behind `instantiate_level_params`,
`substitute_fvars`, `replace_fvars`) are module functions with `_rebuild` inlined: they run hundreds
of thousands of times, mostly on terms of a few nodes, where making a closure per call was a large
part of the cost.
The others define a recursive closure and delete it when they return (`del go`): the helper refers to
itself through its closure, and breaking that cycle frees the memo table at once instead of at the
next cyclic garbage collection (a measured 3–7× on long telescopes; linters read the deletion as an
undefined name).
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
    _structurally_equal,
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
    if rev:
        subst = subst[::-1]
    # The memo: one dictionary per binder depth, keyed by node identity (the nodes are subterms of
    # `e`, alive throughout) — cheaper to probe than (node, depth) pairs.
    return _instantiate(e, 0, subst, n, [{}])


def _instantiate(x: Expr, off: int, subst: Sequence[Expr], n: int, caches: list[dict[int, Expr]]) -> Expr:
    """`instantiate` under `off` binders. The hottest traversal of the checker, and mostly run on
    small terms: a module function (no closure to make per call), `_rebuild` inlined, children
    visited only when they have loose variables in range (then they always change)."""
    k = x.kind
    if k == BVAR:
        i = x.idx - off  # type: ignore[attr-defined]
        if i >= n:
            return BVar(x.idx - n)  # type: ignore[attr-defined]
        v = subst[i]
        if not off or not v.lbr:
            return v
        cache = caches[off]
        r = cache.get(id(x))
        if r is None:
            r = cache[id(x)] = lift_loose_bvars(v, off)
        return r
    cache = caches[off]
    r = cache.get(id(x))
    if r is not None:
        return r
    if k == APP:
        f = x.fn  # type: ignore[attr-defined]
        a = x.arg  # type: ignore[attr-defined]
        if f.lbr > off:
            f = _instantiate(f, off, subst, n, caches)
        if a.lbr > off:
            if a.kind == BVAR:  # (the commonest leaf: without a call when no lifting is needed)
                i = a.idx - off  # type: ignore[attr-defined]
                if i >= n:
                    a = BVar(a.idx - n)  # type: ignore[attr-defined]
                elif not off or not subst[i].lbr:
                    a = subst[i]
                else:
                    a = _instantiate(a, off, subst, n, caches)
            else:
                a = _instantiate(a, off, subst, n, caches)
        r = App(f, a)
    elif k == LAM or k == PI:
        t = x.type  # type: ignore[attr-defined]
        b = x.body  # type: ignore[attr-defined]
        off1 = off + 1
        if off1 == len(caches):
            caches.append({})
        if t.lbr > off:
            t = _instantiate(t, off, subst, n, caches)
        if b.lbr > off1:
            b = _instantiate(b, off1, subst, n, caches)
        r = type(x)(x.name, t, b, x.binfo)  # type: ignore[attr-defined,call-arg]
    elif k == LET:
        t = x.type  # type: ignore[attr-defined]
        v = x.value  # type: ignore[attr-defined]
        b = x.body  # type: ignore[attr-defined]
        off1 = off + 1
        if off1 == len(caches):
            caches.append({})
        if t.lbr > off:
            t = _instantiate(t, off, subst, n, caches)
        if v.lbr > off:
            v = _instantiate(v, off, subst, n, caches)
        if b.lbr > off1:
            b = _instantiate(b, off1, subst, n, caches)
        r = Let(x.name, t, v, b, x.nondep)  # type: ignore[attr-defined]
    else:  # PROJ
        r = Proj(x.struct, x.idx, _instantiate(x.expr, off, subst, n, caches))  # type: ignore[attr-defined]
    cache[id(x)] = r
    return r


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
    return _abstract(e, 0, position, count, [{}])


def _abstract(x: Expr, off: int, position: Mapping[object, int], count: int, caches: list[dict[int, Expr]]) -> Expr:
    """`abstract_prefix` under `off` binders: `_replace` specialised (no leaf closure to call, the
    memo one dictionary per binder depth as in `_instantiate`), since closing binders over large
    bodies is the front end's commonest traversal. Only children with free variables are visited."""
    cache = caches[off]
    r = cache.get(id(x))
    if r is not None:
        return r
    k = x.kind
    if k == APP:
        f = x.fn  # type: ignore[attr-defined]
        a = x.arg  # type: ignore[attr-defined]
        f1 = _abstract(f, off, position, count, caches) if f.flags & HAS_FVAR else f
        a1 = _abstract(a, off, position, count, caches) if a.flags & HAS_FVAR else a
        r = x if f1 is f and a1 is a else App(f1, a1)
    elif k == FVAR:
        j = position.get(x.fid)  # type: ignore[attr-defined]
        r = x if j is None or j >= count else BVar(count - 1 - j + off)
    elif k == LAM or k == PI:
        t = x.type  # type: ignore[attr-defined]
        b = x.body  # type: ignore[attr-defined]
        off1 = off + 1
        if off1 == len(caches):
            caches.append({})
        t1 = _abstract(t, off, position, count, caches) if t.flags & HAS_FVAR else t
        b1 = _abstract(b, off1, position, count, caches) if b.flags & HAS_FVAR else b
        r = x if t1 is t and b1 is b else type(x)(x.name, t1, b1, x.binfo)  # type: ignore[attr-defined,call-arg]
    elif k == LET:
        t = x.type  # type: ignore[attr-defined]
        v = x.value  # type: ignore[attr-defined]
        b = x.body  # type: ignore[attr-defined]
        off1 = off + 1
        if off1 == len(caches):
            caches.append({})
        t1 = _abstract(t, off, position, count, caches) if t.flags & HAS_FVAR else t
        v1 = _abstract(v, off, position, count, caches) if v.flags & HAS_FVAR else v
        b1 = _abstract(b, off1, position, count, caches) if b.flags & HAS_FVAR else b
        r = x if t1 is t and v1 is v and b1 is b else Let(x.name, t1, v1, b1, x.nondep)  # type: ignore[attr-defined]
    elif k == PROJ:
        y = x.expr  # type: ignore[attr-defined]
        y1 = _abstract(y, off, position, count, caches)
        r = x if y1 is y else Proj(x.struct, x.idx, y1)  # type: ignore[attr-defined]
    else:
        r = x
    cache[id(x)] = r
    return r


def substitute_fvars(e: Expr, fvars: Sequence[Expr], values: Sequence[Expr]) -> Expr:
    """`instantiate_rev(abstract(e, fvars), values)` in one pass: each `fvars[k]` replaced by
    `values[k]` (whose loose bound variables are shifted under the binders it lands under). `e` must
    have no loose bound variables of its own."""
    assert e.lbr == 0 and len(fvars) == len(values)
    if not fvars or not (e.flags & HAS_FVAR):
        return e
    value_of = {f.fid: v for f, v in zip(fvars, values)}  # type: ignore[attr-defined]

    def leaf(x: Expr, off: int) -> Expr:
        if x.kind != FVAR:
            return x
        v = value_of.get(x.fid, x)  # type: ignore[attr-defined]
        return lift_loose_bvars(v, off) if off and v.lbr else v

    return _replace_flagged(e, HAS_FVAR, leaf, True)


def _replace_flagged(e: Expr, mask: int, leaf: Callable[[Expr, int], Expr], by_depth: bool) -> Expr:
    """Rebuild `e` with `leaf(x, depth)` for each leaf `x`, visiting only subterms whose flags meet
    `mask` and sharing unchanged nodes; memoised on node identity (and binder depth if `by_depth`:
    whether `leaf` depends on it)."""
    return _replace(e, 0, mask, leaf, by_depth, {})


def _replace(x: Expr, off: int, mask: int, leaf: Callable[[Expr, int], Expr], by_depth: bool, cache: dict) -> Expr:
    """`_replace_flagged` under `off` binders: a module function (hot, mostly on small terms) with
    `_rebuild` inlined."""
    key = (id(x), off) if by_depth else id(x)
    r = cache.get(key)
    if r is not None:
        return r
    k = x.kind
    if k == APP:
        f = x.fn  # type: ignore[attr-defined]
        a = x.arg  # type: ignore[attr-defined]
        f1 = _replace(f, off, mask, leaf, by_depth, cache) if f.flags & mask else f
        a1 = _replace(a, off, mask, leaf, by_depth, cache) if a.flags & mask else a
        r = x if f1 is f and a1 is a else App(f1, a1)
    elif k == LAM or k == PI:
        t = x.type  # type: ignore[attr-defined]
        b = x.body  # type: ignore[attr-defined]
        t1 = _replace(t, off, mask, leaf, by_depth, cache) if t.flags & mask else t
        b1 = _replace(b, off + 1, mask, leaf, by_depth, cache) if b.flags & mask else b
        r = x if t1 is t and b1 is b else type(x)(x.name, t1, b1, x.binfo)  # type: ignore[attr-defined,call-arg]
    elif k == LET:
        t = x.type  # type: ignore[attr-defined]
        v = x.value  # type: ignore[attr-defined]
        b = x.body  # type: ignore[attr-defined]
        t1 = _replace(t, off, mask, leaf, by_depth, cache) if t.flags & mask else t
        v1 = _replace(v, off, mask, leaf, by_depth, cache) if v.flags & mask else v
        b1 = _replace(b, off + 1, mask, leaf, by_depth, cache) if b.flags & mask else b
        r = x if t1 is t and v1 is v and b1 is b else Let(x.name, t1, v1, b1, x.nondep)  # type: ignore[attr-defined]
    elif k == PROJ:
        y = x.expr  # type: ignore[attr-defined]
        y1 = _replace(y, off, mask, leaf, by_depth, cache)
        r = x if y1 is y else Proj(x.struct, x.idx, y1)  # type: ignore[attr-defined]
    else:
        r = leaf(x, off)
    cache[key] = r
    return r


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

    def leaf(x: Expr, off: int) -> Expr:
        k = x.kind
        if k == SORT:
            return Sort(instantiate_level(x.level, subst))  # type: ignore[attr-defined]
        if k == CONST:
            return Const(x.name, tuple(instantiate_level(l, subst) for l in x.levels))  # type: ignore[attr-defined]
        return x

    return _replace_flagged(e, HAS_LPARAM, leaf, False)


def replace_fvars(e: Expr, mapping: Mapping[object, Expr]) -> Expr:
    """Replace free variables by closed terms, keyed by their `fid`."""
    if not mapping or not (e.flags & HAS_FVAR):
        return e

    def leaf(x: Expr, off: int) -> Expr:
        return mapping.get(x.fid, x) if x.kind == FVAR else x  # type: ignore[attr-defined]

    return _replace_flagged(e, HAS_FVAR, leaf, False)


def equals_instantiated(t: Expr, d: Expr, subst: Sequence[Expr]) -> bool:
    """Whether `t` is structurally equal to `instantiate_rev(d, subst)`, found without building the
    latter. True is exact; False may also mean "not decided here" (a substituted variable under a
    binder of `d`, which would need lifting), so the caller then builds the term and compares.

    The kernel asks this of each argument's type and its binder's domain: they agree syntactically
    almost always (~93% of substituted domains on the 300-function file), and the domain would be
    built only to be compared and dropped."""
    n = len(subst)
    stack = [(t, d, 0)]
    pop = stack.pop
    push = stack.append
    while stack:
        x, y, off = pop()
        if y.lbr <= off:  # nothing of `subst` in here: plain structural equality
            if x is not y and (x._hash != y._hash or not _structurally_equal(x, y)):
                return False
            continue
        k = y.kind
        if k == BVAR:
            i = y.idx - off  # type: ignore[attr-defined]
            if i >= n:
                if x.kind != BVAR or x.idx != y.idx - n:  # type: ignore[attr-defined]
                    return False
                continue
            v = subst[n - 1 - i]
            if off and v.lbr:
                return False  # (would be lifted: not decided here)
            if x is not v and (x._hash != v._hash or not _structurally_equal(x, v)):
                return False
            continue
        if x.kind != k:
            return False
        if k == APP:
            push((x.fn, y.fn, off))  # type: ignore[attr-defined]
            push((x.arg, y.arg, off))  # type: ignore[attr-defined]
        elif k == LAM or k == PI:
            push((x.type, y.type, off))  # type: ignore[attr-defined]
            push((x.body, y.body, off + 1))  # type: ignore[attr-defined]
        elif k == LET:
            push((x.type, y.type, off))  # type: ignore[attr-defined]
            push((x.value, y.value, off))  # type: ignore[attr-defined]
            push((x.body, y.body, off + 1))  # type: ignore[attr-defined]
        elif k == PROJ:
            if x.struct is not y.struct or x.idx != y.idx:  # type: ignore[attr-defined]
                return False
            push((x.expr, y.expr, off))  # type: ignore[attr-defined]
        else:  # (only the kinds above have loose bound variables)
            return False
    return True
