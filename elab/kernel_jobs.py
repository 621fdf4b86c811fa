"""Kernel checks of theorems in a second process while elaboration goes on (`lantern check`).

Checking a theorem's proof is a third of checking a typical file, and nothing later needs it done:
later commands use the theorem's statement only. So a one-shot check admits each theorem unchecked
(`kernel.deferred.admit`) and, at most one at a time, forks a process that checks the admitted
theorems against the environments they were admitted into, while this process elaborates on. The
fork shares the parent's memory, so nothing is serialized: the child reads the declarations where
they are and writes back only the rejected ones, as messages.

A document is reported only after every admitted theorem has been checked (`finish`): by a child,
or here if a child could not be started or did not answer. The entries of a command that fails are
dropped with it, as its constants are. Used only by `check_document` with `defer_proofs=True`; the
language server and `lantern export` check every declaration on entry.
"""

from __future__ import annotations

import os
import pickle
import select
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from lantern.kernel.declaration import Declaration, TheoremDecl
from lantern.kernel.deferred import Deferred, admit, check_deferred
from lantern.kernel.environment import Environment

from .syntax import tree as T

MIN_BATCH = 16  # admitted theorems worth a fork: a fork costs the parent a few ms of copied pages


@dataclass
class _Child:
    pid: int
    fd: int
    batch: list[tuple[Deferred, int, T.Span]]


@dataclass
class KernelJobs:
    """The deferred theorems of one document, and the process checking them. `failures` are
    (command index, span, message) in the order the commands come."""

    command_index: int = 0
    _command: T.Command | None = None
    _current: list[tuple[Deferred, int, T.Span]] = field(default_factory=list)
    _pending: list[tuple[Deferred, int, T.Span]] = field(default_factory=list)
    _child: _Child | None = None
    failures: list[tuple[int, T.Span, str]] = field(default_factory=list)

    def begin_command(self, cmd: T.Command) -> None:
        self._command = cmd

    def may_defer(self, cmd: object, decl: Declaration, add: bool) -> bool:
        """Whether `decl`'s check may wait: a theorem or an `example` of the command itself. Not a
        declaration a command makes on the side (a `where` function, a derived instance, a block's
        member), whose failure its maker may catch and recover from, which a deferred check could
        not report in time."""
        return cmd is self._command and (isinstance(decl, TheoremDecl) or not add)

    def admit(self, env: Environment, decl: Declaration, span: T.Span, add: bool) -> None:
        self._current.append((admit(env, decl, add), self.command_index, span))

    def end_command(self, succeeded: bool) -> None:
        """The command being checked is over: keep its entries if its constants are kept."""
        if succeeded:
            self._pending.extend(self._current)
        self._current, self._command = [], None
        self.command_index += 1
        self._collect(block=False)
        if self._child is None and len(self._pending) >= MIN_BATCH:
            self._spawn()

    def finish(self) -> list[tuple[int, T.Span, str]]:
        """Check everything still unchecked (here, while a child finishes its batch) and return the
        failures."""
        rest, self._pending = self._pending, []
        self._check_here(rest)
        self._collect(block=True)
        self.failures.sort(key=lambda f: (f[0], f[1].start))
        return self.failures

    def stop(self) -> None:
        """Stop a child still running (nothing is reported from it)."""
        child, self._child = self._child, None
        if child is not None:
            import signal

            try:
                os.kill(child.pid, signal.SIGKILL)
                os.waitpid(child.pid, 0)
            except OSError:
                pass
            os.close(child.fd)

    # -- processes ---------------------------------------------------------------------------

    def _spawn(self) -> None:
        batch, self._pending = self._pending, []
        import gc

        # What exists now is shared with the child page by page until either side writes to it; a
        # collection of the old generations here would write to (and so copy) every page of them.
        gc.freeze()
        try:
            read_fd, write_fd = os.pipe()
            pid = os.fork()
        except OSError:
            self._check_here(batch)
            return
        if pid == 0:  # the child: check, answer, and leave without running the parent's exit code
            status = 0
            try:
                os.close(read_fd)
                gc.disable()  # short-lived: collecting would only touch (and copy) shared pages
                rejected = [(i, ex.message) for i, ex in check_deferred([e for e, _, _ in batch])]
                data = pickle.dumps(rejected)
                view = memoryview(data)
                while view:
                    view = view[os.write(write_fd, view):]
            except BaseException:  # noqa: BLE001 (the parent re-checks a batch without an answer)
                status = 1
            finally:
                os._exit(status)
        os.close(write_fd)
        self._child = _Child(pid, read_fd, batch)

    def _collect(self, block: bool) -> None:
        child = self._child
        if child is None:
            return
        if not block and not select.select([child.fd], [], [], 0)[0]:
            return
        chunks = []
        while chunk := os.read(child.fd, 1 << 16):
            chunks.append(chunk)
        os.close(child.fd)
        _, status = os.waitpid(child.pid, 0)
        self._child = None
        try:
            rejected = pickle.loads(b"".join(chunks)) if status == 0 else None
        except Exception:  # noqa: BLE001
            rejected = None
        if rejected is None:  # the child failed: nothing of its batch counts as checked
            self._check_here(child.batch)
            return
        self._record(child.batch, rejected)

    def _check_here(self, batch: list[tuple[Deferred, int, T.Span]]) -> None:
        if batch:
            self._record(batch, [(i, ex.message) for i, ex in check_deferred([e for e, _, _ in batch])])

    def _record(self, batch: list[tuple[Deferred, int, T.Span]], rejected: list[tuple[int, str]]) -> None:
        for i, message in rejected:
            _, command, span = batch[i]
            self.failures.append((command, span, f"(kernel) {message}"))


_active: KernelJobs | None = None


def active() -> KernelJobs | None:
    """The jobs theorems of the command being checked are deferred to, if any."""
    return _active


@contextmanager
def deferring(jobs: KernelJobs | None) -> Iterator[KernelJobs | None]:
    """Defer the theorems of the commands checked inside to `jobs` (nothing, if None). A child still
    running when this is left early (an exception) is stopped."""
    global _active
    previous, _active = _active, jobs
    try:
        yield jobs
    finally:
        _active = previous
        if jobs is not None:
            jobs.stop()
