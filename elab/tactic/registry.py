"""Which Python function runs each tactic keyword. Tactic modules register themselves with
`@tactic("name", …)`; `tactic/__init__.py` imports them all, so the table is complete once the
package is imported."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..syntax import tree as T

if TYPE_CHECKING:
    from .core import TacticContext

TacticFn = Callable[["TacticContext", T.Tactic], None]

TACTICS: dict[str, TacticFn] = {}


def tactic(*names: str) -> Callable[[TacticFn], TacticFn]:
    def register(fn: TacticFn) -> TacticFn:
        for name in names:
            assert name not in TACTICS, f"tactic {name!r} registered twice"
            TACTICS[name] = fn
        return fn

    return register
