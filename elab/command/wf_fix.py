"""Well-founded recursion: a recursive body compiled to `WellFounded.fix` over a measure (Lean's
`WF.Fix`, for measures into `Nat`).

For `f ps vs` whose recursive calls pass the fixed prefix `ps` unchanged, with measure `m vs : Nat`:

    f ps vs := WellFounded.fix (measure m').wf F ⟨vs⟩
    F := fun p ih => G p.1 p.2.1 … ih
    G := fun vs (ih : ∀ q, (measure m').rel q ⟨vs⟩ → C q) => body[f ps as := ih ⟨as⟩ h]

where several varying arguments are packed into nested `PSigma`s (one argument is passed as is), and
each `h` is a proof obligation `m as < m vs` stated in the local context of the call. On the way to a
call, `if c then t else e` becomes `dite` (so `h : c` is a hypothesis there, as Lean does) and `ih` is
passed through each `casesOn` on a variable it mentions (the motive is generalised over it), so that
in a branch for `n + 1` the obligation reads `m as < m (n + 1)`. The obligations are then proved by
`decreasing_by` or the default tactic (`wf_decreasing.py`); the measure is given by `termination_by`
or guessed (`wf.py`).
"""

from __future__ import annotations

from lantern.kernel.expr import Const, Expr, FVar, MVar, Pi, Proj, get_app_args, mk_app
from lantern.kernel.instantiate import replace_fvars
from lantern.kernel.level import Level, mk_succ, mk_zero
from lantern.kernel.name import Name
from lantern.kernel.record import field, record

from ..messages import ElabError
from ..meta.context import SYNTHETIC_OPAQUE, LocalContext
from ..meta.instantiate import mk_forall_fvars, mk_lambda_fvars
from ..syntax import tree as T
from ..term.elaborator import TermElab
from .thread import CallRewriter, collect_calls, mentions_bare, mentions_fvar, open_lambdas

PSIGMA, PSIGMA_MK = Name.of("PSigma"), Name.of("PSigma.mk")


@record
class WfPlan:
    """The definition as the elaborator left it: `body` calls `f`, all in `te.lctx`."""

    name: str
    span: T.Span
    f: FVar
    params: list[FVar]  # the header's, then the leading `fun`s of the value
    num_peeled: int  # how many of `params` came from `fun`s (they are bound again in the result)
    fixed: int  # the prefix of `params` every recursive call passes unchanged
    body: Expr
    ret: Expr  # the type of `body`
    calls: list[list[Expr]] = field(default_factory=list)  # the arguments of each call, as written
    names: dict[object, Name] = field(default_factory=dict)  # names `termination_by x y =>` gives

    @property
    def varying(self) -> list[FVar]:
        return self.params[self.fixed:]


def make_plan(te: TermElab, f: FVar, header: list[FVar], value: Expr, name: str, span: T.Span) -> WfPlan:
    opened, body = open_lambdas(te, te.instantiate(value))
    params = list(header) + opened
    peeled = len(opened)
    calls = collect_calls(body, f)
    if any(len(a) < len(params) for a in calls) or mentions_bare(body, f):
        raise ElabError(span, f"fail to show termination for '{name}': the function is used without all of its {len(params)} arguments")
    fixed = 0
    while fixed < len(params) - 1 and all(a[fixed] == params[fixed] for a in calls):
        fixed += 1
    ret = te.instantiate(te.infer(body))
    return WfPlan(name, span, f, params, peeled, fixed, body, ret, calls)


# -- packing several arguments into one -------------------------------------------------------------


