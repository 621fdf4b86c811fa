"""Replacing assigned metavariables by their values (Lean's `instantiateMVars`), and closing a term
over free variables that metavariables may depend on (Lean's `mkLambdaFVars` with `elimMVarDeps`)."""

from __future__ import annotations

from typing import Sequence

from lantern.kernel.expr import APP, CONST, HAS_EMVAR, HAS_LMVAR, LAM, MVAR, SORT, App, Const, Expr, FVar, Lam, MVar, Sort, get_app_args, mk_app
from lantern.kernel.instantiate import _rebuild, abstract, instantiate, instantiate_rev, substitute_fvars
from lantern.kernel.level import IMAX, MAX, MVAR as LMVAR, SUCC, Level, mk_imax, mk_max, mk_succ

from .context import SYNTHETIC_OPAQUE, LocalContext, MetavarContext


def instantiate_level_mvars(mctx: MetavarContext, l: Level) -> Level:
    if not l.has_mvar:
        return l
    k = l.kind
    if k == LMVAR:
        v = mctx.level_assignment.get(l.a)  # type: ignore[arg-type]
        if v is None:
            return l
        v2 = instantiate_level_mvars(mctx, v)
        if v2 is not v:
            mctx.compress_level(l.a, v2)  # type: ignore[arg-type]
        return v2
    if k == SUCC:
        a = instantiate_level_mvars(mctx, l.a)  # type: ignore[arg-type]
        return l if a is l.a else mk_succ(a)
    if k == MAX:
        return mk_max(instantiate_level_mvars(mctx, l.a), instantiate_level_mvars(mctx, l.b))  # type: ignore[arg-type]
    if k == IMAX:
        return mk_imax(instantiate_level_mvars(mctx, l.a), instantiate_level_mvars(mctx, l.b))  # type: ignore[arg-type]
    return l


def beta(f: Expr, args: Sequence[Expr]) -> Expr:
    """`(fun xs => b) args`, reduced as far as there are leading lambdas."""
    m = 0
    body = f
    while body.kind == LAM and m < len(args):
        body = body.body  # type: ignore[attr-defined]
        m += 1
    if m == 0:
        return mk_app(f, args)
    return mk_app(instantiate(body, list(args[m - 1 :: -1])), args[m:])


_MVARS = HAS_EMVAR | HAS_LMVAR


def instantiate_mvars(mctx: MetavarContext, e: Expr) -> Expr:
    """`e` with every assigned (and every ready delayed-assigned) metavariable replaced."""
    if not (e.flags & _MVARS):
        return e
    return _MVarInstantiator(mctx).go(e, 0)


class _MVarInstantiator:
    """One `instantiate_mvars` traversal (a class rather than closures: it is run very often, on
    small terms, where making three closures per call showed)."""

    __slots__ = ("mctx", "cache")

    def __init__(self, mctx: MetavarContext) -> None:
        self.mctx = mctx
        # Keyed by identity, holding the key alive: beta-reducts are visited too, and a freed
        # temporary's id may be reused by another term.
        self.cache: dict[int, tuple[Expr, Expr]] = {}

    def go(self, x: Expr, off: int) -> Expr:
        hit = self.cache.get(id(x))
        if hit is not None and hit[0] is x:
            return hit[1]
        k = x.kind
        if k == APP:
            f = x.fn  # type: ignore[attr-defined]
            while f.kind == APP:
                f = f.fn  # type: ignore[attr-defined]
            if f.kind == MVAR:
                r = self.app_of_mvar(x, off)
            else:
                # `_rebuild`, inlined, visiting only children with metavariables.
                fn = x.fn  # type: ignore[attr-defined]
                arg = x.arg  # type: ignore[attr-defined]
                fn1 = self.go(fn, off) if fn.flags & _MVARS else fn
                arg1 = self.go(arg, off) if arg.flags & _MVARS else arg
                r = x if fn1 is fn and arg1 is arg else App(fn1, arg1)
        elif k == MVAR:
            r = self.mvar_value(x) or x
        elif k == CONST:
            mctx = self.mctx
            r = Const(x.name, tuple(instantiate_level_mvars(mctx, l) for l in x.levels))  # type: ignore[attr-defined]
        elif k == SORT:
            r = Sort(instantiate_level_mvars(self.mctx, x.level))  # type: ignore[attr-defined]
        else:
            r = _rebuild(x, self.visit, off)
        self.cache[id(x)] = (x, r)
        return r

    def visit(self, x: Expr, off: int) -> Expr:
        return self.go(x, off) if x.flags & _MVARS else x

    def app_of_mvar(self, x: Expr, off: int) -> Expr:
        f, args = get_app_args(x)
        new_args = [self.visit(a, off) for a in args]
        head = self.delayed_value(f, new_args)
        if head is not None:
            return head
        fv = self.mvar_value(f)
        r = beta(fv, new_args) if fv is not None else mk_app(f, new_args)
        if fv is not None and r.flags & _MVARS:
            r = self.go(r, off)  # the beta-reduct may expose more assigned heads
        return r

    def mvar_value(self, m: Expr) -> Expr | None:
        mctx = self.mctx
        v = mctx.assignment.get(m.mid)  # type: ignore[attr-defined]
        if v is None:
            return None
        v2 = instantiate_mvars(mctx, v)
        if v2 is not v:
            mctx.compress(m.mid, v2)  # type: ignore[attr-defined]
        return v2

    def delayed_value(self, f: Expr, args: list[Expr]) -> Expr | None:
        """`?n args` where `?n` is delayed-assigned `(xs, ?m)` and `?m` is fully assigned."""
        mctx = self.mctx
        entry = mctx.delayed.get(f.mid)  # type: ignore[attr-defined]
        if entry is None:
            return None
        fvars, target = entry
        if len(args) < len(fvars):
            return None
        value = instantiate_mvars(mctx, MVar(target))
        if value.flags & HAS_EMVAR:
            return None  # not ready: the goal still has holes
        n = len(fvars)
        # The arguments beyond the delayed variables are beta-reduced into the value (which is a
        # `fun` when `?m` was itself delayed-assigned: a goal under two binder groups), as Lean's
        # `instantiateMVars` does.
        if value.lbr == 0:  # (always: a goal's value lives in its context) — one pass, not two
            return beta(substitute_fvars(value, fvars, args[:n]), args[n:])
        return beta(instantiate_rev(abstract(value, fvars), args[:n]), args[n:])


