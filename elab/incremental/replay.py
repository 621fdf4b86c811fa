"""Replaying a command checked before an edit: its delta applied to the environment after the edit,
its messages and goals moved to its new offset — without elaborating it again.

The engine (`engine.py`) decides *whether* a command may be replayed; this module does it:
- the kernel constants it added are adopted (`Environment.adopt`) into a fork of the new
  environment, in their order;
- each table it changed gets the same change on top of the new table (the engine has checked that
  the tables it started from are equal to the old ones). A changed attribute's set is copied: the
  simp index is cached by the set's identity, and the old set's index was built from the old
  constants;
- spans inside its own text move by the shift of its offset; the syntax tree is parsed again at the
  new offset, lazily (parsing every replayed command would cost more than replaying them);
- its goals are printed in the new environment (`InfoKernelView`), not the one they were recorded
  in: printing a name depends on which other names exist.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

from lantern.kernel.declaration import ConstantInfo
from lantern.kernel.name import Name
from lantern.kernel.record import fields, replace

from ..document import Snapshot, parse_resolved
from ..env import ElabEnv
from ..info import InfoNode, TacticInfo
from ..messages import Message
from ..syntax import tree as T
from .record import CommandRecord

# The front end's tables (every field of `ElabEnv` but the kernel environment).
TABLE_FIELDS = tuple(f.name for f in fields(ElabEnv) if f.name != "kernel")
# Tables no elaboration reads (hovers only), and the recipes of `f.eq_def` made on first use, whose
# readers the engine follows by name (`equations.changed_eq_defs`): not compared, but their changes
# are replayed.
UNREAD_TABLES = frozenset({"docs", "pending_eq_defs"})


class TableComparison:
    """Whether two environments' tables are equal, remembered by identity: after an edit the new
    tables are usually the very objects the old run had, or equal copies met again and again."""

    def __init__(self) -> None:
        self._memo: dict[tuple[int, int], tuple[object, object, bool]] = {}

    def equal(self, a: ElabEnv, b: ElabEnv) -> bool:
        if a.kernel.quot_initialized != b.kernel.quot_initialized:
            return False
        for name in TABLE_FIELDS:
            if name in UNREAD_TABLES:
                continue
            x, y = getattr(a, name), getattr(b, name)
            if x is y:
                continue
            key = (id(x), id(y))
            hit = self._memo.get(key)
            if hit is None or hit[0] is not x or hit[1] is not y:
                hit = self._memo[key] = (x, y, bool(x == y))
            if not hit[2]:
                return False
        return True


def replay(record: CommandRecord, text: str, start: int, before: ElabEnv) -> CommandRecord:
    """`record`'s command, unchanged in `text` at `start`, replayed after `before`."""
    old_before, old_after = record.before, record.after
    kernel = before.kernel
    if record.added:
        kernel = kernel.fork()
        kernel.adopt(old_after.kernel, record.added)
    changes: dict[str, Any] = {"kernel": kernel}
    for name in TABLE_FIELDS:
        old, new = getattr(old_before, name), getattr(old_after, name)
        if new is not old:
            if isinstance(new, dict):
                change = record.table_changes.get(name)
                if change is None:
                    change = record.table_changes[name] = _dict_change(old, new)
                changes[name] = _apply_dict_change(getattr(before, name), change)
            else:
                changes[name] = new
    after = _with_fields(before, changes)
    shift = start - record.start
    end = start + len(record.text)
    snapshot = ReplayedSnapshot(
        T.Span(start, end),
        _reparse(record, text, start, end, before) if shift else _same_command(record.snapshot),
        after,
        [_shift_message(m, record, shift) for m in record.snapshot.messages] if shift else record.snapshot.messages,
        _moved_info(record, shift, before),
    )
    return replace(record, start=start, snapshot=snapshot, before=before)


def _with_fields(env: ElabEnv, changes: dict[str, Any]) -> ElabEnv:
    """`dataclasses.replace`, without its checks: a replay is mostly this, hundreds of times."""
    new = object.__new__(ElabEnv)
    for name in _ALL_FIELDS:
        setattr(new, name, changes[name] if name in changes else getattr(env, name))
    return new


_ALL_FIELDS = tuple(f.name for f in fields(ElabEnv))


