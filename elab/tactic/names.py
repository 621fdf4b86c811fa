"""Hypothesis names in goals: inaccessible names (`x✝`, for what the user did not name) and renaming
them (`case tag x y`, `next x y`, `rename_i x y`)."""

from __future__ import annotations

from lantern.kernel.expr import MVar
from lantern.kernel.local_ctx import LocalDecl
from lantern.kernel.name import Name

from ..syntax import tree as T
from .core import TacticContext, TacticError

INACCESSIBLE_MARK = "✝"


def inaccessible(base: str | Name) -> Name:
    """The name shown as `x✝`: it cannot be written, so the user cannot refer to it."""
    s = str(base)
    return Name.of(s if s.endswith(INACCESSIBLE_MARK) else s + INACCESSIBLE_MARK)


def is_inaccessible(name: Name) -> bool:
    return str(name).endswith(INACCESSIBLE_MARK)


def binder_base(name: Name) -> str:
    """A binder's name as the base of an inaccessible hypothesis (`a✝` from the binder `a`)."""
    s = str(name).replace(INACCESSIBLE_MARK, "")
    return s if s and s != "[anonymous]" else "a"


def with_lctx(tc: TacticContext, goal: MVar, lctx: object) -> MVar:
    """The same goal over a context that differs only in names: a new goal, the old one assigned to it."""
    d = tc.decl(goal)
    new = tc.new_goal(lctx, d.type, d.user_name)  # type: ignore[arg-type]
    tc.assign(goal, new)
    return new


def rename_inaccessibles(tc: TacticContext, goal: MVar, names: tuple, span: T.Span) -> MVar:
    """Give the last `len(names)` inaccessible hypotheses the names written (`_` keeps one)."""
    if not names:
        return goal
    d = tc.decl(goal)
    hidden = [x for x in d.lctx if is_inaccessible(x.name)]
    if len(names) > len(hidden):
        raise TacticError(span, f"too many variable names provided: {len(names)} given, {len(hidden)} inaccessible")
    lctx = d.lctx
    for decl, stx in zip(hidden[len(hidden) - len(names) :], names):
        if isinstance(stx, T.Hole):
            continue
        lctx = lctx.replace(LocalDecl(decl.fvar, Name.of(stx.name), decl.type, decl.value, decl.binfo))
    return with_lctx(tc, goal, lctx)
