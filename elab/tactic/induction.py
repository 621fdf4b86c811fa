"""`induction` and `cases` (Lean's `Lean.Elab.Tactic.Induction`).

The goal is rewritten as an application of an eliminator — the recursor `I.rec` for `induction`,
`I.casesOn` for `cases`, or a custom eliminator tagged `@[induction_eliminator]`/`@[cases_eliminator]`
(the prelude's `Nat.rec` with `0` and `n + 1`) — whose motive abstracts the target over the
eliminated variable and its indices. Each minor premise becomes a goal tagged with its constructor's
name; `with | ctor x y ih => tacs` names its fields and runs the tactics on it.

`cases` on an indexed family (`v : Vec α (n + 1)`) first generalizes the indices and the value with
equations, which each case solves; impossible cases disappear (`cases_indices.py`, `unify_eqs.py`).
`induction` needs the indices to be distinct variables, as in Lean.

How an eliminator is read (Lean's `getElimInfo`): the motive is the binder at the head of the
conclusion; the targets are the conclusion's arguments after it (indices, then the major premise);
the other explicit binders after the motive are minor premises; the rest (parameters) are found by
unification with the targets' types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.declaration import InductiveInfo
from lantern.kernel.expr import BVAR, CONST, DEFAULT, FVAR, PI, Expr, FVar, MVar, get_app_args, mk_app
from lantern.kernel.instantiate import instantiate1
from lantern.kernel.local_ctx import LocalDecl
from lantern.kernel.name import Name
from lantern.kernel.record import record

from ..meta.context import NATURAL, SYNTHETIC_OPAQUE
from ..meta.instantiate import mk_lambda_fvars
from ..syntax import tree as T
from .basic import intro_one
from .core import TacticContext, TacticError
from .names import binder_base
from .registry import tactic
from .revert import dependents, revert
from .structure import focus_on

if TYPE_CHECKING:
    from .cases_indices import CaseGoal


@record(frozen=True, slots=True)
class ElimInfo:
    name: Name
    num_binders: int
    motive_pos: int
    target_pos: tuple[int, ...]  # binder positions of the conclusion's arguments
    minor_pos: tuple[int, ...]
    minor_names: tuple[str, ...]  # the case tag of each minor premise
    minor_arity: tuple[int, ...]  # binders of each minor premise (fields and hypotheses)


def elim_info(tc: TacticContext, name: Name, ctor_names: tuple[Name, ...] | None) -> ElimInfo:
    info = tc.te.env.kernel.get(name)
    binders: list[Expr] = []
    ty = info.type
    while ty.kind == PI:
        binders.append(ty)
        ty = ty.body  # type: ignore[attr-defined]
    n = len(binders)
    head, args = get_app_args(ty)
    if head.kind != BVAR:
        raise TacticError(tc.span, f"unexpected eliminator resulting type\n  {name}")
    motive_pos = n - 1 - head.idx  # type: ignore[attr-defined]
    targets = []
    for a in args:
        if a.kind != BVAR:
            raise TacticError(tc.span, f"unexpected eliminator resulting type\n  {name}")
        targets.append(n - 1 - a.idx)  # type: ignore[attr-defined]
    minors = [i for i in range(motive_pos + 1, n) if i not in targets and binders[i].binfo == DEFAULT]  # type: ignore[attr-defined]
    if ctor_names is not None and len(ctor_names) == len(minors):
        names = tuple(str(c.last) for c in ctor_names)
    else:
        names = tuple(binder_base(binders[i].name) for i in minors)  # type: ignore[attr-defined]
    arities = []
    for i in minors:
        t, k = binders[i].type, 0  # type: ignore[attr-defined]
        while t.kind == PI:
            k, t = k + 1, t.body  # type: ignore[attr-defined]
        arities.append(k)
    return ElimInfo(name, n, motive_pos, tuple(targets), tuple(minors), names, tuple(arities))


def find_eliminator(tc: TacticContext, ind: InductiveInfo, induction: bool, using: T.Ident | None) -> tuple[Name, tuple[Name, ...] | None]:
    env = tc.te.env
    if using is not None:
        from ..names import resolve_global

        found = [r for r in resolve_global(env, using.name) or [] if not r.fields]
        if not found:
            raise TacticError(using.span, f"unknown constant '{using.name}'")
        return found[0].name, None
    attr = "induction_eliminator" if induction else "cases_eliminator"
    for cand in sorted(env.attributes.get(attr, frozenset()), key=str):
        info = env.kernel.find(cand)
        ty = info.type if info is not None else None
        while ty is not None and ty.kind == PI:
            ty = ty.body  # type: ignore[attr-defined]
        # The custom eliminator's conclusion `motive t` with `t : I …`: compare the major's type head.
        if info is not None and _major_head(info.type) is ind.name:
            return cand, None
    suffix = "rec" if induction else "casesOn"
    return Name.of(f"{ind.name}.{suffix}"), ind.ctors


def _major_head(ty: Expr) -> Name | None:
    binders = []
    while ty.kind == PI:
        binders.append(ty.type)  # type: ignore[attr-defined]
        ty = ty.body  # type: ignore[attr-defined]
    _, args = get_app_args(ty)
    if not args or args[-1].kind != BVAR:
        return None
    major_type = binders[len(binders) - 1 - args[-1].idx]  # type: ignore[attr-defined]
    head = get_app_args(major_type)[0]
    return head.name if head.kind == CONST else None  # type: ignore[attr-defined]


def target_fvar(tc: TacticContext, goal: MVar, discr: T.Discr, span: T.Span) -> tuple[MVar, FVar]:
    """The eliminated variable: the term itself when it is a variable, else a new variable `x`
    generalising every occurrence of the term in the target (with `h : e = x` when named)."""
    te = tc.te
    with tc.in_goal(goal) as d:
        e = te.elab(discr.term, None)
        te.synthesize_pending()
        e = te.instantiate(e)
        if e.kind == FVAR and discr.name is None:
            return goal, e  # type: ignore[return-value]
        from .generalize import generalize_term

        return generalize_term(tc, goal, e, discr.name, span)


def major_inductive(tc: TacticContext, goal: MVar, major: FVar) -> tuple[Expr, InductiveInfo | None, list[Expr]]:
    """The type of `major` in `goal` (weak head normal), its inductive type (None if it is not one)
    and the type's arguments."""
    te = tc.te
    with tc.in_goal(goal):
        ty = te.whnf(te.instantiate(te.infer(major)))
    head, args = get_app_args(ty)
    ind = te.env.kernel.find(head.name) if head.kind == CONST else None  # type: ignore[attr-defined]
    return ty, (ind if isinstance(ind, InductiveInfo) else None), list(args)


