"""The atoms of an `omega` problem: the terms it treats as variables.

Two views of the atoms:

- the solver's variables (`Var`): one per `Nat` or `Int` atom, as the user sees them;
- the proof's atom list `σ : List Nat`: a `Nat` atom is one entry; an `Int` atom `x` is the two entries
  `x.toNat` and `(-x).toNat`, since `x = Int.subNatNat x.toNat (-x).toNat` (`Lean.Omega.int_split`).

Some atoms come with facts: `a - b` (`Nat`) with `Lean.Omega.nat_sub_split`, `t.toNat` with
`Lean.Omega.toNat_split`, `x / k` and `x % k` with the division facts (`x / 0 = 0`, `x % 0 = x` by
evaluation); they are recorded in `Atoms.side_facts`, and every branch of the case splits reads them.
"""

from __future__ import annotations

import itertools

from lantern.kernel.expr import App, Expr, FVar, NatLit, mk_app
from lantern.kernel.record import field, record

from . import terms as L
from .linear import Form

_wf_ids = itertools.count()


@record
class Var:
    """A solver variable: a `Nat` atom (`index` in `σ`) or an `Int` atom (`pos`, `neg` in `σ`; `wf`
    stands for the proof of `x = Int.subNatNat (getN σ pos) (getN σ neg)`, bound once per atom)."""

    term: Expr
    is_int: bool
    index: int = -1
    pos: int = -1
    neg: int = -1
    wf: Expr | None = None


