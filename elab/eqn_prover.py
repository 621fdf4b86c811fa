"""Proving equation lemmas by case splitting (Lean's `mkEqns` proof strategy, simplified).

A statement `∀ xs, H₁ → … → Hₖ → L = R` is proved by following the computation of `L`: if `L` and `R`
are definitionally equal, `Eq.refl`; if a hypothesis `Hᵢ : ∀ ys, x = p → … → False` says that an
earlier pattern does not match and, after the splits made so far, it does, that hypothesis gives
`False`; otherwise `L` (or `R`) is stuck on a recursor whose major premise is one of the variables,
and the proof is `casesOn` on that variable (the hypotheses reverted into the motive), each case
proved the same way. Structural recursion unfolds by iota once its argument is a constructor, so the
equations of a definition compiled to `I.rec` or `brecOn` come out by `rfl` after the splits.

Everything is built as a term in a kernel local context; the kernel checks the final theorem.
"""

from __future__ import annotations

from lantern.kernel.declaration import SAFE, ConstructorInfo, InductiveInfo, RecursorInfo
from lantern.kernel.errors import KernelError
from lantern.kernel.expr import (
    CONST, FVAR, PI, PROJ, Const, Expr, FVar, get_app_args, mk_app,
)
from lantern.kernel.instantiate import abstract, instantiate1, instantiate_level_params, replace_fvars
from lantern.kernel.level import mk_zero
from lantern.kernel.local_ctx import LocalContext
from lantern.kernel.name import Name
from lantern.kernel.type_checker import TypeChecker

from .ctor_app import constructor_app

EQ, EQ_REFL, FALSE, FALSE_ELIM = Name.of("Eq"), Name.of("Eq.refl"), Name.of("False"), Name.of("False.elim")
MAX_SPLITS = 24


class EqnProofError(Exception):
    """The strategy found no proof (the caller skips the lemma or reports it)."""


