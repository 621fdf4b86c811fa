"""Universe levels: `0`, `succ l`, `max l₁ l₂`, `imax l₁ l₂`, parameters (and metavariables, which the
front end uses and the kernel rejects).

Levels are hash-consed: building a level returns the shared node for it, so equality is identity.
Normalisation, equivalence and `≥` follow Lean's kernel (`level.cpp`): a level is normalised into a
sorted `max` of `succ`-offsets of atoms, and `is_geq` works on normal forms.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from .name import Name

# Kinds, in the order Lean's `is_norm_lt` sorts them.
ZERO, SUCC, MAX, IMAX, PARAM, MVAR = range(6)


class Level:
    __slots__ = ("kind", "a", "b", "_hash", "has_param", "has_mvar", "depth", "__weakref__")

    kind: int
    a: "Level | Name | None"
    b: "Level | None"

    _table: dict[tuple, "Level"] = {}

    def __new__(cls, *args: object) -> "Level":
        raise TypeError("use the mk_* functions of lantern.kernel.level")

    @classmethod
    def _mk(cls, kind: int, a: "Level | Name | None" = None, b: "Level | None" = None) -> "Level":
        key = (kind, a, b)
        found = cls._table.get(key)
        if found is not None:
            return found
        self = object.__new__(cls)
        self.kind, self.a, self.b = kind, a, b
        self._hash = hash(key)
        if kind in (SUCC, MAX, IMAX):
            subs = [x for x in (a, b) if isinstance(x, Level)]
            self.has_param = any(x.has_param for x in subs)
            self.has_mvar = any(x.has_mvar for x in subs)
            self.depth = 1 + max(x.depth for x in subs)
        else:
            self.has_param = kind == PARAM
            self.has_mvar = kind == MVAR
            self.depth = 0
        cls._table[key] = self
        return self

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return self is other

    def __reduce__(self) -> tuple:
        return (Level._mk, (self.kind, self.a, self.b))

    def __repr__(self) -> str:
        return f"Level({format_level(self)})"

    def __str__(self) -> str:
        return format_level(self)


ZERO_LEVEL: Level = Level._mk(ZERO)


def mk_zero() -> Level:
    return ZERO_LEVEL


def mk_succ(l: Level) -> Level:
    return Level._mk(SUCC, l)


def mk_max_core(a: Level, b: Level) -> Level:
    return Level._mk(MAX, a, b)


def mk_imax_core(a: Level, b: Level) -> Level:
    return Level._mk(IMAX, a, b)


def mk_param(n: Name) -> Level:
    return Level._mk(PARAM, n)


def mk_mvar(n: Name) -> Level:
    return Level._mk(MVAR, n)


ONE_LEVEL: Level = mk_succ(ZERO_LEVEL)


def mk_offset(l: Level, k: int) -> Level:
    for _ in range(k):
        l = mk_succ(l)
    return l


def of_nat(k: int) -> Level:
    return mk_offset(ZERO_LEVEL, k)


def to_offset(l: Level) -> tuple[Level, int]:
    """`succ^k base` ↦ `(base, k)`."""
    k = 0
    while l.kind == SUCC:
        l = l.a  # type: ignore[assignment]
        k += 1
    return l, k


def is_explicit(l: Level) -> bool:
    return to_offset(l)[0].kind == ZERO


def is_not_zero(l: Level) -> bool:
    """True when `l` is never 0, whatever its parameters are."""
    k = l.kind
    if k in (ZERO, PARAM, MVAR):
        return False
    if k == SUCC:
        return True
    if k == MAX:
        return is_not_zero(l.a) or is_not_zero(l.b)  # type: ignore[arg-type]
    return is_not_zero(l.b)  # type: ignore[arg-type]  # imax a b is zero iff b is


def mk_max(a: Level, b: Level) -> Level:
    """`max` with the cheap simplifications of Lean's `mk_max`."""
    if is_explicit(a) and is_explicit(b):
        return a if to_offset(a)[1] >= to_offset(b)[1] else b
    if a is b:
        return a
    if a.kind == ZERO:
        return b
    if b.kind == ZERO:
        return a
    if b.kind == MAX and (b.a is a or b.b is a):
        return b
    pa, pb = to_offset(a), to_offset(b)
    if pa[0] is pb[0]:
        return a if pa[1] >= pb[1] else b
    return mk_max_core(a, b)


def mk_imax(a: Level, b: Level) -> Level:
    if is_not_zero(b):
        return mk_max(a, b)
    if b.kind == ZERO:
        return b
    if a.kind == ZERO or a is ONE_LEVEL:
        return b
    if a is b:
        return a
    return mk_imax_core(a, b)


# ---------------------------------------------------------------------------------------------
# Normal forms


def _norm_lt(a: Level, b: Level) -> bool:
    """Lean's `is_norm_lt`: a total order on normalised levels, used to sort `max` arguments."""
    if a is b:
        return False
    (l1, k1), (l2, k2) = to_offset(a), to_offset(b)
    if l1 is not l2:
        if l1.kind != l2.kind:
            return l1.kind < l2.kind
        if l1.kind in (PARAM, MVAR):
            n1, n2 = l1.a, l2.a
            return n1 != n2 and n1 < n2  # type: ignore[operator]
        if l1.kind in (MAX, IMAX):
            if l1.a is not l2.a:
                return _norm_lt(l1.a, l2.a)  # type: ignore[arg-type]
            return _norm_lt(l1.b, l2.b)  # type: ignore[arg-type]
        return False
    return k1 < k2


