"""Lexical skipping shared by the command splitter and the lexer: comments, strings and chars.

Both the splitter (which must not see a command keyword inside a comment or a string) and the lexer
(which must not see tokens inside comments) need Lean's exact rules, and regular expressions alone
cannot express them because block comments nest. So the rules live here, once:

- `--` starts a line comment that runs to the end of the line;
- `/-` starts a block comment, which nests and ends at the matching `-/`; `/--` starts a doc comment
  (a block comment the parser keeps, attached to the following declaration);
- `"…"` is a string with backslash escapes (it may span lines); comments do not start inside it;
- `'c'` is a char literal, but `'` right after an identifier character is part of the identifier
  (`h'`, `x''`), as in Lean.
"""

from __future__ import annotations

import re

_BLOCK_MARK = re.compile(r"/-|-/")
_STRING_REST = re.compile(r'(?:[^"\\]|\\.)*"', re.S)
_CHAR = re.compile(r"'(?:[^'\\\n]|\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]+\}|[^\n]))'")
# What may start a comment, a string or a char: the only places where scanning needs care.
_INTERESTING = re.compile(r"/-|--|\"|'")


def is_ident_char(c: str) -> bool:
    """Lean's `isIdRest` (letters, digits, `_ ' ! ?`, Greek and letter-like symbols, subscripts)."""
    if c.isascii():
        return c.isalnum() or c in "_'!?"
    o = ord(c)
    return (
        (0x3B1 <= o <= 0x3C9 and o != 0x3BB)
        or (0x391 <= o <= 0x3A9 and o not in (0x3A0, 0x3A3))
        or 0x3CA <= o <= 0x3FB
        or 0x1F00 <= o <= 0x1FFE
        or 0x2100 <= o <= 0x214F
        or 0x1D49C <= o <= 0x1D59F
        or 0x2080 <= o <= 0x209C
        or 0x1D62 <= o <= 0x1D6A
    )


def block_comment_end(text: str, pos: int, end: int) -> int:
    """`text[pos:pos+2]` is `/-`: the offset just after the matching `-/`, or `end` if unterminated."""
    return block_comment_scan(text, pos, end)[0]


def block_comment_scan(text: str, pos: int, end: int) -> tuple[int, bool]:
    """(offset after the comment at `pos`, whether it is closed before `end`)."""
    depth = 1
    i = pos + 2
    while True:
        m = _BLOCK_MARK.search(text, i, end)
        if m is None:
            return end, False
        if m.group() == "/-":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.end(), True
        i = m.end()


def string_end(text: str, pos: int, end: int) -> int:
    """`text[pos]` is `"`: the offset just after the closing quote, or `end` if unterminated."""
    m = _STRING_REST.match(text, pos + 1, end)
    return m.end() if m else end


def char_end(text: str, pos: int, end: int) -> int | None:
    """`text[pos]` is `'`: the offset after the char literal there, or None if it is not one."""
    if pos > 0 and is_ident_char(text[pos - 1]):
        return None
    m = _CHAR.match(text, pos, end)
    return m.end() if m else None


def is_doc_comment(text: str, pos: int) -> bool:
    """Is the block comment at `pos` a doc comment `/-- … -/` (and not the empty comment `/--/`)?"""
    return text.startswith("/--", pos) and not text.startswith("/--/", pos)


def comment_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, bool]]:
    """The comments in `text[start:end]`, in order, as `(start, end, is_doc)`; strings and chars are
    skipped so that `"--"` is not a comment."""
    if end is None:
        end = len(text)
    spans: list[tuple[int, int, bool]] = []
    i = start
    while True:
        m = _INTERESTING.search(text, i, end)
        if m is None:
            return spans
        p = m.start()
        k = m.group()
        if k == "--":
            nl = text.find("\n", p, end)
            stop = end if nl < 0 else nl
            spans.append((p, stop, False))
            i = stop
        elif k == "/-":
            stop = block_comment_end(text, p, end)
            spans.append((p, stop, is_doc_comment(text, p)))
            i = stop
        elif k == '"':
            i = string_end(text, p, end)
        else:
            stop = char_end(text, p, end)
            i = stop if stop is not None else p + 1


def unterminated(text: str, start: int, end: int) -> int | None:
    """The offset of a block comment in `text[start:end]` that is not closed before `end`, if any."""
    for a, _b, _doc in comment_spans(text, start, end):
        if text.startswith("/-", a) and not block_comment_scan(text, a, end)[1]:
            return a
    return None


def mask_comments(text: str, start: int, end: int) -> str:
    """`text[start:end]` with every plain comment replaced by spaces (newlines kept, so offsets and
    columns do not move). A doc comment keeps its `/--` and `-/` but its inside is blanked too, so that
    the lexer finds its end with a simple pattern even when it contains nested comments; the parser
    reads the doc text from the original document."""
    src = text[start:end]
    if "--" not in src and "/-" not in src:
        return src
    spans = comment_spans(text, start, end)
    if not spans:
        return src
    parts: list[str] = []
    last = start
    for a, b, doc in spans:
        parts.append(text[last:a])
        if doc and b - a >= 5 and text.startswith("-/", b - 2):
            parts.append("/--")
            parts.append(_blank(text[a + 3 : b - 2]))
            parts.append("-/")
        else:
            parts.append(_blank(text[a:b]))
        last = b
    parts.append(text[last:end])
    return "".join(parts)


_NOT_NEWLINE = re.compile(r"[^\n]")


def _blank(s: str) -> str:
    return _NOT_NEWLINE.sub(" ", s)
