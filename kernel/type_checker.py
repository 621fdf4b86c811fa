"""Type inference and checking, mirroring `infer_type_core` and friends of Lean's kernel.

A `TypeChecker` lives for one declaration: it knows the environment, the universe parameters in scope
and the local context, and it owns the caches (inference, whnf, known-equal pairs, failed pairs). The
reduction and definitional-equality algorithms are mixins in `reduce.py` and `defeq.py`.

`infer(e, infer_only=False)` checks `e` fully and returns its type; with `infer_only=True` it trusts
that `e` is well typed and only computes the type (much cheaper: arguments are not checked).
"""

from __future__ import annotations

from typing import Iterable

from . import builtins as B
from . import nat_ext
from .declaration import SAFE, UNSAFE, ConstructorInfo, DefinitionInfo, InductiveInfo, is_unsafe
from .defeq import DefEqMixin, EquivManager
from .errors import KernelError
from .expr import (
    APP,
    BVAR,
    CONST,
    FVAR,
    LAM,
    LET,
    MVAR,
    NATLIT,
    PI,
    PROJ,
    SORT,
    STRLIT,
    Const,
    Expr,
    FVar,
    Proj,
    Sort,
    get_app_args,
)
from .format import format_expr
from .instantiate import instantiate1, instantiate_level_params, instantiate_rev
from .level import ZERO_LEVEL, Level, mk_imax, mk_succ, undeclared_param
from .local_ctx import LocalContext
from .name import Name
from .reduce import ReduceMixin

NAT_TYPE = Const(B.NAT)
STRING_TYPE = Const(B.STRING)
PROP = Sort(ZERO_LEVEL)


