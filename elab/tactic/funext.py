"""`funext x y` (Lean's macro: `apply funext; intro x; funext y`; bare `funext` repeats
`apply funext; intro` while it applies).

Function extensionality is the theorem `funext`, which Lean proves from `Quot.sound`. Lantern's
prelude can only state it once it declares the quotient package (the kernel supports `Quot`, but no
command declares it yet), so until then this tactic reports that `funext` is missing rather than
assuming it.
"""

from __future__ import annotations

from lantern.kernel.expr import PI, Const, mk_app
from lantern.kernel.instantiate import instantiate1
from lantern.kernel.name import Name

from ..meta.instantiate import beta, mk_forall_fvars, mk_lambda_fvars
from ..syntax import tree as T
from .core import TacticContext, TacticError
from .mk import match_eq
from .registry import tactic
from .run import attempt, eval_tactic

FUNEXT = Name.of("funext")


def apply_funext(tc: TacticContext, span: T.Span) -> None:
    """`apply funext`, with the implicit arguments read off the goal `@Eq ((x : α) → β x) f g`
    (so no higher-order unification is needed for `β`); the new goal is `∀ x, f x = g x`."""
    te = tc.te
    if FUNEXT not in te.env.kernel:
        raise TacticError(
            span, "tactic 'funext' failed, the theorem 'funext' is not in the environment (it is proved from `Quot.sound`)"
        )
    goal = tc.main_goal(span)
    d = tc.decl(goal)
    with tc.in_goal(goal):
        eq = match_eq(te, te.instantiate(d.type))
        fn_type = te.whnf(eq[0]) if eq is not None else None
        if eq is None or fn_type is None or fn_type.kind != PI:
            raise TacticError(span, f"tactic 'apply' failed, the goal is not an equation between functions\n{tc.format_goals([goal])}")
        _, f, g = eq
        alpha = fn_type.type  # type: ignore[attr-defined]
        with te.with_local(fn_type.name, alpha) as x:  # type: ignore[attr-defined]
            body = instantiate1(fn_type.body, x)  # type: ignore[attr-defined]
            beta_fn = mk_lambda_fvars(te.mctx, te.lctx, [x], body)
            v = te.sort_level_of(body)
            pointwise = mk_forall_fvars(te.mctx, te.lctx, [x], mk_app(Const(Name.of("Eq"), (v,)), [body, beta(f, [x]), beta(g, [x])]))
        u = te.sort_level_of(alpha)
        new = tc.new_goal(d.lctx, pointwise, d.user_name)
        proof = mk_app(Const(FUNEXT, (u, v)), [alpha, beta_fn, f, g, new])
    tc.close_with(goal, proof, span, "funext")
    tc.replace_main_goal([new])


@tactic("funext")
def eval_funext(tc: TacticContext, stx: T.Tactic) -> None:
    patterns = stx.args["patterns"]
    intro = T.Tactic(stx.span, "intro", {"patterns": ()})
    if not patterns:
        apply_funext(tc, stx.span)
        eval_tactic(tc, intro)
        while True:
            saved = tc.save()
            try:
                apply_funext(tc, stx.span)
            except TacticError:
                tc.restore(saved)
                return
            if attempt(tc, intro) is not None:
                tc.restore(saved)
                return
    for p in patterns:  # type: ignore[union-attr]
        apply_funext(tc, stx.span)
        eval_tactic(tc, T.Tactic(stx.span, "intro", {"patterns": (p,)}))
