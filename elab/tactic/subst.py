"""`subst h` and `subst x` (Lean's `Lean.MVarId.subst`): eliminate a variable that an equation
determines.

With `h : b = x` (`x` a variable not occurring in `b`), every hypothesis that depends on `x` or `h`
is taken out of the context and the goal is proved by `@Eq.rec α b motive new x h` applied to them,
where `motive := fun x h => ∀ deps, target`; the new goal is the motive at `x := b`, `h := rfl`, with
the dependent hypotheses introduced again under their names. With `h : x = b` the major premise is
`h.symm` and `h` is replaced by `hAux.symm` in the motive (equal by proof irrelevance), as Lean does.
The right-hand side is eliminated when both sides are variables.
"""

from __future__ import annotations

from lantern.kernel.expr import FVAR, Const, Expr, FVar, MVar, mk_app
from lantern.kernel.instantiate import instantiate_rev, replace_fvars
from lantern.kernel.name import Name

from ..meta.context import is_aux_decl
from ..meta.instantiate import mk_forall_fvars, mk_lambda_fvars
from ..syntax import tree as T
from .basic import intro_one
from .core import TacticContext, TacticError
from .mk import AppBuilderError, match_eq, mk_eq, mk_eq_refl, mk_eq_symm
from .registry import tactic
from .revert import dependents, mentions_any

FVarMap = dict[object, Expr]


def subst_fail(tc: TacticContext, goal: MVar, span: T.Span, msg: str) -> TacticError:
    return TacticError(span, f"tactic 'subst' failed, {msg}\n{tc.format_goals([goal])}")


def subst_eq(tc: TacticContext, goal: MVar, h: FVar, span: T.Span) -> tuple[MVar, FVarMap]:
    """`subst h` for `h : a = b`: eliminate `b` if it is a variable, else `a`. Returns the new goal
    and where the old variables went (the eliminated one maps to the term replacing it)."""
    te = tc.te
    d = tc.decl(goal)
    decl = d.lctx.get(h)
    assert decl is not None
    with tc.in_goal(goal):
        eq = match_eq(te, te.instantiate(decl.type), whnf=False) or match_eq(te, te.instantiate(decl.type))
        if eq is None:
            raise subst_fail(tc, goal, span, f"argument must be an equality proof\n  {te.pp(decl.type)}")
        _, lhs, rhs = eq
        lhs, rhs = te.instantiate(lhs), te.instantiate(rhs)
        if rhs.kind == FVAR and _substitutable(tc, goal, rhs, lhs):  # type: ignore[arg-type]
            return subst_core(tc, goal, h, rhs, lhs, var_on_rhs=True, span=span)  # type: ignore[arg-type]
        if lhs.kind == FVAR and _substitutable(tc, goal, lhs, rhs):  # type: ignore[arg-type]
            return subst_core(tc, goal, h, lhs, rhs, var_on_rhs=False, span=span)  # type: ignore[arg-type]
        if rhs.kind == FVAR or lhs.kind == FVAR:
            var, other = (rhs, lhs) if rhs.kind == FVAR else (lhs, rhs)
            raise subst_fail(tc, goal, span, f"'{te.pp(var)}' occurs at\n  {te.pp(other)}")
        raise subst_fail(
            tc, goal, span, f"invalid equality proof, it is not of the form (x = t) or (t = x)\n  {te.pp(decl.type)}"
        )


def _substitutable(tc: TacticContext, goal: MVar, x: FVar, value: Expr) -> bool:
    d = tc.decl(goal)
    decl = d.lctx.get(x)
    return decl is not None and decl.value is None and not mentions_any(tc.te.instantiate(value), {x.fid})


