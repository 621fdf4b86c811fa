"""Type inference and checking, mirroring `infer_type_core` and friends of Lean's kernel.

A `TypeChecker` lives for one declaration: it knows the environment, the universe parameters in scope
and the local context, and it owns the caches (inference, whnf, known-equal pairs, failed pairs). The
reduction and definitional-equality algorithms are mixins in `reduce.py` and `defeq.py`.

`infer(e, infer_only=False)` checks `e` fully and returns its type; with `infer_only=True` it trusts
that `e` is well typed and only computes the type (much cheaper: arguments are not checked).
"""

from __future__ import annotations

from typing import Iterable, Sequence

from . import builtins as B
from . import nat_ext
from .declaration import SAFE, UNSAFE, ConstructorInfo, DefinitionInfo, InductiveInfo, is_unsafe
from .defeq import DefEqMixin, EquivManager
from .environment import Environment
from .errors import KernelError
from .expr import (
    APP,
    BVAR,
    CONST,
    FVAR,
    HAS_EMVAR,
    HAS_FVAR,
    HAS_LMVAR,
    HAS_LPARAM,
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
from .instantiate import equals_instantiated, instantiate1, instantiate_level_params, instantiate_rev
from .level import ZERO_LEVEL, Level, mk_imax, mk_succ, undeclared_param
from .local_ctx import LocalContext
from .name import Name
from .reduce import ReduceMixin

NAT_TYPE = Const(B.NAT)
STRING_TYPE = Const(B.STRING)
PROP = Sort(ZERO_LEVEL)

_LOCAL = HAS_FVAR | HAS_EMVAR | HAS_LMVAR  # what makes a term's facts local to one checker
_MVARS = HAS_EMVAR | HAS_LMVAR
# (id of a term, universe parameters, levels) ↦ (that term, the term with the parameters replaced by
# the levels): a pure function's memo, shared by every checker; the term is held so that its id stays
# its own. Bounded: cleared when full.
_LPARAMS_MEMO: dict[tuple[int, tuple[Name, ...], tuple[Level, ...]], tuple[Expr, Expr]] = {}
_LPARAMS_MEMO_MAX = 1 << 16


class TypeChecker(ReduceMixin, DefEqMixin):
    def __init__(
        self,
        env: "Environment",
        level_params: Iterable[Name] = (),
        safety: str = SAFE,
        lctx: LocalContext | None = None,
        shared_caches: bool = False,
    ) -> None:
        self.env = env
        self.level_params = frozenset(level_params)
        self.safety = safety
        self.lctx = lctx if lctx is not None else LocalContext()
        self.infer_cache: dict[Expr, Expr] = {}
        self.infer_only_cache: dict[Expr, Expr] = {}
        self.whnf_core_cache: dict[Expr, Expr] = {}
        self.whnf_cache: dict[Expr, Expr] = {}
        # Results for closed terms (no free variables or metavariables) go to the `closed_*` caches:
        # the ones above unless this checker shares its environment's (`Environment.checker_caches`).
        # Only the kernel's own class shares them (a subclass may reduce differently), and only a
        # checker that lives inside one `check_declaration`, during which the environment is neither
        # extended nor forked.
        self.eqv = EquivManager()
        self.failure_cache: set[tuple[Expr, Expr]] = set()
        self.closed_infer_cache = self.infer_cache
        self.closed_infer_only_cache = self.infer_only_cache
        self.closed_whnf_core_cache = self.whnf_core_cache
        self.closed_whnf_cache = self.whnf_cache
        self.closed_eqv = self.eqv  # closed pairs proved equal are recorded here too (`is_def_eq`)
        if shared_caches and type(self) is TypeChecker and type(env) is Environment:
            shared = env.checker_caches()
            self.closed_infer_cache = shared.infer.setdefault((safety, self.level_params), {})
            self.closed_infer_only_cache = shared.infer_only
            self.closed_whnf_core_cache = shared.whnf_core
            self.closed_whnf_cache = shared.whnf
            if shared.eqv is None:
                shared.eqv = EquivManager()
            self.closed_eqv = shared.eqv  # type: ignore[assignment]

    def instantiate_lparams(self, e: Expr, params: "Sequence[Name]", levels: "Sequence[Level]") -> Expr:
        """`instantiate_level_params(e, params, levels)` for a constant's type, value or recursor
        rule: memoised (`_LPARAMS_MEMO`), so each use of a constant at the same levels gets the same
        object and the caches meet it again by identity instead of comparing copies."""
        if not params or not (e.flags & HAS_LPARAM):
            return e
        key = (id(e), params if type(params) is tuple else tuple(params), levels if type(levels) is tuple else tuple(levels))
        hit = _LPARAMS_MEMO.get(key)
        if hit is not None and hit[0] is e:
            return hit[1]
        r = instantiate_level_params(e, params, levels)
        if len(_LPARAMS_MEMO) >= _LPARAMS_MEMO_MAX:
            _LPARAMS_MEMO.clear()
        _LPARAMS_MEMO[key] = (e, r)
        return r

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
        k = e.kind
        if k == FVAR:  # (its declaration is the cache)
            decl = self.lctx.get(e)
            if decl is not None:
                return decl.type
        flags = e.flags
        if flags & _LOCAL:
            cache = self.infer_only_cache if infer_only else self.infer_cache
        else:
            cache = self.closed_infer_only_cache if infer_only else self.closed_infer_cache
        r = cache.get(e)
        if r is not None:
            return r
        if k == APP:
            r = self.infer_app(e, infer_only)
        elif k == CONST:
            r = self.infer_constant(e, infer_only)
        elif k == LAM:
            r = self.infer_lambda(e, infer_only)
        elif k == PI:
            r = self.infer_pi(e, infer_only)
        elif k == SORT:
            if not infer_only:
                self.check_level(e.level)  # type: ignore[attr-defined]
            r = Sort(mk_succ(e.level))  # type: ignore[attr-defined]
        elif k == LET:
            r = self.infer_let(e, infer_only)
        elif k == PROJ:
            r = self.infer_proj(e, infer_only)
        elif k == NATLIT:
            self._require_literal_type(B.NAT)
            r = NAT_TYPE
        elif k == STRLIT:
            self._require_literal_type(B.STRING)
            r = STRING_TYPE
        elif k == MVAR:
            r = self.infer_mvar(e)
        elif k == FVAR:
            raise self.error(f"unknown free variable '{self.fmt(e)}'")
        elif k == BVAR:
            raise self.error(f"unexpected loose bound variable #{e.idx}")  # type: ignore[attr-defined]
        else:  # pragma: no cover - every kind is handled above
            raise self.error(f"unknown term kind {k}")
        if not (flags & _MVARS):  # (a metavariable's assignment can change)
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
        return self.instantiate_lparams(info.type, info.level_params, levels)

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
        # As Lean's `infer_app`, one argument at a time; but the arguments checked so far (`done`) are
        # substituted into each domain and into the rest of the type only when needed, so a long
        # telescope is not rebuilt once per argument.
        done: list[Expr] = []
        for a in args:
            if f_type.kind != PI:
                f_type = self.ensure_pi(instantiate_rev(f_type, done), e)
                done = []
            dom = f_type.type  # type: ignore[attr-defined]
            a_type = self.infer(a, False)
            agrees = False
            if done and dom.lbr:
                # Usually the argument's type is the domain instantiated, syntactically (what `is_def_eq`
                # would find first): compared without building that domain, which is built otherwise.
                agrees = equals_instantiated(a_type, dom, done)
                if not agrees:
                    dom = instantiate_rev(dom, done)
            if not agrees and not self.is_def_eq(a_type, dom):
                raise self.error(
                    f"application type mismatch: in '{self.fmt(e)}', the argument '{self.fmt(a)}' has type "
                    f"'{self.fmt(a_type)}' but is expected to have type '{self.fmt(dom)}'"
                )
            done.append(a)
            f_type = f_type.body  # type: ignore[attr-defined]
        return instantiate_rev(f_type, done)

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
        r = self.instantiate_lparams(ctor.type, ctor.level_params, fn.levels)  # type: ignore[attr-defined]
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

