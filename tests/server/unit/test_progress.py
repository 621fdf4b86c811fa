"""`$/lean/fileProgress` params in Lean's exact shape."""

from __future__ import annotations

from lantern.elab.syntax.source import LineIndex
from lantern.server.progress import file_progress_params


def test_processing_from_the_checked_position_to_the_end() -> None:
    text = "def 𝔸 := 1\ndef b := 2\n"
    params = file_progress_params("file:///a.ltn", 7, LineIndex(text), text.index("\n") + 1, "utf-16")
    assert params == {
        "textDocument": {"uri": "file:///a.ltn", "version": 7},
        "processing": [{"range": {"start": {"line": 1, "character": 0}, "end": {"line": 2, "character": 0}}, "kind": 1}],
    }


def test_done_is_an_empty_list() -> None:
    assert file_progress_params("file:///a.ltn", 2, LineIndex("x"), None, "utf-8") == {
        "textDocument": {"uri": "file:///a.ltn", "version": 2},
        "processing": [],
    }