def subst_core(
    tc: TacticContext, goal: MVar, h: FVar, x: FVar, value: Expr, var_on_rhs: bool, span: T.Span
) -> tuple[MVar, FVarMap]:
    """Replace the variable `x` by `value` using `h` (`h : value = x` if `var_on_rhs`, else
    `h : x = value`)."""
    te = tc.te
    d = tc.decl(goal)
    target = te.instantiate(d.type)
    deps = [dd for dd in dependents(tc, goal, [x]) if dd.fvar.fid != h.fid]
    # The hypotheses that depend on `h` without depending on `x` move too.
    extra = [dd for dd in dependents(tc, goal, [h]) if all(dd.fvar.fid != e.fvar.fid for e in deps)]
    order = {dd.fvar.fid: i for i, dd in enumerate(d.lctx)}
    moved = sorted(deps + extra, key=lambda dd: order[dd.fvar.fid])
    moved_ids = {dd.fvar.fid for dd in moved} | {x.fid, h.fid}
    value_i = te.instantiate(value)
    if mentions_any(value_i, {dd.fvar.fid for dd in moved}):
        raise subst_fail(tc, goal, span, f"motive is not type correct: '{te.pp(value_i)}' depends on hypotheses that mention '{te.pp(x)}'")
    base_lctx = d.lctx.remove(moved_ids)
    for other in base_lctx:
        if mentions_any(te.instantiate(other.type), {x.fid, h.fid}):  # cannot happen: dependents are moved
            raise subst_fail(tc, goal, span, f"'{other.name}' depends on '{te.pp(x)}'")
    with tc.in_goal(goal):
        try:
            if not moved and not mentions_any(target, {x.fid, h.fid}):
                # Nothing mentions them: clearing them is the whole substitution (Lean's `tryToSkip`).
                new = tc.new_goal(base_lctx, target, d.user_name)
                tc.assign(goal, new)
                return new, {x.fid: value_i}
            body = mk_forall_fvars(te.mctx, d.lctx, [dd.fvar for dd in moved], target)
            if var_on_rhs:
                motive = mk_lambda_fvars(te.mctx, d.lctx, [x, h], body)
                major: Expr = h
            else:
                # `h : x = value`: the motive takes `hAux : value = x` and reads `h` as `hAux.symm`.
                lctx_aux, h_aux = d.lctx.add(Name.of("h"), mk_eq(te, value_i, x))
                saved, te.lctx = te.lctx, lctx_aux
                try:
                    body_aux = replace_fvars(body, {h.fid: mk_eq_symm(te, h_aux)})
                    motive = mk_lambda_fvars(te.mctx, lctx_aux, [x, h_aux], body_aux)
                finally:
                    te.lctx = saved
                major = mk_eq_symm(te, h)
            refl = mk_eq_refl(te, value_i)
            new_target = _beta_head(te.instantiate(instantiate_rev(_lambda_body(motive, 2), [value_i, refl])))
            new = tc.new_goal(base_lctx, new_target, d.user_name)
            alpha = te.instantiate(te.infer(value_i))
            rec = Const(Name.of("Eq.rec"), (_motive_level(tc, motive), te.sort_level_of(alpha)))
            proof = mk_app(rec, [alpha, value_i, motive, new, x, major, *(dd.fvar for dd in moved)])
        except AppBuilderError as ex:
            raise subst_fail(tc, goal, span, str(ex)) from None
    tc.assign(goal, proof)
    # Introduce the moved hypotheses again, under their names.
    mapping: FVarMap = {x.fid: value_i, h.fid: refl}
    g = new
    for dd in moved:
        g, fv = intro_one(tc, g, dd.name, span, whnf=False)
        mapping[dd.fvar.fid] = fv
    return g, mapping


def _lambda_body(e: Expr, n: int) -> Expr:
    for _ in range(n):
        e = e.body  # type: ignore[attr-defined]
    return e


def _beta_head(e: Expr) -> Expr:
    from ..meta.instantiate import beta
    from lantern.kernel.expr import LAM, get_app_args

    head, args = get_app_args(e)
    if head.kind == LAM and args:
        return beta(head, args)
    return e


def _motive_level(tc: TacticContext, motive: Expr):  # noqa: ANN202
    """The universe of the motive's result (`Sort u` of `∀ deps, target`)."""
    te = tc.te
    from lantern.kernel.expr import PI, SORT

    ty = te.whnf(te.infer(motive))
    while ty.kind == PI:
        ty = te.whnf(ty.body)  # type: ignore[attr-defined]
    if ty.kind != SORT:
        raise TacticError(tc.span, "tactic 'subst' failed, motive is not a type family")
    return ty.level  # type: ignore[attr-defined]


def subst_var(tc: TacticContext, goal: MVar, x: FVar, span: T.Span) -> tuple[MVar, FVarMap]:
    """`subst x`: find `h : b = x` or `h : x = b` (with `x` not in `b`) and substitute with it."""
    te = tc.te
    d = tc.decl(goal)
    decl = d.lctx.get(x)
    assert decl is not None
    if decl.value is not None:
        raise subst_fail(tc, goal, span, f"variable '{decl.name}' is a let-declaration")
    with tc.in_goal(goal):
        for hd in d.lctx:
            if is_aux_decl(hd) or hd.fvar.fid == x.fid:
                continue
            eq = match_eq(te, te.instantiate(hd.type), whnf=False)
            if eq is None:
                continue
            _, lhs, rhs = (te.instantiate(a) for a in eq)
            if rhs.kind == FVAR and rhs.fid == x.fid and not mentions_any(lhs, {x.fid}):  # type: ignore[attr-defined]
                return subst_core(tc, goal, hd.fvar, x, lhs, var_on_rhs=True, span=span)
            if lhs.kind == FVAR and lhs.fid == x.fid and not mentions_any(rhs, {x.fid}):  # type: ignore[attr-defined]
                return subst_core(tc, goal, hd.fvar, x, rhs, var_on_rhs=False, span=span)
    raise subst_fail(tc, goal, span, f"did not find equation for eliminating '{decl.name}'")


def subst_fvar(tc: TacticContext, goal: MVar, fvar: FVar, span: T.Span) -> tuple[MVar, FVarMap]:
    """`subst e` for a variable `e`: an equation is substituted, any other variable is eliminated
    through an equation about it."""
    te = tc.te
    decl = tc.decl(goal).lctx.get(fvar)
    assert decl is not None
    with tc.in_goal(goal):
        is_eq = match_eq(te, te.instantiate(decl.type)) is not None
    if is_eq:
        return subst_eq(tc, goal, fvar, span)
    return subst_var(tc, goal, fvar, span)


@tactic("subst")
def eval_subst(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    for term in stx.args["terms"]:  # type: ignore[union-attr]
        with tc.in_goal(goal):
            e = tc.te.instantiate(tc.te.elab(term, None))
        if e.kind != FVAR:
            raise subst_fail(tc, goal, term.span, f"variable expected\n  {tc.te.pp(e)}")
        goal, _ = subst_fvar(tc, goal, e, term.span)  # type: ignore[arg-type]
    tc.replace_main_goal([goal])

