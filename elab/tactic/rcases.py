"""`rcases`, `obtain`, and the patterns of `intro ⟨a, b⟩` (Lean's `Lean.Elab.Tactic.RCases`).

A pattern says how to take a hypothesis apart: `x` names it, `_` leaves it (inaccessible), `-` clears
it, `rfl` substitutes the equation it is, `(p : T)` restates its type, `⟨p₁, …, pₙ⟩` splits it with
`cases` and matches the constructor's fields, `p₁ | p₂` gives one pattern per constructor. Fields are
matched as Lean does (`processConstructor`): implicit fields take `_`; when there are more patterns than
fields, the last field takes the rest as a tuple, so `⟨a, b, c⟩` destructures `a ∧ b ∧ c`.

The work is a list of (variable, pattern) pairs processed in order. Splitting a variable reverts and
reintroduces the hypotheses that depend on it, and `rfl` replaces one variable by a term, so each goal
carries a map from the variables named earlier to what stands for them now. An equation is split by
unification, as `cases` does: a variable side is substituted, constructor applications are compared
(`injection`, or the goal closes when the constructors differ).
"""

from __future__ import annotations

from typing import Union

from lantern.kernel.declaration import InductiveInfo
from lantern.kernel.expr import CONST, DEFAULT, FVAR, PI, Expr, FVar, MVar, get_app_fn
from lantern.kernel.local_ctx import LocalDecl
from lantern.kernel.name import Name
from lantern.kernel.record import record

from ..syntax import tree as T
from .basic import intro_one
from .core import TacticContext, TacticError
from .have import assert_hyp
from .names import inaccessible, with_lctx
from .registry import tactic
from .revert import mentions_any
from .subst import FVarMap, subst_fvar

# -- patterns -----------------------------------------------------------------------------------------


@record(frozen=True)
class PName:
    name: str
    span: T.Span


@record(frozen=True)
class PWild:
    span: T.Span


@record(frozen=True)
class PClear:
    span: T.Span


@record(frozen=True)
class PRfl:
    span: T.Span


@record(frozen=True)
class PTyped:
    pat: "Pat"
    type: T.Term
    span: T.Span


@record(frozen=True)
class PTuple:
    items: tuple["Pat", ...]
    span: T.Span


@record(frozen=True)
class PAlts:
    alts: tuple["Pat", ...]
    span: T.Span


Pat = Union[PName, PWild, PClear, PRfl, PTyped, PTuple, PAlts]


def read_pattern(stx: object) -> Pat:
    """The syntax of a pattern (a term, see `tactics.md`) as a pattern."""
    if isinstance(stx, T.Paren):
        return read_pattern(stx.term)
    if isinstance(stx, T.Hole):
        return PWild(stx.span)
    if isinstance(stx, T.Ident):
        if stx.name == "-":
            return PClear(stx.span)
        if stx.name == "rfl":
            return PRfl(stx.span)
        return PName(stx.name, stx.span)
    if isinstance(stx, T.AnonCtor):
        return PTuple(tuple(read_pattern(x) for x in stx.items), stx.span)
    if isinstance(stx, T.PatAlts):
        return PAlts(tuple(read_pattern(x) for x in stx.alts), stx.span)
    if isinstance(stx, T.Typed):
        return PTyped(read_pattern(stx.term), stx.type, stx.span)
    span = getattr(stx, "span", T.Span(0, 0))
    raise TacticError(span, "invalid rcases pattern")


def as_tuple(p: Pat) -> list[Pat]:
    return list(p.items) if isinstance(p, PTuple) else [p]


def field_patterns(binfos: list[int], ps: list[Pat], span: T.Span) -> list[Pat]:
    """Lean's `processConstructor`: one pattern per field."""
    out: list[Pat] = []
    n = len(binfos)
    for idx, binfo in enumerate(binfos):
        if binfo != DEFAULT:
            out.append(PWild(span))
        elif idx + 1 < n:
            out.append(ps[0] if ps else PWild(span))
            ps = ps[1:]
        elif not ps:
            out.append(PWild(span))
        elif len(ps) == 1:
            out.append(ps[0])
        else:
            out.append(PTuple(tuple(ps), span))
    return out


