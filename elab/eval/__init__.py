"""The evaluator behind `#eval`: closed kernel terms compiled to Python closures, run under a step
budget, and printed as Lean prints them.

    evaluate(env, term, type, limit=Limits(...), repr_hook=None, implemented_by=None) -> str

Modules, one idea each: `values` (run-time representation), `layout` (how each inductive type is
represented), `relevance` (what is erased), `natives` (built-in operations by name), `recursor`
(recursors by their rules, iteratively), `compiler` (terms to closures), `program` (compiled
definitions, cached across environments), `budget` and `stack` (stopping and deep recursion),
`printer` (Lean's `Repr` output), `format_value` (`Std.Format` values laid out), `api` (the entry
point).
"""

from .api import evaluate
from .budget import DEFAULT_LIMITS, Limits
from .errors import EvalError
from .printer import ReprHook, ReprHookResult

__all__ = ["evaluate", "EvalError", "Limits", "DEFAULT_LIMITS", "ReprHook", "ReprHookResult"]
