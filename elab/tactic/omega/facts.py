"""From propositions to constraints: `omega`'s reading of hypotheses (Lean's `omega_nat`/`addFact`).

A fact is a proposition with its proof. Conjunctions are split, disjunctions are kept to be split
lazily (only when the rest does not suffice), negations are pushed inwards (deciding where needed:
the connectives and the atoms `omega` reads are decidable, see `decide`), and the arithmetic atoms
`a ≤ b`, `a < b`, `a = b`, `a ≠ b`, `≥`, `>` over `Nat` and `Int` become constraints: a proof of
`Lean.Omega.Le σ P p Q q` together with the linear form the solver sees; `k ∣ e` is read as
`e % k = 0` and `¬ k ∣ e` as `e % k > 0` (on `Int` for a numeral `k`). Anything else is ignored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.expr import FVAR, PI, SORT, Expr, NatLit, mk_app
from lantern.kernel.level import is_equiv
from lantern.kernel.record import field, record

from . import terms as L
from .atoms import Atoms
from .linear import Form, add_l
from .reflect import IExpr, Lin, NExpr, Reader, n_ctor

if TYPE_CHECKING:
    from ...term.elaborator import TermElab


@record
class Constraint:
    """`proof : Lean.Omega.Le σ P p Q q` (up to evaluation of the lists); `lin ≥ 0` for the solver."""

    form: Form
    proof: Expr
    lin: Lin


@record
class Disjunction:
    """`proof : left ∨ right`. When the sides are constraints, `forms` gives them."""

    left: Expr
    right: Expr
    proof: Expr
    forms: tuple[tuple[Form, Lin], tuple[Form, Lin]] | None = None


@record
class Facts:
    """What one branch of the case splits knows. `side_facts_read` counts the facts about atoms
    (`Atoms.side_facts`, shared by all branches) already added here."""

    constraints: list[Constraint] = field(default_factory=list)
    disjunctions: list[Disjunction] = field(default_factory=list)
    false_proof: Expr | None = None
    side_facts_read: int = 0

    def copy(self) -> "Facts":
        return Facts(list(self.constraints), list(self.disjunctions), self.false_proof, self.side_facts_read)


def le_type(sigma: Expr, f: Form) -> Expr:
    """`Lean.Omega.Le σ P p Q q` with literal lists."""
    return mk_app(L.omega("Le"), [sigma, L.nat_list(f.P), NatLit(f.p), L.nat_list(f.Q), NatLit(f.q)])


class FactReader:
    """Reads propositions into `Facts`, sharing one atom table (so one `σ`) across all branches."""

    def __init__(self, te: "TermElab", atoms: Atoms, sigma: Expr) -> None:
        self.te = te
        self.atoms = atoms
        self.sigma = sigma
        self.read = Reader(atoms, sigma, self.let_value)

    def let_value(self, e: Expr) -> Expr | None:
        if e.kind != FVAR:
            return None
        d = self.te.lctx.get(e)
        return None if d is None or d.value is None else self.te.instantiate(d.value)

    # -- entry points -------------------------------------------------------------------------------

    def add(self, facts: Facts, prop: Expr, proof: Expr) -> None:
        """Add what `proof : prop` says, and the facts about any new atoms."""
        self._add(facts, self.te.instantiate(prop), proof)
        self.flush_side_facts(facts)

    def flush_side_facts(self, facts: Facts) -> None:
        """Add the facts about atoms this branch has not read yet (they hold in every branch, so a
        branch also gets those of atoms first met in another one)."""
        while facts.side_facts_read < len(self.atoms.side_facts):
            prop, proof = self.atoms.side_facts[facts.side_facts_read]
            facts.side_facts_read += 1
            self._add(facts, self.te.infer(proof) if prop is None else prop, proof)

    def constraints_of(self, prop: Expr, proof: Expr) -> list[Constraint]:
        """The constraints `proof : prop` gives, on their own (no facts about atoms)."""
        facts = Facts()
        self._add(facts, prop, proof)
        return facts.constraints

    def add_constraint(self, facts: Facts, form: Form, proof: Expr, lin: Lin) -> None:
        facts.constraints.append(Constraint(form, proof, lin))

    # -- propositions -------------------------------------------------------------------------------

    def _add(self, facts: Facts, p: Expr, h: Expr) -> None:
        if facts.false_proof is not None:
            return
        if L.is_const(p, "False"):
            facts.false_proof = h
            return
        if (args := L.app_of(p, "And", 2)) is not None:
            self._add(facts, args[0], L.and_left(args[0], args[1], h))
            self._add(facts, args[1], L.and_right(args[0], args[1], h))
        elif (args := L.app_of(p, "Or", 2)) is not None:
            facts.disjunctions.append(Disjunction(args[0], args[1], h))
        elif (args := L.app_of(p, "Iff", 2)) is not None:
            a, b = args
            if (da := self.decide(a)) is not None:
                self._add(facts, L.mk_or(L.mk_and(a, b), L.mk_and(L.mk_not(a), L.mk_not(b))), mk_app(L.omega("iff_or"), [a, b, da, h]))
        elif (args := L.app_of(p, "Not", 1)) is not None:
            self._add_not(facts, args[0], h)
        elif p.kind == PI:
            if self.is_arrow(p):
                a, b = p.type, p.body  # type: ignore[attr-defined]
                if L.is_const(b, "False"):
                    self._add_not(facts, a, h)
                elif (da := self.decide(a)) is not None:
                    self._add(facts, L.mk_or(L.mk_not(a), b), mk_app(L.omega("imp_or"), [a, b, da, h]))
        else:
            self._add_atom(facts, p, h)

    def _add_not(self, facts: Facts, p: Expr, h: Expr) -> None:
        """`h : ¬p`."""
        if L.is_const(p, "True"):
            facts.false_proof = mk_app(h, [L.TRUE_INTRO])
        elif (args := L.app_of(p, "Not", 1)) is not None:
            if (d := self.decide(args[0])) is not None:
                self._add(facts, args[0], mk_app(L.omega("not_not_elim"), [args[0], d, h]))
        elif (args := L.app_of(p, "And", 2)) is not None:
            a, b = args
            if (da := self.decide(a)) is not None:
                self._add(facts, L.mk_or(L.mk_not(a), L.mk_not(b)), mk_app(L.omega("not_and_or"), [a, b, da, h]))
        elif (args := L.app_of(p, "Or", 2)) is not None:
            a, b = args
            self._add(facts, L.mk_and(L.mk_not(a), L.mk_not(b)), mk_app(L.omega("not_or_and"), [a, b, h]))
        elif (args := L.app_of(p, "Iff", 2)) is not None:
            a, b = args
            da, db = self.decide(a), self.decide(b)
            if da is not None and db is not None:
                self._add(facts, L.mk_or(L.mk_and(a, L.mk_not(b)), L.mk_and(L.mk_not(a), b)),
                          mk_app(L.omega("not_iff_or"), [a, b, da, db, h]))
        elif p.kind == PI:
            if self.is_arrow(p) and (da := self.decide(p.type)) is not None:  # type: ignore[attr-defined]
                a, b = p.type, p.body  # type: ignore[attr-defined]
                self._add(facts, L.mk_and(a, L.mk_not(b)), mk_app(L.omega("not_imp_and"), [a, b, da, h]))
        elif (args := L.app_of(p, "Ne", 3)) is not None:
            eq = mk_app(L.Const(L.N("Eq"), (L.ONE,)), args)
            if (d := self.decide(eq)) is not None:
                self._add(facts, eq, mk_app(L.omega("not_not_elim"), [eq, d, h]))
        else:
            self._add_atom(facts, p, h, negated=True)

    # -- arithmetic atoms ---------------------------------------------------------------------------

    def _add_atom(self, facts: Facts, p: Expr, h: Expr, negated: bool = False) -> None:
        if (dvd := divisibility(p)) is not None:
            read = dvd_fact(*dvd, h, negated)
            if read is not None:
                self._add(facts, *read)
            return
        rel = relation(p)
        if rel is None:
            return
        kind, ty, a, b = rel
        if ty == "Nat":
            self._nat_atom(facts, kind, a, b, h, negated)
        else:
            self._int_atom(facts, kind, a, b, h, negated)

    def _nat_atom(self, facts: Facts, kind: str, a: Expr, b: Expr, h: Expr, negated: bool) -> None:
        S = self.sigma
        if kind == "ne":
            kind, negated = "eq", not negated
        ea, eb = self.read.nat(a), self.read.nat(b)
        if kind == "lt":  # `a < b` is `a + 1 ≤ b`
            ea, kind = nat_succ(ea), "le"
        if kind == "le":
            if not negated:
                proof = mk_app(L.omega("nat_le"), [S, ea.term, eb.term, h])
                self.add_constraint(facts, nat_form(ea, 0, eb), proof, eb.lin - ea.lin)
            else:
                proof = mk_app(L.omega("nat_not_le"), [S, ea.term, eb.term, h])
                self.add_constraint(facts, nat_form(eb, 1, ea), proof, ea.lin - eb.lin - Lin({}, 1))
        elif not negated:
            self.add_constraint(facts, nat_form(ea, 0, eb), mk_app(L.omega("nat_eq"), [S, ea.term, eb.term, h]), eb.lin - ea.lin)
            symm = L.eq_symm(L.NAT, a, b, h)
            self.add_constraint(facts, nat_form(eb, 0, ea), mk_app(L.omega("nat_eq"), [S, eb.term, ea.term, symm]), ea.lin - eb.lin)
        else:
            left, right = nat_form(ea, 1, eb), nat_form(eb, 1, ea)
            one = Lin({}, 1)
            facts.disjunctions.append(Disjunction(
                le_type(S, left), le_type(S, right), mk_app(L.omega("nat_ne"), [S, ea.term, eb.term, h]),
                ((left, eb.lin - ea.lin - one), (right, ea.lin - eb.lin - one))))

    def _int_atom(self, facts: Facts, kind: str, a: Expr, b: Expr, h: Expr, negated: bool) -> None:
        S = self.sigma
        if kind == "ne":
            kind, negated = "eq", not negated
        ia, ib = self.read.int(a), self.read.int(b)
        if kind == "lt":  # `a < b` is `a + 1 ≤ b`
            ia, kind = self.read.add_one(ia), "le"
        if kind == "le":  # `a ≤ b` is `Int.NonNeg (b - a)`
            e = self.read.sub(ib, ia)
            if not negated:
                self.add_constraint(facts, int_form(e, False), mk_app(L.omega("int_le"), [S, e.term, e.wf, h]), e.lin)
            else:
                self.add_constraint(facts, int_form(e, True), mk_app(L.omega("int_not_le"), [S, e.term, e.wf, h]),
                                    -e.lin - Lin({}, 1))
        elif not negated:
            for x, y, lemma in ((ia, ib, "int_le_of_eq"), (ib, ia, "int_ge_of_eq")):
                e = self.read.sub(y, x)
                le = mk_app(L.omega(lemma), [a, b, h])
                self.add_constraint(facts, int_form(e, False), mk_app(L.omega("int_le"), [S, e.term, e.wf, le]), e.lin)
        else:
            left = Form(tuple(add_l(ia.coeffs[True], ib.coeffs[False])), ia.const[True] + ib.const[False] + 1,
                        tuple(add_l(ib.coeffs[True], ia.coeffs[False])), ib.const[True] + ia.const[False])
            right = Form(left.Q, left.q + 1, left.P, left.p - 1)
            one = Lin({}, 1)
            facts.disjunctions.append(Disjunction(
                le_type(S, left), le_type(S, right), mk_app(L.omega("int_ne"), [S, ia.term, ib.term, ia.wf, ib.wf, h]),
                ((left, ib.lin - ia.lin - one), (right, ia.lin - ib.lin - one))))

    # -- decidability --------------------------------------------------------------------------------

    def decide(self, p: Expr) -> Expr | None:
        """A `Decidable p` term, for the propositions `omega` reads; None for anything else."""
        p = self.te.instantiate(p)
        if L.is_const(p, "True"):
            return L.Const(L.N("instDecidableTrue"))
        if L.is_const(p, "False"):
            return L.Const(L.N("instDecidableFalse"))
        if (args := L.app_of(p, "Not", 1)) is not None:
            d = self.decide(args[0])
            return None if d is None else mk_app(L.omega("decNot"), [args[0], d])
        for conn, name in (("And", "decAnd"), ("Or", "decOr"), ("Iff", "decIff")):
            if (args := L.app_of(p, conn, 2)) is not None:
                da, db = self.decide(args[0]), self.decide(args[1])
                return None if da is None or db is None else mk_app(L.omega(name), [args[0], args[1], da, db])
        if p.kind == PI:
            if not self.is_arrow(p):
                return None
            da, db = self.decide(p.type), self.decide(p.body)  # type: ignore[attr-defined]
            return None if da is None or db is None else mk_app(L.omega("decImp"), [p.type, p.body, da, db])  # type: ignore[attr-defined]
        if (dvd := divisibility(p)) is not None:
            return dvd_decision(*dvd)
        rel = relation(p)
        if rel is None:
            return None
        kind, ty, a, b = rel
        if kind == "ne":
            return mk_app(L.omega("decNot"), [mk_app(L.Const(L.N("Eq"), (L.ONE,)), [L.Const(L.N(ty)), a, b]),
                                              mk_app(L.omega("decEq" + ty), [a, b])])
        if kind == "eq":
            return mk_app(L.omega("decEq" + ty), [a, b])
        inst = {("le", "Nat"): "instDecidableLeNat", ("lt", "Nat"): "instDecidableLtNat",
                ("le", "Int"): "instDecidableLeInt", ("lt", "Int"): "instDecidableLtInt"}[(kind, ty)]
        return mk_app(L.Const(L.N(inst)), [a, b])

    def is_arrow(self, p: Expr) -> bool:
        """`p` is `a → b` between propositions (not a dependent `∀`)."""
        if p.body.lbr > 0:  # type: ignore[attr-defined]
            return False
        return self.is_prop(p.type) and self.is_prop(p.body)  # type: ignore[attr-defined]

    def is_prop(self, p: Expr) -> bool:
        try:
            s = self.te.whnf(self.te.infer(p))
        except Exception:
            return False
        return s.kind == SORT and is_equiv(s.level, L.ZERO)  # type: ignore[attr-defined]


RELATIONS = {"LE.le": "le", "LT.lt": "lt", "GE.ge": "ge", "GT.gt": "gt"}
ORDER_INSTANCES = {("LE", "Nat"): "instLENat", ("LT", "Nat"): "instLTNat", ("LE", "Int"): "instLEInt", ("LT", "Int"): "instLTInt"}


def relation(p: Expr) -> tuple[str, str, Expr, Expr] | None:
    """`(kind, type, a, b)` for `a ≤ b`, `a < b` (with `≥`, `>` turned around), `a = b`, `a ≠ b` over
    `Nat` or `Int` with the prelude's instances: kind is `le`, `lt`, `eq` or `ne`."""
    for name, kind in RELATIONS.items():
        args = L.app_of(p, name, 4)
        if args is None:
            continue
        ty = type_name(args[0])
        cls = "LE" if kind in ("le", "ge") else "LT"
        if ty is None or not L.is_const(args[1], ORDER_INSTANCES[(cls, ty)]):
            return None
        if kind in ("ge", "gt"):
            return ("le" if kind == "ge" else "lt", ty, args[3], args[2])
        return (kind, ty, args[2], args[3])
    for ty in ("Nat", "Int"):
        for kind in ("le", "lt"):
            args = L.app_of(p, f"{ty}.{kind}", 2)
            if args is not None:
                return (kind, ty, args[0], args[1])
    for name, kind in (("Eq", "eq"), ("Ne", "ne")):
        args = L.app_of(p, name, 3)
        if args is not None:
            ty = type_name(args[0])
            return None if ty is None else (kind, ty, args[1], args[2])
    return None


