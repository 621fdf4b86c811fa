"""Positions in a document: offsets ↔ (line, column).

Everything in the front end works in code-point offsets (Python string indices), 0-based; lines and
columns are 0-based too. Only the edges convert: the language server to the client's position
encoding (UTF-16 by default, or UTF-8 / UTF-32), the command line to 1-based `FILE:LINE:COL`. The
conversion helpers for the server are here so that every edge uses the same arithmetic.

A line ends at `\\n`; a `\\r` before it belongs to the line's text (so a column may point at it), which
is what both Lean and the LSP specification do for `\\r\\n` documents in practice.
"""

from __future__ import annotations

from bisect import bisect_right


class LineIndex:
    """Line starts of one immutable document text; `position` and `offset` are O(log lines)."""

    __slots__ = ("text", "line_starts")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        find = text.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.line_starts = starts

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of a code-point offset; offsets past the end clamp to the end."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.line_starts, offset) - 1
        return line, offset - self.line_starts[line]

    def offset(self, line: int, column: int) -> int:
        """Code-point offset of (line, column); a column past the end of its line clamps to the line's
        end (before its `\\n`), a line past the end clamps to the end of the document."""
        if line < 0:
            return 0
        if line >= len(self.line_starts):
            return len(self.text)
        start = self.line_starts[line]
        return start + max(0, min(column, self.line_end(line) - start))

    def line_end(self, line: int) -> int:
        """Offset of the end of `line`'s text (its `\\n`, or the end of the document)."""
        if line + 1 < len(self.line_starts):
            return self.line_starts[line + 1] - 1
        return len(self.text)

    def line_text(self, line: int) -> str:
        return self.text[self.line_starts[line] : self.line_end(line)]

    # -- position encodings (for the language server) --------------------------------------------

    def encode_column(self, line: int, column: int, encoding: str = "utf-16") -> int:
        """Code-point `column` on `line` → a column in `encoding` units ("utf-8", "utf-16", "utf-32")."""
        if encoding == "utf-32":
            return column
        prefix = self.text[self.line_starts[line] : self.line_starts[line] + column]
        return _units(prefix, encoding)

    def decode_column(self, line: int, units: int, encoding: str = "utf-16") -> int:
        """A column in `encoding` units on `line` → a code-point column (clamped to the line; a unit
        count that falls inside a character rounds up past it)."""
        if line >= len(self.line_starts):
            return 0
        text = self.line_text(line)
        if encoding == "utf-32":
            return min(units, len(text))
        count = 0
        for i, ch in enumerate(text):
            if count >= units:
                return i
            count += _units(ch, encoding)
        return len(text)


def _units(s: str, encoding: str) -> int:
    if s.isascii():
        return len(s)
    if encoding == "utf-8":
        return len(s.encode("utf-8"))
    if encoding == "utf-16":
        return len(s) + sum(1 for ch in s if ord(ch) > 0xFFFF)
    return len(s)
