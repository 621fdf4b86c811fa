"""Which terms carry no data at run time: types, type formers and proofs.

Lean's compiler erases them, and so do we: they become `ERASED` and are never computed. The test is
on the term's *type*, with the kernel's own `whnf`/`infer`, so it is exact for everything the kernel
accepts (a universe-polymorphic `Sort u` is not known to be `Prop`, and its values are kept).
"""

from __future__ import annotations

from lantern.kernel.expr import PI, SORT, Expr
from lantern.kernel.instantiate import instantiate1
from lantern.kernel.type_checker import TypeChecker


def is_erasable_type(tc: TypeChecker, t: Expr) -> bool:
    """Whether every value of type `t` is irrelevant: `t` is a sort or a telescope ending in one
    (its values are types or type families), or `t` is a proposition (its values are proofs)."""
    w = tc.whnf(t)
    while w.kind == PI:
        x = tc.lctx.mk_local(w.name, w.type, None, w.binfo)  # type: ignore[attr-defined]
        w = tc.whnf(instantiate1(w.body, x))  # type: ignore[attr-defined]
    if w.kind == SORT:
        return True
    return tc.is_prop_type(t)