class Packing:
    """The domain of the fixpoint: the varying parameters' type, or nested `PSigma`s of them."""

    def __init__(self, te: TermElab, vs: list[FVar]) -> None:
        self.te = te
        self.vs = vs
        self.types = [te.instantiate(te.lctx.get(v).type) for v in vs]  # type: ignore[union-attr]
        self.domain = self._sigma(0)

    def level(self, ty: Expr) -> Level:
        return self.te.sort_level_of(ty)

    def _rest_lambda(self, i: int) -> Expr:
        """`fun vᵢ => Σ' vᵢ₊₁ …` (the family after component `i`)."""
        return mk_lambda_fvars(self.te.mctx, self.te.lctx, [self.vs[i]], self._sigma(i + 1))

    def _sigma(self, i: int) -> Expr:
        if i == len(self.vs) - 1:
            return self.types[i]
        rest = self._sigma(i + 1)
        levels = (self.level(self.types[i]), self.level(rest))
        return mk_app(Const(PSIGMA, levels), [self.types[i], self._rest_lambda(i)])

    def pack(self, args: list[Expr]) -> Expr:
        """`⟨a₀, ⟨a₁, …⟩⟩`: the components' types with the earlier components put in."""
        subst = {v.fid: a for v, a in zip(self.vs, args)}
        return self._pack(args, 0, subst)

    def _pack(self, args: list[Expr], i: int, subst: dict) -> Expr:  # type: ignore[type-arg]
        if i == len(self.vs) - 1:
            return args[i]
        rest = self._sigma(i + 1)
        levels = (self.level(self.types[i]), self.level(rest))
        fam = replace_fvars(self._rest_lambda(i), subst)
        ty = replace_fvars(self.types[i], subst)
        return mk_app(Const(PSIGMA_MK, levels), [ty, fam, args[i], self._pack(args, i + 1, subst)])

    def unpack(self, q: Expr) -> list[Expr]:
        """The components of `q`, as projections."""
        out: list[Expr] = []
        for i in range(len(self.vs)):
            if i == len(self.vs) - 1:
                out.append(q)
            else:
                out.append(Proj(PSIGMA, 0, q))
                q = Proj(PSIGMA, 1, q)
        return out


# -- the fixpoint -------------------------------------------------------------------------------------


@record
class Measure:
    """`m`, a `Nat` in the context of the parameters, and how to show it (for messages). Further
    `Nat`s (`more`) make it lexicographic: `(m, m₂, …)` ordered by `Prod.lexOr`."""

    term: Expr
    label: str
    more: tuple[Expr, ...] = ()

    @property
    def terms(self) -> list[Expr]:
        return [self.term, *self.more]


@record
class Obligation:
    goal: MVar
    call: int  # which recursive call (in order of the traversal), from 1
    same: bool = False  # the measure is passed unchanged (the goal is `m < m`)
    text: str = ""  # the goal, printed (kept for messages after the attempt is undone)


