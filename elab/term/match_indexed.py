"""Matching on an indexed family whose indices are not all variables (`v : Vec α (n + 1)`), with the
impossible cases left out, as Lean's `cases` does by unifying the indices.

The `casesOn` motive takes equations between the indices it abstracts and the discriminant's:
`fun is' x => is'₁ = is₁ → … → goal[v := x]`, and the `casesOn` is applied to `rfl`s. In the branch
of a constructor whose indices are `js`, the equations `jsᵢ = isᵢ` are then solved one by one:

- the same term on both sides: dropped;
- a variable of the context on the right (`n`): replaced by the left side everywhere in the goal,
  the branch's term transported back with `Eq.rec` (Lean's `subst`);
- a field of the constructor on the left (`m`) that no other field depends on: replaced likewise;
- the same constructor on both sides: one equation per field (injectivity, through `congrArg` and a
  projection by `casesOn`);
- different constructors: the branch is impossible (`False.elim`, through `Eq.subst` and a `casesOn`
  into `Prop`), and no pattern has to cover it.

Dependent index types and equations these rules cannot solve are reported as not supported yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.declaration import ConstructorInfo, InductiveInfo
from lantern.kernel.expr import FVAR, Const, Expr, FVar, Lam, Pi, get_app_args, mk_app, subterms
from lantern.kernel.instantiate import instantiate1, instantiate_level_params, replace_fvars
from lantern.kernel.level import Level, mk_zero
from lantern.kernel.name import Name

from ..ctor_app import constructor_app
from ..messages import ElabError
from ..meta.instantiate import mk_forall_fvars, mk_lambda_fvars
from ..syntax import tree as T

if TYPE_CHECKING:
    from .elaborator import TermElab
    from .match import Row, _Shape

    _Base = TermElab
else:
    _Base = object

EQ, EQ_REFL, EQ_REC, EQ_SUBST = Name.of("Eq"), Name.of("Eq.refl"), Name.of("Eq.rec"), Name.of("Eq.subst")
CONGR_ARG, FALSE_ELIM, TRUE_INTRO = Name.of("congrArg"), Name.of("False.elim"), Name.of("True.intro")


class Impossible(Exception):
    """The branch's index equations contradict each other: carries the proof of `False`."""

    def __init__(self, proof: Expr) -> None:
        self.proof = proof


def _mentions(e: Expr, fid: object) -> bool:
    return e.has_fvar and any(x.kind == FVAR and x.fid == fid for x in subterms(e))  # type: ignore[attr-defined]


