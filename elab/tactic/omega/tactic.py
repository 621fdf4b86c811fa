"""The `omega` tactic: linear arithmetic over `Nat` and `Int` (Lean's `omega`).

The goal is negated (`Lean.Omega.by_dec`, deciding it with the instances of `Omega.ltn`), after
introducing `∀`/`→`/`¬` binders; the hypotheses and the negated goal are read as constraints
(`facts.py`), refuted (`search.py`, the omega test in `omega_test.py`) and the refutation becomes a
proof term (`proof.py`) that the kernel checks with the rest of the declaration. When there is no
refutation the error shows the constraints that were left, as Lean does, and the integer solution the
omega test found (checked against them). A goal that is a linear identity (`a + b + 1 = a + 1 + b`)
skips all this: `identity.py` proves it in one reflected step.
"""

from __future__ import annotations

from lantern.kernel.expr import LET, PI, Const, Expr, FVar, Lam, Let, mk_app
from lantern.kernel.instantiate import abstract, abstract_prefix, instantiate1
from lantern.kernel.name import Name

from ...syntax import tree as T
from ..core import TacticContext, TacticError
from ..registry import tactic
from . import solver as S
from . import terms as L
from .atoms import Atoms
from .facts import FactReader, Facts
from .identity import prove_identity
from .proof import Lets, Shared, fresh_fvar
from .search import Search

HEADER = "omega could not prove the goal:\n"
NO_FACTS = (
    "No usable constraints found. You may need to unfold definitions so `omega` can see linear arithmetic "
    "facts about `Nat` and `Int`, which may also involve multiplication, division, and modular remainder "
    "by constants."
)


