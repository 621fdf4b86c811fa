"""The simplifier's traversal (Lean's `Simp.main`): simplify the parts of a term, then rewrite at its
head, and simplify again whatever a rewrite produced, until nothing applies.

- Applications: each explicit argument whose type does not depend on it (and which is neither a type
  nor a proof) is simplified; the proofs are joined by `congrArg`, `congrFun` and `congr`. Arguments
  that others depend on (the condition of `if`, under its `Decidable` instance) are left alone, except
  in the special cases of `binders.py` (`if`, `dite`, `→`, `∀`, and λ-bodies when `funext` is there
  to prove the step, or for `dsimp`).
- `let` and β-redexes are reduced (definitional steps).
- At the head: ground Nat arithmetic, `a = a` ↦ `True`, unfolding the definitions given to simp,
  the simp lemmas found in the discrimination trees (permutation lemmas only when the result is
  smaller, conditional lemmas when the discharger proves their hypotheses), then equations between
  constructors (`ctor_eq.py`).

Every step is cached for the whole call, so shared and repeated subterms are simplified once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.expr import APP, CONST, DEFAULT, LAM, LET, PI, PROJ, SORT, Const, Expr, get_app_args, get_app_fn, mk_app
from lantern.kernel.instantiate import has_loose_bvar, instantiate1, instantiate_level_params, instantiate_rev
from lantern.kernel.level import ZERO
from lantern.kernel.name import Name
from lantern.kernel.record import field, record

from ..core import TacticError
from .arith import reduce_nat
from .binders import congr_dite, congr_ite, congr_lam, congr_pi
from .ctor_eq import reduce_ctor_eq
from .discr_tree import ArgKinds
from .index import LemmaIndex
from .lemmas import SimpLemma
from ...nat_literals import nat_value
from .match import Matcher
from .order import term_lt
from .proofs import TRUE, Proofs, Result
from .unfold import Unfolder

if TYPE_CHECKING:
    from ...syntax import tree as T
    from ...term.elaborator import TermElab

N_ITE, N_DITE, N_EQ = Name.of("ite"), Name.of("dite"), Name.of("Eq")
MAX_DISCHARGE_DEPTH = 2
MAX_DEPTH = 2000  # nested visits: the term's depth plus chains of rewrites (a loop ends here)


@record
class Config:
    max_steps: int = 100_000
    dsimp: bool = False  # definitional steps only, no proofs (`dsimp`)
    ground: bool = True  # Nat literal arithmetic and `a = a` (Lean's default simprocs)


@record
class SimpSet:
    """What one simp call rewrites with: lemma indexes tried in order, names erased with `-h`, and
    the definitions to unfold."""

    indexes: list[LemmaIndex] = field(default_factory=list)
    erased: frozenset[str] = frozenset()
    unfold: frozenset[Name] = frozenset()


class Simp:
    def __init__(self, te: "TermElab", simp_set: SimpSet, config: Config, span: "T.Span") -> None:
        self.te = te
        self.set = simp_set
        self.config = config
        self.span = span
        self.proofs = Proofs(te)
        self.kinds = ArgKinds(te.env)
        self.keys: dict = {}  # the discrimination keys of the terms met (`DiscrTree.candidates`)
        self.matcher = Matcher(te, self.kinds, self.discharge)
        self.unfolder = Unfolder(te, simp_set.unfold)
        self.cache: dict[Expr, Result] = {}
        self.steps = 0
        self.depth = 0
        self.discharge_depth = 0
        self._prop_types: dict[Expr, bool] = {}

    # -- entry ---------------------------------------------------------------------------------------

    def run(self, e: Expr) -> Result:
        """Simplify `e`. A term deeper than Python's stack allows is simplified again on a deep stack
        (`kernel.deep`), from the same starting state. A failure of type inference inside simp (a bug,
        or a term simp does not understand) is reported as simp's failure, not as an internal error."""
        from lantern.kernel.errors import KernelError

        e = self.te.instantiate(e)
        token = self.te.mctx.checkpoint()
        try:
            try:
                return self.visit(e)
            except RecursionError:
                from lantern.kernel.deep import run_deep

                self.te.mctx.rollback(token)
                self.cache.clear()
                self.depth = self.discharge_depth = 0
                return run_deep(self.visit, e)
        except KernelError as ex:
            self.te.mctx.rollback(token)
            raise TacticError(self.span, f"simp failed: {ex}") from None

    def visit(self, e: Expr) -> Result:
        r = self.cache.get(e)
        if r is not None:
            return r
        self.steps += 1
        if self.steps > self.config.max_steps:
            raise TacticError(self.span, "simp failed, maximum number of steps exceeded")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.depth = 0
            raise TacticError(self.span, "simp failed, maximum recursion depth has been reached")
        try:
            r = self.congr(e)
            step = self.post(r.expr)
            if step is not None and step.expr != r.expr:
                r = self.proofs.compose(e, r, step)
                r = self.proofs.compose(e, r, self.visit(step.expr))
        finally:
            self.depth -= 1
        self.cache[e] = r
        return r

    # -- simplifying the parts --------------------------------------------------------------------------

    def congr(self, e: Expr) -> Result:
        k = e.kind
        if k == APP:
            head, args = get_app_args(e)
            if head.kind == LAM:
                return self.then_visit(e, Result(self.te.checker().beta(head, args)))
            if head.kind == CONST:
                if head.name is N_ITE and len(args) == 5:  # type: ignore[attr-defined]
                    return congr_ite(self, e, args)
                if head.name is N_DITE and len(args) == 5:  # type: ignore[attr-defined]
                    return congr_dite(self, e, args)
            return self.congr_app(e, head, args)
        if k == PI:
            return congr_pi(self, e)
        if k == LET:
            return self.then_visit(e, Result(instantiate1(e.body, e.value)))  # type: ignore[attr-defined]
        if k == LAM:
            return congr_lam(self, e)
        return Result(e)

    def then_visit(self, e: Expr, step: Result) -> Result:
        return self.proofs.compose(e, step, self.visit(step.expr))

    def congr_app(self, e: Expr, head: Expr, args: list[Expr]) -> Result:
        te = self.te
        results: list[Result | None] = []
        try:
            fty = self.proofs.type_of(head)
        except Exception:  # noqa: BLE001 — a head simp cannot type: leave the term alone
            return Result(e)
        done = 0  # the arguments before `done` are substituted into `fty`; the later ones are not yet
        for i, a in enumerate(args):
            if fty.kind != PI:
                fty = te.whnf(instantiate_rev(fty, args[done:i]))
                done = i
                if fty.kind != PI:
                    results.extend([None] * (len(args) - len(results)))
                    break
            visit = False
            if fty.binfo == DEFAULT and not has_loose_bvar(fty.body, 0):  # type: ignore[attr-defined]
                dom = fty.type  # type: ignore[attr-defined]
                visit = self.visitable(instantiate_rev(dom, args[done:i]) if dom.lbr else dom)
            results.append(self.visit(a) if visit else None)
            fty = fty.body  # type: ignore[attr-defined]
        if all(r is None or r.expr is a for r, a in zip(results, args)):
            return Result(e)
        lhs = rhs = head
        proof: Expr | None = None
        P = self.proofs
        for a, r in zip(args, results):
            new = a if r is None else r.expr
            if r is None or r.proof is None:
                if proof is not None:
                    proof = P.congr_fun(lhs, rhs, proof, new)
                lhs, rhs = mk_app(lhs, [new]) if proof is not None else mk_app(rhs, [new]), mk_app(rhs, [new])
                continue
            if proof is None:
                proof = P.congr_arg(rhs, a, new, r.proof)
                lhs = mk_app(rhs, [a])
            else:
                proof = P.congr(lhs, rhs, a, new, proof, r.proof)
                lhs = mk_app(lhs, [a])
            rhs = mk_app(rhs, [new])
        return Result(rhs, proof)

    def visitable(self, binder_type: Expr) -> bool:
        """May simp rewrite an argument of this type? Not a type (a `Sort` other than `Prop`), not a
        proof (its type a proposition)."""
        if binder_type.kind == SORT:
            return binder_type.level.kind == ZERO  # type: ignore[attr-defined]
        if binder_type.lbr:
            return False
        return not self.is_prop(binder_type)

    def is_prop(self, ty: Expr) -> bool:
        r = self._prop_types.get(ty)
        if r is None:
            try:
                s = self.te.whnf(self.proofs.type_of(ty))
                r = s.kind == SORT and s.level.kind == ZERO  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001
                r = False
            self._prop_types[ty] = r
        return r

    # -- rewriting at the head ---------------------------------------------------------------------------

    def post(self, e: Expr) -> Result | None:
        if self.config.ground:
            r = reduce_nat(self, e)
            if r is not None:
                return r
            r = self.eq_self(e)
            if r is not None:
                return r
        r = self.unfolder.unfold(e)
        if r is not None:
            return r
        r = self.reduce_proj_iota(e)
        if r is not None:
            return r
        r = self.rewrite(e)
        if r is None and self.config.ground and not self.config.dsimp:
            r = reduce_ctor_eq(self, e)
        return r

    def reduce_proj_iota(self, e: Expr) -> Result | None:
        """A projection of a constructor (`(Stack.mk l).items` ↦ `l`) and a `match` on a constructor
        (`casesOn (x :: xs) …` ↦ its alternative), as Lean's simp does by default (`proj`, `iota`):
        definitional steps, no proof needed."""
        if e.kind == PROJ:
            w = self.te.checker().whnf_core(e)
            return Result(w) if w is not e and w != e else None
        if e.kind != APP:
            return None
        head = get_app_fn(e)
        if head.kind != CONST or not self.unfolder.is_match(e):
            return None
        reduced = self.unfolder.reduce_match(e)
        return Result(reduced) if reduced is not None and reduced != e else None

    def eq_self(self, e: Expr) -> Result | None:
        """`a = a` ↦ `True` (Lean's `eq_self`, applied even by `simp only`)."""
        if self.config.dsimp or e.kind != APP:
            return None
        head, args = get_app_args(e)
        if not (head.kind == CONST and head.name is N_EQ and len(args) == 3):  # type: ignore[attr-defined]
            return None
        a, b = args[1], args[2]
        if not (a == b or (nat_value(a) is not None and nat_value(a) == nat_value(b)) or self._eta_equal(a, b)):
            return None
        return Result(TRUE, mk_app(Const(Name.of("eq_self"), head.levels), [args[0], a]))  # type: ignore[attr-defined]

    def _eta_equal(self, a: Expr, b: Expr) -> bool:
        """`⟨s.1, …, s.n⟩ = s` (structure eta, which Lean's simp also closes by `rfl`): tried only
        when one side is a constructor application, so other equations cost nothing."""
        from lantern.kernel.declaration import ConstructorInfo

        env = self.te.env.kernel

        def eta_shape(x: Expr, y: Expr) -> bool:  # `x` is `C (… y) … (… y)`, each field read from `y`
            h, xs = get_app_args(x)
            info = env.find(h.name) if h.kind == CONST else None  # type: ignore[attr-defined]
            if not isinstance(info, ConstructorInfo) or info.num_fields == 0:
                return False
            fields = xs[info.num_params:]
            return len(fields) == info.num_fields and all(
                (f.kind == PROJ and f.expr == y) or (f.kind == APP and get_app_args(f)[1][-1] == y)  # type: ignore[attr-defined]
                for f in fields
            )

        if not (eta_shape(a, b) or eta_shape(b, a)):
            return False
        token = self.te.mctx.checkpoint()
        if self.te.is_def_eq(a, b):
            return True
        self.te.mctx.rollback(token)
        return False

    def rewrite(self, e: Expr) -> Result | None:
        for lemma in self.candidates(e):
            r = self.try_lemma(lemma, e)
            if r is not None:
                return r
        return None

    def candidates(self, e: Expr) -> list[SimpLemma]:
        out: list[SimpLemma] = []
        erased = self.set.erased
        for index in self.set.indexes:
            for lemma in index.candidates(e, self.kinds, self.keys):
                if lemma.origin in erased or (self.config.dsimp and not lemma.rfl):
                    continue
                out.append(lemma)
        return out

    def try_lemma(self, lemma: SimpLemma, e: Expr) -> Result | None:
        te = self.te
        token = te.mctx.checkpoint()
        inst = self.matcher.match(lemma, e)
        if inst is None:
            te.mctx.rollback(token)
            return None
        rhs = self.instantiate(lemma, lemma.rhs, inst.levels, inst.args)
        if rhs == e or (lemma.perm and not term_lt(rhs, e)):
            te.mctx.rollback(token)
            return None
        if self.config.dsimp:
            return Result(rhs)
        return Result(rhs, lemma.proof(inst.levels, inst.args, e, rhs))

    def instantiate(self, lemma: SimpLemma, e: Expr, levels: list, args: list[Expr]) -> Expr:
        if lemma.level_params:
            e = instantiate_level_params(e, lemma.level_params, levels)
        e = instantiate_rev(e, args)
        if any(a.kind == LAM for a in args):
            e = beta_all(self.te, e)
        return e

    # -- discharging the hypotheses of conditional lemmas ---------------------------------------------------

    def discharge(self, prop: Expr) -> Expr | None:
        from ...meta.context import is_aux_decl

        for d in reversed(self.te.lctx.decls):
            if not is_aux_decl(d) and d.type == prop:
                return d.fvar
        if self.discharge_depth >= MAX_DISCHARGE_DEPTH or self.config.dsimp:
            return None
        self.discharge_depth += 1
        try:
            r = self.visit(prop)
        finally:
            self.discharge_depth -= 1
        if r.expr != TRUE:
            return None
        return self.proofs.of_eq_true(prop, r.proof)


def beta_all(te: "TermElab", e: Expr) -> Expr:
    """β-reduce the redexes that instantiating a lemma with λ-terms created."""
    from lantern.kernel.instantiate import _rebuild

    beta = te.checker().beta
    cache: dict[tuple[int, int], Expr] = {}

    def go(x: Expr, off: int) -> Expr:
        if x.kind not in (APP, LAM, PI, LET):
            return x
        key = (id(x), off)
        r = cache.get(key)
        if r is None:
            if x.kind == APP:
                head, args = get_app_args(x)
                if head.kind == LAM:
                    r = go(beta(head, args), off)
                else:
                    r = _rebuild(x, go, off)
            else:
                r = _rebuild(x, go, off)
            cache[key] = r
        return r

    return go(e, 0)

