"""`textDocument/publishDiagnostics`: the messages of the checked commands, sent as the check goes.

As Lean's server does, diagnostics are published progressively: each time commands with messages
are checked (at most once per `PUBLISH_INTERVAL` while checking), always once when the text is
completely checked (with its version, even when nothing changed, so that a client sees the
diagnostics of every version it sent), and never for a text that has been replaced. After an edit,
the messages of the commands not yet re-checked are withdrawn, the range still to check being
shown by `$/lean/fileProgress`.
"""

from __future__ import annotations

import asyncio
from typing import Callable

from lsprotocol import types as lsp

from lantern.elab.messages import ERROR, INFO, WARNING, Message
from lantern.elab.syntax.source import LineIndex

from .open_document import OpenDocument
from .positions import range_of
from .throttle import Throttle

SOURCE = "lantern"

SEVERITIES = {
    ERROR: lsp.DiagnosticSeverity.Error,
    WARNING: lsp.DiagnosticSeverity.Warning,
    INFO: lsp.DiagnosticSeverity.Information,
}


def to_diagnostic(message: Message, index: LineIndex, encoding: str) -> lsp.Diagnostic:
    return lsp.Diagnostic(
        range=range_of(index, message.span.start, message.span.end, encoding),
        message=message.text,
        severity=SEVERITIES.get(message.severity, lsp.DiagnosticSeverity.Error),
        source=SOURCE,
    )


class DiagnosticsPublisher:
    """Publishes one document's diagnostics; `update` after each event of its check."""

    def __init__(self, doc: OpenDocument, encoding: str, send: Callable[[lsp.PublishDiagnosticsParams], None]) -> None:
        self._doc = doc
        self._encoding = encoding
        self._send = send
        self._sent: tuple[int | None, list[lsp.Diagnostic]] | None = None
        self._throttle = Throttle(asyncio.get_running_loop(), self._publish)

    def update(self) -> None:
        doc = self._doc
        if doc.complete:
            self._throttle.run_now()
        else:
            self._throttle.poke()

    def _publish(self) -> None:
        doc = self._doc
        if doc.closed:
            return
        diagnostics = [to_diagnostic(m, doc.index, self._encoding) for m in doc.messages]
        sent = self._sent
        if sent is not None and sent[1] == diagnostics and (sent[0] == doc.version or not doc.complete):
            return
        self._sent = (doc.version, diagnostics)
        self._send(lsp.PublishDiagnosticsParams(uri=doc.uri, diagnostics=diagnostics, version=doc.version))

    def clear(self) -> None:
        """The document was closed: withdraw its diagnostics."""
        self._throttle.cancel()
        self._send(lsp.PublishDiagnosticsParams(uri=self._doc.uri, diagnostics=[]))
