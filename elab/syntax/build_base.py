"""The pieces the tree builders share: the parser's token, intermediate parts, errors, and helpers
for spans, names, binders and escapes (see `build.py` for what building a tree means here)."""

from __future__ import annotations

import re

from .tree import (
    App, Binder, DeclSig, FunMatch, Hole, Ident, ListLit, Modifiers, Paren, Span, Typed,
)


class Tok:
    """A token as the parser sees it. Layout tokens (`_BB`, …) have no position (`start` is None)."""

    __slots__ = ("type", "value", "start", "end")

    def __init__(self, type: str, value: str, start: int | None, end: int | None) -> None:
        self.type = type
        self.value = value
        self.start = start
        self.end = end

    def __repr__(self) -> str:
        return f"Tok({self.type}, {self.value!r}, {self.start}, {self.end})"


class Part:
    """An intermediate piece of a node (`tag` says which), with its span."""

    __slots__ = ("tag", "span", "value")

    def __init__(self, tag: str, span: Span | None, value: object) -> None:
        self.tag = tag
        self.span = span
        self.value = value


class SyntaxProblem(Exception):
    """Raised by a callback: the text parsed, but is not valid syntax."""

    def __init__(self, span: Span, message: str) -> None:
        super().__init__(message)
        self.span = span
        self.message = message


# ----------------------------------------------------------------------------------------------
# Helpers


def _sp(x: object) -> Span | None:
    if x.__class__ is Tok:
        return None if x.start is None else Span(x.start, x.end)
    return getattr(x, "span", None)


def span_of(c: list) -> Span:
    """From the first positioned child to the last."""
    start = end = None
    for x in c:
        if x.__class__ is Tok:
            if x.start is not None:
                start = x.start
                break
        else:
            s = x.span
            if s is not None:
                start = s.start
                break
    for x in reversed(c):
        if x.__class__ is Tok:
            if x.start is not None:
                end = x.end
                break
        else:
            s = x.span
            if s is not None:
                end = s.end
                break
    if start is None:
        return Span(0, 0)
    return Span(start, end)


def _tok_span(t: Tok) -> Span:
    return Span(t.start, t.end)


def _is(x: object, value: str) -> bool:
    return x.__class__ is Tok and x.value == value


def _toks(c: list, *types: str) -> list[Tok]:
    return [x for x in c if x.__class__ is Tok and x.type in types]


def _part(c: list, tag: str) -> Part | None:
    for x in c:
        if x.__class__ is Part and x.tag == tag:
            return x
    return None


def _parts(c: list, tag: str) -> list[Part]:
    return [x for x in c if x.__class__ is Part and x.tag == tag]


def _nodes(c: list) -> list:
    return [x for x in c if x.__class__ is not Tok and x.__class__ is not Part]


def _after(c: list, value: str):
    """The child right after the token `value`, or None."""
    for i, x in enumerate(c):
        if x.__class__ is Tok and x.value == value and i + 1 < len(c):
            return c[i + 1]
    return None


def _typ(c: list):
    p = _part(c, "typ")
    return None if p is None else p.value


def _doc_text(t: Tok) -> str:
    return t.value[3:-2].strip()


def _name(t: Tok) -> str:
    """An identifier's name; `«…»` quotes are dropped."""
    v = t.value
    return v.replace("«", "").replace("»", "") if "«" in v else v


def _split_items(c: list, open_: int, close: int) -> list:
    """Comma-separated terms between `c[open_]` and `c[close]`."""
    return [x for x in c[open_ + 1 : close] if not (x.__class__ is Tok and x.value == ",")]


_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|\n\s*|([\s\S]))")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0"}


def decode_escapes(body: str, span: Span) -> str:
    """Lean's escapes: `\\n \\t \\r \\\\ \\" \\' \\xHH \\uHHHH`, and a backslash-newline gap."""
    if "\\" not in body:
        return body

    def repl(m: re.Match) -> str:
        hx, ub, u4, simple = m.groups()
        if hx or ub or u4:
            return chr(int(hx or ub or u4, 16))
        if simple is None:
            return ""  # string gap
        if simple in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[simple]
        raise SyntaxProblem(span, f"invalid escape sequence '\\{simple}'")

    return _ESCAPE.sub(repl, body)


