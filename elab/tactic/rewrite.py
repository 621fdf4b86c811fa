"""`rw`/`rewrite`/`rwa` (Lean's `Lean.MVarId.rewrite`).

A rule `h : ∀ xs, a = b` (or `↔`, used through `propext`) has its arguments made metavariables; the
first instance of `a` in the target fixes them (`kabstract`), every occurrence of that instance is
abstracted into a motive `fun x => T[x]`, and the goal `T[a]` becomes `T[b]` through
`Eq.mpr (congrArg motive h)`. At a hypothesis the same equation is used forwards, by `Eq.mp`.
`rw [f]` for a definition `f` rewrites with its equation lemmas. `rw` then tries `rfl` (up to
syntactic equality, as Lean's `with_reducible rfl`).
"""

from __future__ import annotations

from lantern.kernel.expr import CONST, INST_IMPLICIT, MVAR, PI, Const, Expr, FVar, Lam, MVar, get_app_args, mk_app
from lantern.kernel.instantiate import instantiate1
from lantern.kernel.level import mk_zero
from lantern.kernel.name import Name

from ..meta.context import NATURAL, SYNTHETIC, SYNTHETIC_OPAQUE
from ..meta.instantiate import mk_lambda_fvars
from ..syntax import tree as T
from .core import TacticContext, TacticError
from ..meta.kabstract import kabstract
from .registry import tactic
from .terms import new_holes

EQ, IFF = Name.of("Eq"), Name.of("Iff")


def rule_equations(tc: TacticContext, rule: T.RwRule) -> list[tuple[Expr, Expr]]:
    """The candidate proofs for a rule with their types: the term itself, or the equation lemmas of
    a definition named by it."""
    te = tc.te
    stx = rule.term
    if isinstance(stx, T.Ident):
        from ..names import resolve_global

        if te.lctx.find_user(Name.of(stx.name)) is None:
            for found in resolve_global(te.env, stx.name) or []:
                if found.fields:
                    continue
                lemmas = _equation_lemmas(tc, found.name)
                if lemmas:
                    return lemmas
    e = te.elab(stx, None)  # type: ignore[arg-type]
    te.synthesize_pending(use_defaults=True, report=False)
    e = te.instantiate(e)
    return [(e, te.instantiate(te.infer(e)))]


def _equation_lemmas(tc: TacticContext, name: Name) -> list[tuple[Expr, Expr]]:
    from lantern.kernel.declaration import TheoremInfo

    info = tc.te.env.kernel.find(name)
    if info is None or isinstance(info, TheoremInfo) or getattr(info, "value", None) is None:
        return []
    try:
        from ..equations import equation_lemmas  # written alongside the definitions compiler
    except ImportError:
        return []
    out = []
    for lemma in equation_lemmas(tc.te.env, name):
        c = tc.te.mk_const(lemma.name) if lemma.name in tc.te.env.kernel else None
        if c is None:
            continue
        out.append((c, tc.te.instantiate(tc.te.infer(c))))
    return out


def instantiate_rule(tc: TacticContext, proof: Expr, ty: Expr, symm: bool, span: T.Span) -> tuple[Expr, Expr, Expr, Expr, list[MVar]]:
    """Apply `proof` to new metavariables until its type is an equation; returns (proof of
    `lhs = rhs` oriented as used, type of the sides, lhs, rhs, the new metavariables)."""
    te = tc.te
    mvars: list[MVar] = []
    while True:
        w = ty if ty.kind == PI else te.whnf(ty)
        if w.kind != PI:
            break
        kind = SYNTHETIC if w.binfo == INST_IMPLICIT else NATURAL  # type: ignore[attr-defined]
        m = te.new_mvar(w.type, kind)  # type: ignore[attr-defined]
        mvars.append(m)
        proof = mk_app(proof, [m])
        ty = instantiate1(w.body, m)  # type: ignore[attr-defined]
    ty = te.instantiate(ty)
    head, args = get_app_args(ty)
    if head.kind == CONST and head.name is IFF and len(args) == 2:  # type: ignore[attr-defined]
        proof = mk_app(Const(Name.of("propext")), [args[0], args[1], proof])
        ty = mk_app(Const(EQ, (_one(),)), [_prop(), args[0], args[1]])  # `Prop : Sort 1`
        head, args = get_app_args(ty)
    if not (head.kind == CONST and head.name is EQ and len(args) == 3):  # type: ignore[attr-defined]
        raise TacticError(span, f"equality or iff proof expected\n  {te.pp(ty)}")
    alpha, lhs, rhs = args
    level = head.levels[0]  # type: ignore[attr-defined]
    if symm:
        proof = mk_app(Const(Name.of("Eq.symm"), (level,)), [alpha, lhs, rhs, proof])
        lhs, rhs = rhs, lhs
    return proof, alpha, lhs, rhs, mvars


def _one():  # noqa: ANN202
    from lantern.kernel.level import mk_succ

    return mk_succ(mk_zero())


