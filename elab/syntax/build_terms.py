"""Callbacks for binders and terms, including the leading forms (`fun`, `∀`, `let`, `match`, …)."""

from __future__ import annotations

from .tree import (
    AnonCtor, App, Binder, By, CDot, Calc, CalcStep, CharLit, Discr, DotIdent, Exists, Explicit, Fun,
    FunMatch, Have, Hole, Ident, If, Let, LevelAdd, LevelHole, LevelMax, LevelName, LevelNum, ListLit, Match,
    MatchAlt, NamedArg, NumLit, OpSeq, OpToken, Paren, Pi, Proj, Show, Sorry, SortTerm, Span, StrLit,
    StructInst, StructInstField, Tuple, Typed,
)
from .build_base import (
    Part, SyntaxProblem, Tok, _after, _arrow_binder, _binder_as_pattern, _binder_names, _check_term,
    _fun_binder, _fun_match, _name, _part, _split_items, _tok_span, _typ, decode_escapes, span_of,
)


class TermRules:
    """Callbacks for binders and terms, including the leading forms (`fun`, `∀`, `let`, `match`, …)."""

    # -- binders -------------------------------------------------------------------------------

    def simple_binder(self, c):
        t = c[0]
        s = _tok_span(t)
        return Binder(s, ("_" if t.value == "_" else _name(t),), None, "default", None, (s,))

    def bracket_binder(self, c):
        opener = c[0].value
        if opener == "[":
            if len(c) == 3:
                return Binder(span_of(c), (), c[1], "inst")
            return Binder(span_of(c), (_name(c[1]),), _typ(c), "inst", None, (_tok_span(c[1]),))
        kind = {"(": "default", "{": "implicit", "⦃": "strict"}[opener]
        names = []
        spans = []
        for x in c[1:]:
            if x.__class__ is not Tok:
                break
            if x.type == "IDENT" or x.value == "_":
                names.append("_" if x.value == "_" else _name(x))
                spans.append(_tok_span(x))
        return Binder(span_of(c), tuple(names), _typ(c), kind, _after(c, ":="), tuple(spans))

    # -- terms ---------------------------------------------------------------------------------

    def term(self, c):
        items: list = []
        n = len(c)
        for i, x in enumerate(c):
            if x.__class__ is Tok:
                items.append(OpToken(_tok_span(x), x.value))
            else:
                if i + 1 < n and c[i + 1].__class__ is Tok and c[i + 1].value in ("→", "->"):
                    b = _arrow_binder(x)
                    if b is not None:
                        x = b
                items.append(x)
        return OpSeq(span_of(c), tuple(items))

    def operand(self, c):
        """An application `f a (x := b) fun y => c` (a lone atom or leading form never gets here)."""
        fn = _check_term(c[0])
        args = tuple(_check_term(x, "argument") for x in c[1:])
        return App(span_of(c), fn, args)

    def named_arg(self, c):
        return NamedArg(span_of(c), _name(c[1]), c[3])

    def ident(self, c):
        levels = c[1].value if len(c) > 1 else ()
        return Ident(span_of(c), _name(c[0]), levels)

    def explicit(self, c):
        levels = c[2].value if len(c) > 2 else ()
        return Explicit(span_of(c), Ident(span_of(c[1:]), _name(c[1]), levels))

    def dot_ident(self, c):
        return DotIdent(_tok_span(c[0]), c[0].value[1:].replace("«", "").replace("»", ""))

    def num(self, c):
        v = c[0].value
        return NumLit(_tok_span(c[0]), int(v, 0) if v[:2].lower() in ("0x", "0b", "0o") else int(v))

    def str(self, c):
        s = _tok_span(c[0])
        return StrLit(s, decode_escapes(c[0].value[1:-1], s))

    def char(self, c):
        s = _tok_span(c[0])
        return CharLit(s, decode_escapes(c[0].value[1:-1], s))

    def decimal(self, c):
        raise SyntaxProblem(_tok_span(c[0]), "decimal literals are not supported")

    def hole(self, c):
        return Hole(_tok_span(c[0]))

    def synth_hole(self, c):
        v = c[0].value
        return Hole(_tok_span(c[0]), True, None if v == "?_" else v[1:])

    def sort(self, c):
        return SortTerm(span_of(c), c[0].value, c[1] if len(c) > 1 else None)

    def sorry(self, c):
        return Sorry(_tok_span(c[0]))

    def cdot(self, c):
        return CDot(_tok_span(c[0]))

    def unit(self, c):
        return Tuple(span_of(c), ())

    def paren(self, c):
        return Paren(span_of(c), _check_term(c[1]))

    def typed(self, c):
        return Typed(span_of(c), _check_term(c[1]), c[3])

    def tuple(self, c):
        return Tuple(span_of(c), tuple(_check_term(x) for x in _split_items(c, 0, len(c) - 1)))

    def anon_ctor(self, c):
        return AnonCtor(span_of(c), tuple(_check_term(x) for x in _split_items(c, 0, len(c) - 1)))

    def list_lit(self, c):
        return ListLit(span_of(c), tuple(_split_items(c, 0, len(c) - 1)))

    def inst_binder_term(self, c):
        return Binder(span_of(c), (_name(c[1]),), c[3], "inst", None, (_tok_span(c[1]),))

    def strict_binder_term(self, c):
        return self.bracket_binder(c)

    def brace_item(self, c):
        return Part("bitem", span_of(c), (c[0], _typ(c), _after(c, ":=")))

    def brace(self, c):
        items = [x for x in c if x.__class__ is Part]
        span = span_of(c)
        if items and all(p.value[2] is None for p in items):
            if len(items) == 1:
                term, typ, _ = items[0].value
                got = _binder_names(term, span)
                if got is not None:
                    return Binder(span, got[0], typ, "implicit", None, got[1])
            raise SyntaxProblem(span, "expected ':=' in structure instance field")
        return StructInst(span, tuple(self._field(p) for p in items))

    def brace_with(self, c):
        items = [x for x in c if x.__class__ is Part]
        return StructInst(span_of(c), tuple(self._field(p) for p in items), _check_term(c[1]))

    def _field(self, p: Part) -> StructInstField:
        term, typ, value = p.value
        if value is None:
            raise SyntaxProblem(p.span, "expected ':=' in structure instance field")
        if isinstance(term, Ident):
            return StructInstField(p.span, term.name, (), typ, value, term.span)
        if isinstance(term, App) and isinstance(term.fn, Ident):
            binders = []
            for a in term.args:
                b = _fun_binder(a)
                if b is None:
                    raise SyntaxProblem(a.span, "expected a binder")
                binders.append(b)
            return StructInstField(p.span, term.fn.name, tuple(binders), typ, value, term.fn.span)
        raise SyntaxProblem(term.span, "expected a field name")

    def proj(self, c):
        return Proj(span_of(c), _check_term(c[0]), c[1].value[1:])

    def levels(self, c):
        return Part("levels", span_of(c), tuple(x for x in c if x.__class__ is not Tok))

    def level_name(self, c):
        return LevelName(_tok_span(c[0]), c[0].value)

    def level_num(self, c):
        return LevelNum(_tok_span(c[0]), int(c[0].value))

    def level_hole(self, c):
        return LevelHole(_tok_span(c[0]))

    def level_paren(self, c):
        return c[1]

    def level_add(self, c):
        return LevelAdd(span_of(c), c[0], int(c[2].value))

    def level_max(self, c):
        return LevelMax(span_of(c), tuple(c[1:]), c[0].value == "imax")

    # -- leading terms -------------------------------------------------------------------------

    def fun(self, c):
        arrow = next(i for i, x in enumerate(c) if x.__class__ is Tok and x.value in ("=>", "↦"))
        body = c[arrow + 1]
        typ = _typ(c)
        args = [x for x in c[1:arrow] if not (x.__class__ is Part)]
        binders = [_fun_binder(a) for a in args]
        if typ is not None:
            fixed = []
            for a, b in zip(args, binders):
                if b is None or b.type is not None or b.kind != "default":
                    raise SyntaxProblem(a.span, "with ': type' after them, 'fun' binders must be names")
                fixed.append(Binder(b.span, b.names, typ, "default", None, b.name_spans))
            binders = fixed
        if all(b is not None for b in binders):
            return Fun(span_of(c), tuple(binders), body)
        pats = tuple(a if b is None else _binder_as_pattern(b) for a, b in zip(args, binders))
        alt = MatchAlt(span_of(c[1:]), (pats,), body)
        return FunMatch(span_of(c), (alt,))

    def fun_match(self, c):
        return FunMatch(span_of(c), tuple(x for x in c if isinstance(x, MatchAlt)))

    def _quantifier(self, c) -> tuple[tuple[Binder, ...], object]:
        """`∀ x y (z : A) w : T, body`: runs of plain names become one binder group each, and the
        trailing `: T` is the type of the names (Lean's `optType`)."""
        typ_part = _part(c, "typ")
        typ = None if typ_part is None else typ_part.value
        groups: list[Binder] = []
        pending: list[Binder] = []

        def flush(last: bool) -> None:
            if pending:
                end = typ_part.span.end if (last and typ_part is not None) else pending[-1].span.end
                names = tuple(n for b in pending for n in b.names)
                spans = tuple(s for b in pending for s in b.name_spans)
                groups.append(Binder(Span(pending[0].span.start, end), names, typ, "default", None, spans))
                pending.clear()

        for b in c:
            if not isinstance(b, Binder):
                continue
            if b.type is None and b.kind == "default" and b.name_spans == (b.span,):
                pending.append(b)
            else:
                flush(False)
                groups.append(b)
        flush(True)
        return tuple(groups), c[-1]

    def forall(self, c):
        binders, body = self._quantifier(c)
        return Pi(span_of(c), binders, body)

    def exists(self, c):
        binders, body = self._quantifier(c)
        return Exists(span_of(c), binders, body)

    def let_decl(self, c):
        return Part("decl", span_of(c), (_name(c[0]), tuple(x for x in c if isinstance(x, Binder)), _typ(c), _after(c, ":=")))

    def pat_decl(self, c):
        return Part("decl", span_of(c), (c[0], (), _typ(c), _after(c, ":=")))

    def have_decl(self, c):
        name = None
        if c and c[0].__class__ is Tok and (c[0].type == "IDENT" or c[0].value == "_"):
            name = "_" if c[0].value == "_" else _name(c[0])
        eq = _part(c, "eqns")
        value = _fun_match(eq) if eq is not None else _after(c, ":=")
        span = span_of(c) if c else None
        return Part("decl", span, (name, tuple(x for x in c if isinstance(x, Binder)), _typ(c), value))

    def let(self, c):
        name, binders, typ, value = _part(c, "decl").value
        return Let(span_of(c), name, binders, typ, value, c[-1])

    def have(self, c):
        decl = _part(c, "decl")
        name, binders, typ, value = decl.value
        if value is None:
            raise SyntaxProblem(decl.span or span_of(c), "expected ':=' in 'have'")
        return Have(span_of(c), name, binders, typ, value, c[-1])

    def show(self, c):
        if len(c) == 2:
            return Show(span_of(c), c[1], None)
        if c[2].value == "from":
            return Show(span_of(c), c[1], c[3])
        return Show(span_of(c), c[1], By(span_of(c[2:]), c[3]))

    def _if(self, c):
        if c[2].__class__ is Tok and c[2].value == ":":
            hyp, cond, rest = _name(c[1]), c[3], 4
        else:
            hyp, cond, rest = None, c[1], 2
        return If(span_of(c), cond, c[rest + 1], c[rest + 3], hyp)

    def match(self, c):
        return Match(span_of(c), tuple(x for x in c if isinstance(x, Discr)), tuple(x for x in c if isinstance(x, MatchAlt)))

    def discr(self, c):
        if len(c) == 3:
            return Discr(span_of(c), c[2], _name(c[0]))
        return Discr(span_of(c), c[0])

    def _alt_patterns(self, c) -> tuple[tuple, int]:
        groups: list[tuple] = []
        current: list = []
        i = 1
        while True:
            x = c[i]
            if x.__class__ is Tok:
                if x.value in ("=>", "↦"):
                    groups.append(tuple(current))
                    return tuple(groups), i
                if x.value == "|":
                    groups.append(tuple(current))
                    current = []
            else:
                current.append(x)
            i += 1

    def match_alt(self, c):
        pats, arrow = self._alt_patterns(c)
        return MatchAlt(span_of(c), pats, c[arrow + 1])

    def by(self, c):
        return By(span_of(c), c[1])

    def calc(self, c):
        return Calc(span_of(c), c[1].value)

    def calc_steps(self, c):
        return Part("steps", span_of(c), tuple(x for x in c if isinstance(x, CalcStep)))

    def calc_step(self, c):
        return CalcStep(span_of(c), c[0], c[2])
