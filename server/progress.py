"""`$/lean/fileProgress`: what part of the file is still being checked, in Lean's exact shape.

Lean's server sends `{"textDocument": {"uri", "version"}, "processing": [{"range", "kind": 1}]}`
with one range from where checking has got to up to the end of the file (`kind` 1: processing; 2
would be fatal errors, which Lantern does not report this way), and `"processing": []` when the
file is done. Clients made for Lean (vscode-lean4's progress bar, lean.nvim) read exactly this.
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable

from lantern.elab.syntax.source import LineIndex

from .open_document import OpenDocument
from .positions import position_at
from .throttle import Throttle

METHOD = "$/lean/fileProgress"
PROCESSING = 1  # Lean's LeanFileProgressKind.processing


def _position_json(index: LineIndex, offset: int, encoding: str) -> dict[str, int]:
    p = position_at(index, offset, encoding)
    return {"line": p.line, "character": p.character}


def file_progress_params(uri: str, version: int | None, index: LineIndex, checked_up_to: int | None, encoding: str) -> dict[str, Any]:
    """The notification's params: `checked_up_to` None means done (an empty list)."""
    processing = []
    if checked_up_to is not None:
        processing.append({
            "range": {
                "start": _position_json(index, max(0, checked_up_to), encoding),
                "end": _position_json(index, len(index.text), encoding),
            },
            "kind": PROCESSING,
        })
    return {"textDocument": {"uri": uri, "version": version}, "processing": processing}


class ProgressPublisher:
    """Sends one document's progress; `update` after each event of its check."""

    def __init__(self, doc: OpenDocument, encoding: str, notify: Callable[[str, Any], None]) -> None:
        self._doc = doc
        self._encoding = encoding
        self._notify = notify
        self._throttle = Throttle(asyncio.get_running_loop(), self._publish)

    def update(self) -> None:
        if self._doc.complete:
            self._throttle.run_now()
        else:
            self._throttle.poke()

    def cancel(self) -> None:
        self._throttle.cancel()

    def _publish(self) -> None:
        doc = self._doc
        if doc.closed:
            return
        up_to = None if doc.complete else max(0, doc.checked_up_to)
        self._notify(METHOD, file_progress_params(doc.uri, doc.version, doc.index, up_to, self._encoding))