def _prop() -> Expr:
    from lantern.kernel.expr import Sort

    return Sort(mk_zero())


def rewrite_expr(tc: TacticContext, e: Expr, rule: T.RwRule, span: T.Span) -> tuple[Expr, Expr, list[MVar]]:
    """Rewrite `e` (a proposition) with `rule`: returns `e'` and a proof of `e = e'`, and the rule's
    arguments that stayed unassigned (new goals)."""
    te = tc.te
    candidates = rule_equations(tc, rule)
    last: TacticError | None = None
    for proof, ty in candidates:
        token = te.mctx.checkpoint()
        try:
            return _rewrite_with(tc, e, proof, ty, rule.symm, span)
        except TacticError as ex:
            te.mctx.rollback(token)
            last = ex
    assert last is not None
    raise last


def _rewrite_with(tc: TacticContext, e: Expr, proof: Expr, ty: Expr, symm: bool, span: T.Span) -> tuple[Expr, Expr, list[MVar]]:
    te = tc.te
    mark = te.mctx.mark()
    heq, alpha, lhs, rhs, mvars = instantiate_rule(tc, proof, ty, symm, span)
    lhs_i = te.instantiate(lhs)
    if lhs_i.kind == MVAR:
        raise TacticError(span, f"motive is not type correct: the pattern is a metavariable\n  {te.pp(lhs_i)}")
    body, count = kabstract(tc.te, e, lhs_i)
    if count == 0:
        raise TacticError(
            span,
            f"tactic 'rewrite' failed, did not find instance of the pattern in the target expression\n  {te.pp(lhs_i)}"
            + (f"\n{tc.format_goals([tc.current])}" if tc.current is not None else ""),
        )
    level = te.sort_level_of(te.instantiate(alpha))
    motive = Lam(Name.of("x"), te.instantiate(alpha), body)
    new_e = te.instantiate(instantiate1(body, rhs))
    # congrArg.{u, 1} {α} {β := Prop} {a₁ a₂} (f := motive) h : motive lhs = motive rhs
    eq_proof = mk_app(
        Const(Name.of("congrArg"), (level, _one())),
        [te.instantiate(alpha), _prop(), te.instantiate(lhs), te.instantiate(rhs), motive, te.instantiate(heq)],
    )
    # Instance arguments of the rule are synthesized now; the others left open become goals.
    for m in mvars:
        d = te.mctx.decls[m.mid]
        if d.kind == SYNTHETIC and m.mid not in te.mctx.assignment:
            inst = te.synth_instance(te.instantiate(d.type))
            if inst is None or not te.is_def_eq(m, inst):
                raise TacticError(span, f"failed to synthesize\n  {te.pp(te.instantiate(d.type))}")
    goals = new_holes(tc, te.instantiate(eq_proof), mark, (NATURAL, SYNTHETIC_OPAQUE))
    from lantern.kernel.record import replace

    for g in goals:
        te.mctx.decls[g.mid] = replace(te.mctx.decls[g.mid], kind=SYNTHETIC_OPAQUE)
    return new_e, eq_proof, goals


def rewrite_target(tc: TacticContext, goal: MVar, rule: T.RwRule, span: T.Span) -> list[MVar]:
    te = tc.te
    tc.current = goal
    with tc.in_goal(goal) as d:
        new_target, eq_proof, goals = rewrite_expr(tc, te.instantiate(d.type), rule, span)
        new = tc.new_goal(d.lctx, new_target, d.user_name)
        # Eq.mpr.{0} {α β : Sort 0} (h : α = β) (b : β) : α
        tc.assign(goal, mk_app(Const(Name.of("Eq.mpr"), (mk_zero(),)), [te.instantiate(d.type), new_target, eq_proof, new]))
    return [new, *goals]


def rewrite_hyp(tc: TacticContext, goal: MVar, fvar: FVar, rule: T.RwRule, span: T.Span) -> list[MVar]:
    te = tc.te
    tc.current = goal
    with tc.in_goal(goal) as d:
        decl = d.lctx.get(fvar)
        assert decl is not None
        old_type = te.instantiate(decl.type)
        new_type, eq_proof, goals = rewrite_expr(tc, old_type, rule, span)
        value = mk_app(Const(Name.of("Eq.mp"), (mk_zero(),)), [old_type, new_type, eq_proof, fvar])
        new = replace_hyp(tc, goal, fvar, new_type, value)
    return [new, *goals]


def replace_hyp(tc: TacticContext, goal: MVar, fvar: FVar, new_type: Expr, value: Expr) -> MVar:
    """Lean's `replaceLocalDecl`: a goal where hypothesis `fvar` has `new_type` (proved by `value`),
    under the same name; the old one is dropped when nothing else mentions it."""
    from .revert import mentions_any

    te = tc.te
    d = tc.decl(goal)
    decl = d.lctx.get(fvar)
    assert decl is not None
    used = mentions_any(te.instantiate(d.type), {fvar.fid}) or any(
        mentions_any(te.instantiate(x.type), {fvar.fid}) for x in d.lctx if x.fvar.fid != fvar.fid
    )
    lctx = d.lctx if used else d.lctx.remove({fvar.fid})
    lctx, new_fvar = lctx.add(decl.name, new_type, None, decl.binfo)
    new = tc.new_goal(lctx, te.instantiate(d.type), d.user_name)
    tc.assign(goal, mk_app(mk_lambda_fvars(te.mctx, lctx, [new_fvar], new), [value]))
    return new


