"""Reading `Nat` and `Int` terms as linear expressions over atoms.

A term is read into a reflected expression (`Lean.Omega.NExpr` / `Lean.Omega.IExpr`) whose `denote`
is, definitionally, the term itself; whatever is not linear arithmetic (a variable, `f x`, `x * y`,
`a - b` on `Nat`, `x / 3`, `t.toNat`) is an atom (`atoms.py`). Alongside the reflected term the reader
computes what the kernel will compute from it (`NExpr.coeffs`, `IExpr.coeffs`, …, see `linear.py`)
and the linear form the solver works with. A `let` variable is read as its value.
"""

from __future__ import annotations

from typing import Callable

from lantern.kernel.expr import Expr, NatLit, mk_app
from lantern.kernel.record import field, record

from . import terms as L
from .atoms import Atoms
from .linear import add_l, scale_l, single

@record
class Lin:
    """A linear form over the solver's variables: `Σ coeffs[v]·v + const`."""

    coeffs: dict[int, int] = field(default_factory=dict)
    const: int = 0

    def scale(self, k: int) -> "Lin":
        return Lin({v: k * c for v, c in self.coeffs.items()}, k * self.const)

    def __add__(self, other: "Lin") -> "Lin":
        r = dict(self.coeffs)
        for v, c in other.coeffs.items():
            r[v] = r.get(v, 0) + c
        return Lin({v: c for v, c in r.items() if c}, self.const + other.const)

    def __neg__(self) -> "Lin":
        return self.scale(-1)

    def __sub__(self, other: "Lin") -> "Lin":
        return self + (-other)


@record
class NExpr:
    """A reflected `Nat` term: the `Lean.Omega.NExpr` value, its coefficient list and constant as the
    kernel computes them (`NExpr.coeffs`, `NExpr.const`), and its linear form for the solver."""

    term: Expr
    coeffs: list[int]
    const: int
    lin: Lin


@record
class IExpr:
    """A reflected `Int` term: the `Lean.Omega.IExpr` value, the coefficient lists and constants of
    its positive (`True`) and negative (`False`) parts, its linear form and a proof of `IExpr.Wf σ e`."""

    term: Expr
    coeffs: dict[bool, list[int]]
    const: dict[bool, int]
    lin: Lin
    wf: Expr  # proof of `Lean.Omega.IExpr.Wf σ term`, given `sigma` (see `Reader`)


def n_ctor(name: str, *args: Expr) -> Expr:
    return mk_app(L.omega("NExpr." + name), list(args))


def i_ctor(name: str, *args: Expr) -> Expr:
    return mk_app(L.omega("IExpr." + name), list(args))


