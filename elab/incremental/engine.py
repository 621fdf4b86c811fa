"""The incremental document engine: one open document, checked command by command, keeping each
command's snapshot so that an edit re-checks only what it can affect.

The language server owns one `Document` per open file. It calls `set_text` on every change and then
`step()` until `complete` (in a worker thread; between steps it may look at `snapshots` or take a
newer text). The engine itself is single-threaded: the caller must not run `set_text` while a `step`
is in progress.

What an edit keeps (DESIGN.md, "Language server"):
- the unchanged prefix of commands, as they are (`reused` counts them);
- after it, a command whose text is unchanged (matched from the end of the document) is *replayed*
  (`replay.py`: its old delta applied to the new environment, its messages and goals moved) when
  none of the constants it depends on (`record.py`: looked up, mentioned, added) is *dirty*, when the
  front end's tables it starts from are equal to those it started from before, and when moving it
  does not move source positions held in those tables (`variable`, `notation`);
- everything else is checked again (`rechecked` counts them; `replayed` the others).

A constant is dirty when it differs from its old self (its kind, type, value — a changed proof too:
a `decide` or a well-founded definition may reduce through it), did not exist before or no longer
does, or when its constants mention a dirty one (so the closure runs through every value). An edited
command is compared with the command it replaced (when the edit replaced as many commands as it
left); other new commands' constants are all dirty, and so are those of commands gone. A dirty
constant that a table holds (an instance, a `@[simp]` lemma, …) re-checks everything after it:
searches cache what they read from those (the simp index).

`dirty` is relative to the old results still waiting to be replayed; it is emptied when none is
left, and only grows while an edit comes before the previous one's replay is complete (the union
over-approximates the difference to every older version).
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from typing import Callable

from lantern.kernel.name import Name

from ..document import Snapshot, blank_prelude_header, empty_env, initial_env
from ..env import ElabEnv
from ..equations import changed_eq_defs
from ..messages import Message
from ..syntax.commands import split_commands
from .compare import infos_equal, registered
from .record import CommandRecord, check_recorded, failed_record
from .replay import TableComparison, replay


class Document:
    def __init__(self, text: str = "", start_env: Callable[[], ElabEnv | None] = lambda: None) -> None:
        """`start_env` gives the environment the document starts in (None: the prelude's, or the empty
        one for a file beginning with `prelude`); called once per `set_text`."""
        self._start_env = start_env
        self.text = ""
        self.snapshots: list[Snapshot] = []  # the checked commands of `text`, in order
        self._records: list[CommandRecord] = []  # what the engine keeps of each, in the same order
        self._spans: list[tuple[int, int]] = []  # every command of `text`
        self._texts: list[str] = []  # their texts
        # Per command of `text` not checked yet: an old result, of the same text (to replay) or of
        # the text it replaced (to compare with: what the edit changed).
        self._old: list[CommandRecord | None] = []
        self._dirty: set[Name] = set()
        self._tables = TableComparison()
        self._env: ElabEnv | None = None  # the environment the first command starts in
        self._own_prelude = False  # whether the text starts with `prelude` (then `_env` is empty)
        self.reused = 0  # how many snapshots the last `set_text` kept as they were
        self.replayed = 0  # how many commands were replayed since the last `set_text`
        self.rechecked = 0  # how many commands were checked since the last `set_text`
        self.set_text(text)

    # -- editing -----------------------------------------------------------------------------------

    def set_text(self, text: str) -> None:
        """Take a new full text: keep the unchanged prefix of commands, and remember the old results
        of the unchanged commands after the edit for replaying."""
        start_env = self._start_env()
        text, own_prelude = (text, False) if start_env is not None else blank_prelude_header(text)
        spans = split_commands(text)
        old: list[tuple[str, CommandRecord | None]] = []
        if self._env is None or own_prelude != self._own_prelude:
            self._env = start_env or (empty_env() if own_prelude else initial_env())
            self._records, self.snapshots, self._dirty = [], [], set()
        else:
            checked = len(self._records)
            for i, command in enumerate(self._texts):
                old.append((command, self._records[i] if i < checked else self._old[i]))
            if not any(r is not None for r in self._old[checked:]):
                self._dirty = set()  # every old result left is of the text just replaced
        texts = [text[s:e] for s, e in spans]
        kept = 0
        limit = min(len(self._records), len(spans))
        while kept < limit and self._spans[kept] == spans[kept] and old[kept][0] == texts[kept]:
            kept += 1
        # The unchanged commands at the end, matched by text (their offsets may have moved).
        tail = 0
        while tail < len(old) - kept and tail < len(spans) - kept and old[-1 - tail][0] == texts[-1 - tail]:
            tail += 1
        self._old = [None] * len(spans)
        for j in range(1, tail + 1):
            self._old[-j] = old[-j][1]
        changed = old[kept : len(old) - tail]
        if len(changed) == len(spans) - tail - kept:  # commands edited in place: compare each
            self._old[kept : len(spans) - tail] = [record for _, record in changed]
        else:  # commands gone or changed: what they added is dirty
            for _, record in changed:
                if record is not None:
                    self._dirty.update(record.added)
        self.text, self._spans, self._texts, self._own_prelude = text, spans, texts, own_prelude
        del self._records[kept:]
        del self.snapshots[kept:]
        self._tables = TableComparison()
        self.reused, self.replayed, self.rechecked = kept, 0, 0

    # -- checking ----------------------------------------------------------------------------------

    @property
    def complete(self) -> bool:
        return len(self.snapshots) == len(self._spans)

    def step(self) -> Snapshot | None:
        """Check (or replay) the next command; None when the document is complete."""
        if self.complete:
            return None
        i = len(self.snapshots)
        start, end = self._spans[i]
        before = self._records[-1].after if self._records else self._env
        assert before is not None
        old = self._old[i]  # let go of only once this step succeeded (a caller may try it again)
        record = None
        if old is not None and old.text == self._texts[i] and self._replayable(old, start, before):
            try:
                record = replay(old, self.text, start, before)
                self.replayed += 1
            except Exception:  # noqa: BLE001 (a bug here must cost a re-check, never the document)
                logging.getLogger(__name__).exception("could not replay the command at %d; checking it again", start)
        if record is None:
            try:
                record = check_recorded(self.text, start, end, before)
            except Exception as ex:  # noqa: BLE001 (a bug must cost this command, never the document)
                logging.getLogger(__name__).exception("internal error checking the command at %d", start)
                record = failed_record(self.text, start, end, before, ex)
            self.rechecked += 1
            self._note_changes(i, record, old)
        self._old[i] = None
        self._records.append(record)
        self.snapshots.append(record.snapshot)
        return record.snapshot

    def run(self) -> list[Snapshot]:
        """Check to the end; the snapshots of the whole document."""
        while self.step() is not None:
            pass
        return self.snapshots

    def _replayable(self, old: CommandRecord, start: int, before: ElabEnv) -> bool:
        dirty = self._dirty
        if dirty and (old.reads_all or not dirty.isdisjoint(old.deps)):
            return False
        if start != old.start and (old.moves_tables or not old.spans_local):
            return False
        return self._tables.equal(before, old.before)

    def _note_changes(self, i: int, new: CommandRecord, old: CommandRecord | None) -> None:
        """After re-checking command `i`: which of its constants are dirty (see the module doc)."""
        if old is None:
            changed = set(new.added)
        else:
            changed = set(old.added).symmetric_difference(new.added)
            if not self._dirty.isdisjoint(new.refs) or not self._dirty.isdisjoint(old.refs):
                changed.update(new.added, old.added)
            else:
                old_kernel, new_kernel = old.after.kernel, new.after.kernel
                for name in set(old.added).intersection(new.added):
                    if not infos_equal(old_kernel.get(name), new_kernel.get(name)):
                        changed.add(name)
            # A changed recipe for an `f.eq_def` made on first use: as if that constant changed.
            changed |= changed_eq_defs(old.before, old.after, new.before, new.after)
        self._dirty |= changed
        # A dirty constant in a table — made dirty here, or put in a table here (`attribute [simp]`).
        if (self._dirty and registered(new.after, self._dirty)) or (old is not None and changed and registered(old.after, changed)):
            self._old[i + 1 :] = [None] * (len(self._old) - i - 1)

    # -- what is known so far ----------------------------------------------------------------------

    @property
    def checked_up_to(self) -> int:
        """The offset up to which the document is checked (the end of the last checked command)."""
        if self.complete:
            return len(self.text)
        return self.snapshots[-1].span.end if self.snapshots else 0

    def command_spans(self) -> list[tuple[int, int]]:
        return list(self._spans)

    def snapshot_at(self, offset: int) -> Snapshot | None:
        """The checked command containing `offset` (a code-point offset), None if not checked yet.
        A position at the boundary of two commands belongs to the earlier (its end)."""
        snapshots = self.snapshots
        i = bisect_left(snapshots, offset, key=lambda s: s.span.end)
        if i < len(snapshots) and snapshots[i].span.start <= offset:
            return snapshots[i]
        return None

    def messages(self) -> list[Message]:
        return [m for s in self.snapshots for m in s.messages]