class FixBuilder(CallRewriter):
    def __init__(self, te: TermElab, plan: WfPlan, measure: Measure) -> None:
        super().__init__(te, plan.f, plan.name, plan.span, dite=True)
        self.plan = plan
        self.measure = measure
        self.obligations: list[Obligation] = []
        self.hidden.update(v.fid for v in plan.varying)

    def build(self) -> Expr:
        te, plan = self.te, self.plan
        vs = plan.varying
        pk = Packing(te, vs)
        alpha = pk.domain
        u = pk.level(alpha)
        saved = te.lctx
        try:
            te.lctx, q = te.lctx.add(Name.of("x✝"), alpha)
            ret_q = replace_fvars(plan.ret, {v.fid: c for v, c in zip(vs, pk.unpack(q))})
            v_level = te.sort_level_of(ret_q)
            motive = mk_lambda_fvars(te.mctx, te.lctx, [q], ret_q)
            m_q = replace_fvars(lex_tuple(self.measure.terms), {v.fid: c for v, c in zip(vs, pk.unpack(q))})
            m_fn = mk_lambda_fvars(te.mctx, te.lctx, [q], m_q)
        finally:
            te.lctx = saved
        if self.measure.more:
            codomain, target_rel = lex_relation(len(self.measure.terms))
            one = mk_succ(mk_zero())
            wfrel = mk_app(Const(Name.of("invImage"), (u, one)), [alpha, codomain, m_fn, target_rel])
        else:
            wfrel = mk_app(Const(Name.of("measure"), (u,)), [alpha, m_fn])
        rel = mk_app(Const(Name.of("WellFoundedRelation.rel"), (u,)), [alpha, wfrel])
        wf = mk_app(Const(Name.of("WellFoundedRelation.wf"), (u,)), [alpha, wfrel])
        self.pk, self.rel, self.motive = pk, rel, motive
        # G: the varying parameters again (new variables with the same names), then `ih`.
        try:
            new_vs: list[FVar] = []
            subst: dict[object, Expr] = {}
            for v in vs:
                d = te.lctx.get(v)
                shown = plan.names.get(v.fid, d.name)  # type: ignore[union-attr]
                te.lctx, nv = te.lctx.add(shown, replace_fvars(te.instantiate(d.type), subst), None, d.binfo)  # type: ignore[union-attr]
                subst[v.fid] = nv
                new_vs.append(nv)
            ih_type = self.ih_type(pk.pack(new_vs))
            te.lctx, ih = te.lctx.add(Name.of("ih✝"), ih_type)
            self.hidden.add(ih.fid)
            body = replace_fvars(plan.body, subst)
            new_body = self.visit(body, ih, list(new_vs))
            g = mk_lambda_fvars(te.mctx, te.lctx, [*new_vs, ih], new_body)
        finally:
            te.lctx = saved
        try:
            te.lctx, p = te.lctx.add(Name.of("x✝"), alpha)
            te.lctx, ih0 = te.lctx.add(Name.of("ih✝"), self.ih_type(p))
            f_body = mk_app(g, [*pk.unpack(p), ih0])
            big_f = mk_lambda_fvars(te.mctx, te.lctx, [p, ih0], f_body)
        finally:
            te.lctx = saved
        fix = Const(Name.of("WellFounded.fix"), (u, v_level))
        return mk_app(fix, [alpha, motive, rel, wf, big_f, pk.pack(list(vs))])

    def ih_type(self, target: Expr) -> Expr:
        """`∀ q, rel q target → C q`."""
        te = self.te
        saved = te.lctx
        try:
            te.lctx, q = te.lctx.add(Name.of("y"), self.pk.domain)
            body = Pi(Name.of("h"), mk_app(self.rel, [q, target]), mk_app(self.motive, [q]))
            return mk_forall_fvars(te.mctx, te.lctx, [q], body)
        finally:
            te.lctx = saved

    def as_written(self, ctor: Name, fields: list[FVar], value: Expr) -> Expr:
        return _as_written(self.te, ctor, fields, value)  # `n + 1` rather than `Nat.succ n` in goals

    def on_call(self, args: list[Expr], ih: FVar, cur: list[Expr]) -> Expr:
        plan = self.plan
        n = len(plan.params)
        call_vs = args[plan.fixed:n]
        goal_type = self.decreasing_goal(call_vs, cur)
        goal = self.te.mctx.new_mvar(goal_type, self.goal_lctx(goal_type), SYNTHETIC_OPAQUE)
        _, lt_args = get_app_args(goal_type)
        same = len(lt_args) == 4 and lt_args[2] == lt_args[3]
        self.obligations.append(Obligation(goal, len(self.obligations) + 1, same))
        return mk_app(ih, [self.pk.pack(call_vs), goal, *args[n:]])

    def decreasing_goal(self, call_vs: list[Expr], cur: list[Expr]) -> Expr:
        """`m as < m vs`, what `rel ⟨as⟩ ⟨vs⟩` unfolds to."""
        vs = self.plan.varying
        lhs = [replace_fvars(m, {v.fid: a for v, a in zip(vs, call_vs)}) for m in self.measure.terms]
        rhs = [replace_fvars(m, {v.fid: a for v, a in zip(vs, cur)}) for m in self.measure.terms]
        return lex_lt(lhs, rhs)

    def goal_lctx(self, goal_type: Expr) -> LocalContext:
        """The context at the call, without the auxiliary variables (the function itself, `ih`, the
        parameters the obligations are not about any more) unless the goal mentions them (a call
        inside the argument of another)."""
        return context_without(self.te.lctx, self.hidden, goal_type)


