"""Simp lemmas: a theorem or a hypothesis read as a rewrite rule `lhs ↦ rhs` (Lean's `SimpTheorem`
and its `preprocess`).

A statement `∀ xs, S` becomes one or more rules over the pattern variables `xs`; `S` decides the
shape of the rule and how its proof is turned into a proof of `lhs = rhs`:

    a = b          lhs a, rhs b        the proof itself
    a ↔ b          lhs a, rhs b        `propext h`
    ¬p             lhs p, rhs False    `eq_false h`
    a ≠ b          lhs a = b, rhs False `eq_false h`
    a ∧ b          one rule for each side, proved by `h.1` and `h.2`
    p (otherwise)  lhs p, rhs True     `eq_true h`

`lhs` and `rhs` keep the binders as loose bound variables (`#i` is the binder `n - 1 - i`), which
is what the matcher works on. A rule whose two sides are the same up to a renaming of the pattern
variables (`Nat.add_comm`) is a *permutation* rule: simp uses it only to make a term smaller in a
fixed order (`order.term_lt`), so it cannot loop.
"""

from __future__ import annotations

from typing import Callable, Sequence

from lantern.kernel.expr import APP, BVAR, CONST, LAM, PI, Const, Expr, get_app_args, mk_app
from lantern.kernel.level import Level
from lantern.kernel.name import Name
from lantern.kernel.record import record

EQ, IFF, TRUE, FALSE = "eq", "iff", "true", "false"

N_EQ, N_IFF, N_NOT, N_NE, N_AND, N_TRUE = (Name.of(s) for s in ("Eq", "Iff", "Not", "Ne", "And", "True"))

# `(levels, args) ↦` a proof of the statement with its binders instantiated by `args`.
ProofFn = Callable[[Sequence[Level], Sequence[Expr]], Expr]


@record(frozen=True, slots=True)
class Binder:
    name: Name
    type: Expr  # loose bound variables refer to the earlier binders
    binfo: int


@record(frozen=True, eq=False)
class SimpLemma:
    origin: str  # how messages and `-name` refer to it: the constant's or the hypothesis' name
    level_params: tuple[Name, ...]
    binders: tuple[Binder, ...]
    lhs: Expr
    rhs: Expr
    kind: str  # EQ | IFF | TRUE | FALSE
    proof_fn: ProofFn
    perm: bool = False
    rfl: bool = False  # proved by `rfl`: usable by `dsimp`
    priority: int = 1000

    def proof(self, levels: Sequence[Level], args: Sequence[Expr], lhs: Expr, rhs: Expr) -> Expr:
        """A proof of `lhs = rhs` (the instantiated sides) from the statement's proof."""
        h = self.proof_fn(levels, args)
        if self.kind == EQ:
            return h
        if self.kind == IFF:
            return mk_app(Const(Name.of("propext")), [lhs, rhs, h])
        if self.kind == TRUE:
            return mk_app(Const(Name.of("eq_true")), [lhs, h])
        return mk_app(Const(Name.of("eq_false")), [lhs, h])


def const_proof(name: Name) -> ProofFn:
    return lambda levels, args: mk_app(Const(name, tuple(levels)), list(args))


def term_proof(proof: Expr) -> ProofFn:
    """A hypothesis or an elaborated term: no universe parameters of its own."""
    return lambda levels, args: mk_app(proof, list(args))


def from_statement(origin: str, level_params: tuple[Name, ...], ty: Expr, proof_fn: ProofFn,
                   symm: bool = False, rfl: bool = False) -> list[SimpLemma]:
    """The rules of a statement `ty` proved by `proof_fn` (see the module docstring). `symm` (`← h`)
    rewrites right to left. A statement that gives no usable rule (its left side a bare pattern
    variable, or `True`) gives none."""
    binders: list[Binder] = []
    body = ty
    while body.kind == PI:
        binders.append(Binder(body.name, body.type, body.binfo))  # type: ignore[attr-defined]
        body = body.body  # type: ignore[attr-defined]
    out: list[SimpLemma] = []
    _rules(origin, level_params, tuple(binders), body, proof_fn, symm, rfl, out)
    return out


