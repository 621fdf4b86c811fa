"""Names, applications and field notation (Lean's `elabApp`).

An application `f a b (x := c)` walks `f`'s type: explicit binders take the positional arguments,
named ones take `(x := c)`, implicit binders become metavariables, instance-implicit ones become
instance problems. Field notation `e.f` finds `C.f` for `e : C …` and passes `e` as the first explicit
argument whose type is `C …` (generalised field notation), so `(append xs ys).length` is
`List.length (append xs ys)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.declaration import ConstructorInfo, InductiveInfo
from lantern.kernel.expr import (
    APP,
    CONST,
    LAM,
    DEFAULT,
    INST_IMPLICIT,
    PI,
    STRICT_IMPLICIT,
    App,
    Const,
    Expr,
    get_app_args,
    get_app_fn,
    mk_app,
)
from lantern.kernel.instantiate import instantiate1

from ..meta.context import SYNTHETIC, SYNTHETIC_OPAQUE
from ..meta.instantiate import beta
from lantern.kernel.name import Name

from ..messages import ElabError
from ..names import join, near_names, resolve_global, split_ident
from ..syntax import tree as T
from .binop import BinOpMixin, is_binop, is_binrel
from .postpone import PostponeMixin

if TYPE_CHECKING:
    from .elaborator import TermElab

    _Base = TermElab
else:
    _Base = object


class _SelfArg:
    """The receiver of field notation, waiting for the first explicit binder of its type."""

    __slots__ = ("value", "type_name", "span")

    def __init__(self, value: Expr, type_name: Name, span: T.Span) -> None:
        self.value, self.type_name, self.span = value, type_name, span


class Pre:
    """An argument already elaborated (used by `binop%`-style operator elaboration)."""

    __slots__ = ("span", "expr")

    def __init__(self, span: T.Span, expr: Expr) -> None:
        self.span, self.expr = span, expr


class AppMixin(BinOpMixin, PostponeMixin, _Base):
    def elab_Pre(self, stx: Pre, expected: Expr | None) -> Expr:
        return self.ensure_has_type(expected, stx.expr, stx.span)

    def _is_nat(self, ty: Expr) -> bool:
        w = self.whnf(ty)
        return w.kind == CONST and w.name is Name.of("Nat")  # type: ignore[attr-defined]

    # -- heads ------------------------------------------------------------------------------------------

    def elab_Ident(self, stx: T.Ident, expected: Expr | None) -> Expr:
        return self.elab_app(stx, (), expected, stx.span)

    def elab_Explicit(self, stx: T.Explicit, expected: Expr | None) -> Expr:
        return self.elab_app(stx, (), expected, stx.span)

    def elab_App(self, stx: T.App, expected: Expr | None) -> Expr:
        return self.elab_app(stx.fn, stx.args, expected, stx.span)

    def elab_Proj(self, stx: T.Proj, expected: Expr | None) -> Expr:
        return self.elab_app(stx, (), expected, stx.span)

    def elab_OpApp(self, stx: T.OpApp, expected: Expr | None) -> Expr:
        if stx.symbol == "↑" and len(stx.args) == 1:
            # `↑e`: a coercion to the expected type.
            if expected is None:
                raise ElabError(stx.span, "invalid coercion notation, expected type is not known")
            e = self.elab_coe_operand(stx.args[0])
            ty = self.instantiate(self.infer(e))
            if self.is_def_eq(ty, expected):
                return e
            coerced = self.coerce(e, ty, expected)
            if coerced is None:
                raise self.mismatch(e, ty, expected, stx.span)
            return coerced
        if stx.symbol == "▸" and len(stx.args) == 2:
            return self.elab_subst(stx, expected)  # type: ignore[attr-defined]
        if stx.params:
            raise ElabError(stx.span, f"mixfix notation '{stx.symbol}' is not supported by the elaborator yet")
        if is_binop(stx) or is_binrel(stx):
            return self.elab_op_tree(stx, expected)
        return self.elab_app(stx.fn, stx.args, expected, stx.span)

    def resolve_head(self, stx: T.Term) -> tuple[Expr, list[str], bool]:
        """The function being applied, the field accesses after it, and whether it is `@f`."""
        explicit = isinstance(stx, T.Explicit)
        if explicit:
            stx = stx.ident  # type: ignore[union-attr]
        if isinstance(stx, T.Proj):
            target = self.elab(stx.target, None)
            return target, [stx.field], explicit
        if not isinstance(stx, T.Ident):
            return self.elab(stx, None), [], explicit
        parts = split_ident(stx.name)
        whole = self.lctx.find_user(Name.of(stx.name)) if len(parts) > 1 else None
        if whole is not None:  # a local with a dotted name: the function being defined, `Nat.add`
            return whole.fvar, [], explicit
        local = self.lctx.find_user(Name.of(parts[0])) if parts else None
        if local is not None:
            return local.fvar, parts[1:], explicit
        found = resolve_global(self.env, stx.name)
        if len(found) > 1:
            names = ", ".join(str(r.name) for r in found)
            raise ElabError(stx.span, f"ambiguous identifier '{stx.name}', possible interpretations: {names}")
        if not found:
            if self.auto_bound and len(parts) == 1:
                from .elaborator import AutoBound

                raise AutoBound(parts[0])
            raise self.unknown_identifier(stx)
        r = found[0]
        return self.mk_const(r.name, stx), list(r.fields), explicit

    def unknown_identifier(self, stx: T.Ident) -> ElabError:
        hint = near_names(self.env, stx.name)
        extra = f"; did you mean {', '.join(repr(h) for h in hint)}?" if hint else ""
        return ElabError(stx.span, f"unknown identifier '{stx.name}'{extra}")

    def mk_const(self, name: Name, stx: T.Ident | None = None) -> Expr:
        info = self.env.kernel.get(name)
        if stx is not None and stx.levels:
            if len(stx.levels) != len(info.level_params):
                raise ElabError(stx.span, f"'{name}' expects {len(info.level_params)} universe levels, {len(stx.levels)} given")
            levels = tuple(self.elab_level(l) for l in stx.levels)
        else:
            levels = tuple(self.mctx.new_level_mvar() for _ in info.level_params)
        return Const(name, levels)

    # -- applications ------------------------------------------------------------------------------------

    def elab_app(self, fn_stx: T.Term, args: tuple, expected: Expr | None, span: T.Span) -> Expr:
        if isinstance(fn_stx, T.DotIdent):
            # `.cons x xs`: the constructor is looked up in the namespace of the expected type.
            if expected is None:
                raise ElabError(fn_stx.span, f"invalid dotted identifier notation '.{fn_stx.name}': the expected type is not known")
            head = self._type_head(expected)
            if head is None:
                raise ElabError(fn_stx.span, f"invalid dotted identifier notation, the expected type is not of the form (C ...)\n  {self.pp(expected)}")
            fn_stx = T.Ident(fn_stx.span, str(join(head, split_ident(fn_stx.name))))
        f, fields, explicit = self.resolve_head(fn_stx)
        self_arg = None
        for i, field in enumerate(fields):  # `a.f.g`: each access applies the previous one first
            try:
                f, self_arg = self.field_access(f, self_arg, field, span)
            except ElabError:
                if i == 0 and isinstance(fn_stx, T.Ident) and f.kind == CONST:
                    # `Nat.sucx`: a constant followed by a field that is not there reads as a typo.
                    raise self.unknown_identifier(fn_stx) from None
                raise
        positional = [a for a in args if not isinstance(a, T.NamedArg)]
        named = {a.name: a for a in args if isinstance(a, T.NamedArg)}
        if not positional and not named and self_arg is None and explicit:
            return self.ensure_has_type(expected, f, span)
        e = self.apply_args(f, positional, named, span, explicit, self_arg, expected)
        return self.ensure_has_type(expected, e, span)

    def field_access(self, target: Expr, pending: "_SelfArg | None", field: str, span: T.Span) -> tuple[Expr, "_SelfArg"]:
        """`target.field`: the function to apply and the receiver to pass to it."""
        if pending is not None:
            target = self.apply_args(target, (), None, span, False, pending)
        ty = self.whnf(self.instantiate(self.infer(target)))
        head = get_app_fn(ty)
        if head.kind != CONST and self.pending_instances:
            # The type waits on instances (an out-parameter such as `HSub Int Int ?γ`): solve them now,
            # as Lean does before resolving field notation.
            self.synthesize_pending(use_defaults=True, report=False)
            ty = self.whnf(self.instantiate(self.infer(target)))
            head = get_app_fn(ty)
        if head.kind != CONST:
            raise ElabError(span, f"invalid field notation '{field}': the type of\n  {self.pp(target)}\nis not of the form (C ...); it is\n  {self.pp(ty)}")
        type_name = head.name  # type: ignore[attr-defined]
        struct = self.env.structures.get(type_name)
        if field.isdigit() and struct is not None:
            idx = int(field) - 1
            if not 0 <= idx < len(struct.fields):
                raise ElabError(span, f"invalid projection .{field}: '{type_name}' has {len(struct.fields)} fields")
            field = str(struct.fields[idx])
        fn_name = join(type_name, [field])
        if fn_name not in self.env.kernel:
            from ..meta.context import is_aux_decl

            local = self.lctx.find_user(fn_name)
            if local is not None and is_aux_decl(local):
                # A recursive call `xs.len` inside `def List.len` (or a function of the same `mutual`
                # block): the function is still the local standing for it, as in Lean.
                return local.fvar, _SelfArg(target, type_name, span)
            path = parent_path(self.env, type_name, field)
            if path is None:
                raise ElabError(span, f"invalid field '{field}', the environment does not contain '{fn_name}'\n  {self.pp(target)}\nhas type\n  {self.pp(ty)}")
            # A parent's field (`structure B extends A`): `b.x` is `b.toA.x`, as in Lean.
            for struct_name, to_parent, parent in path:
                target = self.apply_args(self.mk_const(to_parent), (), None, span, False, _SelfArg(target, struct_name, span))
                type_name = parent
            fn_name = join(type_name, [field])
        return self.mk_const(fn_name), _SelfArg(target, type_name, span)

    def apply_args(
        self, f: Expr, positional: tuple | list, named: dict | None, span: T.Span, explicit: bool, self_arg: "_SelfArg | None",
        expected: Expr | None = None,
    ) -> Expr:
        args = list(positional)
        named = dict(named or {})
        f_type = self.instantiate(self.infer(f))
        e = f
        propagate = expected is not None and not named and self_arg is None
        postponed: list = []  # arguments waiting for the later ones (see `postpone.py`)
        while True:
            ft = f_type if f_type.kind == PI else self.whnf(f_type)
            if ft.kind != PI:
                if args or named or self_arg is not None:
                    what = f"{len(args)} more argument(s)" if args else "an argument"
                    raise ElabError(span, f"function expected: too many arguments, {what} cannot be applied to\n  {self.pp(e)}\nof type\n  {self.pp(ft)}")
                break
            binfo = ft.binfo  # type: ignore[attr-defined]
            dom = ft.type  # type: ignore[attr-defined]
            if dom.kind == APP and get_app_fn(dom).kind == LAM:
                # `p w` with `p := fun n => …`: the argument's type as Lean shows it, beta-reduced.
                f, dom_args = get_app_args(dom)
                dom = beta(f, dom_args)
            bname = str(ft.name)  # type: ignore[attr-defined]
            if bname in named:
                a = self.elab_checked(named.pop(bname).value, dom)
            elif self_arg is not None and (binfo == DEFAULT or bname == "self") and self._type_head(dom) is self_arg.type_name:
                # The receiver of `h.rel`; a class projection takes it as its `[self : C α]` (Lean
                # passes the receiver of a projection as the named argument `self`).
                a = self.ensure_has_type(dom, self_arg.value, self_arg.span)
                self_arg = None
            elif binfo == DEFAULT or explicit:
                if propagate and args:
                    propagate = False
                    self.propagate_expected_type(ft, len(args), expected, explicit)  # type: ignore[arg-type]
                if not args:
                    if named or self_arg is not None:
                        # A later binder takes the named argument or receiver: this one stays open.
                        a = self.new_mvar(dom)
                    elif not explicit and _opt_param_default(dom) is not None:
                        a = _opt_param_default(dom)  # `(w : Nat := 120)` left out: its default (Lean)
                    else:
                        break  # partial application
                else:
                    arg = args.pop(0)
                    if isinstance(arg, T.Hole) and arg.synthetic and arg.name is None:
                        # `?_` as an argument: a goal named after the parameter (`left`, `right`), as in Lean
                        a = self.new_mvar(dom, SYNTHETIC_OPAQUE, Name.of(bname))
                    else:
                        a = self.elab_arg_or_postpone(arg, dom, postponed)
            elif binfo == INST_IMPLICIT:
                a = self.new_mvar(dom, kind=SYNTHETIC)
                self.pending_instances.append((a, span))  # type: ignore[arg-type]
            elif binfo == STRICT_IMPLICIT and not args and not named and self_arg is None:
                break
            else:
                a = self.new_mvar(dom)
            e = App(e, a)
            f_type = instantiate1(ft.body, a)  # type: ignore[attr-defined]
        if named:
            bad = next(iter(named))
            raise ElabError(named[bad].span, f"invalid argument name '{bad}' for function\n  {self.pp(f)}")
        if postponed:
            self.resume_postponed(postponed)
        return e

    def propagate_expected_type(self, f_type: Expr, num_args: int, expected: Expr, explicit: bool) -> None:
        """Lean's `propagateExpectedType`: before the explicit arguments are elaborated, unify the type
        the application will have with the expected one, so the arguments are checked against what is
        already known (`of_decide_eq_true rfl : 2 + 2 = 4` learns `p` before `rfl` is looked at).
        Skipped when that type depends on an argument; a failure is left to the final check."""
        ty = f_type
        while num_args > 0:
            if ty.kind != PI:
                ty = self.whnf(ty)
                if ty.kind != PI:
                    return
            body = ty.body  # type: ignore[attr-defined]
            if body.lbr > 0:
                return
            if ty.binfo == DEFAULT or explicit:  # type: ignore[attr-defined]
                num_args -= 1
            ty = body
        ty = self.instantiate(ty)
        if ty.kind == PI and ty.binfo != DEFAULT:  # type: ignore[attr-defined]
            return  # trailing implicit arguments are still to be made
        if _has_mvar_application(ty):
            return  # `?f a = …` would be solved by a first-order guess that the arguments may refute
        token = self.mctx.checkpoint()
        if not self.is_def_eq(ty, expected):
            self.mctx.rollback(token)

    def _type_head(self, ty: Expr) -> Name | None:
        head = get_app_fn(self.whnf(self.instantiate(ty)))
        return head.name if head.kind == CONST else None  # type: ignore[attr-defined]

    # -- constructor notations -------------------------------------------------------------------------------

    def elab_DotIdent(self, stx: T.DotIdent, expected: Expr | None) -> Expr:
        if expected is None:
            raise ElabError(stx.span, f"invalid dotted identifier notation '.{stx.name}': the expected type is not known")
        head = self._type_head(expected)
        if head is None:
            raise ElabError(stx.span, f"invalid dotted identifier notation, the expected type is not of the form (C ...)\n  {self.pp(expected)}")
        name = join(head, split_ident(stx.name))
        if name not in self.env.kernel:
            raise ElabError(stx.span, f"unknown constant '{name}'")
        return self.ensure_has_type(expected, self.apply_args(self.mk_const(name), (), None, stx.span, False, None), stx.span)

    def elab_AnonCtor(self, stx: T.AnonCtor, expected: Expr | None) -> Expr:
        if expected is None:
            raise ElabError(stx.span, "invalid constructor ⟨...⟩, expected type must be known")
        head = self._type_head(expected)
        ind = self.env.kernel.find(head) if head is not None else None
        if not isinstance(ind, InductiveInfo) or len(ind.ctors) != 1:
            raise ElabError(stx.span, f"invalid constructor ⟨...⟩, expected type must be an inductive type with only one constructor\n  {self.pp(expected)}")
        ctor = self.env.kernel.get(ind.ctors[0])
        assert isinstance(ctor, ConstructorInfo)
        items = list(stx.items)
        if len(items) > ctor.num_fields >= 1:
            # ⟨a, b, c⟩ for a two-field structure is ⟨a, ⟨b, c⟩⟩, as in Lean
            rest = T.AnonCtor(items[ctor.num_fields - 1].span.join(items[-1].span), tuple(items[ctor.num_fields - 1 :]))
            items = items[: ctor.num_fields - 1] + [rest]
        if len(items) != ctor.num_fields:
            raise ElabError(stx.span, f"invalid constructor ⟨...⟩, insufficient number of arguments, constructs '{ctor.name}' has {ctor.num_fields} explicit fields, but only {len(items)} provided")
        # The parameters come from the expected type itself, so the fields are elaborated against
        # their real types (`⟨2, rfl⟩ : ∃ n, n + 1 = 3` checks `rfl` against `2 + 1 = 3`).
        w = self.whnf(self.instantiate(expected))
        head, type_args = get_app_args(w)
        if head.kind == CONST and head.name is ind.name and len(type_args) >= ind.num_params:  # type: ignore[attr-defined]
            base = mk_app(Const(ctor.name, head.levels), type_args[: ind.num_params])  # type: ignore[attr-defined]
            e = self.apply_args(base, items, None, stx.span, False, None)
        else:
            e = self.apply_args(self.mk_const(ctor.name), items, None, stx.span, False, None)
        return self.ensure_has_type(expected, e, stx.span)

    def elab_If(self, stx: T.If, expected: Expr | None) -> Expr:
        """`if c then a else b` is `ite c a b`; `if h : c then a else b` is
        `dite c (fun h => a) (fun h => b)`, the instance `Decidable c` found by resolution."""
        if stx.hyp is None:
            app = T.App(stx.span, T.Ident(stx.span, "ite"), (stx.cond, stx.then, stx.else_))
            return self.elab(app, expected)
        name = stx.hyp
        yes = T.Fun(stx.then.span, (T.Binder(stx.span, (name,), stx.cond),), stx.then)
        no_type = T.App(stx.cond.span, T.Ident(stx.cond.span, "Not"), (stx.cond,))
        no = T.Fun(stx.else_.span, (T.Binder(stx.span, (name,), no_type),), stx.else_)
        return self.elab(T.App(stx.span, T.Ident(stx.span, "dite"), (stx.cond, yes, no)), expected)

    def elab_ListLit(self, stx: T.ListLit, expected: Expr | None) -> Expr:
        nil: T.Term = T.Ident(stx.span, "List.nil")
        e: T.Term = nil
        for item in reversed(stx.items):
            e = T.App(item.span, T.Ident(item.span, "List.cons"), (item, e))
        return self.elab(e, expected)

    def elab_Tuple(self, stx: T.Tuple, expected: Expr | None) -> Expr:
        e: T.Term = stx.items[-1]
        for item in reversed(stx.items[:-1]):
            e = T.App(stx.span, T.Ident(stx.span, "Prod.mk"), (item, e))
        return self.elab(e, expected)



def to_parent_field(parent: Name) -> str:
    """The field of `structure B extends A` that holds the parent: `toA`."""
    return "to" + str(parent.last)


def parent_path(env: object, struct: Name, field: str) -> list[tuple[Name, Name, Name]] | None:
    """How `s.field` reaches a parent's field for `s : struct`: the `(structure, toParent projection,
    parent)` steps, outermost first; None if no parent (transitively) has that field."""
    info = env.structures.get(struct)  # type: ignore[attr-defined]
    if info is None:
        return None
    for parent in info.parents:
        step = (struct, struct.child(to_parent_field(parent)), parent)
        if join(parent, [field]) in env.kernel:  # type: ignore[attr-defined]
            return [step]
        deeper = parent_path(env, parent, field)
        if deeper is not None:
            return [step, *deeper]
    return None


def flat_fields(env: object, struct: Name) -> list[str]:
    """The fields reachable in a structure instance `{ … }` of `struct`: its own, and its parents'."""
    info = env.structures.get(struct)  # type: ignore[attr-defined]
    if info is None:
        return []
    out = [str(f) for f in info.fields]
    for parent in info.parents:
        out += [f for f in flat_fields(env, parent) if f not in out]
    return out


def _opt_param_default(dom: Expr) -> Expr | None:
    """The default value of a binder of type `optParam T v` (written `(x : T := v)`), else None."""
    f, args = get_app_args(dom)
    if f.kind == CONST and f.name is _OPT_PARAM and len(args) == 2:  # type: ignore[attr-defined]
        return args[1]
    return None


_OPT_PARAM = Name.of("optParam")


def _has_mvar_application(e: Expr) -> bool:
    from lantern.kernel.expr import HAS_EMVAR, MVAR

    stack = [e]
    while stack:
        x = stack.pop()
        if not x.flags & HAS_EMVAR:
            continue
        if x.kind == APP:
            if get_app_fn(x).kind == MVAR:
                return True
            stack += [x.fn, x.arg]  # type: ignore[attr-defined]
        else:
            stack += [c for c in (getattr(x, "type", None), getattr(x, "body", None), getattr(x, "value", None)) if isinstance(c, Expr)]
    return False
