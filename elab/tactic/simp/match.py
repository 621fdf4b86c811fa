"""Matching a simp lemma's left-hand side against a term: first-order, syntactic, modulo what simp may
not tell apart (Lean's `isDefEq` at reducible transparency, as simp uses it).

The pattern's loose bound variables are the lemma's binders; matching assigns them. Syntactic
matching keeps simp predictable: `?n + 0` does not match `x + 1` by unfolding `+`. What is not
syntactic: Nat numerals match whatever their spelling (`literals.nat_value`); instance arguments are
compared by definitional equality (an instance is found by resolution, so two spellings of the same
instance must agree); the universe levels of the lemma's constants are pattern variables too.

Binders left unassigned by the match are then filled in, in order: instances by resolution,
propositions (the hypotheses of a conditional lemma) by the discharger, universe levels from the
types of the values assigned. A lemma whose variables cannot all be filled in does not apply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Sequence

from lantern.kernel.expr import APP, BVAR, CONST, INST_IMPLICIT, LAM, LET, PI, PROJ, SORT, Expr, Sort, get_app_args, get_app_fn, mk_app
from lantern.kernel.instantiate import has_loose_bvar, instantiate_level_params, instantiate_rev, lift_loose_bvars
from lantern.kernel.level import IMAX, MAX, PARAM, SUCC, ZERO, Level, is_equiv, mk_zero

from .discr_tree import ArgKinds
from .lemmas import SimpLemma
from ...nat_literals import mk_add, mk_nat, nat_value, offset

if TYPE_CHECKING:
    from ...term.elaborator import TermElab

Discharger = Callable[[Expr], "Expr | None"]
_PLACEHOLDER = Sort(mk_zero())


class Instance:
    """A successful match: the universe levels and the values of the binders, in order."""

    __slots__ = ("levels", "args")

    def __init__(self, levels: list[Level], args: list[Expr]) -> None:
        self.levels = levels
        self.args = args


class Matcher:
    def __init__(self, te: "TermElab", kinds: ArgKinds, discharge: Discharger) -> None:
        self.te = te
        self.kinds = kinds
        self.discharge = discharge

    def match(self, lemma: SimpLemma, term: Expr) -> Instance | None:
        if offset(lemma.lhs) is not None and get_app_fn(lemma.lhs) != get_app_fn(term):
            # At the root an offset lemma keeps its own spelling: `Nat.succ ?n ↦ ?n + 1` must not
            # read `x + 7` as `Nat.succ (x + 6)` (and loop).
            return None
        run = _Run(self, lemma)
        if not run.pattern(lemma.lhs, term, 0) or not run.check_postponed():
            return None
        return run.complete()


class _Run:
    def __init__(self, m: Matcher, lemma: SimpLemma) -> None:
        self.m = m
        self.lemma = lemma
        self.n = len(lemma.binders)
        self.vals: list[Expr | None] = [None] * self.n
        self.lparams = frozenset(lemma.level_params)
        self.lvals: dict[object, Level] = {}
        self.postponed: list[tuple[Expr, Expr]] = []

    # -- the structural match ------------------------------------------------------------------------

    def pattern(self, p: Expr, t: Expr, off: int) -> bool:
        if p.lbr <= off and not (self.lparams and p.has_level_param):
            return p == t or _same_numeral(p, t)
        pv = nat_value(p)
        if pv is not None:
            return nat_value(t) == pv
        po = offset(p)
        if po is not None:
            to = offset(t)
            if to is None:
                v = nat_value(t)  # `?n + 2` against the numeral 5: `?n := 3`
                return v is not None and v >= po[1] and self.pattern(po[0], mk_nat(v - po[1]), off)
            if to[1] < po[1]:
                return False
            return self.pattern(po[0], mk_add(to[0], to[1] - po[1]), off)
        k = p.kind
        if k == BVAR:
            j = p.idx  # type: ignore[attr-defined]
            if j < off:
                return t.kind == BVAR and t.idx == j  # type: ignore[attr-defined]
            return self.assign(self.n - 1 - (j - off), t)
        if k == APP:
            return self.app(p, t, off)
        if k == CONST:
            return t.kind == CONST and t.name is p.name and self.levels(p.levels, t.levels)  # type: ignore[attr-defined]
        if k == SORT:
            return t.kind == SORT and self.level(p.level, t.level)  # type: ignore[attr-defined]
        if k == LAM or k == PI:
            return (t.kind == k and self.pattern(p.type, t.type, off)  # type: ignore[attr-defined]
                    and self.pattern(p.body, t.body, off + 1))  # type: ignore[attr-defined]
        if k == LET:
            return (t.kind == LET and self.pattern(p.type, t.type, off) and self.pattern(p.value, t.value, off)  # type: ignore[attr-defined]
                    and self.pattern(p.body, t.body, off + 1))  # type: ignore[attr-defined]
        if k == PROJ:
            return (t.kind == PROJ and t.struct is p.struct and t.idx == p.idx  # type: ignore[attr-defined]
                    and self.pattern(p.expr, t.expr, off))  # type: ignore[attr-defined]
        return p == t

    def assign(self, i: int, t: Expr) -> bool:
        if t.lbr:
            return False  # the value would mention a variable bound inside the pattern
        old = self.vals[i]
        if old is None:
            self.vals[i] = t
            return True
        return old == t or _same_numeral(old, t)

    def app(self, p: Expr, t: Expr, off: int) -> bool:
        if t.kind != APP:
            return False
        pf, pargs = get_app_args(p)
        tf, targs = get_app_args(t)
        if pf.kind == BVAR and pf.idx >= off:  # type: ignore[attr-defined]
            # `?f a₁ … aₙ`, first order: `?f` takes the term's extra leading arguments.
            extra = len(targs) - len(pargs)
            if extra < 0 or not self.pattern(pf, mk_app(tf, targs[:extra]), off):
                return False
            return all(self.pattern(a, b, off) for a, b in zip(pargs, targs[extra:]))
        if len(pargs) != len(targs):
            return False
        if pf.kind != CONST:
            return self.pattern(pf, tf, off) and all(self.pattern(a, b, off) for a, b in zip(pargs, targs))
        if tf.kind != CONST or tf.name is not pf.name or not self.levels(pf.levels, tf.levels):  # type: ignore[attr-defined]
            return False
        binfos = self.m.kinds.binfos(pf.name)  # type: ignore[attr-defined]
        for i, (a, b) in enumerate(zip(pargs, targs)):
            if (off == 0 and i < len(binfos) and binfos[i] == INST_IMPLICIT
                    and not (a.kind == BVAR and a.idx >= off)):  # type: ignore[attr-defined]
                self.postponed.append((a, b))  # compared once the variables are known
                continue
            if not self.pattern(a, b, off):
                return False
        return True

    # -- universe levels ------------------------------------------------------------------------------

    def levels(self, ps: Sequence[Level], ts: Sequence[Level]) -> bool:
        return len(ps) == len(ts) and all(self.level(a, b) for a, b in zip(ps, ts))

    def level(self, p: Level, t: Level) -> bool:
        if p.kind == PARAM and p.a in self.lparams:
            old = self.lvals.get(p.a)
            if old is None:
                self.lvals[p.a] = t
                return True
            return is_equiv(old, t)
        if not (self.lparams and p.has_param):
            return is_equiv(p, t)
        if p.kind == SUCC and t.kind == SUCC:
            return self.level(p.a, t.a)  # type: ignore[arg-type]
        if p.kind == t.kind and p.kind in (MAX, IMAX):
            return self.level(p.a, t.a) and self.level(p.b, t.b)  # type: ignore[arg-type]
        return False

    # -- after the match ----------------------------------------------------------------------------

    def check_postponed(self) -> bool:
        """Instance arguments: the pattern's, once its variables are known, must be definitionally
        equal to the term's."""
        for a, b in self.postponed:
            saved, saved_levels = list(self.vals), dict(self.lvals)
            if self.pattern(a, b, 0):
                continue
            self.vals, self.lvals = saved, saved_levels
            inst = self.instantiate(a)
            if inst is None or not self.m.te.is_def_eq(inst, b):
                return False
        return True

    def instantiate(self, e: Expr, upto: int | None = None) -> Expr | None:
        """`e` (over the binders `0 … upto-1`) with the values found; None if one it uses is missing."""
        upto = self.n if upto is None else upto
        vals = self.vals[:upto]
        if e.lbr and any(v is None for v in vals):
            if any(v is None and has_loose_bvar(e, upto - 1 - i) for i, v in enumerate(vals)):
                return None
            vals = [v if v is not None else _PLACEHOLDER for v in vals]
        lps = self.lemma.level_params
        if lps and e.has_level_param:
            if any(p not in self.lvals for p in lps):
                return None
            e = instantiate_level_params(e, lps, [self.lvals[p] for p in lps])
        return instantiate_rev(e, vals)  # type: ignore[arg-type]

    def complete(self) -> Instance | None:
        te = self.m.te
        for i, b in enumerate(self.lemma.binders):
            v = self.vals[i]
            if v is not None:
                if len(self.lvals) < len(self.lparams) and b.type.has_level_param:
                    self.levels_from_type(b.type, i, v)
                continue
            ty = self.instantiate(b.type, i)
            if ty is None:
                return None
            if b.binfo == INST_IMPLICIT:
                token = te.mctx.checkpoint()
                inst = te.synth_instance(ty)
                inst = te.instantiate(inst) if inst is not None else None
                if inst is None or inst.has_mvar:
                    te.mctx.rollback(token)
                    return None
                self.vals[i] = inst
                continue
            if not self.is_prop(ty):
                return None  # a variable the left-hand side does not determine
            proof = self.m.discharge(ty)
            if proof is None:
                return None
            self.vals[i] = proof
        if len(self.lvals) < len(self.lparams):
            return None
        return Instance([self.lvals[p] for p in self.lemma.level_params], self.vals)  # type: ignore[arg-type]

    def levels_from_type(self, bty: Expr, i: int, value: Expr) -> None:
        """Universe levels that occur only in a binder's type (`(α : Sort u)`): read them off the type
        of the value assigned. The binder's type is over the binders before it: shifted, its bound
        variables are the same pattern variables."""
        te = self.m.te
        try:
            vty = te.instantiate(te.infer(value))
        except Exception:  # noqa: BLE001 — an ill-typed candidate simply does not match
            return
        pat = lift_loose_bvars(bty, self.n - i)
        if not self.pattern(pat, vty, 0):
            self.pattern(pat, te.whnf(vty), 0)

    def is_prop(self, ty: Expr) -> bool:
        te = self.m.te
        try:
            s = te.whnf(te.infer(ty))
        except Exception:  # noqa: BLE001
            return False
        return s.kind == SORT and s.level.kind == ZERO  # type: ignore[attr-defined]


def _same_numeral(a: Expr, b: Expr) -> bool:
    va = nat_value(a)
    return va is not None and va == nat_value(b)
