"""Helpers for the syntax tests: parse snippets, render trees compactly, and check spans."""

from __future__ import annotations

import dataclasses

from lantern.elab.syntax import tree as T
from lantern.elab.syntax.operators import NotationTable, resolve_all
from lantern.elab.syntax.parser import parse_command, parse_term


def cmd(text: str):
    """Parse one command; fail the test on a ParseError."""
    c = parse_command(text)
    assert not isinstance(c, T.ParseError), f"{c.message} at {c.span}: {text[c.span.start:c.span.end]!r}"
    return c


def term(text: str):
    t = parse_term(text)
    assert not isinstance(t, T.ParseError), f"{t.message} at {t.span}"
    return t


def resolved(text: str, table: NotationTable | None = None):
    return resolve_all(term(text), table)


def show(x) -> str:
    """A compact rendering of a (resolved or not) term, for shape assertions."""
    if isinstance(x, T.Ident):
        return x.name
    if isinstance(x, T.NumLit):
        return str(x.value)
    if isinstance(x, T.StrLit):
        return repr(x.value)
    if isinstance(x, T.CharLit):
        return f"'{x.value}'"
    if isinstance(x, T.Hole):
        return ("?" + (x.name or "_")) if x.synthetic else "_"
    if isinstance(x, T.OpApp):
        return f"({x.symbol} " + " ".join(show(a) for a in x.args) + ")"
    if isinstance(x, T.OpSeq):
        return "[" + " ".join(show(i) for i in x.items) + "]"
    if isinstance(x, T.OpToken):
        return x.symbol
    if isinstance(x, T.App):
        return "(" + show(x.fn) + " " + " ".join(show(a) for a in x.args) + ")"
    if isinstance(x, T.NamedArg):
        return f"({x.name} := {show(x.value)})"
    if isinstance(x, T.Paren):
        return "(paren " + show(x.term) + ")"
    if isinstance(x, T.Pi):
        return "(Π " + " ".join(show(b) for b in x.binders) + ", " + show(x.body) + ")"
    if isinstance(x, T.Exists):
        return "(∃ " + " ".join(show(b) for b in x.binders) + ", " + show(x.body) + ")"
    if isinstance(x, T.Binder):
        br = {"default": "()", "implicit": "{}", "strict": "⦃⦄", "inst": "[]"}[x.kind]
        inner = " ".join(x.names) + ("" if x.type is None else " : " + show(x.type))
        return br[0] + inner.strip() + br[-1]
    if isinstance(x, T.Fun):
        return "(fun " + " ".join(show(b) for b in x.binders) + " => " + show(x.body) + ")"
    if isinstance(x, T.SortTerm):
        return x.keyword + ("" if x.level is None else " " + show_level(x.level))
    if isinstance(x, T.Proj):
        return f"{show(x.target)}.{x.field}"
    if isinstance(x, T.Tuple):
        return "(tuple " + " ".join(show(i) for i in x.items) + ")"
    if isinstance(x, T.AnonCtor):
        return "⟨" + ", ".join(show(i) for i in x.items) + "⟩"
    if isinstance(x, T.ListLit):
        return "[list " + ", ".join(show(i) for i in x.items) + "]"
    if isinstance(x, T.Typed):
        return f"({show(x.term)} : {show(x.type)})"
    if isinstance(x, T.CDot):
        return "·"
    if isinstance(x, T.DotIdent):
        return "." + x.name
    if isinstance(x, T.Explicit):
        return "@" + show(x.ident)
    if isinstance(x, T.Sorry):
        return "sorry"
    return type(x).__name__


def show_level(lv) -> str:
    if isinstance(lv, T.LevelNum):
        return str(lv.value)
    if isinstance(lv, T.LevelName):
        return lv.name
    if isinstance(lv, T.LevelAdd):
        return f"({show_level(lv.level)}+{lv.offset})"
    if isinstance(lv, T.LevelMax):
        return ("(imax " if lv.imax else "(max ") + " ".join(show_level(a) for a in lv.args) + ")"
    return "_"


def nodes(x):
    """Every tree node (dataclass instance) reachable from `x`, parents first."""
    stack = [x]
    while stack:
        y = stack.pop()
        if isinstance(y, (tuple, list)):
            stack.extend(reversed(y))
        elif isinstance(y, dict):
            stack.extend(reversed(list(y.values())))
        elif dataclasses.is_dataclass(y) and not isinstance(y, type):
            yield y
            for f in dataclasses.fields(y):
                stack.append(getattr(y, f.name))


def check_spans(text: str, root) -> None:
    """Every span lies inside the document and inside its parent's span, and does not start or end
    with whitespace; and the tree holds nothing but nodes, tuples, dicts and plain values (no parser
    intermediates)."""
    def visit(y, outer: T.Span | None) -> None:
        if isinstance(y, (tuple, list)):
            for z in y:
                visit(z, outer)
            return
        if isinstance(y, dict):
            for z in y.values():
                visit(z, outer)
            return
        if not (dataclasses.is_dataclass(y) and not isinstance(y, type)):
            assert y is None or isinstance(y, (str, int, bool, float)), f"not a tree value: {y!r}"
            return
        span = getattr(y, "span", None)
        if isinstance(span, T.Span):
            assert 0 <= span.start <= span.end <= len(text), (y, span)
            if span.end > span.start:
                piece = text[span.start:span.end]
                assert piece == piece.strip(), (type(y).__name__, piece)
            if outer is not None:
                assert outer.start <= span.start and span.end <= outer.end, (type(y).__name__, span, outer)
            outer = span
        for f in dataclasses.fields(y):
            if f.name != "span":
                visit(getattr(y, f.name), outer)

    visit(root, None)


def text_of(text: str, node) -> str:
    return text[node.span.start:node.span.end]
