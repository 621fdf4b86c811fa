"""Congruence where an argument cannot simply be rewritten by `congrArg`:

- `if c then a else b`: `c` is simplified first; if it becomes `True` or `False` the `if` is replaced by
  the branch taken (`ite_cond_eq_true`/`_false`, Lean's `reduceIte`); otherwise both branches are
  simplified, and `ite_congr` (with a `Decidable` instance found for the new condition) carries a
  changed condition;
- `dite c t e`: replaced by the branch taken when `c` becomes `True` or `False`;
- `p → q` (`implies_congr`) and `∀ x, p x` (`forall_congr`, the body simplified under a new local),
  when they are propositions;
- `fun x => b` (`funext`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.expr import Const, Expr, Lam, Pi, get_app_args, mk_app
from lantern.kernel.instantiate import abstract, has_loose_bvar, instantiate1, lift_loose_bvars, lower_loose_bvars
from lantern.kernel.name import Name

from .proofs import FALSE, TRUE, Result

if TYPE_CHECKING:
    from .rewrite import Simp


def congr_ite(simp: "Simp", e: Expr, args: list[Expr]) -> Result:
    """`@ite α c inst t f`."""
    alpha, c, inst, t, f = args
    P = simp.proofs
    level = P.level_of_type(alpha)
    rc = simp.visit(c)
    if rc.expr == TRUE or rc.expr == FALSE:
        if simp.config.dsimp and rc.proof is not None:
            return congr_app_branches(simp, e, args)
        taken = TRUE == rc.expr
        h = rc.proof if rc.proof is not None else P.refl(rc.expr)
        lemma = "ite_cond_eq_true" if taken else "ite_cond_eq_false"
        step = Result(t if taken else f, mk_app(Const(Name.of(lemma), (level,)), [alpha, c, inst, t, f, h]))
        if simp.config.dsimp:
            step = Result(step.expr)
        return simp.then_visit(e, step)
    rt, rf = simp.visit(t), simp.visit(f)
    if rc.expr == c:
        return congr_app_branches(simp, e, args)
    if rc.proof is None:  # the new condition is definitionally the old one: so are the instances
        new = mk_app(Const(Name.of("ite"), (level,)), [alpha, rc.expr, inst, rt.expr, rf.expr])
        if rt.proof is None and rf.proof is None:
            return Result(new)
        return Result(new, _ite_congr(simp, alpha, c, rc, inst, inst, t, f, rt, rf, level))
    token = simp.te.mctx.checkpoint()
    new_inst = simp.te.synth_instance(mk_app(Const(Name.of("Decidable")), [rc.expr]))
    if new_inst is None or simp.config.dsimp:
        simp.te.mctx.rollback(token)
        return congr_app_branches(simp, e, args)
    new_inst = simp.te.instantiate(new_inst)
    new = mk_app(Const(Name.of("ite"), (level,)), [alpha, rc.expr, new_inst, rt.expr, rf.expr])
    return Result(new, _ite_congr(simp, alpha, c, rc, inst, new_inst, t, f, rt, rf, level))


def _ite_congr(simp: "Simp", alpha: Expr, c: Expr, rc: Result, inst: Expr, new_inst: Expr, t: Expr, f: Expr,
               rt: Result, rf: Result, level: object) -> Expr:
    P = simp.proofs
    h1 = rc.proof if rc.proof is not None else P.refl(c)
    ht = rt.proof if rt.proof is not None else P.refl(rt.expr)
    hf = rf.proof if rf.proof is not None else P.refl(rf.expr)
    c2 = rc.expr
    h2 = Lam(Name.of("h"), c2, ht)
    h3 = Lam(Name.of("h"), mk_app(Const(Name.of("Not")), [c2]), hf)
    return mk_app(Const(Name.of("ite_congr"), (level,)),  # type: ignore[arg-type]
                  [alpha, c, c2, t, f, rt.expr, rf.expr, inst, new_inst, h1, h2, h3])


def congr_app_branches(simp: "Simp", e: Expr, args: list[Expr]) -> Result:
    """`ite c t e` with `c` kept: the branches are ordinary arguments."""
    return simp.congr_app(e, args_head(e), args)


def congr_dite(simp: "Simp", e: Expr, args: list[Expr]) -> Result:
    """`@dite α c inst t f`: only a decided condition is used (the branches take proofs of it)."""
    alpha, c, inst, t, f = args
    P = simp.proofs
    rc = simp.visit(c)
    if not (rc.expr == TRUE or rc.expr == FALSE) or (simp.config.dsimp and rc.proof is not None):
        return Result(e)
    taken = rc.expr == TRUE
    level = P.level_of_type(alpha)
    h = rc.proof if rc.proof is not None else P.refl(rc.expr)
    lemma = "dite_cond_eq_true" if taken else "dite_cond_eq_false"
    hp = mk_app(Const(Name.of("of_eq_true" if taken else "of_eq_false")), [c, h])
    branch = simp.te.checker().beta(t if taken else f, [hp])
    proof = None if simp.config.dsimp else mk_app(Const(Name.of(lemma), (level,)), [alpha, c, inst, t, f, h])
    return simp.then_visit(e, Result(branch, proof))


def congr_pi(simp: "Simp", e: Expr) -> Result:
    """`p → q` and `∀ x, p x`, when they are propositions."""
    if not simp.is_prop(e):
        return Result(e)
    P = simp.proofs
    dom, body = e.type, e.body  # type: ignore[attr-defined]
    if not has_loose_bvar(body, 0) and simp.is_prop(dom):
        cod = lower_loose_bvars(body, 1, 1)
        rp, rq = simp.visit(dom), simp.visit(cod)
        if rp.expr is dom and rq.expr is cod:
            return Result(e)
        new = Pi(e.name, rp.expr, lift_loose_bvars(rq.expr, 1), e.binfo)  # type: ignore[attr-defined]
        if rp.proof is None and rq.proof is None:
            return Result(new)
        h1 = rp.proof if rp.proof is not None else P.refl(dom)
        h2 = rq.proof if rq.proof is not None else P.refl(cod)
        proof = mk_app(Const(Name.of("implies_congr"), (P.level_of_type(dom), P.level_of_type(cod))),
                       [dom, rp.expr, cod, rq.expr, h1, h2])
        return Result(new, proof)
    # `∀ x : α, p x`: simplify the body under a new local.
    te = simp.te
    with te.with_local(e.name, dom, None, e.binfo) as x:  # type: ignore[attr-defined]
        r = simp.visit(instantiate1(body, x))
    if r.expr is body or r.expr == instantiate1(body, x):
        return Result(e)
    new_body = abstract(r.expr, [x])
    new = Pi(e.name, dom, new_body, e.binfo)  # type: ignore[attr-defined]
    if r.proof is None:
        return Result(new)
    p = Lam(e.name, dom, body, e.binfo)  # type: ignore[attr-defined]
    q = Lam(e.name, dom, new_body, e.binfo)  # type: ignore[attr-defined]
    h = Lam(e.name, dom, abstract(r.proof, [x]), e.binfo)  # type: ignore[attr-defined]
    return Result(new, mk_app(Const(Name.of("forall_congr"), (P.level_of_type(dom),)), [dom, p, q, h]))


def args_head(e: Expr) -> Expr:
    head, _ = get_app_args(e)
    return head


def congr_lam(simp: "Simp", e: Expr) -> Result:
    """`fun x => b`: the body simplified under a new local; the proof is `funext` (when the prelude
    has it: it is proved from `Quot.sound`), `dsimp` needs none."""
    funext = simp.te.env.kernel.find(Name.of("funext"))
    if funext is None and not simp.config.dsimp:
        return Result(e)
    te = simp.te
    dom, body = e.type, e.body  # type: ignore[attr-defined]
    with te.with_local(e.name, dom, None, e.binfo) as x:  # type: ignore[attr-defined]
        opened = instantiate1(body, x)
        r = simp.visit(opened)
        if r.expr == opened:
            return Result(e)
        new = Lam(e.name, dom, abstract(r.expr, [x]), e.binfo)  # type: ignore[attr-defined]
        if r.proof is None or simp.config.dsimp:
            return Result(new)
        P = simp.proofs
        beta = Lam(e.name, dom, abstract(P.type_of(opened), [x]), e.binfo)  # type: ignore[attr-defined]
        levels = (P.level_of_type(dom), P.level_of(opened))
        h = Lam(e.name, dom, abstract(r.proof, [x]), e.binfo)  # type: ignore[attr-defined]
    return Result(new, mk_app(Const(Name.of("funext"), levels), [dom, beta, e, new, h]))
