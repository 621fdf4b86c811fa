"""`opaque c : T` and `opaque c : T := v`: a constant whose value the kernel never unfolds.

Lean's `opaque` needs a value only to show that `T` is inhabited (the kernel checks it has type `T`,
so an opaque constant cannot make a false type true). Without `:= v` the value is Lean's
`default_or_ofNonempty%`: `default` from an `Inhabited T` instance, else `Classical.ofNonempty` from a
`Nonempty T` instance (then the constant cannot be evaluated, as a `noncomputable` one), else the
error of the failed `Inhabited` search. Binders are abstracted as for a definition:
`opaque f (n : Nat) : Nat` has the value `fun n => default`.
"""

from __future__ import annotations

from lantern.kernel.declaration import OpaqueDecl
from lantern.kernel.errors import KernelError
from lantern.kernel.expr import Const, Expr, mk_app
from lantern.kernel.name import Name

from ..env import ElabEnv
from ..messages import ElabError
from ..meta.instantiate import mk_forall_fvars, mk_lambda_fvars
from ..syntax import tree as T
from ..term.elaborator import AutoBound, TermElab
from .declaration import apply_modifiers, check_no_mvars, elab_header, full_name, generalize_levels

INHABITED, DEFAULT = Name.of("Inhabited"), Name.of("Inhabited.default")
NONEMPTY, OF_NONEMPTY = Name.of("Nonempty"), Name.of("Classical.ofNonempty")


def elab_opaque(env: ElabEnv, cmd: T.Definition) -> tuple[ElabEnv, list]:
    header = elab_header(env, cmd.sig)
    te = header.te
    name = full_name(env, cmd.sig.name or "_opaque")
    if cmd.value is not None:
        try:
            value = te.elab_checked(cmd.value, header.type)
        except AutoBound as ab:
            raise ElabError(cmd.value.span, f"unknown identifier '{ab.name}'") from None
    else:
        te.synthesize_pending()
        value = default_or_of_nonempty(te, te.instantiate(header.type), cmd.sig.span)
    te.synthesize_pending()
    ty = mk_forall_fvars(te.mctx, te.lctx, header.fvars, header.type)
    val = mk_lambda_fvars(te.mctx, te.lctx, header.fvars, value)
    check_no_mvars(te, ty, cmd.sig.span, "the type")
    check_no_mvars(te, val, cmd.value.span if cmd.value is not None else cmd.sig.span, "the value")
    (ty, val), level_params = generalize_levels(te, [ty, val])
    try:
        env.kernel.add(OpaqueDecl(name, level_params, ty, val, cmd.mods.unsafe))
    except KernelError as ex:
        raise ElabError(cmd.sig.span, f"(kernel) {ex.message}") from None
    messages = list(te.messages)
    if te.uses_sorry:
        messages.append(("warning", cmd.sig.span, "declaration uses 'sorry'"))
    return apply_modifiers(env, cmd.mods, name, ty), messages


def default_or_of_nonempty(te: TermElab, ty: Expr, span: T.Span) -> Expr:
    """Lean's `default_or_ofNonempty%` at type `ty`."""
    level = te.infer(ty)
    sort = te.whnf(level)
    u = getattr(sort, "level", None)
    if u is None:
        raise ElabError(span, f"type expected\n  {te.pp(ty)}")
    inhabited = mk_app(Const(INHABITED, (u,)), [ty])
    if INHABITED in te.env.kernel:
        inst = _synth(te, inhabited)
        if inst is not None:
            return mk_app(Const(DEFAULT, (u,)), [ty, inst])
    if NONEMPTY in te.env.kernel and OF_NONEMPTY in te.env.kernel:
        inst = _synth(te, mk_app(Const(NONEMPTY, (u,)), [ty]))
        if inst is not None:
            return mk_app(Const(OF_NONEMPTY, (u,)), [ty, inst])
    raise ElabError(span, f"failed to synthesize\n  {te.pp(inhabited)}")


def _synth(te: TermElab, goal: Expr) -> Expr | None:
    token = te.mctx.checkpoint()
    try:
        inst = te.synth_instance(goal)
    except ElabError:
        inst = None
    if inst is None:
        te.mctx.rollback(token)
    return inst
