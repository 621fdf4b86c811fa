"""Equation lemmas: `f.eq_1`, `f.eq_2`, … (one per pattern row of the body's `match`, or one for the
whole body) and `f.eq_def` (the body as written), as Lean names and states them.

A definition that pattern matches on its parameters or recurses gets its row equations when it is
added: they are added to the environment as theorems (each checked by the kernel), so `f.eq_1`
resolves as a name. The statements come from what the match compiler recorded (`eqn_statements.py`);
the proofs are `rfl`, or case splits ending in `rfl` (`eqn_prover.py`). A lemma whose proof is not
found is left out, and the rows after it (numbering never skips).

Other lemmas are made on first use (`ensure_reserved`, called by name resolution), as Lean makes all
of them: a plain definition's one equation `∀ xs, f xs = body` (made eagerly, it would double the
cost of checking every definition: measured on the prelude, eager for all about a fifth of its check,
this way about a tenth), and the `eq_def` of a recursive or pattern-matching definition, whose proof
by case splits costs more than its row equations (about a tenth of checking a development of list
functions with `simp [f]` proofs, which never use it). Its statement is built with the definition,
while the elaborator's state is at hand, and kept in the environment's `pending_eq_defs` table
(`PendingEqDef`); only the proof and the kernel's check wait. `simp [f]`, `rw [f]` and `unfold f`
read the lemmas with `equation_lemmas` and `unfold_lemma`.

Well-founded definitions do not unfold by `rfl`: their `eq_def` is proved from `WellFounded.fix_eq`
(`command/wf_eqns.py`) and the row equations from `eq_def`.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Callable

from lantern.kernel.declaration import SAFE, DefinitionInfo, TheoremDecl, TheoremInfo
from lantern.kernel.errors import KernelError
from lantern.kernel.expr import Const, Expr, FVar
from lantern.kernel.instantiate import replace_fvars
from lantern.kernel.level import mk_param
from lantern.kernel.name import Name
from lantern.kernel.record import field, record, replace

from .eqn_prover import EqnProofError, EqnProver
from .eqn_statements import EqnStatement, StatementError, row_statements, top_level_match, unfold_statement
from .kernel_jobs import active as active_jobs

if TYPE_CHECKING:
    from .env import ElabEnv
    from .term.elaborator import TermElab
    from .term.match import MatchRecord


@record(frozen=True, slots=True)
class EqnLemma:
    name: Name
    level_params: tuple[Name, ...]
    type: Expr
    proof: Expr


def equation_lemmas(env: "ElabEnv", name: Name) -> list[EqnLemma]:
    """`f.eq_1`, `f.eq_2`, … in order (empty if `f` has none: a theorem, a `partial` or opaque
    definition, or one whose equations could not be proved). Those of a definition without pattern
    matching or recursion are made now if they were not yet (`ensure_reserved`)."""
    ensure_reserved(env, name.child("eq_1"))
    return existing_equation_lemmas(env, name)


def existing_equation_lemmas(env: "ElabEnv", name: Name, definitional: bool = False) -> list[EqnLemma]:
    """The equation lemmas made so far (none are made now); with `definitional`, only those of a
    definition that unfolds by `rfl` (not well-founded recursion)."""
    if definitional:
        unfold = env.kernel.find(name.child("eq_def"))
        if isinstance(unfold, TheoremInfo) and _mentions_const(unfold.value, Name.of("WellFounded.fix_eq")):
            return []
    out: list[EqnLemma] = []
    i = 1
    while True:
        info = env.kernel.find(name.child(f"eq_{i}"))
        if not isinstance(info, TheoremInfo):
            return out
        out.append(EqnLemma(info.name, info.level_params, info.type, info.value))
        i += 1


def _mentions_const(e: Expr, name: Name) -> bool:
    from lantern.kernel.expr import CONST, subterms

    return any(x.kind == CONST and x.name is name for x in subterms(e))  # type: ignore[attr-defined]


def unfold_lemma(env: "ElabEnv", name: Name) -> EqnLemma | None:
    """`f.eq_def : ∀ xs, f xs = body`, if `f` has one."""
    ensure_reserved(env, name.child("eq_def"))
    info = env.kernel.find(name.child("eq_def"))
    if not isinstance(info, TheoremInfo):
        return None
    return EqnLemma(info.name, info.level_params, info.type, info.value)


def ensure_reserved(env: "ElabEnv", name: Name) -> bool:
    """Whether the constant `name` exists, making it first if it is `f.eq_def` of a definition with
    a pending one (`PendingEqDef`), or `f.eq_1` or `f.eq_def` of a definition `f` without pattern
    matching or recursion (as Lean reserves these names and makes the lemmas on first use; name
    resolution may call this for an unknown `f.eq_1`/`f.eq_def`). The latter are `∀ xs, f xs = body`
    over the value's `fun`s, by `rfl`; making them only when asked keeps them from doubling the cost
    of checking every plain definition."""
    if name in env.kernel:
        return True
    last = name.last
    if name.prefix is None or not isinstance(last, str) or last not in ("eq_1", "eq_def"):
        return False
    f = name.prefix
    # Looked up first, always: the incremental engine re-checks a command that made (or could not
    # make) `f.eq_def` when `f` changes (`incremental/reads.py`).
    info = env.kernel.find(f)
    pending = env.pending_eq_defs.get(f)
    if pending is not None:
        if last == "eq_def":
            _add_pending(env, f, pending)
        return name in env.kernel
    if f.child("eq_1") in env.kernel:
        return False  # made when `f` was defined; an `eq_def` missing then could not be proved
    if not isinstance(info, DefinitionInfo) or info.safety != SAFE:
        return False
    try:
        _add_plain(env, info)
    except (KernelError, RecursionError, AssertionError) as ex:
        _debug(f, ex)
    return name in env.kernel


def _add_plain(env: "ElabEnv", info: DefinitionInfo) -> None:
    from lantern.kernel.expr import LAM, SORT, mk_app
    from lantern.kernel.instantiate import instantiate1
    from lantern.kernel.local_ctx import LocalContext
    from lantern.kernel.type_checker import TypeChecker

    lctx = LocalContext()
    xs = []
    body = info.value
    while body.kind == LAM:
        x = lctx.mk_local(body.name, body.type, None, body.binfo)  # type: ignore[attr-defined]
        xs.append(x)
        body = instantiate1(body.body, x)  # type: ignore[attr-defined]
    levels = tuple(mk_param(p) for p in info.level_params)
    lhs = mk_app(Const(info.name, levels), xs)
    tc = TypeChecker(env.kernel, info.level_params, SAFE, lctx)
    ty = tc.infer(lhs)
    sort = tc.whnf(tc.infer(ty))
    assert sort.kind == SORT
    eq = Const(Name.of("Eq"), (sort.level,))  # type: ignore[attr-defined]
    stmt = lctx.mk_binding(xs, mk_app(eq, [ty, lhs, body]), lam=False)
    proof = lctx.mk_binding(xs, mk_app(Const(Name.of("Eq.refl"), (sort.level,)), [ty, lhs]), lam=True)  # type: ignore[attr-defined]
    env.kernel.add(TheoremDecl(info.name.child("eq_1"), info.level_params, stmt, proof))
    env.kernel.add(TheoremDecl(info.name.child("eq_def"), info.level_params, stmt, Const(info.name.child("eq_1"), levels)))


# -- `eq_def` on first use -------------------------------------------------------------------------


class PendingEqDef:
    """How to make `f.eq_def` when it is first asked for: its statement, closed (built with the
    definition), and how it is proved — `rfl` first when the body unfolds definitionally (no
    recursion), the case-splitting prover otherwise, or `f.eq_1` itself when that is the one equation
    (its statement is `eq_def`'s). Only the kernel's environment is needed to make it then.
    Immutable; kept in `ElabEnv.pending_eq_defs` (and so in the cached prelude: it pickles)."""

    __slots__ = ("level_params", "statement", "try_rfl", "by_eq_1")

    def __init__(self, level_params: tuple[Name, ...], statement: EqnStatement, try_rfl: bool, by_eq_1: bool) -> None:
        self.level_params = level_params
        self.statement = statement
        self.try_rfl = try_rfl
        self.by_eq_1 = by_eq_1

    def __reduce__(self) -> tuple:  # type: ignore[type-arg]
        return (PendingEqDef, (self.level_params, self.statement, self.try_rfl, self.by_eq_1))

    def __eq__(self, other: object) -> bool:
        """The same recipe, binder names included (they are printed): the incremental engine compares
        a re-checked definition's recipe with its old one (`changed_eq_defs`)."""
        if self is other:
            return True
        if not isinstance(other, PendingEqDef):
            return NotImplemented
        from .incremental.compare import exprs_identical

        a, b = self.statement, other.statement
        return (
            (self.level_params, self.try_rfl, self.by_eq_1, a.suffix, a.nvars, a.nhyps)
            == (other.level_params, other.try_rfl, other.by_eq_1, b.suffix, b.nvars, b.nhyps)
            and exprs_identical(a.type, b.type)
        )

    __hash__ = None  # type: ignore[assignment]


def _add_pending(env: "ElabEnv", f: Name, pending: PendingEqDef) -> bool:
    """Make `f.eq_def` as `pending` says (checked by the kernel); False if it cannot be proved."""
    lps, st = pending.level_params, pending.statement
    if pending.by_eq_1:
        return _add_checked(env, f, lps, st, Const(f.child("eq_1"), tuple(mk_param(p) for p in lps)))
    return _add(env, f, lps, st, None, try_rfl=pending.try_rfl)


def changed_eq_defs(old_before: "ElabEnv", old_after: "ElabEnv", new_before: "ElabEnv", new_after: "ElabEnv") -> set[Name]:
    """The reserved names `f.eq_def` whose recipe a re-checked command changed (its old run and its
    new one set different ones, or only one of them set one): for the incremental engine, which
    re-checks what looked them up, as it does for a changed constant."""
    touched = _set_by(old_before, old_after) | _set_by(new_before, new_after)
    old_table, new_table = old_after.pending_eq_defs, new_after.pending_eq_defs
    return {f.child("eq_def") for f in touched if old_table.get(f) != new_table.get(f)}


def _set_by(before: "ElabEnv", after: "ElabEnv") -> set[Name]:
    """The definitions whose pending `eq_def` a command set."""
    old, new = before.pending_eq_defs, after.pending_eq_defs
    if new is old:
        return set()
    return {f for f, pending in new.items() if old.get(f) is not pending}


# -- making them ------------------------------------------------------------------------------------

# How the body of a statement is proved: the default follows the definition's own reduction.
ProofBuilder = Callable[[EqnProver, EqnStatement], Expr]


@record
class EqnSource:
    """What the definition elaborator knows when the definition has been added."""

    name: Name
    level_params: tuple[Name, ...]
    header: list[FVar]
    value: Expr  # the body as elaborated (before recursion was compiled), `self_ref` free in it
    self_ref: FVar | None
    records: list["MatchRecord"] = field(default_factory=list)
    recursive: bool = False  # the body calls the function: `eq_def` needs case splits, not `rfl`
    # For definitions that do not unfold definitionally (well-founded recursion): proves `eq_def`,
    # and a statement `f lhs = rhs` given `eq_def` (see `wf_eqns.py`).
    prove_def: ProofBuilder | None = None
    prove_row: ProofBuilder | None = None
    # The other functions of a mutual block, still locals in `value`: their constants (`mutual_def.py`).
    siblings: dict[object, Expr] = field(default_factory=dict)


def add_equation_lemmas(env: "ElabEnv", te: "TermElab", src: EqnSource) -> "ElabEnv":
    """Add `f.eq_i` to `env.kernel` (each checked by the kernel), and `f.eq_def` — now for
    well-founded recursion (the rows are proved from it), else on first use: the environment returned
    holds its recipe. Never fails: the definition stands without its equations if they cannot be
    made (see `LANTERN_DEBUG_EQNS`)."""
    saved = te.lctx
    token = te.mctx.checkpoint()
    pending = None
    try:
        pending = _add_equation_lemmas(env, te, src)
    except Exception as ex:  # noqa: BLE001 (a bug here must not reject a checked definition)
        _debug(src.name, ex)
        te.mctx.rollback(token)
    finally:
        te.lctx = saved
    return env if pending is None else env.add_pending_eq_def(src.name, pending)


def _add_equation_lemmas(env: "ElabEnv", te: "TermElab", src: EqnSource) -> PendingEqDef | None:
    f = Const(src.name, tuple(mk_param(p) for p in src.level_params))
    saved = te.lctx
    try:
        self_map: dict[object, Expr] = {src.self_ref.fid: f} if src.self_ref is not None else {}
        self_map.update(src.siblings)
        value = replace_fvars(te.instantiate(src.value), self_map)
        params, record, body = top_level_match(te, src.records, src.header, value, self_map)
        eq_def = unfold_statement(te, f, params, body)
        rows: list[EqnStatement] | None = None
        if record is not None:
            try:
                rows = row_statements(te, f, src.self_ref, params, record, src.siblings)
            except StatementError as ex:
                _debug(src.name, ex)
                rows = None
    except (StatementError, KernelError) as ex:
        _debug(src.name, ex)
        return None
    finally:
        te.lctx = saved
    if record is None and not src.recursive and src.prove_def is None:
        return None  # a plain definition: its equations are made when first asked for (`ensure_reserved`)
    if src.prove_def is not None:
        _add_def_first(env, src, eq_def, rows or [])
        return None
    # Rows, in order (a row that cannot be proved ends them, so numbering never skips); `eq_def` on
    # first use, proved by `eq_1` when there is only the one equation.
    f, lps = src.name, src.level_params
    try_rfl = not src.recursive
    added = 0
    for st in rows or []:
        if not _add(env, f, lps, st, src.prove_row, try_rfl=st.nhyps == 0):
            break
        added += 1
    if added == 0:
        if not _add(env, f, lps, replace(eq_def, suffix="eq_1"), None, try_rfl=try_rfl):
            return None
        return PendingEqDef(lps, eq_def, try_rfl=False, by_eq_1=True)
    return PendingEqDef(lps, eq_def, try_rfl=try_rfl, by_eq_1=False)


def _add_def_first(env: "ElabEnv", src: EqnSource, eq_def: EqnStatement, rows: list[EqnStatement]) -> None:
    """For definitions that do not unfold by `rfl`: `eq_def` by its own proof, the rows from it."""
    f, lps = src.name, src.level_params
    levels = tuple(mk_param(p) for p in lps)
    if not _add(env, f, lps, eq_def, src.prove_def, try_rfl=False):
        return
    from_def = row_from_def(Const(f.child("eq_def"), levels))
    added = 0
    for st in rows:
        if not _add(env, f, lps, st, from_def, try_rfl=False):
            break
        added += 1
    if added == 0:
        _add_checked(env, f, lps, replace(eq_def, suffix="eq_1"), Const(f.child("eq_def"), levels))


def row_from_def(eq_def: Expr) -> ProofBuilder:
    """Prove `f lhs = rhs` as `eq_def lhs ▸ (body[lhs] = rhs)`, the latter by case splits."""

    def prove(prover: EqnProver, st: EqnStatement) -> Expr:
        from lantern.kernel.expr import get_app_args, mk_app

        def build(p: EqnProver, vars_: list, hyps: list, target: Expr) -> Expr:  # type: ignore[type-arg]
            head, (ty, lhs, rhs) = get_app_args(target)
            _, call_args = get_app_args(lhs)
            step = mk_app(eq_def, call_args)
            _, step_args = get_app_args(p.tc.whnf_core(p.tc.infer(step)))
            middle = step_args[2]
            rest = p.prove_goal(list(vars_), list(hyps), mk_app(head, [ty, middle, rhs]))
            return mk_app(Const(Name.of("Eq.trans"), head.levels), [ty, lhs, middle, rhs, step, rest])  # type: ignore[attr-defined]

        return prover.prove_with(st.type, st.nvars, st.nhyps, build)

    return prove


def _add(env: "ElabEnv", f: Name, level_params: tuple[Name, ...], st: EqnStatement, builder: ProofBuilder | None, try_rfl: bool) -> bool:
    """Prove `st` (an equation of `f`) and add it: by `rfl` under the binders if that is likely to
    work (the kernel's check is then the only work), else by the prover (`eqn_prover.py`) or
    `builder`."""
    if try_rfl and builder is None:
        decl = TheoremDecl(f.child(st.suffix), level_params, st.type, rfl_proof(st))
        jobs = active_jobs()
        if jobs is not None:  # `rfl` is all but certain: a failure re-checks the document in sequence
            jobs.admit(env.kernel, decl)
            return True
        try:
            env.kernel.add(decl)
            return True
        except KernelError:
            pass
    proof = _prove(env, f.child(st.suffix), level_params, st, builder)
    return proof is not None and _add_checked(env, f, level_params, st, proof)


def _add_checked(env: "ElabEnv", f: Name, level_params: tuple[Name, ...], st: EqnStatement, proof: Expr) -> bool:
    try:
        env.kernel.add(TheoremDecl(f.child(st.suffix), level_params, st.type, proof))
        return True
    except KernelError as ex:
        _debug(f.child(st.suffix), ex)
        return False


def rfl_proof(st: EqnStatement) -> Expr:
    """`fun xs => Eq.refl lhs` for `st : ∀ xs, lhs = rhs`: the statement's own binders, turned into
    `fun`s without opening them (the body's loose variables mean the same under either)."""
    from lantern.kernel.expr import PI, Lam, get_app_args, mk_app

    binders = []
    t = st.type
    while t.kind == PI:
        binders.append(t)
        t = t.body  # type: ignore[attr-defined]
    head, args = get_app_args(t)
    proof = mk_app(Const(Name.of("Eq.refl"), head.levels), [args[0], args[1]])  # type: ignore[attr-defined]
    for b in reversed(binders):
        proof = Lam(b.name, b.type, proof, b.binfo)  # type: ignore[attr-defined]
    return proof


def _prove(env: "ElabEnv", lemma: Name, level_params: tuple[Name, ...], st: EqnStatement, builder: ProofBuilder | None) -> Expr | None:
    prover = EqnProver(env.kernel, level_params)
    try:
        if builder is not None:
            return builder(prover, st)
        return prover.prove(st.type, st.nvars, st.nhyps)
    except (EqnProofError, KernelError, RecursionError) as ex:
        _debug(lemma, ex)
        return None


def _debug(what: object, ex: Exception) -> None:
    if os.environ.get("LANTERN_DEBUG_EQNS"):
        import sys

        print(f"[equations] {what}: {type(ex).__name__}: {ex}", file=sys.stderr)
