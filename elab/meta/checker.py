"""The elaborator's checker: the kernel's type inference, weak head normalisation and definitional
equality, extended to terms with metavariables, with unification.

It subclasses the kernel's `TypeChecker` so the two cannot drift apart: reduction and definitional
equality are the kernel's own algorithms, and this class only adds what metavariables need —
instantiating assigned ones where they block reduction, assigning unassigned ones when one side of
`is_def_eq` is a metavariable applied to distinct variables (a Miller pattern), and universe
metavariables. Being untrusted, it may be incomplete; the kernel checks whatever it produces.
"""

from __future__ import annotations

from typing import Sequence

from lantern.kernel.declaration import UNSAFE
from lantern.kernel.expr import APP, CONST, FVAR, HAS_EMVAR, HAS_FVAR, MVAR, Expr, FVar, get_app_args, get_app_fn, get_app_num_args
from lantern.kernel.instantiate import abstract
from lantern.kernel.level import IMAX, MAX, MVAR as LMVAR, SUCC, ZERO, Level, is_equiv, mk_max
from lantern.kernel.type_checker import TypeChecker

from .context import LocalContext, MetavarContext, ScratchContext
from .instantiate import beta, instantiate_level_mvars, instantiate_mvars


class MetaChecker(TypeChecker):
    def __init__(self, env: object, mctx: MetavarContext, lctx: LocalContext, level_params: Sequence = ()) -> None:
        super().__init__(env, level_params, UNSAFE, ScratchContext(lctx))
        self.mctx = mctx
        self.goal_lctx = lctx

    # -- metavariables where the kernel's algorithms meet them --------------------------------------

    def infer_mvar(self, e: Expr) -> Expr:
        return self.mctx.decls[e.mid].type  # type: ignore[attr-defined]

    def instantiate_head(self, e: Expr) -> Expr:
        """If `e`'s head is an assigned metavariable, put its value in and beta-reduce."""
        if not (e.flags & HAS_EMVAR):
            return e
        f = e
        while f.kind == APP:
            f = f.fn  # type: ignore[attr-defined]
        if f.kind != MVAR:
            return e
        if f.mid in self.mctx.assignment or f.mid in self.mctx.delayed:  # type: ignore[attr-defined]
            v = instantiate_mvars(self.mctx, e)
            return v if v is not e else e
        return e

    def whnf_core(self, e: Expr, cheap_rec: bool = False, cheap_proj: bool = False) -> Expr:
        return super().whnf_core(self.instantiate_head(e), cheap_rec, cheap_proj)

    def whnf(self, e: Expr) -> Expr:
        return super().whnf(self.instantiate_head(e))

    # -- unification ------------------------------------------------------------------------------

    def is_def_eq_core(self, t: Expr, s: Expr) -> bool:
        t, s = self.instantiate_head(t), self.instantiate_head(s)
        if t is s:
            return True
        if t.flags & HAS_EMVAR or s.flags & HAS_EMVAR:
            r = self.unify_mvar(t, s)
            if r is not None:
                return r
            if self.same_head_args(t, s):
                return True
            t2, s2 = self.whnf_core(t), self.whnf_core(s)
            if t2 is not t or s2 is not s:
                r = self.unify_mvar(t2, s2)
                if r is not None:
                    return r
        return super().is_def_eq_core(t, s)

    def same_head_args(self, t: Expr, s: Expr) -> bool:
        """`f a… =?= f b…` with metavariables: try `a… =?= b…` before unfolding `f` (Lean's first-order
        heuristic). The kernel does this only for regular definitions; with metavariables, unfolding
        an abbreviation first (a projection such as `HAdd.hAdd`) can leave `?inst.1` stuck where the
        arguments would simply have unified. Undone if it fails."""
        if t.kind != APP or s.kind != APP:
            return False
        ft, fs = get_app_fn(t), get_app_fn(s)
        if ft.kind != CONST or fs.kind != CONST or ft.name is not fs.name:  # type: ignore[attr-defined]
            return False
        if get_app_num_args(t) != get_app_num_args(s):
            return False
        token = self.mctx.checkpoint()
        if self.is_def_eq_levels(ft.levels, fs.levels) and self.is_def_eq_args(t, s):  # type: ignore[attr-defined]
            return True
        self.mctx.rollback(token)
        return False

    def quick_is_def_eq(self, t: Expr, s: Expr, use_hash: bool = False) -> bool | None:
        # Lazy delta reduction can expose a metavariable on one side; assign it there, as Lean's
        # `isDefEqQuick` does.
        r = super().quick_is_def_eq(t, s, use_hash)
        if r is None and (t.flags | s.flags) & HAS_EMVAR:
            return self.unify_mvar(self.instantiate_head(t), self.instantiate_head(s))
        return r

    def unify_mvar(self, t: Expr, s: Expr) -> bool | None:
        """`?m xs =?= v` or `v =?= ?m xs` with `?m` assignable: assign. None when neither side is such a
        metavariable application, or when the assignment is not a pattern (the caller goes on)."""
        tm, sm = self.assignable_head(t), self.assignable_head(s)
        if tm is not None and sm is not None:
            # Prefer assigning the newer metavariable, so older ones keep their names in goals.
            if sm.mid > tm.mid:  # type: ignore[attr-defined]
                tm, sm, t, s = sm, tm, s, t
            r = self.assign(t, s)
            return r if r is not None else self.assign(s, t)
        if tm is not None:
            return self.assign(t, s)
        if sm is not None:
            return self.assign(s, t)
        return None

    def assignable_head(self, e: Expr) -> Expr | None:
        f = e
        while f.kind == APP:
            f = f.fn  # type: ignore[attr-defined]
        if f.kind == MVAR and self.mctx.is_assignable(f.mid):  # type: ignore[attr-defined]
            return f
        return None

    def assign(self, lhs: Expr, value: Expr) -> bool | None:
        """Solve `?m a₁ … aₙ := value` when the `aᵢ` are distinct free variables not in `?m`'s context."""
        m, args = get_app_args(lhs)
        decl = self.mctx.decls[m.mid]  # type: ignore[attr-defined]
        fids = []
        for a in args:
            if a.kind != FVAR or a.fid in fids or decl.lctx.contains(a.fid):  # type: ignore[attr-defined]
                return None
            if self.lctx.get(a) is None:
                return None  # a variable out of this scope: not a pattern we can solve here
            fids.append(a.fid)  # type: ignore[attr-defined]
        value = instantiate_mvars(self.mctx, value)
        if not self.check_assignment(m.mid, decl.lctx, set(fids), value):  # type: ignore[attr-defined]
            return None
        closed = self.lambda_over(args, value) if args else value  # type: ignore[arg-type]
        # The value must have the metavariable's type (this may assign other metavariables).
        if not self.is_def_eq(self.infer(closed, True), decl.type):
            return False
        if m.mid in self.mctx.assignment:  # type: ignore[attr-defined]
            # Checking the type assigned `?m` itself: compare with what it got.
            return self.is_def_eq(instantiate_mvars(self.mctx, lhs), value)
        self.mctx.assign(m.mid, closed)  # type: ignore[attr-defined]
        return True

    def lambda_over(self, args: Sequence[FVar], body: Expr) -> Expr:
        from lantern.kernel.expr import Lam

        r = abstract(body, args)
        for k in range(len(args) - 1, -1, -1):
            d = self.lctx.get(args[k])
            assert d is not None
            r = Lam(d.name, abstract(d.type, list(args[:k])), r, d.binfo)
        return r

    def check_assignment(self, mid: int, lctx: LocalContext, extra: set, value: Expr) -> bool:
        """Occurs check, and scope check: every free variable of `value` must be visible to `?m`."""
        stack = [value]
        seen: set[int] = set()
        while stack:
            x = stack.pop()
            if id(x) in seen or not (x.flags & (HAS_EMVAR | HAS_FVAR)):
                continue
            seen.add(id(x))
            k = x.kind
            if k == MVAR:
                if x.mid == mid:  # type: ignore[attr-defined]
                    return False
                other = self.mctx.decls.get(x.mid)  # type: ignore[attr-defined]
                if other is not None and not other.lctx.is_prefix_of(lctx) and not self._restrict(x, lctx):
                    return False
                continue
            if k == FVAR:
                if not (lctx.contains(x.fid) or x.fid in extra):  # type: ignore[attr-defined]
                    return False
                continue
            from lantern.kernel.expr import _children

            stack.extend(_children(x))
        return True

    def _restrict(self, mvar: Expr, lctx: LocalContext) -> bool:
        """`?n` sees variables `?m` does not: give it a smaller context if its type allows."""
        decl = self.mctx.decls[mvar.mid]  # type: ignore[attr-defined]
        if not self.mctx.is_assignable(mvar.mid):  # type: ignore[attr-defined]
            return False
        ty = instantiate_mvars(self.mctx, decl.type)
        if any(f.kind == FVAR and not lctx.contains(f.fid) for f in _fvars_of(ty)):  # type: ignore[attr-defined]
            return False
        shared = LocalContext(tuple(d for d in decl.lctx if lctx.contains(d.fvar.fid)))
        new = self.mctx.new_mvar(ty, shared, decl.kind, decl.user_name)
        self.mctx.assign(mvar.mid, new)  # type: ignore[attr-defined]
        return True

    # -- universe levels ------------------------------------------------------------------------------

    def is_def_eq_level(self, a: Level, b: Level) -> bool:
        a, b = instantiate_level_mvars(self.mctx, a), instantiate_level_mvars(self.mctx, b)
        if a is b or is_equiv(a, b):
            return True
        if a.kind == LMVAR and self.assign_level(a, b):
            return True
        if b.kind == LMVAR and self.assign_level(b, a):
            return True
        if a.kind == SUCC and b.kind == SUCC:
            return self.is_def_eq_level(a.a, b.a)  # type: ignore[arg-type]
        if a.kind == b.kind and a.kind in (MAX, IMAX) and (a.has_mvar or b.has_mvar):
            token = self.mctx.checkpoint()
            if self.is_def_eq_level(a.a, b.a) and self.is_def_eq_level(a.b, b.b):  # type: ignore[arg-type]
                return True
            self.mctx.rollback(token)
        if a.has_mvar or b.has_mvar:
            # `max ?u ?v =?= 0` holds exactly when both are 0; `max (?u+1) (?v+1) =?= w+1` exactly when
            # `max ?u ?v =?= w` (an instance for `Prod α β : Type (max u v)` meets `Nat × Bool : Type`).
            for x, y in ((a, b), (b, a)):
                if x.kind == MAX and x.has_mvar and y.kind == ZERO:
                    token = self.mctx.checkpoint()
                    if self.is_def_eq_level(x.a, y) and self.is_def_eq_level(x.b, y):  # type: ignore[arg-type]
                        return True
                    self.mctx.rollback(token)
            da, db = _decrement(a), _decrement(b)
            if da is not None and db is not None and (a.kind == MAX or b.kind == MAX):
                return self.is_def_eq_level(da, db)
        return False

    def assign_level(self, m: Level, value: Level) -> bool:
        if _occurs_level(m, value):
            return False
        self.mctx.assign_level(m.a, value)  # type: ignore[arg-type]
        return True

    # -- conveniences for the elaborator ----------------------------------------------------------------

    def instantiate(self, e: Expr) -> Expr:
        return instantiate_mvars(self.mctx, e)

    def beta(self, f: Expr, args: Sequence[Expr]) -> Expr:
        return beta(f, args)


def _decrement(l: Level) -> Level | None:
    """`l - 1` when `l` is `x+1` or a `max` of such levels, else None."""
    if l.kind == SUCC:
        return l.a  # type: ignore[return-value]
    if l.kind == MAX:
        da, db = _decrement(l.a), _decrement(l.b)  # type: ignore[arg-type]
        if da is not None and db is not None:
            return mk_max(da, db)
    return None


def _occurs_level(m: Level, l: Level) -> bool:
    if l is m:
        return True
    return any(isinstance(x, Level) and _occurs_level(m, x) for x in (l.a, l.b))


def _fvars_of(e: Expr) -> list[Expr]:
    from lantern.kernel.expr import subterms

    return [x for x in subterms(e) if x.kind == FVAR]
