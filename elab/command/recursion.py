"""Structural recursion, first form: primitive recursion through the recursor.

The body is elaborated with the function itself as a local variable `f`. If `f` occurs, the body must
be a `casesOn` on one of the parameters (what `match x with …` on that parameter compiles to), and
every call `f … y …` must pass, in that parameter's position, a recursive field `y` of the constructor
being matched, with the parameters before it unchanged (those after it may vary: the motive is
generalised over them). Then the `casesOn` becomes the
recursor `I.rec`, whose minor premises receive an induction hypothesis for each recursive field, and
each call `f … y …` becomes that hypothesis. The result mentions `f` no more, and the kernel checks it
as an ordinary definition.

An indexed family's indices (`n` in `Vec α n`, variables of the header) may change in the calls: the
recursor's motive takes them. Lean compiles structural recursion through `brecOn`, which also allows
calls on deeper subterms (`fib (n + 2)` calling `fib n`): this simpler form is tried first, then
`brecon.py`, then well-founded recursion (`wf.py`), see `declaration.compile_recursion`.
"""

from __future__ import annotations

from lantern.kernel.declaration import ConstructorInfo, InductiveInfo, RecursorInfo
from lantern.kernel.expr import APP, CONST, FVAR, HAS_FVAR, LAM, App, Const, Expr, FVar, Lam, get_app_args, mk_app, subterms_with
from lantern.kernel.instantiate import _rebuild, abstract, instantiate_rev, replace_fvars
from lantern.kernel.local_ctx import LocalContext as KernelLocalContext
from lantern.kernel.name import Name

from ..messages import ElabError
from ..meta.instantiate import mk_forall_fvars, mk_lambda_fvars
from ..syntax import tree as T
from ..term.elaborator import TermElab


def mentions(e: Expr, f: FVar) -> bool:
    return any(x.kind == FVAR and x.fid == f.fid for x in subterms_with(e, HAS_FVAR))  # type: ignore[attr-defined]


def compile_structural(te: TermElab, f: FVar, params: list[FVar], body: Expr, name: str, span: T.Span) -> Expr:
    """`body` (which calls `f`) rewritten without `f` (see the module docstring). Leading `fun`s of
    the body (`def f : A → B | p => …`) count as parameters too."""
    body = te.instantiate(body)
    if body.kind == LAM:
        saved = te.lctx
        try:
            te.lctx, x = te.lctx.add(body.name, body.type, None, body.binfo)  # type: ignore[attr-defined]
            inner = compile_structural(te, f, [*params, x], instantiate_rev(body.body, [x]), name, span)  # type: ignore[attr-defined]
            return mk_lambda_fvars(te.mctx, te.lctx, [x], inner)
        finally:
            te.lctx = saved
    head, args = get_app_args(body)
    fail = ElabError(
        span,
        f"fail to show termination for '{name}': structural recursion is supported when the body is a `match` on "
        f"a parameter and each recursive call is on an immediate field of the matched constructor "
        f"(recursion through `brecOn` and `termination_by` are not supported yet)",
    )
    if head.kind != CONST or not str(head.name).endswith(".casesOn"):  # type: ignore[attr-defined]
        raise fail
    ind = te.env.kernel.find(head.name.prefix)  # type: ignore[attr-defined]
    if not isinstance(ind, InductiveInfo) or len(ind.all) != 1:
        raise fail
    nparams, nindices = ind.num_params, ind.num_indices
    if len(args) < nparams + nindices + 2 + len(ind.ctors):
        raise fail
    ind_params, motive = args[:nparams], args[nparams]
    indices, major = args[nparams + 1: nparams + 1 + nindices], args[nparams + 1 + nindices]
    first_minor = nparams + 2 + nindices
    minors, extra = args[first_minor: first_minor + len(ind.ctors)], args[first_minor + len(ind.ctors):]
    if major.kind != FVAR or all(major.fid != p.fid for p in params):  # type: ignore[attr-defined]
        raise fail
    position = next(i for i, p in enumerate(params) if p.fid == major.fid)  # type: ignore[attr-defined]
    # The indices of an indexed family (`n` in `Vec α n`) are parameters the recursive calls may
    # change: the recursor's motive takes them.
    index_positions = set()
    for i in indices:
        k = next((j for j, p in enumerate(params) if i.kind == FVAR and p.fid == i.fid), None)  # type: ignore[attr-defined]
        if k is None or k > position:
            raise fail
        index_positions.add(k)
    if any(mentions(a, f) for a in [*ind_params, motive]):
        raise fail
    rec = te.env.kernel.get(ind.name.child("rec"))
    assert isinstance(rec, RecursorInfo)
    # The parameters after the one recursed on may change in recursive calls (`beq n m` calls
    # `beq n' m'`): the motive is generalised over them, `fun x => ∀ later, goal`, each minor premise
    # takes them as arguments, and the recursor's result is applied to them. Those the match itself
    # generalised (the casesOn's extra arguments, parameters whose types mention the one matched
    # on) are already in the motive and the minor premises; they must be the last parameters.
    later = params[position + 1:]
    if extra:
        if len(extra) > len(later) or any(a.kind != FVAR or a.fid != p.fid for a, p in zip(extra, later[len(later) - len(extra):])):  # type: ignore[attr-defined]
            raise fail
        later = later[: len(later) - len(extra)]
    if later:
        saved = te.lctx
        try:
            opened: list[FVar] = []
            goal = motive
            for _ in range(nindices + 1):
                if goal.kind != LAM:
                    raise fail
                te.lctx, x = te.lctx.add(goal.name, goal.type, None, goal.binfo)  # type: ignore[attr-defined]
                opened.append(x)
                goal = instantiate_rev(goal.body, [x])  # type: ignore[attr-defined]
            renaming = {major.fid: opened[-1], **{i.fid: v for i, v in zip(indices, opened)}}  # type: ignore[attr-defined]
            generalized = replace_fvars(mk_forall_fvars(te.mctx, te.lctx, later, goal), renaming)
            motive_level = te.sort_level_of(generalized)
            motive = mk_lambda_fvars(te.mctx, te.lctx, opened, generalized)
        finally:
            te.lctx = saved
    new_minors = []
    for ctor_name, minor in zip(ind.ctors, minors):
        ctor = te.env.kernel.get(ctor_name)
        assert isinstance(ctor, ConstructorInfo)
        new_minors.append(_minor_with_ihs(te, f, params, position, later, index_positions, ind, ctor, minor, motive, fail))
    levels = head.levels  # type: ignore[attr-defined]  # casesOn and rec take the same universe levels
    if later and len(rec.level_params) > len(ind.level_params):
        # The generalised motive `fun x => ∀ later, goal` may live in a larger universe than the
        # casesOn's (`List α → Bool` is in `Sort (max (u+1) 1)`, not `Type`).
        levels = (motive_level,) + tuple(levels[1:])
    result = mk_app(Const(rec.name, levels), [*ind_params, motive, *new_minors, *indices, major, *later, *extra])
    if mentions(result, f):
        raise fail
    return result


