"""The proof terms simp builds (Lean's `mkEqTrans`, `mkCongrArg`, `mkCongrFun`, `mkCongr`, …): every
implicit argument written out, universe levels computed from the types, so that the kernel checks
them without unification. Types are inferred once per term and remembered for the whole simp call.

A step whose result is definitionally equal to its input (a β-reduction, a numeral computed, a
definition unfolded) has no proof (`None`); the kernel sees the two sides as one term wherever the
step's result is used, so steps without proofs compose with the others for free.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.expr import PI, Const, Expr, Lam, mk_app
from lantern.kernel.level import Level
from lantern.kernel.name import Name
from lantern.kernel.record import record

if TYPE_CHECKING:
    from ...term.elaborator import TermElab

TRUE = Const(Name.of("True"))
FALSE = Const(Name.of("False"))


@record(frozen=True, slots=True)
class Result:
    """`expr`, with `proof : input = expr`, or `proof = None` when the two are definitionally equal."""

    expr: Expr
    proof: Expr | None = None


def _c(name: str, *levels: Level) -> Const:
    return Const(Name.of(name), tuple(levels))


class Proofs:
    def __init__(self, te: "TermElab") -> None:
        self.te = te
        self._types: dict[Expr, Expr] = {}
        self._levels: dict[Expr, Level] = {}

    # -- types and their universes -------------------------------------------------------------------

    def type_of(self, e: Expr) -> Expr:
        t = self._types.get(e)
        if t is None:
            t = self._types[e] = self.te.instantiate(self.te.infer(e))
        return t

    def level_of_type(self, ty: Expr) -> Level:
        """The `u` with `ty : Sort u`."""
        l = self._levels.get(ty)
        if l is None:
            l = self._levels[ty] = self.te.sort_level_of(ty)
        return l

    def level_of(self, e: Expr) -> Level:
        """The universe of `e`'s type: the `u` of `Eq.{u}` for an equation between such terms."""
        return self.level_of_type(self.type_of(e))

    # -- equality --------------------------------------------------------------------------------------

    def refl(self, a: Expr) -> Expr:
        return mk_app(_c("Eq.refl", self.level_of(a)), [self.type_of(a), a])

    def trans(self, a: Expr, b: Expr, c: Expr, h1: Expr, h2: Expr) -> Expr:
        return mk_app(_c("Eq.trans", self.level_of(a)), [self.type_of(a), a, b, c, h1, h2])

    def symm(self, a: Expr, b: Expr, h: Expr) -> Expr:
        return mk_app(_c("Eq.symm", self.level_of(a)), [self.type_of(a), a, b, h])

    def compose(self, start: Expr, r1: Result, r2: Result) -> Result:
        """`start ↦ r1.expr` then `r1.expr ↦ r2.expr`, as one step from `start`."""
        if r1.proof is None:
            return r2
        if r2.proof is None:
            return Result(r2.expr, r1.proof)
        return Result(r2.expr, self.trans(start, r1.expr, r2.expr, r1.proof, r2.proof))

    # -- congruence ----------------------------------------------------------------------------------

    def congr_arg(self, f: Expr, a1: Expr, a2: Expr, h: Expr) -> Expr:
        """`congrArg f h : f a₁ = f a₂` for a non-dependent `f`."""
        alpha = self.type_of(a1)
        beta = self.type_of(mk_app(f, [a1]))
        return mk_app(_c("congrArg", self.level_of_type(alpha), self.level_of_type(beta)), [alpha, beta, a1, a2, f, h])

    def congr_fun(self, f: Expr, g: Expr, h: Expr, a: Expr) -> Expr:
        """`congrFun h a : f a = g a`."""
        fty = self.te.whnf(self.type_of(f))
        assert fty.kind == PI
        alpha = fty.type  # type: ignore[attr-defined]
        beta = Lam(fty.name, alpha, fty.body, fty.binfo)  # type: ignore[attr-defined]
        v = self.level_of_type(self.type_of(mk_app(f, [a])))
        return mk_app(_c("congrFun", self.level_of_type(alpha), v), [alpha, beta, f, g, h, a])

    def congr(self, f1: Expr, f2: Expr, a1: Expr, a2: Expr, h1: Expr, h2: Expr) -> Expr:
        """`congr h₁ h₂ : f₁ a₁ = f₂ a₂` for non-dependent functions."""
        alpha = self.type_of(a1)
        beta = self.type_of(mk_app(f1, [a1]))
        return mk_app(_c("congr", self.level_of_type(alpha), self.level_of_type(beta)), [alpha, beta, f1, f2, a1, a2, h1, h2])

    # -- propositions ------------------------------------------------------------------------------------

    def of_eq_true(self, p: Expr, h: Expr | None) -> Expr:
        """A proof of `p` from `h : p = True` (`None`: `p` is definitionally `True`)."""
        if h is None:
            return _c("True.intro")
        return mk_app(_c("of_eq_true"), [p, h])

    def mpr(self, a: Expr, b: Expr, h: Expr, hb: Expr) -> Expr:
        """`Eq.mpr h hb : a` from `h : a = b` and `hb : b`."""
        return mk_app(_c("Eq.mpr", self.level_of_type(a)), [a, b, h, hb])

    def mp(self, a: Expr, b: Expr, h: Expr, ha: Expr) -> Expr:
        """`Eq.mp h ha : b` from `h : a = b` and `ha : a`."""
        return mk_app(_c("Eq.mp", self.level_of_type(a)), [a, b, h, ha])

