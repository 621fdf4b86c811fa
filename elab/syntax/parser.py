"""Parsing one command: a driver that feeds tokens to the LALR parser one at a time.

The grammar is `grammar.lark`, compiled by lark into LALR(1) tables (`grammar.py`, cached on disk)
and run by `lr.py`. Lark's own lexers are not used: the driver lexes with `lexer.py` and decides two
things between tokens from the parser state, which a lark lexer (even the contextual one, or a
post-lexer) cannot see once layout tokens are inserted:

- the contextual lexer: which terminal a lexeme becomes. A reserved word (`fun`, `then`, `at`, …) or
  structural symbol (`=>`, `|`, `←`) is always its keyword; any other word or operator the grammar
  uses as a literal (`simp`, `only`, `using`, `max`, `*` in `simp [*]`, `::` in `mk ::`) is that
  literal where the parser accepts it and an identifier / operator elsewhere — so `exact rfl` and
  `rfl` (the tactic) both work, as in Lean, where tactic names are keywords only at tactic start;
- layout (`layout.py`): virtual tokens from columns and from what the parser can accept.

The syntax tree is built during the parse (`build.Builder`), with spans in document offsets. A
command that does not parse becomes a `ParseError` node with the offending token's span and a
Lean-like message; the other commands are not affected, since each command is parsed on its own
(`commands.split_commands`).
"""

from __future__ import annotations

from . import messages
from .build import SyntaxProblem, Tok
from .commands import split_commands
from .grammar import Grammar, grammar
from .layout import Layout
from .lexer import IDENT, OP, PUNCT, lex
from .lr import Parser
from .scanner import mask_comments, unterminated
from .tree import Command, ParseError, Span, Term

_OPENING = frozenset({"(", "[", "{", "⟨", "⦃", "@[", ".{"})
_CLOSING = frozenset({")", "]", "}", "⟩", "⦄"})


class _Fail(Exception):
    def __init__(self, span: Span, message: str) -> None:
        super().__init__(message)
        self.span = span
        self.message = message


def parse_command(text: str, start: int = 0, end: int | None = None) -> Command:
    """Parse the command `text[start:end]` (a span from `split_commands`); spans are offsets into
    `text`. Never raises on bad input: a syntax error is a `ParseError` node."""
    if end is None:
        end = len(text)
    return _parse(text, start, end, "command")


def parse_term(text: str, start: int = 0, end: int | None = None) -> Term | ParseError:
    """Parse `text[start:end]` as a term (operators unresolved), for tools and tests."""
    if end is None:
        end = len(text)
    return _parse(text, start, end, "term")


def parse_document(text: str) -> list[Command]:
    """Split `text` into commands and parse each."""
    return [parse_command(text, a, b) for a, b in split_commands(text)]


def _parse(text: str, start: int, end: int, rule: str):
    g = grammar()
    try:
        return _drive(g, text, start, end, rule)
    except (_Fail, SyntaxProblem) as e:
        return ParseError(e.span, e.message)


def _lexical_error(text: str, start: int, end: int, rel: int, char: str) -> tuple[Span, str]:
    pos = start + rel
    if char == '"':
        return Span(pos, end), "unterminated string literal"
    if char == "'":
        return Span(pos, pos + 1), "invalid character literal"
    return Span(pos, pos + 1), f"unexpected character '{char}'"


def _drive(g: Grammar, text: str, start: int, end: int, rule: str):
    src = mask_comments(text, start, end)
    if text.find("/-", start, end) >= 0:
        bad = unterminated(text, start, end)
        if bad is not None:
            raise _Fail(Span(bad, end), "unterminated comment")
    base_col = start - (text.rfind("\n", 0, start) + 1)
    parser = Parser(g.tables, rule)
    feed = parser.feed
    lay = Layout(parser)
    ctxs = lay.ctxs
    ident_cands, op_cands, punct_cands, class_cands = g.ident_cands, g.op_cands, g.punct_cands, g.class_cands
    ident_only, op_only = ("IDENT",), ("OP",)
    prev: Tok | None = None
    prev_rel = 0

    def col(rel: int) -> int:
        nl = src.rfind("\n", 0, rel)
        return rel - nl - 1 if nl >= 0 else base_col + rel

    lexemes = list(lex(src))
    for i, (kind, lexeme, a, b, nl) in enumerate(lexemes):
        if kind == IDENT:
            cands = ident_cands.get(lexeme, ident_only)
        elif kind == OP:
            cands = op_cands.get(lexeme, op_only)
        elif kind == PUNCT:
            cands = punct_cands[lexeme]
        elif kind == "HASH":
            cands = g.hash_cands.get(lexeme, ("HASHCMD",))
        elif kind == "ERROR":
            raise _Fail(*_lexical_error(text, start, end, a, lexeme))
        elif kind == "DOC" and i + 1 < len(lexemes) and lexemes[i + 1][1] == "|":
            cands = ("CTORDOC",)  # a constructor's doc comment (see grammar.lark)
        else:
            cands = class_cands[kind]
        if ctxs:
            if nl:
                lay.line_start(cands, lexeme, col(a), len(cands) == 1 and cands[0] not in class_cands)
            if kind == PUNCT and lexeme in _CLOSING:
                lay.close_for_bracket()
        if kind == "DOC":
            value = text[start + a : start + b]
        elif kind == OP and lexeme == "<-":
            value = "←"
        else:
            value = lexeme
        tok = Tok(cands[0], value, start + a, start + b)
        if not feed(cands[0], tok):
            t = lay.choose(cands[1:]) if len(cands) > 1 else None
            if t is None:
                anchor = prev is not None and prev.value == "calc" and not nl
                t = lay.repair(cands, lexeme, col(a), col(prev_rel), anchor)
                if t is None:
                    msg = messages.syntax_error(parser, g, cands[0], lexeme, None)
                    raise _Fail(Span(start + a, start + b), msg)
            tok.type = t
            feed(t, tok)
        if kind == PUNCT:
            if lexeme in _OPENING:
                lay.depth += 1
            elif lexeme in _CLOSING:
                lay.depth -= 1
        prev = tok
        prev_rel = a

    result = parser.finish() if lay.finish() else None
    if result is None:
        end_span = Span(prev.end, prev.end) if prev is not None else Span(start, start)
        msg = messages.syntax_error(parser, g, None, "", None if prev is None else prev.value)
        raise _Fail(end_span, msg)
    return result
