"""`exact?`: find a theorem of the environment (or a hypothesis) that closes the goal, close it, and
say which (`Try this: exact …`), as Lean's `exact?` does.

Candidates come from an index of every theorem's conclusion by its head symbol and the head of its
first explicit argument (`List.length_append : (as ++ bs).length = …` is filed under
`(Eq, List.length)`; a variable in either place is a wildcard), built once per environment and
extended as the environment grows. Each candidate is applied to the goal (`apply_term`); the
premises it leaves must then be closed by hypotheses, by `rfl`, or by applying a hypothesis to
premises closed that way (a small `solve_by_elim`). The search is bounded by a number of candidates,
not by time, so it gives the same answer on every machine. The proof is an ordinary term: the kernel
checks it with the declaration.
"""

from __future__ import annotations

import weakref

from lantern.kernel.declaration import ConstructorInfo, TheoremInfo
from lantern.kernel.environment import Environment
from lantern.kernel.expr import CONST, PI, Const, Expr, MVar, get_app_args, mk_app
from lantern.kernel.name import Name

from ..messages import INFO, Message
from ..meta.context import is_aux_decl
from ..syntax import tree as T
from .basic import apply_term, find_assumption
from .core import TacticContext, TacticError
from .registry import tactic

MAX_CANDIDATES = 400  # lemmas tried per `exact?`
PREMISE_DEPTH = 2  # how deep premises are closed by applying hypotheses

WILD = "*"
Key = tuple[str, str]
EQ_REFL = Name.of("Eq.refl")
EQ = Name.of("Eq")


def conclusion_key(ty: Expr) -> Key:
    """The head symbol of `ty`'s conclusion (under its Π binders) and the head of its first explicit
    argument; a bound variable (a premise, to be instantiated) in either place is a wildcard."""
    while ty.kind == PI:
        ty = ty.body  # type: ignore[attr-defined]
    head, args = get_app_args(ty)
    if head.kind != CONST:
        return (WILD, WILD)
    first = _first_explicit(head.name, args)  # type: ignore[attr-defined]
    if first is None:
        return (str(head.name), WILD)  # type: ignore[attr-defined]
    fh = get_app_args(first)[0]
    return (str(head.name), str(fh.name) if fh.kind == CONST else WILD)  # type: ignore[attr-defined]


# Relations whose first arguments are types or instances, not the terms related.
_EXPLICIT_FROM = {"Eq": 1, "Ne": 1, "HEq": 1, "LE.le": 2, "LT.lt": 2, "GE.ge": 2, "GT.gt": 2, "Dvd.dvd": 2}


def _first_explicit(head: Name, args: list[Expr]) -> Expr | None:
    i = _EXPLICIT_FROM.get(str(head), 0)
    return args[i] if i < len(args) else None


class LemmaIndex:
    """Theorem names by `conclusion_key`, for one line of environments (extended, never rebuilt)."""

    def __init__(self) -> None:
        self.indexed = 0  # how many constants of the environment's order have been looked at
        self.by_key: dict[Key, list[Name]] = {}

    def update(self, env: Environment) -> None:
        order = env.order
        for name in order[self.indexed :]:
            info = env.find(name)
            if isinstance(info, (TheoremInfo, ConstructorInfo)) and not _internal(name):
                self.by_key.setdefault(conclusion_key(info.type), []).append(name)
        self.indexed = len(order)

    def candidates(self, key: Key) -> list[Name]:
        """Lemmas that may match `key`: the exact key first, then those with a wildcard argument, the
        newest (the user's own) first within each group."""
        head, arg = key
        out: list[Name] = []
        for k in ((head, arg), (head, WILD)) if arg != WILD else ((head, WILD),):
            out.extend(reversed(self.by_key.get(k, [])))
        if arg == WILD:  # a variable in the goal may match any argument head
            for (h, a), names in self.by_key.items():
                if h == head and a != WILD:
                    out.extend(reversed(names))
        return out


