"""Callbacks for commands: declarations, scopes, notation, `#` commands (see grammar.lark)."""

from __future__ import annotations

from .tree import (
    Attr, AttributeCmd, Axiom, Binder, CtorDecl, Definition, DerivingInstance, Export, FieldDecl, GuardMsgs, HashCmd, Inductive,
    MatchAlt, Modifiers, Mutual, NotationCmd, Open, Scope, SetOption, StructInst, StructInstField, Structure,
    InitQuot, Universe, Variable,
)
from .build_base import (
    Part, SyntaxProblem, Tok, _PREC_NAMES, _after, _binder_names, _doc_text, _fun_match, _is, _make_sig,
    _mods, _name, _nodes, _part, _tok_span, _typ, decode_escapes, span_of,
)


class CommandRules:
    """Callbacks for commands: declarations, scopes, notation, `#` commands (see grammar.lark)."""

    # -- commands ----------------------------------------------------------------------------

    def mods(self, c):
        if not c:
            return Part("mods", None, Modifiers())
        doc = None
        attrs: tuple[Attr, ...] = ()
        flags = {"visibility": None, "noncomputable": False, "partial": False, "unsafe": False}
        for x in c:
            if x.__class__ is Part:
                attrs += x.value
            elif x.type == "DOC":
                doc = _doc_text(x)
            elif x.value in ("private", "protected"):
                flags["visibility"] = x.value
            else:
                flags[x.value] = True
        return Part("mods", span_of(c), Modifiers(doc, attrs, **flags))

    def attributes(self, c):
        return Part("attrs", span_of(c), tuple(x for x in c if isinstance(x, Attr)))

    def attr(self, c):
        return Attr(span_of(c), c[0].value, tuple(x.value for x in c[1:]))

    def modifier(self, c):
        return c[0]

    def typ(self, c):
        return Part("typ", span_of(c), c[1])

    def priority(self, c):
        return Part("prio", span_of(c), int(c[3].value, 0) if c[3].value[:2].lower() in ("0x", "0b", "0o") else int(c[3].value))

    def decl_id(self, c):
        levels = tuple(x.value for x in c[1:] if x.__class__ is Tok and x.type == "IDENT")
        return Part("declid", span_of(c), (_name(c[0]), levels, _tok_span(c[0])))

    def definition(self, c):
        mods = _mods(c)
        kw = c[1]
        val = _part(c, "val")
        if val is not None:
            v = val.value
        elif kw.value == "opaque":
            value = _after(c, ":=")
            v = {"value": value}
        else:
            v = {}
        prio = _part(c, "prio")
        deriving = _part(c, "deriving")
        return Definition(
            span_of(c),
            kw.value,
            mods,
            _make_sig(c, kw.end),
            v.get("value"),
            v.get("equations", ()),
            v.get("where", ()),
            v.get("termination"),
            v.get("termination_binders", ()),
            v.get("decreasing"),
            () if deriving is None else deriving.value[0],
            None if prio is None else prio.value,
            () if deriving is None else deriving.value[1],
        )

    def axiom(self, c):
        return Axiom(span_of(c), _mods(c), _make_sig(c, c[1].end))

    def _val_suffix(self, c, v: dict) -> Part:
        t = _part(c, "termination")
        if t is not None:
            v["termination"], v["termination_binders"] = t.value
        d = _part(c, "decreasing")
        if d is not None:
            v["decreasing"] = d.value
        w = _part(c, "where")
        if w is not None:
            v["where"] = w.value
        return Part("val", span_of(c), v)

    def val_term(self, c):
        return self._val_suffix(c, {"value": c[1]})

    def val_eqns(self, c):
        return self._val_suffix(c, {"equations": c[0].value})

    def val_where(self, c):
        fields = tuple(x for x in c if isinstance(x, StructInstField))
        return Part("val", span_of(c), {"value": StructInst(span_of(c), fields)})

    def termination(self, c):
        if len(c) == 2:
            return Part("termination", span_of(c), (c[1], ()))
        got = _binder_names(c[1], c[1].span)
        if got is None:
            raise SyntaxProblem(c[1].span, "expected variable names before '=>' in 'termination_by'")
        return Part("termination", span_of(c), (c[3], got[0]))

    def decreasing(self, c):
        return Part("decreasing", span_of(c), c[1])

    def where_decls(self, c):
        return Part("where", span_of(c), tuple(x for x in c if isinstance(x, Definition)))

    def where_decl(self, c):
        """A `where` declaration: a `def` without the keyword (its signature always has a name)."""
        eq = _part(c, "eqns")
        t = _part(c, "termination")
        d = _part(c, "decreasing")
        did = _part(c, "declid")
        return Definition(
            span_of(c),
            "def",
            _mods(c),
            _make_sig(c, did.span.start),
            None if eq is not None else _after(c, ":="),
            () if eq is None else eq.value,
            (),
            None if t is None else t.value[0],
            () if t is None else t.value[1],
            None if d is None else d.value,
        )

    def where_field(self, c):
        binders = tuple(x for x in c if isinstance(x, Binder))
        eq = _part(c, "eqns")
        value = _fun_match(eq) if eq is not None else _after(c, ":=")
        return StructInstField(span_of(c), _name(c[0]), binders, _typ(c), value, _tok_span(c[0]))

    def eq_alts(self, c):
        return Part("eqns", span_of(c), tuple(x for x in c if isinstance(x, MatchAlt)))

    def deriving(self, c):
        idents = [x for x in c[1:] if x.type == "IDENT"]
        return Part("deriving", span_of(c), (tuple(_name(x) for x in idents), tuple(_tok_span(x) for x in idents)))

    def inductive(self, c):
        deriving = _part(c, "deriving")
        return Inductive(
            span_of(c),
            _mods(c),
            _make_sig([x for x in c if not isinstance(x, CtorDecl)], c[1].end),
            tuple(x for x in c if isinstance(x, CtorDecl)),
            () if deriving is None else deriving.value[0],
            () if deriving is None else deriving.value[1],
        )

    def ctor(self, c):
        docs = [x for x in c if x.__class__ is Tok and x.type in ("DOC", "CTORDOC")]
        name = next(x for x in c if x.__class__ is Tok and x.type == "IDENT")
        return CtorDecl(
            span_of(c),
            _name(name),
            _tok_span(name),
            tuple(x for x in c if isinstance(x, Binder)),
            _typ(c),
            _doc_text(docs[-1]) if docs else None,
        )

    def structure(self, c):
        kw = c[1]
        body = _part(c, "body")
        ext = _part(c, "extends")
        deriving = _part(c, "deriving")
        ctor, fields = (None, ()) if body is None else body.value
        return Structure(
            span_of(c),
            _mods(c),
            _make_sig(c, kw.end),
            () if ext is None else ext.value,
            ctor,
            fields,
            kw.value == "class",
            () if deriving is None else deriving.value[0],
            () if deriving is None else deriving.value[1],
        )

    def extends(self, c):
        return Part("extends", span_of(c), tuple(_nodes(c)))

    def struct_body(self, c):
        ctor = _part(c, "ctor")
        return Part("body", span_of(c), (None if ctor is None else ctor.value, tuple(x for x in c if isinstance(x, FieldDecl))))

    def struct_ctor(self, c):
        return Part("ctor", span_of(c), _name(c[0]))

    def struct_field(self, c):
        doc = None
        i = 0
        if c[0].__class__ is Tok and c[0].type == "DOC":
            doc = _doc_text(c[0])
            i = 1
        opener = c[i].value if c[i].__class__ is Tok else ""
        kind = {"(": "default", "{": "implicit", "[": "inst"}.get(opener, "default")
        names = tuple(
            "_" if x.value == "_" else _name(x)
            for x in c[i:]
            if x.__class__ is Tok and (x.type == "IDENT" or x.value == "_")
        )
        binders = tuple(x for x in c if isinstance(x, Binder))
        default = _after(c, ":=")
        return FieldDecl(span_of(c), names, binders, _typ(c), default, kind, doc)

    def mutual(self, c):
        return Mutual(span_of(c), tuple(_nodes(c)))

    def scope(self, c):
        return Scope(span_of(c), c[0].value, _name(c[1]) if len(c) > 1 else None)

    def variable(self, c):
        return Variable(span_of(c), tuple(c[1:]))

    def universe(self, c):
        return Universe(span_of(c), tuple(x.value for x in c[1:]))

    def init_quot(self, c):
        return InitQuot(span_of(c))

    def open(self, c):
        values = [x.value for x in c if x.__class__ is Tok]
        command = c[-1] if c[-1].__class__ is not Tok else None
        idents = [_name(x) for x in c if x.__class__ is Tok and x.type == "IDENT"]
        if "hiding" in values:
            return Open(span_of(c), (idents[0],), hiding=tuple(idents[1:]))
        if "renaming" in values:
            pairs = tuple((idents[i], idents[i + 1]) for i in range(1, len(idents) - 1, 2))
            return Open(span_of(c), (idents[0],), renaming=pairs)
        if "(" in values:
            return Open(span_of(c), (idents[0],), only=tuple(idents[1:]), command=command)
        return Open(span_of(c), tuple(idents), command=command)

    def attribute(self, c):
        erase = any(_is(x, "-") for x in c)
        attrs = tuple(x for x in c if isinstance(x, Attr))
        close = next(i for i, x in enumerate(c) if _is(x, "]"))
        names = tuple(_name(x) for x in c[close + 1 :])
        return AttributeCmd(span_of(c), attrs, names, erase)

    def export(self, c):
        idents = [x for x in c if x.__class__ is Tok and x.type == "IDENT"]
        return Export(
            span_of(c), _name(idents[0]), tuple(_name(x) for x in idents[1:]),
            tuple(_tok_span(x) for x in idents[1:]), _tok_span(idents[0]),
        )

    def deriving_instance(self, c):
        split = next(i for i, x in enumerate(c) if _is(x, "for"))
        classes = [x for x in c[:split] if x.__class__ is Tok and x.type == "IDENT"]
        types = [x for x in c[split + 1 :] if x.__class__ is Tok and x.type == "IDENT"]
        return DerivingInstance(
            span_of(c), tuple(_name(x) for x in classes), tuple(_name(x) for x in types),
            tuple(_tok_span(x) for x in classes), tuple(_tok_span(x) for x in types),
        )

    def set_option(self, c):
        return SetOption(span_of(c), c[1].value, c[2].value)

    def prec(self, c):
        t = c[0]
        if t.type == "NUMBER":
            return Part("prec", _tok_span(t), int(t.value))
        if t.value in _PREC_NAMES:
            return Part("prec", _tok_span(t), _PREC_NAMES[t.value])
        raise SyntaxProblem(_tok_span(t), f"unknown precedence '{t.value}'")

    def notation_infix(self, c):
        kw = c[1]
        prec = _part(c, "prec")
        sym = next(x for x in c if x.__class__ is Tok and x.type == "STRING")
        text = decode_escapes(sym.value[1:-1], _tok_span(sym)).strip()
        if not text:
            raise SyntaxProblem(_tok_span(sym), "empty notation symbol")
        return NotationCmd(span_of(c), kw.value, prec.value, (("sym", text, None),), c[-1], _mods(c))

    def notation_mixfix(self, c):
        prec = _part(c, "prec")
        parts = tuple(x.value for x in c if x.__class__ is Part and x.tag == "item")
        return NotationCmd(span_of(c), "notation", None if prec is None else prec.value, parts, c[-1], _mods(c))

    def notation_item(self, c):
        t = c[0]
        if t.type == "STRING":
            text = decode_escapes(t.value[1:-1], _tok_span(t)).strip()
            if not text:
                raise SyntaxProblem(_tok_span(t), "empty notation symbol")
            return Part("item", span_of(c), ("sym", text, None))
        prec = _part(c, "prec")
        return Part("item", span_of(c), ("var", _name(t), None if prec is None else prec.value))

    def hash(self, c):
        return HashCmd(span_of(c), c[0].value[1:], c[1])

    def guard_msgs(self, c):
        doc = _doc_text(c[0]) if c[0].type == "DOC" else None
        return GuardMsgs(span_of(c), doc, c[-1])