class Reader:
    """Reads terms against an atom table; `sigma` is the term standing for `σ` in proofs."""

    def __init__(self, atoms: Atoms, sigma: Expr, let_value: Callable[[Expr], Expr | None] = lambda e: None) -> None:
        self.atoms = atoms
        self.sigma = sigma
        self.let_value = let_value  # the value of a `let` variable (read instead of the variable)

    # -- Nat ----------------------------------------------------------------------------------------

    def nat(self, t: Expr) -> NExpr:
        if (v := self.let_value(t)) is not None:
            return self.nat(v)
        k = L.numeral(t, "Nat")
        if k is not None:
            return NExpr(n_ctor("lit", NatLit(k)), [], k, Lin({}, k))
        ab = L.binop(t, "HAdd", "Nat")
        if ab is not None:
            a, b = self.nat(ab[0]), self.nat(ab[1])
            return NExpr(n_ctor("add", a.term, b.term), add_l(a.coeffs, b.coeffs), a.const + b.const, a.lin + b.lin)
        ab = L.binop(t, "HMul", "Nat")
        if ab is not None:
            k = L.numeral(ab[0], "Nat")
            if k is not None:
                a = self.nat(ab[1])
                return NExpr(n_ctor("mulL", NatLit(k), a.term), scale_l(k, a.coeffs), k * a.const, a.lin.scale(k))
            k = L.numeral(ab[1], "Nat")
            if k is not None:
                a = self.nat(ab[0])
                return NExpr(n_ctor("mulR", a.term, NatLit(k)), scale_l(k, a.coeffs), k * a.const, a.lin.scale(k))
        succ = L.app_of(t, "Nat.succ", 1)
        if succ is not None:
            a = self.nat(succ[0])
            return NExpr(n_ctor("succ", a.term), a.coeffs, a.const + 1, a.lin + Lin({}, 1))
        written, t = t, L.canonical_nat_atom(t)
        self._operands_first(t)
        v = self.atoms.var(t, False)
        i = self.atoms.vars[v].index
        self.atoms.written.setdefault(written, i)
        return NExpr(n_ctor("atom", NatLit(i)), single(i), 0, Lin({v: 1}))

    def _operands_first(self, t: Expr) -> None:
        """Read the operands of an atom that comes with facts (`a - b`, `x / k`, `x % k`, `t.toNat`)
        before the atom itself, so that atoms are numbered in reading order (as the error message
        shows them)."""
        if (t, False) in self.atoms.var_index:
            return
        for cls in ("HSub", "HDiv", "HMod"):
            ab = L.binop(t, cls, "Nat")
            if ab is not None:
                self.nat(ab[0])
                self.nat(ab[1])
                return
        to_nat = L.app_of(t, "Int.toNat", 1)
        if to_nat is not None:
            self.int(to_nat[0])

    # -- Int ----------------------------------------------------------------------------------------

    def int(self, t: Expr) -> IExpr:
        if (v := self.let_value(t)) is not None:
            return self.int(v)
        k = L.numeral(t, "Int")
        if k is not None:
            return self.of_nat(self.nat(NatLit(k)))
        cast = L.app_of(t, "Nat.cast", 3)
        if cast is not None and L.is_const(cast[0], "Int") and L.is_const(cast[1], "instNatCastInt"):
            return self.of_nat(self.nat(cast[2]))
        of_nat = L.app_of(t, "Int.ofNat", 1)
        if of_nat is not None:
            return self.of_nat(self.nat(of_nat[0]))
        for cls, ctor in (("HAdd", "add"), ("HSub", "sub")):
            ab = L.binop(t, cls, "Int")
            if ab is not None:
                return self.binary(ctor, self.int(ab[0]), self.int(ab[1]))
        neg = L.app_of(t, "Neg.neg", 3)
        if neg is not None and not (L.is_const(neg[0], "Int") and L.is_const(neg[1], "instNegInt")):
            neg = None
        neg_arg = neg[2] if neg is not None else (raw[0] if (raw := L.app_of(t, "Int.neg", 1)) is not None else None)
        if neg_arg is not None:
            a = self.int(neg_arg)
            return IExpr(i_ctor("neg", a.term), {s: a.coeffs[not s] for s in (True, False)},
                         {s: a.const[not s] for s in (True, False)}, -a.lin, a.wf)
        ab = L.binop(t, "HMul", "Int")
        if ab is not None:
            k = L.int_numeral(ab[0])
            if k is not None:
                return self._scaled("mulL" if k >= 0 else "mulNegL", abs(k), self.int(ab[1]), left=True)
            k = L.int_numeral(ab[1])
            if k is not None:
                return self._scaled("mulR" if k >= 0 else "mulNegR", abs(k), self.int(ab[0]), left=False)
        t = L.canonical_int_atom(t)
        if (True, t) not in self.atoms.var_index:
            for cls in ("HDiv", "HMod"):  # read `x` in `x / k`, `x % k` first (see `_operands_first`)
                ab = L.binop(t, cls, "Int")
                if ab is not None:
                    self.int(ab[0])
                    break
        v = self.atoms.var(t, True)
        var = self.atoms.vars[v]
        wf = var.wf
        return IExpr(i_ctor("atom", t, NatLit(var.pos), NatLit(var.neg)), {True: single(var.pos), False: single(var.neg)},
                     {True: 0, False: 0}, Lin({v: 1}), wf)

    def sub(self, a: IExpr, b: IExpr) -> IExpr:
        """`a - b`, as `Int.le`/`Int.lt` unfold to (`a ≤ b` is `Int.NonNeg (b - a)`)."""
        return self.binary("sub", a, b)

    def add_one(self, a: IExpr) -> IExpr:
        """`a + 1`, as `Int.lt` unfolds to (`a < b` is `a + 1 ≤ b`)."""
        return self.binary("add", a, self.of_nat(self.nat(NatLit(1))))

    def of_nat(self, a: NExpr) -> IExpr:
        return IExpr(i_ctor("ofNat", a.term), {True: a.coeffs, False: []}, {True: a.const, False: 0}, a.lin, L.TRUE_INTRO)

    def binary(self, ctor: str, a: IExpr, b: IExpr) -> IExpr:
        flip = ctor == "sub"
        coeffs = {s: add_l(a.coeffs[s], b.coeffs[s != flip]) for s in (True, False)}
        const = {s: a.const[s] + b.const[s != flip] for s in (True, False)}
        wf_a = mk_app(L.omega("IExpr.Wf"), [self.sigma, a.term])
        wf_b = mk_app(L.omega("IExpr.Wf"), [self.sigma, b.term])
        wf = L.and_intro(wf_a, wf_b, a.wf, b.wf)
        lin = a.lin - b.lin if flip else a.lin + b.lin
        return IExpr(i_ctor(ctor, a.term, b.term), coeffs, const, lin, wf)

    def _scaled(self, ctor: str, k: int, a: IExpr, left: bool) -> IExpr:
        flip = ctor.startswith("mulNeg")
        term = i_ctor(ctor, NatLit(k), a.term) if left else i_ctor(ctor, a.term, NatLit(k))
        coeffs = {s: scale_l(k, a.coeffs[s != flip]) for s in (True, False)}
        const = {s: k * a.const[s != flip] for s in (True, False)}
        return IExpr(term, coeffs, const, a.lin.scale(-k if flip else k), a.wf)
