"""Sets of simp lemmas, indexed: the `@[simp]` set of an environment (built once per state of the
attribute and cached), and the set a simp call builds from its arguments.

A constant tagged `@[simp]` or given to simp is a theorem (its statement becomes rules,
`lemmas.from_statement`) or a definition (unfolded: its equation lemmas when the front end provides
them, else `unfold.Unfolder`).
"""

from __future__ import annotations

from typing import Iterable

from lantern.kernel.declaration import AxiomInfo, DefinitionInfo, TheoremInfo
from lantern.kernel.expr import CONST, LAM, Expr, get_app_args
from lantern.kernel.name import Name

from .discr_tree import ArgKinds, DiscrTree
from .lemmas import SimpLemma, const_proof, from_statement

N_EQ_REFL, N_RFL = Name.of("Eq.refl"), Name.of("rfl")


class LemmaIndex:
    """Lemmas in a discrimination tree, returned by priority, then in the order they were added."""

    def __init__(self, kinds: ArgKinds) -> None:
        self.tree: DiscrTree[tuple[int, SimpLemma]] = DiscrTree(kinds)
        self.count = 0
        self.unfold: set[Name] = set()

    def add(self, lemma: SimpLemma) -> None:
        self.tree.insert(lemma.lhs, len(lemma.binders), (self.count, lemma))
        self.count += 1

    def add_all(self, lemmas: Iterable[SimpLemma]) -> None:
        for lemma in lemmas:
            self.add(lemma)

    def candidates(self, e: Expr, kinds: ArgKinds, keys: dict | None = None) -> list[SimpLemma]:
        found = self.tree.candidates(e, kinds, keys)
        if not found:
            return []
        found.sort(key=lambda p: (-p[1].priority, p[0]))
        return [lemma for _, lemma in found]


def lemmas_of_constant(env: object, name: Name) -> list[SimpLemma] | None:
    """The rules of a theorem (or axiom); None if `name` is not one (a definition, say)."""
    info = env.kernel.find(name)  # type: ignore[attr-defined]
    if isinstance(info, (TheoremInfo, AxiomInfo)):
        return from_statement(str(name), info.level_params, info.type, const_proof(name), rfl=is_rfl_proof(info))
    return None


def is_rfl_proof(info: object) -> bool:
    """Is the theorem proved by `rfl` (so that `dsimp` may use it)?"""
    value = getattr(info, "value", None)
    if value is None:
        return False
    while value.kind == LAM:
        value = value.body  # type: ignore[attr-defined]
    head, _ = get_app_args(value)
    return head.kind == CONST and (head.name is N_EQ_REFL or head.name is N_RFL)  # type: ignore[attr-defined]


def is_definition(env: object, name: Name) -> bool:
    return isinstance(env.kernel.find(name), DefinitionInfo)  # type: ignore[attr-defined]


def equation_lemmas(env: object, name: Name) -> list[SimpLemma] | None:
    """The equation lemmas of the definition `name` (`f.eq_1`, …: theorems the front end adds with the
    definition), as simp lemmas; None when it has none (then simp unfolds it itself, `unfold.py`)."""
    try:
        from ...equations import equation_lemmas as provided
    except ImportError:  # a front end without equation lemmas
        return None
    out: list[SimpLemma] = []
    for eq in provided(env, name):  # type: ignore[arg-type]
        out += lemmas_of_constant(env, eq.name) or []
    return out or None


# -- the `@[simp]` set of an environment ----------------------------------------------------------------

# Full indexes, and for each attribute set seen lately the indexes that make it up. A file that adds
# `@[simp]` lemmas gets a small index of its own lemmas in front of the prelude's, not a rebuild.
# A base is only reused where its lemmas are the same constants (a name may be declared again with
# another statement: after an edit, or in another document of the same process).
_BASES: list[tuple[frozenset, LemmaIndex, tuple]] = []
_SETS: dict[int, tuple[frozenset, tuple[LemmaIndex, ...]]] = {}
_MAX_BASES, _MAX_SETS, _MAX_DELTA = 4, 16, 256


def default_indexes(env: object) -> tuple[LemmaIndex, ...]:
    """The indexes of `env.attributes["simp"]`, newest lemmas first. Environments are persistent and
    each command's copy shares the attribute's set until the set changes, so the set object itself
    is the cache key."""
    names: frozenset = env.attributes.get("simp", frozenset())  # type: ignore[attr-defined]
    hit = _SETS.get(id(names))
    if hit is not None and hit[0] is names:
        return hit[1]
    kernel = env.kernel  # type: ignore[attr-defined]
    base = max(
        (b for b in _BASES if b[0] <= names and all(kernel.find(n) is info for n, info in b[2])),
        key=lambda b: len(b[0]),
        default=None,
    )
    if base is None or len(names) - len(base[0]) > _MAX_DELTA:
        index = _build(env, names)
        _BASES.append((names, index, tuple((n, kernel.find(n)) for n in names)))
        del _BASES[:-_MAX_BASES]
        result: tuple[LemmaIndex, ...] = (index,)
    elif len(base[0]) == len(names):
        result = (base[1],)
    else:
        result = (_build(env, names - base[0]), base[1])
    if len(_SETS) >= _MAX_SETS:
        _SETS.pop(next(iter(_SETS)))
    _SETS[id(names)] = (names, result)
    return result


def _build(env: object, names: frozenset) -> LemmaIndex:
    index = LemmaIndex(ArgKinds(env))
    order = {n: i for i, n in enumerate(env.kernel.order)}  # type: ignore[attr-defined]
    for name in sorted(names, key=lambda n: (order.get(n, len(order)), str(n))):
        lemmas = lemmas_of_constant(env, name)
        if lemmas is None and is_definition(env, name):
            lemmas = equation_lemmas(env, name)
            if lemmas is None:
                index.unfold.add(name)
        if lemmas:
            index.add_all(lemmas)
    return index