def eliminate(tc: TacticContext, goal: MVar, major: FVar, induction: bool, stx: T.Tactic) -> list[tuple[str, MVar, int, list[LocalDecl]]]:
    """Apply the eliminator to `goal` on `major`; return the new goals as (tag, goal, number of
    fields to introduce, reverted hypotheses to reintroduce)."""
    te = tc.te
    major_type, ind, type_args = major_inductive(tc, goal, major)
    if ind is None:
        raise TacticError(stx.span, f"tactic '{stx.name}' failed, major premise type is not an inductive type\n  {te.pp(major_type)}")
    indices = list(type_args[ind.num_params :])
    for i in indices:
        if i.kind != FVAR:
            raise TacticError(
                stx.span,
                f"tactic '{stx.name}' failed: index in target's type is not a variable (dependent elimination with "
                f"unification is not supported yet)\n  {te.pp(i)}",
            )
    # Generalize: revert what depends on the targets (and `generalizing x y`), so the motive covers it.
    extra: list[FVar] = []
    for n in stx.args.get("generalizing", ()) or ():  # type: ignore[union-attr]
        h = tc.decl(goal).lctx.find_user(Name.of(n.name))
        if h is None:
            raise TacticError(n.span, f"unknown hypothesis '{n.name}'")
        extra.append(h.fvar)
    deps = dependents(tc, goal, [major, *indices])  # type: ignore[list-item]
    to_revert = [x.fvar for x in deps] + [f for f in extra if all(f.fid != x.fvar.fid for x in deps)]
    goal, reverted = revert(tc, goal, to_revert, stx.span) if to_revert else (goal, [])
    elim_name, ctor_names = find_eliminator(tc, ind, induction, stx.args.get("using"))  # type: ignore[arg-type]
    info = elim_info(tc, elim_name, ctor_names)
    if len(info.target_pos) != len(indices) + 1:
        raise TacticError(stx.span, f"eliminator '{elim_name}' does not fit this target")
    d = tc.decl(goal)
    cases_lctx = d.lctx.remove({major.fid, *(i.fid for i in indices)})  # type: ignore[attr-defined]
    with tc.in_goal(goal):
        target = te.instantiate(d.type)
        motive = mk_lambda_fvars(te.mctx, d.lctx, [*indices, major], target)  # type: ignore[list-item]
        const = te.mk_const(elim_name)
        ty = te.instantiate(te.infer(const))
        e: Expr = const
        actual = {pos: t for pos, t in zip(info.target_pos, [*indices, major])}
        minors: list[MVar] = []
        for pos in range(info.num_binders):
            ty = ty if ty.kind == PI else te.whnf(ty)
            dom = ty.type  # type: ignore[attr-defined]
            if pos == info.motive_pos:
                if not te.is_def_eq(dom, te.infer(motive)):
                    raise TacticError(stx.span, f"failed to elaborate eliminator, the motive does not fit\n  {te.pp(motive)}")
                # Through a metavariable, so that instantiating the cases' types beta-reduces it.
                arg = te.new_mvar(dom, NATURAL)
                te.mctx.assign(arg.mid, motive)
            elif pos in actual:
                arg = actual[pos]
                if not te.is_def_eq(dom, te.infer(arg)):
                    raise TacticError(stx.span, f"failed to elaborate eliminator: the target's type does not match\n  {te.pp(dom)}")
            elif pos in info.minor_pos:
                # The eliminated variables are gone from the cases (their fields replace them).
                arg = te.mctx.new_mvar(dom, cases_lctx, SYNTHETIC_OPAQUE)
                minors.append(arg)  # type: ignore[arg-type]
            else:
                arg = te.new_mvar(dom, NATURAL)
            e = mk_app(e, [arg])
            ty = instantiate1(ty.body, arg)  # type: ignore[attr-defined]
        if not te.is_def_eq(ty, target):
            raise TacticError(stx.span, "failed to elaborate eliminator: its conclusion does not match the goal")
    tc.assign(goal, e)
    out = []
    parent = tc.tag(goal)
    for m, tag, arity in zip(minors, info.minor_names, info.minor_arity):
        full = Name.of(f"{parent}.{tag}") if parent is not None and str(parent) not in ("", "[anonymous]") else Name.of(tag)
        from lantern.kernel.record import replace

        md = te.mctx.decls[m.mid]
        te.mctx.decls[m.mid] = replace(md, type=te.instantiate(md.type), user_name=full)
        out.append((tag, m, arity, reverted))
    return out


