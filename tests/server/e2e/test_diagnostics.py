"""Diagnostics over the protocol: the right ranges in every client's position encoding (with an
astral letter, `𝔸`, and `α`, `∀` before the errors), severities, and an edit that fixes an error."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types as lsp

from .conftest import Session

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEXT = """def 𝔸x : Nat := "no"
theorem t (α : Type) (a : α) : ∀ (b : α), a = b := by
  intro b
  exact (rfl : a = 𝔸x)
#eval 1 + 1
theorem s : 1 = 1 := sorry
"""

# (line, start character, end character) of each message, per position encoding, worked out by hand:
# `"no"` follows `def 𝔸x : Nat := ` (16 code points; 𝔸 is 2 UTF-16 units and 4 UTF-8 bytes), and
# `𝔸x` follows `  exact (rfl : a = ` (19 ASCII characters).
EXPECTED = {
    "utf-32": [(0, 16, 0, 20), (3, 19, 3, 21), (4, 0, 4, 11), (5, 8, 5, 17)],
    "utf-16": [(0, 17, 0, 21), (3, 19, 3, 22), (4, 0, 4, 11), (5, 8, 5, 17)],
    "utf-8": [(0, 19, 0, 23), (3, 19, 3, 24), (4, 0, 4, 11), (5, 8, 5, 17)],
}
SEVERITIES = [lsp.DiagnosticSeverity.Error, lsp.DiagnosticSeverity.Error, lsp.DiagnosticSeverity.Information, lsp.DiagnosticSeverity.Warning]


def ranges(diagnostics: list[lsp.Diagnostic]) -> list[tuple[int, int, int, int]]:
    return [(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character) for d in diagnostics]


async def test_the_negotiated_position_encoding(session: Session) -> None:
    assert session.initialize_result.capabilities.position_encoding == session.encoding  # type: ignore[attr-defined]
    sync = session.initialize_result.capabilities.text_document_sync  # type: ignore[attr-defined]
    assert sync.change == lsp.TextDocumentSyncKind.Incremental and sync.open_close


async def test_diagnostics_at_the_right_ranges(session: Session) -> None:
    uri = session.open(TEXT)
    await session.done(uri)
    diagnostics = session.diagnostics(uri)
    assert ranges(diagnostics) == EXPECTED[session.encoding]
    assert [d.severity for d in diagnostics] == SEVERITIES
    assert diagnostics[0].message.startswith("type mismatch\n  \"no\"")
    assert diagnostics[1].message == "unknown identifier '𝔸x'"
    assert diagnostics[2].message == "2"
    assert diagnostics[3].message == "declaration uses 'sorry'"


async def test_an_edit_that_fixes_the_error_clears_it(session: Session) -> None:
    uri = session.open(TEXT)
    await session.done(uri)
    # An incremental change whose range is in the client's units, after the astral letter.
    session.replace(uri, '"no"', "0")
    await session.done(uri)
    diagnostics = session.diagnostics(uri)
    messages = [d.message for d in diagnostics]
    assert not any(m.startswith('type mismatch\n  "no"') for m in messages)
    assert "unknown identifier '𝔸x'" not in messages  # 𝔸x exists now; the proof has another error
    assert messages[-2:] == ["2", "declaration uses 'sorry'"]
    # Fix the proof too: only the information and the warning are left.
    session.replace(uri, "exact (rfl : a = 𝔸x)", "exact sorry")
    await session.done(uri)
    assert [d.severity for d in session.diagnostics(uri)] == [
        lsp.DiagnosticSeverity.Warning, lsp.DiagnosticSeverity.Information, lsp.DiagnosticSeverity.Warning]


async def test_close_withdraws_the_diagnostics(session: Session) -> None:
    uri = session.open('def x : Nat := "no"\n')
    await session.done(uri)
    assert len(session.diagnostics(uri)) == 1
    session.client.text_document_did_close(lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
    for _ in range(200):
        if not session.diagnostics(uri):
            break
        await asyncio.sleep(0.01)
    assert session.diagnostics(uri) == []