class TypeChecker(ReduceMixin, DefEqMixin):
    def __init__(
        self,
        env: "Environment",  # type: ignore[name-defined]  # noqa: F821
        level_params: Iterable[Name] = (),
        safety: str = SAFE,
        lctx: LocalContext | None = None,
    ) -> None:
        self.env = env
        self.level_params = frozenset(level_params)
        self.safety = safety
        self.lctx = lctx if lctx is not None else LocalContext()
        self.infer_cache: dict[Expr, Expr] = {}
        self.infer_only_cache: dict[Expr, Expr] = {}
        self.whnf_core_cache: dict[Expr, Expr] = {}
        self.whnf_cache: dict[Expr, Expr] = {}
        self.eqv = EquivManager()
        self.failure_cache: set[tuple[Expr, Expr]] = set()

    # -- errors -----------------------------------------------------------------------------------

    def fmt(self, e: Expr) -> str:
        return format_expr(e)

    def error(self, message: str) -> KernelError:
        return KernelError(message)

    # -- entry points ----------------------------------------------------------------------------

    def check(self, e: Expr) -> Expr:
        """Fully check `e` and return its type."""
        return self.infer(e, False)

    def ensure_sort(self, t: Expr, about: Expr | None = None) -> Expr:
        if t.kind == SORT:
            return t
        w = self.whnf(t)
        if w.kind == SORT:
            return w
        what = f" for '{self.fmt(about)}'" if about is not None else ""
        raise self.error(f"type expected{what}, but its type is '{self.fmt(t)}', which is not a sort")

    def ensure_pi(self, t: Expr, about: Expr) -> Expr:
        if t.kind == PI:
            return t
        w = self.whnf(t)
        if w.kind == PI:
            return w
        raise self.error(f"function expected in '{self.fmt(about)}', but its type is '{self.fmt(t)}'")

    def ensure_type(self, e: Expr) -> Expr:
        """The sort of the type `e` (checking that `e` is a type)."""
        return self.ensure_sort(self.infer(e, False), e)

    def is_prop_type(self, t: Expr) -> bool:
        """Whether the type `t` is a proposition (lives in `Prop`)."""
        s = self.whnf(self.infer(t, True))
        return s.kind == SORT and s.level is ZERO_LEVEL  # type: ignore[attr-defined]

    def is_proof(self, e: Expr) -> bool:
        return self.is_prop_type(self.infer(e, True))

    def check_level(self, l: Level) -> None:
        if l.has_mvar:
            raise self.error(f"unexpected universe metavariable in '{l}'")
        bad = undeclared_param(l, self.level_params)
        if bad is not None:
            raise self.error(f"undeclared universe level parameter '{bad}'")

    # -- inference ---------------------------------------------------------------------------------

    def infer(self, e: Expr, infer_only: bool = True) -> Expr:
        cache = self.infer_only_cache if infer_only else self.infer_cache
        r = cache.get(e)
        if r is not None:
            return r
        k = e.kind
        if k == BVAR:
            raise self.error(f"unexpected loose bound variable #{e.idx}")  # type: ignore[attr-defined]
        elif k == FVAR:
            decl = self.lctx.get(e)
            if decl is None:
                raise self.error(f"unknown free variable '{self.fmt(e)}'")
            r = decl.type
        elif k == MVAR:
            r = self.infer_mvar(e)
        elif k == SORT:
            if not infer_only:
                self.check_level(e.level)  # type: ignore[attr-defined]
            r = Sort(mk_succ(e.level))  # type: ignore[attr-defined]
        elif k == CONST:
            r = self.infer_constant(e, infer_only)
        elif k == APP:
            r = self.infer_app(e, infer_only)
        elif k == LAM:
            r = self.infer_lambda(e, infer_only)
        elif k == PI:
            r = self.infer_pi(e, infer_only)
        elif k == LET:
            r = self.infer_let(e, infer_only)
        elif k == NATLIT:
            self._require_literal_type(B.NAT)
            r = NAT_TYPE
        elif k == STRLIT:
            self._require_literal_type(B.STRING)
            r = STRING_TYPE
        elif k == PROJ:
            r = self.infer_proj(e, infer_only)
        else:  # pragma: no cover - every kind is handled above
            raise self.error(f"unknown term kind {k}")
        if not e.has_mvar:  # (a metavariable's assignment can change)
            cache[e] = r
        return r

    def infer_mvar(self, e: Expr) -> Expr:
        """The kernel never sees metavariables; the front end's checker overrides this."""
        raise self.error(f"unexpected metavariable '{self.fmt(e)}'")

    def _require_literal_type(self, name: Name) -> None:
        if name not in self.env:
            raise self.error(f"literal used before '{name}' is declared")
        if name is B.NAT and not nat_ext.nat_is_standard(self.env):
            raise self.error("natural number literal used, but 'Nat' is not the type with 'Nat.zero' and 'Nat.succ'")

    def infer_constant(self, e: Expr, infer_only: bool) -> Expr:
        info = self.env.find(e.name)  # type: ignore[attr-defined]
        if info is None:
            raise self.error(f"unknown constant '{e.name}'")  # type: ignore[attr-defined]
        levels = e.levels  # type: ignore[attr-defined]
        if len(levels) != len(info.level_params):
            raise self.error(
                f"incorrect number of universe levels for '{e.name}': expected {len(info.level_params)}, "  # type: ignore[attr-defined]
                f"got {len(levels)}"
            )
        if not infer_only:
            if self.safety != UNSAFE and is_unsafe(info):
                raise self.error(f"invalid declaration, it uses unsafe declaration '{e.name}'")  # type: ignore[attr-defined]
            if self.safety == SAFE and isinstance(info, DefinitionInfo) and info.safety != SAFE:
                raise self.error(f"invalid declaration, safe declaration must not contain partial declaration '{e.name}'")  # type: ignore[attr-defined]
            for l in levels:
                self.check_level(l)
        return instantiate_level_params(info.type, info.level_params, levels)

    def infer_app(self, e: Expr, infer_only: bool) -> Expr:
        f, args = get_app_args(e)
        f_type = self.infer(f, infer_only)
        if infer_only:
            # Strip as many Π binders as possible before substituting, in one pass.
            j = 0
            for i in range(len(args)):
                if f_type.kind == PI:
                    f_type = f_type.body  # type: ignore[attr-defined]
                else:
                    f_type = instantiate_rev(f_type, args[j:i])
                    f_type = self.ensure_pi(f_type, e)
                    f_type = f_type.body  # type: ignore[attr-defined]
                    j = i
            return instantiate_rev(f_type, args[j:])
        for a in args:
            f_type = self.ensure_pi(f_type, e)
            a_type = self.infer(a, False)
            if not self.is_def_eq(a_type, f_type.type):  # type: ignore[attr-defined]
                raise self.error(
                    f"application type mismatch: in '{self.fmt(e)}', the argument '{self.fmt(a)}' has type "
                    f"'{self.fmt(a_type)}' but is expected to have type '{self.fmt(f_type.type)}'"  # type: ignore[attr-defined]
                )
            f_type = instantiate1(f_type.body, a)  # type: ignore[attr-defined]
        return f_type

    def infer_lambda(self, e: Expr, infer_only: bool) -> Expr:
        fvars: list[FVar] = []
        while e.kind == LAM:
            d = instantiate_rev(e.type, fvars)  # type: ignore[attr-defined]
            if not infer_only:
                self.ensure_type(d)
            fvars.append(self.lctx.mk_local(e.name, d, None, e.binfo))  # type: ignore[attr-defined]
            e = e.body  # type: ignore[attr-defined]
        r = self.infer(instantiate_rev(e, fvars), infer_only)
        return self.lctx.mk_binding(fvars, r, lam=False)

    def infer_pi(self, e: Expr, infer_only: bool) -> Expr:
        fvars: list[FVar] = []
        levels: list[Level] = []
        while e.kind == PI:
            d = instantiate_rev(e.type, fvars)  # type: ignore[attr-defined]
            s = self.ensure_sort(self.infer(d, infer_only), d)
            levels.append(s.level)  # type: ignore[attr-defined]
            fvars.append(self.lctx.mk_local(e.name, d, None, e.binfo))  # type: ignore[attr-defined]
            e = e.body  # type: ignore[attr-defined]
        body = instantiate_rev(e, fvars)
        r = self.ensure_sort(self.infer(body, infer_only), body).level  # type: ignore[attr-defined]
        for l in reversed(levels):
            r = mk_imax(l, r)
        return Sort(r)

    def infer_let(self, e: Expr, infer_only: bool) -> Expr:
        fvars: list[FVar] = []
        while e.kind == LET:
            ty = instantiate_rev(e.type, fvars)  # type: ignore[attr-defined]
            val = instantiate_rev(e.value, fvars)  # type: ignore[attr-defined]
            if not infer_only:
                self.ensure_type(ty)
                val_type = self.infer(val, False)
                if not self.is_def_eq(val_type, ty):
                    raise self.error(
                        f"type mismatch in 'let {e.name}': the value has type '{self.fmt(val_type)}' "  # type: ignore[attr-defined]
                        f"but is declared with type '{self.fmt(ty)}'"
                    )
            fvars.append(self.lctx.mk_local(e.name, ty, val))  # type: ignore[attr-defined]
            e = e.body  # type: ignore[attr-defined]
        r = self.infer(instantiate_rev(e, fvars), infer_only)
        return self.lctx.mk_binding(fvars, r, lam=False)

    def infer_proj(self, e: Expr, infer_only: bool) -> Expr:
        struct_type = self.whnf(self.infer(e.expr, infer_only))  # type: ignore[attr-defined]
        fn, args = get_app_args(struct_type)
        bad = self.error(f"invalid projection '{self.fmt(e)}' of a value of type '{self.fmt(struct_type)}'")
        if fn.kind != CONST or fn.name is not e.struct:  # type: ignore[attr-defined]
            raise bad
        ind = self.env.find(fn.name)  # type: ignore[attr-defined]
        if not isinstance(ind, InductiveInfo) or len(ind.ctors) != 1 or len(args) != ind.num_params + ind.num_indices:
            raise bad
        ctor = self.env.get(ind.ctors[0])
        assert isinstance(ctor, ConstructorInfo)
        if not 0 <= e.idx < ctor.num_fields:  # type: ignore[attr-defined]
            raise bad
        r = instantiate_level_params(ctor.type, ctor.level_params, fn.levels)  # type: ignore[attr-defined]
        for i in range(ind.num_params):
            r = self.whnf(r)
            if r.kind != PI:
                raise bad
            r = instantiate1(r.body, args[i])  # type: ignore[attr-defined]
        is_prop = self.is_prop_type(struct_type)
        for i in range(e.idx):  # type: ignore[attr-defined]
            r = self.whnf(r)
            if r.kind != PI:
                raise bad
            if r.body.lbr:  # type: ignore[attr-defined]
                # A later field depends on this one: only allowed out of a proof if it is a proof.
                if is_prop and not self.is_prop_type(r.type):  # type: ignore[attr-defined]
                    raise bad
                r = instantiate1(r.body, Proj(e.struct, i, e.expr))  # type: ignore[attr-defined]
            else:
                r = r.body  # type: ignore[attr-defined]
        r = self.whnf(r)
        if r.kind != PI:
            raise bad
        field_type = r.type  # type: ignore[attr-defined]
        if is_prop and not self.is_prop_type(field_type):
            raise self.error(f"invalid projection '{self.fmt(e)}': cannot project data out of a proof")
        return field_type


# Resolve the forward reference used in annotations.
from .environment import Environment  # noqa: E402,F401
