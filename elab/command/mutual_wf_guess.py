"""The measures of mutual well-founded recursion: given by `termination_by` on every function of the
clique, or guessed (Lean's `GuessLex`, for `Nat` arguments), and the errors when none works.

With `termination_by` on some functions but not all, each of the others gets Lean's "Missing
`termination_by`" error. Without any, the candidates are, for each function, one of its `Nat`
arguments (the same position in every function first, then the other combinations), alone or followed
by the order of the functions (`1` for one function, `0` for the others: for `f n := g n`,
`g (n + 1) := f n`), or two such combinations lexicographically. The first candidate whose proof
obligations the default tactic (or each function's `decreasing_by`) proves is the measure. When none
is, the error shows, for each call, how the callee's arguments relate to the caller's parameters
(`<`, `≤`, `=`, `?`), as Lean's does.
"""

from __future__ import annotations

from itertools import product
from typing import Callable

from lantern.kernel.declaration import DefinitionDecl
from lantern.kernel.expr import CONST, Const, Expr, FVar, mk_app
from lantern.kernel.level import mk_zero
from lantern.kernel.name import Name

from ..eqn_statements import nat_literal
from ..messages import ElabError
from ..meta.context import SYNTHETIC_OPAQUE
from ..syntax import tree as T
from ..tactic.core import TacticContext
from .wf import SUGGESTIONS, _nat_components
from .wf_decreasing import prove_decreasing
from .wf_fix import nat_lt

MAX_CANDIDATES = 48
NAT = Name.of("Nat")


def choose_measures(plan, make_builder: Callable, aux_name: Name, level_params: tuple[Name, ...]) -> tuple[DefinitionDecl, list[Expr]]:  # type: ignore[no-untyped-def,type-arg]
    fns = plan.fns
    given = [i for i, fn in enumerate(fns) if fn.cmd.termination_by is not None]
    if given and len(given) < len(fns):
        i = next(k for k in range(len(fns)) if k not in given)
        raise ElabError(
            fns[i].cmd.sig.span,
            f"Missing `termination_by`; this function is mutually recursive with {fns[given[0]].name}, "
            "which has a `termination_by` clause.",
        )
    if given:
        measures = [elab_measure(plan, i) for i in range(len(fns))]
        if len({len(m) for m in measures}) != 1:
            raise ElabError(fns[0].cmd.termination_by.span, "the `termination_by` measures of a mutual block must be of the same type (all `Nat`, or tuples of `Nat` of one length)")
        builder = make_builder(measures)
        values = builder.build(aux_name, level_params)
        failed = prove_obligations(plan, builder)
        if failed:
            tc = TacticContext(plan.te, [o.goal for o in failed], fns[0].cmd.sig.span)
            raise ElabError(fns[0].cmd.sig.span, f"{plan.header}{SUGGESTIONS}\n{tc.format_goals()}")
        return builder.finish(), values
    return guess(plan, make_builder, aux_name, level_params)


def elab_measure(plan, i: int) -> list[Expr]:  # type: ignore[no-untyped-def]
    """`termination_by e` of function `i` (`termination_by x y => e` names its last parameters), in
    its own context: the `Nat`s of a measure or of a tuple."""
    te = plan.te
    o = plan.opened[i]
    cmd = o.fn.cmd
    saved = te.lctx
    te.lctx = plan.view(i)
    try:
        peeled = o.params[len(o.params) - o.num_peeled:]
        binders = cmd.termination_binders
        if len(binders) > len(peeled):
            raise ElabError(cmd.termination_by.span, f"too many variable names in `termination_by`: the function has {len(peeled)} parameter(s) after the colon")
        for name, x in zip(binders, peeled[len(peeled) - len(binders):]):
            te.lctx = te.lctx.alias(Name.of(name), x)
        m = te.elab(cmd.termination_by, None)
        te.synthesize_pending()
        m = te.instantiate(m)
        parts = _nat_components(te, m)
        if parts is None:
            raise ElabError(cmd.termination_by.span, f"`termination_by` with a measure of type\n  {te.pp(te.infer(m))}\nis not supported yet (a measure into `Nat`, or a tuple of them, is)")
        return parts
    finally:
        te.lctx = saved