def divisibility(p: Expr) -> tuple[str, Expr, Expr] | None:
    """`(type, k, e)` for `k ∣ e` over `Nat` or `Int` with the prelude's instances."""
    args = L.app_of(p, "Dvd.dvd", 4)
    if args is None:
        return None
    ty = type_name(args[0])
    if ty is None or not L.is_const(args[1], f"{ty}.instDvd{ty}"):
        return None
    return ty, args[2], args[3]


def dvd_fact(ty: str, k: Expr, e: Expr, h: Expr, negated: bool) -> tuple[Expr, Expr] | None:
    """What `omega` reads from `h : k ∣ e` (or `h : ¬ k ∣ e`), as Lean's `omega` does: `e % k = 0`
    (`e % k > 0`); on `Int` only for a numeral `k ≥ 0` (`0 ∣ e` is `e = 0`)."""
    if ty == "Nat":
        mod = L.nat_op("HMod", e, k)
        if negated:
            return L.nat_lt(NatLit(0), mod), mk_app(L.Const(L.N("Nat.emod_pos_of_not_dvd")), [k, e, h])
        return L.nat_eq(mod, NatLit(0)), mk_app(L.Const(L.N("Nat.mod_eq_zero_of_dvd")), [k, e, h])
    n = L.int_numeral(k)
    if n is None or n < 0:
        return None
    zero = L.int_lit(0)
    if n == 0:
        if negated:
            return L.mk_not(L.int_eq(e, zero)), mk_app(L.omega("int_ne_zero_of_not_zero_dvd"), [e, h])
        return L.int_eq(e, zero), mk_app(L.omega("int_eq_zero_of_zero_dvd"), [e, h])
    mod = L.int_op("HMod", e, L.int_lit(n))
    if negated:
        return L.int_lt(zero, mod), mk_app(L.omega("int_emod_pos_of_not_dvd"), [NatLit(n - 1), e, h])
    return L.int_eq(mod, zero), mk_app(L.omega("int_emod_of_dvd"), [NatLit(n - 1), e, h])


