"""Python's cyclic garbage collector in a long-lived server.

A full collection traverses every object alive: with the 300-theorem file open, ~370 ms, which
Python starts whenever enough objects have survived since the last one — in practice in the middle
of an edit's check, one edit in ten (measured: 40–60 ms an edit, then one of 410 ms). So when a
document has been checked completely, what is alive is frozen (`gc.freeze`): the collector leaves it
alone, and its passes only look at what later checks make.

Frozen objects are never collected, and a replaced snapshot leaves some cyclic garbage (~1,000
objects an edit). After `RECLAIM_AFTER` completed checks, a worker that has been idle for `IDLE_S`
collects it: unfreeze, collect, freeze again (`reclaim`) — a full pass, at a time nobody waits for.
"""

from __future__ import annotations

import gc
import threading

RECLAIM_AFTER = 32  # completed checks between two reclaims of frozen garbage
IDLE_S = 2.0  # how long a worker waits without a new text before it reclaims

_lock = threading.Lock()
_settled_since_reclaim = 0


def settled() -> None:
    """A document has just been checked completely: freeze what is alive now."""
    global _settled_since_reclaim
    with _lock:
        gc.freeze()
        _settled_since_reclaim += 1


def reclaim_due() -> bool:
    return _settled_since_reclaim >= RECLAIM_AFTER


def reclaim() -> None:
    """Collect the garbage frozen since the last reclaim, and freeze what is left."""
    global _settled_since_reclaim
    with _lock:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        _settled_since_reclaim = 0