def alternative_patterns(p: Pat, num_ctors: int) -> list[list[Pat]]:
    """Lean's `processConstructors`: the field patterns given to each constructor."""
    alts = list(p.alts) if isinstance(p, PAlts) else [p]
    out: list[list[Pat]] = []
    for i in range(num_ctors):
        if i == num_ctors - 1 and len(alts) > num_ctors:
            out.append([PAlts(tuple(alts[i:]), p.span)])
        else:
            out.append(as_tuple(alts[i]) if i < len(alts) else [PWild(p.span)])
    return out


# -- the algorithm ----------------------------------------------------------------------------------------

Pending = list[tuple[Expr, Pat]]


def rcases_on(tc: TacticContext, goal: MVar, fvar: FVar, pattern: object, span: T.Span) -> None:
    """Destructure `fvar` (a hypothesis of `goal`, the main goal) with the pattern syntax `pattern`;
    the resulting goals replace the main goal. `intro ⟨a, b⟩` comes here."""
    goals = rcases_core(tc, goal, [(fvar, read_pattern(pattern))], {}, span)
    tc.replace_main_goal(goals)


def rcases_core(tc: TacticContext, goal: MVar, pending: Pending, fmap: FVarMap, span: T.Span) -> list[MVar]:
    out: list[MVar] = []
    stack: list[tuple[MVar, Pending, FVarMap]] = [(goal, pending, fmap)]
    while stack:
        g, todo, m = stack.pop(0)
        if tc.is_assigned(g) and not todo:
            continue
        if not todo:
            out.append(g)
            continue
        (x, pat), rest = todo[0], todo[1:]
        x = _resolve(x, m)
        results = step(tc, g, x, pat, span)
        # Depth first, in order: the goals of the first alternative come first.
        stack[0:0] = [(g2, new + rest, {**m, **m2}) for g2, new, m2 in results]
    return out


def _resolve(x: Expr, m: FVarMap) -> Expr:
    seen = 0
    while x.kind == FVAR and x.fid in m and seen < 1000:  # type: ignore[attr-defined]
        nxt = m[x.fid]  # type: ignore[attr-defined]
        if nxt is x:
            break
        x, seen = nxt, seen + 1
    return x


def step(tc: TacticContext, goal: MVar, x: Expr, pat: Pat, span: T.Span) -> list[tuple[MVar, Pending, FVarMap]]:
    """Apply one pattern to one variable: the goals that result, each with the (variable, pattern)
    pairs it adds in front of the remaining work and the variables it renamed."""
    d = tc.decl(goal)
    if x.kind != FVAR or d.lctx.get(x) is None:
        return [(goal, [], {})]  # substituted or cleared meanwhile: nothing left to match
    fvar: FVar = x  # type: ignore[assignment]
    if isinstance(pat, PWild):
        return [(goal, [], {})]
    if isinstance(pat, PName):
        return [(rename(tc, goal, fvar, pat.name), [], {})]
    if isinstance(pat, PClear):
        return [(try_clear(tc, goal, fvar), [], {})]
    if isinstance(pat, PRfl):
        new, fmap = subst_fvar(tc, goal, fvar, pat.span)
        return [(new, [], fmap)]
    if isinstance(pat, PTyped):
        return [(change_hyp_type(tc, goal, fvar, pat.type, pat.span), [(fvar, pat.pat)], {})]
    if isinstance(pat, PAlts) and len(pat.alts) == 1:
        return [(goal, [(fvar, pat.alts[0])], {})]
    return split(tc, goal, fvar, pat, span)


def rename(tc: TacticContext, goal: MVar, fvar: FVar, name: str) -> MVar:
    d = tc.decl(goal)
    decl = d.lctx.get(fvar)
    assert decl is not None
    if str(decl.name) == name:
        return goal
    return with_lctx(tc, goal, d.lctx.replace(LocalDecl(decl.fvar, Name.of(name), decl.type, decl.value, decl.binfo)))


