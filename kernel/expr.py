"""Terms of Lean 4's type theory, immutable, with data cached at construction.

Every node caches, bottom-up and therefore without recursion:
- `_hash`: a structural hash (binder names and binder infos are ignored, as in Lean's `==`);
- `lbr`: the loose-bound-variable range — one more than the largest loose de Bruijn index, so a
  node with `lbr == 0` is closed and substitution skips it;
- `flags`: whether the term has free variables, metavariables, universe parameters.

Bound variables are de Bruijn indices; free variables (locally nameless) carry a unique id. Metavariables
exist for the front end's sake; the kernel rejects them.
"""

from __future__ import annotations

from typing import Iterator, Sequence

from .level import Level
from .name import ANONYMOUS, Name

# Node kinds.
BVAR, FVAR, MVAR, SORT, CONST, APP, LAM, PI, LET, NATLIT, STRLIT, PROJ = range(12)

# Binder infos (not part of equality).
DEFAULT, IMPLICIT, STRICT_IMPLICIT, INST_IMPLICIT = range(4)

# Flag bits.
HAS_FVAR, HAS_EMVAR, HAS_LMVAR, HAS_LPARAM = 1, 2, 4, 8


class Expr:
    """Pickled through the constructors (`__reduce__`), so the cached hash and data are computed
    again in the loading process: string hashing differs between processes."""

    __slots__ = ("_hash", "lbr", "flags")
    kind: int

    _hash: int
    lbr: int
    flags: int

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Expr) or self._hash != other._hash:
            return False
        return _structurally_equal(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    @property
    def has_fvar(self) -> bool:
        return bool(self.flags & HAS_FVAR)

    @property
    def has_mvar(self) -> bool:
        return bool(self.flags & (HAS_EMVAR | HAS_LMVAR))

    @property
    def has_level_param(self) -> bool:
        return bool(self.flags & HAS_LPARAM)

    def __repr__(self) -> str:
        from .format import format_expr

        return format_expr(self)


def _level_flags(levels: Sequence[Level]) -> int:
    f = 0
    for l in levels:
        if l.has_param:
            f |= HAS_LPARAM
        if l.has_mvar:
            f |= HAS_LMVAR
    return f


class BVar(Expr):
    __slots__ = ("idx",)
    kind = BVAR

    def __init__(self, idx: int) -> None:
        self.idx = idx
        self._hash = hash((BVAR, idx))
        self.lbr = idx + 1
        self.flags = 0

    def __reduce__(self) -> tuple:
        return (BVar, (self.idx,))


class FVar(Expr):
    """A free variable; `fid` identifies it, `name` is only for printing."""

    __slots__ = ("fid", "name")
    kind = FVAR

    def __init__(self, fid: object, name: Name = ANONYMOUS) -> None:
        self.fid = fid
        self.name = name
        self._hash = hash((FVAR, fid))
        self.lbr = 0
        self.flags = HAS_FVAR

    def __reduce__(self) -> tuple:
        return (FVar, (self.fid, self.name))


class MVar(Expr):
    __slots__ = ("mid",)
    kind = MVAR

    def __init__(self, mid: object) -> None:
        self.mid = mid
        self._hash = hash((MVAR, mid))
        self.lbr = 0
        self.flags = HAS_EMVAR

    def __reduce__(self) -> tuple:
        return (MVar, (self.mid,))


# Sorts and constants are shared (hash-consed): `Sort l` and `Const n ls` return one node per
# level(s), so the copies the checker meets all the time (`Nat`, `List.{0}`, `Type`) are found in the
# caches by identity instead of by a structural comparison. Levels and names are interned forever
# already; nodes with universe metavariables (the front end's, unboundedly many) are not shared.
_SORTS: dict[Level, "Sort"] = {}
_CONSTS: dict[tuple[Name, tuple[Level, ...]], "Const"] = {}


class Sort(Expr):
    __slots__ = ("level",)
    kind = SORT
    level: Level

    def __new__(cls, level: Level) -> "Sort":
        found = _SORTS.get(level)
        if found is not None:
            return found
        self = object.__new__(cls)
        self.level = level
        self._hash = hash((SORT, level))
        self.lbr = 0
        self.flags = _level_flags((level,))
        if not level.has_mvar:
            _SORTS[level] = self
        return self

    def __reduce__(self) -> tuple:
        return (Sort, (self.level,))


class Const(Expr):
    __slots__ = ("name", "levels")
    kind = CONST
    name: Name
    levels: tuple[Level, ...]

    def __new__(cls, name: Name, levels: tuple[Level, ...] = ()) -> "Const":
        key = (name, levels)
        found = _CONSTS.get(key)
        if found is not None:
            return found
        self = object.__new__(cls)
        self.name = name
        self.levels = levels
        self._hash = hash((CONST, name, levels))
        self.lbr = 0
        self.flags = _level_flags(levels) if levels else 0
        if not (self.flags & HAS_LMVAR):
            _CONSTS[key] = self
        return self

    def __reduce__(self) -> tuple:
        return (Const, (self.name, self.levels))


class App(Expr):
    __slots__ = ("fn", "arg")
    kind = APP

    def __init__(self, fn: Expr, arg: Expr) -> None:
        # (The most frequently run constructor: each field read once, the kind as a literal.)
        self.fn = fn
        self.arg = arg
        self._hash = hash((5, fn._hash, arg._hash))  # 5 == APP
        f = fn.lbr
        a = arg.lbr
        self.lbr = f if f > a else a
        self.flags = fn.flags | arg.flags

    def __reduce__(self) -> tuple:
        return (App, (self.fn, self.arg))


class Binding(Expr):
    """`fun (name : type) => body` or `(name : type) → body`."""

    __slots__ = ("name", "type", "body", "binfo")

    def __init__(self, name: Name, type: Expr, body: Expr, binfo: int = DEFAULT) -> None:
        self.name = name
        self.type = type
        self.body = body
        self.binfo = binfo
        self._hash = hash((self.kind, type._hash, body._hash))
        b = body.lbr - 1
        self.lbr = type.lbr if type.lbr > b else b
        self.flags = type.flags | body.flags

    def __reduce__(self) -> tuple:
        return (type(self), (self.name, self.type, self.body, self.binfo))


class Lam(Binding):
    __slots__ = ()
    kind = LAM


class Pi(Binding):
    __slots__ = ()
    kind = PI


class Let(Expr):
    __slots__ = ("name", "type", "value", "body", "nondep")
    kind = LET

    def __init__(self, name: Name, type: Expr, value: Expr, body: Expr, nondep: bool = False) -> None:
        self.name = name
        self.type = type
        self.value = value
        self.body = body
        self.nondep = nondep
        self._hash = hash((LET, type._hash, value._hash, body._hash))
        self.lbr = max(type.lbr, value.lbr, body.lbr - 1)
        self.flags = type.flags | value.flags | body.flags

    def __reduce__(self) -> tuple:
        return (Let, (self.name, self.type, self.value, self.body, self.nondep))


class NatLit(Expr):
    __slots__ = ("value",)
    kind = NATLIT

    def __init__(self, value: int) -> None:
        if value < 0:
            raise ValueError("natural number literal must be non-negative")
        self.value = value
        self._hash = hash((NATLIT, value))
        self.lbr = 0
        self.flags = 0

    def __reduce__(self) -> tuple:
        return (NatLit, (self.value,))


class StrLit(Expr):
    __slots__ = ("value",)
    kind = STRLIT

    def __init__(self, value: str) -> None:
        self.value = value
        self._hash = hash((STRLIT, value))
        self.lbr = 0
        self.flags = 0

    def __reduce__(self) -> tuple:
        return (StrLit, (self.value,))


class Proj(Expr):
    """`e.idx` for a value `e` of the structure `struct` (fields numbered from 0)."""

    __slots__ = ("struct", "idx", "expr")
    kind = PROJ

    def __init__(self, struct: Name, idx: int, expr: Expr) -> None:
        if idx < 0:
            raise ValueError("projection index must be non-negative")
        self.struct = struct
        self.idx = idx
        self.expr = expr
        self._hash = hash((PROJ, struct, idx, expr._hash))
        self.lbr = expr.lbr
        self.flags = expr.flags

    def __reduce__(self) -> tuple:
        return (Proj, (self.struct, self.idx, self.expr))


# ---------------------------------------------------------------------------------------------
# Equality without recursion (terms can be deeper than Python's stack).


def _children(e: Expr) -> tuple[Expr, ...]:
    k = e.kind
    if k == APP:
        return (e.fn, e.arg)  # type: ignore[attr-defined]
    if k == LAM or k == PI:
        return (e.type, e.body)  # type: ignore[attr-defined]
    if k == LET:
        return (e.type, e.value, e.body)  # type: ignore[attr-defined]
    if k == PROJ:
        return (e.expr,)  # type: ignore[attr-defined]
    return ()


MEMO_AFTER = 64  # node pairs compared before pairs already seen are remembered


def _structurally_equal(a: Expr, b: Expr) -> bool:
    """Without recursion; pairs already compared are remembered once the comparison gets large,
    since two separately built copies of a shared term (a DAG) would otherwise be compared once per
    path — exponentially many. (Children and node fields are compared inline: this is hot. Most
    calls compare small copies whose children are already shared, such as two `List.{0} Nat`: they
    are answered before the loop, and identical children are never pushed.)"""
    if a.kind == APP and b.kind == APP and a.fn is b.fn and a.arg is b.arg:  # type: ignore[attr-defined]
        return True
    stack = [(a, b)]
    pop = stack.pop
    push = stack.append
    seen: set[tuple[int, int]] | None = None
    count = 0
    while stack:
        x, y = pop()
        if x is y:
            continue
        k = x.kind
        if x._hash != y._hash or k != y.kind:
            return False
        count += 1
        if count > MEMO_AFTER:
            if seen is None:
                seen = set()
            key = (id(x), id(y))
            if key in seen:
                continue
            seen.add(key)
        if k == APP:
            if x.fn is not y.fn:  # type: ignore[attr-defined]
                push((x.fn, y.fn))  # type: ignore[attr-defined]
            if x.arg is not y.arg:  # type: ignore[attr-defined]
                push((x.arg, y.arg))  # type: ignore[attr-defined]
        elif k == CONST:
            if x.name is not y.name or x.levels != y.levels:  # type: ignore[attr-defined]
                return False
        elif k == LAM or k == PI:
            if x.type is not y.type:  # type: ignore[attr-defined]
                push((x.type, y.type))  # type: ignore[attr-defined]
            if x.body is not y.body:  # type: ignore[attr-defined]
                push((x.body, y.body))  # type: ignore[attr-defined]
        elif k == FVAR:
            if x.fid != y.fid:  # type: ignore[attr-defined]
                return False
        elif k == BVAR:
            if x.idx != y.idx:  # type: ignore[attr-defined]
                return False
        elif k == SORT:
            if x.level is not y.level:  # type: ignore[attr-defined]
                return False
        elif k == NATLIT or k == STRLIT:
            if x.value != y.value:  # type: ignore[attr-defined]
                return False
        elif k == LET:
            push((x.type, y.type))  # type: ignore[attr-defined]
            push((x.value, y.value))  # type: ignore[attr-defined]
            push((x.body, y.body))  # type: ignore[attr-defined]
        elif k == PROJ:
            if x.struct is not y.struct or x.idx != y.idx:  # type: ignore[attr-defined]
                return False
            push((x.expr, y.expr))  # type: ignore[attr-defined]
        elif k == MVAR:
            if x.mid != y.mid:  # type: ignore[attr-defined]
                return False
    return True


# ---------------------------------------------------------------------------------------------
# Application spines and small helpers.


def mk_app(f: Expr, args: Sequence[Expr]) -> Expr:
    for a in args:
        f = App(f, a)
    return f


def get_app_fn(e: Expr) -> Expr:
    while e.kind == APP:
        e = e.fn  # type: ignore[attr-defined]
    return e


def get_app_args(e: Expr) -> tuple[Expr, list[Expr]]:
    """`f a₁ … aₙ` ↦ `(f, [a₁, …, aₙ])`."""
    args: list[Expr] = []
    while e.kind == APP:
        args.append(e.arg)  # type: ignore[attr-defined]
        e = e.fn  # type: ignore[attr-defined]
    args.reverse()
    return e, args


def get_app_num_args(e: Expr) -> int:
    n = 0
    while e.kind == APP:
        n += 1
        e = e.fn  # type: ignore[attr-defined]
    return n


def is_const_of(e: Expr, name: Name) -> bool:
    return e.kind == CONST and e.name is name  # type: ignore[attr-defined]


def mk_sort(level: Level) -> Sort:
    return Sort(level)


def subterms(e: Expr) -> Iterator[Expr]:
    """Every distinct node reachable from `e` (by identity), without recursion."""
    seen: set[int] = set()
    stack = [e]
    while stack:
        x = stack.pop()
        if id(x) in seen:
            continue
        seen.add(id(x))
        yield x
        stack.extend(_children(x))


def subterms_with(e: Expr, mask: int) -> Iterator[Expr]:
    """The distinct nodes of `e` whose flags meet `mask` (say `HAS_FVAR`): `subterms` pruned, since
    a node without the flag has no subterm with it."""
    seen: set[int] = set()
    stack = [e] if e.flags & mask else []
    while stack:
        x = stack.pop()
        if id(x) in seen:
            continue
        seen.add(id(x))
        yield x
        stack.extend(c for c in _children(x) if c.flags & mask)


def mk_arrow(a: Expr, b: Expr) -> Pi:
    """`a → b` where `b` does not mention the bound variable (it must be closed at index 0)."""
    from .instantiate import lift_loose_bvars

    return Pi(ANONYMOUS, a, lift_loose_bvars(b, 1))
