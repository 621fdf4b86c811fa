"""A discrimination tree: simp lemmas indexed by the shape of their left-hand side, so that finding the
lemmas that may rewrite a term costs a walk down the term's head symbols, not a try of every lemma
(Lean's `DiscrTree`).

A term is read as a sequence of keys in prefix order: a constant or free variable with its number
of arguments, a literal, an arrow, or `*`. Pattern variables are `*` and match any subterm; so are
implicit and instance arguments, which the matcher checks (an instance is found by unification, not
by its spelling). Nat numerals are one key whatever their spelling (`OfNat.ofNat Nat 2 _`, the raw
literal `2`, `Nat.zero`), as the matcher treats them alike.
"""

from __future__ import annotations

from typing import Generic, Iterator, TypeVar

from lantern.kernel.expr import APP, CONST, DEFAULT, FVAR, NATLIT, PI, SORT, STRLIT, Expr, get_app_args

from ...nat_literals import nat_value, offset

V = TypeVar("V")

STAR = ("*",)
OTHER = ("other",)
_IGNORED = object()  # an implicit argument of the term: only `*` can match it


class ArgKinds:
    """The binder infos of a constant's leading arguments, from its type (cached per constant)."""

    def __init__(self, env: object) -> None:
        self.env = env
        self.cache: dict[object, tuple[int, ...]] = {}

    def binfos(self, name: object) -> tuple[int, ...]:
        r = self.cache.get(name)
        if r is None:
            info = self.env.kernel.find(name)  # type: ignore[attr-defined]
            flags: list[int] = []
            ty = info.type if info is not None else None
            while ty is not None and ty.kind == PI:
                flags.append(ty.binfo)  # type: ignore[attr-defined]
                ty = ty.body  # type: ignore[attr-defined]
            r = self.cache[name] = tuple(flags)
        return r


def key_of(e: Expr, kinds: ArgKinds, nvars: int = -1) -> tuple[tuple, list]:
    """The key of `e` and its children in order (`_IGNORED` for implicit arguments). With `nvars ≥ 0`,
    `e` is a pattern: its variables, and whatever has no key of its own (a variable bound inside the
    pattern, a λ), are `*`, so the tree over-approximates and the matcher decides."""
    pattern = nvars >= 0
    v = nat_value(e)
    if v is not None:
        return ("lit", v), []
    if pattern and offset(e) is not None:
        return STAR, []  # `?n + 1` also matches `Nat.succ x` and the other way round
    k = e.kind
    if k == APP or k == CONST or k == FVAR:
        head, args = get_app_args(e)
        if head.kind == CONST:
            flags = kinds.binfos(head.name)  # type: ignore[attr-defined]
            children = [a if (i >= len(flags) or flags[i] == DEFAULT) else _IGNORED for i, a in enumerate(args)]
            return ("c", head.name, len(args)), children  # type: ignore[attr-defined]
        if head.kind == FVAR:
            return ("f", head.fid, len(args)), list(args)  # type: ignore[attr-defined]
        return (STAR if pattern else OTHER), []
    if k == SORT:
        return ("sort",), []
    if k == PI:
        if not _has_loose_bvar0(e.body):  # type: ignore[attr-defined]
            return ("arrow",), [e.type, ("lower", e.body)]  # type: ignore[attr-defined]
        return ("pi",), []
    if k == NATLIT or k == STRLIT:
        return ("lit", e.value), []  # type: ignore[attr-defined]
    return (STAR if pattern else OTHER), []


def _has_loose_bvar0(e: Expr) -> bool:
    from lantern.kernel.instantiate import has_loose_bvar

    return has_loose_bvar(e, 0)


class DiscrTree(Generic[V]):
    __slots__ = ("root", "kinds", "size")

    def __init__(self, kinds: ArgKinds) -> None:
        self.root: _Node[V] = _Node()
        self.kinds = kinds
        self.size = 0

    def insert(self, pattern: Expr, nvars: int, value: V) -> None:
        node = self.root
        for key in self._pattern_keys(pattern, nvars):
            node = node.child(key)
        node.values.append(value)
        self.size += 1

    def _pattern_keys(self, pattern: Expr, nvars: int) -> Iterator[tuple]:
        if offset(pattern) is not None:
            # At the root an offset lemma matches only its own head (`Matcher.match`): `Nat.succ ?n`
            # only a `Nat.succ` application. Its arguments are left to the matcher, which reads
            # offsets (`?n + 1` rewrites `x + 2`); indexed as `*` it would be tried on every term.
            head, args = get_app_args(pattern)
            yield ("c", head.name, len(args))  # type: ignore[attr-defined]
            yield from (STAR for _ in args)
            return
        todo: list[object] = [pattern]
        while todo:
            t = todo.pop()
            if t is _IGNORED:
                yield STAR
                continue
            if isinstance(t, tuple):  # ("lower", body): the codomain of an arrow, under its binder
                t = t[1]
            key, children = key_of(t, self.kinds, nvars)  # type: ignore[arg-type]
            yield key
            todo.extend(reversed(children))

    def candidates(self, e: Expr, kinds: ArgKinds | None = None, keys: dict | None = None) -> list[V]:
        """The values whose pattern may match `e` (a superset of the matching ones). `kinds`: the
        binder infos as the current environment knows them (the tree may be shared between
        environments). `keys`: a memo of terms' keys, for a caller that asks about the same terms
        again (simp asks each of its indexes about each subterm)."""
        kinds = kinds or self.kinds
        if keys is None:
            keys = {}
        out: list[V] = []
        # A path through the tree, with the subterms still to be read, the next first (a linked
        # list of (term, rest) pairs, so that taking a step shares the rest instead of copying it).
        stack: list[tuple[_Node[V], tuple | None]] = [(self.root, (e, None))]
        while stack:
            node, todo = stack.pop()
            if todo is None:
                out.extend(node.values)
                continue
            t, rest = todo
            star = node.children.get(STAR)
            if star is not None:
                stack.append((star, rest))
            if t is _IGNORED:
                continue
            if t.__class__ is tuple:  # ("lower", body): the codomain of an arrow, under its binder
                t = t[1]
            hit = keys.get(id(t))
            if hit is not None and hit[0] is t:
                key, children = hit[1], hit[2]
            else:
                key, children = key_of(t, kinds)
                keys[id(t)] = (t, key, children)
            if key == OTHER:
                continue
            child = node.children.get(key)
            if child is not None:
                for c in reversed(children):
                    rest = (c, rest)
                stack.append((child, rest))
        return out


class _Node(Generic[V]):
    __slots__ = ("children", "values")

    def __init__(self) -> None:
        self.children: dict[tuple, _Node[V]] = {}
        self.values: list[V] = []

    def child(self, key: tuple) -> "_Node[V]":
        c = self.children.get(key)
        if c is None:
            c = self.children[key] = _Node()
        return c
