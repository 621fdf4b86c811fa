"""Splitting a document into commands, so that each command is parsed (and re-parsed) on its own.

A command starts at a command keyword (`def`, `theorem`, `#eval`, `private`, …) in column 0, outside
comments and strings. A doc comment `/-- … -/` or an attribute list `@[…]` in column 0 starts the
command it precedes (when what follows it, past whitespace, comments and more attributes, is a command
keyword), so that `/-- doc -/ | ctor` inside an `inductive` stays where it is. Column-0 words that are
not command keywords never start a command: `termination_by`, `decreasing_by`, `deriving` (except
`deriving instance`, a command of its own), `where`, `|`, and any other continuation line. Two more rules keep a command whole:

- `mutual … end`: the declarations of a mutual block are in column 0 too; the block is one command,
  up to and including its column-0 `end`;
- `… in` (`#guard_msgs in`, `open Foo in`, `set_option o v in`): the command after `in` belongs to it.

Spans cover the whole document. Whatever lies between two commands (blank lines, comments, a stray
line) belongs to the command before it, as in Lean, where trailing whitespace and comments belong to
the preceding token; so a command's span runs from its first character to the start of the next
command. Text before the first command belongs to the first command if it is only whitespace and
comments; otherwise it is a span of its own (which then fails to parse, with an error there). A
document with no command at all has no spans if it is blank or only comments, else one span.
"""

from __future__ import annotations

import re

from . import scanner

COMMAND_KEYWORDS: frozenset[str] = frozenset(
    """
    def theorem lemma abbrev example instance opaque axiom inductive coinductive structure class
    mutual namespace section end variable universe open export attribute set_option
    infixl infixr infix prefix postfix notation macro macro_rules syntax elab elab_rules
    declare_syntax_cat private protected noncomputable partial unsafe nonrec scoped local import
    initialize builtin_initialize init_quot
    """.split()
)

_WORD = re.compile(r"#?[A-Za-z_][A-Za-z_0-9]*")
_SCAN = re.compile(r"/-|--|\"|'|\n")
_SPACE = re.compile(r"\s*")


def split_commands(text: str) -> list[tuple[int, int]]:
    """Command spans `[(start, end), …]`: contiguous, in order, covering `text` (see the module doc)."""
    starts = command_starts(text)
    n = len(text)
    if not starts:
        if not text.strip() or _only_comments(text, 0, n):
            return []
        return [(0, n)]
    if starts[0] > 0 and not _only_comments(text, 0, starts[0]):
        starts.insert(0, 0)
    else:
        starts[0] = 0
    return [(s, starts[i + 1] if i + 1 < len(starts) else n) for i, s in enumerate(starts)]


def command_starts(text: str) -> list[int]:
    """Offsets where commands start (the column-0 keyword, or the doc comment / attribute before it)."""
    n = len(text)
    starts: list[int] = []
    comments: list[tuple[int, int]] = []  # comments seen so far, to look back past them
    in_mutual = False
    skip_until = -1  # candidates before this offset belong to a command already started
    i = 0
    line_start = 0
    while True:
        if line_start is not None:
            q = line_start
            line_start = None
            if q >= skip_until and q < n:
                kind = _line_start_kind(text, q, n)
                if kind is not None:
                    word, body = kind  # the command keyword, and where it is
                    if in_mutual:
                        if word == "end" and body == q:
                            in_mutual = False
                    elif not _after_in(text, q, comments):
                        starts.append(q)
                        skip_until = body + 1
                        if word == "mutual":
                            in_mutual = True
        m = _SCAN.search(text, i)
        if m is None:
            return starts
        p = m.start()
        k = m.group()
        if k == "\n":
            i = p + 1
            line_start = i
        elif k == "--":
            nl = text.find("\n", p)
            i = n if nl < 0 else nl
            comments.append((p, i))
        elif k == "/-":
            i = scanner.block_comment_end(text, p, n)
            comments.append((p, i))
        elif k == '"':
            i = scanner.string_end(text, p, n)
        else:
            stop = scanner.char_end(text, p, n)
            i = stop if stop is not None else p + 1


def _line_start_kind(text: str, q: int, n: int) -> tuple[str, int] | None:
    """If a command starts at column-0 offset `q`: (its keyword, the keyword's offset)."""
    c = text[q]
    if c == "@" or c == "/":
        if c == "@" and not text.startswith("@[", q):
            return None
        if c == "/" and not scanner.is_doc_comment(text, q):
            return None
        found = _keyword_after_prefix(text, q, n)
        return found
    m = _WORD.match(text, q)
    if m is None:
        return None
    w = m.group()
    if w in COMMAND_KEYWORDS or (w[0] == "#" and len(w) > 1):
        return w, q
    if w == "deriving" and _DERIVING_INSTANCE.match(text, m.end()):
        return w, q  # `deriving instance C for T` is a command; a `deriving C` clause is not
    return None


_DERIVING_INSTANCE = re.compile(r"[ \t]+instance\b")


def _keyword_after_prefix(text: str, q: int, n: int) -> tuple[str, int] | None:
    """From a doc comment or `@[` at `q`, skip doc comments, comments and attribute lists; return the
    command keyword that follows, if any."""
    i = q
    while i < n:
        i = _SPACE.match(text, i).end()
        if text.startswith("/-", i):
            i = scanner.block_comment_end(text, i, n)
        elif text.startswith("--", i):
            nl = text.find("\n", i)
            i = n if nl < 0 else nl
        elif text.startswith("@[", i):
            i = _attribute_end(text, i, n)
        else:
            m = _WORD.match(text, i)
            if m is None:
                return None
            w = m.group()
            if w in COMMAND_KEYWORDS or (w[0] == "#" and len(w) > 1):
                return w, i
            return None
    return None


def _attribute_end(text: str, i: int, n: int) -> int:
    depth = 0
    while i < n:
        c = text[i]
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        elif c == '"':
            i = scanner.string_end(text, i, n) - 1
        i += 1
    return n


def _after_in(text: str, q: int, comments: list[tuple[int, int]]) -> bool:
    """Is the last significant token before `q` (past whitespace and comments) the keyword `in`?"""
    k = q - 1
    ci = len(comments) - 1
    while k >= 0:
        if text[k].isspace():
            k -= 1
            continue
        while ci >= 0 and comments[ci][0] > k:
            ci -= 1
        if ci >= 0 and comments[ci][0] <= k < comments[ci][1]:
            k = comments[ci][0] - 1
            ci -= 1
            continue
        break
    if k < 1 or text[k - 1 : k + 1] != "in":
        return False
    return k < 2 or not scanner.is_ident_char(text[k - 2])


def _only_comments(text: str, start: int, end: int) -> bool:
    """Is `text[start:end]` only whitespace and comments?"""
    i = start
    for a, b, _doc in scanner.comment_spans(text, start, end):
        if text[i:a].strip():
            return False
        i = b
    return not text[i:end].strip()
