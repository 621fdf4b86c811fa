"""Tactic proofs: the goal state (`core`), the runner and info-tree recording (`run`), and one module
per family of tactics, each registering its keywords in `registry.TACTICS`."""

from . import basic, closers, induction, match_tactic, revert, rewrite, structure  # noqa: F401  (registration)
from .run import run_by_block

__all__ = ["run_by_block"]