def try_clear(tc: TacticContext, goal: MVar, fvar: FVar) -> MVar:
    """Clear `fvar` unless the target or another hypothesis mentions it (Lean's `tryClear`)."""
    te = tc.te
    d = tc.decl(goal)
    if mentions_any(te.instantiate(d.type), {fvar.fid}):
        return goal
    if any(x.fvar.fid != fvar.fid and mentions_any(te.instantiate(x.type), {fvar.fid}) for x in d.lctx):
        return goal
    new = tc.new_goal(d.lctx.remove({fvar.fid}), d.type, d.user_name)
    tc.assign(goal, new)
    return new


def change_hyp_type(tc: TacticContext, goal: MVar, fvar: FVar, type_stx: T.Term, span: T.Span) -> MVar:
    """`(p : T)`: the hypothesis restated at a definitionally equal type."""
    te = tc.te
    d = tc.decl(goal)
    decl = d.lctx.get(fvar)
    assert decl is not None
    with tc.in_goal(goal):
        ty = te.elab_type(type_stx)
        te.synthesize_pending(use_defaults=True, report=False)
        if not te.is_def_eq(ty, decl.type):
            raise TacticError(
                span, f"type mismatch\n  {decl.name}\nhas type\n  {te.pp(decl.type)}\nbut is expected to have type\n  {te.pp(ty)}"
            )
        ty = te.instantiate(ty)
    return with_lctx(tc, goal, d.lctx.replace(LocalDecl(decl.fvar, decl.name, ty, decl.value, decl.binfo)))


def split(tc: TacticContext, goal: MVar, fvar: FVar, pat: Pat, span: T.Span) -> list[tuple[MVar, Pending, FVarMap]]:
    """`cases` on `fvar`, then the field patterns of each constructor."""
    te = tc.te
    decl = tc.decl(goal).lctx.get(fvar)
    assert decl is not None
    with tc.in_goal(goal):
        ty = te.whnf(te.instantiate(decl.type))
    head = get_app_fn(ty)
    ind = te.env.kernel.find(head.name) if head.kind == CONST else None  # type: ignore[attr-defined]
    if not isinstance(ind, InductiveInfo):
        with tc.in_goal(goal):
            raise TacticError(
                pat.span, f"rcases tactic failed: {decl.name} : {te.pp(decl.type)} is not an inductive datatype"
            )
    _check_elimination(tc, goal, ind, pat.span)
    saved = tc.save()
    try:
        return _split_cases(tc, goal, fvar, pat)
    except TacticError:
        tc.restore(saved)  # a failure half way leaves the goal as it was
        raise


def _split_cases(tc: TacticContext, goal: MVar, fvar: FVar, pat: Pat) -> list[tuple[MVar, Pending, FVarMap]]:
    from .cases_indices import cases_goals, finish_case

    cases = cases_goals(tc, goal, fvar, T.Tactic(pat.span, "rcases", {}))
    per_ctor = alternative_patterns(pat, len(cases))
    out: list[tuple[MVar, Pending, FVarMap]] = []
    for case, ps in zip(cases, per_ctor):
        binfos = _field_binfos(tc, case.goal, case.arity)
        fpats = field_patterns(binfos, ps, pat.span)
        fields: list[FVar] = []
        g = case.goal
        for k, fp in enumerate(fpats):
            name = Name.of(fp.name) if isinstance(fp, PName) else None
            g, f = intro_one(tc, g, name, pat.span)
            fields.append(f)
        # The reverted hypotheses come back, or an indexed family's equations are solved (which may
        # close the case: the constructor cannot build a value of that type).
        try:
            done = finish_case(tc, case, g, pat.span, case.ctor)
        except TacticError as ex:
            raise TacticError(ex.span, f"tactic 'cases' failed, nested error:\n{ex.text}") from None
        if done is None:
            continue
        g, fmap = done
        out.append((g, [(f, fp) for f, fp in zip(fields, fpats) if not isinstance(fp, PName)], fmap))
    return out


def _check_elimination(tc: TacticContext, goal: MVar, ind: InductiveInfo, span: T.Span) -> None:
    """A proposition such as `∃ x, p x` can only be taken apart to prove a proposition."""
    from lantern.kernel.level import mk_zero

    te = tc.te
    cases = te.env.kernel.find(ind.name.child("casesOn"))
    if cases is None or len(cases.level_params) > len(ind.level_params):
        return
    from ..meta.instantiate import instantiate_level_mvars

    with tc.in_goal(goal):
        level = instantiate_level_mvars(te.mctx, te.sort_level_of(te.instantiate(tc.decl(goal).type)))
    if level != mk_zero() and not level.has_mvar:
        raise TacticError(
            span,
            f"tactic 'cases' failed, nested error:\ntactic 'induction' failed, recursor '{ind.name}.casesOn' can only "
            f"eliminate into Prop\n{tc.format_goals([goal])}",
        )


