"""`h ▸ e`, Lean's rewriting notation: with `h : a = b`, `e` is transported along `h` so that its
type fits.

With an expected type `T`: the occurrences of `b` in `T` are abstracted (`kabstract`) into a motive,
`e` is elaborated against the motive at `a`, and the result is `Eq.rec e h : T`; if `T` does not
mention `b`, the same with `a` and `h.symm`. Without an expected type, `e` is elaborated first and
the occurrences of `a` in its type are rewritten to `b` (or, failing that, of `b` to `a`). The
result is an ordinary `Eq.rec` term, checked by the kernel like any other.
"""

from __future__ import annotations

from lantern.kernel.expr import CONST, MVAR, BVar, Const, Expr, Lam, get_app_args, mk_app
from lantern.kernel.instantiate import instantiate1, lift_loose_bvars
from lantern.kernel.name import Name

from ..messages import ElabError
from ..meta.kabstract import kabstract
from ..syntax import tree as T

EQ = Name.of("Eq")


class SubstMixin:
    def elab_subst(self, stx: T.OpApp, expected: Expr | None) -> Expr:
        te = self  # (a mixin of TermElab)
        h_stx, e_stx = stx.args
        h = te.elab(h_stx, None)  # type: ignore[attr-defined]
        te.synthesize_pending(use_defaults=True, report=False)  # type: ignore[attr-defined]
        h_type = te.instantiate(te.infer(h))  # type: ignore[attr-defined]
        head, args = get_app_args(te.whnf(h_type))  # type: ignore[attr-defined]
        if not (head.kind == CONST and head.name is EQ and len(args) == 3):  # type: ignore[attr-defined]
            raise ElabError(h_stx.span, f"invalid `▸` notation, argument\n  {te.pp(h)}\nhas type\n  {te.pp(h_type)}\nequality expected")  # type: ignore[attr-defined]
        alpha, a, b = args
        level = head.levels[0]  # type: ignore[attr-defined]
        target = te.instantiate(expected) if expected is not None else None  # type: ignore[attr-defined]
        if target is not None and get_app_args(target)[0].kind != MVAR:
            for lhs, rhs, proof in ((a, b, h), (b, a, None)):
                body, count = kabstract(te, target, rhs)  # type: ignore[arg-type]
                if count:
                    motive = Lam(Name.of("x"), alpha, body)
                    e = te.elab_checked(e_stx, instantiate1(body, lhs))  # type: ignore[attr-defined]
                    eq = proof if proof is not None else _symm(level, alpha, a, b, h)
                    return _transport(level, alpha, lhs, rhs, motive, e, eq, te)
            raise ElabError(stx.span, f"invalid `▸` notation, the expected type\n  {te.pp(target)}\ncontains neither\n  {te.pp(a)}\nnor\n  {te.pp(b)}")  # type: ignore[attr-defined]
        e = te.elab(e_stx, None)  # type: ignore[attr-defined]
        e_type = te.instantiate(te.infer(e))  # type: ignore[attr-defined]
        for lhs, rhs, proof in ((a, b, h), (b, a, None)):
            body, count = kabstract(te, e_type, lhs)  # type: ignore[arg-type]
            if count:
                motive = Lam(Name.of("x"), alpha, body)
                eq = proof if proof is not None else _symm(level, alpha, a, b, h)
                return _transport(level, alpha, lhs, rhs, motive, e, eq, te)
        raise ElabError(stx.span, f"invalid `▸` notation, the type\n  {te.pp(e_type)}\nof the term contains neither\n  {te.pp(a)}\nnor\n  {te.pp(b)}")  # type: ignore[attr-defined]


def _symm(level: object, alpha: Expr, a: Expr, b: Expr, h: Expr) -> Expr:
    """`h.symm : b = a`."""
    return mk_app(Const(Name.of("Eq.symm"), (level,)), [alpha, a, b, h])  # type: ignore[arg-type]


def _transport(level: object, alpha: Expr, lhs: Expr, rhs: Expr, motive: Lam, e: Expr, eq: Expr, te: object) -> Expr:
    """`@Eq.rec α lhs (fun x _ => motive x) e rhs eq : motive rhs` for `e : motive lhs` and
    `eq : lhs = rhs` (Lean's `Eq.ndrec`)."""
    sort = te.sort_level_of(instantiate1(motive.body, lhs))  # type: ignore[attr-defined]
    eq_type = mk_app(Const(EQ, (level,)), [alpha, lift_loose_bvars(lhs, 1), BVar(0)])  # type: ignore[arg-type]
    rec_motive = Lam(Name.of("x"), alpha, Lam(Name.of("h"), eq_type, lift_loose_bvars(motive.body, 1)))
    return mk_app(Const(Name.of("Eq.rec"), (sort, level)), [alpha, lhs, rec_motive, e, rhs, eq])  # type: ignore[arg-type]
