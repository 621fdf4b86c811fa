"""Text synchronisation: `didOpen`, `didChange` (incremental), `didSave`, `didClose`.

The server keeps each open document's text itself (`OpenDocument`), applying incremental changes
with the negotiated position encoding (`positions.apply_changes`), and hands every new text to the
document's worker. pygls keeps its own copy in its workspace as well; it is not read.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from .positions import apply_changes

if TYPE_CHECKING:
    from .app import LanternServer

log = logging.getLogger(__name__)


def register(server: "LanternServer") -> None:
    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: "LanternServer", params: lsp.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        ls.open_document(item.uri, item.version, item.text)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: "LanternServer", params: lsp.DidChangeTextDocumentParams) -> None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            log.warning("didChange for a document that is not open: %s", params.text_document.uri)
            return
        text = apply_changes(doc.text, params.content_changes, ls.encoding)
        doc.update(text, params.text_document.version)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE, lsp.SaveOptions(include_text=True))
    def did_save(ls: "LanternServer", params: lsp.DidSaveTextDocumentParams) -> None:
        """The text comes with the notification (`includeText`): if it is not the text the changes
        built, the two have drifted apart (a client bug, or a change lost); take the saved one."""
        doc = ls.documents.get(params.text_document.uri)
        if doc is None or params.text is None or params.text == doc.text:
            return
        log.warning("the saved text of %s differs from the synchronised one; checking the saved text", doc.uri)
        doc.update(params.text, doc.version)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: "LanternServer", params: lsp.DidCloseTextDocumentParams) -> None:
        ls.close_document(params.text_document.uri)
