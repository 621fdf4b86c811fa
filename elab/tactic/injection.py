"""`injection h with a b` (Lean's `Lean.Meta.injection`): from `h : C as = C bs`, the equations
`aᵢ = bᵢ` of the fields, as new hypotheses (`head_eq✝ : a = b`, … unless named); from
`h : C as = D bs` with different constructors, the goal is closed. The proofs come from
`ctor_eq` (constructors are injective and disjoint, proved through `casesOn`)."""

from __future__ import annotations

from lantern.kernel.expr import FVAR, Expr, FVar, MVar, mk_app
from lantern.kernel.name import Name

from ..meta.instantiate import mk_lambda_fvars
from ..syntax import tree as T
from .core import TacticContext, TacticError
from .ctor_eq import NotApplicable, ctor_view, disjoint_proof, field_equation, is_prop_type
from .mk import AppBuilderError, const_args, match_eq, mk_app_m, mk_false_elim
from .names import inaccessible
from .registry import tactic


def injection_fail(tc: TacticContext, goal: MVar, span: T.Span, msg: str) -> TacticError:
    return TacticError(span, f"tactic 'injection' failed, {msg}\n{tc.format_goals([goal])}")


def injection_core(
    tc: TacticContext, goal: MVar, h: FVar, span: T.Span, names: list[str | None] | None = None
) -> tuple[MVar, list[FVar]] | None:
    """Close `goal` (return None) if `h` equates different constructors, else add the field
    equations (named from `names`, else `field_eq✝`) and clear `h`."""
    te = tc.te
    d = tc.decl(goal)
    decl = d.lctx.get(h)
    assert decl is not None
    with tc.in_goal(goal):
        eq = match_eq(te, te.instantiate(decl.type))
        if eq is None:
            raise injection_fail(tc, goal, span, "equality expected")
        alpha, lhs, rhs = (te.instantiate(a) for a in eq)
        left, right = ctor_view(te, lhs), ctor_view(te, rhs)
        if left is None or right is None:
            raise injection_fail(tc, goal, span, f"equality of constructor applications expected\n  {te.pp(decl.type)}")
        try:
            if left.ctor.name is not right.ctor.name:
                proof = disjoint_proof(te, h, alpha, lhs, rhs, left)
                tc.assign(goal, mk_false_elim(te, te.instantiate(d.type), proof))
                return None
            eqs: list[tuple[Name, Expr, Expr]] = []
            field_names = _field_names(tc, left.ctor.name, left.ctor.num_params)
            for i in range(len(left.fields)):
                if is_prop_type(te, te.infer(left.fields[i])):
                    continue  # proofs are equal anyway (Lean's `noConfusionType` leaves them out)
                stmt, proof = field_equation(te, h, alpha, lhs, rhs, left, right, i)
                stmt, proof = _heq_to_eq(tc, stmt, proof)
                eqs.append((Name.of(f"{field_names[i]}_eq"), stmt, proof))
        except NotApplicable:
            raise injection_fail(tc, goal, span, f"equality of constructor applications expected\n  {te.pp(decl.type)}") from None
    names = list(names or [])
    lctx = d.lctx
    new_fvars: list[FVar] = []
    values: list[Expr] = []
    for base, stmt, proof in eqs:
        given = names.pop(0) if names else None
        user = inaccessible(base) if given in (None, "_") else Name.of(given)  # type: ignore[arg-type]
        lctx, f = lctx.add(user, stmt)
        new_fvars.append(f)
        values.append(proof)
    from .revert import mentions_any

    # `h` goes, unless something still mentions it.
    keep_h = mentions_any(te.instantiate(d.type), {h.fid}) or any(
        x.fvar.fid != h.fid and mentions_any(te.instantiate(x.type), {h.fid}) for x in d.lctx
    )
    inner_lctx = lctx if keep_h else lctx.remove({h.fid})
    new = tc.new_goal(inner_lctx, te.instantiate(d.type), d.user_name)
    with tc.in_goal(goal):
        body = mk_lambda_fvars(te.mctx, lctx, new_fvars, new)
    tc.assign(goal, mk_app(body, values))
    return new, new_fvars


def _heq_to_eq(tc: TacticContext, stmt: Expr, proof: Expr) -> tuple[Expr, Expr]:
    """`HEq a b` with `a b` of the same type becomes `a = b` by `eq_of_heq` (Lean's `heqToEq`)."""
    te = tc.te
    args = const_args(stmt, "HEq", 4)
    if args is None or not te.is_def_eq(args[0], args[2]):
        return stmt, proof
    try:
        p = mk_app_m(te, "eq_of_heq", [proof])
    except AppBuilderError:  # no `eq_of_heq`: keep the heterogeneous equation
        return stmt, proof
    return te.instantiate(te.infer(p)), p


def _field_names(tc: TacticContext, ctor: Name, num_params: int) -> list[str]:
    from lantern.kernel.expr import PI

    from .names import binder_base

    ty = tc.te.env.kernel.get(ctor).type
    out = []
    k = 0
    while ty.kind == PI:
        if k >= num_params:
            out.append(binder_base(ty.name))  # type: ignore[attr-defined]
        ty = ty.body  # type: ignore[attr-defined]
        k += 1
    return out


@tactic("injection")
def eval_injection(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    te = tc.te
    with tc.in_goal(goal):
        e = te.instantiate(te.elab(stx.args["term"], None))  # type: ignore[arg-type]
        te.synthesize_pending(use_defaults=True, report=False)
        e = te.instantiate(e)
    names = [n.name if isinstance(n, T.Ident) else "_" for n in stx.args["names"]]  # type: ignore[union-attr]
    if e.kind != FVAR:
        # A proof term: first as a hypothesis, then as above.
        from .have import assert_hyp

        with tc.in_goal(goal):
            ty = te.instantiate(te.infer(e))
            goal, e = assert_hyp(tc, goal, inaccessible("h"), ty, e)  # type: ignore[assignment]
    result = injection_core(tc, goal, e, stx.span, list(names))  # type: ignore[arg-type]
    if result is None:
        tc.replace_main_goal([])
        return
    new, fvars = result
    tc.replace_main_goal([new])
    if len(names) > len(fvars):
        unused = ", ".join(names[len(fvars) :])
        raise TacticError(stx.span, f"too many identifiers provided, unused: [{unused}]")

