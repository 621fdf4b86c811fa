"""Syntax error messages, worded like Lean's: "unexpected token ')'; expected term",
"expected term after ':='".

The expected set comes from the LALR table: the terminals the parser would shift in its current
state (simulating reductions, and looking through the layout tokens, which the user never types).
Large sets are named by what they start — a term, a tactic, a command — instead of listed.
"""

from __future__ import annotations

from .lr import Parser

_LAYOUT_CLOSERS = frozenset({"_BS", "_BE", "_AE", "_DE"})
_OPENERS = frozenset({"_BB", "_AB", "_DB"})
_CLASSES = {
    "IDENT": "identifier",
    "NUMBER": "number",
    "STRING": "string literal",
    "CHAR": "character literal",
    "OP": "operator",
    "DOC": "doc comment",
    "CTORDOC": "doc comment",
    "PROJ": "projection",
    "DOTIDENT": "'.name'",
    "QHOLE": "'?_'",
    "HASHCMD": "command",
    "DECIMAL": "decimal literal",
    "$END": "end of input",
}
# Terminals whose presence means "a term may start here" / "a tactic" / "a command".
_TERM_MARKS = ("IDENT", "NUMBER", "(")
_TACTIC_MARKS = ("exact", "simp", "intro")
_COMMAND_MARKS = ("def", "theorem", "#check")


def expected_terminals(p: Parser) -> set[str]:
    """The terminals the parser accepts, with layout openers replaced by what may follow them and
    layout closers dropped."""
    out: set[str] = set()
    for k in p.expected():
        if k in _LAYOUT_CLOSERS:
            continue
        if k == "_AB":
            out.add("|")
        elif k in _OPENERS:
            stack = p.after(k)
            saved = p.states
            p.states = stack
            try:
                out.update(k2 for k2 in p.expected() if k2 not in _LAYOUT_CLOSERS and k2 not in _OPENERS)
            finally:
                p.states = saved
        else:
            out.add(k)
    return out


def describe(expected: set[str], display: dict[str, str], term_first: frozenset[str] = frozenset(),
             tactic_first: frozenset[str] = frozenset()) -> str:
    """'term', 'tactic', 'command', or a short list like "')', ',' or ':'". When a term (or tactic) may
    start here but other tokens may come too (`(1 + 2` may go on with an argument, or end with `)`),
    the other tokens are what is missing, and are listed."""
    texts = {display.get(k, k) for k in expected}
    if all(m in texts for m in _COMMAND_MARKS):
        return "command"
    has_term = all(m in texts for m in _TERM_MARKS)
    has_tactic = all(m in texts for m in _TACTIC_MARKS)
    others = {
        k for k in expected
        if not (has_term and k in term_first) and not (has_tactic and k in tactic_first)
        and k != "PROJ" and display.get(k) != ".{"  # continuations nobody is missing
    }
    if not others:
        return "tactic" if has_tactic else "term" if has_term else ""
    named = sorted(_CLASSES[k] if k in _CLASSES else f"'{display.get(k, k)}'" for k in others)
    if len(named) > 6:
        named = named[:6] + ["…"]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " or " + named[-1]


def unexpected(type_: str, text: str) -> str:
    """How to name the offending token."""
    if type_ in ("IDENT",):
        return f"identifier '{text}'"
    if type_ in ("NUMBER", "STRING", "CHAR", "DECIMAL"):
        return f"{_CLASSES[type_]} {text}"
    if type_ in ("DOC", "CTORDOC"):
        return "doc comment"
    return f"token '{text}'"


def syntax_error(p: Parser, g, type_: str | None, text: str, prev: str | None) -> str:
    """The message for a token the parser cannot accept (`type_` None: the end of the command); `g`
    is the `parser.Grammar` (for the display names and the first sets)."""
    what = describe(expected_terminals(p), g.display, g.term_first, g.tactic_first)
    if type_ is None:
        if prev is None:
            return f"expected {what}" if what else "unexpected end of input"
        return f"expected {what} after '{prev}'" if what else f"unexpected end of input after '{prev}'"
    msg = f"unexpected {unexpected(type_, text)}"
    return f"{msg}; expected {what}" if what else msg

