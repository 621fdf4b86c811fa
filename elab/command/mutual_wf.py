"""Mutual well-founded recursion: the functions of a clique become one fixpoint over their packed
arguments (Lean's `WF.PackMutual` and `WF.Fix`).

Each function's arguments after the fixed prefix `ps` (`mutual_fn.py`) are packed into one value as for
a single function (`wf_fix.Packing`: the argument itself, or nested `PSigma`s), and the functions' packed
arguments into their sum, `PSum D₁ (PSum D₂ …)`. The auxiliary definition

    f₁._mutual ps q := WellFounded.fix (measure M).wf F q
    F q ih := PSum.casesOn q (fun a ih => G₁ a.1 … ih) (fun b ih => G₂ … ih) ih

runs the body of the function `q` stands for, in which a call `fⱼ as` is `ih (injⱼ ⟨as⟩) h`, `h` the
proof obligation `mⱼ as < mᵢ vs` (`mᵢ` the measure of the calling function, `termination_by` or
guessed, `mutual_wf_guess.py`); each function is then `fᵢ ps vs := f₁._mutual ps (injᵢ ⟨vs⟩)`. The
result type of the fixpoint is the functions' common result type, or, when they differ or depend on
the arguments, `fun q => PSum.casesOn q (fun a => R₁ …) …` (a `Sort`, by large elimination). The
obligations are stated in the calling function's context, with the `match`es seen (`thread.py`), and
proved by its `decreasing_by` or the default tactic (`wf_decreasing.py`).
"""

from __future__ import annotations

from typing import Callable

from lantern.kernel.declaration import DefinitionDecl, ReducibilityHints
from lantern.kernel.expr import Const, Expr, FVar, MVar, Pi, Sort, mk_app
from lantern.kernel.instantiate import replace_fvars
from lantern.kernel.level import Level, mk_param, mk_succ, mk_zero
from lantern.kernel.name import Name
from lantern.kernel.record import record

from ..messages import ElabError
from ..meta.context import SYNTHETIC_OPAQUE
from ..meta.instantiate import mk_forall_fvars, mk_lambda_fvars
from ..term.elaborator import TermElab
from .declaration import definition_height
from .mutual_fn import MutualFn, calls_in, fixed_prefix, open_params, unify_prefix, view
from .thread import CallRewriter
from .wf_fix import Packing, _as_written, lex_lt, lex_relation, lex_tuple

PSUM, PSUM_INL, PSUM_INR, PSUM_CASES = Name.of("PSum"), Name.of("PSum.inl"), Name.of("PSum.inr"), Name.of("PSum.casesOn")


class SumPacking:
    """`PSum D₀ (PSum D₁ …)`: the injections and the case split over it."""

    def __init__(self, te: TermElab, domains: list[Expr]) -> None:
        self.te = te
        self.domains = domains
        n = len(domains)
        self.levels = [te.sort_level_of(d) for d in domains]
        self.suffix: list[Expr] = [domains[-1]] * n
        self.suffix_levels: list[Level] = [self.levels[-1]] * n
        for k in range(n - 2, -1, -1):
            self.suffix[k] = mk_app(Const(PSUM, (self.levels[k], self.suffix_levels[k + 1])), [domains[k], self.suffix[k + 1]])
            self.suffix_levels[k] = te.sort_level_of(self.suffix[k])
        self.domain = self.suffix[0]
        self.level = self.suffix_levels[0]

    def _ctor(self, k: int, right: bool, e: Expr) -> Expr:
        levels = (self.levels[k], self.suffix_levels[k + 1])
        return mk_app(Const(PSUM_INR if right else PSUM_INL, levels), [self.domains[k], self.suffix[k + 1], e])

    def embed(self, k: int, z: Expr) -> Expr:
        """A value of the `k`th suffix sum as a value of the whole sum."""
        for j in range(k - 1, -1, -1):
            z = self._ctor(j, True, z)
        return z

    def inj(self, i: int, a: Expr) -> Expr:
        n = len(self.domains)
        return self.embed(i, self._ctor(i, False, a)) if i < n - 1 else self.embed(i, a)

    def cases(self, q: Expr, motive: Callable[[Expr], Expr], branch: Callable[[int, Expr], Expr], k: int = 0) -> Expr:
        """`PSum.casesOn q (fun a => branch 0 a) (fun r => …)` at the `k`th suffix; `motive` gives the
        motive's body at a value of the whole sum."""
        n = len(self.domains)
        if k == n - 1:
            return branch(k, q)
        te = self.te
        saved = te.lctx
        try:
            te.lctx, z = te.lctx.add(Name.of("x✝"), self.suffix[k])
            body = motive(self.embed(k, z))
            w = te.sort_level_of(body)
            mot = mk_lambda_fvars(te.mctx, te.lctx, [z], body)
            te.lctx = saved
            te.lctx, a = te.lctx.add(Name.of("val"), self.domains[k])
            left = mk_lambda_fvars(te.mctx, te.lctx, [a], branch(k, a))
            te.lctx = saved
            te.lctx, r = te.lctx.add(Name.of("val"), self.suffix[k + 1])
            right = mk_lambda_fvars(te.mctx, te.lctx, [r], self.cases(r, motive, branch, k + 1))
        finally:
            te.lctx = saved
        levels = (w, self.levels[k], self.suffix_levels[k + 1])
        return mk_app(Const(PSUM_CASES, levels), [self.domains[k], self.suffix[k + 1], mot, q, left, right])