def _field_binfos(tc: TacticContext, goal: MVar, arity: int) -> list[int]:
    ty = tc.te.instantiate(tc.decl(goal).type)
    out = []
    for _ in range(arity):
        if ty.kind != PI:
            break
        out.append(ty.binfo)  # type: ignore[attr-defined]
        ty = ty.body  # type: ignore[attr-defined]
    return out


# -- the tactics -------------------------------------------------------------------------------------------


def target_var(tc: TacticContext, goal: MVar, term: T.Term, eq_name: str | None, expected: Expr | None, span: T.Span) -> tuple[MVar, FVar]:
    """The variable to destructure: the term itself if it is a variable (and no `h :` is asked for),
    else a new hypothesis for it, its occurrences in the target generalized (Lean's
    `generalizeExceptFVar`)."""
    from .generalize import generalize_term
    from .terms import elab_for_goal

    te = tc.te
    with tc.in_goal(goal):
        e, _ = elab_for_goal(tc, term, expected, span)
        if e.kind == FVAR and eq_name is None:
            return goal, e  # type: ignore[return-value]
        if expected is not None and eq_name is None:
            return assert_hyp(tc, goal, inaccessible("h"), expected, e)
        return generalize_term(tc, goal, e, eq_name, span)


def _distribute(pattern: Pat, n: int) -> list[Pat]:
    """Several targets share one tuple pattern: one item each, the last taking the rest."""
    if n == 1:
        return [pattern]
    items = as_tuple(pattern)
    out = items[: n - 1] + [PWild(pattern.span)] * max(0, n - 1 - len(items))
    rest = items[n - 1 :]
    out.append(rest[0] if len(rest) == 1 else PTuple(tuple(rest), pattern.span) if rest else PWild(pattern.span))
    return out


@tactic("rcases")
def eval_rcases(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    targets: tuple[T.Discr, ...] = stx.args["targets"]  # type: ignore[assignment]
    pat_stx = stx.args["pattern"]
    pattern = read_pattern(pat_stx) if pat_stx is not None else PTuple((), stx.span)
    pending: Pending = []
    for discr, p in zip(targets, _distribute(pattern, len(targets))):
        goal, x = target_var(tc, goal, discr.term, discr.name, None, discr.span)
        pending.append((x, p))
    tc.replace_main_goal(rcases_core(tc, goal, pending, {}, stx.span))


@tactic("obtain")
def eval_obtain(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    pat_stx = stx.args["pattern"]
    type_stx = stx.args["type"]
    values: tuple[T.Term, ...] = stx.args["values"]  # type: ignore[assignment]
    pattern = read_pattern(pat_stx) if pat_stx is not None else PName("this", stx.span)
    expected = None
    if type_stx is not None:
        with tc.in_goal(goal):
            expected = tc.te.elab_type(type_stx)  # type: ignore[arg-type]
            tc.te.synthesize_pending(use_defaults=True, report=False)
            expected = tc.te.instantiate(expected)
    if not values:
        if expected is None:
            raise TacticError(stx.span, "`obtain` requires either an expected type or a value.")
        # `obtain pat : T`: first a goal `T`, then the main goal with the hypothesis destructured.
        d = tc.decl(goal)
        side = tc.new_goal(d.lctx, expected, d.user_name)
        with tc.in_goal(goal):
            goal, x = assert_hyp(tc, goal, inaccessible("h"), expected, side)
        rest = rcases_core(tc, goal, [(x, pattern)], {}, stx.span)
        tc.replace_main_goal([side, *rest])
        return
    pending: Pending = []
    for v, p in zip(values, _distribute(pattern, len(values))):
        goal, x = target_var(tc, goal, v, None, expected if len(values) == 1 else None, stx.span)
        pending.append((x, p))
    tc.replace_main_goal(rcases_core(tc, goal, pending, {}, stx.span))