def _push_max_args(l: Level, out: list[Level]) -> None:
    if l.kind == MAX:
        _push_max_args(l.a, out)  # type: ignore[arg-type]
        _push_max_args(l.b, out)  # type: ignore[arg-type]
    else:
        out.append(l)


def _sort_norm(args: list[Level]) -> list[Level]:
    import functools

    return sorted(args, key=functools.cmp_to_key(lambda x, y: -1 if _norm_lt(x, y) else (1 if _norm_lt(y, x) else 0)))


_normalize_cache: dict[Level, Level] = {}


def normalize(l: Level) -> Level:
    found = _normalize_cache.get(l)
    if found is not None:
        return found
    r = _normalize(l)
    _normalize_cache[l] = r
    return r


def _normalize(l: Level) -> Level:
    base, k = to_offset(l)
    if base.kind in (ZERO, PARAM, MVAR):
        return l
    if base.kind == IMAX:
        l1, l2 = normalize(base.a), normalize(base.b)  # type: ignore[arg-type]
        return mk_offset(mk_imax(l1, l2), k)
    todo: list[Level] = []
    _push_max_args(base, todo)
    args: list[Level] = []
    for a in todo:
        _push_max_args(normalize(a), args)
    args = _sort_norm(args)
    i = 0
    if is_explicit(args[i]):
        while i + 1 < len(args) and is_explicit(args[i + 1]):
            i += 1
        explicit_k = to_offset(args[i])[1]
        # An explicit universe k is subsumed by succ^k' l for any k' >= k.
        if any(to_offset(args[j])[1] >= explicit_k for j in range(i + 1, len(args))):
            i += 1
    rargs = [args[i]]
    prev = to_offset(args[i])
    for a in args[i + 1 :]:
        cur = to_offset(a)
        if prev[0] is cur[0]:
            if prev[1] < cur[1]:
                prev = cur
                rargs[-1] = a
        else:
            prev = cur
            rargs.append(a)
    rargs = [mk_offset(a, k) for a in rargs]
    r = rargs[-1]
    for a in reversed(rargs[:-1]):
        r = mk_max_core(a, r)
    return r


def is_equiv(a: Level, b: Level) -> bool:
    return a is b or normalize(a) is normalize(b)


def is_equiv_list(xs: Sequence[Level], ys: Sequence[Level]) -> bool:
    return len(xs) == len(ys) and all(is_equiv(x, y) for x, y in zip(xs, ys))


def is_geq(a: Level, b: Level) -> bool:
    """`a ≥ b` for every assignment of the parameters (sound, incomplete, as Lean's)."""
    return _is_geq_core(normalize(a), normalize(b))


def _is_geq_core(l1: Level, l2: Level) -> bool:
    if l1 is l2 or l2.kind == ZERO:
        return True
    if l2.kind == MAX:
        return is_geq(l1, l2.a) and is_geq(l1, l2.b)  # type: ignore[arg-type]
    if l1.kind == MAX and (is_geq(l1.a, l2) or is_geq(l1.b, l2)):  # type: ignore[arg-type]
        return True
    if l2.kind == IMAX:
        return is_geq(l1, l2.a) and is_geq(l1, l2.b)  # type: ignore[arg-type]
    if l1.kind == IMAX:
        return is_geq(l1.b, l2)  # type: ignore[arg-type]
    (b1, k1), (b2, k2) = to_offset(l1), to_offset(l2)
    if b1 is b2 or b2.kind == ZERO:  # b1 + k1 ≥ k1 ≥ k2 = l2 (b1 = 0 would not do: l2 may be any size)
        return k1 >= k2
    if k1 == k2 and k1 > 0:
        return is_geq(b1, b2)
    return False


# ---------------------------------------------------------------------------------------------
# Parameters


def instantiate_level(l: Level, subst: Mapping[Name, Level]) -> Level:
    if not l.has_param:
        return l
    k = l.kind
    if k == PARAM:
        return subst.get(l.a, l)  # type: ignore[arg-type]
    if k == SUCC:
        return mk_succ(instantiate_level(l.a, subst))  # type: ignore[arg-type]
    if k == MAX:
        return mk_max(instantiate_level(l.a, subst), instantiate_level(l.b, subst))  # type: ignore[arg-type]
    if k == IMAX:
        return mk_imax(instantiate_level(l.a, subst), instantiate_level(l.b, subst))  # type: ignore[arg-type]
    return l


def params_of(l: Level, out: set[Name] | None = None) -> set[Name]:
    out = set() if out is None else out
    if l.has_param:
        if l.kind == PARAM:
            out.add(l.a)  # type: ignore[arg-type]
        else:
            for x in (l.a, l.b):
                if isinstance(x, Level):
                    params_of(x, out)
    return out


def undeclared_param(l: Level, allowed: Iterable[Name]) -> Name | None:
    """The first parameter of `l` not among `allowed`, if any."""
    allowed_set = allowed if isinstance(allowed, (set, frozenset)) else set(allowed)
    for p in params_of(l):
        if p not in allowed_set:
            return p
    return None


# ---------------------------------------------------------------------------------------------
# Printing


def format_level(l: Level) -> str:
    base, k = to_offset(l)
    if base.kind == ZERO:
        return str(k)
    if base.kind in (PARAM, MVAR):
        s = str(base.a) if base.kind == PARAM else f"?{base.a}"
        return s if k == 0 else f"{s}+{k}"
    inner = f"{'max' if base.kind == MAX else 'imax'} {_paren(base.a)} {_paren(base.b)}"  # type: ignore[arg-type]
    return inner if k == 0 else f"({inner})+{k}"


def _paren(l: Level) -> str:
    s = format_level(l)
    return f"({s})" if " " in s or "+" in s else s
