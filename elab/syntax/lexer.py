"""Lexemes of one command: Lean 4's lexical rules, one regular expression.

The lexer classifies text; it does not decide keywords. Which terminal a lexeme becomes is decided by
the parser driver from the parser state (the contextual lexer, see `parser.py`): an identifier-like
lexeme such as `simp` or `only` is a keyword where the grammar accepts that keyword and an identifier
elsewhere, as Lean treats tactic names. Reserved words (`fun`, `let`, `then`, `at`, …) are keywords
everywhere.

Operators: a maximal run of symbol characters (`+`, `+++`, `::`, `≤`, `¬`, `→`, `∘`, `⁻¹`, …) is one
`OP` lexeme, so a user operator such as `+++` needs no grammar change. A run that is exactly a
structural token (`=>`, `|`, `←`, `↦`, `⊢`) is that token instead; `:`, `;`, `,`, brackets, `@`, `·`
and `.` never join a run; primes may end one (`×'`, `+'`). A run of several operators written without spaces (`¬¬p`, `a*-b`) is split
later by the operator resolver, which knows the notation table, by longest match — what Lean's token
table does.

Comments never reach the lexer: `scanner.mask_comments` blanks them first, keeping offsets.
"""

from __future__ import annotations

import re
from typing import Iterator

# Lean's identifier characters (`isLetterLike`, `isSubScriptAlnum`); λ, Π and Σ are not letters.
_LETTER = (
    "A-Za-z_\u03b1-\u03ba\u03bc-\u03c9\u0391-\u039f\u03a1\u03a4-\u03a9\u03ca-\u03fb"
    "\u1f00-\u1ffe\u2100-\u214f\U0001d49c-\U0001d59f"
)
_REST = _LETTER + "0-9'!?\u2080-\u209c\u1d62-\u1d6a"
_PART = f"(?:[{_LETTER}][{_REST}]*|«[^»\\n]*»)"
IDENT_PATTERN = f"{_PART}(?:\\.{_PART})*"

# Symbol characters that form operator runs: ASCII operator characters, and the Unicode blocks of
# mathematical operators, arrows, technical symbols, shapes and superscripts — minus the binders
# `∀ ∃`, the brackets `⟨⟩ ⟦⟧ ⟪⟫ ⦃⦄`, and `·`.
SYMBOL_CHARS = (
    "!$%&*+\\-/<=>^|~\\\\\u00ac\u00d7\u00f7\u00b2\u00b3\u00b9\u2022\u2070-\u207f\u2190-\u21ff"
    "\u2201\u2202\u2204-\u22ff\u2300-\u23ff\u25a0-\u25ff\u27c0-\u27e5\u27f0-\u27ff"
    "\u2900-\u297f\u2980-\u2982\u2985-\u29ff\u2a00-\u2aff\u2b00-\u2bff"
)

_MASTER = re.compile(
    "|".join(
        [
            r"(?P<WS>\s+)",
            r"(?P<DOC>/--[\s\S]*?-/)",
            r'(?P<STRING>"(?:[^"\\]|\\[\s\S])*")',
            r"(?P<CHAR>'(?:[^'\\\n]|\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]+\}|[^\n]))')",
            r"(?P<DECIMAL>[0-9]+\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+)",
            r"(?P<NUMBER>0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|[0-9]+)",
            f"(?P<IDENT>{IDENT_PATTERN})",
            f"(?P<QHOLE>\\?{_PART})",
            r"(?P<HASH>#[A-Za-z_][A-Za-z_0-9]*)",
            r"(?P<PUNCT2><;>|:=|@\[|\.\{)",
            f"(?P<DOT>\\.(?=[0-9{_LETTER}«]))",
            r"(?P<CDOT>·|\.(?=\s|$))",
            f"(?P<OP>(?:::|[{SYMBOL_CHARS}]+)'*)",
            r"(?P<PUNCT>[()\[\]{}⟨⟩⦃⦄,;:@∀∃λ])",
            r"(?P<ERROR>[\s\S])",
        ]
    )
)
_PROJ = re.compile(f"\\.(?:[0-9]+|{_PART})")
_DOTIDENT = re.compile(f"\\.{IDENT_PATTERN}")
# A `.name` right after one of these (no space) is a projection `e.name`; otherwise it is `.name`,
# an identifier in the namespace of the expected type. A string or character literal ends with `"`
# or `'` (`"abc".length`, `'a'.toNat`).
_EXPR_END = re.compile(f"[{_REST})\\]}}⟩⦄»\"']")

# Lexeme kinds.
IDENT = "IDENT"
OP = "OP"
PUNCT = "PUNCT"

Lexeme = tuple[str, str, int, int, bool]
"""(kind, text, start, end, newline_before); offsets are relative to the lexed text."""


def lex(src: str) -> Iterator[Lexeme]:
    """The lexemes of `src` (comments already masked). Kinds: IDENT NUMBER DECIMAL STRING CHAR QHOLE
    HASH DOC PROJ DOTIDENT PUNCT (`(`, `:=`, `<;>`, `·`, …) OP ERROR (one unexpected character)."""
    pos = 0
    n = len(src)
    newline = False
    match = _MASTER.match
    while pos < n:
        m = match(src, pos)
        kind = m.lastgroup
        end = m.end()
        if kind == "WS":
            if not newline and src.find("\n", pos, end) >= 0:
                newline = True
            pos = end
            continue
        if kind == "DOT":
            if pos > 0 and _EXPR_END.match(src, pos - 1):
                m = _PROJ.match(src, pos)
                kind = "PROJ"
            else:
                m = _DOTIDENT.match(src, pos)  # `.5` or `.«` unclosed: not a name
                kind = "DOTIDENT"
            if m is None:
                kind, end = "ERROR", pos + 1
            else:
                end = m.end()
        elif kind == "PUNCT2" or kind == "CDOT":
            kind = PUNCT
        yield kind, src[pos:end], pos, end, newline
        newline = False
        pos = end