def prove_obligations(plan, builder) -> list:  # type: ignore[no-untyped-def,type-arg]
    """Prove each obligation with its caller's `decreasing_by` (errors reported, goals admitted, as
    Lean's) or the default tactic; the ones the default tactic leaves."""
    from ..tactic.run import run_closing

    te = plan.te
    failed = []
    for i, fn in enumerate(plan.fns):
        mine = [o for o in builder.obligations if o.caller == i]
        seq = fn.cmd.decreasing_by
        if seq is not None:
            if mine:
                run_closing(TacticContext(te, [o.goal for o in mine], seq.span), seq, seq.span)
            continue
        failed += [o for o in mine if not prove_decreasing(te, o.goal, fn.cmd.sig.span)]
    return failed


def _attempt(plan, make_builder, measures: list[list[Expr]], aux_name: Name, level_params: tuple[Name, ...]):  # type: ignore[no-untyped-def]
    te = plan.te
    token = te.mctx.checkpoint()
    nmsg = len(te.messages)
    builder = make_builder(measures)
    try:
        values = builder.build(aux_name, level_params)
        if any(fn.cmd.decreasing_by is not None for fn in plan.fns):
            ok = _attempt_with_tactics(plan, builder)
        else:
            ok = all(prove_decreasing(te, o.goal, plan.fns[o.caller].cmd.sig.span) for o in builder.obligations)
    except ElabError:
        ok = False
    if ok:
        return builder.finish(), values
    del te.messages[nmsg:]
    te.mctx.rollback(token)
    return None


def _attempt_with_tactics(plan, builder) -> bool:  # type: ignore[no-untyped-def]
    from ..tactic.run import attempt

    te = plan.te
    for i, fn in enumerate(plan.fns):
        goals = [o.goal for o in builder.obligations if o.caller == i]
        if not goals:
            continue
        if fn.cmd.decreasing_by is None:
            if not all(prove_decreasing(te, g, fn.cmd.sig.span) for g in goals):
                return False
            continue
        tc = TacticContext(te, goals, fn.cmd.decreasing_by.span)
        if attempt(tc, fn.cmd.decreasing_by) is not None:
            return False
        tc.prune()
        if tc.goals:
            return False
    return True


def _is_nat(te, v: FVar) -> bool:  # type: ignore[no-untyped-def]
    d = te.lctx.get(v)
    ty = te.whnf(te.instantiate(d.type)) if d is not None else None
    return ty is not None and ty.kind == CONST and ty.name is NAT  # type: ignore[attr-defined]


def candidates(plan) -> list[list[list[Expr]]]:  # type: ignore[no-untyped-def]
    """Measures to try, each one list of `Nat` terms per function (see the module docstring)."""
    te = plan.te
    nats: list[list[FVar]] = []
    for i in range(len(plan.fns)):
        saved = te.lctx
        te.lctx = plan.view(i)
        try:
            nats.append([v for v in plan.varying(i) if _is_nat(te, v)])
        finally:
            te.lctx = saved
    combos: list[list[list[Expr]]] = []
    width = min((len(n) for n in nats), default=0)
    for k in range(width):  # the same position in every function first
        combos.append([[n[k]] for n in nats])
    for choice in product(*nats):
        c = [[v] for v in choice]
        if c not in combos:
            combos.append(c)
        if len(combos) >= MAX_CANDIDATES:
            break
    one, zero = nat_literal(te, 1, Const(Name.of("Nat.zero"))), nat_literal(te, 0, Const(Name.of("Nat.zero")))
    orders = [[[one if i == k else zero] for i in range(len(plan.fns))] for k in range(len(plan.fns))]
    out = list(combos)
    for c in combos:
        for o in orders:
            out.append([a + b for a, b in zip(c, o)])
    for a in combos:
        for b in combos:
            if a is not b:
                out.append([x + y for x, y in zip(a, b)])
    return out[: MAX_CANDIDATES * 4]


