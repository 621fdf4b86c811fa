"""What the engine keeps of each checked command, to decide after an edit whether it can be replayed.

A `CommandRecord` is a command's snapshot together with its *delta* against the environment it
started in (the constants it added, in order; its table changes are read off `before` and `after`)
and what it *depends on*: the constants its check looked up (`reads.py`), those its constants
mention, and the names it added (a name that now exists earlier would clash).
"""

from __future__ import annotations

from typing import Any

from lantern.kernel.name import Name
from lantern.kernel.record import field, record, replace

from ..document import Snapshot, check_command
from ..env import ElabEnv
from ..messages import ERROR, Message
from ..syntax import tree as T
from .compare import constants_mentioned
from .reads import ALL_NAMES, ReadRecorder, real_kernel


@record(slots=True)
class CommandRecord:
    text: str  # the command's text (with the blank lines and comments that follow it)
    start: int  # the offset it was checked at: the spans of `snapshot` are relative to the document then
    snapshot: Snapshot
    before: ElabEnv  # the environment it started in
    added: tuple[Name, ...]  # the kernel constants it added, in order
    refs: frozenset[Name]  # the constants its added constants mention
    deps: frozenset[Name]  # looked up, mentioned or added: a change to any of these re-checks it
    reads_all: bool  # it read the list of all constants (then any change of names re-checks it)
    spans_local: bool  # its messages and goals are all inside its own text
    moves_tables: bool  # it changed the scopes or the notations, which hold source positions
    # What it changed in each dict table, found when first replayed and the same at every replay
    # (`replay.py`): shared by the record's replayed versions.
    table_changes: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def after(self) -> ElabEnv:
        return self.snapshot.env

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def check_recorded(text: str, start: int, end: int, before: ElabEnv) -> CommandRecord:
    """Check the command at `text[start:end]` in `before`, recording what it looked up."""
    log: set[Any] = set()
    snapshot = check_command(text, start, end, replace(before, kernel=ReadRecorder(before.kernel, log)))
    after = _unwrapped(snapshot.env, {})
    snapshot.env = after
    envs: dict[int, Any] = {}
    snapshot.info = [replace(n, env=_unwrapped(n.env, envs)) if isinstance(n.env, ElabEnv) else n for n in snapshot.info]
    kernel = after.kernel
    added: tuple[Name, ...] = tuple(kernel.order[len(before.kernel):]) if kernel is not before.kernel else ()
    refs = frozenset(constants_mentioned(kernel.get(n) for n in added))
    reads_all = ALL_NAMES in log
    log.discard(ALL_NAMES)
    spans = [m.span for m in snapshot.messages] + [n.span for n in snapshot.info]
    return CommandRecord(
        text=text[start:end],
        start=start,
        snapshot=snapshot,
        before=before,
        added=added,
        refs=refs,
        deps=frozenset(log) | refs | frozenset(added),
        reads_all=reads_all,
        spans_local=all(start <= s.start and s.end <= end for s in spans),
        moves_tables=after.scopes != before.scopes or after.notations is not before.notations,
    )


def failed_record(text: str, start: int, end: int, before: ElabEnv, ex: Exception) -> CommandRecord:
    """The record of a command whose check raised (a bug in Lantern): an error on the command, the
    environment unchanged, and dependent on everything, so that any edit checks it again."""
    span = T.Span(start, end)
    message = Message(span, ERROR, f"internal error while checking this command: {type(ex).__name__}: {ex}")
    snapshot = Snapshot(span, T.ParseError(span, message.text), before, [message], [])
    return CommandRecord(
        text=text[start:end], start=start, snapshot=snapshot, before=before, added=(), refs=frozenset(),
        deps=frozenset(), reads_all=True, spans_local=True, moves_tables=True,
    )


def _unwrapped(env: ElabEnv, memo: dict[int, Any]) -> ElabEnv:
    """`env` with the real kernel environment in place of the recorder (the recorder's log is
    closed once the command is checked)."""
    if not isinstance(env.kernel, ReadRecorder):
        return env
    found = memo.get(id(env))
    if found is None:
        found = memo[id(env)] = replace(env, kernel=real_kernel(env.kernel))
    return found
