"""Callbacks for tactics (the `name`/`args` roles are documented in tactics.md)."""

from __future__ import annotations

from .tree import (
    AnonCtor, By, Calc, Discr, Hole, Ident, InductionAlt, MatchAlt, OpSeq, OpToken, PatAlts, RwRule, Tactic,
    TacticSeq, Typed,
)
from .build_base import (
    Part, SyntaxProblem, Tok, _is, _location, _name, _names_of, _nodes, _part, _tok_span, _typ, span_of,
)


class TacticRules:
    """Callbacks for tactics (the `name`/`args` roles are documented in tactics.md)."""

    # -- tactics ---------------------------------------------------------------------------------

    def tac_block(self, c):
        return TacticSeq(span_of(c), tuple(x for x in c if isinstance(x, Tactic)))

    def t_then(self, c):
        return Tactic(span_of(c), "<;>", {"first": c[0], "then": c[2]})

    def t_intro(self, c):
        return Tactic(span_of(c), "intro", {"patterns": tuple(c[1:])})

    def t_intros(self, c):
        return Tactic(span_of(c), "intros", {"names": _names_of(c, 1)})

    def t_term(self, c):
        return Tactic(span_of(c), c[0].value, {"term": c[1]})

    def t_change(self, c):
        return Tactic(span_of(c), "change", {"term": c[1], "at": _location(c)})

    def t_exists(self, c):
        return Tactic(span_of(c), "exists", {"terms": tuple(_nodes(c))})

    def t_simple(self, c):
        return Tactic(_tok_span(c[0]), c[0].value, {})

    def t_induction(self, c):
        using = None
        generalizing: list = []
        mode = None
        for x in c:
            if x.__class__ is Tok:
                if x.value in ("using", "generalizing", "with"):
                    mode = x.value
                elif mode == "using" and x.type == "IDENT":
                    using = Ident(_tok_span(x), _name(x))
                elif mode == "generalizing" and (x.type == "IDENT" or x.value == "_"):
                    generalizing.append(Ident(_tok_span(x), _name(x)))
        return Tactic(
            span_of(c),
            c[0].value,
            {
                "targets": tuple(x for x in c if isinstance(x, Discr)),
                "using": using,
                "generalizing": tuple(generalizing),
                "alts": tuple(x for x in c if isinstance(x, InductionAlt)),
            },
        )

    def ind_alt(self, c):
        arrow = next(i for i, x in enumerate(c) if x.__class__ is Tok and x.value in ("=>", "↦"))
        at = 1 if c[1].value == "@" else 0  # `| @ctor x y`: the names cover the implicit fields too
        names = tuple("_" if x.value == "_" else _name(x) for x in c[2 + at : arrow])
        ctor = "_" if c[1 + at].value == "_" else ("@" * at) + _name(c[1 + at])
        return InductionAlt(span_of(c), ctor, names, c[arrow + 1])

    def t_rcases(self, c):
        pat = c[-1] if not isinstance(c[-1], Discr) else None
        return Tactic(span_of(c), "rcases", {"targets": tuple(x for x in c if isinstance(x, Discr)), "pattern": pat})

    def t_obtain(self, c):
        pattern = None
        if len(c) > 1 and c[1].__class__ is not Tok and c[1].__class__ is not Part:
            pattern = c[1]
        values: tuple = ()
        for i, x in enumerate(c):
            if _is(x, ":="):
                values = tuple(_nodes(c[i + 1 :]))
        return Tactic(span_of(c), "obtain", {"pattern": pattern, "type": _typ(c), "values": values})

    def rc_pat(self, c):
        alts = tuple(x for x in c if x.__class__ is not Tok)
        if len(alts) == 1:
            return alts[0]
        return PatAlts(span_of(c), alts)

    def rc_name(self, c):
        t = c[0]
        if t.value == "_":
            return Hole(_tok_span(t))
        return Ident(_tok_span(t), _name(t) if t.type == "IDENT" else t.value)

    def rc_tuple(self, c):
        return AnonCtor(span_of(c), tuple(x for x in c if x.__class__ is not Tok))

    def rc_paren(self, c):
        typ = _typ(c)
        return c[1] if typ is None else Typed(span_of(c), c[1], typ)

    def t_rw(self, c):
        return Tactic(span_of(c), c[0].value, {"rules": tuple(x for x in c if isinstance(x, RwRule)), "at": _location(c)})

    def rw_rule(self, c):
        if len(c) == 2:
            return RwRule(span_of(c), c[1], True)
        return RwRule(span_of(c), c[0])

    def simp_arg(self, c):
        if len(c) == 2:
            return RwRule(span_of(c), c[1], True)
        if c[0].__class__ is Tok and c[0].value == "*":
            return RwRule(span_of(c), None)
        return RwRule(span_of(c), c[0])

    def simp_erase(self, c):
        return RwRule(span_of(c), Ident(_tok_span(c[1]), _name(c[1])), erase=True)

    def location(self, c):
        if len(c) == 2 and c[1].value == "*":
            return Part("at", span_of(c), (Ident(_tok_span(c[1]), "*"),))
        return Part("at", span_of(c), tuple(Ident(_tok_span(x), _name(x) if x.type == "IDENT" else x.value) for x in c[1:]))

    def t_unfold(self, c):
        names = tuple(Ident(_tok_span(x), _name(x)) for x in c[1:] if x.__class__ is Tok and x.type == "IDENT")
        return Tactic(span_of(c), "unfold", {"names": names, "at": _location(c)})

    def _decl_tactic(self, c, name: str):
        decl = _part(c, "decl")
        n, binders, typ, value = decl.value
        return Tactic(span_of(c), name, {"name": n, "binders": binders, "type": typ, "value": value})

    def t_have(self, c):
        return self._decl_tactic(c, "have")

    def t_let(self, c):
        return self._decl_tactic(c, "let")

    def t_suffices(self, c):
        name = None
        if c[1].__class__ is Tok:
            name = "_" if c[1].value == "_" else _name(c[1])
        value = None
        for i, x in enumerate(c):
            if _is(x, "from"):
                value = c[i + 1]
            elif _is(x, "by"):
                value = By(span_of(c[i:]), c[i + 1])
        return Tactic(span_of(c), "suffices", {"name": name, "type": _typ(c), "value": value})

    def t_calc(self, c):
        return Tactic(span_of(c), "calc", {"term": Calc(span_of(c), c[1].value)})

    def t_funext(self, c):
        return Tactic(span_of(c), "funext", {"patterns": tuple(c[1:])})

    def t_split(self, c):
        return Tactic(span_of(c), "split", {"at": _location(c)})

    def t_subst(self, c):
        return Tactic(span_of(c), "subst", {"terms": tuple(c[1:])})

    def t_injection(self, c):
        names: tuple = ()
        for i, x in enumerate(c):
            if _is(x, "with"):
                names = _names_of(c, i + 1)
        return Tactic(span_of(c), "injection", {"term": c[1], "names": names})

    def t_names(self, c):
        return Tactic(span_of(c), c[0].value, {"names": _names_of(c, 1)})

    def t_simp(self, c):
        return Tactic(
            span_of(c),
            c[0].value,
            {
                "only": any(_is(x, "only") for x in c),
                "lemmas": tuple(x for x in c if isinstance(x, RwRule)),
                "at": _location(c),
            },
        )

    def t_by_cases(self, c):
        if len(c) == 4:
            return Tactic(span_of(c), "by_cases", {"name": _name(c[1]), "term": c[3]})
        return Tactic(span_of(c), "by_cases", {"name": None, "term": c[1]})

    def t_generalize(self, c):
        """`generalize h : e = x`: the term is parsed whole, then split at its last top-level `=`."""
        name = _name(c[1]) if len(c) == 4 else None
        term = c[-1]
        items = term.items if isinstance(term, OpSeq) else ()
        if len(items) < 3 or not isinstance(items[-2], OpToken) or items[-2].symbol != "=" or not isinstance(items[-1], Ident):
            raise SyntaxProblem(span_of(c), "expected 'generalize h : e = x' (an equation with a new variable on the right)")
        lhs = items[0] if len(items) == 3 else OpSeq(items[0].span.join(items[-3].span), items[:-2])
        return Tactic(span_of(c), "generalize", {"name": name, "term": lhs, "var": items[-1]})

    def t_cdot(self, c):
        return Tactic(span_of(c), "·", {"tactics": c[1]})

    def t_case(self, c):
        arrow = next(i for i, x in enumerate(c) if x.__class__ is Tok and x.value in ("=>", "↦"))
        tag = Hole(_tok_span(c[1])) if c[1].value == "_" else Ident(_tok_span(c[1]), _name(c[1]))
        return Tactic(span_of(c), "case", {"tag": tag, "names": _names_of(c[:arrow], 2), "tactics": c[arrow + 1]})

    def t_next(self, c):
        arrow = next(i for i, x in enumerate(c) if x.__class__ is Tok and x.value in ("=>", "↦"))
        return Tactic(span_of(c), "next", {"names": _names_of(c[:arrow], 1), "tactics": c[arrow + 1]})

    def t_first(self, c):
        return Tactic(span_of(c), "first", {"alts": tuple(x for x in c if isinstance(x, TacticSeq))})

    def t_block(self, c):
        return Tactic(span_of(c), c[0].value, {"tactics": c[1]})

    def t_paren(self, c):
        return Tactic(span_of(c), "(", {"tactics": c[1]})

    def t_match(self, c):
        return Tactic(
            span_of(c),
            "match",
            {"discrs": tuple(x for x in c if isinstance(x, Discr)), "alts": tuple(x for x in c if isinstance(x, MatchAlt))},
        )

    def tac_match_alt(self, c):
        pats, arrow = self._alt_patterns(c)
        block = c[arrow + 1]
        return MatchAlt(span_of(c), pats, By(block.span, block))
