"""Weak head normalisation: beta, zeta, delta, iota (recursors, projections, quotients) and `Nat`
literal arithmetic. A mixin of `TypeChecker`; mirrors `whnf_core`, `whnf`, `reduce_recursor`,
`reduce_proj` and `reduce_nat` of Lean's `type_checker.cpp` and `inductive.h`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import builtins as B
from . import nat_ext
from .declaration import ConstructorInfo, InductiveInfo, RecursorInfo, has_value
from .expr import (
    APP,
    HAS_EMVAR,
    HAS_FVAR,
    HAS_LMVAR,
    CONST,
    FVAR,
    LAM,
    LET,
    NATLIT,
    PROJ,
    STRLIT,
    App,
    Const,
    Expr,
    NatLit,
    Proj,
    get_app_args,
    get_app_fn,
    mk_app,
)
from .instantiate import instantiate, instantiate1
from .level import ZERO_LEVEL

if TYPE_CHECKING:
    from .type_checker import TypeChecker

    _Base = TypeChecker
else:
    _Base = object


_MVARS = HAS_EMVAR | HAS_LMVAR


class ReduceMixin(_Base):
    # -- whnf_core: no delta ---------------------------------------------------------------

    def whnf_core(self, e: Expr, cheap_rec: bool = False, cheap_proj: bool = False) -> Expr:
        k = e.kind
        if k == FVAR:
            decl = self.lctx.get(e)
            if decl is None or decl.value is None:
                return e
            return self.whnf_core(decl.value, cheap_rec, cheap_proj)
        if k != APP and k != LET and k != PROJ:
            return e
        if k == APP:
            # Fast path: an application of a constant that is no recursor (nor `Quot.lift`/`Quot.ind`)
            # is in weak head normal form already — the common case, answered before any cache.
            h = e.fn  # type: ignore[attr-defined]
            while h.kind == APP:
                h = h.fn  # type: ignore[attr-defined]
            if h.kind == CONST:
                name = h.name  # type: ignore[attr-defined]
                if not isinstance(self.env.find(name), RecursorInfo) and not (
                    self.env.quot_initialized and (name is B.QUOT_LIFT or name is B.QUOT_IND)
                ):
                    return e
        cacheable = not cheap_rec and not cheap_proj and not (e.flags & _MVARS)
        if cacheable:
            cache = self.whnf_core_cache if e.flags & HAS_FVAR else self.closed_whnf_core_cache
            r = cache.get(e)
            if r is not None:
                return r
        if k == APP:
            f0, args = get_app_args(e)
            f = self.whnf_core(f0, cheap_rec, cheap_proj)
            if f.kind == LAM:
                # Beta-reduce as many arguments as there are leading lambdas, in one substitution.
                m = 0
                body = f
                while body.kind == LAM and m < len(args):
                    body = body.body  # type: ignore[attr-defined]
                    m += 1
                r = self.whnf_core(mk_app(instantiate(body, args[m - 1 :: -1]), args[m:]), cheap_rec, cheap_proj)
            elif f is f0:
                red = self.reduce_recursor(e, cheap_rec, cheap_proj)
                r = e if red is None else self.whnf_core(red, cheap_rec, cheap_proj)
            else:
                r = self.whnf_core(mk_app(f, args), cheap_rec, cheap_proj)
        elif k == LET:
            r = self.whnf_core(instantiate1(e.body, e.value), cheap_rec, cheap_proj)  # type: ignore[attr-defined]
        else:
            red = self.reduce_proj(e, cheap_rec, cheap_proj)
            r = e if red is None else self.whnf_core(red, cheap_rec, cheap_proj)
        if cacheable:
            cache[e] = r
        return r

    # -- whnf: with delta and Nat literals ---------------------------------------------------

    def whnf(self, e: Expr) -> Expr:
        k = e.kind
        if k == FVAR:
            decl = self.lctx.get(e)
            if decl is None or decl.value is None:
                return e
        elif k != APP and k != LET and k != PROJ and k != CONST:
            return e
        cacheable = not (e.flags & _MVARS)  # (a metavariable's assignment can change)
        if cacheable:
            cache = self.whnf_cache if e.flags & HAS_FVAR else self.closed_whnf_cache
            r = cache.get(e)
            if r is not None:
                return r
        t = e
        while True:
            t1 = self.whnf_core(t)
            v = self.reduce_nat(t1)
            if v is not None:
                r = v
                break
            unfolded = self.unfold_definition(t1)
            if unfolded is None:
                r = t1
                break
            t = unfolded
        if cacheable:
            cache[e] = r
        return r

    def unfold_definition(self, e: Expr) -> Expr | None:
        """δ-reduce the head constant of `e`, if it is a definition or theorem."""
        f = get_app_fn(e)
        if f.kind != CONST:
            return None
        info = self.env.find(f.name)  # type: ignore[attr-defined]
        if info is None or not has_value(info) or len(info.level_params) != len(f.levels):  # type: ignore[attr-defined]
            return None
        body = self.instantiate_lparams(info.value, info.level_params, f.levels)  # type: ignore[union-attr,attr-defined]
        if f is e:
            return body
        _, args = get_app_args(e)
        return mk_app(body, args)

    # -- projections -------------------------------------------------------------------------

    def reduce_proj(self, e: Expr, cheap_rec: bool, cheap_proj: bool) -> Expr | None:
        c = self.whnf_core(e.expr, cheap_rec, cheap_proj) if cheap_proj else self.whnf(e.expr)  # type: ignore[attr-defined]
        if c.kind == STRLIT:
            c = self.string_lit_to_constructor(c)
        f, args = get_app_args(c)
        if f.kind != CONST:
            return None
        info = self.env.find(f.name)  # type: ignore[attr-defined]
        if not isinstance(info, ConstructorInfo):
            return None
        i = info.num_params + e.idx  # type: ignore[attr-defined]
        return args[i] if e.idx >= 0 and i < len(args) else None  # type: ignore[attr-defined]

    # -- iota: recursors and quotients --------------------------------------------------------

    def reduce_recursor(self, e: Expr, cheap_rec: bool, cheap_proj: bool) -> Expr | None:
        f = get_app_fn(e)
        if f.kind != CONST:
            return None
        if self.env.quot_initialized and (f.name is B.QUOT_LIFT or f.name is B.QUOT_IND):  # type: ignore[attr-defined]
            return self.reduce_quot(e, f)
        info = self.env.find(f.name)  # type: ignore[attr-defined]
        if not isinstance(info, RecursorInfo):
            return None
        return self.reduce_inductive_rec(e, f, info, cheap_rec, cheap_proj)

    def reduce_quot(self, e: Expr, f: Expr) -> Expr | None:
        # Quot.lift f h (Quot.mk r a) ⟶ f a ; Quot.ind h (Quot.mk r a) ⟶ h a
        mk_pos = 5 if f.name is B.QUOT_LIFT else 4  # type: ignore[attr-defined]
        _, args = get_app_args(e)
        if len(args) <= mk_pos:
            return None
        mk = self.whnf(args[mk_pos])
        mk_fn, mk_args = get_app_args(mk)
        if mk_fn.kind != CONST or mk_fn.name is not B.QUOT_MK or len(mk_args) != 3:  # type: ignore[attr-defined]
            return None
        return mk_app(App(args[3], mk_args[2]), args[mk_pos + 1 :])

    def reduce_inductive_rec(
        self, e: Expr, f: Expr, rec: RecursorInfo, cheap_rec: bool, cheap_proj: bool
    ) -> Expr | None:
        _, rec_args = get_app_args(e)
        major_idx = rec.major_idx
        if major_idx >= len(rec_args):
            return None
        major = rec_args[major_idx]
        if rec.k:
            major = self.to_ctor_when_k(rec, major) or major
        major = self.whnf_core(major, cheap_rec, cheap_proj) if cheap_rec else self.whnf(major)
        if major.kind == NATLIT:
            major = self.nat_lit_to_constructor(major)
        elif major.kind == STRLIT:
            major = self.string_lit_to_constructor(major)
        elif not self.is_constructor_app(major):
            major = self.to_ctor_when_structure(rec.major_induct, major)
        major_fn, major_args = get_app_args(major)
        if major_fn.kind != CONST:
            return None
        rule = next((r for r in rec.rules if r.ctor is major_fn.name), None)  # type: ignore[attr-defined]
        if rule is None or rule.nfields > len(major_args):
            return None
        if len(f.levels) != len(rec.level_params):  # type: ignore[attr-defined]
            return None
        rhs = self.instantiate_lparams(rule.rhs, rec.level_params, f.levels)  # type: ignore[attr-defined]
        rhs = mk_app(rhs, rec_args[: rec.num_params + rec.num_motives + rec.num_minors])
        nparams = len(major_args) - rule.nfields
        rhs = mk_app(rhs, major_args[nparams:])
        return mk_app(rhs, rec_args[major_idx + 1 :])

    def is_constructor_app(self, e: Expr) -> bool:
        f = get_app_fn(e)
        return f.kind == CONST and isinstance(self.env.find(f.name), ConstructorInfo)  # type: ignore[attr-defined]

    def to_ctor_when_k(self, rec: RecursorInfo, major: Expr) -> Expr | None:
        """K-like reduction: for an inductive predicate with one field-less constructor (such as `Eq`),
        any major premise whose type matches the constructor's type reduces as the constructor."""
        app_type = self.whnf(self.infer(major, True))
        fn, args = get_app_args(app_type)
        if fn.kind != CONST or fn.name is not rec.major_induct:  # type: ignore[attr-defined]
            return None
        if app_type.has_mvar:
            return None
        ind = self.env.find(fn.name)  # type: ignore[attr-defined]
        if not isinstance(ind, InductiveInfo) or not ind.ctors:
            return None
        ctor = mk_app(Const(ind.ctors[0], fn.levels), args[: rec.num_params])  # type: ignore[attr-defined]
        if not self.is_def_eq(app_type, self.infer(ctor, True)):
            return None
        return ctor

    def to_ctor_when_structure(self, induct: object, e: Expr) -> Expr:
        """Structure eta for iota: `S.rec … s` with `s` not a constructor application reduces through
        `S.mk s.1 … s.n` (never for proofs)."""
        ind = self.env.find(induct)  # type: ignore[arg-type]
        if not isinstance(ind, InductiveInfo) or not self.is_structure_like(ind):
            return e
        e_type = self.whnf(self.infer(e, True))
        fn, args = get_app_args(e_type)
        if fn.kind != CONST or fn.name is not ind.name:  # type: ignore[attr-defined]
            return e
        if self.is_prop_type(e_type):
            return e
        return self.expand_eta_struct(ind, fn, args, e)

    def expand_eta_struct(self, ind: InductiveInfo, fn: Expr, type_args: list[Expr], e: Expr) -> Expr:
        ctor = self.env.get(ind.ctors[0])
        assert isinstance(ctor, ConstructorInfo)
        r = mk_app(Const(ctor.name, fn.levels), type_args[: ind.num_params])  # type: ignore[attr-defined]
        for i in range(ctor.num_fields):
            r = App(r, Proj(ind.name, i, e))
        return r

    @staticmethod
    def is_structure_like(ind: InductiveInfo) -> bool:
        return len(ind.ctors) == 1 and ind.num_indices == 0 and not ind.is_rec

    # -- literals -----------------------------------------------------------------------------

    def nat_lit_to_constructor(self, e: Expr) -> Expr:
        n = e.value  # type: ignore[attr-defined]
        if n == 0:
            return Const(B.NAT_ZERO)
        return App(Const(B.NAT_SUCC), NatLit(n - 1))

    def string_lit_to_constructor(self, e: Expr) -> Expr:
        char = Const(B.CHAR)
        lst: Expr = App(Const(B.LIST_NIL, (ZERO_LEVEL,)), char)
        cons = App(Const(B.LIST_CONS, (ZERO_LEVEL,)), char)
        for ch in reversed(e.value):  # type: ignore[attr-defined]
            lst = App(App(cons, App(Const(B.CHAR_OF_NAT), NatLit(ord(ch)))), lst)
        mk = B.STRING_OF_LIST if B.STRING_OF_LIST in self.env else B.STRING_MK
        return App(Const(mk), lst)

    def nat_lit_value(self, e: Expr) -> int | None:
        """The value of a literal or of `Nat.zero` (Lean's `is_nat_lit_ext`)."""
        if e.kind == NATLIT:
            return e.value  # type: ignore[attr-defined]
        if e.kind == CONST and e.name is B.NAT_ZERO:  # type: ignore[attr-defined]
            return 0
        return None

    def reduce_nat(self, e: Expr) -> Expr | None:
        """Compute `Nat.succ n`, `Nat.add a b`, … on literals, as Lean's kernel does with GMP, for the
        operations `nat_ext.verify` accepts."""
        if e.kind != APP or e.flags & HAS_FVAR:
            return None
        fn = e.fn  # type: ignore[attr-defined]
        if fn.kind == APP:
            fn = fn.fn  # type: ignore[attr-defined]
            if fn.kind != CONST:  # (more than two arguments, or no constant head)
                return None
            args = [e.fn.arg, e.arg]  # type: ignore[attr-defined]
        elif fn.kind == CONST:
            args = [e.arg]  # type: ignore[attr-defined]
        else:
            return None
        if fn.levels:  # type: ignore[attr-defined]
            return None
        name = fn.name  # type: ignore[attr-defined]
        if len(args) == 1:
            if name is B.NAT_SUCC:
                v = self.nat_lit_value(self.whnf(args[0]))
                return None if v is None else NatLit(v + 1)
            if name is B.NAT_LOG2 and nat_ext.verify(self, name):
                v = self.nat_lit_value(self.whnf(args[0]))
                return None if v is None else NatLit(v.bit_length() - 1 if v > 0 else 0)
            return None
        if len(args) != 2:
            return None
        op = B.NAT_BINOPS.get(name)
        pred = B.NAT_PREDICATES.get(name) if op is None else None
        if op is None and pred is None:
            return None
        if not nat_ext.verify(self, name):
            return None
        a = self.nat_lit_value(self.whnf(args[0]))
        if a is None:
            return None
        b = self.nat_lit_value(self.whnf(args[1]))
        if b is None:
            return None
        if (name is B.NAT_POW or name is B.NAT_SHIFT_LEFT) and b > B.MAX_POW_EXPONENT:
            return None
        if op is not None:
            return NatLit(op(a, b))
        return Const(B.BOOL_TRUE if pred(a, b) else B.BOOL_FALSE)  # type: ignore[misc]
