"""Answers to instance problems, kept from one declaration to the next (Lean caches `synthInstance`
the same way).

Most problems recur: every `a + b` on `Nat` asks `HAdd Nat Nat ?γ`, every `2 : Nat` asks
`OfNat Nat 2`. A problem is keyed by its class application with its holes (out-parameters still
unknown, universe metavariables) replaced by placeholders. An answer is kept only when it is a
closed term without metavariables; reusing it means unifying its type with the problem, which
assigns the holes as the search did (and if that fails, the search is run after all).

An answer is valid only where the search would find it again:
- with the same instance table and the same reducible constants (compared by identity: both tables
  are copied on write, so an unchanged table is the same object);
- with the same constants behind every name in the problem and the answer (an edited document may
  give a name another definition);
- in a context without local instances, which the search tries first: such problems are neither
  answered from here nor stored.

The search makes metavariables, which are numbered, and numbers show in messages (`?m.7`); so an
answer records how far its search moved the id counters, and reusing it moves them as far. A
command numbers the same way whether its problems were answered here or searched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.expr import CONST, HAS_EMVAR, HAS_LMVAR, MVAR, BVar, Const, Expr, get_app_fn, mk_app
from lantern.kernel.errors import KernelError
from lantern.kernel.level import MVAR as LEVEL_MVAR
from lantern.kernel.level import Level, mk_param
from lantern.kernel.name import Name

from ..meta.context import AUX_DECL, id_counters, set_id_counters

if TYPE_CHECKING:
    from .elaborator import TermElab

MAX_ANSWERS = 4096
_HOLE = BVar(0)  # an out-parameter not yet known (the key's only loose variable)
_LEVEL_HOLES = [mk_param(Name.of(f"_instance_cache.u{i}")) for i in range(8)]
_NO_NAMES: frozenset[Name] = frozenset()


class _Answer:
    __slots__ = ("instances", "reducible", "constants", "value", "advance")

    def __init__(self, instances: object, reducible: object, constants: tuple, value: Expr, advance: tuple[int, int, int]) -> None:
        self.instances = instances
        self.reducible = reducible
        self.constants = constants  # (name, the constant's object) for each name in key and answer
        self.value = value
        self.advance = advance


_answers: dict[Expr, _Answer] = {}


def key_of(fn: Expr, args: list[Expr], outs: list[int]) -> Expr | None:
    """The problem `fn args` with its holes replaced by placeholders, or None if it has
    metavariables elsewhere (inside an out-parameter, in an input)."""
    levels: list[Level] = []
    holes: dict[Level, Level] = {}
    for l in fn.levels:  # type: ignore[attr-defined]
        if l.has_mvar:
            if l.kind != LEVEL_MVAR or len(holes) == len(_LEVEL_HOLES):
                return None
            l = holes.setdefault(l, _LEVEL_HOLES[len(holes)])
        levels.append(l)
    key_args = []
    for i, a in enumerate(args):
        if a.flags & (HAS_EMVAR | HAS_LMVAR):
            if i not in outs or a.kind != MVAR:
                return None
            a = _HOLE
        key_args.append(a)
    return mk_app(Const(fn.name, tuple(levels)), key_args)  # type: ignore[attr-defined]


def lookup(te: TermElab, key: Expr, goal: Expr) -> Expr | None:
    """The kept answer to `goal` (whose key is `key`), its holes now assigned; None if there is none
    valid here, or it does not fit (then nothing is assigned)."""
    answer = _answers.get(key)
    if answer is None or not _valid(te, answer) or _has_local_instances(te):
        return None
    before = id_counters()
    token = te.mctx.checkpoint()
    try:
        fits = te.is_def_eq(te.infer(answer.value), goal)
    except KernelError:
        fits = False
    if not fits:
        te.mctx.rollback(token)
        return None
    now = id_counters()
    # Number on as the search would have (never back: what was made meanwhile keeps its ids).
    set_id_counters(tuple(max(n, b + d) for n, b, d in zip(now, before, answer.advance)))  # type: ignore[arg-type]
    return answer.value


def store(te: TermElab, key: Expr, value: Expr, before: tuple[int, int, int]) -> None:
    """Keep `value`, found by a search that started with the id counters at `before`."""
    if value.flags & (HAS_EMVAR | HAS_LMVAR) or value.has_fvar or _has_local_instances(te):
        return
    env = te.env
    from ..incremental.compare import constants_of_exprs  # (here: the package imports the elaborator)

    constants = tuple((n, env.kernel.find(n)) for n in constants_of_exprs([key, value]))
    advance = tuple(n - b for n, b in zip(id_counters(), before))
    if len(_answers) >= MAX_ANSWERS:
        _answers.clear()
    _answers[key] = _Answer(env.instances, env.attributes.get("reducible", _NO_NAMES), constants, value, advance)  # type: ignore[arg-type]


def _valid(te: TermElab, answer: _Answer) -> bool:
    env = te.env
    if answer.instances is not env.instances or answer.reducible is not env.attributes.get("reducible", _NO_NAMES):
        return False
    find = env.kernel.find
    return all(find(n) is c for n, c in answer.constants)


def _has_local_instances(te: TermElab) -> bool:
    """Whether a local could be an instance the search tries (as `synth_instance` looks for them:
    the head of its type is a class, or reducible like `DecidableEq`)."""
    env = te.env
    for decl in te.lctx.decls:
        if decl.binfo == AUX_DECL:
            continue
        head = get_app_fn(decl.type)
        if head.kind == CONST:
            name = head.name  # type: ignore[attr-defined]
            info = env.structures.get(name)
            if name in env.instances or (info is not None and info.is_class) or env.has_attribute("reducible", name):
                return True
        elif head.kind == MVAR:
            return True  # (a type not known yet: it may become a class)
    return False

