"""Structural recursion through `brecOn` (Lean's `Structural` module), for calls on any subterm of the
argument recursed on, not only its immediate fields:

    def fib : Nat → Nat | 0 => 0 | 1 => 1 | n + 2 => fib n + fib (n + 1)

becomes `fun x => Nat.brecOn x (fun x b => match x … | n + 2 => b.1.2.1.1 + b.1.1)` (schematically):
`b : Nat.below motive x` holds the values of the function on every subterm of `x`, and as the match
refines `x` to `n + 2` (the table `b` is passed through each `casesOn`, `thread.py`), its type unfolds
to pairs `⟨⟨f (n + 1), ⟨⟨f n, …⟩, …⟩⟩, …⟩` in which each call is found by its argument.

Each parameter is tried in order; those before it must be passed unchanged by every call, those
after it may vary (the motive quantifies over them). The result is an ordinary definition: its
equations hold by `rfl`, as for the recursor-based form (`recursion.py`), which is tried first.
"""

from __future__ import annotations

from lantern.kernel.declaration import InductiveInfo
from lantern.kernel.expr import CONST, LAM, Const, Expr, FVar, Proj, get_app_args, mk_app
from lantern.kernel.instantiate import has_loose_bvar, replace_fvars
from lantern.kernel.name import Name

from ..constructions import PPROD, ensure_brec_on
from ..messages import ElabError
from ..meta.instantiate import beta, mk_forall_fvars, mk_lambda_fvars
from ..syntax import tree as T
from ..term.elaborator import TermElab
from .thread import CallRewriter, collect_calls, mentions_bare, mentions_fvar, open_lambdas

MAX_SEARCH = 64  # how deep a call's argument may be in the table


def compile_brecon(te: TermElab, f: FVar, header: list[FVar], value: Expr, name: str, span: T.Span) -> Expr:
    """`value` (which calls `f`) through `I.brecOn` on one of the parameters, or an `ElabError`."""
    saved = te.lctx
    try:
        peeled, body = open_lambdas(te, te.instantiate(value))
        params = list(header) + peeled
        calls = collect_calls(body, f)
        if any(len(a) < len(params) for a in calls) or mentions_bare(body, f):
            raise ElabError(span, f"fail to show termination for '{name}': the function is used without all of its arguments")
        for i in range(len(params)):
            if not all(all(c[j] == params[j] for j in range(i)) for c in calls):
                break  # later positions would need this one fixed too
            result = _try_position(te, f, params, i, body, name, span)
            if result is not None:
                return mk_lambda_fvars(te.mctx, te.lctx, peeled, result) if peeled else result
        raise ElabError(span, f"fail to show termination for '{name}': no argument decreases structurally at every call")
    finally:
        te.lctx = saved


def _try_position(te: TermElab, f: FVar, params: list[FVar], i: int, body: Expr, name: str, span: T.Span) -> Expr | None:
    x = params[i]
    x_type = te.whnf(te.instantiate(te.lctx.get(x).type))  # type: ignore[union-attr]
    head, type_args = get_app_args(x_type)
    if head.kind != CONST:
        return None
    ind = te.env.kernel.find(head.name)  # type: ignore[attr-defined]
    if not isinstance(ind, InductiveInfo) or ind.num_indices or len(ind.all) != 1:
        return None
    later = params[i + 1:]
    if any(mentions_fvar(a, p.fid) for a in type_args for p in later) or mentions_fvar(x_type, x.fid):
        return None
    if not ensure_brec_on(te.env.kernel, ind.name):
        return None
    token = te.mctx.checkpoint()
    try:
        ret = te.instantiate(te.infer(body))
        goal = mk_forall_fvars(te.mctx, te.lctx, later, ret)
        te.lctx, y = te.lctx.add(Name.of("t"), x_type)
        motive = mk_lambda_fvars(te.mctx, te.lctx, [y], replace_fvars(goal, {x.fid: y}))
        u = te.sort_level_of(replace_fvars(goal, {x.fid: y}))
        levels = (u, *head.levels)  # type: ignore[attr-defined]
        below = mk_app(Const(ind.name.child("below"), levels), [*type_args, motive, x])
        te.lctx, b = te.lctx.add(Name.of("x✝"), below)
        rewriter = _BelowRewriter(te, f, name, span, params, i, motive)
        new_body = rewriter.visit(body, b, [x])
        fn = mk_lambda_fvars(te.mctx, te.lctx, [x, b, *later], new_body)
        return mk_app(Const(ind.name.child("brecOn"), levels), [*type_args, motive, x, fn, *later])
    except ElabError:
        te.mctx.rollback(token)
        return None


class _BelowRewriter(CallRewriter):
    def __init__(self, te: TermElab, f: FVar, name: str, span: T.Span, params: list[FVar], position: int, motive: Expr) -> None:
        super().__init__(te, f, name, span, dite=False)
        self.params = params
        self.position = position
        self.motive = motive
        self.dependent = motive.kind != LAM or has_loose_bvar(_head_beta(motive.body), 0)  # type: ignore[attr-defined]
        self.beta_fvar_redexes = True

    def on_call(self, args: list[Expr], table: FVar, cur: list[Expr]) -> Expr:
        i, n = self.position, len(self.params)
        if any(args[j] != self.params[j] for j in range(i)):
            raise self.fail("an argument before the one recursed on changes")
        table_type = self.te.lctx.get(table).type  # type: ignore[union-attr]
        found = self.find(table, table_type, args[i], MAX_SEARCH)
        if found is None and not self.dependent:
            # A call on a variable that an inner `casesOn` split (`| .add (.num 0) e => … | .add a b =>
            # … a.s …`): the table knows the value at what the variable is there. (Only when the
            # result type does not depend on the argument: the call and the table entry then have
            # the same type.)
            found = self.find(table, table_type, self.as_split(args[i]), MAX_SEARCH)
        if found is None:
            raise self.fail("a recursive call is not on a subterm")
        return mk_app(found, args[i + 1:])

    def find(self, term: Expr, ty: Expr, arg: Expr, budget: int) -> Expr | None:
        """The component of the table `term : ty` that is the function's value at `arg`."""
        if budget <= 0:
            return None
        w = self.te.whnf(ty)
        head, args = get_app_args(w)
        if not (head.kind == CONST and head.name is PPROD and len(args) == 2):  # type: ignore[attr-defined]
            return None
        first, second = args
        fh, fargs = get_app_args(first)
        if fh == self.motive and len(fargs) == 1:
            if fargs[0] == arg or self.te.is_def_eq(fargs[0], arg):
                return Proj(PPROD, 0, term)
            return self.find(Proj(PPROD, 1, term), second, arg, budget - 1)  # `below a`: deeper subterms
        return self.find(Proj(PPROD, 0, term), first, arg, budget - 1) or self.find(Proj(PPROD, 1, term), second, arg, budget - 1)


def _head_beta(e: Expr) -> Expr:
    """`(fun x => b) a` ↦ `b[a/x]` at the head (the motive's body is built as such a redex)."""
    head, args = get_app_args(e)
    return beta(head, args) if head.kind == LAM and args else e
