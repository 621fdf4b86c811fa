"""Turning the solver's certificate into a proof of `False` the kernel checks.

Every node of the certificate (`solver.Assume`, `Combo`, `Tighten`) becomes one `let` whose type is
the constraint it proves, stated with literal coefficient lists (`Lean.Omega.Le σ [..] p [..] q`), and
whose value applies one lemma of `Omega.ltn` to earlier `let`s. The kernel checks a step by evaluating
`addL`/`scaleL` on literals, and never has to look inside an earlier step again. Constraints are kept
*cancelled* (no atom on both sides, one constant zero), which is what tightening needs.

Nodes are shared (the certificate is a DAG), and only the nodes the final contradiction depends on
are built. A case split of the omega test (`solver.Split`) becomes an `Or.elim` on
`Lean.Omega.split`, whose branches bind the hypotheses the certificate's `Hyp` leaves stand for.
"""

from __future__ import annotations

import itertools

from lantern.kernel.expr import Expr, FVar, Lam, Let, NatLit, mk_app
from lantern.kernel.instantiate import abstract, abstract_prefix
from lantern.kernel.name import Name

from . import solver as S
from . import terms as L
from .atoms import Atoms
from .facts import Constraint, le_type
from .linear import Form, combo

_ids = itertools.count()


class Lets:
    """A telescope of `let`s built from fresh free variables, closed by `close`."""

    def __init__(self) -> None:
        self.binds: list[tuple[FVar, Expr, Expr]] = []

    def add(self, type: Expr, value: Expr, name: str = "h") -> FVar:
        fv = FVar(("omega", next(_ids)), Name.of(name))
        self.binds.append((fv, type, value))
        return fv

    def close(self, body: Expr) -> Expr:
        position = {fv.fid: k for k, (fv, _, _) in enumerate(self.binds)}
        r = abstract_prefix(body, position, len(self.binds))
        for k in range(len(self.binds) - 1, -1, -1):
            fv, ty, val = self.binds[k]
            r = Let(fv.name, abstract_prefix(ty, position, k), abstract_prefix(val, position, k), r)
        return r


def fresh_fvar(name: str) -> FVar:
    return FVar(("omega", next(_ids)), Name.of(name))


class Shared:
    """Constraints that hold in every branch of the case splits (read from the hypotheses and the
    negated goal, and `0 ≤ y` for the atoms): each is converted once, by a `let` above all the splits,
    however many branches use it."""

    def __init__(self, sigma: Expr) -> None:
        self.sigma = sigma
        self.members: set[int] = set()  # `id` of the shared `Constraint` objects
        self.lets = Lets()
        self.bound: dict[int, tuple[Form, Expr]] = {}

    def add(self, c: Constraint) -> None:
        self.members.add(id(c))

    def bind(self, c: Constraint) -> tuple[Form, Expr]:
        done = self.bound.get(id(c))
        if done is None:
            f, proof = cancel_step(self.sigma, c.form, c.proof) if not c.form.is_cancelled() else (c.form, c.proof)
            done = self.bound[id(c)] = (f, self.lets.add(le_type(self.sigma, f), proof))
        return done


def cancel_step(sigma: Expr, f: Form, proof: Expr) -> tuple[Form, Expr]:
    """The cancelled form and a proof of it from `proof : Le σ f` (`Lean.Omega.cancel`)."""
    g, C, c = f.cancelled()
    proof = mk_app(L.omega("cancel"), [
        sigma, L.nat_list(g.P), L.nat_list(g.Q), L.nat_list(C), NatLit(g.p), NatLit(g.q), NatLit(c), proof])
    return g, proof