@record
class Atoms:
    sigma: list[Expr] = field(default_factory=list)  # the proof's atoms, all of type Nat
    sigma_index: dict[Expr, int] = field(default_factory=dict)
    vars: list[Var] = field(default_factory=list)
    var_index: dict[tuple[bool, Expr], int] = field(default_factory=dict)
    side_facts: list[tuple[Expr | None, Expr]] = field(default_factory=list)  # (statement or None, proof)
    # The subterms read as `Nat` atoms, as the goal writes them (before `canonical_nat_atom`): their
    # index in `σ` (`identity.py` puts variables in their place).
    written: dict[Expr, int] = field(default_factory=dict)

    def wf_lets(self, sigma: Expr) -> list[tuple[FVar, Expr, Expr]]:
        """For each `Int` atom: its `wf` variable, `x = Int.subNatNat (getN σ pos) (getN σ neg)` and the
        proof `Lean.Omega.int_split x` (checked once here, then used by every fact the atom is in)."""
        out = []
        for v in self.vars:
            if v.is_int:
                get = lambda i: mk_app(L.omega("getN"), [sigma, NatLit(i)])  # noqa: E731
                ty = mk_app(L.Const(L.N("Eq"), (L.ONE,)), [L.INT, v.term, mk_app(L.Const(L.N("Int.subNatNat")), [get(v.pos), get(v.neg)])])
                out.append((v.wf, ty, mk_app(L.omega("int_split"), [v.term])))  # type: ignore[arg-type]
        return out

    def proof_atom(self, t: Expr) -> int:
        i = self.sigma_index.get(t)
        if i is None:
            i = self.sigma_index[t] = len(self.sigma)
            self.sigma.append(t)
        return i

    def var(self, t: Expr, is_int: bool, facts: bool = True) -> int:
        """The variable of the atom `t`, registering it (and, if `facts`, the facts about it) if new."""
        key = (is_int, t)
        v = self.var_index.get(key)
        if v is not None:
            return v
        if is_int:
            neg = mk_app(L.Const(L.N("Neg.neg"), (L.ZERO,)), [L.INT, L.Const(L.N("instNegInt")), t])
            var = Var(t, True, pos=self.proof_atom(App(L.Const(L.N("Int.toNat")), t)),
                      neg=self.proof_atom(App(L.Const(L.N("Int.toNat")), neg)), wf=FVar(("omega-wf", next(_wf_ids)), L.N("w")))
        else:
            var = Var(t, False, index=self.proof_atom(t))
        v = self.var_index[key] = len(self.vars)
        self.vars.append(var)
        if facts:
            (self._int_atom_facts if is_int else self._nat_atom_facts)(t)
        return v

    def _nat_atom_facts(self, t: Expr) -> None:
        sub = L.binop(t, "HSub", "Nat")
        if sub is not None:
            self.side_facts.append((None, mk_app(L.omega("nat_sub_split"), list(sub))))
            return
        to_nat = L.app_of(t, "Int.toNat", 1)
        if to_nat is not None:
            self.side_facts.append((None, mk_app(L.omega("toNat_split"), [to_nat[0]])))
            return
        for cls in ("HDiv", "HMod"):
            op = L.binop(t, cls, "Nat")
            if op is not None:
                x, k_term = op
                k = L.numeral(k_term, "Nat")
                if k is None:
                    return
                if k == 0:  # `x / 0 = 0` and `x % 0 = x`, by evaluation
                    value = NatLit(0) if cls == "HDiv" else x
                    proof = mk_app(L.Const(L.N("Eq.refl"), (L.ONE,)), [L.NAT, value])
                    self.side_facts.append((L.nat_eq(t, value), proof))
                    return
                K = NatLit(k)
                if cls == "HDiv":  # K * t ≤ x ∧ x < K * t + K  (`div_facts` states it with `K - 1 + 1`)
                    prop = L.mk_and(L.nat_le(L.nat_mul(K, t), x), L.nat_lt(x, L.nat_add(L.nat_mul(K, t), K)))
                    self.side_facts.append((prop, mk_app(L.omega("div_facts"), [x, NatLit(k - 1)])))
                else:  # t + K * (x / K) = x
                    div = L.nat_op("HDiv", x, k_term)
                    prop = L.nat_eq(L.nat_add(t, L.nat_mul(K, div)), x)
                    self.side_facts.append((prop, mk_app(L.omega("mod_facts"), [x, NatLit(k - 1)])))
                return

    def _int_atom_facts(self, t: Expr) -> None:
        """`x / k` and `x % k` on `Int` for a numeral `k ≥ 0` (Euclidean division): the same facts as
        on `Nat` (`int_div_facts`, `int_mod_facts`; `x / 0 = 0`, `x % 0 = x`)."""
        for cls in ("HDiv", "HMod"):
            op = L.binop(t, cls, "Int")
            if op is None:
                continue
            x, k_term = op
            k = L.int_numeral(k_term)
            if k is None or k < 0:
                return
            if k == 0:
                lemma, value = ("int_div_zero", L.int_lit(0)) if cls == "HDiv" else ("int_mod_zero", x)
                self.side_facts.append((L.int_eq(t, value), mk_app(L.omega(lemma), [x])))
            elif cls == "HDiv":
                self.side_facts.append(int_div_fact(t, x, k))
            else:
                div = L.int_op("HDiv", x, k_term)
                K = L.int_lit(k)
                prop = L.int_eq(L.mk_int_add(t, L.mk_int_mul(K, div)), x)
                self.side_facts.append((prop, mk_app(L.omega("int_mod_facts"), [x, NatLit(k - 1)])))
            return

    def int_term(self, coeffs: tuple[int, ...], const: int) -> Expr:
        """`Σ coeffs[v]·v + const` as an `Int` term over the atoms (`↑x` for a `Nat` atom)."""
        r: Expr | None = None
        for var, c in zip(self.vars, coeffs):
            if c == 0:
                continue
            x = var.term if var.is_int else L.nat_cast_int(var.term)
            term = x if abs(c) == 1 else L.mk_int_mul(L.int_lit(abs(c)), x)
            if r is None:
                r = term if c > 0 else L.int_neg(term)
            else:
                r = L.mk_int_add(r, term) if c > 0 else L.int_op("HSub", r, term)
        if r is None:
            return L.int_lit(const)
        if const:
            r = L.mk_int_add(r, L.int_lit(const)) if const > 0 else L.int_op("HSub", r, L.int_lit(-const))
        return r

    def form(self, coeffs: tuple[int, ...], const: int) -> Form:
        """`Σ coeffs[v]·v + const ≥ 0` over the solver's variables, as a constraint over `σ` (each
        variable's atoms on the side where its coefficient is positive)."""
        n = 1 + max((max(var.pos, var.neg, var.index) for var, c in zip(self.vars, coeffs) if c), default=-1)
        P, Q = [0] * n, [0] * n
        for var, c in zip(self.vars, coeffs):
            if c == 0:
                continue
            up, down = (Q, P) if c > 0 else (P, Q)
            if var.is_int:
                up[var.pos] += abs(c)
                down[var.neg] += abs(c)
            else:
                up[var.index] += abs(c)
        return Form(strip(P), max(-const, 0), strip(Q), max(const, 0))


def int_div_fact(t: Expr, x: Expr, k: int) -> tuple[Expr, Expr]:
    """`k * t ≤ x ∧ x < k * t + k` for the atom `t = x / k` (`k > 0`), with its proof."""
    K = L.int_lit(k)
    prop = L.mk_and(L.int_le(L.mk_int_mul(K, t), x), L.int_lt(x, L.mk_int_add(L.mk_int_mul(K, t), K)))
    return prop, mk_app(L.omega("int_div_facts"), [x, NatLit(k - 1)])


def strip(xs: list[int]) -> tuple[int, ...]:
    n = len(xs)
    while n and xs[n - 1] == 0:
        n -= 1
    return tuple(xs[:n])
