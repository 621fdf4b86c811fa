"""Tactics that close a goal outright: `rfl`, `decide`, `trivial`, `contradiction`."""

from __future__ import annotations

from lantern.kernel.expr import CONST, Const, Expr, MVar, get_app_args, mk_app
from lantern.kernel.level import mk_succ, mk_zero
from lantern.kernel.name import Name

from ..syntax import tree as T
from .core import TacticContext, TacticError
from .registry import tactic
from .run import attempt

EQ, IFF, HEQ = Name.of("Eq"), Name.of("Iff"), Name.of("HEq")
LEVEL_ONE = mk_succ(mk_zero())  # `Bool : Type`


def relation_of(tc: TacticContext, goal: MVar) -> tuple[Expr, list[Expr]]:
    te = tc.te
    target = te.instantiate(tc.decl(goal).type)
    head, args = get_app_args(target)
    if head.kind != CONST:
        with tc.in_goal(goal):
            head, args = get_app_args(te.whnf(target))
    return head, list(args)


def try_rfl(tc: TacticContext, goal: MVar, span: T.Span) -> None:
    """Close `a = a`, `a ↔ a`, `HEq a a`, or `R a a` for a relation with a `@[refl]` lemma."""
    te = tc.te
    head, args = relation_of(tc, goal)
    with tc.in_goal(goal):
        if head.kind == CONST and head.name is EQ and len(args) == 3:  # type: ignore[attr-defined]
            if not te.is_def_eq(args[1], args[2]):
                raise TacticError(
                    span,
                    f"The rfl tactic failed. The left-hand side\n  {te.pp(args[1])}\nis not definitionally equal to "
                    f"the right-hand side\n  {te.pp(args[2])}\n{tc.format_goals([goal])}",
                )
            proof = mk_app(Const(Name.of("Eq.refl"), head.levels), [args[0], args[1]])  # type: ignore[attr-defined]
        elif head.kind == CONST and head.name is IFF and len(args) == 2:  # type: ignore[attr-defined]
            if not te.is_def_eq(args[0], args[1]):
                raise TacticError(span, f"The rfl tactic failed: the two sides of ↔ differ\n{tc.format_goals([goal])}")
            proof = mk_app(Const(Name.of("Iff.refl")), [args[0]])
        elif head.kind == CONST and head.name is HEQ and len(args) == 4:  # type: ignore[attr-defined]
            if not (te.is_def_eq(args[0], args[2]) and te.is_def_eq(args[1], args[3])):
                raise TacticError(span, f"The rfl tactic failed: the two sides of HEq differ\n{tc.format_goals([goal])}")
            proof = mk_app(Const(Name.of("HEq.refl"), head.levels), [args[0], args[1]])  # type: ignore[attr-defined]
        else:
            proof = refl_lemma_proof(tc, goal, head, span)
    tc.close_with(goal, proof, span, "rfl")


def refl_lemma_proof(tc: TacticContext, goal: MVar, head: Expr, span: T.Span) -> Expr:
    """`@[refl]` lemmas `∀ a, R a a`: the first whose conclusion unifies with the target."""
    from .basic import apply_term

    te = tc.te
    for lemma in sorted(te.env.attributes.get("refl", frozenset()), key=str):
        saved = tc.save()
        try:
            goals = apply_term(tc, goal, te.mk_const(lemma), span, "rfl")
        except TacticError:
            tc.restore(saved)
            continue
        if not goals:
            value = te.instantiate(goal)
            tc.restore(saved)
            return value
        tc.restore(saved)
    raise TacticError(
        span,
        "The rfl tactic failed. Possible reasons:\n- The goal is not a reflexive relation (neither `=` nor a "
        "relation with a @[refl] lemma).\n- The arguments of the relation are not equal.\nTry using the "
        f"reflexivity lemma for your relation explicitly, e.g. `exact Eq.refl _` or\n`exact HEq.rfl` etc.\n{tc.format_goals([goal])}",
    )


@tactic("rfl", "eq_refl", "ac_rfl")
def eval_rfl(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    try_rfl(tc, goal, stx.span)
    tc.replace_main_goal([])


# -- decide -------------------------------------------------------------------------------------------------


@tactic("decide")
def eval_decide(tc: TacticContext, stx: T.Tactic) -> None:
    """Evaluate the proposition's `Decidable` instance in the kernel: `isTrue` gives the proof
    `of_decide_eq_true (Eq.refl true)`, which the kernel re-checks by the same evaluation."""
    from ..meta.instantiate import collect_mvars

    te = tc.te
    goal = tc.main_goal(stx.span)
    d = tc.decl(goal)
    p = te.instantiate(d.type)
    if collect_mvars(p):
        raise TacticError(stx.span, f"expected type must not contain metavariables\n  {te.pp(p)}")
    with tc.in_goal(goal):
        dec_type = mk_app(Const(Name.of("Decidable")), [p])
        inst = te.synth_instance(dec_type)
        if inst is None:
            raise TacticError(stx.span, f"failed to synthesize\n  {te.pp(dec_type)}")
        inst = te.instantiate(inst)
        value = te.whnf(inst)
        head, _ = get_app_args(value)
        name = str(head.name) if head.kind == CONST else ""  # type: ignore[attr-defined]
        if name == "Decidable.isTrue":
            bool_true = Const(Name.of("Bool.true"))
            refl = mk_app(Const(Name.of("Eq.refl"), (LEVEL_ONE,)), [Const(Name.of("Bool")), bool_true])
            proof = mk_app(Const(Name.of("of_decide_eq_true")), [p, inst, refl])
        elif name == "Decidable.isFalse":
            raise TacticError(stx.span, f"tactic 'decide' proved that the proposition\n  {te.pp(p)}\nis false")
        else:
            raise TacticError(
                stx.span,
                f"tactic 'decide' failed for proposition\n  {te.pp(p)}\nsince its 'Decidable' instance reduced to\n  "
                f"{te.pp(value)}\nrather than to the 'isTrue' constructor.",
            )
    tc.assign(goal, proof)
    tc.replace_main_goal([])


# -- trivial, contradiction -----------------------------------------------------------------------------------


@tactic("trivial")
def eval_trivial(tc: TacticContext, stx: T.Tactic) -> None:
    """Lean's `trivial`: `rfl`, `True.intro`, `assumption`, `decide`, and `And.intro` of trivial parts."""
    span = stx.span
    tries = [
        T.Tactic(span, "rfl", {}),
        T.Tactic(span, "exact", {"term": T.Ident(span, "True.intro")}),
        T.Tactic(span, "assumption", {}),
        T.Tactic(span, "decide", {}),
    ]
    for t in tries:
        if attempt(tc, t) is None:
            return
    saved = tc.save()
    goal = tc.main_goal(span)
    head, args = relation_of(tc, goal)
    if head.kind == CONST and str(head.name) == "And":  # type: ignore[attr-defined]
        if attempt(tc, T.Tactic(span, "constructor", {})) is None:
            try:
                eval_trivial(tc, stx)
                eval_trivial(tc, stx)
                return
            except TacticError:
                tc.restore(saved)
    raise TacticError(span, "trivial failed to close the goal\n" + tc.format_goals([goal]))