def locations(tc: TacticContext, goal: MVar, at: tuple, span: T.Span) -> list[Name | None]:
    """`at h ⊢` as hypothesis names and `None` for the target; `at *` is every (accessible)
    hypothesis, then the target. Names, not variables: each rewrite makes a new hypothesis."""
    from ..meta.context import is_aux_decl
    from .names import is_inaccessible

    if not at:
        return [None]
    d = tc.decl(goal)
    if len(at) == 1 and at[0].name == "*":
        return [x.name for x in d.lctx if not is_aux_decl(x) and not is_inaccessible(x.name)] + [None]
    out: list[Name | None] = []
    for loc in at:
        if loc.name == "⊢":
            out.append(None)
            continue
        if d.lctx.find_user(Name.of(loc.name)) is None:
            raise TacticError(loc.span, f"unknown hypothesis '{loc.name}'")
        out.append(Name.of(loc.name))
    return out


def try_close_rfl(tc: TacticContext, goal: MVar) -> bool:
    """`rw`'s closing `rfl`: an `Eq`/`Iff` whose sides are syntactically equal, or `True`."""
    te = tc.te
    target = te.instantiate(tc.decl(goal).type)
    head, args = get_app_args(target)
    if head.kind != CONST:
        return False
    if head.name is EQ and len(args) == 3 and (args[1] == args[2] or _equal_numerals(tc, goal, args[1], args[2])):  # type: ignore[attr-defined]
        tc.assign(goal, mk_app(Const(Name.of("Eq.refl"), head.levels), [args[0], args[1]]))  # type: ignore[attr-defined]
        return True
    if head.name is IFF and len(args) == 2 and args[0] == args[1]:  # type: ignore[attr-defined]
        tc.assign(goal, mk_app(Const(Name.of("Iff.refl")), [args[0]]))
        return True
    if str(head.name) == "True" and not args:  # type: ignore[attr-defined]
        tc.assign(goal, Const(Name.of("True.intro")))
        return True
    return False


# Lean's `with_reducible rfl` still evaluates Nat literal arithmetic (`2 + 2 = 4`): instances are
# reducible and `Nat.add` on literals is computed by `whnf`. These heads are what such terms use.
_NUMERAL_HEADS = frozenset(
    Name.of(n) for n in (
        "OfNat.ofNat", "instOfNatNat", "HAdd.hAdd", "HSub.hSub", "HMul.hMul", "HDiv.hDiv", "HMod.hMod", "HPow.hPow",
        "instHAdd", "instHSub", "instHMul", "instHDiv", "instHMod", "instHPow", "instAddNat", "instSubNat",
        "instMulNat", "instDivNat", "instModNat", "instPowNat", "Nat", "Nat.succ", "Nat.zero",
    )
)


def _equal_numerals(tc: TacticContext, goal: MVar, a: Expr, b: Expr) -> bool:
    from lantern.kernel.expr import APP, NATLIT

    def ground(e: Expr) -> bool:
        stack = [e]
        while stack:
            x = stack.pop()
            if x.kind == APP:
                stack += [x.fn, x.arg]  # type: ignore[attr-defined]
            elif not (x.kind == NATLIT or (x.kind == CONST and x.name in _NUMERAL_HEADS)):  # type: ignore[attr-defined]
                return False
        return True

    if not (ground(a) and ground(b)):
        return False
    with tc.in_goal(goal):
        return tc.te.is_def_eq(a, b)


@tactic("rw", "rewrite", "rwa")
def eval_rw(tc: TacticContext, stx: T.Tactic) -> None:
    goal = tc.main_goal(stx.span)
    side_goals: list[MVar] = []
    for rule in stx.args["rules"]:  # type: ignore[attr-defined]
        for loc in locations(tc, goal, stx.args["at"], stx.span):  # type: ignore[arg-type]
            if loc is None:
                new_goals = rewrite_target(tc, goal, rule, rule.span)
            else:
                fvar = tc.decl(goal).lctx.find_user(loc).fvar  # type: ignore[union-attr]
                new_goals = rewrite_hyp(tc, goal, fvar, rule, rule.span)
            goal = new_goals[0]
            side_goals += new_goals[1:]
    tc.replace_main_goal([goal, *side_goals])
    if stx.name == "rw":
        try_close_rfl(tc, goal)
    elif stx.name == "rwa":
        from .run import eval_tactic

        eval_tactic(tc, T.Tactic(stx.span, "assumption", {}))