@tactic("omega")
def eval_omega(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    with tc.in_goal(goal):
        proof = prove(tc, tc.target(goal), stx.span)
    tc.close_with(goal, proof, stx.span, "omega")
    tc.replace_main_goal([])


def prove(tc: TacticContext, target: Expr, span: T.Span) -> Expr:
    """A proof of `target` in the current local context (`tc.te.lctx`)."""
    te = tc.te
    saved = te.lctx
    binders: list[tuple[FVar, Expr, Expr | None]] = []
    try:
        target = intro_all(tc, te.instantiate(target), binders)
        identity = prove_identity(te, target)
        if identity is not None:
            return close_binders(binders, identity)
        sigma = fresh_fvar("σ")
        reader = FactReader(te, Atoms(), sigma)
        facts = Facts()
        for decl in te.lctx:
            reader.add(facts, decl.type, decl.fvar)
        hneg: FVar | None = None
        dec = None
        if not L.is_const(target, "False"):
            dec = reader.decide(target)
            if dec is not None:
                hneg = fresh_fvar("h")
                reader.add(facts, L.mk_not(target), hneg)
        reader.flush_side_facts(facts)
        shared = Shared(sigma)
        for c in facts.constraints:
            shared.add(c)
        try:
            body = Search(reader, shared).refute(facts)
        except S.Unknown as failure:
            raise TacticError(span, HEADER + explain(tc, reader.atoms, failure)) from None
        lets = Lets()
        lets.binds = reader.atoms.wf_lets(sigma) + shared.lets.binds
        body = lets.close(body)
        body = Let(Name.of("σ"), L.LIST_NAT, L.expr_list(L.NAT, reader.atoms.sigma), abstract(body, [sigma]))
        if hneg is not None:
            body = mk_app(L.omega("by_dec"), [target, dec, Lam(hneg.name, L.mk_not(target), abstract(body, [hneg]))])
        elif not L.is_const(target, "False"):
            body = mk_app(Const(Name.of("False.elim"), (L.ZERO,)), [target, body])
        return close_binders(binders, body)
    finally:
        te.lctx = saved


def intro_all(tc: TacticContext, target: Expr, binders: list[tuple[FVar, Expr, Expr | None]]) -> Expr:
    """Introduce `∀ x,`, `p →`, `¬p`, `a ≠ b` (as `a = b → False`) and `let`, as Lean's
    `falseOrByContra` does."""
    te = tc.te
    while True:
        value = None
        if (args := L.app_of(target, "Not", 1)) is not None:
            ty, name, body = args[0], "h", L.FALSE
        elif (args := L.app_of(target, "Ne", 3)) is not None:
            ty, name, body = mk_app(Const(Name.of("Eq"), (L.ONE,)), args), "h", L.FALSE
        elif target.kind == PI:
            ty, name, body = target.type, str(target.name), None  # type: ignore[attr-defined]
        elif target.kind == LET:
            ty, name, body, value = target.type, str(target.name), None, target.value  # type: ignore[attr-defined]
        else:
            return target
        te.lctx, fv = te.lctx.add(Name.of(name), ty, value)
        binders.append((fv, ty, value))
        target = body if body is not None else te.instantiate(instantiate1(target.body, fv))  # type: ignore[attr-defined]


def close_binders(binders: list[tuple[FVar, Expr, Expr | None]], body: Expr) -> Expr:
    """`fun x => …` (or `let x := v; …`) over the introduced variables."""
    position = {fv.fid: k for k, (fv, _, _) in enumerate(binders)}
    r = abstract_prefix(body, position, len(binders))
    for k in range(len(binders) - 1, -1, -1):
        fv, ty, value = binders[k]
        ty = abstract_prefix(ty, position, k)
        r = Lam(fv.name, ty, r) if value is None else Let(fv.name, ty, abstract_prefix(value, position, k), r)
    return r


# -- the error message ----------------------------------------------------------------------------


def explain(tc: TacticContext, atoms: Atoms, failure: S.Unknown) -> str:
    """Lean's message: the constraints left (normalised, by coefficients), then the atoms they use."""
    bounds: dict[tuple[int, ...], list[int | None]] = {}
    width = max((len(c.coeffs) for c in failure.constraints), default=0)
    for c in failure.constraints:
        coeffs, const = c.coeffs + (0,) * (width - len(c.coeffs)), c.const  # one width: sorted as Lean does
        lead = next((x for x in coeffs if x), 0)
        if lead == 0:
            continue
        key = coeffs if lead > 0 else tuple(-x for x in coeffs)
        lo_hi = bounds.setdefault(key, [None, None])
        if isinstance(c, S.Eq):
            v = -const if lead > 0 else const
            lo_hi[0] = lo_hi[1] = v
        elif lead > 0:  # key·x ≥ -const
            lo_hi[0] = -const if lo_hi[0] is None else max(lo_hi[0], -const)
        else:  # key·x ≤ const
            lo_hi[1] = const if lo_hi[1] is None else min(lo_hi[1], const)
    if not bounds:
        return NO_FACTS
    mentioned = sorted({v for key in bounds for v, x in enumerate(key) if x})
    names = var_names(tc, len(mentioned))
    name_of = dict(zip(mentioned, names))
    lines = []
    for key in sorted(bounds):
        lo, hi = bounds[key]
        e = pretty_coeffs(key, name_of)
        if lo is not None and hi is not None:
            lines.append(f"  {lo} ≤ {e} ≤ {hi}" if lo != hi else f"  {e} = {lo}")
        elif lo is not None:
            lines.append(f"  {e} ≥ {lo}")
        else:
            lines.append(f"  {e} ≤ {hi}")
    where = [f" {name_of[v]} := {tc.te.pp(atoms.vars[v].term)}" for v in mentioned]
    text = "a possible counterexample may satisfy the constraints\n" + "\n".join(lines) + "\nwhere\n" + "\n".join(where)
    if failure.solution is not None and satisfies(failure.solution, failure.constraints):
        values = ", ".join(f"{name_of[v]} = {failure.solution.get(v, 0)}" for v in mentioned)
        text += f"\nfor example {values}"
    return text


def satisfies(solution: dict[int, int], constraints: list[S.Ineq | S.Eq]) -> bool:
    """The solution the omega test found satisfies the constraints shown (it was checked against the
    facts they come from; this checks it again against what the message says)."""
    for c in constraints:
        value = c.const + sum(k * solution.get(v, 0) for v, k in enumerate(c.coeffs))
        if value < 0 or (isinstance(c, S.Eq) and value != 0):
            return False
    return True


def pretty_coeffs(coeffs: tuple[int, ...], name_of: dict[int, str]) -> str:
    out = []
    for v, c in enumerate(coeffs):
        if c == 0:
            continue
        sign = ("" if c > 0 else "- ") if not out else (" + " if c > 0 else " - ")
        out.append(sign + (name_of[v] if abs(c) == 1 else f"{abs(c)}*{name_of[v]}"))
    return "".join(out)


def var_names(tc: TacticContext, n: int) -> list[str]:
    """`a`, `b`, …, `z`, `a_1`, … skipping names the user can already refer to."""
    names: list[str] = []
    i = 0
    while len(names) < n:
        s = chr(ord("a") + i % 26) + ("" if i < 26 else f"_{i // 26}")
        i += 1
        name = Name.of(s)
        if tc.te.lctx.find_user(name) is not None or tc.te.env.kernel.find(name) is not None:
            continue
        names.append(s)
    return names
