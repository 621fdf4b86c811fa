"""`cases` on a value of an indexed family, whatever its indices are (Lean's `generalizeTargetsEq` in
the `cases` tactic, `generalizeIndices` in `MVarId.cases`).

`I.casesOn` abstracts the motive over the indices and the value, so it only applies directly when
they are distinct variables. Lean does not apply it directly to an indexed family at all: it first
replaces the indices and the value by new variables, remembering what they were,

    v : Vec α (n + 1) ⊢ T    becomes    ⊢ ∀ (i : Nat) (x : Vec α i), n + 1 = i → HEq v x → T

(proved from the new goal applied to `n + 1`, `v`, `rfl`, `HEq.rfl`), then splits `x`. In each case the
new variables are the constructor's index and value, and the equations say what they must equal:
`n + 1 = n✝ + 1 → HEq v (Vec.cons a w) → T`. Solving them (`unify_eqs.py`) substitutes `v` and
`n✝`, or closes the case when the constructors differ (`Vec.nil` has index `0`), so impossible cases
disappear and the variables the user wrote stay. An equation is `HEq` where the two sides' types
differ, as the value's always does.

Without indices the split is direct (`induction.eliminate`): the hypotheses that depend on the value
are reverted and come back after the fields, which is what the equations would give.
"""

from __future__ import annotations

from lantern.kernel.declaration import InductiveInfo
from lantern.kernel.expr import PI, Const, Expr, FVar, MVar, get_app_args, mk_app
from lantern.kernel.instantiate import instantiate1
from lantern.kernel.local_ctx import LocalDecl
from lantern.kernel.name import Name
from lantern.kernel.record import field, record

from ..meta.instantiate import mk_forall_fvars
from ..syntax import tree as T
from .basic import intro_one
from .core import TacticContext
from .names import binder_base, inaccessible
from .subst import FVarMap
from .unify_eqs import unify_eqs


@record
class CaseGoal:
    """One constructor's case, before its fields are introduced: `arity` fields, then either the
    reverted hypotheses to introduce again (direct split) or `num_eqs` equations to solve."""

    tag: str
    goal: MVar
    arity: int
    reverted: list[LocalDecl] = field(default_factory=list)
    num_eqs: int = 0
    ctor: Name | None = None


def indexed_family(tc: TacticContext, goal: MVar, major: FVar) -> InductiveInfo | None:
    """The inductive family of `major`'s type when it has indices, else None."""
    from .induction import major_inductive

    ind = major_inductive(tc, goal, major)[1]
    return ind if ind is not None and ind.num_indices > 0 else None


def can_generalize(tc: TacticContext) -> bool:
    """The equations need `HEq` and `eq_of_heq` (early in the prelude they do not exist yet)."""
    kernel = tc.te.env.kernel
    return all(Name.of(n) in kernel for n in ("Eq", "HEq", "HEq.refl", "eq_of_heq"))


def cases_goals(tc: TacticContext, goal: MVar, major: FVar, stx: T.Tactic) -> list[CaseGoal]:
    """Split `goal` on `major` with `casesOn` (or the eliminator `using` names): one case per
    constructor, in order. An indexed family is generalized first (see the module docstring)."""
    from .induction import eliminate

    ind = indexed_family(tc, goal, major)
    if ind is not None and stx.args.get("using") is None and can_generalize(tc):
        goal, major, num_eqs = generalize_targets(tc, goal, major, stx.span)
        ctors = ind.ctors
        out = []
        for k, (tag, m, arity, _) in enumerate(eliminate(tc, goal, major, False, stx)):
            out.append(CaseGoal(tag, m, arity, [], num_eqs, ctors[k] if k < len(ctors) else None))
        return out
    return [CaseGoal(tag, m, arity, reverted) for tag, m, arity, reverted in eliminate(tc, goal, major, False, stx)]