def recursive_fields(ctor: ConstructorInfo, ind: InductiveInfo) -> list[bool]:
    """Which fields are recursive, read from the constructor's own type (as the kernel's recursor
    does): in `List (List α)`, `head : List α` is not recursive although its head is `List`."""
    from lantern.kernel.expr import PI

    ty = ctor.type
    for _ in range(ctor.num_params):
        ty = ty.body  # type: ignore[attr-defined]
    out = []
    for _ in range(ctor.num_fields):
        assert ty.kind == PI
        head = get_app_args(ty.type)[0]  # type: ignore[attr-defined]
        out.append(head.kind == CONST and head.name is ind.name)  # type: ignore[attr-defined]
        ty = ty.body  # type: ignore[attr-defined]
    return out


def _minor_with_ihs(
    te: TermElab, f: FVar, params: list[FVar], position: int, later: list[FVar], index_positions: set[int],
    ind: InductiveInfo, ctor: ConstructorInfo, minor: Expr, motive: Expr, fail: ElabError,
) -> Expr:
    """`fun fields => b` ↦ `fun fields ihs => b[f … yᵢ … := ihᵢ]`."""
    lctx = KernelLocalContext()
    fields: list[FVar] = []
    body = minor
    for _ in range(ctor.num_fields):
        if body.kind != LAM:
            raise fail
        x = lctx.mk_local(body.name, body.type, None, body.binfo)  # type: ignore[attr-defined]
        fields.append(x)
        body = instantiate_rev(body.body, [x])  # type: ignore[attr-defined]
    # The recursive fields, in order, and an induction hypothesis `y_ih : motive y` for each (the
    # recursor's minor premise takes them after all the fields).
    ihs: dict[object, FVar] = {}
    ih_list: list[FVar] = []
    for x, recursive in zip(fields, recursive_fields(ctor, ind)):
        decl = lctx.get(x)
        assert decl is not None
        if recursive:
            _, type_args = get_app_args(decl.type)
            ih = lctx.mk_local(Name.of(f"{x.name}_ih"), mk_app(motive, [*type_args[ind.num_params:], x]), None)
            ihs[x.fid] = ih
            ih_list.append(ih)
    # Replace each call `f p₁ … yᵢ … pₙ` by the hypothesis for `yᵢ`.
    mapping_ok = [True]

    def rewrite(e: Expr) -> Expr:
        def go(x: Expr, off: int) -> Expr:
            if not x.has_fvar:
                return x
            if x.kind == APP or (x.kind == FVAR and x.fid == f.fid):  # type: ignore[attr-defined]
                fn, args = get_app_args(x)
                if fn.kind == FVAR and fn.fid == f.fid:  # type: ignore[attr-defined]
                    if len(args) < len(params):
                        mapping_ok[0] = False
                        return x
                    arg = args[position]
                    fixed = all(args[j] == params[j] for j in range(position) if j not in index_positions)
                    if not fixed or arg.kind != FVAR or arg.fid not in ihs:  # type: ignore[attr-defined]
                        mapping_ok[0] = False
                        return x
                    # The hypothesis takes the later arguments, whatever they are in this call.
                    return mk_app(ihs[arg.fid], [go(a, off) for a in args[position + 1:]])  # type: ignore[attr-defined]
            return _rebuild(x, go, off)

        return go(e, 0)

    new_body = rewrite(body)
    if not mapping_ok[0]:
        raise fail
    # Within the minor premise the later parameters are bound again (the motive quantifies them).
    if later:
        new_body = mk_lambda_fvars(te.mctx, te.lctx, later, new_body)
    bound = [*fields, *ih_list]
    closed = abstract(new_body, bound)
    for idx in range(len(bound) - 1, -1, -1):
        d = lctx.get(bound[idx])
        assert d is not None
        closed = Lam(d.name, abstract(d.type, bound[:idx]), closed, d.binfo)
    return closed
