"""Position conversion at the server's edge, for the three encodings, and incremental changes."""

from __future__ import annotations

import pytest
from lsprotocol import types as lsp

from lantern.elab.syntax.source import LineIndex
from lantern.server.positions import apply_changes, encoding_name, offset_at, position_at, range_of

TEXT = "def 𝔸 : Nat := 1\n  α ∀ 𝔽x\r\nlast"


def pos(line: int, character: int) -> lsp.Position:
    return lsp.Position(line=line, character=character)


@pytest.mark.parametrize("encoding, character", [("utf-32", 6), ("utf-16", 7), ("utf-8", 9)])
def test_after_an_astral_letter(encoding: str, character: int) -> None:
    index = LineIndex(TEXT)
    colon = TEXT.index(":")  # code point 6, after `def 𝔸 `
    assert position_at(index, colon, encoding) == pos(0, character)
    assert offset_at(index, pos(0, character), encoding) == colon


@pytest.mark.parametrize("encoding, x_column", [("utf-32", 7), ("utf-16", 8), ("utf-8", 13)])
def test_second_line(encoding: str, x_column: int) -> None:
    index = LineIndex(TEXT)
    x = TEXT.index("x")
    assert position_at(index, x, encoding) == pos(1, x_column)
    assert offset_at(index, pos(1, x_column), encoding) == x


def test_clamping() -> None:
    index = LineIndex(TEXT)
    assert offset_at(index, pos(0, 999), "utf-16") == TEXT.index("\n")  # past the end of the line
    assert offset_at(index, pos(99, 0), "utf-16") == len(TEXT)  # past the last line
    assert offset_at(index, pos(2, 99), "utf-8") == len(TEXT)  # past the end of the last line
    # Half of a surrogate pair rounds up past the character.
    assert offset_at(index, pos(0, 5), "utf-16") == TEXT.index("𝔸") + 1


def test_range_of() -> None:
    index = LineIndex(TEXT)
    start = TEXT.index("𝔽")
    assert range_of(index, start, start + 2, "utf-16") == lsp.Range(start=pos(1, 6), end=pos(1, 9))


def test_encoding_name() -> None:
    assert encoding_name(lsp.PositionEncodingKind.Utf8) == "utf-8"
    assert encoding_name("utf-32") == "utf-32"
    assert encoding_name(None) == "utf-16"
    assert encoding_name("latin-1") == "utf-16"


def change(start: tuple[int, int], end: tuple[int, int], text: str) -> lsp.TextDocumentContentChangePartial:
    return lsp.TextDocumentContentChangePartial(range=lsp.Range(start=pos(*start), end=pos(*end)), text=text)


def test_incremental_changes_in_each_encoding() -> None:
    # Replace `𝔽x` by `y` on line 1: its columns differ in each encoding.
    columns = {"utf-32": (6, 8), "utf-16": (6, 9), "utf-8": (9, 14)}
    for encoding, (start, end) in columns.items():
        assert apply_changes(TEXT, [change((1, start), (1, end), "y")], encoding) == "def 𝔸 : Nat := 1\n  α ∀ y\r\nlast"


def test_changes_apply_in_order_and_whole_text_changes() -> None:
    changes = [
        change((0, 0), (0, 3), "theorem"),  # the next change refers to the text after this one
        change((0, 8), (0, 8), "𝔹"),
        lsp.TextDocumentContentChangeWholeDocument(text="new\ntext"),
        change((1, 0), (2, 0), "T"),  # across the end of the document
    ]
    assert apply_changes(TEXT, changes[:2], "utf-16") == "theorem 𝔹𝔸 : Nat := 1\n  α ∀ 𝔽x\r\nlast"
    assert apply_changes(TEXT, changes, "utf-16") == "new\nT"


def test_multi_line_and_reversed_ranges() -> None:
    assert apply_changes(TEXT, [change((0, 17), (2, 0), "")], "utf-32") == "def 𝔸 : Nat := 1last"
    assert apply_changes(TEXT, [change((2, 0), (0, 17), "")], "utf-32") == "def 𝔸 : Nat := 1last"
