"""Checking off the event loop: one worker thread per open document drives the engine's `Document`.

The event loop only hands texts over (`submit`) and receives events (`Started`, `Checked`,
`Stopped`) through `post`, which the caller makes thread-safe (`loop.call_soon_threadsafe`). Each
text carries a generation number; a newer text cancels the check in progress between two commands,
and the engine, given the new text, keeps what it can of the old snapshots.

Nothing a user types may stop the server: an exception escaping a command's check is logged with its
traceback and becomes an error on that command. (The front end already turns exceptions inside a
command's elaboration into an error on the command and goes on; what escapes the engine's `step` is
rarer — a parser or engine bug — and the engine cannot skip a command through its API, so the check
of that text stops there, and the next edit starts it again.)

Threads, not processes: the snapshots (environments, info trees) must stay where the requests read
them, and pickling them per command would cost more than checking. Should a process pool ever be
used, it must use the `forkserver` or `spawn` start method: `fork` deadlocks with pygls' reader
thread.
"""

from __future__ import annotations

import logging
import threading
import traceback
from typing import Callable, Union

from lantern.elab.document import Snapshot
from lantern.elab.incremental import Document
from lantern.elab.messages import ERROR, Message
from lantern.elab.syntax import tree as T
from lantern.kernel.record import record

from . import memory
from .frontend_lock import FrontEndLock

log = logging.getLogger(__name__)


@record(frozen=True)
class Started:
    """The engine took the text of `generation`: `snapshots` are the commands it kept (checked)."""

    generation: int
    snapshots: tuple[Snapshot, ...]
    complete: bool
    failure: Message | None = None  # the document could not be started at all (e.g. a broken prelude)


@record(frozen=True)
class Checked:
    """One more command of `generation` is checked."""

    generation: int
    snapshot: Snapshot
    complete: bool


@record(frozen=True)
class Stopped:
    """The check of `generation` cannot go on: `failure` is the error on the command it stopped at.
    The text counts as done (requests about later positions get no answer from it, not a wait)."""

    generation: int
    failure: Message
    complete: bool = True


Event = Union[Started, Checked, Stopped]


class CheckWorker:
    """The thread that checks one document. `submit` and `close` may be called from any thread."""

    def __init__(self, name: str, lock: FrontEndLock, post: Callable[[Event], None]) -> None:
        self._lock = lock
        self._post = post
        self._cond = threading.Condition()
        self._pending: tuple[int, str] | None = None
        self._closed = False
        self._doc: Document | None = None
        self._thread = threading.Thread(target=self._run, name=f"lantern-check {name}", daemon=True)
        self._thread.start()

    # -- called from the event loop ----------------------------------------------------------------

    def submit(self, generation: int, text: str) -> None:
        """Check `text` from now on; a check in progress stops after its current command."""
        with self._cond:
            self._pending = (generation, text)
            self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._pending = None
            self._cond.notify()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    # -- the worker thread -------------------------------------------------------------------------

    def _superseded(self) -> bool:
        return self._pending is not None or self._closed

    def _run(self) -> None:
        while True:
            idle = False
            with self._cond:
                while self._pending is None and not self._closed and not idle:
                    if memory.reclaim_due():
                        idle = not self._cond.wait(memory.IDLE_S)
                    else:
                        self._cond.wait()
                if self._closed:
                    return
                work, self._pending = self._pending, None
            if work is None:  # idle, with frozen garbage to reclaim (not under `_cond`: `submit` must not wait)
                memory.reclaim()
                continue
            generation, text = work
            try:
                self._check(generation, text)
            except Exception as ex:  # a bug in the server: report it, start afresh with the next text
                log.exception("the check of generation %d stopped", generation)
                self._doc = None
                self._post(Stopped(generation, internal_error(T.Span(0, 0), "internal error in the language server", ex)))

    def _check(self, generation: int, text: str) -> None:
        with self._lock.for_check():
            try:
                if self._doc is None:
                    self._doc = Document(text)  # loads the prelude (from the disk cache)
                else:
                    self._doc.set_text(text)
            except Exception as ex:
                self._doc = None
                log.exception("cannot start checking the document")
                failure = internal_error(T.Span(0, 0), "internal error: cannot check this file", ex)
                self._post(Started(generation, (), True, failure))
                return
            doc = self._doc
            kept, complete = tuple(doc.snapshots), doc.complete
        self._post(Started(generation, kept, complete))
        while not complete:
            if self._superseded():
                return
            try:
                with self._lock.for_check():
                    snapshot = step_or_fail(doc)
                    complete = doc.complete
            except CommandFailed as failed:
                self._post(Stopped(generation, failed.message))
                return
            self._post(Checked(generation, snapshot, complete))
        memory.settled()


class CommandFailed(Exception):
    """A command whose check raised twice: the error to report on it."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.text)
        self.message = message


def step_or_fail(doc: Document) -> Snapshot:
    """`doc.step()`. An exception escaping it is a bug in Lantern: it is logged with its traceback and
    the step tried once more (a command the engine failed to replay is then checked afresh, as the
    engine has let go of its old result); a second failure raises `CommandFailed` with an error on
    the command."""
    for attempt in (1, 2):
        try:
            snapshot = doc.step()
            assert snapshot is not None
            return snapshot
        except Exception as ex:
            log.error("internal error while checking a command (attempt %d):\n%s", attempt, "".join(traceback.format_exception(ex)))
            error = ex
    start, end = doc.command_spans()[len(doc.snapshots)]
    raise CommandFailed(internal_error(T.Span(start, end), "internal error while checking this command", error,
                                       "; the rest of the file is checked again after the next edit"))


def internal_error(span: T.Span, what: str, ex: BaseException, after: str = "") -> Message:
    detail = "".join(traceback.format_exception_only(type(ex), ex)).strip()
    return Message(span, ERROR, f"{what}: {detail}{after}")
