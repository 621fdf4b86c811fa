"""The server's garbage-collection policy (`server/memory.py`): what is alive when a document is
checked is frozen, so full collections leave it alone; garbage frozen with it is collected once the
worker has been idle after enough checks."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Iterator

import pytest

from lantern.server import memory
from lantern.server.frontend_lock import FrontEndLock
from lantern.server.worker import CheckWorker

from .test_worker import Collector, complete, defs


class Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture(autouse=True)
def fresh_gc_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(memory, "_settled_since_reclaim", 0)
    yield
    gc.unfreeze()


def test_garbage_frozen_with_a_settled_document_waits_for_the_reclaim() -> None:
    cycle = Cycle()
    gone = weakref.ref(cycle)
    memory.settled()  # `cycle` is alive here: frozen with the rest
    del cycle
    gc.collect()
    assert gone() is not None, "a frozen cycle is left alone by a full collection"
    assert not memory.reclaim_due()
    for _ in range(memory.RECLAIM_AFTER - 1):
        memory.settled()
    assert memory.reclaim_due()
    memory.reclaim()
    assert gone() is None and not memory.reclaim_due()
    assert gc.get_freeze_count() > 0  # what is still alive is frozen again


def test_an_idle_worker_reclaims_after_its_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "RECLAIM_AFTER", 2)
    monkeypatch.setattr(memory, "IDLE_S", 0.05)
    reclaimed = threading.Event()
    real = memory.reclaim

    def reclaim() -> None:
        real()
        reclaimed.set()

    monkeypatch.setattr(memory, "reclaim", reclaim)
    events = Collector()
    worker = CheckWorker("t", FrontEndLock(), events.post)
    try:
        worker.submit(1, defs(["a"]))
        events.wait_for(complete(1))
        assert not reclaimed.wait(0.3), "one check is not enough to reclaim"
        worker.submit(2, defs(["a", "b"]))
        events.wait_for(complete(2))
        assert reclaimed.wait(10), "the idle worker did not reclaim"
        assert not memory.reclaim_due()
    finally:
        worker.close()
        worker.join(10)
