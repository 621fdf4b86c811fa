"""Proving that recursive calls decrease: Lean's `decreasing_tactic`, for goals `m as < m vs` on `Nat`.

The goals arrive cleaned up already (`wf_fix.py` states them as `<` on the measure, not through
`InvImage`/`measure`). The default tactic tries, in order and silently: `assumption`; the lemmas
Lean's `decreasing_trivial` uses for `n - m < n` (`Nat.sub_lt`, its side conditions `0 < n` from
hypotheses `0 < n`, `c < n` or `n ≠ 0`) and `n < n + 1`; then `omega`, `simp_arith` and `decide`
when those tactics are registered. A lexicographic goal `a < b ∨ a = b ∧ …` is split: the first
component decreases, or stays (by `rfl`) and the rest does. Every proof is a term the kernel checks
with the definition.
"""

from __future__ import annotations

from lantern.kernel.expr import CONST, NATLIT, Const, Expr, MVar, get_app_args, mk_app
from lantern.kernel.level import mk_zero
from lantern.kernel.name import Name

from ..meta.context import is_aux_decl
from ..syntax import tree as T
from ..tactic.core import TacticContext
from ..tactic.registry import TACTICS
from ..tactic.run import attempt
from ..term.elaborator import TermElab

NAT = Const(Name.of("Nat"))
FALLBACK_TACTICS = ("omega", "simp_arith", "decide")


def prove_decreasing(te: TermElab, goal: MVar, span: T.Span) -> bool:
    """Close `goal` with the default decreasing tactic; leave it untouched if that fails."""
    target = te.instantiate(te.mctx.decl(goal).type)
    lex = _app_of(target, "Or", 2)
    if lex is not None:
        return prove_lex(te, goal, lex[0], lex[1], span)
    tc = TacticContext(te, [goal], span)
    if attempt(tc, T.Tactic(span, "assumption", {})) is None and not _open(tc):
        return True
    token = te.mctx.checkpoint()
    with tc.in_goal(goal) as d:
        proof = prove_lt(te, te.instantiate(d.type))
        if proof is not None and te.is_def_eq(te.infer(proof), d.type):
            te.mctx.assign(goal.mid, proof)
            return True
    te.mctx.rollback(token)
    goal = _unfolded(te, goal)
    for name in FALLBACK_TACTICS:
        if name in TACTICS:
            tc = TacticContext(te, [goal], span)
            saved = tc.save()
            try:
                if attempt(tc, T.Tactic(span, name, {})) is None and not _open(tc):
                    return True
            except Exception:  # noqa: BLE001 (another tactic's bug must not fail the definition)
                tc.restore(saved)
    te.mctx.rollback(token)  # (the goal as it was, for the message)
    return False


def prove_lex(te: TermElab, goal: MVar, first: Expr, rest: Expr, span: T.Span) -> bool:
    """`a < b ∨ a = b ∧ …` (a lexicographic measure): the first component decreases, or it is the
    same (by `rfl`) and the rest decreases."""
    from ..meta.context import SYNTHETIC_OPAQUE

    lctx = te.mctx.decl(goal).lctx
    token = te.mctx.checkpoint()
    left = te.mctx.new_mvar(first, lctx, SYNTHETIC_OPAQUE)
    if prove_decreasing(te, left, span):
        te.mctx.assign(goal.mid, mk_app(_const("Or.inl"), [first, rest, left]))
        return True
    te.mctx.rollback(token)
    conj = _app_of(rest, "And", 2)
    eq = _app_of(conj[0], "Eq", 3) if conj is not None else None
    if conj is None or eq is None:
        return False
    saved = te.lctx
    te.lctx = lctx
    try:
        same = te.is_def_eq(eq[1], eq[2])
    finally:
        te.lctx = saved
    if not same:
        return False
    right = te.mctx.new_mvar(conj[1], lctx, SYNTHETIC_OPAQUE)
    if not prove_decreasing(te, right, span):
        te.mctx.rollback(token)
        return False
    refl = mk_app(Const(Name.of("Eq.refl"), _app_levels(conj[0])), [eq[0], eq[1]])
    both = mk_app(_const("And.intro"), [conj[0], conj[1], refl, right])
    te.mctx.assign(goal.mid, mk_app(_const("Or.inr"), [first, rest, both]))
    return True


def _app_levels(e: Expr) -> tuple:  # type: ignore[type-arg]
    head, _ = get_app_args(e)
    return head.levels  # type: ignore[attr-defined]


