"""A fixed total order on terms, for rewriting with permutation lemmas (Lean's `Expr.lt`).

`simp [Nat.add_comm]` may rewrite `a + b` to `b + a` only when the result is smaller, so the rewriting
stops, and `x + y` and `y + x` reach the same normal form. The order follows Lean's kernel
`is_lt`: first the kind of node (bound variable < free variable < metavariable < sort < constant <
application < λ < Π < let < literal < projection), then the parts left to right; free variables
in the order they were introduced, constants by name.
"""

from __future__ import annotations

from lantern.kernel.expr import APP, BVAR, CONST, FVAR, LAM, LET, MVAR, NATLIT, PI, PROJ, SORT, STRLIT, Expr

_RANK = {BVAR: 0, FVAR: 1, MVAR: 2, SORT: 3, CONST: 4, APP: 5, LAM: 6, PI: 7, LET: 8, NATLIT: 9, STRLIT: 9, PROJ: 10}


def _id_key(x: object) -> tuple:
    """Ids of free variables and metavariables are `("e", n)` tuples or ints: order them by creation."""
    if isinstance(x, tuple):
        return tuple((0, p) if isinstance(p, int) else (1, str(p)) for p in x)
    if isinstance(x, int):
        return ((0, x),)
    return ((1, str(x)),)


def compare(a: Expr, b: Expr) -> int:
    """-1, 0 or 1 as `a` is smaller than, equal to or greater than `b`."""
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if x is y:
            continue
        rx, ry = _RANK[x.kind], _RANK[y.kind]
        if rx != ry:
            return -1 if rx < ry else 1
        k = x.kind
        if k == APP:
            # Compare the functions first, then the arguments (pushed last is compared first).
            stack.append((x.arg, y.arg))  # type: ignore[attr-defined]
            stack.append((x.fn, y.fn))  # type: ignore[attr-defined]
            continue
        if k == LAM or k == PI:
            stack.append((x.body, y.body))  # type: ignore[attr-defined]
            stack.append((x.type, y.type))  # type: ignore[attr-defined]
            continue
        if k == LET:
            stack.append((x.body, y.body))  # type: ignore[attr-defined]
            stack.append((x.value, y.value))  # type: ignore[attr-defined]
            stack.append((x.type, y.type))  # type: ignore[attr-defined]
            continue
        if k == PROJ:
            c = _cmp((str(x.struct), x.idx), (str(y.struct), y.idx))  # type: ignore[attr-defined]
            if c:
                return c
            stack.append((x.expr, y.expr))  # type: ignore[attr-defined]
            continue
        c = _leaf_compare(x, y)
        if c:
            return c
    return 0


def _leaf_compare(x: Expr, y: Expr) -> int:
    k = x.kind
    if k == BVAR:
        return _cmp(x.idx, y.idx)  # type: ignore[attr-defined]
    if k == FVAR:
        return _cmp(_id_key(x.fid), _id_key(y.fid))  # type: ignore[attr-defined]
    if k == MVAR:
        return _cmp(_id_key(x.mid), _id_key(y.mid))  # type: ignore[attr-defined]
    if k == SORT:
        return _cmp(str(x.level), str(y.level))  # type: ignore[attr-defined]
    if k == CONST:
        c = _cmp(str(x.name), str(y.name))  # type: ignore[attr-defined]
        return c if c else _cmp(tuple(map(str, x.levels)), tuple(map(str, y.levels)))  # type: ignore[attr-defined]
    if k == NATLIT or k == STRLIT:
        vx, vy = x.value, y.value  # type: ignore[attr-defined]
        if type(vx) is not type(vy):
            return -1 if isinstance(vx, int) else 1
        return _cmp(vx, vy)
    return 0


def _cmp(a: object, b: object) -> int:
    return -1 if a < b else (1 if a > b else 0)  # type: ignore[operator]


def term_lt(a: Expr, b: Expr) -> bool:
    return compare(a, b) < 0
