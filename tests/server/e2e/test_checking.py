"""How checking behaves over the protocol: `$/lean/fileProgress` in Lean's shape ending with an empty
list, requests answered while the rest of the file is still being checked, edits that supersede a
check, rapid edits, garbage that must not crash the server. Client-independent: VS Code's profile."""

from __future__ import annotations

import asyncio
import random

import pytest
from lsprotocol import types as lsp

from .conftest import Session

pytestmark = pytest.mark.asyncio(loop_scope="module")

PROOF = """theorem first (p q : Prop) (hp : p) (hq : q) : p ∧ q := by
  constructor
  · exact hp
  · exact hq
"""


def slow_tail(n: int) -> str:
    """`n` theorems of about 40 ms each (omega), to keep the server busy for a while."""
    return "".join(f"theorem t{i} (a b c : Nat) (h : a < b) (h2 : b < c) : a + {i} < c + {i} := by omega\n" for i in range(n))


async def test_file_progress_has_lean_shape_and_ends_empty(vscode: Session) -> None:
    text = PROOF + slow_tail(10)
    uri = vscode.open(text)
    await vscode.done(uri)
    notes = vscode.progress[uri]
    assert all(version == 1 for version, _ in notes)
    assert notes[-1][1] == []
    assert len(notes) >= 2
    last_line = text.count("\n")
    for _, processing in notes[:-1]:
        assert len(processing) == 1
        item = processing[0]._asdict()
        assert list(item) == ["range", "kind"] and item["kind"] == 1
        assert item["range"].end._asdict() == {"line": last_line, "character": 0}
    starts = [p[0].range.start.line for _, p in notes[:-1]]
    assert starts == sorted(starts)


async def test_a_goal_is_answered_before_the_rest_of_the_file_is_checked(vscode: Session) -> None:
    uri = vscode.open(PROOF + slow_tail(80))
    answer = await vscode.goal(uri, vscode.at(uri, "constructor"))
    assert answer.goals == ["p q : Prop\nhp : p\nhq : q\n⊢ p ∧ q"]
    assert not vscode.is_done(uri, 1), "the answer waited for the whole file"
    await vscode.done(uri)
    assert vscode.diagnostics(uri) == []


async def test_a_waiting_request_fails_with_content_modified_when_the_text_changes(vscode: Session) -> None:
    text = PROOF + slow_tail(80) + "theorem last : 1 = 1 := by\n  rfl\n"
    uri = vscode.open(text)
    at_rfl = vscode.at(uri, "rfl")
    waiting = asyncio.create_task(vscode.goal(uri, at_rfl))
    while not vscode.progress.get(uri):  # the check is under way, the request waits for the end
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)
    assert not waiting.done()
    vscode.set_text(uri, PROOF)
    with pytest.raises(Exception, match="File changed"):
        await waiting
    # Asked again, the position is about the new text (where it is past the end: null).
    assert await vscode.goal(uri, at_rfl) is None


async def test_an_edit_supersedes_the_check_in_progress(vscode: Session) -> None:
    uri = vscode.open(PROOF + slow_tail(80) + 'def late : Nat := "late"\n')
    while not vscode.progress.get(uri):  # the check is under way
        await asyncio.sleep(0.01)
    version = vscode.set_text(uri, 'def x : Nat := "new"\n')
    await vscode.done(uri, version, timeout=30)
    versions = [v for v, _ in vscode.progress[uri]]
    first_new = versions.index(version)
    assert all(v == version for v in versions[first_new:]), "progress of the old text after the edit"
    await asyncio.sleep(0.3)
    diagnostics = vscode.diagnostics(uri)
    assert len(diagnostics) == 1 and '"new"' in diagnostics[0].message


async def test_rapid_edits_give_the_diagnostics_of_the_last_text(vscode: Session) -> None:
    uri = vscode.open(PROOF + slow_tail(5))
    for i in range(15):
        vscode.set_text(uri, PROOF + slow_tail(5) + f'def x{i} : Nat := "v{i}"\n')
    await vscode.done(uri)
    await asyncio.sleep(0.3)
    diagnostics = vscode.diagnostics(uri)
    assert len(diagnostics) == 1 and '"v14"' in diagnostics[0].message
    assert diagnostics[0].range.start.line == PROOF.count("\n") + 5


