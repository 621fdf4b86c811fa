"""The check worker, in-process: an internal error becomes an error on its command (after one retry);
a newer text stops the check in progress between commands; a document that cannot be started
reports it. Failures are injected by wrapping the engine's public `Document.step`/`set_text`. The
documents start with `prelude` (an empty environment), so no prelude is loaded."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import pytest

from lantern.elab.incremental import Document
from lantern.server.frontend_lock import FrontEndLock
from lantern.server.worker import CheckWorker, Checked, Event, Started, Stopped

HEADER = "prelude\ninductive N where\n  | z\n  | s (n : N)\n"


def defs(names: list[str]) -> str:
    return HEADER + "".join(f"def {name} : N := N.z\n" for name in names)


class Collector:
    def __init__(self) -> None:
        self.events: list[Event] = []
        self.cond = threading.Condition()

    def post(self, event: Event) -> None:
        with self.cond:
            self.events.append(event)
            self.cond.notify_all()

    def wait_for(self, predicate: Any, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        with self.cond:
            while not predicate(self.events):
                left = deadline - time.monotonic()
                assert left > 0, f"timed out; events: {self.events}"
                self.cond.wait(left)


def complete(generation: int) -> Any:
    return lambda events: any(e.generation == generation and e.complete for e in events)


def next_command(doc: Document) -> str:
    start, end = doc.command_spans()[len(doc.snapshots)]
    return doc.text[start:end]


def failing_step(monkeypatch: pytest.MonkeyPatch, failures: list[int]) -> None:
    """`Document.step` raises on a command containing `boom` while `failures[0]` > 0."""
    real = Document.step

    def step(doc: Document) -> Any:
        if "boom" in next_command(doc) and failures[0] > 0:
            failures[0] -= 1
            raise RuntimeError("boom")
        return real(doc)

    monkeypatch.setattr(Document, "step", step)


def test_an_internal_error_becomes_an_error_on_its_command(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    failing_step(monkeypatch, [2])
    out = Collector()
    worker = CheckWorker("test", FrontEndLock(), out.post)
    text = defs(["a", "boom", "c"])
    with caplog.at_level(logging.ERROR, logger="lantern.server"):
        worker.submit(0, text)
        out.wait_for(complete(0))
    worker.close()
    *checked, stopped = out.events[1:]
    assert [type(e) for e in checked] == [Checked, Checked] and isinstance(stopped, Stopped)  # inductive N, a
    assert stopped.failure.text == (
        "internal error while checking this command: RuntimeError: boom; the rest of the file is checked again after the next edit")
    assert "boom" in text[stopped.failure.span.start:stopped.failure.span.end]
    tracebacks = [r.getMessage() for r in caplog.records if "Traceback" in r.getMessage()]
    assert len(tracebacks) == 2 and all("RuntimeError: boom" in t for t in tracebacks)


def test_a_step_that_fails_once_is_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    failing_step(monkeypatch, [1])
    out = Collector()
    worker = CheckWorker("test", FrontEndLock(), out.post)
    worker.submit(0, defs(["a", "boom", "c"]))
    out.wait_for(complete(0))
    worker.close()
    checked = out.events[1:]
    assert all(isinstance(e, Checked) and not e.snapshot.messages for e in checked) and len(checked) == 4


def test_a_newer_text_stops_the_check_between_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    real = Document.step

    def slow(doc: Document) -> Any:
        time.sleep(0.02)
        return real(doc)

    monkeypatch.setattr(Document, "step", slow)
    out = Collector()
    worker = CheckWorker("test", FrontEndLock(), out.post)
    worker.submit(0, defs([f"d{i}" for i in range(200)]))
    out.wait_for(lambda events: sum(isinstance(e, Checked) for e in events) >= 3)
    with out.cond:
        seen = len(out.events)
    worker.submit(1, defs(["only"]))
    out.wait_for(complete(1))
    worker.close()
    late = [e for e in out.events[seen:] if e.generation == 0]
    assert len(late) <= 1  # at most the command that was in progress
    assert not any(e.generation == 0 and e.complete for e in out.events)
    started = next(e for e in out.events if isinstance(e, Started) and e.generation == 1)
    assert len(started.snapshots) >= 1  # the engine kept the unchanged commands at the start


def test_a_document_that_cannot_start_reports_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(doc: Document, text: str) -> Any:
        raise RuntimeError("no commands today")

    monkeypatch.setattr(Document, "set_text", broken)
    out = Collector()
    worker = CheckWorker("test", FrontEndLock(), out.post)
    worker.submit(0, defs(["a"]))
    out.wait_for(complete(0))
    (started,) = out.events
    assert isinstance(started, Started) and started.failure is not None
    assert started.failure.text == "internal error: cannot check this file: RuntimeError: no commands today"
    monkeypatch.undo()
    worker.submit(1, defs(["a"]))  # the next text starts afresh
    out.wait_for(complete(1))
    worker.close()
    assert [m.text for e in out.events[1:] if isinstance(e, Checked) for m in e.snapshot.messages] == []
