"""End-to-end tests of `lantern server` over stdio, with pytest-lsp.

The server runs as a real client starts it (`python -m lantern server --stdio`), one per test module
and client profile: the captured capabilities of VS Code 1.65, Neovim 0.7 and 0.11 and Emacs 29
(pytest-lsp's `client_capabilities`), which ask for different position encodings (UTF-16, UTF-16,
UTF-8, UTF-32). Each test opens its own documents.
"""

from __future__ import annotations

import asyncio
import itertools
import sys
import time
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "lantern", "server", "--stdio"])

# Profile → (pytest-lsp client spec, the position encoding the server must choose for it).
PROFILES = {
    "vscode": ("visual-studio-code@v1.65.2", "utf-16"),
    "neovim-0.7": ("neovim@v0.7.0", "utf-16"),
    "neovim-0.11": ("neovim@v0.11.0", "utf-8"),
    "emacs-29": ("emacs@v29.1", "utf-32"),
}

# The first check in a fresh checkout may have to check the prelude (~6 s, more on a busy machine).
TIMEOUT = 90.0

_uris = itertools.count()


def units(text: str, encoding: str) -> int:
    """The length of `text` in the code units of `encoding` (computed independently of the server)."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    return len(text)


class Session:
    """A client connected to the server, with helpers for documents, progress and goals."""

    def __init__(self, client: LanguageClient, profile: str, encoding: str) -> None:
        self.client = client
        self.profile = profile
        self.encoding = encoding
        self.progress: dict[str, list[tuple[int | None, list[Any]]]] = {}
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}

        @client.feature("$/lean/fileProgress")
        def on_progress(ls: LanguageClient, params: Any) -> None:
            doc = params.textDocument
            self.progress.setdefault(doc.uri, []).append((doc.version, list(params.processing)))

    # -- documents ---------------------------------------------------------------------------------

    def open(self, text: str, name: str = "Test") -> str:
        uri = f"file:///tmp/lantern-e2e/{name}{next(_uris)}.ltn"
        self.versions[uri] = 1
        self.texts[uri] = text
        self.client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(uri=uri, language_id="lantern", version=1, text=text))
        )
        return uri

    def position(self, uri: str, line: int, column: int) -> lsp.Position:
        """The client position of code-point `column` on `line` of the document's current text."""
        line_text = self.texts[uri].split("\n")[line]
        return lsp.Position(line=line, character=units(line_text[:column], self.encoding))

    def at(self, uri: str, needle: str, delta: int = 0, occurrence: int = 0) -> lsp.Position:
        """The client position of the `occurrence`-th `needle` in the current text, plus `delta` code points."""
        text = self.texts[uri]
        offset = -1
        for _ in range(occurrence + 1):
            offset = text.index(needle, offset + 1)
        offset += delta
        line = text.count("\n", 0, offset)
        return self.position(uri, line, offset - (text.rfind("\n", 0, offset) + 1))

    def replace(self, uri: str, old: str, new: str) -> int:
        """An incremental change replacing the first `old` by `new`; returns the new version."""
        text = self.texts[uri]
        start = self.at(uri, old)
        end = self.at(uri, old, len(old))
        i = text.index(old)
        self.texts[uri] = text[:i] + new + text[i + len(old):]
        return self._change(uri, [lsp.TextDocumentContentChangePartial(range=lsp.Range(start=start, end=end), text=new)])

    def set_text(self, uri: str, text: str) -> int:
        """A whole-text change; returns the new version."""
        self.texts[uri] = text
        return self._change(uri, [lsp.TextDocumentContentChangeWholeDocument(text=text)])

    def _change(self, uri: str, changes: list[Any]) -> int:
        self.versions[uri] += 1
        version = self.versions[uri]
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=changes
            )
        )
        return version

    # -- waiting -----------------------------------------------------------------------------------

    def is_done(self, uri: str, version: int) -> bool:
        return any(v == version and not processing for v, processing in self.progress.get(uri, []))

    async def done(self, uri: str, version: int | None = None, timeout: float = TIMEOUT) -> float:
        """Wait for `"processing": []` for this version (default: the latest); the seconds waited."""
        version = self.versions[uri] if version is None else version
        start = time.monotonic()
        while not self.is_done(uri, version):
            if time.monotonic() - start > timeout:
                raise TimeoutError(f"{uri} version {version} not checked after {timeout} s; progress: {self.progress.get(uri)}")
            await asyncio.sleep(0.01)
        return time.monotonic() - start

    def diagnostics(self, uri: str) -> list[lsp.Diagnostic]:
        return list(self.client.diagnostics.get(uri, []))

    async def goal(self, uri: str, position: lsp.Position) -> Any:
        return await self.client.protocol.send_request_async(
            "$/lean/plainGoal",
            {"textDocument": {"uri": uri}, "position": {"line": position.line, "character": position.character}},
        )


async def start_session(lsp_client: LanguageClient, profile: str) -> tuple[Session, lsp.InitializeResult]:
    spec, encoding = PROFILES[profile]
    session = Session(lsp_client, profile, encoding)
    result = await lsp_client.initialize_session(lsp.InitializeParams(capabilities=client_capabilities(spec)))
    return session, result


# pytest-lsp's fixtures give the client itself; the `Session` around it rides on it.


@pytest_lsp.fixture(config=SERVER, params=list(PROFILES), scope="module")
async def any_client(request: pytest.FixtureRequest, lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    """A server per test module and client profile."""
    s, result = await start_session(lsp_client, request.param)
    s.initialize_result = result  # type: ignore[attr-defined]
    lsp_client.lantern_session = s  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, scope="module")
async def vscode_client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    """A server with the VS Code profile only, for behaviour that does not depend on the client."""
    s, result = await start_session(lsp_client, "vscode")
    s.initialize_result = result  # type: ignore[attr-defined]
    lsp_client.lantern_session = s  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def session(any_client: LanguageClient) -> Session:
    return any_client.lantern_session  # type: ignore[attr-defined]


@pytest.fixture
def vscode(vscode_client: LanguageClient) -> Session:
    return vscode_client.lantern_session  # type: ignore[attr-defined]
