"""`contradiction` (Lean's `Lean.MVarId.contradiction`): close the goal from hypotheses that cannot
all hold. Tried on each hypothesis, in order:

- `h : ¬p` with some `h' : p` in the context (`absurd h' h`);
- `h : a ≠ b` with `a` and `b` definitionally equal (`absurd rfl h`);
- `h : C as = D bs`, different constructors (`ctor_eq.disjoint_proof`);
- `h : p` with `p` closed and `Decidable p` evaluating to `isFalse` (`absurd h (of_decide_eq_false rfl)`);
- `h : T` with `T` an inductive type without constructors (`False`, …), by `casesOn`.

The goal may be of any sort: every proof ends in `False.elim`/`absurd` at the target.
"""

from __future__ import annotations

from lantern.kernel.declaration import InductiveInfo
from lantern.kernel.expr import CONST, Const, Expr, MVar, get_app_args, mk_app
from lantern.kernel.level import mk_succ, mk_zero
from lantern.kernel.name import Name

from ..meta.context import is_aux_decl
from ..syntax import tree as T
from .core import TacticContext, TacticError
from .ctor_eq import NotApplicable, ctor_view, disjoint_proof
from .mk import const_args, match_eq, match_not, mk_absurd, mk_false_elim
from .registry import tactic


def contradiction_proof(tc: TacticContext, goal: MVar) -> Expr | None:
    """A proof of the goal's target from contradictory hypotheses, or None."""
    te = tc.te
    d = tc.decl(goal)
    target = te.instantiate(d.type)
    with tc.in_goal(goal):
        for decl in d.lctx:
            if is_aux_decl(decl):
                continue
            ty = te.instantiate(decl.type)
            h = decl.fvar
            # (h : ¬p) (h' : p)
            p = match_not(te, ty)
            if p is not None:
                for other in d.lctx:
                    if other.fvar.fid != h.fid and not is_aux_decl(other):
                        token = te.mctx.checkpoint()
                        if te.is_def_eq(te.instantiate(other.type), p):
                            return mk_absurd(te, target, other.fvar, h)
                        te.mctx.rollback(token)
            # (h : a ≠ a)
            ne = const_args(ty, "Ne", 3)
            if ne is not None and te.is_def_eq(ne[1], ne[2]):
                refl = mk_app(Const(Name.of("Eq.refl"), (te.sort_level_of(ne[0]),)), [ne[0], ne[1]])
                return mk_false_elim(te, target, mk_app(h, [refl]))
            # (h : C … = D …)
            eq = match_eq(te, ty, whnf=False)
            if eq is not None:
                proof = _ctor_mismatch(tc, h, *eq)
                if proof is not None:
                    return mk_false_elim(te, target, proof)
            # (h : p) with `decide p = false`
            proof = _decide_false(tc, h, ty, target)
            if proof is not None:
                return proof
            # (h : <empty type>)
            if eq is None:
                proof = _empty_type(tc, h, ty, target)
                if proof is not None:
                    return proof
    return None


def _ctor_mismatch(tc: TacticContext, h: Expr, alpha: Expr, lhs: Expr, rhs: Expr) -> Expr | None:
    te = tc.te
    left, right = ctor_view(te, lhs), ctor_view(te, rhs)
    if left is None or right is None or left.ctor.name is right.ctor.name:
        return None
    try:
        return disjoint_proof(te, h, te.instantiate(alpha), te.instantiate(lhs), te.instantiate(rhs), left)
    except NotApplicable:
        return None


def _decide_false(tc: TacticContext, h: Expr, p: Expr, target: Expr) -> Expr | None:
    """`absurd h (of_decide_eq_false (Eq.refl false))` when `p` is closed and decides to false."""
    te = tc.te
    if p.has_fvar or p.has_mvar:
        return None
    s = te.whnf(te.infer(p))
    if not _is_prop_sort(s):
        return None
    dec = mk_app(Const(Name.of("Decidable")), [p])
    token = te.mctx.checkpoint()
    inst = te.synth_instance(dec)
    if inst is None:
        te.mctx.rollback(token)
        return None
    inst = te.instantiate(inst)
    try:
        value = te.whnf(inst)
    except Exception:  # noqa: BLE001 (evaluation may fail on stuck terms: not a contradiction then)
        return None
    head, _ = get_app_args(value)
    if not (head.kind == CONST and str(head.name) == "Decidable.isFalse"):  # type: ignore[attr-defined]
        return None
    bool_false = Const(Name.of("Bool.false"))
    refl = mk_app(Const(Name.of("Eq.refl"), (mk_succ(mk_zero()),)), [Const(Name.of("Bool")), bool_false])
    not_p = mk_app(Const(Name.of("of_decide_eq_false")), [p, inst, refl])
    return mk_absurd(te, target, h, not_p)


def _is_prop_sort(s: Expr) -> bool:
    from lantern.kernel.expr import SORT

    return s.kind == SORT and s.level == mk_zero()  # type: ignore[attr-defined]


def _empty_type(tc: TacticContext, h: Expr, ty: Expr, target: Expr) -> Expr | None:
    """`I.casesOn (motive := fun _ => target) h` for an inductive type `I` without constructors."""
    te = tc.te
    w = te.whnf(ty)
    head, args = get_app_args(w)
    ind = te.env.kernel.find(head.name) if head.kind == CONST else None  # type: ignore[attr-defined]
    if not isinstance(ind, InductiveInfo) or ind.ctors or ind.num_indices:
        return None
    cases = te.env.kernel.find(ind.name.child("casesOn"))
    if cases is None:
        return None
    level = te.sort_level_of(target)
    large = len(cases.level_params) == len(ind.level_params) + 1
    if not large and level != mk_zero():
        # Eliminates only into `Prop`: go through `False`.
        inner = _empty_type_prop(tc, ind, head, args, h)
        return None if inner is None else mk_false_elim(te, target, inner)
    motive = _const_fun(w, target)
    levels = (level, *head.levels) if large else head.levels  # type: ignore[attr-defined]
    return mk_app(Const(ind.name.child("casesOn"), levels), [*args, motive, h])


def _empty_type_prop(tc: TacticContext, ind: InductiveInfo, head: Expr, args: list[Expr], h: Expr) -> Expr | None:
    w = mk_app(head, args)
    false_ = Const(Name.of("False"))
    return mk_app(Const(ind.name.child("casesOn"), head.levels), [*args, _const_fun(w, false_), h])  # type: ignore[attr-defined]


def _const_fun(domain: Expr, body: Expr) -> Expr:
    from lantern.kernel.expr import Lam

    return Lam(Name.of("x"), domain, body)


@tactic("contradiction")
def eval_contradiction(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    proof = contradiction_proof(tc, goal)
    if proof is None:
        raise TacticError(stx.span, f"tactic 'contradiction' failed\n{tc.format_goals([goal])}")
    tc.close_with(goal, proof, stx.span, "contradiction")
    tc.replace_main_goal([])