def introduce_fields(tc: TacticContext, goal: MVar, arity: int, names: tuple[str, ...], span: T.Span, all_fields: bool = False) -> MVar:
    """In a new case: introduce the fields, named as written, else inaccessible. The names go to the
    explicit fields, as in Lean; with `| @ctor x y => …` (`all_fields`) to the implicit ones too."""
    pending = list(names)
    explicit_only = not all_fields
    named = 0
    for _ in range(arity):
        ty = tc.te.whnf(tc.te.instantiate(tc.decl(goal).type))
        hidden = explicit_only and ty.kind == PI and ty.binfo != DEFAULT  # type: ignore[attr-defined]
        name = None if hidden or not pending else pending.pop(0)
        named += 0 if hidden else 1
        goal, _ = intro_one(tc, goal, None if name in (None, "_") else Name.of(name), span)  # type: ignore[arg-type]
    if pending:
        raise TacticError(span, f"too many variable names provided at alternative: {len(names)} given, {named} expected")
    return goal


def check_induction_targets(tc: TacticContext, goal: MVar, major: FVar, span: T.Span) -> None:
    """`induction` abstracts the motive over the indices and the value: they must be distinct
    variables (Lean's `checkInductionTargets`; `cases` generalizes instead)."""
    te = tc.te
    _, ind, args = major_inductive(tc, goal, major)
    if ind is None:
        return
    with tc.in_goal(goal):
        seen: set = set()
        for t in [*args[ind.num_params :], major]:
            t = te.instantiate(t)
            if t.kind != FVAR:
                raise TacticError(span, f"index in target's type is not a variable (consider using the `cases` tactic instead)\n  {te.pp(t)}")
            if t.fid in seen:  # type: ignore[attr-defined]
                raise TacticError(span, f"target (or one of its indices) occurs more than once\n  {te.pp(t)}")
            seen.add(t.fid)  # type: ignore[attr-defined]


