"""Positions at the edge of the server: LSP `Position`s in the negotiated encoding ↔ code-point offsets.

The engine works in code-point offsets (Python string indices). LSP positions are (line, character)
with the character counted in the units of the position encoding the server and the client agreed on
at `initialize` (`general.positionEncodings`): UTF-16 code units by default, UTF-8 bytes (Neovim
0.11) or code points, i.e. UTF-32 (Emacs eglot 29). pygls negotiates the encoding (its
`ServerCapabilitiesBuilder.choose_position_encoding`: the first of the client's preferences it
supports, else UTF-16); this module converts with the front end's `LineIndex`.

Why not pygls' `TextDocument` and its codec's line handling: it splits lines with `str.splitlines`,
which also breaks at form feed, U+0085, U+2028 and other characters that LSP clients (and Lean) do not
treat as line ends, so a file containing one would be edited at the wrong place; it recomputes all
lines on every conversion (O(file) per position); and it clamps an out-of-range character on the last
line one character short. `LineIndex` breaks lines at `\\n` only, as Lean's `FileMap` does, and
converts in O(log lines).
"""

from __future__ import annotations

from typing import Iterable

from lsprotocol import types as lsp

from lantern.elab.syntax.source import LineIndex

UTF16 = "utf-16"
ENCODINGS = ("utf-8", "utf-16", "utf-32")


def encoding_name(kind: object) -> str:
    """The negotiated `PositionEncodingKind` (enum or string) as `LineIndex` spells it; UTF-16 when
    unknown, which is what the LSP specification says a server must fall back to."""
    value = getattr(kind, "value", kind)
    return value if value in ENCODINGS else UTF16


def offset_at(index: LineIndex, position: lsp.Position, encoding: str) -> int:
    """The code-point offset of a client position. A line past the end is the end of the document; a
    character past the end of its line is the end of the line (the LSP rule); a character count that
    falls inside a character (half of a UTF-16 surrogate pair) rounds up past it."""
    line = max(0, position.line)
    if line >= index.line_count:
        return len(index.text)
    return index.line_starts[line] + index.decode_column(line, max(0, position.character), encoding)


def position_at(index: LineIndex, offset: int, encoding: str) -> lsp.Position:
    line, column = index.position(offset)
    return lsp.Position(line=line, character=index.encode_column(line, column, encoding))


def range_of(index: LineIndex, start: int, end: int, encoding: str) -> lsp.Range:
    return lsp.Range(start=position_at(index, start, encoding), end=position_at(index, max(start, end), encoding))


def apply_changes(text: str, changes: Iterable[object], encoding: str) -> str:
    """The text after a `didChange`'s content changes, applied in order (each change's range refers to
    the text left by the previous ones). A change without a range replaces the whole text."""
    for change in changes:
        change_range = getattr(change, "range", None)
        if change_range is None:
            text = change.text  # type: ignore[attr-defined]
            continue
        index = LineIndex(text)
        start = offset_at(index, change_range.start, encoding)
        end = offset_at(index, change_range.end, encoding)
        if end < start:  # a reversed range: take it as the same span
            start, end = end, start
        text = text[:start] + change.text + text[end:]  # type: ignore[attr-defined]
    return text
