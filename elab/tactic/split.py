"""Case splits on a proposition: `by_cases h : p`, and `split` on an `if … then … else` (or a `match`)
in the goal.

`by_cases h : p` proves the goal by `dite p (fun h => ?pos) (fun h => ?neg)` with the `Decidable p`
instance found by resolution (Lean falls back to classical logic, which the prelude does not have; a
proposition without an instance is an error). `split` finds the first `ite c t e` / `dite c t e` in the
target (or hypothesis), splits on `c` with the instance the term already carries, and rewrites the
term to its branch in each case: `ite c t e = t` given `c` is proved by `Decidable.casesOn` on that
instance (the `isFalse` case is absurd, the `isTrue` case is `rfl`), so no lemma is needed. A
`match` is compiled to `casesOn`: `split` on it is `cases` on the matched variable.
"""

from __future__ import annotations

from lantern.kernel.expr import CONST, Const, Expr, FVar, Lam, MVar, get_app_args, mk_app, subterms
from lantern.kernel.name import Name

from ..meta.instantiate import mk_lambda_fvars
from ..syntax import tree as T
from .core import TacticContext, TacticError
from ..meta.kabstract import kabstract
from .names import inaccessible
from .registry import tactic

ITE, DITE = Name.of("ite"), Name.of("dite")


def decidable_instance(tc: TacticContext, p: Expr, span: T.Span) -> Expr:
    te = tc.te
    dec = mk_app(Const(Name.of("Decidable")), [p])
    inst = te.synth_instance(dec)
    if inst is None:
        classical = Name.of("Classical.propDecidable")
        if classical in te.env.kernel:
            return mk_app(Const(classical), [p])
        raise TacticError(span, f"failed to synthesize\n  {te.pp(dec)}")
    return te.instantiate(inst)


def split_on(
    tc: TacticContext, goal: MVar, p: Expr, inst: Expr, name: Name, span: T.Span, tags: tuple[str, str] = ("pos", "neg")
) -> tuple[MVar, FVar, MVar, FVar]:
    """`dite p (fun h => ?pos) (fun h => ?neg)`: the two goals (tagged `pos`, `neg`) and their `h`."""
    te = tc.te
    d = tc.decl(goal)
    target = te.instantiate(d.type)
    with tc.in_goal(goal):
        level = te.sort_level_of(target)
    not_p = mk_app(Const(Name.of("Not")), [p])
    branches = []
    for tag, hyp_type in zip(tags, (p, not_p)):
        lctx, h = d.lctx.add(name, hyp_type)
        full_tag = Name.of(f"{d.user_name}.{tag}") if d.user_name is not None else Name.of(tag)
        g = tc.new_goal(lctx, target, full_tag)
        branches.append((g, h, mk_lambda_fvars(te.mctx, lctx, [h], g)))
    (pos, hp, pos_fn), (neg, hn, neg_fn) = branches
    tc.assign(goal, mk_app(Const(DITE, (level,)), [target, p, inst, pos_fn, neg_fn]))
    return pos, hp, neg, hn


@tactic("by_cases")
def eval_by_cases(tc: TacticContext, stx: T.Tactic) -> None:
    te = tc.te
    goal = tc.main_goal(stx.span)
    name = stx.args["name"] or "h"
    with tc.in_goal(goal):
        p = te.elab_checked(stx.args["term"], _prop())  # type: ignore[arg-type]
        te.synthesize_pending()
        p = te.instantiate(p)
        inst = decidable_instance(tc, p, stx.span)
    pos, _, neg, _ = split_on(tc, goal, p, inst, Name.of(name), stx.span)  # type: ignore[arg-type]
    tc.replace_main_goal([pos, neg])


def _prop() -> Expr:
    from lantern.kernel.expr import Sort
    from lantern.kernel.level import mk_zero

    return Sort(mk_zero())


# -- split ----------------------------------------------------------------------------------------------


def find_if(e: Expr) -> Expr | None:
    """The first `ite`/`dite` application (with all its arguments) whose condition is closed under
    the binders around it and has no `if` inside."""
    for x in subterms(e):
        head, args = get_app_args(x)
        if head.kind == CONST and head.name in (ITE, DITE) and len(args) >= 5:  # type: ignore[attr-defined]
            cond = args[1]
            if cond.lbr == 0 and x.lbr == 0 and find_if_in_cond(cond) is None:
                return mk_app(head, args[:5])
    return None


def find_if_in_cond(e: Expr) -> Expr | None:
    for x in subterms(e):
        head, args = get_app_args(x)
        if head.kind == CONST and head.name in (ITE, DITE) and len(args) >= 5:  # type: ignore[attr-defined]
            return x
    return None


