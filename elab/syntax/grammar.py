"""The compiled grammar: built from `grammar.lark` by lark (LALR), cached on disk, loaded once.

Lark analyses the grammar into LALR(1) tables, which takes most of a second; `lr.Tables` compiles
them into plain dicts of ints and strings. Those compiled tables (with the grammar's literal tokens) are
pickled to a cache file keyed by the grammar text and the table format, so a process
start reads about 200 KB of plain data (a few milliseconds) and does not import lark at all. (Lark's
own `cache=` option would also work, but loading it still builds lark's objects: about 70–100 ms on the
machine these numbers come from, against 2–3 ms here.) A stale or unreadable cache is rebuilt and
replaced atomically; an unwritable cache directory only costs the rebuild.
"""

from __future__ import annotations

import os
import threading

from .build import Builder
from .lr import Tables

GRAMMAR_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "grammar.lark")
FORMAT = "lantern-lr-2"  # bump when `lr.Tables` data or this file's cached fields change

# Words that are keywords everywhere (as in Lean, where they cannot be identifiers). Every other
# word the grammar uses (tactic names, `only`, `using`, `generalizing`, `hiding`, `max`, …) is a
# keyword only where the parser accepts it.
RESERVED_WORDS = frozenset(
    """
    def theorem abbrev example instance opaque axiom inductive structure class mutual namespace
    section end variable universe open attribute set_option infixl infixr infix prefix postfix
    notation private protected noncomputable partial unsafe fun let have show from by at with then
    else if match where termination_by decreasing_by deriving extends calc Type Sort Prop sorry in
    suffices _
    """.split()
)
# Operator runs that are structural tokens (with `<-` as the ASCII spelling of `←`).
RESERVED_SYMBOLS = {"=>": "=>", "|": "|", "←": "←", "<-": "←", "↦": "↦", "⊢": "⊢"}
TOKEN_CLASSES = ("IDENT", "NUMBER", "STRING", "CHAR", "OP", "DOC", "CTORDOC", "PROJ", "DOTIDENT", "QHOLE", "HASHCMD", "DECIMAL")


class Grammar:
    """The tables the driver needs: the LALR tables, and for each lexeme the terminals it may be."""

    def __init__(self, data: dict) -> None:
        self.tables = t = Tables(data["tables"], Builder())
        literal: dict[str, str] = data["literal"]  # literal text → terminal name
        self.literal = literal
        self.display = {name: text for text, name in literal.items()}
        # The terminals a term / a tactic can start with (for error messages).
        self.term_first = frozenset(k for k in t.action[t.start_states["term"]] if k in t.terminals)
        self.tactic_first = frozenset(data["tactic_first"])
        # Candidate terminals of a lexeme, most specific first (see `parser` on contextual keywords).
        self.ident_cands: dict[str, tuple[str, ...]] = {}
        self.op_cands: dict[str, tuple[str, ...]] = {}
        self.punct_cands: dict[str, tuple[str, ...]] = {}
        self.hash_cands: dict[str, tuple[str, ...]] = {}
        for text, name in literal.items():
            if text[0] == "#":
                self.hash_cands[text] = (name,)
            elif text[0].isalpha() or text[0] == "_":
                self.ident_cands[text] = (name,) if text in RESERVED_WORDS else (name, "IDENT")
            else:
                self.op_cands[text] = (name,) if text in RESERVED_SYMBOLS else (name, "OP")
            self.punct_cands[text] = (name,)
        for text, canonical in RESERVED_SYMBOLS.items():
            self.op_cands[text] = (literal[canonical],)
        self.punct_cands["."] = (literal["·"],)
        self.class_cands = {k: (k,) for k in TOKEN_CLASSES}


def build_data(grammar_text: str) -> dict:
    """Run lark on the grammar and compile its tables (the slow path, about a second)."""
    from lark import Lark
    from lark.lexer import Lexer

    class NoLexer(Lexer):
        """Lark wants a lexer; the driver lexes itself (see `parser`)."""

        __future_interface__ = 2

        def __init__(self, lexer_conf) -> None:
            pass

        def lex(self, lexer_state, parser_state):
            raise TypeError("Lantern's parser is driven by parser.parse_command")

    lk = Lark(grammar_text, parser="lalr", lexer=NoLexer, start=["command", "term"], keep_all_tokens=True,
              maybe_placeholders=False)
    tables = Tables.from_lark(lk.parser.parser._parse_table, Builder())
    literal = {str(t.pattern.value): str(t.name) for t in lk.terminals if t.pattern.type == "str"}
    tactic_first = sorted(
        {str(r.expansion[0].name) for r in lk.rules if r.origin.name == "tac" and r.expansion and r.expansion[0].is_term}
    )
    return {"tables": tables.to_data(), "literal": literal, "tactic_first": tactic_first}


def load_grammar(cache: bool = True) -> Grammar:
    """The compiled grammar, from the cache if it is current, else built (and cached)."""
    from .. import cache as disk

    with open(GRAMMAR_PATH, encoding="utf-8") as f:
        text = f.read()
    key = FORMAT + "\0" + text  # compared whole (~20 KB): hashing it would import `hashlib`, ~4 ms
    data = disk.load(f"grammar-{FORMAT}", key) if cache else None
    if data is None:
        data = build_data(text)
        if cache:
            disk.store(f"grammar-{FORMAT}", key, data)
    return Grammar(data)


_lock = threading.Lock()
_grammar: Grammar | None = None


def grammar() -> Grammar:
    """The process-wide grammar, loaded on first use."""
    global _grammar
    if _grammar is None:
        with _lock:
            if _grammar is None:
                _grammar = load_grammar()
    return _grammar
