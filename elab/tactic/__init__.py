"""Tactic proofs: the goal state (`core`), the runner and info-tree recording (`run`), and one module
per family of tactics, each registering its keywords in `registry.TACTICS`."""

from . import basic, closers, induction, match_tactic, revert, rewrite, structure  # noqa: F401  (registration)
from . import simp  # noqa: F401  (registration: simp, simp_all, dsimp, simp_arith)
from . import calc, contradiction, funext, have, hyps, injection, rcases, split, subst, unfold  # noqa: F401  (registration)
from . import decreasing  # noqa: F401  (registration: decreasing_tactic, simp_wf)
from . import omega  # noqa: F401  (registration: omega)
from . import library_search  # noqa: F401  (registration: exact?)
from .run import run_by_block

__all__ = ["run_by_block"]
