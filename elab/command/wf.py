"""Well-founded recursion, the driver: the measure from `termination_by` or found as Lean's `GuessLex`
does, the proof obligations by `decreasing_by` or the default tactic, and Lean's error when no measure
works.

A measure is a `Nat`, or a tuple of them (lexicographic). Each argument of type `Nat` that some call
changes is a candidate; with one, it is the measure (its unproved goals are the error, as in Lean).
With several, each is tried in order, then each ordered pair lexicographically; a candidate is kept
when the default tactic (or `decreasing_by`) proves every obligation. When none is, the error shows
the table of how each argument relates at each call (`<`, `=`, `?`), as Lean's does.
"""

from __future__ import annotations

from lantern.kernel.expr import CONST, Expr, FVar
from lantern.kernel.name import Name

from ..messages import ElabError
from ..syntax import tree as T
from ..tactic.core import TacticContext
from ..term.elaborator import TermElab
from .wf_decreasing import prove_decreasing
from .wf_fix import FixBuilder, Measure, Obligation, WfPlan, close_over_peeled, make_plan

NAT = Name.of("Nat")
SUGGESTIONS = (
    "failed to prove termination, possible solutions:\n"
    "  - Use `have`-expressions to prove the remaining goals\n"
    "  - Use `termination_by` to specify a different well-founded relation\n"
    "  - Use `decreasing_by` to specify your own tactic for discharging this kind of goal"
)


def settle_delayed(te: TermElab) -> None:
    """Turn each delayed assignment `?n := (xs, ?m)` whose `?m` is solved into the assignment
    `?n := fun xs => value`. The obligations sit under several binders closed one at a time, so their
    stand-ins are delayed-assigned to other stand-ins; instantiation only sees through one level."""
    from lantern.kernel.expr import HAS_EMVAR, MVar

    from ..meta.instantiate import mk_lambda_fvars

    mctx = te.mctx
    progress = True
    while progress:
        progress = False
        for mid, (fvars, target) in list(mctx.delayed.items()):
            if mid in mctx.assignment:
                continue
            value = te.instantiate(MVar(target))
            if value.flags & HAS_EMVAR:
                continue
            mctx.assign(mid, mk_lambda_fvars(mctx, mctx.decl(MVar(target)).lctx, list(fvars), value))
            progress = True


def compile_wf(
    te: TermElab, f: FVar, header: list[FVar], value: Expr, name: str, span: T.Span, cmd: T.Definition
) -> tuple[Expr, WfPlan]:
    """`value` (which calls `f`) as a `WellFounded.fix`; the plan says how (for the equations)."""
    if Name.of("WellFounded.fix") not in te.env.kernel:
        raise ElabError(span, f"fail to show termination for '{name}': well-founded recursion needs `WellFounded.fix` (the prelude's WF.ltn)")
    saved = te.lctx
    plan = make_plan(te, f, header, value, name, span)
    try:
        if cmd.termination_by is not None:
            measure = elab_measure(te, plan, cmd.termination_by, cmd.termination_binders)
            value = prove_with(te, plan, measure, cmd)
        else:
            value = guess(te, plan, cmd)
        settle_delayed(te)
        return close_over_peeled(te, plan, te.instantiate(value)), plan
    finally:
        te.lctx = saved


def elab_measure(te: TermElab, plan: WfPlan, stx: T.Term, binders: tuple[str, ...]) -> Measure:
    """`termination_by e` (`termination_by x y => e` names the parameters after the colon)."""
    peeled = plan.params[len(plan.params) - plan.num_peeled:]
    if len(binders) > len(peeled):
        raise ElabError(stx.span, f"too many variable names in `termination_by`: the function has {len(peeled)} parameter(s) after the colon")
    for name, x in zip(binders, peeled[len(peeled) - len(binders):]):
        te.lctx = te.lctx.alias(Name.of(name), x)
        plan.names[x.fid] = Name.of(name)
    m = te.elab(stx, None)
    te.synthesize_pending()
    m = te.instantiate(m)
    parts = _nat_components(te, m)
    if parts is None:
        ty = te.infer(m)
        raise ElabError(stx.span, f"`termination_by` with a measure of type\n  {te.pp(ty)}\nis not supported yet (a measure into `Nat`, or a tuple of them, is)")
    return Measure(parts[0], te.pp(m), tuple(parts[1:]))


def _nat_components(te: TermElab, m: Expr) -> list[Expr] | None:
    """`m : Nat` as `[m]`, `(a, b, …)` of `Nat`s as `[a, b, …]` (a lexicographic measure)."""
    from lantern.kernel.expr import Proj, get_app_args

    ty = te.whnf(te.infer(m))
    if ty.kind == CONST and ty.name is NAT:  # type: ignore[attr-defined]
        return [m]
    head, args = get_app_args(ty)
    if not (head.kind == CONST and str(head.name) == "Prod" and len(args) == 2):  # type: ignore[attr-defined]
        return None
    mh, margs = get_app_args(m)
    if mh.kind == CONST and str(mh.name) == "Prod.mk" and len(margs) == 4:  # type: ignore[attr-defined]
        first, second = margs[2], margs[3]
    else:
        first, second = Proj(Name.of("Prod"), 0, m), Proj(Name.of("Prod"), 1, m)
    a, b = _nat_components(te, first), _nat_components(te, second)
    if a is None or b is None or len(a) != 1:
        return None
    return a + b


