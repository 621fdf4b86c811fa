"""`partial def`, compiled as Lean compiles it.

The body, which may call itself without any termination argument, becomes the partial constant
`f._unsafe_rec` (Lean makes it `unsafe`; Lantern's kernel has a `partial` safety for the same use:
it may refer to itself, and no safe declaration may mention it). `f` itself is an *opaque* constant
whose value is some inhabitant of its type, so theorems may mention `f` but can never unfold it —
nothing false follows from a definition that does not terminate. `#eval f …` runs `f._unsafe_rec`
(the environment's `implemented_by` table, which the evaluator reads).

The inhabitant follows Lean's `mkInhabitantFor`: under the parameters, `default` of an `Inhabited`
instance of the result type, else `Classical.choice` of a `Nonempty` instance, else a parameter of
that very type.
"""

from __future__ import annotations

from lantern.kernel.expr import Const, Expr, FVar, mk_app
from lantern.kernel.name import Name

from ..messages import ElabError
from ..meta.instantiate import mk_lambda_fvars
from ..syntax import tree as T
from ..term.elaborator import TermElab

INHABITED = Name.of("Inhabited")
INHABITED_DEFAULT = Name.of("Inhabited.default")
NONEMPTY = Name.of("Nonempty")
CHOICE = Name.of("Classical.choice")


def implementation_name(name: Name) -> Name:
    """The constant `#eval` runs for the partial definition `name` (Lean's `f._unsafe_rec`)."""
    return Name.mk_str(name, "_unsafe_rec")


def inhabitant(te: TermElab, params: list[FVar], result_type: Expr, name: Name, span: T.Span) -> Expr:
    """`fun params => t` with `t : result_type`, for the opaque constant's value."""
    result_type = te.instantiate(result_type)
    level = te.sort_level_of(result_type)
    value: Expr | None = None
    inst = te.synth_instance(mk_app(Const(INHABITED, (level,)), [result_type]))
    if inst is not None:
        value = mk_app(Const(INHABITED_DEFAULT, (level,)), [result_type, inst])
    else:
        inst = te.synth_instance(mk_app(Const(NONEMPTY, (level,)), [result_type]))
        if inst is not None:
            value = mk_app(Const(CHOICE, (level,)), [result_type, inst])
        else:
            for x in reversed(params):
                if te.is_def_eq(te.infer(x), result_type):
                    value = x
                    break
    if value is None:
        raise ElabError(
            span,
            f"failed to compile partial definition '{name}', failed to show that type is inhabited and non empty",
        )
    return mk_lambda_fvars(te.mctx, te.lctx, params, te.instantiate(value))
