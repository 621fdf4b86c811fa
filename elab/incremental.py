"""The incremental document engine: one open document, checked command by command, keeping each
command's snapshot so that an edit re-checks only what it can affect.

The language server owns one `Document` per open file. It calls `set_text` on every change and then
`step()` until `complete` (in a worker thread, between steps it may look at `snapshots` or take a
newer text). The engine itself is single-threaded: the caller must not run `set_text` while a `step`
is in progress.

Reuse rule (this version): a command is reused when every command before it was reused and its own
span and text are unchanged — the unchanged prefix of the document. Everything after the first
changed command is checked again.
"""

from __future__ import annotations

from typing import Callable

from .document import Snapshot, blank_prelude_header, check_command, empty_env, initial_env
from .env import ElabEnv
from .messages import Message
from .syntax.commands import split_commands


class Document:
    def __init__(self, text: str = "", start_env: Callable[[], ElabEnv | None] = lambda: None) -> None:
        """`start_env` gives the environment the document starts in (None: the prelude's, or the empty
        one for a file beginning with `prelude`); called once per `set_text`."""
        self._start_env = start_env
        self.text = ""
        self.snapshots: list[Snapshot] = []  # the checked commands of `text`, in order
        self._spans: list[tuple[int, int]] = []  # every command of `text`
        self._env: ElabEnv | None = None  # the environment the first command starts in
        self._own_prelude = False  # whether the text starts with `prelude` (then `_env` is empty)
        self.reused = 0  # how many snapshots the last `set_text` kept (for tests and benchmarks)
        self.set_text(text)

    # -- editing -----------------------------------------------------------------------------------

    def set_text(self, text: str) -> None:
        """Take a new full text; keep the snapshots of the unchanged prefix of commands."""
        old_text, old_snapshots = self.text, self.snapshots
        start_env = self._start_env()
        text, own_prelude = (text, False) if start_env is not None else blank_prelude_header(text)
        new_spans = split_commands(text)
        kept: list[Snapshot] = []
        if self._env is None or own_prelude != self._own_prelude:
            env = start_env or (empty_env() if own_prelude else initial_env())
        else:
            env = self._env
            for snapshot, (start, end) in zip(old_snapshots, new_spans):
                if (snapshot.span.start, snapshot.span.end) != (start, end):
                    break
                if old_text[start:end] != text[start:end]:
                    break
                kept.append(snapshot)
        self.text, self._spans, self._env, self._own_prelude = text, new_spans, env, own_prelude
        self.snapshots = kept
        self.reused = len(kept)

    # -- checking ----------------------------------------------------------------------------------

    @property
    def complete(self) -> bool:
        return len(self.snapshots) == len(self._spans)

    def step(self) -> Snapshot | None:
        """Check the next command; None when the document is complete."""
        if self.complete:
            return None
        start, end = self._spans[len(self.snapshots)]
        env = self.snapshots[-1].env if self.snapshots else self._env
        assert env is not None
        snapshot = check_command(self.text, start, end, env)
        self.snapshots.append(snapshot)
        return snapshot

    def run(self) -> list[Snapshot]:
        """Check to the end; the snapshots of the whole document."""
        while self.step() is not None:
            pass
        return self.snapshots

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
        for snapshot in self.snapshots:
            if snapshot.span.start <= offset <= snapshot.span.end:
                return snapshot
        return None

    def messages(self) -> list[Message]:
        return [m for s in self.snapshots for m in s.messages]

