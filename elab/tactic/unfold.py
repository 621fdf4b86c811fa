"""`unfold f g at h` (Lean's `Lean.Meta.unfoldTarget` / `unfoldLocalDecl`).

With an unfolding lemma `f.eq_def : ∀ xs, f xs = body` (made on first use, see `equations.py`),
each outermost application `f as` not under a binder is rewritten to `body[as]` (by `Eq.mpr` and
`congrArg`, as `rw` does), once: the recursive calls inside stay folded. A `match` on a constructor
that the unfolding exposes is reduced (Lean's `reduceMatcher?`). Without such a lemma the constant is
delta-unfolded everywhere and beta-reduced, which is a definitional change (no proof needed). A local
`let` variable is replaced by its value.
"""

from __future__ import annotations

from lantern.kernel.declaration import DefinitionInfo, InductiveInfo
from lantern.kernel.expr import CONST, LAM, PI, Const, Expr, FVar, Lam, get_app_args, mk_app
from lantern.kernel.instantiate import instantiate_level_params, replace_fvars
from lantern.kernel.level import mk_succ, mk_zero
from lantern.kernel.name import Name

from ..meta.instantiate import beta
from ..syntax import tree as T
from .core import TacticContext, TacticError
from .registry import tactic


def resolve_constant(tc: TacticContext, ident: T.Ident) -> Name:
    from ..names import resolve_global

    found = resolve_global(tc.te.env, ident.name)
    for r in found or []:
        name = getattr(r, "name", r)
        if not getattr(r, "fields", ()):
            return name  # type: ignore[return-value]
    raise TacticError(ident.span, f"unknown identifier '{ident.name}'")


def _unfold_lemma(tc: TacticContext, name: Name):  # noqa: ANN202
    try:
        from ..equations import unfold_lemma
    except ImportError:
        return None
    return unfold_lemma(tc.te.env, name)


def _arity(ty: Expr) -> int:
    n = 0
    while ty.kind == PI:
        n, ty = n + 1, ty.body  # type: ignore[attr-defined]
    return n


def mark_occurrences(e: Expr, name: Name, arity: int) -> tuple[Expr, list[tuple[list[FVar], Expr]]]:
    """`e` with each outermost application `name a₁ … aₙ` (at least `arity` arguments, none bound
    inside `e`) replaced by a placeholder variable; the placeholders of each distinct application,
    in order of appearance. Positions, not instances: unfolding one occurrence never touches the
    copies of another that the unfolding brings in (Lean's `unfold` rewrites each once)."""
    from lantern.kernel.instantiate import _rebuild

    from ..meta.context import LocalContext

    scratch = LocalContext()
    groups: list[tuple[list[FVar], Expr]] = []

    def go(x: Expr, off: int) -> Expr:
        nonlocal scratch
        head, args = get_app_args(x)
        if head.kind == CONST and head.name is name and len(args) >= arity:  # type: ignore[attr-defined]
            app = mk_app(head, args[:arity])
            if app.lbr == 0:
                scratch, p = scratch.add(Name.of("x"), app)
                for fvars, known in groups:
                    if known == app:
                        fvars.append(p)
                        break
                else:
                    groups.append(([p], app))
                return mk_app(p, [go(a, off) for a in args[arity:]])
        return _rebuild(x, go, off)

    marked = go(e, 0)
    del go
    return marked, groups


def reduce_matcher(tc: TacticContext, e: Expr) -> Expr:
    """`I.casesOn … (C as) minors…` ↦ the minor premise of `C` applied to `as` (iota reduction of
    a `match` whose discriminant is a constructor, numerals included)."""
    from .ctor_eq import ctor_view

    te = tc.te
    head, args = get_app_args(e)
    if head.kind != CONST or str(head.name.last) != "casesOn":  # type: ignore[attr-defined]
        return e
    ind = te.env.kernel.find(head.name.prefix)  # type: ignore[attr-defined]
    if not isinstance(ind, InductiveInfo):
        return e
    major_pos = ind.num_params + 1 + ind.num_indices
    first_minor = major_pos + 1
    if len(args) < first_minor + len(ind.ctors):
        return e
    view = ctor_view(te, args[major_pos])
    if view is None or view.ctor.induct is not ind.name:
        return e
    minor = args[first_minor + view.ctor.cidx]
    rest = args[first_minor + len(ind.ctors) :]
    return reduce_matcher(tc, beta(minor, [*view.fields, *rest]))


def reduce_matchers(tc: TacticContext, e: Expr) -> Expr:
    """`reduce_matcher` at every closed subterm, outermost first."""
    from lantern.kernel.instantiate import _rebuild

    def go(x: Expr, off: int) -> Expr:
        if x.lbr == 0:
            y = reduce_matcher(tc, x)
            if y is not x:
                return go(y, off)
        return _rebuild(x, go, off)

    return go(tc.te.instantiate(e), 0)