def get_app_fn(e: Expr) -> Expr:
    while e.kind == APP:
        e = e.fn  # type: ignore[attr-defined]
    return e


def collect_mvars(e: Expr) -> list[int]:
    """The unassigned-or-not metavariable ids occurring in `e`, in order of first occurrence."""
    out: list[int] = []
    seen: set[int] = set()
    stack = [e]
    visited: set[int] = set()
    while stack:
        x = stack.pop()
        if not (x.flags & HAS_EMVAR) or id(x) in visited:
            continue
        visited.add(id(x))
        if x.kind == MVAR:
            if x.mid not in seen:  # type: ignore[attr-defined]
                seen.add(x.mid)  # type: ignore[attr-defined]
                out.append(x.mid)  # type: ignore[attr-defined]
            continue
        from lantern.kernel.expr import _children

        stack.extend(reversed(_children(x)))
    return out


def elim_mvar_deps(mctx: MetavarContext, fvars: Sequence[FVar], e: Expr) -> Expr:
    """Prepare `e` for abstracting `fvars`: each unassigned metavariable whose context contains some
    of them is replaced by a new one applied to those variables, with a context without them.

    A natural metavariable `?m` is assigned `?n xs`; a goal (synthetic-opaque) cannot be assigned, so
    `?n` is *delayed*-assigned `(xs, ?m)` instead: once the goal is solved, `?n ys` stands for its
    proof with `xs := ys`. This is how `intro` and `fun x => ?_` build their terms."""
    e = instantiate_mvars(mctx, e)
    stand_ins: dict[int, Expr] = {}
    for mid in collect_mvars(e):
        if mid in mctx.assignment:
            continue
        decl = mctx.decls[mid]
        deps = [f for f in fvars if decl.lctx.contains(f.fid)]
        if not deps:
            continue
        # The new metavariable's type closes over the variables it no longer sees.
        reduced = decl.lctx.remove({f.fid for f in deps})
        # Its type first (Lean's `elimMVarDeps` does the same): `?inst : OfNat ?α 1` needs `?α`
        # abstracted too, or the new type would mention the variables through `?α` later.
        new_type = mk_pi_over(decl.lctx, deps, elim_mvar_deps(mctx, deps, decl.type))
        if decl.kind == SYNTHETIC_OPAQUE:
            new = mctx.new_mvar(new_type, reduced, SYNTHETIC_OPAQUE)
            mctx.assign_delayed(new.mid, tuple(deps), mid)
            stand_ins[mid] = mk_app(new, deps)
        else:
            new = mctx.new_mvar(new_type, reduced, decl.kind)
            mctx.assign(mid, mk_app(new, deps))
    e = instantiate_mvars(mctx, e)
    if not stand_ins:
        return e

    def go(x: Expr, off: int) -> Expr:
        if not (x.flags & HAS_EMVAR):
            return x
        if x.kind == MVAR and x.mid in stand_ins:  # type: ignore[attr-defined]
            return stand_ins[x.mid]  # type: ignore[attr-defined]
        return _rebuild(x, go, off)

    return go(e, 0)


def mk_pi_over(lctx: LocalContext, fvars: Sequence[FVar], body: Expr) -> Expr:
    return _close(lctx, fvars, body, lam=False)


def _close(lctx: LocalContext, fvars: Sequence[FVar], body: Expr, *, lam: bool, mctx: MetavarContext | None = None) -> Expr:
    from lantern.kernel.expr import Let, Pi

    r = abstract(body, fvars)
    for k in range(len(fvars) - 1, -1, -1):
        d = lctx.get(fvars[k])
        assert d is not None, "closing over a variable that is not in the context"
        # A binder's type may hold metavariables solved by an earlier binder (`(h : Eq a b)` with
        # `a b : α` makes `Eq.{?u} ?α a b`, `?α := α`): instantiate them before abstracting.
        dty = d.type if mctx is None else elim_mvar_deps(mctx, fvars[:k], d.type)
        ty = abstract(dty, fvars[:k])
        if d.value is not None:
            dval = d.value if mctx is None else elim_mvar_deps(mctx, fvars[:k], d.value)
            r = Let(d.name, ty, abstract(dval, fvars[:k]), r)
        else:
            r = (Lam if lam else Pi)(d.name, ty, r, d.binfo)
    return r


def mk_lambda_fvars(mctx: MetavarContext, lctx: LocalContext, fvars: Sequence[FVar], e: Expr) -> Expr:
    """`fun xs => e`, with metavariables depending on `xs` handled by `elim_mvar_deps`."""
    return _close(lctx, fvars, elim_mvar_deps(mctx, fvars, e), lam=True, mctx=mctx)


def mk_forall_fvars(mctx: MetavarContext, lctx: LocalContext, fvars: Sequence[FVar], e: Expr) -> Expr:
    return _close(lctx, fvars, elim_mvar_deps(mctx, fvars, e), lam=False, mctx=mctx)

