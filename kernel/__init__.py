"""Lantern's trusted kernel: the type theory of Lean 4's kernel, checked declaration by declaration.

Nothing outside this package is trusted. It imports only the Python standard library (a test enforces
this), so `lantern check-export` can re-check an exported environment without the front end.
"""

from .declaration import (
    ABBREV_HINTS,
    OPAQUE_HINTS,
    AxiomDecl,
    AxiomInfo,
    Constructor,
    ConstructorInfo,
    Declaration,
    DefinitionDecl,
    DefinitionInfo,
    InductiveDecl,
    InductiveInfo,
    InductiveType,
    MutualDefinitionDecl,
    OpaqueDecl,
    OpaqueInfo,
    QuotDecl,
    QuotInfo,
    RecursorInfo,
    RecursorRule,
    ReducibilityHints,
    TheoremDecl,
    TheoremInfo,
)
from .environment import Environment
from .errors import KernelError
from .expr import (
    DEFAULT,
    IMPLICIT,
    INST_IMPLICIT,
    STRICT_IMPLICIT,
    App,
    BVar,
    Const,
    Expr,
    FVar,
    Lam,
    Let,
    MVar,
    NatLit,
    Pi,
    Proj,
    Sort,
    StrLit,
)
from .level import Level, mk_imax, mk_max, mk_param, mk_succ, mk_zero
from .name import Name
from .type_checker import TypeChecker

__all__ = [name for name in dir() if not name.startswith("_")]