def dvd_decision(ty: str, k: Expr, e: Expr) -> Expr | None:
    """A `Decidable (k ∣ e)` term, where `omega` reads `k ∣ e`."""
    if ty == "Nat":
        return mk_app(L.Const(L.N("Nat.decidable_dvd")), [k, e])
    n = L.int_numeral(k)
    if n is None or n < 0:
        return None
    return mk_app(L.omega("decZeroDvdInt"), [e]) if n == 0 else mk_app(L.omega("decDvdInt"), [NatLit(n - 1), e])


def type_name(ty: Expr) -> str | None:
    for name in ("Nat", "Int"):
        if L.is_const(ty, name):
            return name
    return None


def nat_succ(e: NExpr) -> NExpr:
    """`e + 1`, as `Nat.lt` unfolds to."""
    return NExpr(n_ctor("add", e.term, n_ctor("lit", NatLit(1))), e.coeffs, e.const + 1, e.lin + Lin({}, 1))


def nat_form(a: NExpr, extra: int, b: NExpr) -> Form:
    """`a + extra ≤ b` as `nat_le`/`nat_not_le` state it."""
    return Form(tuple(a.coeffs), a.const + extra, tuple(b.coeffs), b.const)


def int_form(e: IExpr, negated: bool) -> Form:
    """`0 ≤ e` (`int_le`: negative part ≤ positive part) or its negation (`int_not_le`)."""
    if negated:
        return Form(tuple(e.coeffs[True]), e.const[True] + 1, tuple(e.coeffs[False]), e.const[False])
    return Form(tuple(e.coeffs[False]), e.const[False], tuple(e.coeffs[True]), e.const[True])