def context_without(lctx: LocalContext, hidden: "set | frozenset", goal_type: Expr) -> LocalContext:
    """`lctx` without the variables `hidden`, except those that `goal_type` or a remaining hypothesis
    mentions."""
    removed = {fid for fid in hidden if lctx.contains(fid) and not mentions_fvar(goal_type, fid)}
    kept = lctx.remove(removed)
    for d in kept.decls:
        for fid in list(removed):
            if mentions_fvar(d.type, fid):
                removed.discard(fid)
    return lctx.remove(removed)

def _as_written(te: TermElab, ctor: Name, fields: list[FVar], value: Expr) -> Expr:
    from ..eqn_statements import nat_literal, nat_offset

    if ctor is Name.of("Nat.succ"):
        return nat_offset(te, fields[0], 1)
    if ctor is Name.of("Nat.zero"):
        return nat_literal(te, 0, value)
    return value


NAT = Const(Name.of("Nat"))


def lex_tuple(ms: list[Expr]) -> Expr:
    """`(m₁, (m₂, …))`."""
    if len(ms) == 1:
        return ms[0]
    z = mk_zero()
    rest = lex_tuple(ms[1:])
    return mk_app(Const(Name.of("Prod.mk"), (z, z)), [NAT, _nat_tuple_type(len(ms) - 1), ms[0], rest])


def _nat_tuple_type(k: int) -> Expr:
    if k == 1:
        return NAT
    z = mk_zero()
    return mk_app(Const(Name.of("Prod"), (z, z)), [NAT, _nat_tuple_type(k - 1)])


def lex_relation(k: int) -> tuple[Expr, Expr]:
    """The type `Nat × (Nat × …)` of `k` components and its lexicographic `WellFoundedRelation`."""
    lt = Const(Name.of("Nat.lt_wfRel"))
    if k == 1:
        return NAT, lt
    z = mk_zero()
    inner_type, inner = lex_relation(k - 1)
    return _nat_tuple_type(k), mk_app(Const(Name.of("Prod.lexOrWfRel"), (z, z)), [NAT, inner_type, lt, inner])


def lex_lt(lhs: list[Expr], rhs: list[Expr]) -> Expr:
    """`a₁ < b₁ ∨ a₁ = b₁ ∧ (…)`: what `Prod.lexOr` unfolds to (just `a < b` for one component)."""
    if len(lhs) == 1:
        return nat_lt(lhs[0], rhs[0])
    one = mk_succ(mk_zero())
    eq = mk_app(Const(Name.of("Eq"), (one,)), [NAT, lhs[0], rhs[0]])
    rest = mk_app(Const(Name.of("And")), [eq, lex_lt(lhs[1:], rhs[1:])])
    return mk_app(Const(Name.of("Or")), [nat_lt(lhs[0], rhs[0]), rest])


def nat_lt(a: Expr, b: Expr) -> Expr:
    """`a < b` on `Nat`, as the elaborator writes it."""
    nat = Const(Name.of("Nat"))
    z = mk_zero()
    return mk_app(Const(Name.of("LT.lt"), (z,)), [nat, Const(Name.of("instLTNat")), a, b])


def close_over_peeled(te: TermElab, plan: WfPlan, value: Expr) -> Expr:
    """Bind again the parameters that were the value's own `fun`s."""
    peeled = plan.params[len(plan.params) - plan.num_peeled:]
    return mk_lambda_fvars(te.mctx, te.lctx, peeled, value) if peeled else value