async def test_typing_character_by_character(vscode: Session) -> None:
    """Incremental changes, one character each, at the end of a line with astral letters."""
    uri = vscode.open("def 𝔸 : Nat := 2\n-- 𝔸𝔸 α\n")
    typed = "theorem two : 𝔸 = 1 + 1 := rfl"
    for i, ch in enumerate(typed):
        end = vscode.position(uri, 2, len(typed[:i]))  # the end of the text so far, in client units
        vscode.texts[uri] += ch
        vscode._change(uri, [lsp.TextDocumentContentChangePartial(range=lsp.Range(start=end, end=end), text=ch)])
    await vscode.done(uri)
    assert vscode.diagnostics(uri) == []
    # The same typing with an error: the diagnostic lands where the client expects it.
    version = vscode.replace(uri, "1 + 1", "1 + 2")
    await vscode.done(uri, version)
    (diagnostic,) = vscode.diagnostics(uri)
    assert diagnostic.range.start.line == 2


def garbage(seed: int, lines: int) -> str:
    """Random lines of keywords, brackets, tactics and odd characters; many lines start a command."""
    rng = random.Random(seed)
    words = ["def", "theorem", ":=", "by", "(", ")", "⟨", "⟩", "fun", "=>", "match", "with", "|", "intro", "simp",
             "omega", "𝔸", "α", "∀", ",", ".", "#eval", "#check", "  ", "--", "{", "}", "[", "]", "\u2028", "\x00",
             "\ufeff", "inductive", "where", "structure", "namespace", "end", "sorry", "1", "x", "instance", "·"]
    return "\n".join(" ".join(rng.choice(words) for _ in range(rng.randint(1, 12))) for _ in range(lines))


async def test_garbage_does_not_crash_the_server(vscode: Session) -> None:
    deep = "def deep : Nat := " + "(" * 3000 + "1" + ")" * 3000 + "\n"
    unterminated = 'def s := "no end\n/- nor here\n'
    text = garbage(0, 300) + "\n" + deep + "theorem " + "∀ x, " * 500 + "\n" + garbage(1, 200) + "\n" + unterminated
    uri = vscode.open(text)
    await vscode.done(uri)
    lines = text.split("\n")
    for d in vscode.diagnostics(uri):
        assert 0 <= d.range.start.line < len(lines) and d.range.start.line <= d.range.end.line
    # Goals anywhere in the garbage: an answer or null, never a failure.
    for line in range(0, len(lines), max(1, len(lines) // 10)):
        await vscode.goal(uri, lsp.Position(line=line, character=3))
    # Garbage edits too.
    for seed in range(2, 6):
        vscode.set_text(uri, garbage(seed, 50))
    await vscode.done(uri)
    # The server still works.
    good = vscode.open(PROOF)
    await vscode.done(good)
    assert vscode.diagnostics(good) == []
    assert (await vscode.goal(good, vscode.at(good, "constructor"))).goals


async def test_bad_requests_get_errors_not_crashes(vscode: Session) -> None:
    with pytest.raises(Exception, match="closed file"):
        await vscode.goal("file:///tmp/never-opened.ltn", lsp.Position(line=0, character=0))
    with pytest.raises(Exception, match="TextDocumentPositionParams"):
        await vscode.client.protocol.send_request_async("$/lean/plainGoal", {"textDocument": {}})
    uri = vscode.open(PROOF)
    assert (await vscode.goal(uri, vscode.at(uri, "constructor"))).goals


async def test_save_with_another_text_resynchronises(vscode: Session) -> None:
    uri = vscode.open("def x : Nat := 1\n")
    await vscode.done(uri)
    assert vscode.diagnostics(uri) == []
    vscode.client.text_document_did_save(
        lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri), text='def x : Nat := "saved"\n')
    )
    for _ in range(3000):
        if vscode.diagnostics(uri):
            break
        await asyncio.sleep(0.01)
    (diagnostic,) = vscode.diagnostics(uri)
    assert '"saved"' in diagnostic.message
