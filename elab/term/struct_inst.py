"""Structure instance notation `{ x := 1, y := 2 }` (Lean's `elabStructInst`).

The structure's constructor applied to the fields in declaration order. A field left out takes, in
this order: the parent's fields given here (`{ x := 1, z := 2 }` for `B extends A` makes `toA`), the
source of `{ s with … }`, or the field's default value `S.x._default` (declared by `structure` for
`x : T := v`), applied to the parameters and the fields before it, as Lean fills defaults.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.expr import APP, CONST, LAM, PI, Binding, Const, Expr, Lam, Pi, get_app_args, mk_app
from lantern.kernel.name import Name

from ..messages import ElabError
from ..meta.instantiate import beta
from ..syntax import tree as T
from .app import flat_fields, to_parent_field

if TYPE_CHECKING:
    from .elaborator import TermElab

    _Base = TermElab
else:
    _Base = object


class StructInstMixin(_Base):
    def elab_StructInst(self, stx: T.StructInst, expected: Expr | None) -> Expr:
        """`{ x := 1, y := 2 }`, `{ s with x := 1 }`, and the fields of `instance … where`."""
        if expected is None:
            raise ElabError(stx.span, "invalid {...} notation, expected type is not known")
        head = self._type_head(expected)
        info = self.env.structures.get(head) if head is not None else None
        if info is None:
            raise ElabError(stx.span, f"invalid {{...}} notation, expected type is not of the form (C ...) for a structure C\n  {self.pp(expected)}")
        given = {f.name: f for f in stx.fields}
        known = {str(n) for n in info.fields} | set(flat_fields(self.env, info.name))
        for f in stx.fields:
            if f.name not in known:
                raise ElabError(f.span, f"'{f.name}' is not a field of structure '{info.name}'")
        subobjects = {to_parent_field(p): p for p in info.parents}
        items: list[T.Term] = []
        missing = []
        defaulted: dict[int, Name] = {}  # field index ↦ its `_default` function
        overrides: list[tuple[int, Name, str]] = []  # (parent field index, parent, field) with a default here
        for i, fname in enumerate(str(n) for n in info.fields):
            f = given.get(fname)
            parent = subobjects.get(fname)
            default = info.name.child(fname).child("_default")
            if f is not None:
                value = f.value if not f.binders else T.Fun(f.span, f.binders, f.value)
                items.append(value if f.type is None else T.Typed(f.span, value, f.type))
            elif parent is not None and (stx.source is None or any(g.name in flat_fields(self.env, parent) for g in stx.fields)):
                # The parent's fields given here make the `toA` field (its own defaults fill the rest).
                inner = tuple(g for g in stx.fields if g.name in flat_fields(self.env, parent))
                if stx.source is None:
                    inner += self._overridden(info.name, parent, given, i, overrides, stx.span)
                source = T.Proj(stx.span, stx.source, fname) if stx.source is not None else None
                items.append(T.StructInst(stx.span, inner, source))
            elif stx.source is not None:
                items.append(T.Proj(stx.span, stx.source, fname))
            elif default in self.env.kernel:
                items.append(T.Hole(stx.span))  # filled below, once the fields before it are known
                defaulted[i] = default
            else:
                missing.append(fname)
        if missing:
            raise ElabError(stx.span, f"fields missing: {', '.join(repr(m) for m in missing)}")
        e = self.apply_args(self.mk_const(info.ctor), items, None, stx.span, False, None)
        if defaulted:
            self._fill_defaults(e, len(info.fields), defaulted, stx.span)
        if overrides:
            self._fill_overrides(e, info.name, len(info.fields), overrides, stx.span)
        return self.ensure_has_type(expected, e, stx.span)

    def _fill_defaults(self, e: Expr, nfields: int, defaulted: dict[int, Name], span: T.Span) -> None:
        """Solve the holes of left-out fields with their default values (beta-reduced, so that the
        term reads `{ x := 0, y := 1 }` rather than an application of `P.x._default`)."""
        ctor, args = get_app_args(e)
        nparams = len(args) - nfields
        levels = ctor.levels  # type: ignore[attr-defined]
        for i, default in sorted(defaulted.items()):
            decl = self.env.kernel.get(default)
            extra = tuple(self.mctx.new_level_mvar() for _ in decl.level_params[len(levels):])
            fn = Const(default, (*levels, *extra)[: len(decl.level_params)])
            value = _beta_head(self, mk_app(fn, list(args[: nparams + i])))
            hole = args[nparams + i]
            if not self.is_def_eq(hole, value):
                raise ElabError(span, f"the default value of field '{default.prefix}' does not fit:\n  {self.pp(value)}\nwas expected to be\n  {self.pp(hole)}")


    def _overridden(self, struct: Name, parent: Name, given: dict, index: int, out: list, span: T.Span) -> tuple:
        """The parent's fields left out here that `struct` gives a new default (`b := 10` in
        `structure R extends Q`): holes in the parent's instance, filled by `_fill_overrides`."""
        extra = []
        for g in flat_fields(self.env, parent):
            if g not in given and struct.child(g).child("_default") in self.env.kernel:
                extra.append(T.StructInstField(span, g, (), None, T.Hole(span)))
                out.append((index, parent, g))
        return tuple(extra)

    def _fill_overrides(self, e: Expr, struct: Name, nfields: int, overrides: list, span: T.Span) -> None:
        ctor, args = get_app_args(e)
        nparams = len(args) - nfields
        levels = ctor.levels  # type: ignore[attr-defined]
        for index, parent, g in overrides:
            hole = _field_in(self, self.instantiate(args[nparams + index]), parent, g)
            default = struct.child(g).child("_default")
            decl = self.env.kernel.get(default)
            arity = _arity(decl.type) - nparams
            extra = tuple(self.mctx.new_level_mvar() for _ in decl.level_params[len(levels):])
            fn = Const(default, (*levels, *extra)[: len(decl.level_params)])
            value = _beta_head(self, mk_app(fn, list(args[: nparams + arity])))
            value = _reduce_projections(self, self.instantiate(value))
            if hole is None or not self.is_def_eq(hole, value):
                raise ElabError(span, f"the default value of field '{g}' could not be used here")