def branch_equation(tc: TacticContext, ite: Expr, positive: bool, h: Expr) -> tuple[Expr, Expr]:
    """For `ite c t e` (or `dite c t e`) and `h : c` (or `¬c`): the branch and a proof that the
    `if` equals it, by `Decidable.casesOn` on the instance."""
    te = tc.te
    head, args = get_app_args(ite)
    alpha, c, inst, t, e = args[:5]
    level = head.levels[0]  # type: ignore[attr-defined]
    dependent = head.name is DITE  # type: ignore[attr-defined]
    if dependent:
        from ..meta.instantiate import beta

        branch = beta(t if positive else e, [h])
    else:
        branch = t if positive else e
    eq_level = level

    def eq(lhs: Expr, rhs: Expr) -> Expr:
        return mk_app(Const(Name.of("Eq"), (eq_level,)), [alpha, lhs, rhs])

    # motive := fun i => @ite α c i t e = branch
    dec_c = mk_app(Const(Name.of("Decidable")), [c])
    with te.with_local("i", dec_c) as i:
        motive = mk_lambda_fvars(te.mctx, te.lctx, [i], eq(mk_app(head, [alpha, c, i, t, e]), branch))
    refl = mk_app(Const(Name.of("Eq.refl"), (eq_level,)), [alpha, branch])
    not_c = mk_app(Const(Name.of("Not")), [c])

    def at_ctor(ctor: str) -> Expr:
        """The motive at `Decidable.ctor c #0` (under the minor premise's binder)."""
        return eq(mk_app(head, [alpha, c, mk_app(Const(Name.of(f"Decidable.{ctor}")), [c, _bvar0()]), t, e]), branch)

    if positive:
        # isFalse hn ↦ absurd h hn; isTrue _ ↦ rfl
        on_false = Lam(Name.of("hn"), not_c, _absurd(at_ctor("isFalse"), c, h, _bvar0()))
        on_true = Lam(Name.of("hc"), c, refl)
    else:
        on_false = Lam(Name.of("hn"), not_c, refl)
        on_true = Lam(Name.of("hc"), c, _absurd(at_ctor("isTrue"), c, _bvar0(), h))
    proof = mk_app(Const(Name.of("Decidable.casesOn"), (mk_zero_level(),)), [c, motive, inst, on_false, on_true])
    return branch, proof


def mk_zero_level():  # noqa: ANN201
    from lantern.kernel.level import mk_zero

    return mk_zero()


def _bvar0() -> Expr:
    from lantern.kernel.expr import BVar

    return BVar(0)


def _absurd(goal_eq: Expr, c: Expr, hc: Expr, hn: Expr) -> Expr:
    """`@absurd c goal_eq hc hn` (the equation is a `Prop`)."""
    from lantern.kernel.level import mk_zero

    return mk_app(Const(Name.of("absurd"), (mk_zero(),)), [c, goal_eq, hc, hn])


def rewrite_to_branch(tc: TacticContext, goal: MVar, ite: Expr, positive: bool, h: FVar, at: FVar | None) -> MVar:
    """Replace `ite` by its branch in the target (or in hypothesis `at`)."""
    from lantern.kernel.level import mk_succ, mk_zero

    from .rewrite import replace_hyp

    te = tc.te
    d = tc.decl(goal)
    with tc.in_goal(goal):
        branch, eq_proof = branch_equation(tc, ite, positive, h)
        alpha = get_app_args(ite)[1][0]
        where = te.instantiate(d.type) if at is None else te.instantiate(d.lctx.get(at).type)  # type: ignore[union-attr]
        body, count = kabstract(tc.te, where, ite)
        if count == 0:
            return goal
        motive = Lam(Name.of("x"), alpha, body)
        from lantern.kernel.instantiate import instantiate1

        new_e = te.instantiate(instantiate1(body, branch))
        level = te.sort_level_of(alpha)
        congr = mk_app(Const(Name.of("congrArg"), (level, mk_succ(mk_zero()))), [alpha, _prop(), ite, branch, motive, eq_proof])
        if at is None:
            new = tc.new_goal(d.lctx, new_e, d.user_name)
            tc.assign(goal, mk_app(Const(Name.of("Eq.mpr"), (mk_zero(),)), [where, new_e, congr, new]))
            return new
        value = mk_app(Const(Name.of("Eq.mp"), (mk_zero(),)), [where, new_e, congr, at])
        return replace_hyp(tc, goal, at, new_e, value)


@tactic("split")
def eval_split(tc: TacticContext, stx: T.Tactic) -> None:
    te = tc.te
    goal = tc.main_goal(stx.span)
    at = stx.args["at"]
    hyp: FVar | None = None
    d = tc.decl(goal)
    if at:
        if len(at) != 1 or at[0].name in ("*", "⊢"):  # type: ignore[index]
            raise TacticError(stx.span, "'split' at several locations is not supported: name one hypothesis")
        decl = d.lctx.find_user(Name.of(at[0].name))  # type: ignore[index]
        if decl is None:
            raise TacticError(at[0].span, f"unknown hypothesis '{at[0].name}'")  # type: ignore[index]
        hyp = decl.fvar
        where = te.instantiate(decl.type)
    else:
        where = te.instantiate(d.type)
    ite = find_if(where)
    if ite is None:
        from .split_match import split_match

        if hyp is None and split_match(tc, goal, where, stx.span):
            return
        with tc.in_goal(goal):
            raise TacticError(
                stx.span, f"tactic 'split' failed, consider using `set_option trace.split.failure true`\n{tc.format_goals([goal])}"
            )
    c, inst = get_app_args(ite)[1][1], get_app_args(ite)[1][2]
    pos, hp, neg, hn = split_on(tc, goal, c, inst, inaccessible("h"), stx.span, ("isTrue", "isFalse"))
    new_goals = []
    for g, h, positive in ((pos, hp, True), (neg, hn, False)):
        at_fvar = None if hyp is None else hyp
        new_goals.append(rewrite_to_branch(tc, g, ite, positive, h, at_fvar))
    tc.replace_main_goal(new_goals)
