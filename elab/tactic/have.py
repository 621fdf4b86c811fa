"""Adding facts to the context: `have`, `let`, `suffices` (Lean's `refine_lift have …; ?_` and its
relatives).

- `have h : T := e` proves the main goal by `(fun h => ?new) e`: `h` is opaque in the new goal.
  Without `:= e`, `T` becomes a goal of its own, before the main goal. `have ⟨a, b⟩ := e` destructures
  `e` as `obtain` does. Holes `?_` in `e` become goals, before the main goal (as `refine` orders them).
- `let x : T := e` proves it by `let x := e; ?new`: `x` unfolds to `e` in the new goal.
- `suffices h : T from e` (or `by tacs`) proves the main goal by `(fun h => e) ?t`, leaving the goal
  `T`; without `from`/`by`, the main goal with `h` comes first and `T` second.
"""

from __future__ import annotations

from lantern.kernel.expr import Expr, FVar, MVar, mk_app
from lantern.kernel.name import Name

from ..meta.context import NATURAL, SYNTHETIC_OPAQUE
from ..meta.instantiate import mk_lambda_fvars
from ..syntax import tree as T
from .core import TacticContext, TacticError
from .names import inaccessible
from .registry import tactic
from .terms import as_goals, new_holes


def _decl_type(tc: TacticContext, binders: tuple[T.Binder, ...], type_stx: T.Term | None, span: T.Span) -> Expr | None:
    """The stated type, over the binders written before it (`have f (x : A) : B` states `∀ x : A, B`)."""
    if type_stx is None:
        if binders:
            raise TacticError(span, "a type is required after the binders when there is no value")
        return None
    stx: T.Term = T.Pi(type_stx.span, binders, type_stx) if binders else type_stx
    ty = tc.te.elab_type(stx)
    tc.te.synthesize_pending(use_defaults=True, report=False)
    return tc.te.instantiate(ty)


def _elab_value(tc: TacticContext, binders: tuple[T.Binder, ...], type_stx: T.Term | None, value: T.Term, span: T.Span) -> tuple[Expr, Expr, list[MVar]]:
    """The value and its type, elaborated in the current goal's context; the holes it leaves
    (`?_`, and `_` nothing determined) are returned as new goals."""
    te = tc.te
    mark = te.mctx.mark()
    ty, v = te.elab_let_value(binders, type_stx, value)
    te.synthesize_pending()
    v, ty = te.instantiate(v), te.instantiate(ty)
    holes = as_goals(tc, new_holes(tc, v, mark, (SYNTHETIC_OPAQUE, NATURAL)))
    return ty, v, holes


def add_hyp(tc: TacticContext, goal: MVar, name: Name, ty: Expr, value: Expr, let: bool = False) -> MVar:
    """The main goal with `name : ty` added (`have`: opaque; `let`: with its value)."""
    return assert_hyp(tc, goal, name, ty, value, let)[0]


def assert_hyp(tc: TacticContext, goal: MVar, name: Name, ty: Expr, value: Expr, let: bool = False) -> tuple[MVar, FVar]:
    """`goal` with the hypothesis `name : ty`, proved by `value`, added at the end of its context:
    the new goal and the new hypothesis (Lean's `assert` + `intro`; with `let`, a local definition)."""
    te = tc.te
    d = tc.decl(goal)
    lctx, x = d.lctx.add(name, te.instantiate(ty), value if let else None)
    new = tc.new_goal(lctx, te.instantiate(d.type), d.user_name)
    body = mk_lambda_fvars(te.mctx, lctx, [x], new)
    tc.assign(goal, body if let else mk_app(body, [value]))
    return new, x


def _name_of(stx: T.Tactic) -> Name:
    """`this` when no name is written; `_` is a name the user cannot refer to (`x✝`)."""
    name = stx.args["name"]
    if name is None:
        return Name.of("this")
    return inaccessible("x") if name == "_" else Name.of(name)  # type: ignore[arg-type]


@tactic("have")
def eval_have(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    name = stx.args["name"]
    binders: tuple[T.Binder, ...] = stx.args["binders"]  # type: ignore[assignment]
    type_stx: T.Term | None = stx.args["type"]  # type: ignore[assignment]
    value: T.Term | None = stx.args["value"]  # type: ignore[assignment]
    if name is not None and not isinstance(name, str):
        # `have ⟨a, b⟩ := e` is `obtain ⟨a, b⟩ := e`.
        from .rcases import eval_obtain

        values = (value,) if value is not None else ()
        eval_obtain(tc, T.Tactic(stx.span, "obtain", {"pattern": name, "type": type_stx, "values": values}))
        return
    with tc.in_goal(goal) as d:
        if value is None:
            ty = _decl_type(tc, binders, type_stx, stx.span)
            if ty is None:
                raise TacticError(stx.span, "`have` needs a type (`have h : T`) or a value (`have h := e`)")
            side = tc.new_goal(d.lctx, ty, None)
            new = add_hyp(tc, goal, _name_of(stx), ty, side)
            tc.replace_main_goal([side, new])
            return
        ty, v, holes = _elab_value(tc, binders, type_stx, value, stx.span)
    new = add_hyp(tc, goal, _name_of(stx), ty, v)
    tc.replace_main_goal([*holes, new])


@tactic("let")
def eval_let(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    name = stx.args["name"]
    if name is not None and not isinstance(name, str):
        raise TacticError(stx.span, "pattern `let` is not supported yet: use `obtain` or `have`")
    value: T.Term | None = stx.args["value"]  # type: ignore[assignment]
    if value is None:
        raise TacticError(stx.span, "`let` needs a value (`let x : T := e`)")
    with tc.in_goal(goal):
        ty, v, holes = _elab_value(tc, stx.args["binders"], stx.args["type"], value, stx.span)  # type: ignore[arg-type]
    new = add_hyp(tc, goal, _name_of(stx), ty, v, let=True)
    tc.replace_main_goal([*holes, new])


@tactic("suffices")
def eval_suffices(tc: TacticContext, stx: T.Tactic) -> None:
    te = tc.te
    goal = tc.main_goal(stx.span)
    value: T.Term | None = stx.args["value"]  # type: ignore[assignment]
    name = _name_of(stx)
    with tc.in_goal(goal) as d:
        ty = _decl_type(tc, (), stx.args["type"], stx.span)  # type: ignore[arg-type]
        assert ty is not None
        t_goal = tc.new_goal(d.lctx, ty, d.user_name)
        lctx, h = d.lctx.add(name, ty)
        target = te.instantiate(d.type)
        if value is None:
            main = tc.new_goal(lctx, target, d.user_name)
            tc.assign(goal, mk_app(mk_lambda_fvars(te.mctx, lctx, [h], main), [t_goal]))
            tc.replace_main_goal([main, t_goal])
            return
        saved = te.lctx
        te.lctx = lctx
        try:
            mark = te.mctx.mark()
            body = te.elab_checked(value, target)
            te.synthesize_pending()
            body = te.instantiate(body)
            holes = as_goals(tc, new_holes(tc, body, mark, (SYNTHETIC_OPAQUE, NATURAL)))
            fn = mk_lambda_fvars(te.mctx, lctx, [h], body)
        finally:
            te.lctx = saved
    tc.assign(goal, mk_app(fn, [t_goal]))
    tc.replace_main_goal([*holes, t_goal])