class IndexedMatchMixin(_Base):
    def split_indexed(
        self, d: Expr, rest: list[Expr], rows: list["Row"], goal: Expr, used: set[int], missing: list[str],
        shapes: list["_Shape"], ind: InductiveInfo, head: Expr, type_args: list[Expr], span: T.Span,
    ) -> Expr:
        params, indices = type_args[: ind.num_params], type_args[ind.num_params:]
        self._index_span = span  # for equations that cannot be solved
        cases = self.env.kernel.find(ind.name.child("casesOn"))
        if cases is None or d.kind != FVAR:
            raise ElabError(span, f"matching on the indexed family '{ind.name}' needs a variable discriminant here")
        deps = self.dependent_discrs(d, rest)
        general_goal = mk_forall_fvars(self.mctx, self.lctx, deps, goal) if deps else goal
        saved = self.lctx
        try:
            ind_type = instantiate_level_params(ind.type, ind.level_params, head.levels)  # type: ignore[attr-defined]
            for p in params:
                ind_type = instantiate1(self.whnf(ind_type).body, p)  # type: ignore[attr-defined]
            index_vars: list[FVar] = []
            for _ in indices:
                w = self.whnf(ind_type)
                if w.body.lbr > 0:  # type: ignore[attr-defined]  # a later index type depends on this one
                    raise ElabError(span, f"matching on '{ind.name}', whose index types depend on each other, is not supported yet")
                self.lctx, iv = self.lctx.add(Name.of("i✝"), w.type)  # type: ignore[attr-defined]
                index_vars.append(iv)
                ind_type = instantiate1(w.body, iv)  # type: ignore[attr-defined]
            self.lctx, x = self.lctx.add(Name.of("x✝"), mk_app(head, [*params, *index_vars]))
            body: Expr = replace_fvars(general_goal, {d.fid: x})  # type: ignore[attr-defined]
            for iv, i in reversed(list(zip(index_vars, indices))):
                body = Pi(Name.of("h✝"), self.mk_eq(iv, i), body)
            motive = mk_lambda_fvars(self.mctx, self.lctx, [*index_vars, x], body)
            motive_level = self.sort_level_of(body)
        finally:
            self.lctx = saved
        levels: tuple[Level, ...] = tuple(head.levels)  # type: ignore[attr-defined]
        if len(cases.level_params) == len(levels) + 1:
            levels = (motive_level,) + levels
        ind_levels = levels[len(levels) - len(ind.level_params):]
        branches = []
        for ctor_name in ind.ctors:
            ctor = self.env.kernel.get(ctor_name)
            assert isinstance(ctor, ConstructorInfo)
            branches.append(self.branch_indexed(d, ind, ctor, ind_levels, params, indices, rest, rows, general_goal, deps, used, missing, shapes))
        refls = [self.mk_refl(i) for i in indices]
        return mk_app(Const(ind.name.child("casesOn"), levels), [*params, motive, *indices, d, *branches, *refls, *deps])

    def branch_indexed(
        self, d: Expr, ind: InductiveInfo, ctor: ConstructorInfo, ind_levels: tuple[Level, ...], params: list[Expr],
        indices: list[Expr], rest: list[Expr], rows: list["Row"], general_goal: Expr, deps: list[FVar],
        used: set[int], missing: list[str], shapes: list["_Shape"],
    ) -> Expr:
        saved = self.lctx
        outer_subst = getattr(self, "_match_subst", None)
        try:
            fields, t = self.open_fields(ind, ctor, ind_levels, params, rows)
            value = mk_app(Const(ctor.name, ind_levels), [*params, *fields])
            _, result_args = get_app_args(self.whnf(t))
            eqs: list[FVar] = []
            for j, i in zip(result_args[len(params):], indices):
                self.lctx, e = self.lctx.add(Name.of("h✝"), self.mk_eq(j, i))
                eqs.append(e)
            goal0 = replace_fvars(general_goal, {d.fid: value})  # type: ignore[attr-defined]
            subst: dict[object, Expr] = {d.fid: value}  # type: ignore[attr-defined]

            def finish(goal: Expr, subst: dict) -> Expr:  # type: ignore[type-arg]
                # The generalised discriminants, introduced again from the goal `∀ deps, goal`.
                new_deps: list[FVar] = []
                g = goal
                renamed = dict(subst)
                for dep in deps:
                    w = self.whnf(g)
                    self.lctx, nd = self.lctx.add(w.name, w.type, None, w.binfo)  # type: ignore[attr-defined]
                    new_deps.append(nd)
                    renamed[dep.fid] = nd
                    g = instantiate1(w.body, nd)  # type: ignore[attr-defined]
                new_rest = [replace_fvars(r, renamed) if r.kind == FVAR else r for r in rest]
                new_rows = self.rows_for(rows, ind, ctor, replace_fvars(value, subst))
                columns = [replace_fvars(f, subst) for f in fields]  # a field solved for is its value
                node = shapes[0]
                node.ctor, node.children = ctor.name, [type(node)() for _ in fields]
                if outer_subst is not None:
                    self._match_subst = {**outer_subst, **renamed}
                try:
                    body = self.compile_rows(columns + new_rest, new_rows, g, used, missing, node.children + shapes[1:])
                finally:
                    self._match_subst = outer_subst
                    node.ctor, node.children = None, []
                self.synthesize_pending(use_defaults=False, report=False)
                return mk_lambda_fvars(self.mctx, self.lctx, new_deps, body)

            try:
                inner = self.solve(list(eqs), goal0, fields, subst, finish)
            except Impossible as imp:
                inner = mk_app(Const(FALSE_ELIM, (self.sort_level_of(goal0),)), [goal0, imp.proof])
            return mk_lambda_fvars(self.mctx, self.lctx, [*fields, *eqs], inner)
        finally:
            self.lctx = saved
            self._match_subst = outer_subst

    # -- solving the index equations -----------------------------------------------------------------

    def solve(self, eqs: list[FVar], goal: Expr, fields: list[FVar], subst: dict, finish) -> Expr:  # type: ignore[no-untyped-def,type-arg]
        """A term of type `goal` (in the current context, where `eqs` are hypotheses)."""
        if not eqs:
            return finish(goal, subst)
        e, more = eqs[0], eqs[1:]
        ty = self.instantiate(self.lctx.get(e).type)  # type: ignore[union-attr]
        _, (T_, a, b) = get_app_args(ty)
        if self.is_def_eq(a, b):
            return self.solve(more, goal, fields, subst, finish)
        wa, wb = self.whnf(a), self.whnf(b)
        live = [replace_fvars(f, subst) for f in fields]
        live_ids = {f.fid for f in live if f.kind == FVAR}  # type: ignore[attr-defined]
        # A field of this constructor is solved for first (its dependents are reverted and
        # introduced again); a variable of the context only when no field can be.
        for var, value, forward in ((wa, wb, False), (wb, wa, True)):
            if var.kind == FVAR and var.fid in live_ids and not _mentions(value, var.fid):  # type: ignore[attr-defined]
                return self.eliminate(e, T_, value, var, more, goal, live, subst, finish, forward)  # type: ignore[arg-type]
        for var, value, forward in ((wb, wa, True), (wa, wb, False)):
            if var.kind == FVAR and not _mentions(value, var.fid):  # type: ignore[attr-defined]
                return self.eliminate(e, T_, value, var, more, goal, live, subst, finish, forward)  # type: ignore[arg-type]
        ca, cb = self.ctor_form(wa), self.ctor_form(wb)
        if ca is None or cb is None:
            raise ElabError(getattr(self, "_index_span", T.Span(0, 0)), f"cannot solve the index equation\n  {self.pp(ty)}\n(matching on indexed families is supported for constructor and variable indices)")
        if ca[0] is not cb[0]:
            raise Impossible(self.discriminate(e, T_, wa, wb, ca[0]))
        return self.inject(e, T_, ca, cb, wa, wb, more, goal, fields, subst, finish)

    def eliminate(
        self, e: FVar, T_: Expr, value: Expr, var: FVar, more: list[FVar], goal: Expr, live: list[Expr], subst: dict,  # type: ignore[type-arg]
        finish, forward: bool,  # type: ignore[no-untyped-def]
    ) -> Expr:
        """`e : value = var` (forward) or `e : var = value`: replace `var` by `value` in the goal, in
        the fields that depend on it (reverted and introduced again) and in the equations left, then
        transport the result back along `e` (`Eq.rec`)."""
        ids = {var.fid}
        dependents: list[FVar] = []
        for f in live:
            if f.kind == FVAR and f.fid != var.fid:  # type: ignore[attr-defined]
                ft = self.instantiate(self.lctx.get(f).type)  # type: ignore[union-attr]
                if any(_mentions(ft, i) for i in ids):
                    dependents.append(f)  # type: ignore[arg-type]
                    ids.add(f.fid)  # type: ignore[attr-defined]
        renaming: dict[object, Expr] = {var.fid: value}
        new_deps: list[FVar] = []
        for dep in dependents:
            dd = self.lctx.get(dep)
            self.lctx, nd = self.lctx.add(dd.name, replace_fvars(self.instantiate(dd.type), renaming))  # type: ignore[union-attr]
            renaming[dep.fid] = nd
            new_deps.append(nd)
        new_more: list[FVar] = []
        for m in more:
            md = self.lctx.get(m)
            self.lctx, nm = self.lctx.add(md.name, replace_fvars(self.instantiate(md.type), renaming))  # type: ignore[union-attr]
            new_more.append(nm)
        subst2 = {k: replace_fvars(v, renaming) for k, v in subst.items()}
        for k, v in renaming.items():
            subst2.setdefault(k, v)
        inner = self.solve(new_more, replace_fvars(goal, renaming), [f for f in live], subst2, finish)  # type: ignore[misc]
        inner = mk_lambda_fvars(self.mctx, self.lctx, [*new_deps, *new_more], inner)
        proof = e if forward else self.mk_symm(T_, var, value, e)
        u = self.sort_level_of(T_)
        saved = self.lctx
        try:
            self.lctx, y = self.lctx.add(Name.of("x✝"), T_)
            self.lctx, h = self.lctx.add(Name.of("h✝"), self.mk_eq(value, y))
            at_y: dict[object, Expr] = {var.fid: y}
            reverted: list[FVar] = []
            for dep in dependents:
                dd = self.lctx.get(dep)
                self.lctx, rd = self.lctx.add(dd.name, replace_fvars(self.instantiate(dd.type), at_y))  # type: ignore[union-attr]
                at_y[dep.fid] = rd
                reverted.append(rd)
            full = replace_fvars(goal, at_y)
            for m in reversed(more):
                full = Pi(Name.of("h✝"), replace_fvars(self.instantiate(self.lctx.get(m).type), at_y), full)  # type: ignore[union-attr]
            full = mk_forall_fvars(self.mctx, self.lctx, reverted, full)
            motive = mk_lambda_fvars(self.mctx, self.lctx, [y, h], full)
            level = self.sort_level_of(full)
        finally:
            self.lctx = saved
        rec = mk_app(Const(EQ_REC, (level, u)), [T_, value, motive, inner, var, proof])
        return mk_app(rec, [*dependents, *more])

    def inject(self, e: FVar, T_: Expr, ca: tuple, cb: tuple, wa: Expr, wb: Expr, more: list[FVar], goal: Expr, fields: list[FVar], subst: dict, finish) -> Expr:  # type: ignore[no-untyped-def,type-arg]
        """`C xs = C ys`: the equations `xᵢ = yᵢ`, by `congrArg` through a projection."""
        ctor_name, xs, np_ = ca
        _, ys, _ = cb
        ctor = self.env.kernel.get(ctor_name)
        ind = self.env.kernel.get(ctor.induct)  # type: ignore[union-attr]
        new_eqs: list[FVar] = []
        proofs: list[Expr] = []
        for k in range(np_, len(xs)):
            x, y = xs[k], ys[k]
            fty = self.instantiate(self.infer(x))
            if self.is_def_eq(x, y):
                continue
            proj = self.projection(ind, ctor, xs[:np_], k - np_, fty, x, T_)
            proofs.append(mk_app(Const(CONGR_ARG, (self.sort_level_of(T_), self.sort_level_of(fty))), [T_, fty, wa, wb, proj, e]))
            self.lctx, ne = self.lctx.add(Name.of("h✝"), self.mk_eq(x, y))
            new_eqs.append(ne)
        inner = self.solve([*new_eqs, *more], goal, fields, subst, finish)
        return mk_app(mk_lambda_fvars(self.mctx, self.lctx, new_eqs, inner), proofs)

    def projection(self, ind: InductiveInfo, ctor: ConstructorInfo, params: list[Expr], k: int, fty: Expr, default: Expr, T_: Expr) -> Expr:
        """`fun t => casesOn t … (fun fields => fieldₖ) …` (other constructors give `default`)."""
        saved = self.lctx
        try:
            self.lctx, t = self.lctx.add(Name.of("t"), T_)
            levels = tuple(get_app_args(self.whnf(T_))[0].levels)  # type: ignore[attr-defined]
            cases = self.env.kernel.get(ind.name.child("casesOn"))
            if len(cases.level_params) == len(levels) + 1:
                levels = (self.sort_level_of(fty),) + levels
            minors = []
            for cn in ind.ctors:
                c = self.env.kernel.get(cn)
                fields, _ = self.open_fields(ind, c, levels[len(levels) - len(ind.level_params):], params, [])  # type: ignore[arg-type]
                minors.append(mk_lambda_fvars(self.mctx, self.lctx, fields, fields[k] if cn is ctor.name else default))
            motive = Lam(Name.of("x✝"), T_, fty)
            return mk_lambda_fvars(self.mctx, self.lctx, [t], mk_app(Const(cases.name, levels), [*params, motive, t, *minors]))
        finally:
            self.lctx = saved

    def discriminate(self, e: FVar, T_: Expr, a: Expr, b: Expr, ctor_a: Name) -> Expr:
        """A proof of `False` from `e : a = b`, `a` and `b` built with different constructors:
        `Eq.subst (motive := fun t => casesOn t True False …) e True.intro`."""
        head, args = get_app_args(self.whnf(T_))
        ind = self.env.kernel.get(head.name)  # type: ignore[attr-defined]
        assert isinstance(ind, InductiveInfo)
        params = args[: ind.num_params]
        levels = tuple(head.levels)  # type: ignore[attr-defined]
        cases = self.env.kernel.get(ind.name.child("casesOn"))
        if len(cases.level_params) == len(levels) + 1:
            levels = (_one(),) + levels
        saved = self.lctx
        try:
            self.lctx, t = self.lctx.add(Name.of("t"), T_)
            minors = []
            for cn in ind.ctors:
                c = self.env.kernel.get(cn)
                fields, _ = self.open_fields(ind, c, tuple(head.levels), params, [])  # type: ignore[arg-type,attr-defined]
                truth = Const(Name.of("True") if cn is ctor_a else Name.of("False"))
                minors.append(mk_lambda_fvars(self.mctx, self.lctx, fields, truth))
            motive = mk_lambda_fvars(self.mctx, self.lctx, [t], mk_app(Const(cases.name, levels), [*params, Lam(Name.of("x✝"), T_, _prop()), t, *minors]))
        finally:
            self.lctx = saved
        return mk_app(Const(EQ_SUBST, (self.sort_level_of(T_),)), [T_, motive, a, b, e, Const(TRUE_INTRO)])

    # -- helpers -----------------------------------------------------------------------------------------

    def ctor_form(self, w: Expr) -> tuple | None:  # type: ignore[type-arg]
        view = constructor_app(self.env.kernel, w)
        return None if view is None else (view.ctor.name, view.params + view.fields, view.ctor.num_params)

    def mk_eq(self, a: Expr, b: Expr) -> Expr:
        ty = self.instantiate(self.infer(a))
        return mk_app(Const(EQ, (self.sort_level_of(ty),)), [ty, a, b])

    def mk_refl(self, a: Expr) -> Expr:
        ty = self.instantiate(self.infer(a))
        return mk_app(Const(EQ_REFL, (self.sort_level_of(ty),)), [ty, a])

    def mk_symm(self, T_: Expr, a: Expr, b: Expr, e: Expr) -> Expr:
        """`Eq.symm e : b = a` for `e : a = b`."""
        return mk_app(Const(Name.of("Eq.symm"), (self.sort_level_of(T_),)), [T_, a, b, e])


def _one() -> Level:
    from lantern.kernel.level import mk_succ

    return mk_succ(mk_zero())


def _prop() -> Expr:
    from lantern.kernel.expr import Sort

    return Sort(mk_zero())
