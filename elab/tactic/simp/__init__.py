"""The simplifier: `simp`, `simp only`, `simp_arith`, `dsimp`, `simp_all` (see `tactic.py`), built from
simp lemmas (`lemmas.py`) indexed by a discrimination tree (`discr_tree.py`, `index.py`), a matcher
(`match.py`), the rewriting traversal with congruence (`rewrite.py`), ground Nat arithmetic
(`arith.py`) and the unfolding of definitions (`unfold.py`)."""

from . import tactic  # noqa: F401  (registration)
