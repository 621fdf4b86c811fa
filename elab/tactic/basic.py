"""The basic tactics: `exact`, `refine`, `apply`, `intro`, `intros`, `assumption`, `constructor`,
`left`, `right`, `exists`, `exfalso`, `show`, `rename_i`, `clear`. Each closes the main goal with a
term whose holes are the new goals."""

from __future__ import annotations

from lantern.kernel.expr import CONST, DEFAULT, INST_IMPLICIT, LET, PI, Const, Expr, FVar, MVar, mk_app
from lantern.kernel.instantiate import instantiate1
from lantern.kernel.name import Name

from ..messages import ElabError
from ..meta.context import NATURAL, SYNTHETIC, SYNTHETIC_OPAQUE, is_aux_decl
from ..meta.instantiate import mk_lambda_fvars
from ..syntax import tree as T
from .core import TacticContext, TacticError
from .names import binder_base, inaccessible, rename_inaccessibles
from .registry import tactic
from .revert import mentions_any
from .terms import as_goals, elab_for_goal, new_holes, no_holes


@tactic("exact")
def eval_exact(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    with tc.in_goal(goal) as d:
        e, mark = elab_for_goal(tc, stx.args["term"], d.type, stx.span)  # type: ignore[arg-type]
        no_holes(tc, e, mark, stx.span)
    tc.assign(goal, e)
    tc.replace_main_goal([])


@tactic("refine")
def eval_refine(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    with tc.in_goal(goal) as d:
        e, mark = elab_for_goal(tc, stx.args["term"], d.type, stx.span)  # type: ignore[arg-type]
        holes = new_holes(tc, e, mark, (SYNTHETIC_OPAQUE,))
        rest = new_holes(tc, e, mark, (NATURAL,))
        if rest:
            raise TacticError(stx.span, f"don't know how to synthesize placeholder\ncontext:\n{tc.format_goals([rest[0]])}")
    tc.assign(goal, e)
    tag_untagged(tc, goal, holes)
    tc.replace_main_goal(holes)


def tag_untagged(tc: TacticContext, parent: MVar, goals: list[MVar]) -> None:
    """Lean's `tagUntaggedGoals`: a single new goal inherits the parent's case tag."""
    from lantern.kernel.record import replace

    tag = tc.tag(parent)
    mctx = tc.te.mctx
    if tag is not None and len(goals) == 1 and mctx.decls[goals[0].mid].user_name is None:
        mctx.decls[goals[0].mid] = replace(mctx.decls[goals[0].mid], user_name=tag)


# -- apply ------------------------------------------------------------------------------------------------


def arity(tc: TacticContext, ty: Expr) -> int:
    n = 0
    ty = tc.te.whnf(ty)
    while ty.kind == PI:
        n += 1
        ty = tc.te.whnf(ty.body)  # type: ignore[attr-defined]
    return n


def apply_term(tc: TacticContext, goal: MVar, f: Expr, span: T.Span, what: str = "apply") -> list[MVar]:
    """Lean's `MVarId.apply`: apply `f` to as many new metavariables as make its type match the
    target; the unassigned ones become the new goals (explicit non-dependent ones first)."""
    te = tc.te
    d = tc.decl(goal)
    target = te.instantiate(d.type)
    f_type = te.instantiate(te.infer(f))
    f_arity = arity(tc, f_type)
    t_arity = arity(tc, target)
    first = max(f_arity - t_arity, 0)
    tries = [first] + [i for i in range(f_arity + 1) if i != first]
    for n in tries:
        token = te.mctx.checkpoint()
        args: list[tuple[MVar, int, Name]] = []
        ty = f_type
        e = f
        for _ in range(n):
            ty = te.whnf(ty)
            kind = SYNTHETIC if ty.binfo == INST_IMPLICIT else NATURAL  # type: ignore[attr-defined]
            m = te.new_mvar(ty.type, kind)  # type: ignore[attr-defined]
            args.append((m, ty.binfo, ty.name))  # type: ignore[attr-defined]
            e = mk_app(e, [m])
            ty = instantiate1(ty.body, m)  # type: ignore[attr-defined]
        if te.is_def_eq(ty, target):
            return _apply_goals(tc, goal, e, args, span)
        te.mctx.rollback(token)
    raise TacticError(
        span,
        f"tactic '{what}' failed, could not unify the conclusion of\n  {te.pp(f_type)}\nwith the goal\n  {te.pp(target)}\n"
        + tc.format_goals([goal]),
    )


def _apply_goals(tc: TacticContext, goal: MVar, e: Expr, args: list[tuple[MVar, int, Name]], span: T.Span) -> list[MVar]:
    te = tc.te
    for m, binfo, _ in args:  # instance arguments are solved now, as Lean does
        if binfo == INST_IMPLICIT and m.mid not in te.mctx.assignment:
            inst = te.synth_instance(te.instantiate(te.mctx.decl(m).type))
            if inst is None or not te.is_def_eq(m, inst):
                raise TacticError(span, f"failed to synthesize\n  {te.pp(te.mctx.decl(m).type)}")
    tc.assign(goal, e)
    open_args = [(m, binfo, name) for m, binfo, name in args if m.mid not in te.mctx.assignment]
    # Non-dependent goals first (those no other goal's type mentions), then the dependent ones.
    mentioned = _mentioned_mvars(tc, [m for m, _, _ in open_args])
    nondep = [a for a in open_args if a[0].mid not in mentioned]
    dep = [a for a in open_args if a[0].mid in mentioned]
    goals = []
    parent_tag = tc.tag(goal)
    from lantern.kernel.record import replace

    for m, _, name in nondep + dep:
        d = te.mctx.decls[m.mid]
        tag = Name.of(binder_base(name)) if len(open_args) > 1 or parent_tag is None else parent_tag
        # A goal that other goals' types mention (`?m` in `a ≤ ?m`, `?m ≤ c` after `apply
        # Nat.le_trans`) stays assignable by unification, as Lean's natural goals are: `exact h₁`
        # on the first goal solves it.
        kind = SYNTHETIC_OPAQUE if m.mid not in mentioned else d.kind
        te.mctx.decls[m.mid] = replace(d, kind=kind, user_name=tag)
        goals.append(m)
    return goals


@tactic("apply")
def eval_apply(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    with tc.in_goal(goal):
        te = tc.te
        mark = te.mctx.mark()
        f = elab_for_apply(tc, stx.args["term"])  # type: ignore[arg-type]
        te.synthesize_pending(use_defaults=False, report=False)
        f = te.instantiate(f)
        goals = apply_term(tc, goal, f, stx.span)
        # Holes of the applied term that unification did not solve are goals too, after the others;
        # those that other goals mention stay assignable (see `_apply_goals`).
        holes = [h for h in new_holes(tc, f, mark, (NATURAL, SYNTHETIC_OPAQUE)) if all(h.mid != g.mid for g in goals)]
        mentioned = _mentioned_mvars(tc, goals + holes)
        as_goals(tc, [h for h in holes if h.mid not in mentioned])
    tc.replace_main_goal(goals + holes)


def elab_for_apply(tc: TacticContext, term: T.Term) -> Expr:
    """The function `apply` applies. A name stands for the constant or hypothesis itself, its
    implicit arguments not filled in (Lean's `elabTermForApply`): `apply` then makes them goals named
    after their binders (`case m` after `apply Nat.le_trans`)."""
    te = tc.te
    if isinstance(term, T.Ident):
        token = te.mctx.checkpoint()
        num_messages = len(te.messages)
        try:
            return te.elab(T.Explicit(term.span, term), None)
        except ElabError:
            te.mctx.rollback(token)
            del te.messages[num_messages:]
    return te.elab(term, None)


def _mentioned_mvars(tc: TacticContext, goals: list[MVar]) -> set[int]:
    from ..meta.instantiate import collect_mvars

    te = tc.te
    mentioned: set[int] = set()
    for m in goals:
        mentioned.update(collect_mvars(te.instantiate(te.mctx.decl(m).type)))
    return mentioned


# -- intro ------------------------------------------------------------------------------------------------


def intro_one(tc: TacticContext, goal: MVar, name: Name | None, span: T.Span, whnf: bool = True) -> tuple[MVar, FVar]:
    """Introduce the first binder of the target (a Π or a `let`), named `name` or inaccessibly."""
    te = tc.te
    d = tc.decl(goal)
    target = te.instantiate(d.type)
    if target.kind not in (PI, LET) and whnf:
        with tc.in_goal(goal):
            target = te.whnf(target)
    if target.kind not in (PI, LET):
        raise TacticError(span, f"no additional binders or let-bindings in the goal to introduce\n{tc.format_goals([goal])}")
    user = name if name is not None else inaccessible(binder_base(target.name))  # type: ignore[attr-defined]
    value = target.value if target.kind == LET else None  # type: ignore[attr-defined]
    binfo = target.binfo if target.kind == PI else DEFAULT  # type: ignore[attr-defined]
    lctx, fvar = d.lctx.add(user, target.type, value, binfo)  # type: ignore[attr-defined]
    new = tc.new_goal(lctx, instantiate1(target.body, fvar), d.user_name)  # type: ignore[attr-defined]
    tc.assign(goal, mk_lambda_fvars(te.mctx, lctx, [fvar], new))
    return new, fvar


@tactic("intro")
def eval_intro(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    patterns = stx.args["patterns"] or (None,)
    for p in patterns:  # type: ignore[union-attr]
        if p is None or isinstance(p, T.Hole):
            goal, _ = intro_one(tc, goal, None, stx.span)
        elif isinstance(p, T.Ident) and "." not in p.name and p.name != "rfl":
            goal, _ = intro_one(tc, goal, Name.of(p.name), stx.span)
        else:
            goal, fvar = intro_one(tc, goal, None, stx.span)
            from .rcases import rcases_on

            tc.replace_main_goal([goal])
            rcases_on(tc, goal, fvar, p, stx.span)
            goal = tc.main_goal(stx.span)
            continue
        tc.replace_main_goal([goal])


@tactic("intros")
def eval_intros(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    names = stx.args["names"]
    if names:
        for n in names:  # type: ignore[union-attr]
            goal, _ = intro_one(tc, goal, None if isinstance(n, T.Hole) else Name.of(n.name), stx.span)
    else:
        while tc.te.instantiate(tc.decl(goal).type).kind in (PI, LET):
            goal, _ = intro_one(tc, goal, None, stx.span, whnf=False)
    tc.replace_main_goal([goal])


@tactic("rename_i")
def eval_rename_i(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    tc.replace_main_goal([rename_inaccessibles(tc, goal, stx.args["names"], stx.span)])  # type: ignore[arg-type]


# -- assumption, constructor, left/right, exists, exfalso, show ---------------------------------------------


def find_assumption(tc: TacticContext, goal: MVar) -> Expr | None:
    te = tc.te
    d = tc.decl(goal)
    with tc.in_goal(goal):
        for h in reversed(d.lctx.decls):
            if is_aux_decl(h):
                continue
            token = te.mctx.checkpoint()
            if te.is_def_eq(h.type, d.type):
                return h.fvar
            te.mctx.rollback(token)
    return None


@tactic("assumption")
def eval_assumption(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    h = find_assumption(tc, goal)
    if h is None:
        raise TacticError(stx.span, "tactic 'assumption' failed\n" + tc.format_goals([goal]))
    tc.assign(goal, h)
    tc.replace_main_goal([])


def target_inductive(tc: TacticContext, goal: MVar, span: T.Span, what: str):  # noqa: ANN201
    from lantern.kernel.declaration import InductiveInfo
    from lantern.kernel.expr import get_app_fn

    te = tc.te
    with tc.in_goal(goal):
        target = te.whnf(te.instantiate(tc.decl(goal).type))
    head = get_app_fn(target)
    info = te.env.kernel.find(head.name) if head.kind == CONST else None  # type: ignore[attr-defined]
    if not isinstance(info, InductiveInfo):
        raise TacticError(span, f"tactic '{what}' failed, target is not an inductive datatype\n{tc.format_goals([goal])}")
    return info, head


def apply_ctor(tc: TacticContext, goal: MVar, ctor: Name, head: Expr, span: T.Span, what: str) -> list[MVar]:
    with tc.in_goal(goal):
        return apply_term(tc, goal, Const(ctor, head.levels), span, what)  # type: ignore[attr-defined]


@tactic("constructor")
def eval_constructor(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    info, head = target_inductive(tc, goal, stx.span, "constructor")
    for ctor in info.ctors:
        saved = tc.save()
        try:
            goals = apply_ctor(tc, goal, ctor, head, stx.span, "constructor")
        except TacticError:
            tc.restore(saved)
            continue
        tc.replace_main_goal(goals)
        return
    raise TacticError(stx.span, f"tactic 'constructor' failed, no applicable constructor found\n{tc.format_goals([goal])}")


def _left_right(tc: TacticContext, stx: T.Tactic, index: int) -> None:
    goal = tc.main_goal(stx.span)
    info, head = target_inductive(tc, goal, stx.span, stx.name)
    if len(info.ctors) != 2:
        raise TacticError(stx.span, f"{stx.name} tactic works for inductive types with exactly 2 constructors\n{tc.format_goals([goal])}")
    tc.replace_main_goal(apply_ctor(tc, goal, info.ctors[index], head, stx.span, stx.name))


@tactic("left")
def eval_left(tc: TacticContext, stx: T.Tactic) -> None:
    _left_right(tc, stx, 0)


@tactic("right")
def eval_right(tc: TacticContext, stx: T.Tactic) -> None:
    _left_right(tc, stx, 1)


@tactic("exists")
def eval_exists(tc: TacticContext, stx: T.Tactic) -> None:
    """`exists a, b` is `refine ⟨a, b, ?_⟩; try trivial`."""
    from .run import attempt

    terms = list(stx.args["terms"])  # type: ignore[arg-type]
    anon = T.AnonCtor(stx.span, tuple(terms) + (T.Hole(stx.span, synthetic=True),))
    eval_refine(tc, T.Tactic(stx.span, "refine", {"term": anon}))
    attempt(tc, T.Tactic(stx.span, "trivial", {}))


@tactic("exfalso")
def eval_exfalso(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    d = tc.decl(goal)
    with tc.in_goal(goal):
        level = tc.te.sort_level_of(d.type)
    new = tc.new_goal(d.lctx, Const(Name.of("False")), d.user_name)
    tc.assign(goal, mk_app(Const(Name.of("False.elim"), (level,)), [d.type, new]))
    tc.replace_main_goal([new])


@tactic("show")
def eval_show(tc: TacticContext, stx: T.Tactic) -> None:
    """`show T`: the first goal whose target unifies with `T` becomes the main goal, stated as `T`."""
    te = tc.te
    tc.prune()
    last_error = None
    for goal in list(tc.goals):
        saved = tc.save()
        with tc.in_goal(goal) as d:
            try:
                ty = te.elab_type(stx.args["term"])  # type: ignore[arg-type]
                te.synthesize_pending(use_defaults=True, report=False)
            except TacticError as ex:
                last_error = ex
                tc.restore(saved)
                continue
            if te.is_def_eq(ty, d.type):
                new = tc.new_goal(d.lctx, te.instantiate(ty), d.user_name)
                tc.assign(goal, new)
                tc.goals = [new] + [g for g in tc.goals if g is not goal]
                return
        tc.restore(saved)
    if last_error is not None:
        raise last_error
    goal = tc.main_goal(stx.span)
    with tc.in_goal(goal):
        ty = te.elab_type(stx.args["term"])  # type: ignore[arg-type]
    raise TacticError(stx.span, f"type mismatch\n  {te.pp(ty)}\nis not definitionally equal to the target\n{tc.format_goals([goal])}")


@tactic("clear")
def eval_clear(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    te = tc.te
    for n in stx.args["names"]:  # type: ignore[union-attr]
        d = tc.decl(goal)
        h = d.lctx.find_user(Name.of(n.name))
        if h is None:
            raise TacticError(n.span, f"unknown hypothesis '{n.name}'")
        fid = h.fvar.fid
        users = [x.name for x in d.lctx if x.fvar.fid != fid and mentions_any(te.instantiate(x.type), {fid})]
        if users or mentions_any(te.instantiate(d.type), {fid}):
            what = f"variable '{users[0]}'" if users else "target"
            raise TacticError(n.span, f"tactic 'clear' failed, {what} depends on '{n.name}'")
        new = tc.new_goal(d.lctx.remove({fid}), d.type, d.user_name)
        tc.assign(goal, new)
        goal = new
    tc.replace_main_goal([goal])