def finish_case(tc: TacticContext, case: CaseGoal, goal: MVar, span: T.Span, case_name: Name | None = None) -> tuple[MVar, FVarMap] | None:
    """After the fields: introduce the reverted hypotheses again, or solve the equations. None when
    the case is impossible (its goal is closed). The map says where the old variables went."""
    if case.num_eqs:
        return unify_eqs(tc, goal, case.num_eqs, span, case_name)
    fmap: FVarMap = {}
    for decl in case.reverted:
        goal, new = intro_one(tc, goal, decl.name, span, whnf=False)
        fmap[decl.fvar.fid] = new
    return goal, fmap


def generalize_targets(tc: TacticContext, goal: MVar, major: FVar, span: T.Span) -> tuple[MVar, FVar, int]:
    """`Γ ⊢ T` becomes `Γ, i… : J, x : I ps i… ⊢ jᵢ = iᵢ → … → HEq v x → T` (see the module docstring).
    Returns the new goal, `x`, and the number of equations."""
    te = tc.te
    d = tc.decl(goal)
    with tc.in_goal(goal):
        major_type = te.whnf(te.instantiate(te.infer(major)))
        head, args = get_app_args(major_type)
        ind = te.env.kernel.get(head.name)  # type: ignore[attr-defined]
        assert isinstance(ind, InductiveInfo)
        family = mk_app(head, list(args[: ind.num_params]))
        old_targets = [*args[ind.num_params :], major]
        family_type = te.instantiate(te.infer(family))
    lctx = d.lctx
    new_targets: list[FVar] = []
    for _ in range(ind.num_indices):
        if family_type.kind != PI:
            with tc.in_goal(goal):
                family_type = te.whnf(family_type)
        lctx, i = lctx.add(inaccessible(binder_base(family_type.name)), family_type.type)  # type: ignore[attr-defined]
        new_targets.append(i)
        family_type = instantiate1(family_type.body, i)  # type: ignore[attr-defined]
    lctx, x = lctx.add(inaccessible("x"), mk_app(family, new_targets))
    new_targets.append(x)
    eq_fvars: list[FVar] = []
    refls: list[Expr] = []
    saved = te.lctx
    te.lctx = lctx
    try:
        for old, new in zip(old_targets, new_targets):
            eq_type, refl = _eq_and_refl(tc, old, new)
            lctx, h = lctx.add(Name.of("h"), eq_type)
            te.lctx = lctx
            eq_fvars.append(h)
            refls.append(refl)
        target = mk_forall_fvars(te.mctx, lctx, [*new_targets, *eq_fvars], te.instantiate(d.type))
    finally:
        te.lctx = saved
    new_goal = tc.new_goal(d.lctx, target, d.user_name)
    tc.assign(goal, mk_app(new_goal, [*old_targets, *refls]))
    g = new_goal
    fvars: list[FVar] = []
    for t in new_targets:
        g, f = intro_one(tc, g, lctx.get(t).name, span, whnf=False)  # type: ignore[union-attr]
        fvars.append(f)
    return g, fvars[-1], len(eq_fvars)


def _eq_and_refl(tc: TacticContext, a: Expr, b: Expr) -> tuple[Expr, Expr]:
    """`a = b` and `rfl` when the types agree, else `HEq a b` and `HEq.refl a` (Lean's `mkEqAndProof`)."""
    te = tc.te
    a_ty = te.instantiate(te.infer(a))
    b_ty = te.instantiate(te.infer(b))
    level = te.sort_level_of(a_ty)
    if te.is_def_eq(a_ty, b_ty):
        return (
            mk_app(Const(Name.of("Eq"), (level,)), [a_ty, a, b]),
            mk_app(Const(Name.of("Eq.refl"), (level,)), [a_ty, a]),
        )
    return (
        mk_app(Const(Name.of("HEq"), (level,)), [a_ty, a, b_ty, b]),
        mk_app(Const(Name.of("HEq.refl"), (level,)), [a_ty, a]),
    )
