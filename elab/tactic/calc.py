"""`calc` chains, as a term and as a tactic (Lean's `Lean.Elab.Calc`).

Each step `a R b := proof` is elaborated as a type (a relation: an application with at least two
arguments, the last two being the sides) and its proof against it. A step `_ R c` continues the
previous one: its leading `_` is annotated with the type of the previous right-hand side, and its
left-hand side must be definitionally equal to it. Two steps `r a b` and `s b c` are joined by
`Trans.trans : r a b → s b c → t a c`, with the instance `Trans r s t` found by resolution (the
prelude's `Tactics.ltn` has the instances for `=`, `↔` and `Nat`'s `≤`/`<`).

As a tactic, the chain proves the main goal; when its relation ends at `b` but the goal's ends at
`c`, a last step `b R c` becomes a new goal (as Lean's `calc` tactic does). Holes `?_` in the steps
become goals too.

The term elaborator dispatches `T.Calc` to `TermElab.elab_Calc`, which this module installs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.expr import LAM, Expr, MVar, Sort, get_app_args, mk_app
from lantern.kernel.name import Name
from lantern.kernel.record import record

from ..messages import ElabError
from ..meta.context import NATURAL, SYNTHETIC_OPAQUE
from ..meta.instantiate import beta
from ..syntax import tree as T
from .core import TacticContext, TacticError
from .mk import AppBuilderError, mk_app_full
from .registry import tactic
from .terms import as_goals, new_holes

if TYPE_CHECKING:
    from ..term.elaborator import TermElab


@record(frozen=True, slots=True)
class CalcHoleType:
    """Syntax standing for an already elaborated type: the type of the previous right-hand side,
    annotating the leading `_` of a step (Lean's `annotateFirstHoleWithType`)."""

    span: T.Span
    type: Expr


def _elab_calc_hole_type(te: "TermElab", stx: CalcHoleType, expected: Expr | None) -> Expr:
    return stx.type


def annotate_first_hole(stx: T.Term, ty: Expr) -> T.Term:
    """`_ R c` becomes `(_ : ty) R c`; only a hole at the very start of the step is annotated."""
    if isinstance(stx, T.Hole) and not stx.synthetic:
        return T.Typed(stx.span, stx, CalcHoleType(stx.span, ty))  # type: ignore[arg-type]
    if isinstance(stx, T.OpApp) and stx.args and stx.args[0].span.start == stx.span.start:
        first = annotate_first_hole(stx.args[0], ty)
        if first is not stx.args[0]:
            return T.OpApp(stx.span, stx.symbol, stx.fn, stx.params, (first, *stx.args[1:]))
    if isinstance(stx, T.Paren):
        return stx
    return stx


def calc_relation(te: "TermElab", ty: Expr) -> tuple[Expr, Expr, Expr] | None:
    """`(r, a, b)` for `ty = r a b` (Lean's `getCalcRelation?`: no unfolding)."""
    head, args = get_app_args(te.instantiate(ty))
    if len(args) < 2:
        return None
    return mk_app(head, args[:-2]), args[-2], args[-1]


def head_beta(e: Expr) -> Expr:
    head, args = get_app_args(e)
    return beta(head, args) if head.kind == LAM and args else e


def mk_calc_trans(te: "TermElab", result: Expr, result_ty: Expr, step: Expr, step_ty: Expr, span: T.Span) -> tuple[Expr, Expr]:
    """Join `result : r a b` and `step : s b c` into `t a c` through `Trans r s t`."""
    rel1, rel2 = calc_relation(te, result_ty), calc_relation(te, step_ty)
    assert rel1 is not None and rel2 is not None
    r, a, b = rel1
    s, _, c = rel2
    alpha, gamma = te.instantiate(te.infer(a)), te.instantiate(te.infer(c))
    beta_ = te.instantiate(te.infer(b))
    t_type = _arrow(alpha, _arrow(gamma, Sort(te.mctx.new_level_mvar())))
    t = te.new_mvar(t_type, NATURAL, Name.of("t"))  # shown as `?t` (the out-parameter to find)
    try:
        self_type = mk_app_full(te, "Trans", [alpha, beta_, gamma, r, s, t])
    except AppBuilderError as ex:
        raise ElabError(span, f"invalid 'calc' step, {ex}") from None
    inst = te.synth_instance(self_type)
    if inst is None:
        raise ElabError(span, f"invalid 'calc' step, failed to synthesize `Trans` instance\n  {te.pp(self_type)}")
    try:
        value = mk_app_full(te, "Trans.trans", [alpha, beta_, gamma, r, s, t, inst, a, b, c, result, step])
    except AppBuilderError as ex:
        raise ElabError(span, f"invalid 'calc' step, {ex}") from None
    value_ty = head_beta(te.instantiate(te.infer(value)))
    if calc_relation(te, value_ty) is None:
        raise ElabError(span, f"invalid 'calc' step, step result is not a relation\n  {te.pp(value_ty)}")
    return value, value_ty


def _arrow(a: Expr, b: Expr) -> Expr:
    from lantern.kernel.expr import Pi

    return Pi(Name.of("x"), a, b)


def elab_calc_steps(te: "TermElab", stx: T.Calc) -> tuple[Expr, Expr]:
    """The chain's proof and its relation."""
    result: tuple[Expr, Expr] | None = None
    prev_rhs: Expr | None = None
    for step in stx.steps:
        rel_stx = step.relation
        if prev_rhs is not None:
            rel_stx = annotate_first_hole(rel_stx, te.instantiate(te.infer(prev_rhs)))
        ty = te.elab_type(rel_stx)
        te.synthesize_pending(use_defaults=False, report=False)
        ty = te.instantiate(ty)
        rel = calc_relation(te, ty)
        if rel is None:
            raise ElabError(step.relation.span, f"invalid 'calc' step, relation expected\n  {te.pp(ty)}")
        _, lhs, rhs = rel
        if prev_rhs is not None and not te.is_def_eq(lhs, prev_rhs):
            raise ElabError(
                step.relation.span,
                f"invalid 'calc' step, left-hand-side is\n  {te.pp(lhs)} : {te.pp(te.infer(lhs))}\n"
                f"previous right-hand-side is\n  {te.pp(prev_rhs)} : {te.pp(te.infer(prev_rhs))}",
            )
        proof = te.elab_checked(step.proof, ty)
        if result is None:
            result = (proof, ty)
        else:
            te.synthesize_pending(use_defaults=True, report=False)
            result = mk_calc_trans(te, result[0], result[1], proof, ty, step.relation.span)
        prev_rhs = rhs
    assert result is not None
    return te.instantiate(result[0]), te.instantiate(result[1])


def elab_calc(te: "TermElab", stx: T.Calc, expected: Expr | None) -> Expr:
    """`calc` as a term."""
    value, _ = elab_calc_steps(te, stx)
    te.synthesize_pending(use_defaults=True, report=False)
    return te.ensure_has_type(expected, value, stx.span)


def _install() -> None:
    from ..term.elaborator import TermElab

    TermElab.elab_Calc = elab_calc  # type: ignore[attr-defined]
    TermElab.elab_CalcHoleType = _elab_calc_hole_type  # type: ignore[attr-defined]


_install()


@tactic("calc")
def eval_calc(tc: TacticContext, stx: T.Tactic) -> None:
    te = tc.te
    goal = tc.main_goal(stx.span)
    calc: T.Calc = stx.args["term"]  # type: ignore[assignment]
    with tc.in_goal(goal) as d:
        target = te.instantiate(d.type)
        mark = te.mctx.mark()
        value, value_ty = elab_calc_steps(te, calc)
        te.synthesize_pending()
        token = te.mctx.checkpoint()
        extra: list[MVar] = []
        if not te.is_def_eq(value_ty, target):
            te.mctx.rollback(token)
            value, value_ty, extra = _close_with_last_step(tc, goal, value, value_ty, target, calc.span)
        holes = as_goals(tc, new_holes(tc, value, mark, (SYNTHETIC_OPAQUE, NATURAL)))
    tc.assign(goal, value)
    tc.replace_main_goal([*[h for h in holes if all(h.mid != e.mid for e in extra)], *extra])


def _close_with_last_step(tc: TacticContext, goal: MVar, value: Expr, value_ty: Expr, target: Expr, span: T.Span) -> tuple[Expr, Expr, list[MVar]]:
    """The chain proves `a R b` but the goal is `a R' c`: add the step `b R' c` as a new goal."""
    from lantern.kernel.record import replace

    te = tc.te
    original = value_ty

    def failed() -> TacticError:
        return TacticError(span, f"invalid 'calc' step, failed to prove\n  {te.pp(target)}\nusing\n  {te.pp(original)}")

    have, want = calc_relation(te, value_ty), calc_relation(te, target)
    if have is None or want is None:
        raise failed()
    last_ty = mk_app(want[0], [have[2], want[2]])
    d = tc.decl(goal)
    tag = Name.of(f"{d.user_name}.calc.step") if d.user_name is not None else Name.of("calc.step")
    last = te.new_mvar(last_ty, SYNTHETIC_OPAQUE)
    te.mctx.decls[last.mid] = replace(te.mctx.decls[last.mid], user_name=tag)
    try:
        value, value_ty = mk_calc_trans(te, value, value_ty, last, last_ty, span)
    except ElabError:
        raise failed() from None
    if not te.is_def_eq(value_ty, target):
        raise failed()
    return value, value_ty, [last]