def unfold_with_lemma(tc: TacticContext, e: Expr, name: Name, lemma) -> tuple[Expr, Expr | None]:  # noqa: ANN001
    """`e` with the outermost applications of `name` unfolded by `lemma`, and a proof of `e = e'`
    (None when there is none): one `congrArg` step per distinct application, chained by
    `Eq.trans`."""
    from lantern.kernel.instantiate import abstract

    te = tc.te
    marked, groups = mark_occurrences(e, name, _arity(lemma.type))
    if not groups:
        return e, None
    steps = []
    for fvars, app in groups:
        head, args = get_app_args(app)
        eq_proof = mk_app(Const(lemma.name, head.levels), args)  # type: ignore[attr-defined]
        _, (alpha, _, rhs) = get_app_args(te.instantiate(te.infer(eq_proof)))
        steps.append((fvars, app, alpha, reduce_matcher(tc, _head_beta(rhs)), eq_proof))

    def fill(upto: int, hole: int | None) -> Expr:
        """The marked term with groups before `upto` unfolded, the others folded, and group
        `hole` left as its placeholders."""
        sub: dict[object, Expr] = {}
        for k, (fvars, app, _, rhs, _) in enumerate(steps):
            if k == hole:
                continue
            for f in fvars:
                sub[f.fid] = rhs if k < upto else app
        return replace_fvars(marked, sub)

    proof: Expr | None = None
    for k, (fvars, app, alpha, rhs, eq_proof) in enumerate(steps):
        before, after = fill(k, None), fill(k + 1, None)
        body = abstract(replace_fvars(fill(k, k), {f.fid: fvars[0] for f in fvars}), [fvars[0]])
        step = _congr_eq(tc, alpha, app, rhs, Lam(Name.of("x"), alpha, body), eq_proof, before, after)
        proof = step if proof is None else mk_app(
            Const(Name.of("Eq.trans"), (mk_succ(mk_zero()),)), [_prop(), e, before, after, proof, step]
        )
    return te.instantiate(fill(len(steps), None)), proof


def _head_beta(e: Expr) -> Expr:
    head, args = get_app_args(e)
    return beta(head, args) if head.kind == LAM and args else e


def _prop() -> Expr:
    from lantern.kernel.expr import Sort

    return Sort(mk_zero())


def _congr_eq(tc: TacticContext, alpha: Expr, lhs: Expr, rhs: Expr, motive: Expr, eq_proof: Expr, before: Expr, after: Expr) -> Expr:
    """`congrArg motive eq_proof : before = after` (stated at `Prop`)."""
    te = tc.te
    level = te.sort_level_of(alpha)
    return mk_app(Const(Name.of("congrArg"), (level, mk_succ(mk_zero()))), [alpha, _prop(), lhs, rhs, motive, eq_proof])


def delta_unfold(tc: TacticContext, e: Expr, name: Name) -> Expr:
    """Every occurrence of the constant replaced by its value, beta-reduced (Lean's `deltaExpand`)."""
    info = tc.te.env.kernel.find(name)
    if not isinstance(info, DefinitionInfo):
        return e
    params = info.level_params

    def go(x: Expr) -> Expr:
        head, args = get_app_args(x)
        if head.kind == CONST and head.name is name:  # type: ignore[attr-defined]
            value = instantiate_level_params(info.value, params, head.levels)  # type: ignore[attr-defined]
            return beta(value, [go(a) for a in args])
        if not args:
            return _map_children(x, go)
        return mk_app(go(head), [go(a) for a in args])

    return go(e)


def _map_children(x: Expr, f) -> Expr:  # noqa: ANN001
    from lantern.kernel.instantiate import _rebuild

    return _rebuild(x, lambda c, off: f(c), 0)


def unfold_expr(tc: TacticContext, e: Expr, name: Name) -> tuple[Expr, Expr | None]:
    lemma = _unfold_lemma(tc, name)
    if lemma is not None:
        new, proof = unfold_with_lemma(tc, e, name, lemma)
        if proof is not None:
            return new, proof
    return delta_unfold(tc, e, name), None


def zeta_delta(e: Expr, fvar: FVar, value: Expr) -> Expr:
    return replace_fvars(e, {fvar.fid: value})


@tactic("unfold")
def eval_unfold(tc: TacticContext, stx: T.Tactic) -> None:
    from .rewrite import locations, replace_hyp

    te = tc.te
    goal = tc.main_goal(stx.span)
    for ident in stx.args["names"]:  # type: ignore[union-attr]
        local = tc.decl(goal).lctx.find_user(Name.of(ident.name))
        if local is not None and local.value is None:
            raise TacticError(ident.span, f"tactic 'unfold' failed, local variable '{ident.name}' has no definition")
        const = None if local is not None else resolve_constant(tc, ident)
        for loc in locations(tc, goal, stx.args["at"], stx.span):  # type: ignore[arg-type]
            d = tc.decl(goal)
            with tc.in_goal(goal):
                decl = d.lctx.find_user(loc) if loc is not None else None
                old = te.instantiate(d.type if decl is None else decl.type)
                if local is not None:
                    new, proof = zeta_delta(old, local.fvar, te.instantiate(local.value)), None  # type: ignore[arg-type]
                else:
                    new, proof = unfold_expr(tc, old, const)  # type: ignore[arg-type]
                if new == old:
                    what = ident.name if local is not None else str(const)
                    raise TacticError(ident.span, f"tactic 'unfold' failed to unfold '{what}' at\n  {te.pp(old)}")
                if decl is None:
                    g = tc.new_goal(d.lctx, new, d.user_name)
                    tc.assign(goal, g if proof is None else mk_app(Const(Name.of("Eq.mpr"), (mk_zero(),)), [old, new, proof, g]))
                elif proof is None:
                    from .hyps import change_hyp

                    g = change_hyp(tc, goal, decl.fvar, new)
                else:
                    value = mk_app(Const(Name.of("Eq.mp"), (mk_zero(),)), [old, new, proof, decl.fvar])
                    g = replace_hyp(tc, goal, decl.fvar, new, value)
            goal = g
    tc.replace_main_goal([goal])

