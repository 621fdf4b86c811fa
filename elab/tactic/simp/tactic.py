"""The tactics `simp`, `simp only`, `simp_arith`, `dsimp`, `simp_all`: their arguments read into a
simp set, run on the locations asked for (`at h`, `at h ⊢`, `at *`; the target by default).

`simp [e₁, ← h, -l, *, f]`: a theorem or hypothesis `e` rewrites left to right (`← h`: right to left),
`-l` removes a lemma from the default set, `*` uses every hypothesis, a definition `f` is unfolded
by its equations. `only` starts from no lemmas instead of the `@[simp]` set. Simp fails when it
changes nothing ("simp made no progress"); it never admits a goal.
"""

from __future__ import annotations

from lantern.kernel.expr import CONST, SORT, Expr, FVar, MVar, get_app_args
from lantern.kernel.level import ZERO
from lantern.kernel.local_ctx import LocalDecl
from lantern.kernel.name import Name
from lantern.kernel.record import field, record

from ...meta.context import is_aux_decl
from ...syntax import tree as T
from ..core import TacticContext, TacticError
from ..registry import tactic
from .arith_lemmas import arith_index
from .discr_tree import ArgKinds
from .goals import apply_to_hyp, apply_to_target
from .index import LemmaIndex, default_indexes, equation_lemmas, is_definition, lemmas_of_constant
from .lemmas import SimpLemma, const_proof, from_statement, term_proof
from .proofs import TRUE, Proofs
from .rewrite import Config, Simp, SimpSet

N_EQ = Name.of("Eq")


@record
class Args:
    """A simp call's arguments, elaborated in the goal's context."""

    lemmas: list[SimpLemma] = field(default_factory=list)
    erased: set[str] = field(default_factory=set)
    definitions: list[Name] = field(default_factory=list)
    star: bool = False
    only: bool = False


def elab_args(tc: TacticContext, goal: MVar, stx: T.Tactic) -> Args:
    out = Args(only=bool(stx.args.get("only")))
    with tc.in_goal(goal):
        for rule in stx.args.get("lemmas", ()):  # type: ignore[union-attr]
            if rule.term is None:
                out.star = True
            elif rule.erase:
                out.erased.add(_erased_name(tc, rule))
            else:
                _add_term(tc, rule, out)
    return out


def _erased_name(tc: TacticContext, rule: T.RwRule) -> str:
    from ...names import resolve_global

    text = rule.term.name  # type: ignore[union-attr]
    found = resolve_global(tc.te.env, text)
    if not found:
        if tc.te.lctx.find_user(Name.of(text)) is not None:
            return text
        raise TacticError(rule.span, f"unknown constant '{text}'")
    return str(found[0].name)


def _add_term(tc: TacticContext, rule: T.RwRule, out: Args) -> None:
    te = tc.te
    term = rule.term
    if isinstance(term, T.Ident):
        local = te.lctx.find_user(Name.of(term.name))
        if local is not None and not is_aux_decl(local):
            out.lemmas += _hyp_lemmas(tc, local, rule.symm, rule.span)
            return
        from ...names import resolve_global

        found = resolve_global(te.env, term.name)
        if found and not found[0].fields:
            name = found[0].name
            lemmas = lemmas_of_constant(te.env, name)
            if lemmas is not None:
                if rule.symm:
                    info = te.env.kernel.find(name)
                    lemmas = from_statement(str(name), info.level_params, info.type, const_proof(name), symm=True)
                out.lemmas += lemmas
                return
            if is_definition(te.env, name):
                out.definitions.append(name)
                return
    # Any other term: elaborated; its type is the statement.
    from ..terms import elab_for_goal

    e, _ = elab_for_goal(tc, term, None, rule.span)  # type: ignore[arg-type]
    if e.has_mvar:
        raise TacticError(rule.span, "invalid 'simp' argument: the term has unsolved placeholders")
    ty = te.instantiate(te.infer(e))
    if not _is_prop(tc, ty):
        raise TacticError(rule.span, "invalid 'simp', proposition expected")
    out.lemmas += from_statement(te.pp(e), (), ty, term_proof(e), symm=rule.symm)