_indexes: "weakref.WeakKeyDictionary[Environment, LemmaIndex]" = weakref.WeakKeyDictionary()


def lemma_index(env: Environment) -> LemmaIndex:
    index = _indexes.get(env)
    if index is None:
        index = _indexes[env] = LemmaIndex()
    index.update(env)
    return index


def _internal(name: Name) -> bool:
    """Equation lemmas, tactics' own lemmas (`Lean.Omega.…`) and the like: not what `exact?` should
    suggest."""
    text = str(name)
    last = text.rsplit(".", 1)[-1]
    return text.startswith("Lean.") or last.startswith(("eq_", "_")) or "match_" in last


# -- closing premises --------------------------------------------------------------------------------------


def close_premise(tc: TacticContext, goal: MVar, depth: int) -> bool:
    """Close `goal` with a hypothesis, `rfl`, or a hypothesis applied to premises closed likewise."""
    te = tc.te
    h = find_assumption(tc, goal)
    if h is not None:
        tc.assign(goal, h)
        return True
    d = tc.decl(goal)
    with tc.in_goal(goal):
        target = te.instantiate(d.type)
        head, args = get_app_args(target)
        if head.kind == CONST and head.name is EQ and len(args) == 3:  # type: ignore[attr-defined]
            token = te.mctx.checkpoint()
            if te.is_def_eq(args[1], args[2]):
                tc.assign(goal, mk_app(Const(EQ_REFL, head.levels), [args[0], args[1]]))  # type: ignore[attr-defined]
                return True
            te.mctx.rollback(token)
    if depth == 0:
        return False
    for decl in reversed(d.lctx.decls):
        if is_aux_decl(decl) or decl.type.kind != PI:
            continue
        token = te.mctx.checkpoint()
        if _apply_closing(tc, goal, decl.fvar, depth - 1):
            return True
        te.mctx.rollback(token)
    return False


def _apply_closing(tc: TacticContext, goal: MVar, f: Expr, depth: int) -> bool:
    """Apply `f` to `goal` and close every premise it leaves (within `depth`)."""
    try:
        with tc.in_goal(goal):
            premises = apply_term(tc, goal, f, T.Span(0, 0), "exact?")
    except TacticError:
        return False
    return all(tc.is_assigned(p) or close_premise(tc, p, depth) for p in premises)


# -- the tactic ----------------------------------------------------------------------------------------------


def search(tc: TacticContext, goal: MVar) -> bool:
    """Close `goal` from the library; False (nothing assigned) if no candidate does it."""
    te = tc.te
    d = tc.decl(goal)
    for decl in reversed(d.lctx.decls):  # the hypotheses first, as Lean's `solve_by_elim` step
        if is_aux_decl(decl):
            continue
        token = te.mctx.checkpoint()
        if _apply_closing(tc, goal, decl.fvar, PREMISE_DEPTH - 1):
            return True
        te.mctx.rollback(token)
    key = conclusion_key(te.instantiate(d.type))
    index = lemma_index(te.env.kernel)
    for name in index.candidates(key)[:MAX_CANDIDATES]:
        info = te.env.kernel.find(name)
        token = te.mctx.checkpoint()
        levels = tuple(te.mctx.new_level_mvar() for _ in info.level_params)  # type: ignore[union-attr]
        if _apply_closing(tc, goal, Const(name, levels), PREMISE_DEPTH):
            return True
        te.mctx.rollback(token)
    return False


@tactic("exact?")
def eval_exact_search(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    if not search(tc, goal):
        raise TacticError(stx.span, "`exact?` could not close the goal. Try `apply?` to see partial suggestions.")
    te = tc.te
    with tc.in_goal(goal):
        proof = te.instantiate(goal)
        te.messages.append(Message(stx.span, INFO, f"Try this: exact {te.pp(proof)}"))
    tc.replace_main_goal([])
