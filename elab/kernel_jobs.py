"""Theorem proofs elaborated and kernel-checked in a second process while the document goes on
(`lantern check`), as Lean elaborates each theorem's proof in a task of its own.

Nothing after a theorem needs its proof, only its statement. So a one-shot check hands two kinds of
work to a forked child, at most one child at a time, while this process elaborates on:

- `ProofJob`: a whole `theorem` command. Here only its header is elaborated and the theorem
  admitted by its statement (`command/theorem_statement.py`); the child elaborates the command as
  usual, in the environment the command started from, taking up that header where it would have
  made its own (`command/prepared_header.py`), and sends back its messages. The speculation is
  checked: the child's command must add exactly the admitted theorem with the admitted statement,
  and nobody may have needed the proof meanwhile (reading it raises `PendingProof`). If either
  fails, the document is checked again without speculating (`SpeculationFailed`): slower, never
  different.
- `KernelCheck`: the kernel check of a declaration elaborated here and admitted unchecked
  (`kernel.deferred.admit`): a command's own definition, a theorem or `example` whose statement
  could not be settled before its proof, an equation lemma proved by `rfl`. A check that fails
  also makes the document be checked again in sequence, where it fails on entry as usual.

The fork shares this process's memory, so nothing is serialized on the way in; only messages come
back. A child starts a batch from the kernel caches of the latest environment (`lend_caches`).
A document is reported only after every job has been done: by a child, or here if a child could not
be started or did not answer; at the end this process and a child share what is left. The jobs of a
command that fails are dropped with it. The language server and `lantern export` never use this:
they check every declaration on entry.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator, Union

from lantern.kernel.declaration import SAFE, Declaration, DefinitionDecl, TheoremDecl, TheoremInfo
from lantern.kernel.deferred import Deferred, PendingProof, admit, check_deferred, lend_caches
from lantern.kernel.environment import Environment
from lantern.kernel.record import field, record

from .env import ElabEnv
from .messages import Message
from .syntax import tree as T

if TYPE_CHECKING:
    from .command.prepared_header import PreparedHeader
    from .command.theorem_statement import Statement

# A batch is worth a fork from this much work on, and is cut at the upper bound while the document is
# still being elaborated. A fork costs ~35 ms of CPU (the pages both processes then copy, a child's
# caches to warm; measured by forking for every batch and waiting for it), ~5-10 ms of it here: with
# a bound of 12, a child that kept pace with this process was forked every few commands (up to 44
# forks for the 300-function file; 6-12 with 48, for the same time in alternating runs when the
# machine was quiet, less when it was busy). Bounds of 16, 50 and 100 proofs for the upper bound took
# ~3.3, ~3.0 and ~2.8 s (fewer forks, fewer first jobs).
MIN_BATCH_WEIGHT = 48
MAX_BATCH_WEIGHT = 300
PROOF_WEIGHT = 3  # a whole theorem against a kernel check alone (measured: roughly 3:1)
# At the end of a document, the share of what is left that a child takes at a time: less than half,
# since a child pays for its start and this process would otherwise wait for it.
END_SHARE = 0.4


class SpeculationFailed(Exception):
    """A job did not come out as promised: a theorem other than its statement said, a proof needed
    before it was there, or a declaration the kernel rejects."""


@record(frozen=True, eq=False)
class KernelCheck:
    entry: Deferred
    command: int


@record(frozen=True, eq=False)
class ProofJob:
    command: int
    syntax: T.Command  # parsed here: the same in any process, in the same environment
    start: int
    end: int
    env: ElabEnv  # the environment the command starts from
    statement: Statement | None  # None for an `example`
    prepared: PreparedHeader | None  # the header elaborated here, to be taken up where the job runs


Job = Union[KernelCheck, ProofJob]


def _weight(job: Job) -> int:
    return PROOF_WEIGHT if isinstance(job, ProofJob) else 1


@record
class _Child:
    pid: int
    fd: int
    batch: list[Job]


@record
class KernelJobs:
    """The jobs of one document and the process doing them. After `finish`: the messages of the
    commands done as proof jobs, by command index. A job that does not come out as promised (a
    kernel check that fails, a theorem that is not what its statement said) raises
    `SpeculationFailed`."""

    command_index: int = 0
    _command: T.Command | None = None
    _current: list[Job] = field(default_factory=list)
    _pending: list[Job] = field(default_factory=list)
    _child: _Child | None = None
    _latest: ElabEnv | None = None  # the environment after the last command: its caches are warm
    _warm: bool = False  # whether a proof was done here before the first fork (`_warm_up`)
    proof_messages: dict[int, list[Message]] = field(default_factory=dict)

    # -- the document's side ---------------------------------------------------------------------

    def begin_command(self, cmd: T.Command) -> None:
        self._command = cmd

    def may_defer(self, cmd: object, decl: Declaration, add: bool) -> bool:
        """Whether `decl`'s kernel check may wait: a theorem, a safe definition or an `example` of
        the command itself. Not a declaration a command makes on the side (a `where` function, a
        derived instance, a block's member, an equation lemma), whose failure its maker may catch
        and recover from."""
        if cmd is not self._command:
            return False
        return not add or isinstance(decl, TheoremDecl) or (isinstance(decl, DefinitionDecl) and decl.safety == SAFE)

    def admit(self, env: Environment, decl: Declaration, add: bool = True) -> None:
        """Admit `decl` into `env` now and check it in a job (a failure re-checks the document)."""
        self._current.append(KernelCheck(admit(env, decl, add), self.command_index))

    def statement_first(self, start: int, end: int, cmd: T.Command, env: ElabEnv) -> ElabEnv | None:
        """The environment after theorem `cmd` admitted by its statement, its proof left to a job;
        None if the command is to be checked as usual."""
        from .command.theorem_statement import may_be_asynchronous, statement_only

        if not may_be_asynchronous(cmd):
            return None
        guessed = statement_only(env.fork(), cmd)  # type: ignore[arg-type]
        if guessed is None:
            return None
        after, statement, prepared = guessed
        self._current.append(ProofJob(self.command_index, cmd, start, end, env, statement, prepared))
        return after

    def end_command(self, succeeded: bool, env: ElabEnv | None = None) -> None:
        """The command being checked is over (`env`: the environment after it): keep its jobs if
        its constants are kept."""
        if env is not None:
            self._latest = env
        if succeeded:
            self._pending.extend(self._current)
        self._current, self._command = [], None
        self.command_index += 1
        self._collect(block=False)
        if self._child is None and sum(map(_weight, self._pending)) >= MIN_BATCH_WEIGHT:
            if not self._warm:
                self._warm_up()
            self._spawn()

    def finish(self) -> None:
        """Do every job still undone: this process takes them one by one from the end, and a child,
        whenever none is running, a share of what is left from the front (`END_SHARE`)."""
        while self._pending:
            self._collect(block=False)
            if self._child is None and sum(map(_weight, self._pending)) >= 2 * MIN_BATCH_WEIGHT:
                self._spawn(at_end=True)
            if self._pending:
                self._do_here([self._pending.pop()])
        self._collect(block=True)

    def stop(self) -> None:
        """Stop a child still running (nothing is taken from it)."""
        child, self._child = self._child, None
        if child is not None:
            try:
                os.kill(child.pid, signal.SIGKILL)
                os.waitpid(child.pid, 0)
            except OSError:
                pass
            os.close(child.fd)

    # -- processes ---------------------------------------------------------------------------

    def _warm_up(self) -> None:
        """Do the first proof job here, before any fork: every child then inherits what a first proof
        loads once (the tactic modules, the `@[simp]` index, kernel facts about the prelude's
        constants) instead of paying for it again (measured: a child's first proof took ~50 ms, its
        others ~10)."""
        self._warm = True
        first = next((i for i, job in enumerate(self._pending) if isinstance(job, ProofJob)), None)
        if first is not None:
            self._do_here([self._pending.pop(first)])

    def _spawn(self, at_end: bool = False) -> None:
        limit = int(sum(map(_weight, self._pending)) * END_SHARE) if at_end else MAX_BATCH_WEIGHT
        count = weight = 0
        while count < len(self._pending) and weight < limit:
            weight += _weight(self._pending[count])
            count += 1
        batch, self._pending = self._pending[:count], self._pending[count:]
        # What exists now is shared with the child page by page until either side writes to it; a
        # collection of the old generations here would write to (and so copy) every page of them.
        gc.freeze()
        try:
            read_fd, write_fd = os.pipe()
            pid = os.fork()
        except (OSError, AttributeError):  # (no `fork` on this system)
            self._do_here(batch)
            return
        if pid == 0:  # the child: do the batch, answer, leave without running the parent's exit code
            status = 0
            try:
                os.close(read_fd)
                gc.disable()  # short-lived: collecting would only touch (and copy) shared pages
                global _active
                _active = None
                data = pickle.dumps(run_batch(batch, self._latest))
                view = memoryview(data)
                while view:
                    view = view[os.write(write_fd, view):]
            except BaseException:  # noqa: BLE001 (the parent does a batch without an answer itself)
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
            results = pickle.loads(b"".join(chunks)) if status == 0 else None
        except Exception:  # noqa: BLE001
            results = None
        if results is None:  # the child failed: nothing of its batch counts as done
            self._do_here(child.batch)
        else:
            self._record(child.batch, results)

    def _do_here(self, batch: list[Job]) -> None:
        if batch:
            with _sequentially():
                self._record(batch, run_batch(batch, self._latest))

    def _record(self, batch: list[Job], results: list) -> None:
        for job, result in zip(batch, results):
            if isinstance(job, KernelCheck):
                if result is not None:  # the error belongs where a check on entry would give it
                    raise SpeculationFailed(f"command {job.command}: (kernel) {result}")
            elif result is None:
                raise SpeculationFailed(f"command {job.command}")
            else:
                self.proof_messages[job.command] = result


def run_batch(batch: list[Job], latest: ElabEnv | None = None) -> list:
    """Per job: for a kernel check, None or the kernel's message; for a proof job, the command's
    messages, or None if it did not add exactly the theorem its statement promised. `latest`: an
    environment later than every job's, whose kernel caches the proof jobs start from."""
    results: list = [None] * len(batch)
    if latest is not None:
        for job in batch:
            if isinstance(job, ProofJob):
                lend_caches(job.env.kernel, latest.kernel)
    checks = [i for i, job in enumerate(batch) if isinstance(job, KernelCheck)]
    for k, ex in check_deferred([batch[i].entry for i in checks]):  # type: ignore[union-attr]
        results[checks[k]] = ex.message
    for i, job in enumerate(batch):
        if isinstance(job, ProofJob):
            results[i] = run_proof_job(job)
    return results


def run_proof_job(job: ProofJob) -> list[Message] | None:
    from .command.prepared_header import preparing
    from .document import elaborate_command

    before = job.env.kernel
    try:
        with preparing(job.prepared):
            snapshot = elaborate_command(job.start, job.end, job.syntax, job.env)
    except PendingProof:
        return None  # the proof needs another theorem's proof, which this process does not have
    after = snapshot.env.kernel
    st = job.statement
    added = after.order[len(before):]
    if st is None:  # an `example`: it must add nothing (failing, it adds nothing either)
        return snapshot.messages if not added else None
    info = after.find(st.name)
    if (
        snapshot.env is job.env  # the command failed
        or added != (st.name,)
        or type(info) is not TheoremInfo
        or info.level_params != st.level_params  # type: ignore[union-attr]
        or info.type != st.type  # type: ignore[union-attr]
    ):
        return None
    return snapshot.messages


_active: KernelJobs | None = None


def active() -> KernelJobs | None:
    """The jobs the command being checked hands its theorems to, if any."""
    return _active


@contextmanager
def deferring(jobs: KernelJobs | None) -> Iterator[KernelJobs | None]:
    """Hand the theorems of the commands checked inside to `jobs` (nothing, if None). A child still
    running when this is left is stopped."""
    global _active
    previous, _active = _active, jobs
    try:
        yield jobs
    finally:
        _active = previous
        if jobs is not None:
            jobs.stop()


@contextmanager
def _sequentially() -> Iterator[None]:
    global _active
    previous, _active = _active, None
    try:
        yield
    finally:
        _active = previous
