"""From grammar rules to `tree.py` nodes: the callbacks run at each reduction (by `lr.py`).

The parser keeps every token (`keep_all_tokens`), so each callback sees all of its rule's children
in source order and computes exact spans (document offsets) from the first and last of them. Pieces
that are not nodes of their own (a signature's `: type`, a `where` block, modifiers, …) travel up as
`Part`s and are taken apart by the rule that owns them. A shape the grammar accepts but Lean does not
(a binder where a term must be, a decimal literal, …) raises `SyntaxProblem`, which the driver turns
into a `ParseError` with the same span.
"""

from __future__ import annotations

from .build_base import Part, SyntaxProblem, Tok, span_of
from .build_commands import CommandRules
from .build_tactics import TacticRules
from .build_terms import TermRules

__all__ = ["Builder", "Part", "SyntaxProblem", "Tok", "span_of"]


class Builder(CommandRules, TermRules, TacticRules):
    """One method per grammar rule (or alias); see grammar.lark for the children of each."""


# `if` is a Python keyword: the callback is looked up by the rule's name.
setattr(Builder, "if", TermRules._if)