def prove_with(te: TermElab, plan: WfPlan, measure: Measure, cmd: T.Definition, guessed: bool = False) -> Expr:
    """Build the fixpoint for `measure` and prove its obligations; errors are reported (the
    definition is still added, with the unproved goals admitted, as Lean does)."""
    from ..tactic.run import run_closing

    builder = FixBuilder(te, plan, measure)
    value = builder.build()
    goals = [o.goal for o in builder.obligations]
    if cmd.decreasing_by is not None:
        tc = TacticContext(te, list(goals), cmd.decreasing_by.span)
        run_closing(tc, cmd.decreasing_by, cmd.decreasing_by.span)
        return value
    failed = [o for o in builder.obligations if not prove_decreasing(te, o.goal, plan.span)]
    if failed:
        tc = TacticContext(te, [o.goal for o in failed], plan.span)
        tried = f"Could not find a decreasing measure: the argument {measure.label} was tried.\n" if guessed else ""
        raise ElabError(plan.span, f"fail to show termination for\n  {plan.name}\nwith errors\n{tried}{SUGGESTIONS}\n{tc.format_goals()}")
    return value


def guess(te: TermElab, plan: WfPlan, cmd: T.Definition) -> Expr:
    candidates = [v for v in plan.varying if _is_nat(te, v)]
    # An argument every call passes unchanged cannot decrease (Lean does not try it). With one
    # plausible argument left, it is the measure, and its goals are reported if they fail.
    k = len(plan.params) - len(plan.varying)
    plausible = [v for i, v in enumerate(plan.varying) if v in candidates and not all(c[k + i] == v for c in plan.calls)]
    if len(plausible) == 1:
        return prove_with(te, plan, Measure(plausible[0], te.pp(plausible[0])), cmd, guessed=True)
    candidates = plausible or candidates
    attempts: list[tuple[FVar, list[Obligation], list[Obligation]]] = []
    for v in candidates:
        token = te.mctx.checkpoint()
        nmsg = len(te.messages)
        builder = FixBuilder(te, plan, Measure(v, te.pp(v)))
        value = builder.build()
        if cmd.decreasing_by is not None:
            ok = _attempt_all(te, [o.goal for o in builder.obligations], cmd.decreasing_by)
            failed = [] if ok else list(builder.obligations)
        else:
            failed = [o for o in builder.obligations if not prove_decreasing(te, o.goal, plan.span)]
        if not failed:
            return value
        attempts.append((v, builder.obligations, failed))
        del te.messages[nmsg:]
        for o in failed:  # printed now: undoing the attempt forgets its goals
            o.text = TacticContext(te, [o.goal], plan.span).format_goals()
        te.mctx.rollback(token)
    # Lexicographic pairs `(a, b)`: `a` decreases, or stays and `b` decreases (as GuessLex finds).
    if cmd.decreasing_by is None and Name.of("Prod.lexOrWfRel") in te.env.kernel:
        for a in candidates:
            for b in candidates:
                if a is b:
                    continue
                token = te.mctx.checkpoint()
                builder = FixBuilder(te, plan, Measure(a, f"({te.pp(a)}, {te.pp(b)})", (b,)))
                value = builder.build()
                if all(prove_decreasing(te, o.goal, plan.span) for o in builder.obligations):
                    return value
                te.mctx.rollback(token)
    raise ElabError(plan.span, no_measure_message(te, plan, attempts))


def _attempt_all(te: TermElab, goals: list, seq: T.TacticSeq) -> bool:  # type: ignore[type-arg]
    from ..tactic.run import attempt

    tc = TacticContext(te, list(goals), seq.span)
    if attempt(tc, seq) is not None:
        return False
    tc.prune()
    return not tc.goals


def _is_nat(te: TermElab, v: FVar) -> bool:
    d = te.lctx.get(v)
    if d is None:
        return False
    ty = te.whnf(te.instantiate(d.type))
    return ty.kind == CONST and ty.name is NAT  # type: ignore[attr-defined]


def no_measure_message(te: TermElab, plan: WfPlan, attempts: list[tuple[FVar, list[Obligation], list[Obligation]]]) -> str:
    head = f"fail to show termination for\n  {plan.name}\nwith errors\n"
    if not attempts:
        return head + ("Could not find a decreasing measure: no argument is a natural number.\n"
                       "Please use `termination_by` to specify a decreasing measure.")
    # An argument passed unchanged to every call is no candidate at all (Lean leaves it out).
    plausible = [a for a in attempts if not all(o.same for o in a[1])]
    if len(plausible) == 1:
        v, _, failed = plausible[0]
        goals = "\n\n".join(o.text for o in failed)
        return head + f"Could not find a decreasing measure: the argument {te.pp(v)} was tried.\n{SUGGESTIONS}\n{goals}"
    names = [te.pp(a[0]) for a in attempts]
    ncalls = max(len(a[1]) for a in attempts)
    rows = []
    for i in range(ncalls):
        cells = []
        for v, obligations, failed in attempts:
            if i >= len(obligations):
                cells.append("_")
            elif obligations[i].same:
                cells.append("=")
            elif all(f.call != obligations[i].call for f in failed):
                cells.append("<")
            else:
                cells.append("?")
        rows.append(cells)
    widths = [max(len(n), 1) for n in names]
    label_w = len(f"{ncalls})")
    lines = [" " * (label_w + 1) + " ".join(n.ljust(w) for n, w in zip(names, widths))]
    for i, cells in enumerate(rows):
        lines.append(f"{i + 1})".ljust(label_w) + " " + " ".join(c.ljust(w) for c, w in zip(cells, widths)))
    table = "\n".join(line.rstrip() for line in lines)
    return head + (
        "Could not find a decreasing measure.\n"
        "The arguments relate at each recursive call as follows:\n"
        "(<, ≤, =: relation proved, ? all proofs failed, _: no proof attempted)\n"
        f"{table}\n"
        "Please use `termination_by` to specify a decreasing measure, or `decreasing_by` to prove the goals."
    )