def _dict_change(old: dict, new: dict) -> tuple[dict, tuple]:
    """What a command did to a table: the entries it set, and the keys it removed. (Found once per
    command: walking a whole table at every replay made replays cost the size of the tables.)"""
    changed = {}
    for key, value in new.items():
        if old.get(key, _MISSING) is not value:
            changed[key] = frozenset(iter(value)) if isinstance(value, frozenset) else value
    return changed, tuple(key for key in old if key not in new)


def _apply_dict_change(current: dict, change: tuple[dict, tuple]) -> dict:
    changed, removed = change
    table = dict(current)
    table.update(changed)
    for key in removed:
        table.pop(key, None)
    return table


_MISSING = object()


# -- the snapshot at its new place ----------------------------------------------------------------


class ReplayedSnapshot(Snapshot):
    """A snapshot whose syntax tree is parsed when first asked for."""

    @property  # type: ignore[override]
    def command(self) -> T.Command:
        found = self.__dict__["_command"]
        if callable(found):
            found = self.__dict__["_command"] = found()
        return found

    @command.setter
    def command(self, value: Any) -> None:
        self.__dict__["_command"] = value


def _same_command(snapshot: Snapshot) -> Any:
    """The syntax tree of `snapshot` (or what will parse it: an old snapshot is not kept for it)."""
    if isinstance(snapshot, ReplayedSnapshot):
        return snapshot.__dict__["_command"]
    return snapshot.command


def _reparse(record: CommandRecord, text: str, start: int, end: int, before: ElabEnv) -> Callable[[], T.Command]:
    notations = before.notations
    return lambda: parse_resolved(text, start, end, notations)


def _shift_span(span: T.Span, record: CommandRecord, shift: int) -> T.Span:
    """Spans inside the command move with it; others (into `variable` binders, which the engine has
    checked did not move) stay."""
    if record.start <= span.start and span.end <= record.end:
        return T.Span(span.start + shift, span.end + shift)
    return span


def _shift_message(m: Message, record: CommandRecord, shift: int) -> Message:
    return Message(_shift_span(m.span, record, shift), m.severity, m.text)


def _moved_info(record: CommandRecord, shift: int, before: ElabEnv) -> list[InfoNode]:
    views: dict[int, ElabEnv] = {}
    out = []
    for node in record.snapshot.info:
        env = node.env
        if isinstance(env, ElabEnv):
            view = views.get(id(env))
            if view is None:
                kernel = InfoKernelView.over(env.kernel, record.before.kernel, before.kernel)
                view = views[id(env)] = _with_fields(env, {"kernel": kernel})
            env = view
        span = _shift_span(node.span, record, shift) if shift else node.span
        out.append(TacticInfo(span, node.name, node.goals_before, node.goals_after, node.mctx, env))
    return out


class InfoKernelView:
    """The environment a replayed command's tactic would have run in after the edit: the new
    environment before the command, plus what the command had added when the tactic ran (`added`:
    the tactic's environment then, minus the one the command started in)."""

    __slots__ = ("base", "added", "started", "quot_initialized", "nat_ext_verdicts")

    def __init__(self, base: Any, added: Any, started: Any) -> None:
        self.base, self.added, self.started = base, added, started
        self.quot_initialized = base.quot_initialized
        self.nat_ext_verdicts: dict[Name, bool] = {}

    @classmethod
    def over(cls, recorded: Any, recorded_start: Any, base: Any) -> "InfoKernelView":
        if isinstance(recorded, InfoKernelView):  # replayed before: keep the original pair
            return cls(base, recorded.added, recorded.started)
        return cls(base, recorded, recorded_start)

    def find(self, name: Name) -> ConstantInfo | None:
        info = self.base.find(name)
        if info is None and self.started.find(name) is None:
            info = self.added.find(name)
        return info

    def get(self, name: Name) -> ConstantInfo:
        info = self.find(name)
        if info is None:
            from lantern.kernel.errors import KernelError

            raise KernelError(f"unknown constant '{name}'")
        return info

    def __contains__(self, name: Name) -> bool:
        return self.find(name) is not None

    @property
    def order(self) -> tuple[Name, ...]:
        started = self.started
        return self.base.order + tuple(n for n in self.added.order[len(started):] if n not in self.base)

    def __iter__(self) -> Iterator[ConstantInfo]:
        return (self.get(n) for n in self.order)

    def __len__(self) -> int:
        return len(self.order)

    def fork(self) -> Any:
        raise TypeError("the environment of a replayed goal is for printing only")