def _binder_names(term, span: Span) -> tuple[tuple[str, ...], tuple[Span, ...]] | None:
    """If `term` is `x`, `_` or `x y z` (names only): the names and their spans."""
    if isinstance(term, Ident) and not term.levels and "." not in term.name:
        return (term.name,), (term.span,)
    if isinstance(term, Hole) and not term.synthetic:
        return ("_",), (term.span,)
    if isinstance(term, App):
        names: list[str] = []
        spans: list[Span] = []
        for t in (term.fn, *term.args):
            got = _binder_names(t, span)
            if got is None:
                return None
            names.extend(got[0])
            spans.extend(got[1])
        return tuple(names), tuple(spans)
    return None


def _arrow_binder(term):
    """The binder a term stands for when it is followed by `→` (Lean's dependent arrow), else None:
    `(x y : A)`, `{α : Type}` (already a `Binder`), `[inst : C α]`, `[C α]`, `⦃x : A⦄`."""
    if isinstance(term, Binder):
        return term
    if isinstance(term, Typed):
        got = _binder_names(term.term, term.span)
        if got is not None:
            return Binder(term.span, got[0], term.type, "default", None, got[1])
    if isinstance(term, ListLit) and len(term.items) == 1:
        return Binder(term.span, (), term.items[0], "inst")
    return None


def _check_term(x, what: str = "term"):
    if isinstance(x, Binder):
        raise SyntaxProblem(x.span, f"unexpected binder; expected {what} (a binder must be followed by '→')")
    return x


def _fun_binder(x):
    """A `fun` argument as a binder, or None when it is a pattern (`⟨a, b⟩`, `(a, b)`, `0`, …)."""
    if isinstance(x, Binder):
        return x
    if isinstance(x, Ident) and "." not in x.name and not x.levels:
        return Binder(x.span, (x.name,), None, "default", None, (x.span,))
    if isinstance(x, Hole) and not x.synthetic:
        return Binder(x.span, ("_",), None, "default", None, (x.span,))
    if isinstance(x, Typed):
        got = _binder_names(x.term, x.span)
        if got is not None:
            return Binder(x.span, got[0], x.type, "default", None, got[1])
    if isinstance(x, Paren):
        inner = _fun_binder(x.term)
        if isinstance(inner, Binder) and inner.type is None:
            return Binder(x.span, inner.names, None, "default", None, inner.name_spans)
    return None


def _binder_as_pattern(b: Binder):
    if b.kind != "default" or len(b.names) != 1:
        raise SyntaxProblem(b.span, "only explicit binders can be mixed with patterns in 'fun'")
    span = b.name_spans[0] if b.name_spans else b.span
    name = Hole(span) if b.names[0] == "_" else Ident(span, b.names[0])
    return name if b.type is None else Typed(b.span, name, b.type)


def _location(c: list) -> tuple:
    p = _part(c, "at")
    return () if p is None else p.value


def _level_params(p: Part | None) -> tuple[str, ...]:
    return () if p is None else p.value[1]


def _make_sig(c: list, empty_at: int) -> DeclSig:
    """`name.{u} binders : type` from a declaration's children; an empty signature (`example := …`)
    gets an empty span at `empty_at` (after the keyword)."""
    did = _part(c, "declid")
    binders = tuple(x for x in c if isinstance(x, Binder))
    typ = _part(c, "typ")
    pieces = [x for x in (did, *binders, typ) if x is not None]
    span = span_of(pieces) if pieces else Span(empty_at, empty_at)
    return DeclSig(
        span,
        None if did is None else did.value[0],
        None if did is None else did.value[2],
        _level_params(did),
        binders,
        None if typ is None else typ.value,
    )


def _mods(c: list) -> Modifiers:
    p = c[0] if c and c[0].__class__ is Part and c[0].tag == "mods" else None
    return Modifiers() if p is None else p.value


def _fun_match(p: Part) -> FunMatch:
    return FunMatch(p.span, p.value)


def _names_of(c: list, start: int = 0) -> tuple[Ident | Hole, ...]:
    out = []
    for x in c[start:]:
        if x.__class__ is Tok and x.type != "_BS":
            if x.value == "_":
                out.append(Hole(_tok_span(x)))
            elif x.type == "IDENT":
                out.append(Ident(_tok_span(x), _name(x)))
    return tuple(out)


_PREC_NAMES = {"max": 1024, "arg": 1023, "lead": 1022, "min": 10, "min1": 11}
