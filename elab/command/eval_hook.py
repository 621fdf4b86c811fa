"""Which `Repr`/`ToString` instance `#eval` uses for a type (the evaluator's `ReprHook`).

Lean's `#eval` shows a value with its type's `Repr` instance, else its `ToString` instance (and, when
there is neither, derives `Repr` on the fly). The evaluator's built-in printing produces exactly what
the prelude's instances and the derived ones produce, much faster, so those are left to it: the hook
answers only for an instance the user wrote, which is then compiled and run like any other code (and
its `Format` laid out with the rest of the output).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.expr import CONST, DEFAULT, SORT, BVar, Const, Expr, Lam, get_app_fn, mk_app
from lantern.kernel.level import SUCC, normalize
from lantern.kernel.name import Name

from ..env import ElabEnv
from ..messages import ElabError
from ..term.elaborator import TermElab

if TYPE_CHECKING:
    from ..eval import ReprHook, ReprHookResult

REPR, REPR_PREC = Name.of("Repr"), Name.of("Repr.reprPrec")
TO_STRING, TO_STRING_FN = Name.of("ToString"), Name.of("ToString.toString")
NAT = Const(Name.of("Nat"))

# The prelude's instances (`Types.ltn`), whose output the built-in printing reproduces.
BUILTIN_INSTANCES = frozenset(Name.of(n) for n in (
    "instReprBool", "instReprDecidable", "instReprPUnit", "instReprUnit", "instReprOption", "instReprSum",
    "instReprProdOfReprTuple", "instReprList", "instReprListOfReprAtom", "instReprNat", "instReprInt",
    "instReprChar", "instReprString", "instReprFormat",
    "instToStringString", "instToStringChar", "instToStringBool", "instToStringDecidable", "instToStringNat",
    "instToStringInt", "instToStringUnit", "instToStringFormat", "instToStringList", "instToStringOption",
    "instToStringProd", "instToStringSum",
))
# Instances made by `deriving` (`deriving.py` records them): they print as the built-in printing does.
DERIVED_ATTRIBUTE = "derived_repr"


def make_repr_hook(env: ElabEnv) -> ReprHook:
    from ..eval import ReprHookResult  # here: `deriving` needs this module, not the evaluator (~10 ms)

    derived = env.attributes.get(DERIVED_ATTRIBUTE, frozenset())

    def built_in(inst: Expr) -> bool:
        head = get_app_fn(inst)
        return head.kind == CONST and (head.name in BUILTIN_INSTANCES or head.name in derived)  # type: ignore[attr-defined]

    def hook(ty: Expr) -> ReprHookResult | None:
        if ty.has_fvar or ty.has_mvar or ty.lbr or REPR not in env.kernel:
            return None
        te = TermElab(env)
        try:
            sort = te.whnf(te.infer(ty))
        except Exception:  # noqa: BLE001  (a type the printer asks about is always well-formed; be safe)
            return None
        if sort.kind != SORT:
            return None
        normalized = normalize(sort.level)  # type: ignore[attr-defined]
        if normalized.kind != SUCC:  # `Type u` is `Sort (u+1)`: the classes take `u`
            return None
        level = normalized.a
        inst = _synth(te, mk_app(Const(REPR, (level,)), [ty]))
        if inst is not None:
            if built_in(inst):
                return None
            body = mk_app(Const(REPR_PREC, (level,)), [ty, inst, BVar(1), BVar(0)])
            fn = Lam(Name.of("x"), ty, Lam(Name.of("prec"), NAT, body, DEFAULT), DEFAULT)
            return ReprHookResult(fn, with_prec=True)
        if TO_STRING in env.kernel:
            inst = _synth(te, mk_app(Const(TO_STRING, (level,)), [ty]))
            if inst is not None and not built_in(inst):
                fn = Lam(Name.of("x"), ty, mk_app(Const(TO_STRING_FN, (level,)), [ty, inst, BVar(0)]), DEFAULT)
                return ReprHookResult(fn, with_prec=False)
        return None

    return hook


def _synth(te: TermElab, goal: Expr) -> Expr | None:
    try:
        inst = te.synth_instance(goal)
    except ElabError:
        return None
    if inst is None:
        return None
    inst = te.instantiate(inst)
    return None if inst.has_mvar else inst