def guess(plan, make_builder, aux_name: Name, level_params: tuple[Name, ...]) -> tuple[DefinitionDecl, list[Expr]]:  # type: ignore[no-untyped-def]
    tried = candidates(plan)
    for measures in tried:
        found = _attempt(plan, make_builder, measures, aux_name, level_params)
        if found is not None:
            return found
    raise ElabError(plan.fns[0].cmd.sig.span, plan.header + explain(plan, make_builder, aux_name, level_params))


# -- the explanation ---------------------------------------------------------------------------------


def explain(plan, make_builder, aux_name: Name, level_params: tuple[Name, ...]) -> str:  # type: ignore[no-untyped-def]
    te = plan.te
    zero = nat_literal(te, 0, Const(Name.of("Nat.zero")))
    token = te.mctx.checkpoint()
    try:
        builder = make_builder([[zero] for _ in plan.fns])
        builder.build(aux_name, level_params)
        parts = []
        for o in builder.obligations:
            caller, callee = plan.fns[o.caller], plan.fns[o.callee]
            lctx = te.mctx.decl(o.goal).lctx
            params = [te.lctx.get(v) for v in plan.varying(o.caller)]
            args = [te.lctx.get(v) for v in plan.varying(o.callee)]
            header = [""] + [str(d.name) for d in params]  # type: ignore[union-attr]
            if o.caller == o.callee:
                rows = [[""] + [_relation(te, lctx, o.call_vs[k], o.cur[k]) for k in range(len(o.cur))]]
            else:
                rows = [
                    [str(a.name)] + [_relation(te, lctx, o.call_vs[k], o.cur[p]) for p in range(len(o.cur))]  # type: ignore[union-attr]
                    for k, a in enumerate(args)
                ]
            parts.append(f"Call from {caller.name} to {callee.name}:\n" + format_table([header, *rows]) + "\n")
    finally:
        te.mctx.rollback(token)
    return (
        "Could not find a decreasing measure.\n"
        "The arguments relate at each recursive call as follows:\n"
        "(<, ≤, =: relation proved, ? all proofs failed, _: no proof attempted)\n"
        + "".join(parts)
        + "Please use `termination_by` to specify a decreasing measure."
    )


def _relation(te, lctx, arg: Expr, param: Expr) -> str:  # type: ignore[no-untyped-def]
    """How the callee's argument relates to the caller's parameter: `<`, `≤`, `=` or `?` (`_` unless
    both are natural numbers)."""
    saved = te.lctx
    te.lctx = lctx
    try:
        for e in (arg, param):
            ty = te.whnf(te.instantiate(te.infer(e)))
            if not (ty.kind == CONST and ty.name is NAT):  # type: ignore[attr-defined]
                return "_"
        if te.is_def_eq(arg, param):
            return "="
        for symbol, goal_type in (("<", nat_lt(arg, param)), ("≤", nat_le(arg, param))):
            token = te.mctx.checkpoint()
            goal = te.mctx.new_mvar(goal_type, lctx, SYNTHETIC_OPAQUE)
            ok = prove_decreasing(te, goal, T.Span(0, 0))
            te.mctx.rollback(token)
            if ok:
                return symbol
        return "?"
    finally:
        te.lctx = saved


def nat_le(a: Expr, b: Expr) -> Expr:
    nat = Const(NAT)
    return mk_app(Const(Name.of("LE.le"), (mk_zero(),)), [nat, Const(Name.of("instLENat")), a, b])


def format_table(rows: list[list[str]]) -> str:
    """Lean's `formatTable`: the first column left-aligned, the others right-aligned, one space apart."""
    widths = [max(len(r[j]) for r in rows if j < len(r)) for j in range(max(len(r) for r in rows))]
    lines = []
    for r in rows:
        cells = [c.ljust(widths[0]) if j == 0 else c.rjust(widths[j]) for j, c in enumerate(r)]
        lines.append(" ".join(cells))
    return "\n".join(lines)
