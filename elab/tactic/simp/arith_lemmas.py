"""The extra lemmas of `simp_arith`: Nat sums and products put in a normal form by ordered rewriting
with commutativity and associativity (right-nested, atoms in the fixed term order, numerals last and
added up), and equal summands cancelled on both sides of `=` and `≤`. Two linear expressions that are
equal as polynomials with the same atoms reach the same normal form, so `x + y + 1 = x + 1 + y`
becomes `True`. (Lean's `simp_arith` normalises through `Nat.Linear`; this gets the common cases.)
"""

from __future__ import annotations

from lantern.kernel.name import Name

from .discr_tree import ArgKinds
from .index import LemmaIndex, lemmas_of_constant

ARITH_LEMMAS = (
    "Nat.add_assoc", "Nat.add_comm", "Nat.add_left_comm",
    "Nat.mul_assoc", "Nat.mul_comm", "Nat.mul_left_comm",
    "Nat.add_left_cancel_iff", "Nat.add_right_cancel_iff",
    "Nat.add_le_add_iff_left", "Nat.add_le_add_iff_right",
)


def arith_index(env: object) -> LemmaIndex:
    index = LemmaIndex(ArgKinds(env))
    for text in ARITH_LEMMAS:
        lemmas = lemmas_of_constant(env, Name.of(text))
        if lemmas is not None:
            index.add_all(lemmas)
    return index
