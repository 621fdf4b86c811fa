"""The functions of a mutual block as the compilers of recursion see them, and what they share.

Each function is elaborated with every function of the block as a local (`MutualFn.fvar`), so a body
calls `isOdd` as it calls itself. Both compilers of mutual recursion (`mutual_structural.py`,
`mutual_wf.py`) then open the body's leading `fun`s as parameters too (`open_params`) and look for the
*fixed prefix* (Lean's `getMutualFixedPrefix`): the leading parameters that every function has alike
(same names, binder kinds and types) and that every call in the block passes unchanged, such as the
`α` of functions on `List α`. The prefix is shared (`unify_prefix`): the other functions' prefix
parameters are replaced by the first function's, so one recursor or fixpoint serves them all.
"""

from __future__ import annotations

from lantern.kernel.expr import APP, BVAR, FVAR, LAM, Expr, FVar, get_app_args, subterms
from lantern.kernel.instantiate import replace_fvars
from lantern.kernel.name import Name
from lantern.kernel.record import field, record

from ..syntax import tree as T
from ..term.elaborator import TermElab
from .thread import open_lambdas


@record
class MutualFn:
    cmd: T.Definition
    name: Name
    fvar: FVar  # the local that stands for the function in every body of the block
    params: list[FVar]  # the header's parameters (locals of the block's `te.lctx`)
    result: Expr  # the header's type after the colon
    value: Expr | None = None  # the body as elaborated: calls are applications of the `fvar`s
    records: list = field(default_factory=list)  # the body's `match` records, for the equations
    uses_sorry: bool = False
    lctx: object = None  # the functions and this one's parameters: where its body is elaborated

    @property
    def label(self) -> str:
        return str(self.name)


@record
class Opened:
    """A function with its body's leading `fun`s opened: `params` are the header's and those."""

    fn: MutualFn
    params: list[FVar]
    body: Expr
    num_peeled: int


def open_params(te: TermElab, fn: MutualFn) -> Opened:
    """Open the body's leading `fun`s as locals of `te.lctx` (the caller restores `te.lctx`)."""
    opened, body = open_lambdas(te, beta_local_redexes(te.instantiate(fn.value)))  # type: ignore[arg-type]
    return Opened(fn, list(fn.params) + opened, body, len(opened))


def beta_local_redexes(e: Expr) -> Expr:
    """`e` with each `(fun xs => b) ys` whose arguments are variables reduced: a `by` block in a branch
    comes out of instantiation in this form, and the calls in `b` must be seen on the branch's own
    variables (the fields a structural call must be on)."""
    from lantern.kernel.instantiate import _rebuild

    from ..meta.instantiate import beta

    def go(x: Expr, off: int) -> Expr:
        if x.kind == APP:
            head, args = get_app_args(x)
            if head.kind == LAM and args and all(a.kind in (FVAR, BVAR) for a in args):
                return go(beta(head, args), off)
        return _rebuild(x, go, off)

    return go(e, 0)


def view(full: "LocalContext", params: list[FVar]) -> "LocalContext":
    """The functions of the block (auxiliary locals) and `params`, out of the block's union context
    `full`: where one function's goals are stated, without the other functions' parameters."""
    from ..meta.context import LocalContext, is_aux_decl

    aux = tuple(d for d in full.decls if is_aux_decl(d))
    return LocalContext(aux + tuple(full.get(p) for p in params))  # type: ignore[misc]


def calls_in(e: Expr, targets: dict[object, int]) -> list[tuple[int, list[Expr]]]:
    """The calls of the block's functions in `e`: (which function, its arguments), outermost first."""
    out: list[tuple[int, list[Expr]]] = []
    stack = [e]
    while stack:
        x = stack.pop()
        if not x.has_fvar:
            continue
        if x.kind == APP or x.kind == FVAR:
            head, args = get_app_args(x)
            if head.kind == FVAR and head.fid in targets:  # type: ignore[attr-defined]
                out.append((targets[head.fid], args))  # type: ignore[attr-defined]
                stack.extend(reversed(args))
                continue
            if x.kind == APP:
                stack.append(head)
                stack.extend(reversed(args))
                continue
            continue
        stack.extend(reversed(_children(x)))
    return out


def _children(e: Expr) -> tuple[Expr, ...]:
    from .thread import _children as children

    return children(e)


def mentions_any(e: Expr, fids: set[object]) -> bool:
    return e.has_fvar and any(x.kind == FVAR and x.fid in fids for x in subterms(e))  # type: ignore[attr-defined]


def fixed_prefix(te: TermElab, opened: list[Opened], targets: dict[object, int]) -> int:
    """How many leading parameters the functions share and every call passes unchanged."""
    first = opened[0]
    n = min(len(o.params) for o in opened)
    common = 0
    subst: list[dict[object, Expr]] = [{} for _ in opened]
    while common < n:
        p0 = first.params[common]
        d0 = te.lctx.get(p0)
        ok = True
        for k, o in enumerate(opened[1:], 1):
            d = te.lctx.get(o.params[common])
            if d is None or d0 is None or d.name is not d0.name or d.binfo != d0.binfo:
                ok = False
                break
            if not te.is_def_eq(replace_fvars(te.instantiate(d.type), subst[k]), d0.type):
                ok = False
                break
        if not ok:
            break
        for k, o in enumerate(opened[1:], 1):
            subst[k][o.params[common].fid] = p0
        common += 1
    for o in opened:
        for _, args in calls_in(o.body, targets):
            k = 0
            while k < common and k < len(args) and args[k] == o.params[k]:
                k += 1
            common = k
    return common


def unify_prefix(te: TermElab, opened: list[Opened], m: int) -> None:
    """Make the first `m` parameters of every function the first function's: each body and each later
    parameter type is rewritten (later parameters become new locals of `te.lctx`)."""
    if m == 0:
        return
    shared = opened[0].params[:m]
    for o in opened[1:]:
        subst: dict[object, Expr] = {p.fid: s for p, s in zip(o.params[:m], shared)}
        rest: list[FVar] = []
        for p in o.params[m:]:
            d = te.lctx.get(p)
            assert d is not None
            te.lctx, x = te.lctx.add(d.name, replace_fvars(te.instantiate(d.type), subst), None, d.binfo)
            subst[p.fid] = x
            rest.append(x)
        o.params = [*shared, *rest]
        o.body = replace_fvars(o.body, subst)
