"""The language server: the pygls `LanguageServer`, its lifecycle, and the `lantern server` entry.

Each feature is a module that registers its handlers (`sync`, `goals`); this module holds what they
share: the open documents, the negotiated position encoding, the front-end lock and the thread that
runs requests in the front end. Handlers run on the event loop and never check anything themselves:
checking happens in each document's worker thread (`worker.py`), requests that need the front end
(printing goals) run on `in_front_end`'s thread, so the loop stays free to read the client's
messages — above all the edits that cancel a check.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any, BinaryIO, Callable, TypeVar

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from . import goals, sync
from .diagnostics import DiagnosticsPublisher
from .frontend_lock import FrontEndLock
from .open_document import OpenDocument
from .positions import encoding_name
from .progress import ProgressPublisher

log = logging.getLogger(__name__)
T = TypeVar("T")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lantern")
    except PackageNotFoundError:
        return "0.0.0"


class LanternServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("lantern", _version(), text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.documents: dict[str, OpenDocument] = {}
        self._publishers: dict[str, tuple[DiagnosticsPublisher, ProgressPublisher]] = {}
        self.front_end = FrontEndLock()
        self._request_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lantern-request")

    @property
    def encoding(self) -> str:
        """The position encoding negotiated at `initialize` ("utf-8", "utf-16" or "utf-32")."""
        return encoding_name(self.workspace.position_encoding)

    # -- documents ---------------------------------------------------------------------------------

    def open_document(self, uri: str, version: int | None, text: str) -> None:
        if uri in self.documents:  # opened twice without a close: start over
            self.close_document(uri, withdraw_diagnostics=False)
        doc = OpenDocument(uri, version, text, self.front_end, self._document_updated)
        self.documents[uri] = doc
        self._publishers[uri] = (
            DiagnosticsPublisher(doc, self.encoding, self.text_document_publish_diagnostics),
            ProgressPublisher(doc, self.encoding, self.protocol.notify),
        )

    def close_document(self, uri: str, withdraw_diagnostics: bool = True) -> None:
        doc = self.documents.pop(uri, None)
        publishers = self._publishers.pop(uri, None)
        if doc is not None:
            doc.close()
        if publishers is not None:
            diagnostics, progress = publishers
            progress.cancel()
            if withdraw_diagnostics:
                diagnostics.clear()

    def _document_updated(self, doc: OpenDocument) -> None:
        publishers = self._publishers.get(doc.uri)
        if publishers is None or self.documents.get(doc.uri) is not doc:
            return
        diagnostics, progress = publishers
        diagnostics.update()  # before the progress: when done, the diagnostics precede "processing": []
        progress.update()

    def close_all(self) -> None:
        for uri in list(self.documents):
            self.close_document(uri, withdraw_diagnostics=False)

    # -- requests ----------------------------------------------------------------------------------

    async def in_front_end(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(*args)` off the event loop, holding the front end (it goes before the next command
        of any check, so it waits at most for the command in progress)."""

        def call() -> T:
            with self.front_end.for_request():
                return fn(*args)

        return await asyncio.get_running_loop().run_in_executor(self._request_thread, call)


class ClientLogHandler(logging.Handler):
    """Forwards the server's errors (internal errors with their tracebacks) to the client's log
    (`window/logMessage`), from whatever thread they are logged on."""

    def __init__(self, server: LanternServer, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(logging.ERROR)
        self._server = server
        self._loop = loop

    def emit(self, record: logging.LogRecord) -> None:
        try:
            params = lsp.LogMessageParams(type=lsp.MessageType.Error, message=self.format(record))
            self._loop.call_soon_threadsafe(self._server.window_log_message, params)
        except Exception:  # noqa: BLE001 - the loop is gone; stderr has the record anyway
            pass


def create_server() -> LanternServer:
    server = LanternServer()
    sync.register(server)
    goals.register(server)

    @server.feature(lsp.INITIALIZED)
    def initialized(ls: LanternServer, params: lsp.InitializedParams) -> None:
        handler = ClientLogHandler(ls, asyncio.get_running_loop())
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
        logging.getLogger("lantern").addHandler(handler)

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: LanternServer, params: None) -> None:
        ls.close_all()

    return server


def protect_stdout() -> BinaryIO:
    """The stream for the protocol, with file descriptor 1 and `sys.stdout` redirected to stderr:
    anything else that writes to stdout (a `print` left somewhere, a C library) would corrupt the
    messages to the client."""
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    return protocol_out


def serve(log_level: str = "WARNING") -> int:
    """Run the server on stdin/stdout until the client says `exit`."""
    logging.basicConfig(stream=sys.stderr, level=getattr(logging, log_level.upper(), logging.WARNING),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    stdin = sys.stdin.buffer
    stdout = protect_stdout()
    create_server().start_io(stdin, stdout)
    return 0