def _hyp_lemmas(tc: TacticContext, decl: LocalDecl, symm: bool, span: T.Span) -> list[SimpLemma]:
    ty = tc.te.instantiate(decl.type)
    if not _is_prop(tc, ty):
        raise TacticError(span, "invalid 'simp', proposition expected")
    return from_statement(str(decl.name), (), ty, term_proof(decl.fvar), symm=symm)


def _is_prop(tc: TacticContext, ty: Expr) -> bool:
    te = tc.te
    try:
        s = te.whnf(te.infer(ty))
    except Exception:  # noqa: BLE001
        return False
    return s.kind == SORT and s.level.kind == ZERO  # type: ignore[attr-defined]


# -- building the simp set -------------------------------------------------------------------------------


def simp_set(tc: TacticContext, args: Args, hyps: list[LocalDecl], arith: bool = False, dsimp: bool = False) -> SimpSet:
    """The indexes a simp call tries, in order: its arguments and hypotheses, then (unless `only`)
    the `@[simp]` set, then (`simp_arith`) the arithmetic normalisation lemmas. A definition given
    is rewritten with its equation lemmas; `dsimp`, which needs definitional steps, unfolds it."""
    env = tc.te.env
    user = LemmaIndex(ArgKinds(env))
    user.add_all(args.lemmas)
    for h in hyps:
        user.add_all(_hyp_lemmas_quiet(tc, h))
    unfold: set[Name] = set()
    for name in args.definitions:
        # A projection function (`HAdd.hAdd`) is unfolded where its instance reduces to a structure
        # value (`unfold.py`), as Lean does; its equation would only expose the projection.
        eqs = None if dsimp or is_projection_fn(env, name) else equation_lemmas(env, name)
        if eqs is None:
            unfold.add(name)
        else:
            user.add_all(eqs)
    indexes = [user]
    if not args.only:
        for d in default_indexes(env):
            indexes.append(d)
            unfold |= d.unfold
    if arith:
        indexes.append(arith_index(env))
    return SimpSet(indexes, frozenset(args.erased), frozenset(unfold))


def _hyp_lemmas_quiet(tc: TacticContext, decl: LocalDecl) -> list[SimpLemma]:
    ty = tc.te.instantiate(decl.type)
    if not _is_prop(tc, ty):
        return []
    return from_statement(str(decl.name), (), ty, term_proof(decl.fvar))


def prop_hyps(tc: TacticContext, goal: MVar) -> list[LocalDecl]:
    """The hypotheses `*` and `at *` range over: propositions the user can see."""
    out = []
    with tc.in_goal(goal):
        for d in tc.decl(goal).lctx.decls:
            if is_aux_decl(d) or d.value is not None:
                continue
            if _is_prop(tc, tc.te.instantiate(d.type)):
                out.append(d)
    return out


# -- locations -----------------------------------------------------------------------------------------


def locations(tc: TacticContext, goal: MVar, stx: T.Tactic) -> tuple[list[FVar], bool]:
    """The hypotheses to simplify, and whether to simplify the target."""
    loc = stx.args.get("at") or ()
    if not loc:
        return [], True
    if len(loc) == 1 and loc[0].name == "*":  # type: ignore[union-attr,index]
        return [d.fvar for d in prop_hyps(tc, goal)], True
    hyps: list[FVar] = []
    target = False
    lctx = tc.decl(goal).lctx
    for ident in loc:  # type: ignore[union-attr]
        if ident.name == "⊢":
            target = True
            continue
        d = lctx.find_user(Name.of(ident.name))
        if d is None or is_aux_decl(d):
            raise TacticError(ident.span, f"unknown identifier '{ident.name}'")
        hyps.append(d.fvar)
    return hyps, target