class EqnProver:
    def __init__(self, env: object, level_params: tuple[Name, ...]) -> None:
        self.env = env
        self.lctx = LocalContext()
        self.tc = TypeChecker(env, level_params, SAFE, self.lctx)  # type: ignore[arg-type]
        self.splits = 0

    # -- entry point ------------------------------------------------------------------------------

    def prove(self, stmt: Expr, nvars: int, nhyps: int) -> Expr:
        """A proof of the closed statement `∀ xs (nvars), H (nhyps) → L = R`."""
        binders: list[FVar] = []
        t = stmt
        for _ in range(nvars + nhyps):
            if t.kind != PI:
                raise EqnProofError("fewer binders than announced")
            x = self.lctx.mk_local(t.name, t.type, None, t.binfo)  # type: ignore[attr-defined]
            binders.append(x)
            t = instantiate1(t.body, x)  # type: ignore[attr-defined]
        vars_, hyps = binders[:nvars], binders[nvars:]
        proof = self.prove_goal(list(vars_), list(hyps), t)
        return self.lctx.mk_binding(binders, proof, lam=True)

    def prove_with(self, stmt: Expr, nvars: int, nhyps: int, build) -> Expr:  # type: ignore[no-untyped-def]
        """Like `prove`, but `build(prover, vars, hyps, target)` makes the proof of the body (for
        equations that first rewrite with another lemma)."""
        binders: list[FVar] = []
        t = stmt
        for _ in range(nvars + nhyps):
            x = self.lctx.mk_local(t.name, t.type, None, t.binfo)  # type: ignore[attr-defined]
            binders.append(x)
            t = instantiate1(t.body, x)  # type: ignore[attr-defined]
        proof = build(self, binders[:nvars], binders[nvars:], t)
        return self.lctx.mk_binding(binders, proof, lam=True)

    # -- the search -------------------------------------------------------------------------------

    def prove_goal(self, vars_: list[FVar], hyps: list[FVar], target: Expr) -> Expr:
        head, args = get_app_args(target)
        if head.kind != CONST or head.name is not EQ or len(args) != 3:  # type: ignore[attr-defined]
            raise EqnProofError("the target is not an equation")
        ty, lhs, rhs = args
        if self.def_eq(lhs, rhs):
            return mk_app(Const(EQ_REFL, head.levels), [ty, lhs])  # type: ignore[attr-defined]
        for h in hyps:
            contradiction = self.refute(h)
            if contradiction is not None:
                return mk_app(Const(FALSE_ELIM, (mk_zero(),)), [target, contradiction])
        x = self.stuck_var(lhs, vars_) or self.stuck_var(rhs, vars_)
        if x is None or self.splits >= MAX_SPLITS:
            raise EqnProofError("no case split makes the sides equal")
        self.splits += 1
        return self.split(x, vars_, hyps, target)

    def def_eq(self, a: Expr, b: Expr) -> bool:
        try:
            return self.tc.is_def_eq(a, b)
        except (KernelError, RecursionError):
            return False

    def whnf(self, e: Expr) -> Expr:
        try:
            return self.tc.whnf(e)
        except (KernelError, RecursionError):
            return e

    def stuck_var(self, e: Expr, vars_: list[FVar]) -> FVar | None:
        """The variable a recursor (or projection) in the head of `e` waits for, if any."""
        ids = {v.fid for v in vars_}
        for _ in range(32):
            w = self.whnf(e)
            if w.kind == PROJ:
                e = w.expr  # type: ignore[attr-defined]
                if self.whnf(e).kind == FVAR and self.whnf(e).fid in ids:  # type: ignore[attr-defined]
                    return self.whnf(e)  # type: ignore[return-value]
                continue
            head, args = get_app_args(w)
            if head.kind != CONST:
                return None
            info = self.env.find(head.name)  # type: ignore[attr-defined]
            if not isinstance(info, RecursorInfo):
                return None
            idx = info.num_params + info.num_motives + info.num_minors + info.num_indices
            if len(args) <= idx:
                return None
            major = self.whnf(args[idx])
            if major.kind == FVAR:
                return major if major.fid in ids else None  # type: ignore[return-value,attr-defined]
            e = major
        return None

    # -- case split -------------------------------------------------------------------------------

    def split(self, x: FVar, vars_: list[FVar], hyps: list[FVar], target: Expr) -> Expr:
        decl = self.lctx.get(x)
        assert decl is not None
        xt = self.whnf(decl.type)
        head, type_args = get_app_args(xt)
        ind = self.env.find(head.name) if head.kind == CONST else None  # type: ignore[attr-defined]
        if not isinstance(ind, InductiveInfo) or (len(ind.all) != 1 and ind.name.child("casesOn") not in self.env):  # type: ignore[operator]
            raise EqnProofError("cannot split on this variable")
        indices = type_args[ind.num_params:]
        # Indices must be distinct variables (`Vec α n`): the motive abstracts them too.
        if any(i.kind != FVAR or all(i.fid != v.fid for v in vars_) for i in indices) or len({i.fid for i in indices}) != len(indices):  # type: ignore[attr-defined]
            raise EqnProofError("cannot split on a family with these indices")
        for v in vars_:
            d = self.lctx.get(v)
            if v is not x and d is not None and _mentions(d.type, x):
                raise EqnProofError("a variable depends on the one split on")
        cases = self.env.find(ind.name.child("casesOn"))  # type: ignore[attr-defined]
        if cases is None:
            raise EqnProofError("no casesOn")
        levels = tuple(head.levels)  # type: ignore[attr-defined]
        if len(cases.level_params) == len(levels) + 1:
            levels = (mk_zero(),) + levels  # the motive is a proposition
        params = type_args[: ind.num_params]
        reverted = self.lctx.mk_binding(hyps, target, lam=False)
        motive = self.lctx.mk_binding([*indices, x], reverted, lam=True)  # type: ignore[list-item]
        minors = []
        for ctor_name in ind.ctors:
            ctor = self.env.get(ctor_name)  # type: ignore[attr-defined]
            assert isinstance(ctor, ConstructorInfo)
            ctype = instantiate_level_params(ctor.type, ctor.level_params, head.levels)  # type: ignore[attr-defined]
            for p in params:
                ctype = instantiate1(self.whnf(ctype).body, p)  # type: ignore[attr-defined]
            fields: list[FVar] = []
            for _ in range(ctor.num_fields):
                w = self.whnf(ctype)
                f = self.lctx.mk_local(w.name, w.type, None)  # type: ignore[attr-defined]
                fields.append(f)
                ctype = instantiate1(w.body, f)  # type: ignore[attr-defined]
            value = mk_app(Const(ctor_name, head.levels), [*params, *fields])  # type: ignore[attr-defined]
            mapping = {x.fid: value}
            _, result_args = get_app_args(self.whnf(ctype))
            for i, idx in zip(indices, result_args[ind.num_params:]):
                mapping[i.fid] = idx  # type: ignore[attr-defined]
            new_hyps = []
            for h in hyps:
                hd = self.lctx.get(h)
                assert hd is not None
                new_hyps.append(self.lctx.mk_local(hd.name, replace_fvars(hd.type, mapping), None, hd.binfo))
            hyp_map = {h.fid: nh for h, nh in zip(hyps, new_hyps)}
            new_target = replace_fvars(replace_fvars(target, mapping), hyp_map)
            new_vars = [v for v in vars_ if v.fid not in mapping] + fields
            proof = self.prove_goal(new_vars, new_hyps, new_target)
            minors.append(self.lctx.mk_binding([*fields, *new_hyps], proof, lam=True))
        return mk_app(Const(cases.name, levels), [*params, motive, *indices, x, *minors, *hyps])

    # -- contradiction from "an earlier pattern does not match" ------------------------------------

    def refute(self, h: FVar) -> Expr | None:
        """If `h : ∀ ys, e₁ = p₁ → … → False` and each `eᵢ` now matches the pattern `pᵢ`, the proof
        `h ys rfl…` of `False`."""
        d = self.lctx.get(h)
        assert d is not None
        t = d.type
        ys: list[FVar] = []
        eqs: list[tuple[Expr, Expr, Expr]] = []
        while t.kind == PI:
            dom = t.type  # type: ignore[attr-defined]
            dh, dargs = get_app_args(dom)
            if dh.kind == CONST and dh.name is EQ and len(dargs) == 3:  # type: ignore[attr-defined]
                eqs.append((dom, dargs[1], dargs[2]))
                t = instantiate1(t.body, self.lctx.mk_local(Name.of("h"), dom))  # type: ignore[attr-defined]
                continue
            if eqs:
                return None
            y = self.lctx.mk_local(t.name, dom, None)  # type: ignore[attr-defined]
            ys.append(y)
            t = instantiate1(t.body, y)  # type: ignore[attr-defined]
        if not (t.kind == CONST and t.name is FALSE) or not eqs:  # type: ignore[attr-defined]
            return None
        binding: dict[object, Expr] = {}
        ids = {y.fid for y in ys}
        for _, actual, pattern in eqs:
            if not self.match(pattern, actual, ids, binding):
                return None
        if any(y.fid not in binding for y in ys):
            return None
        args: list[Expr] = [binding[y.fid] for y in ys]
        for dom, actual, pattern in eqs:
            inst = replace_fvars(pattern, binding)
            if not self.def_eq(actual, inst):
                return None
            dh, dargs = get_app_args(dom)
            args.append(mk_app(Const(EQ_REFL, dh.levels), [dargs[0], actual]))  # type: ignore[attr-defined]
        return mk_app(h, args)

    def match(self, pattern: Expr, actual: Expr, ids: set, binding: dict) -> bool:  # type: ignore[type-arg]
        """First-order matching of a pattern (constructors and the variables `ids`) against a term,
        up to reduction of both to constructor form."""
        if pattern.kind == FVAR and pattern.fid in ids:  # type: ignore[attr-defined]
            prev = binding.get(pattern.fid)  # type: ignore[attr-defined]
            if prev is None:
                binding[pattern.fid] = actual  # type: ignore[attr-defined]
                return True
            return self.def_eq(prev, actual)
        p = self.ctor_view(pattern)
        a = self.ctor_view(actual)
        if p is None or a is None:
            return False
        (pc, pargs, np_), (ac, aargs, _) = p, a
        if pc is not ac or len(pargs) != len(aargs):
            return False
        return all(self.match(x, y, ids, binding) for x, y in zip(pargs[np_:], aargs[np_:]))

    def ctor_view(self, e: Expr) -> tuple[Name, list[Expr], int] | None:
        view = constructor_app(self.env, self.whnf(e))  # type: ignore[arg-type]
        return None if view is None else (view.ctor.name, view.params + view.fields, view.ctor.num_params)


def _mentions(e: Expr, x: FVar) -> bool:
    if not e.has_fvar:
        return False
    from lantern.kernel.expr import subterms

    return any(s.kind == FVAR and s.fid == x.fid for s in subterms(e))  # type: ignore[attr-defined]