def _rules(origin: str, lps: tuple[Name, ...], binders: tuple[Binder, ...], body: Expr, proof_fn: ProofFn,
           symm: bool, rfl: bool, out: list[SimpLemma]) -> None:
    head, args = get_app_args(body)
    hname = head.name if head.kind == CONST else None  # type: ignore[attr-defined]
    n = len(binders)
    if hname is N_AND and len(args) == 2:
        a, b = args
        for proj, side in (("And.left", a), ("And.right", b)):
            _rules(origin, lps, binders, side, _project(proj, a, b, proof_fn), symm, False, out)
        return
    if hname is N_EQ and len(args) == 3:
        kind, lhs, rhs = EQ, args[1], args[2]
    elif hname is N_IFF and len(args) == 2:
        kind, lhs, rhs = IFF, args[0], args[1]
    elif hname is N_NOT and len(args) == 1:
        kind, lhs, rhs = FALSE, args[0], Const(Name.of("False"))
    elif hname is N_NE and len(args) == 3:
        kind, lhs, rhs = FALSE, mk_app(Const(N_EQ, head.levels), args), Const(Name.of("False"))  # type: ignore[attr-defined]
    elif hname is N_TRUE:
        return
    else:
        kind, lhs, rhs = TRUE, body, Const(N_TRUE)
    if symm:
        if kind != EQ and kind != IFF:
            return
        lhs, rhs = rhs, lhs
        proof_fn = _symm(kind, head, args, proof_fn, lps)
    if _is_pattern_var(lhs, n):
        return
    perm = kind in (EQ, IFF) and is_perm(lhs, rhs)
    out.append(SimpLemma(origin, lps, binders, lhs, rhs, kind, proof_fn, perm, rfl and kind == EQ))


def _is_pattern_var(e: Expr, n: int) -> bool:
    head = e
    while head.kind == APP:
        head = head.fn  # type: ignore[attr-defined]
    return head.kind == BVAR and head.idx < n  # type: ignore[attr-defined]


def _inst(e: Expr, args: Sequence[Expr]) -> Expr:
    from lantern.kernel.instantiate import instantiate_rev

    return instantiate_rev(e, list(args))


def _project(proj: str, a: Expr, b: Expr, base: ProofFn) -> ProofFn:
    """`h.1`/`h.2` of the conjunction `a ∧ b` proved by `base`."""
    def fn(levels: Sequence[Level], args: Sequence[Expr]) -> Expr:
        return mk_app(Const(Name.of(proj)), [_inst(a, args), _inst(b, args), base(levels, args)])

    return fn


def _symm(kind: str, head: Expr, stmt_args: list[Expr], base: ProofFn, lps: tuple[Name, ...]) -> ProofFn:
    """`← h`: for `h : a = b`, `Eq.symm h : b = a`; for `h : a ↔ b`, `Iff.symm h`."""

    def fn(levels: Sequence[Level], args: Sequence[Expr]) -> Expr:
        from lantern.kernel.level import instantiate_level

        h = base(levels, args)
        if kind == EQ:
            alpha, a, b = (_inst(x, args) for x in stmt_args)
            level = instantiate_level(head.levels[0], dict(zip(lps, levels)))  # type: ignore[attr-defined]
            return mk_app(Const(Name.of("Eq.symm"), (level,)), [alpha, a, b, h])
        a, b = (_inst(x, args) for x in stmt_args)
        return mk_app(Const(Name.of("Iff.symm")), [a, b, h])

    return fn


def is_perm(lhs: Expr, rhs: Expr) -> bool:
    """Are the two sides equal up to a bijective renaming of the pattern variables?"""
    fwd: dict[int, int] = {}
    bwd: dict[int, int] = {}
    stack = [(lhs, rhs, 0)]
    while stack:
        a, b, off = stack.pop()
        if a.kind != b.kind:
            return False
        k = a.kind
        if k == BVAR:
            i, j = a.idx, b.idx  # type: ignore[attr-defined]
            if i < off or j < off:
                if i != j:
                    return False
                continue
            if fwd.setdefault(i - off, j - off) != j - off or bwd.setdefault(j - off, i - off) != i - off:
                return False
            continue
        if a.lbr == 0 and b.lbr == 0:
            if a != b:
                return False
            continue
        if k == APP:
            stack.append((a.fn, b.fn, off))  # type: ignore[attr-defined]
            stack.append((a.arg, b.arg, off))  # type: ignore[attr-defined]
        elif k == LAM or k == PI:
            stack.append((a.type, b.type, off))  # type: ignore[attr-defined]
            stack.append((a.body, b.body, off + 1))  # type: ignore[attr-defined]
        elif a != b:
            return False
    return fwd != {} and any(i != j for i, j in fwd.items())

