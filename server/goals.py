"""`$/lean/plainGoal`: the tactic goals at a position, in Lean's exact JSON.

Params are `TextDocumentPositionParams`; the answer is `{"rendered": markdown, "goals": [string]}`,
each goal printed as Lean prints it (`case tag`, hypotheses, `⊢ target`) and rendered in a
```` ```lean ```` block, blocks joined by `\\n---\\n`; `{"rendered": "no goals", "goals": []}` where
every goal is closed; `null` outside a tactic block. As Lean's `handlePlainGoal` does, the request
waits until the command at the position is checked, then answers at once.

(`$/lean/plainTermGoal` needs the expected type of the term at a position, which the info tree
does not record yet; it is left out until it does.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pygls.exceptions import JsonRpcInvalidParams

from lantern.elab.document import Snapshot
from lantern.elab.info import format_goal_views, tactic_state_at

from .positions import offset_at
from .requests import document_position

if TYPE_CHECKING:
    from .app import LanternServer

METHOD = "$/lean/plainGoal"
NO_GOALS = {"rendered": "no goals", "goals": []}


def plain_goal(snapshot: Snapshot | None, offset: int) -> dict[str, Any] | None:
    """The answer for `offset` in the checked command `snapshot` (None: not in a command)."""
    if snapshot is None:
        return None
    found = tactic_state_at(snapshot.info, offset)
    if found is None:
        return None
    node, goals = found
    printed = format_goal_views(node, goals)
    if not printed:
        return dict(NO_GOALS)
    return {"rendered": "\n---\n".join(f"```lean\n{goal}\n```" for goal in printed), "goals": printed}


def register(server: "LanternServer") -> None:
    @server.feature(METHOD)
    async def on_plain_goal(ls: "LanternServer", params: Any) -> dict[str, Any] | None:
        uri, position = document_position(params)
        doc = ls.documents.get(uri)
        if doc is None:
            raise JsonRpcInvalidParams(f"Cannot process request to closed file '{uri}'")
        offset = offset_at(doc.index, position, ls.encoding)
        snapshot = await doc.checked_at(offset)
        return await ls.in_front_end(plain_goal, snapshot, offset)