@record
class MutualObligation:
    goal: MVar
    caller: int
    callee: int
    call: int  # its number among the caller's calls, from 1
    call_vs: list[Expr]
    cur: list[Expr]


class MutualPlan:
    """The clique as the fixpoint sees it: each function opened, the prefix shared."""

    def __init__(self, te: TermElab, fns: list[MutualFn]) -> None:
        self.te = te
        self.fns = fns
        self.targets = {fn.fvar.fid: i for i, fn in enumerate(fns)}
        self.opened = [open_params(te, fn) for fn in fns]
        self.m = fixed_prefix(te, self.opened, self.targets)
        unify_prefix(te, self.opened, self.m)
        self.prefix = self.opened[0].params[: self.m]
        names = "\n".join(f"  {fn.name}" for fn in fns)
        self.header = f"fail to show termination for\n{names}\nwith errors\n"
        for o in self.opened:
            if len(o.params) == self.m:
                raise ElabError(o.fn.cmd.sig.span, f"well-founded recursion cannot be used, '{o.fn.name}' does not take any (non-fixed) arguments")
            for j, args in calls_in(o.body, self.targets):
                if len(args) < len(self.opened[j].params):
                    raise ElabError(o.fn.cmd.sig.span, f"{self.header}'{self.opened[j].fn.name}' is used without all of its {len(self.opened[j].params)} arguments")
        self.full = te.lctx
        self.rets = []
        for i, o in enumerate(self.opened):
            saved = te.lctx
            te.lctx = self.view(i)
            try:
                self.rets.append(te.instantiate(te.infer(o.body)))
            finally:
                te.lctx = saved

    def varying(self, i: int) -> list[FVar]:
        return self.opened[i].params[self.m:]

    def view(self, i: int):  # type: ignore[no-untyped-def]
        return view(self.full, self.opened[i].params)


