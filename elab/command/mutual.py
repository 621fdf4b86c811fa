"""`mutual … end`: what kind of block it is (Lean's `elabMutual`).

A block is either all inductive types (`mutual_inductive.py`) or all definitions and theorems
(`mutual_def.py`); anything else is Lean's "invalid mutual block" error.
"""

from __future__ import annotations

from ..env import ElabEnv
from ..messages import ElabError
from ..syntax import tree as T

INVALID_BLOCK = (
    "invalid mutual block: either all elements of the block must be inductive declarations, "
    "or they must all be definitions/theorems/abbrevs"
)
DEF_KINDS = ("def", "theorem", "abbrev", "instance")


def elab_mutual(env: ElabEnv, cmd: T.Mutual) -> tuple[ElabEnv, list]:
    items = list(cmd.commands)
    if items and all(isinstance(c, T.Inductive) for c in items):
        from .deriving import derive_after
        from .mutual_inductive import elab_mutual_inductive

        result = elab_mutual_inductive(env, items)  # type: ignore[arg-type]
        for c in items:
            result = derive_after(result, c)
        return result
    if items and all(isinstance(c, T.Definition) and c.kind in DEF_KINDS for c in items):
        from .mutual_def import elab_mutual_def

        return elab_mutual_def(env, items)  # type: ignore[arg-type]
    raise ElabError(cmd.span, INVALID_BLOCK)
