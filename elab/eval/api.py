"""`evaluate`: the entry point behind `#eval`.

Order of work: refuse types and proofs (as Lean does), check that the type can be printed (so a
long computation is not wasted on a function value), compile the term (definitions it uses are
compiled on first call and cached, see `program.py`), run it under the step budget on a thread with
a deep stack, and print the value. Every failure is an `EvalError` whose message `#eval` reports.
Evaluations are serialised: the budget and the compiled-code table are process-wide.
"""

from __future__ import annotations

import threading
from typing import Any, Mapping, Optional, Union

from lantern.kernel.declaration import UNSAFE
from lantern.kernel.errors import KernelError
from lantern.kernel.expr import SORT, Expr
from lantern.kernel.name import Name
from lantern.kernel.type_checker import TypeChecker

from ..pp import format as F
from . import format_value
from .budget import DEFAULT_LIMITS, Limits, OutOfSteps, OutOfTime, armed
from .compiler import compile_term
from .errors import EvalError
from .printer import Printer, ReprHook, ReprHookResult
from .program import PROGRAM, EvalContext
from .stack import run_on_big_stack
from .values import Value

_lock = threading.RLock()


def evaluate(env: Any, term: Expr, type: Expr, limit: Union[Limits, int, None] = DEFAULT_LIMITS, *,
             repr_hook: Optional[ReprHook] = None,
             implemented_by: Optional[Mapping[Name, Name]] = None) -> str:
    """Evaluate the closed term `term : type` in `env` (an `ElabEnv`, or a kernel `Environment`)
    and return its value printed as Lean's `#eval` prints it.

    `limit` is a `Limits` (steps and/or seconds), a number of steps, or `None` for the default. `repr_hook` lets the user's
    `Repr`/`ToString` instances take precedence (see `printer.py`). `implemented_by` maps a constant
    to the constant to run in its place (merged over the `ElabEnv`'s `implemented_by` table, if it
    has one). Raises `EvalError`.
    """
    limits = limit if isinstance(limit, Limits) else DEFAULT_LIMITS if limit is None else Limits(steps=int(limit))
    if term.has_mvar or type.has_mvar:
        raise EvalError("cannot evaluate a term that contains metavariables")
    if term.has_fvar or term.lbr or type.has_fvar or type.lbr:
        raise EvalError("cannot evaluate a term with free variables")
    ctx = make_context(env, implemented_by)
    with _lock:
        return run_on_big_stack(lambda: _evaluate(ctx, term, type, limits, repr_hook))


def make_context(env: Any, implemented_by: Optional[Mapping[Name, Name]] = None) -> EvalContext:
    kernel = getattr(env, "kernel", env)
    elab_env = env if hasattr(env, "kernel") else None
    impl: dict[Name, Name] = dict(getattr(elab_env, "implemented_by", None) or {})
    impl.update(implemented_by or {})
    inline: set[Name] = set()
    macro: frozenset = frozenset()
    if elab_env is not None:
        for infos in (getattr(elab_env, "instances", None) or {}).values():
            inline.update(i.name for i in infos)
        attrs = getattr(elab_env, "attributes", None) or {}
        for a in ("reducible", "inline", "instance"):
            inline |= attrs.get(a, frozenset())
        macro = frozenset(attrs.get("macro_inline", frozenset()))
    return EvalContext(kernel, elab_env, impl, frozenset(inline), macro)


def _evaluate(ctx: EvalContext, term: Expr, type: Expr, limits: Limits, hook: Optional[ReprHook]) -> str:
    PROGRAM.ctx = ctx
    try:
        tc = TypeChecker(ctx.env, (), UNSAFE)
        try:
            tc.infer(term, True)  # unknown constants and the like are the caller's error, not ours
        except KernelError as ex:
            raise EvalError(f"cannot evaluate: {ex.message}") from None
        if tc.whnf(type).kind == SORT:
            raise EvalError("cannot evaluate, types are not computationally relevant")
        if tc.is_prop_type(type):
            raise EvalError("cannot evaluate, proofs are not computationally relevant")
        hook_fns: dict[Expr, Value] = {}

        def run_hook(r: ReprHookResult, v: Value, prec: int) -> tuple:
            fn = hook_fns.get(r.fn)
            if fn is None:
                fn = hook_fns[r.fn] = compile_term(PROGRAM, r.fn)(())
            out = fn(v)(prec) if r.with_prec else fn(v)
            if isinstance(out, str):
                return F.text(out)
            fmt = format_value.layout_ok(PROGRAM.layout)
            if fmt is None or not isinstance(out, tuple):
                raise EvalError("the 'Repr'/'ToString' instance did not produce a string or a format")
            return format_value.to_doc(out, fmt)

        printer = Printer(PROGRAM, tc, ctx.elab_env, hook, run_hook, type, lambda t: _pp(ctx, t))
        printer.check(type)
        code = compile_term(PROGRAM, term)
        with armed(limits):
            value = code(())
            return printer.render(value)
    except OutOfSteps:
        raise EvalError(f"evaluation stopped after {limits.steps} steps: possibly a non-terminating #eval") from None
    except OutOfTime:
        raise EvalError(f"evaluation stopped after {limits.seconds} seconds: possibly a non-terminating #eval") from None
    except RecursionError:
        raise EvalError("evaluation stopped: maximum recursion depth exceeded (possibly a non-terminating #eval)") from None
    except MemoryError:
        raise EvalError("evaluation ran out of memory") from None
    except KernelError as ex:
        raise EvalError(f"internal error in the evaluator: {ex.message}") from None
    finally:
        PROGRAM.ctx = None


def _pp(ctx: EvalContext, t: Expr) -> str:
    try:
        from ..pp import format_term

        return format_term(t, ctx.elab_env if ctx.elab_env is not None else ctx.env)
    except Exception:  # noqa: BLE001  (an error message must not fail on printing its type)
        return repr(t)