class MutualFixBuilder(CallRewriter):
    """Builds the fixpoint for one measure per function (`measures[i]`: `Nat` terms over function
    `i`'s varying parameters, one for each component of a lexicographic measure)."""

    def __init__(self, plan: MutualPlan, measures: list[list[Expr]]) -> None:
        first = plan.opened[0].fn
        super().__init__(plan.te, first.fvar, str(first.name), first.cmd.sig.span, dite=True)
        self.plan = plan
        self.measures = measures
        self.targets = set(plan.targets)
        self.obligations: list[MutualObligation] = []
        self.caller = 0

    def build(self, aux_name: Name, level_params: tuple[Name, ...]) -> list[Expr]:
        """The functions' values (calling `aux_name`); the fixpoint itself waits in `aux_type` and
        `aux_value` for its obligations to be proved (`finish`)."""
        te, plan = self.te, self.plan
        saved = te.lctx
        te.lctx = plan.view(0)
        try:
            packs = [Packing(te, plan.varying(i)) if i == 0 else None for i in range(len(plan.fns))]
            for i in range(1, len(plan.fns)):
                te.lctx = plan.view(i)
                packs[i] = Packing(te, plan.varying(i))
            te.lctx = plan.view(0)
            self.packs = packs
            sp = SumPacking(te, [p.domain for p in packs])  # type: ignore[union-attr]
            self.sp = sp
            unpack = lambda i, a, e: replace_fvars(e, dict(zip((v.fid for v in plan.varying(i)), packs[i].unpack(a))))  # type: ignore[union-attr]  # noqa: E731
            motive = self.motive(sp, unpack)
            nat_type, rel_of = lex_relation(len(self.measures[0]))
            te.lctx, q = te.lctx.add(Name.of("x✝"), sp.domain)
            m_body = sp.cases(q, lambda _: nat_type, lambda i, a: unpack(i, a, lex_tuple(self.measures[i])))
            m_fn = mk_lambda_fvars(te.mctx, te.lctx, [q], m_body)
            te.lctx = plan.view(0)
            u = sp.level
            if len(self.measures[0]) > 1:
                wfrel = mk_app(Const(Name.of("invImage"), (u, mk_succ(mk_zero()))), [sp.domain, nat_type, m_fn, rel_of])
            else:
                wfrel = mk_app(Const(Name.of("measure"), (u,)), [sp.domain, m_fn])
            self.rel = mk_app(Const(Name.of("WellFoundedRelation.rel"), (u,)), [sp.domain, wfrel])
            wf = mk_app(Const(Name.of("WellFoundedRelation.wf"), (u,)), [sp.domain, wfrel])
            self.motive_fn = motive
            gs = [self.body_fn(i) for i in range(len(plan.fns))]
            te.lctx = plan.view(0)
            te.lctx, p = te.lctx.add(Name.of("x✝"), sp.domain)
            te.lctx, ih0 = te.lctx.add(Name.of("ih✝"), self.ih_type(p))
            arrow = lambda z: Pi(Name.of("ih✝"), self.ih_type(z), mk_app(motive, [z]))  # noqa: E731
            f_body = sp.cases(p, arrow, lambda i, a: mk_app(gs[i], packs[i].unpack(a)))  # type: ignore[union-attr]
            big_f = mk_lambda_fvars(te.mctx, te.lctx, [p, ih0], mk_app(f_body, [ih0]))
            te.lctx = plan.view(0)
            v = self.result_level
            fix = mk_app(Const(Name.of("WellFounded.fix"), (u, v)), [sp.domain, motive, self.rel, wf, big_f])
            te.lctx, x = te.lctx.add(Name.of("x"), sp.domain)
            aux_type = mk_forall_fvars(te.mctx, te.lctx, [*plan.prefix, x], mk_app(motive, [x]))
            aux_value = mk_lambda_fvars(te.mctx, te.lctx, [*plan.prefix, x], mk_app(fix, [x]))
        finally:
            te.lctx = saved
        self.aux = (aux_name, level_params, aux_type, aux_value)
        aux_const = Const(aux_name, tuple(mk_param(p) for p in level_params))
        values = []
        for i, o in enumerate(plan.opened):
            saved = te.lctx
            te.lctx = plan.view(i)
            try:
                call = mk_app(aux_const, [*plan.prefix, sp.inj(i, packs[i].pack(plan.varying(i)))])  # type: ignore[union-attr]
                values.append(mk_lambda_fvars(te.mctx, te.lctx, o.params, call))
            finally:
                te.lctx = saved
        return values

    def finish(self) -> DefinitionDecl:
        """The fixpoint, once its obligations are proved."""
        from .wf import settle_delayed

        te = self.te
        aux_name, level_params, aux_type, aux_value = self.aux
        settle_delayed(te)
        aux_value = te.instantiate(aux_value)
        if aux_value.has_mvar:
            raise ElabError(self.span, f"{self.plan.header}a proof obligation is left unsolved")
        hints = ReducibilityHints.regular(definition_height(te.env, aux_value))
        return DefinitionDecl(aux_name, level_params, te.instantiate(aux_type), aux_value, hints)

    def motive(self, sp: SumPacking, unpack) -> Expr:  # type: ignore[no-untyped-def]
        """`fun q => R` for a common result type `R`, else the case split into each function's."""
        te, plan = self.te, self.plan
        varying = {v.fid for i in range(len(plan.fns)) for v in plan.varying(i)}
        from .mutual_fn import mentions_any

        levels = []
        for i, r in enumerate(plan.rets):
            saved = te.lctx
            te.lctx = plan.view(i)
            try:
                levels.append(te.sort_level_of(r))
            finally:
                te.lctx = saved
        if not all(te.is_def_eq(Sort(l), Sort(levels[0])) for l in levels):
            raise ElabError(self.span, f"{plan.header}the functions' results live in different universes")
        self.result_level = levels[0]
        te.lctx, q = te.lctx.add(Name.of("x✝"), sp.domain)
        if all(r == plan.rets[0] for r in plan.rets) and not mentions_any(plan.rets[0], varying):
            body = plan.rets[0]
        else:
            body = sp.cases(q, lambda _: Sort(levels[0]), lambda i, a: unpack(i, a, plan.rets[i]))
        return mk_lambda_fvars(te.mctx, te.lctx, [q], body)

    def ih_type(self, target: Expr) -> Expr:
        """`∀ y, rel y target → C y`."""
        te = self.te
        saved = te.lctx
        try:
            te.lctx, y = te.lctx.add(Name.of("y"), self.sp.domain)
            return mk_forall_fvars(te.mctx, te.lctx, [y], Pi(Name.of("h"), mk_app(self.rel, [y, target]), mk_app(self.motive_fn, [y])))
        finally:
            te.lctx = saved

    def body_fn(self, i: int) -> Expr:
        """`G i = fun vs ih => body[calls := ih …]` in function `i`'s own context."""
        te, plan = self.te, self.plan
        te.lctx = plan.view(i)
        self.caller = i
        self.ncalls = 0
        new_vs: list[FVar] = []
        subst: dict[object, Expr] = {}
        for v in plan.varying(i):
            d = te.lctx.get(v)
            te.lctx, nv = te.lctx.add(d.name, replace_fvars(te.instantiate(d.type), subst), None, d.binfo)  # type: ignore[union-attr]
            subst[v.fid] = nv
            new_vs.append(nv)
        self.hidden = {fn.fvar.fid for fn in plan.fns} | {v.fid for v in plan.varying(i)}
        te.lctx, ih = te.lctx.add(Name.of("ih✝"), self.ih_type(self.sp.inj(i, self.packs[i].pack(new_vs))))  # type: ignore[union-attr]
        self.hidden.add(ih.fid)
        body = self.visit(replace_fvars(plan.opened[i].body, subst), ih, list(new_vs))
        return mk_lambda_fvars(te.mctx, te.lctx, [*new_vs, ih], body)

    def as_written(self, ctor: Name, fields: list[FVar], value: Expr) -> Expr:
        return _as_written(self.te, ctor, fields, value)

    def on_call_to(self, fn: FVar, args: list[Expr], ih: FVar, cur: list[Expr]) -> Expr:
        plan = self.plan
        i, j = self.caller, plan.targets[fn.fid]
        n = len(plan.opened[j].params)
        call_vs = args[plan.m:n]
        lhs = [replace_fvars(t, dict(zip((v.fid for v in plan.varying(j)), call_vs))) for t in self.measures[j]]
        rhs = [replace_fvars(t, dict(zip((v.fid for v in plan.varying(i)), cur))) for t in self.measures[i]]
        goal_type = lex_lt(lhs, rhs)
        goal = self.te.mctx.new_mvar(goal_type, self.goal_lctx(goal_type), SYNTHETIC_OPAQUE)
        self.ncalls += 1
        self.obligations.append(MutualObligation(goal, i, j, self.ncalls, list(call_vs), list(cur)))
        packed = self.sp.inj(j, self.pack(j, call_vs))
        return mk_app(ih, [packed, goal, *args[n:]])

    def pack(self, j: int, args: list[Expr]) -> Expr:
        """`⟨args⟩` for function `j`, from the context of a call in another function (the packing
        reads the types of `j`'s parameters)."""
        from ..meta.context import LocalContext

        te = self.te
        saved = te.lctx
        missing = tuple(self.plan.full.get(v) for v in self.plan.varying(j) if not te.lctx.contains(v.fid))
        te.lctx = LocalContext(te.lctx.decls + missing) if missing else te.lctx  # type: ignore[arg-type]
        try:
            return self.packs[j].pack(args)  # type: ignore[union-attr]
        finally:
            te.lctx = saved

    def goal_lctx(self, goal_type: Expr):  # type: ignore[no-untyped-def]
        from .wf_fix import context_without

        return context_without(self.te.lctx, self.hidden, goal_type)


def compile_mutual_wf(te: TermElab, fns: list[MutualFn], level_params: tuple[Name, ...]) -> tuple[DefinitionDecl, list[Expr]]:
    """The auxiliary fixpoint `f₁._mutual` and each function's value (closed; the other functions do
    not occur in it), or an `ElabError` in Lean's words."""
    if Name.of("WellFounded.fix") not in te.env.kernel or PSUM not in te.env.kernel:
        raise ElabError(fns[0].cmd.sig.span, "fail to show termination: mutual well-founded recursion needs `WellFounded.fix` and `PSum` (the prelude's WF.ltn)")
    from .mutual_wf_guess import choose_measures

    saved = te.lctx
    try:
        plan = MutualPlan(te, fns)
        aux_name = Name.mk_str(fns[0].name, "_mutual")
        return choose_measures(plan, lambda measures: MutualFixBuilder(plan, measures), aux_name, level_params)
    finally:
        te.lctx = saved