def _field_in(te: "TermElab", value: Expr, struct: Name, field: str) -> Expr | None:
    """The argument of the constructor application `value` (an instance of `struct`, maybe through
    its parents' `toA` fields) that is `field`."""
    info = te.env.structures.get(struct)
    f, args = get_app_args(value)
    if info is None or f.kind != CONST or f.name is not info.ctor:  # type: ignore[attr-defined]
        return None
    nparams = len(args) - len(info.fields)
    names = [str(n) for n in info.fields]
    if field in names:
        return args[nparams + names.index(field)]
    for parent in info.parents:
        if field in flat_fields(te.env, parent):
            return _field_in(te, te.instantiate(args[nparams + names.index(to_parent_field(parent))]), parent, field)
    return None


def _reduce_projections(te: "TermElab", e: Expr) -> Expr:
    """`Q.a (Q.mk 1 ?b)` is `1`: projections of constructor applications reduced, so that a default
    mentioning the parent's fields does not mention the hole it fills."""
    if not e.has_mvar:
        return e
    if e.kind == APP:
        f, args = get_app_args(e)
        args = [_reduce_projections(te, a) for a in args]
        if f.kind == CONST and f.name.prefix in te.env.structures:  # type: ignore[attr-defined]
            struct = f.name.prefix  # type: ignore[attr-defined]
            nparams = te.env.kernel.get(struct).num_params
            if len(args) > nparams:
                field = _field_in(te, args[nparams], struct, str(f.name.last))  # type: ignore[attr-defined]
                if field is not None:
                    return mk_app(field, args[nparams + 1 :])
        return mk_app(_reduce_projections(te, f), args)
    if e.kind in (LAM, PI):
        assert isinstance(e, Binding)
        mk = Lam if e.kind == LAM else Pi
        return mk(e.name, _reduce_projections(te, e.type), _reduce_projections(te, e.body), e.binfo)
    return e


def _arity(ty: Expr) -> int:
    n = 0
    while isinstance(ty, Binding):
        n, ty = n + 1, ty.body
    return n


def _beta_head(te: "TermElab", value: Expr) -> Expr:
    """Unfold `S.x._default` (a reducible lambda) and beta-reduce its application."""
    f, args = get_app_args(value)
    if f.kind == CONST:
        from lantern.kernel.instantiate import instantiate_level_params

        decl = te.env.kernel.get(f.name)  # type: ignore[attr-defined]
        body = instantiate_level_params(decl.value, decl.level_params, f.levels)  # type: ignore[attr-defined]
        return beta(body, list(args))
    return value
