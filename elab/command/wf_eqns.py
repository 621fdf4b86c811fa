"""Equation lemmas of a definition by well-founded recursion.

Such a definition does not unfold by `rfl` (its fixpoint recurses on an accessibility proof), so
`f.eq_def : ∀ xs, f xs = body` is proved from `WellFounded.fix_eq`:

    f xs ≡ WellFounded.fix wf F ⟨xs⟩ = F ⟨xs⟩ (fun y _ => WellFounded.fix wf F y) = body

the first step by unfolding `f`, the second by `fix_eq`, the last by the case-splitting prover (the
fixpoint's body passes its hypothesis through the `match`es, which a split on the matched variable
makes agree with the body as written). The row equations `f.eq_i` then follow from `eq_def`
(`equations.row_from_def`).
"""

from __future__ import annotations

from lantern.kernel.expr import CONST, Const, Expr, FVar, get_app_args, mk_app
from lantern.kernel.name import Name

from ..eqn_prover import EqnProofError, EqnProver
from ..eqn_statements import EqnStatement

FIX, FIX_EQ, EQ_TRANS = Name.of("WellFounded.fix"), Name.of("WellFounded.fix_eq"), Name.of("Eq.trans")


def prove_wf_eq_def(prover: EqnProver, st: EqnStatement) -> Expr:
    def build(p: EqnProver, vars_: list[FVar], hyps: list[FVar], target: Expr) -> Expr:
        head, args = get_app_args(target)
        ty, lhs, rhs = args
        unfolded = p.tc.unfold_definition(lhs)
        if unfolded is None:
            raise EqnProofError("the function does not unfold")
        fix_app = p.tc.whnf_core(unfolded)
        fix_head, fix_args = get_app_args(fix_app)
        # A function of a mutual block unfolds to its block's fixpoint `f₁._mutual ps (injᵢ ⟨xs⟩)`
        # first (`mutual_wf.py`), which unfolds to the `WellFounded.fix`.
        for _ in range(2):
            if fix_head.kind != CONST or fix_head.name is FIX:  # type: ignore[attr-defined]
                break
            again = p.tc.unfold_definition(fix_app)
            if again is None:
                break
            fix_app = p.tc.whnf_core(again)
            fix_head, fix_args = get_app_args(fix_app)
        if fix_head.kind != CONST or fix_head.name is not FIX or len(fix_args) != 6:  # type: ignore[attr-defined]
            raise EqnProofError("the function is not a `WellFounded.fix`")
        step = mk_app(Const(FIX_EQ, fix_head.levels), fix_args)  # type: ignore[attr-defined]
        _, step_args = get_app_args(p.tc.infer(step))
        middle = step_args[2]
        rest = p.prove_goal(list(vars_), list(hyps), mk_app(head, [ty, middle, rhs]))
        return mk_app(Const(EQ_TRANS, head.levels), [ty, lhs, middle, rhs, step, rest])  # type: ignore[attr-defined]

    return prover.prove_with(st.type, st.nvars, st.nhyps, build)