class Refutation:
    """Builds the proof of `False` for one branch from its constraints and the solver's certificate.

    A case split of the certificate (`solver.Split`) becomes `Or.elim (Lean.Omega.split σ …) (fun h₁ =>
    …) (fun h₂ => …)`. Each `let` goes in the outermost scope where everything it uses is bound: a
    step that uses no hypothesis of a split is built once, above the split, and shared by its branches.
    """

    def __init__(self, sigma: Expr, constraints: list[Constraint], shared: Shared | None = None,
                 atoms: Atoms | None = None) -> None:
        self.sigma = sigma
        self.constraints = constraints
        self.shared = shared
        self.atoms = atoms
        self.scopes = [Lets()]  # one `let` telescope per enclosing branch of the case splits
        self.memo: dict[int, tuple[Form, Expr]] = {}
        self.canon_memo: dict[int, tuple[Form, Expr]] = {}
        self.levels: dict[int, int] = {}  # the scope of a certificate node: its innermost hypothesis
        self.hyps: dict[int, tuple[int, Form, Expr]] = {}  # `id(Hyp)` ↦ (scope, what it says, its variable)

    def build(self, cert: S.Certificate) -> Expr:
        return self.scopes[0].close(self.refute(cert))

    def refute(self, cert: S.Certificate) -> Expr:
        """A proof of `False` from `cert`, its steps `let`-bound in the current scopes."""
        if isinstance(cert, S.Split):
            return self.split(cert)
        f, h = self.canonical(cert.just)
        assert all(x == 0 for x in f.Q) and f.p > f.q, f"not a contradiction: {f}"
        return mk_app(L.omega("contra"), [
            self.sigma, L.nat_list(f.P), NatLit(len(f.Q)), NatLit(f.p), NatLit(f.q), NatLit(f.p - f.q - 1), h,
            L.eq_refl_nat(f.p)])

    def split(self, cert: S.Split) -> Expr:
        assert self.atoms is not None, "a case split needs the atoms"
        above = self.atoms.form(cert.coeffs, cert.const)  # C ≥ 0
        below = Form(above.Q, above.q + 1, above.P, above.p)  # C ≤ -1
        branches = []
        for hyp, form, sub in ((cert.below, below, cert.left), (cert.above, above, cert.right)):
            h = fresh_fvar("h")
            self.hyps[id(hyp)] = (len(self.scopes), form, h)
            self.scopes.append(Lets())
            body = self.scopes[-1].close(self.refute(sub))
            self.scopes.pop()
            branches.append(Lam(h.name, le_type(self.sigma, form), abstract(body, [h])))
        proof = mk_app(L.omega("split"), [
            self.sigma, L.nat_list(above.P), L.nat_list(above.Q), NatLit(above.p), NatLit(above.q)])
        return L.or_elim(le_type(self.sigma, below), le_type(self.sigma, above), L.FALSE, proof, *branches)

    def level(self, j: S.Just) -> int:
        done = self.levels.get(id(j))
        if done is None:
            if isinstance(j, S.Assume):
                done = 0
            elif isinstance(j, S.Hyp):
                done = self.hyps[id(j)][0]
            elif isinstance(j, S.Combo):
                done = max(self.level(j.left), self.level(j.right))
            else:
                done = self.level(j.just)
            self.levels[id(j)] = done
        return done

    def let(self, j: S.Just, form: Form, proof: Expr) -> Expr:
        return self.scopes[self.level(j)].add(le_type(self.sigma, form), proof)

    def node(self, j: S.Just) -> tuple[Form, Expr]:
        """A form `j` proves (not necessarily cancelled) and the `let` holding its proof. Sums are only
        cancelled where cancelled forms are needed (`canonical`): a long combination (a Farkas
        certificate) is then one `combo` step per constraint."""
        done = self.memo.get(id(j))
        if done is not None:
            return done
        if isinstance(j, S.Assume):
            c = self.constraints[j.index]
            if self.shared is not None and id(c) in self.shared.members:
                r = self.shared.bind(c)
            else:
                f, proof = (c.form, c.proof) if c.form.is_cancelled() else cancel_step(self.sigma, c.form, c.proof)
                r = (f, self.let(j, f, proof))
        elif isinstance(j, S.Hyp):
            _, f, h = self.hyps[id(j)]
            r = (f, h)
        elif isinstance(j, S.Combo):
            f1, h1 = self.node(j.left)
            f2, h2 = self.node(j.right)
            f = combo(j.a, f1, j.b, f2)
            proof = mk_app(L.omega("combo"), [
                self.sigma, NatLit(j.a), NatLit(j.b), L.nat_list(f1.P), L.nat_list(f1.Q), L.nat_list(f2.P), L.nat_list(f2.Q),
                NatLit(f1.p), NatLit(f1.q), NatLit(f2.p), NatLit(f2.q), h1, h2])
            r = (f, self.let(j, f, proof))
        else:
            r = self.tighten(j)
        self.memo[id(j)] = r
        return r

    def canonical(self, j: S.Just) -> tuple[Form, Expr]:
        """The cancelled form `j` proves (see `linear.Form.cancelled`) and its `let`."""
        f, h = self.node(j)
        if f.is_cancelled():
            return f, h
        done = self.canon_memo.get(id(j))
        if done is None:
            g, proof = cancel_step(self.sigma, f, h)
            done = self.canon_memo[id(j)] = (g, self.let(j, g, proof))
        return done

    def tighten(self, j: S.Tighten) -> tuple[Form, Expr]:
        f, h = self.canonical(j.just)
        g = j.g
        assert all(x % g == 0 for x in f.P + f.Q), f"tightening {f} by {g}"
        P, Q = tuple(x // g for x in f.P), tuple(x // g for x in f.Q)
        if f.p == 0:  # g·A ≤ g·B + r  ⟹  A ≤ B + ⌊r/g⌋
            r, d = f.q, f.q // g
            k = g * (d + 1) - r - 1
            proof = mk_app(L.omega("tightenR"), [
                self.sigma, NatLit(g), NatLit(d), NatLit(k), L.nat_list(P), L.nat_list(Q), NatLit(r), h, L.eq_refl_nat(r + 1 + k)])
            res = Form(P, 0, Q, d)
        else:  # g·A + r ≤ g·B  ⟹  A + ⌈r/g⌉ ≤ B
            r, e = f.p, -(-f.p // g)
            k = r + g - g * e - 1
            proof = mk_app(L.omega("tightenL"), [
                self.sigma, NatLit(g), NatLit(e), NatLit(k), L.nat_list(P), L.nat_list(Q), NatLit(r), h, L.eq_refl_nat(g * e + 1 + k)])
            res = Form(P, e, Q, 0)
        return res, self.let(j, res, proof)
