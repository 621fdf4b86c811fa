"""A small environment shaped like Lean's core for pretty-printer tests: the classes and operators
(`HAdd.hAdd`, `OfNat.ofNat`, `Not`, `Exists`, `ite`, …) are axioms with exactly Lean's types, so
implicit and instance arguments are where Lean has them."""

from __future__ import annotations

from lantern.kernel import IMPLICIT, INST_IMPLICIT, Environment, Expr
from lantern.kernel.level import mk_max

from tests.kernel.builders import (
    BOOL, NAT, PROP, TYPE, add_and, add_bool, add_eq, add_list, add_nat, add_or, add_string, app,
    arrow, axiom, const, definition, env_with, lam, lvl, pi, sort, type_,
)

U, V, W = "u", "v", "w"


def _ax(env: Environment, name: str, ty: Expr, levels: tuple[str, ...] = ()) -> None:
    env.add(axiom(name, ty, levels))


def _binop_class(env: Environment, cls: str, method: str) -> None:
    """`class HAdd (α : Type u) (β : Type v) (γ : outParam (Type w)) where hAdd : α → β → γ`."""
    _ax(env, cls, arrow(type_(U), type_(V), type_(W), type_(mk_max(mk_max(lvl(U), lvl(V)), lvl(W)))), (U, V, W))
    ty = pi("α", type_(U), lambda a: pi("β", type_(V), lambda b: pi("γ", _out(type_(W)), lambda c: pi(
        "self", app(const(cls, U, V, W), a, b, c), lambda s: arrow(a, b, c), INST_IMPLICIT), IMPLICIT), IMPLICIT), IMPLICIT)
    _ax(env, method, ty, (U, V, W))


def _out(t: Expr) -> Expr:
    from lantern.kernel.level import mk_succ

    return app(const("outParam", mk_succ(mk_succ(lvl(W)))), t)


def _class1(env: Environment, cls: str, methods: dict[str, callable]) -> None:  # type: ignore[valid-type]
    """`class LT (α : Type u) where lt : α → α → Prop` and friends."""
    _ax(env, cls, arrow(type_(U), type_(U)), (U,))
    for m, result in methods.items():
        ty = pi("α", type_(U), lambda a: pi("self", app(const(cls, U), a), lambda s: result(a), INST_IMPLICIT), IMPLICIT)
        _ax(env, m, ty, (U,))


def lean_env() -> Environment:
    env = env_with(add_nat, add_bool, add_list, add_eq, add_and, add_or, add_string)
    # `structure Prod (α : Type u) (β : Type v)` with Lean's binders (both parameters implicit in `mk`)
    _ax(env, "Prod", arrow(type_(U), type_(V), type_(mk_max(lvl(U), lvl(V)))), (U, V))
    _ax(env, "Prod.mk", pi("α", type_(U), lambda a: pi("β", type_(V), lambda b: arrow(a, b, app(const("Prod", U, V), a, b)),
                                                                  IMPLICIT), IMPLICIT), (U, V))
    env.add(definition("outParam", pi("α", sort(U), lambda a: sort(U)), lam("α", sort(U), lambda a: a), (U,)))
    for cls, method in [("HAdd", "HAdd.hAdd"), ("HSub", "HSub.hSub"), ("HMul", "HMul.hMul"), ("HDiv", "HDiv.hDiv"),
                        ("HMod", "HMod.hMod"), ("HPow", "HPow.hPow"), ("HAppend", "HAppend.hAppend")]:
        _binop_class(env, cls, method)
        _ax(env, "inst" + cls + "Nat", app(const(cls, 0, 0, 0), NAT, NAT, NAT))
    _ax(env, "instHAppendList", pi("α", TYPE, lambda a: app(
        const("HAppend", 0, 0, 0), app(const("List", 0), a), app(const("List", 0), a), app(const("List", 0), a)), IMPLICIT))
    # OfNat
    _ax(env, "OfNat", arrow(type_(U), NAT, type_(U)), (U,))
    _ax(env, "OfNat.ofNat", pi("α", type_(U), lambda a: pi("x", NAT, lambda x: pi(
        "self", app(const("OfNat", U), a, x), lambda s: a, INST_IMPLICIT)), IMPLICIT), (U,))
    _ax(env, "instOfNatNat", pi("n", NAT, lambda n: app(const("OfNat", 0), NAT, n)))
    # logic
    _ax(env, "Not", arrow(PROP, PROP))
    _ax(env, "Iff", arrow(PROP, PROP, PROP))
    _ax(env, "Ne", pi("α", sort(U), lambda a: arrow(a, a, PROP), IMPLICIT), (U,))
    _ax(env, "Exists", pi("α", sort(U), lambda a: arrow(arrow(a, PROP), PROP), IMPLICIT), (U,))
    _ax(env, "Decidable", arrow(PROP, TYPE))
    _ax(env, "instDecidableEqNat", pi("a", NAT, lambda a: pi("b", NAT, lambda b: app("Decidable", app(const("Eq", 1), NAT, a, b)))))
    _ax(env, "ite", pi("α", sort(U), lambda a: pi("c", PROP, lambda c: pi(
        "h", app("Decidable", c), lambda h: arrow(a, a, a), INST_IMPLICIT)), IMPLICIT), (U,))
    _ax(env, "dite", pi("α", sort(U), lambda a: pi("c", PROP, lambda c: pi(
        "h", app("Decidable", c), lambda h: arrow(arrow(c, a), arrow(app("Not", c), a), a), INST_IMPLICIT)), IMPLICIT), (U,))
    for cls, m, res in [("LT", "LT.lt", PROP), ("LE", "LE.le", PROP), ("BEq", "BEq.beq", BOOL)]:
        _class1(env, cls, {m: (lambda r: lambda a: arrow(a, a, r))(res)})
        _ax(env, "inst" + cls + "Nat", app(const(cls, 0), NAT))
    _ax(env, "GT.gt", pi("α", type_(U), lambda a: pi("self", app(const("LT", U), a), lambda s: arrow(a, a, PROP), INST_IMPLICIT), IMPLICIT), (U,))
    _ax(env, "GE.ge", pi("α", type_(U), lambda a: pi("self", app(const("LE", U), a), lambda s: arrow(a, a, PROP), INST_IMPLICIT), IMPLICIT), (U,))
    _class1(env, "Neg", {"Neg.neg": lambda a: arrow(a, a)})
    _ax(env, "instNegNat", app(const("Neg", 0), NAT))
    for f in ("and", "or"):
        _ax(env, f, arrow(BOOL, BOOL, BOOL))
    _ax(env, "not", arrow(BOOL, BOOL))
    # lists
    _ax(env, "List.length", pi("α", type_(U), lambda a: arrow(app(const("List", U), a), NAT), IMPLICIT), (U,))
    _ax(env, "List.map", pi("α", type_(U), lambda a: pi("β", type_(V), lambda b: pi(
        "f", arrow(a, b), lambda f: pi("l", app(const("List", U), a), lambda l: app(const("List", V), b))), IMPLICIT), IMPLICIT), (U, V))
    _ax(env, "sorryAx", pi("α", sort(U), lambda a: pi("synthetic", BOOL, lambda s: a)), (U,))
    return env