@tactic("induction", "cases")
def eval_induction(tc: TacticContext, stx: T.Tactic) -> None:
    targets = stx.args["targets"]
    if len(targets) != 1:  # type: ignore[arg-type]
        raise TacticError(stx.span, f"'{stx.name}' on several targets is not supported yet")
    goal = tc.main_goal(stx.span)
    saved = tc.save()
    try:
        cases = _open_cases(tc, goal, stx)
    except TacticError:
        tc.restore(saved)  # a failure half way leaves the goal as it was (and admitted by the caller)
        raise
    alts: tuple[T.InductionAlt, ...] = stx.args["alts"]  # type: ignore[assignment]
    if not alts:
        tc.replace_main_goal([g for _, _, g in cases])
        return
    for case, alt, _ in cases:
        if alt is None:
            tc.restore(saved)
            raise TacticError(stx.span, f"alternative '{case.tag}' has not been provided")
    remaining: list[MVar] = []
    rest = tc.goals[1:]
    for _, alt, g in cases:
        assert alt is not None
        if alt.tactics.tactics:
            tc.goals = [g]
            focus_on(tc, g, alt.tactics, alt.span)
        else:
            remaining.append(g)
    tc.goals = remaining + rest


def _open_cases(tc: TacticContext, goal: MVar, stx: T.Tactic) -> list[tuple[CaseGoal, T.InductionAlt | None, MVar]]:
    """Split the goal and open each possible case: its fields introduced (named by its alternative)
    and its equations solved. Impossible cases are left out; an alternative written for one is
    "not needed" (Lean logs that and goes on)."""
    from ..messages import ERROR, Message
    from .cases_indices import CaseGoal, cases_goals, finish_case  # noqa: F811 (at run time)

    goal, major = target_fvar(tc, goal, stx.args["targets"][0], stx.span)  # type: ignore[index]
    if stx.name == "induction":
        if stx.args.get("using") is None:
            check_induction_targets(tc, goal, major, stx.span)
        cases = [CaseGoal(tag, m, arity, reverted) for tag, m, arity, reverted in eliminate(tc, goal, major, True, stx)]
    else:
        cases = cases_goals(tc, goal, major, stx)
    alts: tuple[T.InductionAlt, ...] = stx.args["alts"]  # type: ignore[assignment]
    tags = [c.tag for c in cases]
    wildcard = next((a for a in alts if a.ctor == "_"), None)
    for alt in alts:
        if alt.ctor != "_" and alt.ctor.lstrip("@") not in tags:
            expected = " or ".join(f"'{t}'" for t in tags)
            raise TacticError(alt.span, f"invalid alternative name '{alt.ctor.lstrip('@')}', expected {expected}")
    opened: list[tuple[CaseGoal, T.InductionAlt | None, MVar]] = []
    for case in cases:
        alt = next((a for a in alts if a.ctor.lstrip("@") == case.tag), wildcard)
        names, span = (alt.names, alt.span) if alt is not None else ((), stx.span)
        g = introduce_fields(tc, case.goal, case.arity, names, span, alt is not None and alt.ctor.startswith("@"))
        done = finish_case(tc, case, g, span)
        if done is None:
            if alt is not None and alt is not wildcard:
                tc.te.messages.append(Message(alt.span, ERROR, f"alternative '{case.tag}' is not needed"))
            continue
        opened.append((case, alt, done[0]))
    return opened