def _unfolded(te: TermElab, goal: MVar) -> MVar:
    """The goal restated with functions applied to constructors unfolded (`wf_unfold.py`), so that
    `omega` sees `xs.length + 1` rather than `(x :: xs).length`; the goal itself if nothing changes."""
    from ..meta.context import SYNTHETIC_OPAQUE
    from .wf_unfold import unfold_ctor_apps

    d = te.mctx.decl(goal)
    saved = te.lctx
    te.lctx = d.lctx
    try:
        target = te.instantiate(d.type)
        new = unfold_ctor_apps(te, target)
        if new is target or new == target:
            return goal
        fresh = te.mctx.new_mvar(new, d.lctx, SYNTHETIC_OPAQUE)
        te.mctx.assign(goal.mid, fresh)  # the two statements are definitionally equal
        return fresh
    finally:
        te.lctx = saved


def _open(tc: TacticContext) -> bool:
    tc.prune()
    return bool(tc.goals)


# -- a few lemmas, as terms ---------------------------------------------------------------------------


def _app_of(e: Expr, name: str, nargs: int) -> list[Expr] | None:
    head, args = get_app_args(e)
    if head.kind == CONST and str(head.name) == name and len(args) == nargs:  # type: ignore[attr-defined]
        return args
    return None


def _nat_binop(e: Expr, cls: str) -> tuple[Expr, Expr] | None:
    """`a ∘ b` on `Nat` through the class (`HSub.hSub Nat Nat Nat inst a b`)."""
    args = _app_of(e, cls, 6)
    if args is None:
        return None
    return args[4], args[5]


def _const(name: str) -> Const:
    return Const(Name.of(name))


def prove_lt(te: TermElab, target: Expr) -> Expr | None:
    args = _app_of(target, "LT.lt", 4)
    if args is None:
        return None
    a, b = args[2], args[3]
    sub = _nat_binop(a, "HSub.hSub")
    if sub is not None and te.is_def_eq(sub[0], b):
        # `n - m < n` from `0 < n` and `0 < m`.
        pn, pm = prove_pos(te, b), prove_pos(te, sub[1])
        if pn is not None and pm is not None:
            return mk_app(_const("Nat.sub_lt"), [b, sub[1], pn, pm])
    # `n < n + 1`
    candidate = mk_app(_const("Nat.lt_succ_self"), [a])
    if te.is_def_eq(te.infer(candidate), target):
        return candidate
    # `a < b` from a hypothesis `a < c` with `c ≤ b` by `Nat.le_refl`/`Nat.sub_le`: not attempted.
    return None


def prove_pos(te: TermElab, n: Expr) -> Expr | None:
    """A proof of `0 < n`: a hypothesis, `n` a successor, or a hypothesis `c < n`."""
    zero = mk_app(Const(Name.of("OfNat.ofNat"), (mk_zero(),)), [NAT, _natlit(0), mk_app(_const("instOfNatNat"), [_natlit(0)])])
    want = mk_app(Const(Name.of("LT.lt"), (mk_zero(),)), [NAT, _const("instLTNat"), zero, n])
    for d in reversed(te.lctx.decls):
        if is_aux_decl(d):
            continue
        ty = te.instantiate(d.type)
        if te.is_def_eq(ty, want):
            return d.fvar
    w = te.whnf(n)
    head, args = get_app_args(w)
    if head.kind == CONST and str(head.name) == "Nat.succ" and len(args) == 1:  # type: ignore[attr-defined]
        return mk_app(_const("Nat.zero_lt_succ"), [args[0]])
    if w.kind == NATLIT and w.value > 0:  # type: ignore[attr-defined]
        return mk_app(_const("Nat.zero_lt_succ"), [_natlit(w.value - 1)])  # type: ignore[attr-defined]
    ne_zero = mk_app(_const("Not"), [mk_app(Const(Name.of("Eq"), (_one(),)), [NAT, n, zero])])
    for d in reversed(te.lctx.decls):
        if is_aux_decl(d):
            continue
        ty = te.instantiate(d.type)
        lt = as_lt(ty)
        if lt is not None and te.is_def_eq(lt[1], n):
            return mk_app(_const("Nat.zero_lt_of_lt"), [lt[0], n, d.fvar])
        if te.is_def_eq(ty, ne_zero):
            return mk_app(_const("Nat.pos_of_ne_zero"), [n, d.fvar])
    return None


def _one():  # type: ignore[no-untyped-def]
    from lantern.kernel.level import mk_succ

    return mk_succ(mk_zero())


def as_lt(ty: Expr) -> tuple[Expr, Expr] | None:
    """`(a, b)` if `ty` is `a < b` or `b > a`."""
    lt = _app_of(ty, "LT.lt", 4)
    if lt is not None:
        return lt[2], lt[3]
    gt = _app_of(ty, "GT.gt", 4)
    if gt is not None:
        return gt[3], gt[2]
    return None


def _natlit(k: int) -> Expr:
    from lantern.kernel.expr import NatLit

    return NatLit(k)
