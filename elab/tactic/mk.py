"""Building well-typed proof terms from their explicit arguments (Lean's `AppBuilder`: `mkAppM`,
`mkEqRefl`, `mkEqSymm`, `mkFalseElim`, `mkAbsurd`, …).

Tactics assemble terms such as `Eq.mpr (congrArg motive h) g` or `False.elim h`. Writing out every
implicit argument and universe level by hand is where wrong terms come from; here the implicit
arguments are metavariables solved by unifying the explicit arguments' types, instance arguments are
synthesized, and the result is instantiated. A failure raises `AppBuilderError` (the caller turns it
into its own tactic message): it never produces an ill-typed term for the kernel to find.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from lantern.kernel.expr import CONST, DEFAULT, INST_IMPLICIT, PI, Const, Expr, get_app_args, mk_app
from lantern.kernel.instantiate import instantiate1
from lantern.kernel.name import Name

from ..meta.context import NATURAL, SYNTHETIC

if TYPE_CHECKING:
    from ..term.elaborator import TermElab


class AppBuilderError(Exception):
    """The arguments do not fit the constant (the message says where)."""


def mk_app_m(te: "TermElab", name: str | Name, explicit: Sequence[Expr]) -> Expr:
    """`@c ?imp… e₁ ?imp… e₂ …`: the constant applied to `explicit` in order, with its implicit and
    instance arguments filled in by unification and resolution (Lean's `mkAppM`)."""
    const_name = name if isinstance(name, Name) else Name.of(name)
    if const_name not in te.env.kernel:
        raise AppBuilderError(f"unknown constant '{const_name}'")
    f = te.mk_const(const_name)
    ty = te.instantiate(te.infer(f))
    e: Expr = f
    pending_instances = []
    rest = list(explicit)
    while rest:
        w = ty if ty.kind == PI else te.whnf(ty)
        if w.kind != PI:
            raise AppBuilderError(f"too many arguments for '{const_name}'")
        if w.binfo == DEFAULT:  # type: ignore[attr-defined]
            arg = rest.pop(0)
            arg_ty = te.infer(arg)
            if not te.is_def_eq(w.type, arg_ty):  # type: ignore[attr-defined]
                raise AppBuilderError(
                    f"application type mismatch in '{const_name}': argument\n  {te.pp(arg)}\nhas type\n  "
                    f"{te.pp(arg_ty)}\nbut is expected to have type\n  {te.pp(w.type)}"  # type: ignore[attr-defined]
                )
        else:
            kind = SYNTHETIC if w.binfo == INST_IMPLICIT else NATURAL  # type: ignore[attr-defined]
            arg = te.new_mvar(w.type, kind)  # type: ignore[attr-defined]
            if w.binfo == INST_IMPLICIT:  # type: ignore[attr-defined]
                pending_instances.append(arg)
        e = mk_app(e, [arg])
        ty = instantiate1(w.body, arg)  # type: ignore[attr-defined]
    for m in pending_instances:
        if m.mid in te.mctx.assignment:
            continue
        goal = te.instantiate(te.mctx.decl(m).type)
        inst = te.synth_instance(goal)
        if inst is None or not te.is_def_eq(m, inst):
            raise AppBuilderError(f"failed to synthesize\n  {te.pp(goal)}")
    return te.instantiate(e)


def mk_app_full(te: "TermElab", name: str | Name, args: Sequence[Expr]) -> Expr:
    """The constant applied to all of `args` (implicit ones included): only its universe levels are
    found, by unifying each binder's type with its argument's type."""
    const_name = name if isinstance(name, Name) else Name.of(name)
    f = te.mk_const(const_name)
    ty = te.instantiate(te.infer(f))
    for arg in args:
        w = ty if ty.kind == PI else te.whnf(ty)
        if w.kind != PI:
            raise AppBuilderError(f"too many arguments for '{const_name}'")
        arg_ty = te.infer(arg)
        if not te.is_def_eq(w.type, arg_ty):  # type: ignore[attr-defined]
            raise AppBuilderError(
                f"application type mismatch in '{const_name}': argument\n  {te.pp(arg)}\nhas type\n  "
                f"{te.pp(arg_ty)}\nbut is expected to have type\n  {te.pp(w.type)}"  # type: ignore[attr-defined]
            )
        ty = instantiate1(w.body, arg)  # type: ignore[attr-defined]
    return te.instantiate(mk_app(f, list(args)))


# -- common shapes ----------------------------------------------------------------------------------------


def const_args(e: Expr, name: str, nargs: int) -> list[Expr] | None:
    """The arguments of `e` when it is `name a₁ … aₙ` with exactly `nargs` arguments."""
    head, args = get_app_args(e)
    if head.kind == CONST and str(head.name) == name and len(args) == nargs:  # type: ignore[attr-defined]
        return list(args)
    return None


def match_eq(te: "TermElab", ty: Expr, whnf: bool = True) -> tuple[Expr, Expr, Expr] | None:
    """`(α, a, b)` when `ty` is `@Eq α a b` (after weak head normalisation if `whnf`)."""
    ty = te.instantiate(ty)
    args = const_args(ty, "Eq", 3)
    if args is None and whnf:
        args = const_args(te.whnf(ty), "Eq", 3)
    return (args[0], args[1], args[2]) if args is not None else None


def match_not(te: "TermElab", ty: Expr) -> Expr | None:
    """`p` when `ty` is `¬p` (`Not p`, or `p → False` as it unfolds)."""
    ty = te.instantiate(ty)
    args = const_args(ty, "Not", 1)
    if args is not None:
        return args[0]
    if ty.kind == PI and ty.body.lbr == 0:  # type: ignore[attr-defined]
        body = ty.body  # type: ignore[attr-defined]
        if body.kind == CONST and str(body.name) == "False":  # type: ignore[attr-defined]
            return ty.type  # type: ignore[attr-defined]
    return None


def mk_eq(te: "TermElab", a: Expr, b: Expr) -> Expr:
    return mk_app_m(te, "Eq", [a, b])


def mk_eq_refl(te: "TermElab", a: Expr) -> Expr:
    return mk_app_m(te, "Eq.refl", [a])


def mk_eq_symm(te: "TermElab", h: Expr) -> Expr:
    return mk_app_m(te, "Eq.symm", [h])


def mk_false_elim(te: "TermElab", target: Expr, false_proof: Expr) -> Expr:
    """`@False.elim target h`."""
    return mk_app(Const(Name.of("False.elim"), (te.sort_level_of(target),)), [target, false_proof])


def mk_absurd(te: "TermElab", target: Expr, p_proof: Expr, not_p_proof: Expr) -> Expr:
    """`@absurd p target hp hnp`."""
    p = te.instantiate(te.infer(p_proof))
    return mk_app(Const(Name.of("absurd"), (te.sort_level_of(target),)), [p, target, p_proof, not_p_proof])
