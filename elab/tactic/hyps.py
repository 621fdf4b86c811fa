"""Restating the goal or a hypothesis: `specialize h a b`, `change T` / `change T at h`, and
`generalize h : e = x`.

`specialize` replaces `h` by `h a b` (same name). `change` replaces a type by a definitionally equal
one, which the kernel re-checks when it meets the proof (no proof term is needed: the goal is
assigned the new goal itself). `generalize` replaces `e` by a new variable `x` everywhere in the
target, with `h : e = x` when asked (Lean's `MVarId.generalize`, shared with `induction`).
"""

from __future__ import annotations

from lantern.kernel.expr import FVAR, Expr, FVar, MVar, get_app_fn
from lantern.kernel.local_ctx import LocalDecl
from lantern.kernel.name import Name

from ..meta.context import NATURAL, SYNTHETIC_OPAQUE
from ..syntax import tree as T
from .core import TacticContext, TacticError
from .names import with_lctx
from .registry import tactic
from .rewrite import locations, replace_hyp
from .terms import as_goals, new_holes


@tactic("specialize")
def eval_specialize(tc: TacticContext, stx: T.Tactic) -> None:
    te = tc.te
    goal = tc.main_goal(stx.span)
    term: T.Term = stx.args["term"]  # type: ignore[assignment]
    with tc.in_goal(goal):
        mark = te.mctx.mark()
        e = te.elab(term, None)
        te.synthesize_pending()
        e = te.instantiate(e)
        head = get_app_fn(e)
        if head.kind != FVAR or e is head:
            raise TacticError(stx.span, "'specialize' requires a term of the form `h x_1 .. x_n` where `h` appears in the local context")
        holes = as_goals(tc, new_holes(tc, e, mark, (SYNTHETIC_OPAQUE, NATURAL)))
        new = replace_hyp(tc, goal, head, te.instantiate(te.infer(e)), e)  # type: ignore[arg-type]
    tc.replace_main_goal([new, *holes])


# -- change ---------------------------------------------------------------------------------------------


def elab_change(tc: TacticContext, current: Expr, stx: T.Term, span: T.Span) -> tuple[Expr, list[MVar]]:
    """`stx` elaborated as a type definitionally equal to `current` (its holes unified with
    `current`'s parts); the holes left are new goals."""
    te = tc.te
    mark = te.mctx.mark()
    ty = te.elab_checked(stx, te.infer(current))
    te.synthesize_pending(use_defaults=True, report=False)
    if not te.is_def_eq(ty, current):
        raise TacticError(
            span,
            f"'change' tactic failed, pattern\n  {te.pp(ty)}\nis not definitionally equal to target\n  {te.pp(current)}",
        )
    te.synthesize_pending()
    ty = te.instantiate(ty)
    return ty, as_goals(tc, new_holes(tc, ty, mark, (SYNTHETIC_OPAQUE, NATURAL)))


def change_target(tc: TacticContext, goal: MVar, new_target: Expr) -> MVar:
    d = tc.decl(goal)
    new = tc.new_goal(d.lctx, new_target, d.user_name)
    tc.assign(goal, new)
    return new


def change_hyp(tc: TacticContext, goal: MVar, fvar: FVar, new_type: Expr) -> MVar:
    d = tc.decl(goal)
    decl = d.lctx.get(fvar)
    assert decl is not None
    return with_lctx(tc, goal, d.lctx.replace(LocalDecl(decl.fvar, decl.name, new_type, decl.value, decl.binfo)))


@tactic("change")
def eval_change(tc: TacticContext, stx: T.Tactic) -> None:
    te = tc.te
    goal = tc.main_goal(stx.span)
    term: T.Term = stx.args["term"]  # type: ignore[assignment]
    side: list[MVar] = []
    for loc in locations(tc, goal, stx.args["at"], stx.span):  # type: ignore[arg-type]
        with tc.in_goal(goal) as d:
            if loc is None:
                ty, holes = elab_change(tc, te.instantiate(d.type), term, stx.span)
                goal = change_target(tc, goal, ty)
            else:
                decl = d.lctx.find_user(loc)
                assert decl is not None
                ty, holes = elab_change(tc, te.instantiate(decl.type), term, stx.span)
                goal = change_hyp(tc, goal, decl.fvar, ty)
        side += holes
    tc.replace_main_goal([goal, *side])


# -- generalize -------------------------------------------------------------------------------------------


@tactic("generalize")
def eval_generalize(tc: TacticContext, stx: T.Tactic) -> None:
    """`generalize h : e = x` / `generalize e = x`. Expected roles (the parser does not produce this
    tactic yet): `name` (str or None, the equation's name), `term` (`e`), `var` (an `Ident`, `x`)."""
    from .generalize import generalize_term

    goal = tc.main_goal(stx.span)
    te = tc.te
    with tc.in_goal(goal):
        e = te.elab(stx.args["term"], None)  # type: ignore[arg-type]
        te.synthesize_pending()
        e = te.instantiate(e)
    var = stx.args["var"]
    var_name = var.name if isinstance(var, T.Ident) else "x"
    goal, x = generalize_term(tc, goal, e, stx.args.get("name"), stx.span)  # type: ignore[arg-type]
    d = tc.decl(goal)
    decl = d.lctx.get(x)
    assert decl is not None
    goal = with_lctx(tc, goal, d.lctx.replace(LocalDecl(decl.fvar, Name.of(var_name), decl.type, decl.value, decl.binfo)))
    tc.replace_main_goal([goal])
