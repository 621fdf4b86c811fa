"""A declaration header elaborated ahead of its command: an asynchronous theorem's statement
(`theorem_statement.py`), which the proof job then takes up instead of elaborating the header again
(`kernel_jobs.run_proof_job`). The handing over is a one-slot registry: `preparing(p)` around the
command's elaboration, `take(sig)` where the command would elaborate the header of `sig`."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from lantern.kernel.record import record

from ..syntax import tree as T

if TYPE_CHECKING:
    from .declaration import Header


@record(frozen=True, eq=False)
class PreparedHeader:
    """The header of `sig` and the id counters as they were right after it was elaborated: taken up
    there, the command numbers its variables as if it had elaborated the header itself."""

    sig: T.DeclSig
    header: "Header"
    ids: tuple[int, int, int]


_prepared: PreparedHeader | None = None


@contextmanager
def preparing(prepared: PreparedHeader | None) -> Iterator[None]:
    """Let the command elaborated inside take up `prepared` (once)."""
    global _prepared
    previous, _prepared = _prepared, prepared
    try:
        yield
    finally:
        _prepared = previous


def take(sig: T.DeclSig) -> PreparedHeader | None:
    """The header prepared for `sig`, if any; it is used up (its elaborator goes on with the command)."""
    global _prepared
    prepared = _prepared
    if prepared is None or prepared.sig is not sig:
        return None
    _prepared = None
    return prepared