def run_simp(tc: TacticContext, stx: T.Tactic, config: Config, what: str, arith: bool = False) -> None:
    """Simplify the locations of `stx` in the main goal; fail if none changed."""
    goal = tc.main_goal(stx.span)
    args = elab_args(tc, goal, stx)
    hyps, at_target = locations(tc, goal, stx)
    progress = False
    te = tc.te
    for fvar in hyps:
        decl = tc.decl(goal).lctx.get(fvar)
        if decl is None:
            continue
        others = [h for h in prop_hyps(tc, goal) if h.fvar.fid != fvar.fid] if args.star else []
        with tc.in_goal(goal):
            s = Simp(te, simp_set(tc, args, others, arith, config.dsimp), config, stx.span)
            ty = te.instantiate(decl.type)
            r = s.run(ty)
        if r.expr == ty:
            continue
        progress = True
        new = apply_to_hyp(tc, goal, decl, r, s.proofs)
        if new is None:
            tc.replace_main_goal([])
            return
        goal = new
    if at_target:
        others = prop_hyps(tc, goal) if args.star else []
        with tc.in_goal(goal):
            s = Simp(te, simp_set(tc, args, others, arith, config.dsimp), config, stx.span)
            target = te.instantiate(tc.decl(goal).type)
            r = s.run(target)
        if r.expr != target:
            progress = True
            new = apply_to_target(tc, goal, target, r, s.proofs) if not config.dsimp else _change_target(tc, goal, r.expr)
            tc.replace_main_goal([] if new is None else [new])
            return
    if not progress:
        raise TacticError(stx.span, f"{what} made no progress")
    tc.replace_main_goal([goal])


def _change_target(tc: TacticContext, goal: MVar, new_type: Expr) -> MVar | None:
    """`dsimp`'s result: the goal gets the new type, definitionally equal. Like Lean's `dsimpGoal`,
    a result `True` or `a = a` closes the goal."""
    d = tc.decl(goal)
    if new_type == TRUE:
        tc.assign(goal, Proofs(tc.te).of_eq_true(new_type, None))
        return None
    head, args = get_app_args(new_type)
    if head.kind == CONST and head.name is N_EQ and len(args) == 3 and args[1] == args[2]:  # type: ignore[attr-defined]
        with tc.in_goal(goal):
            tc.assign(goal, Proofs(tc.te).refl(args[1]))
        return None
    new = tc.new_goal(d.lctx, new_type, d.user_name)
    tc.assign(goal, new)
    return new


@tactic("simp")
def eval_simp(tc: TacticContext, stx: T.Tactic) -> None:
    run_simp(tc, stx, Config(), "simp")


@tactic("simp_arith")
def eval_simp_arith(tc: TacticContext, stx: T.Tactic) -> None:
    run_simp(tc, stx, Config(), "simp_arith", arith=True)


@tactic("dsimp")
def eval_dsimp(tc: TacticContext, stx: T.Tactic) -> None:
    run_simp(tc, stx, Config(dsimp=True), "dsimp")


@tactic("simp_all")
def eval_simp_all(tc: TacticContext, stx: T.Tactic) -> None:
    from .simp_all import simp_all

    simp_all(tc, stx)


def is_projection_fn(env: object, name: Name) -> bool:
    """Whether `name` is a structure's projection function: `fun params self => self.i`."""
    from lantern.kernel.declaration import DefinitionInfo
    from lantern.kernel.expr import BVAR, LAM, PROJ

    info = env.kernel.find(name)  # type: ignore[attr-defined]
    if not isinstance(info, DefinitionInfo):
        return False
    body = info.value
    while body.kind == LAM:
        body = body.body  # type: ignore[attr-defined]
    return body.kind == PROJ and body.expr.kind == BVAR and body.expr.idx == 0  # type: ignore[attr-defined]
