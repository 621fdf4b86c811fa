"""Unfolding functions applied to constructors in a decreasing goal, before `omega` sees it.

Lean's `decreasing_trivial` runs `simp` with arithmetic, which rewrites `(x :: xs).length` to
`xs.length + 1` with the simp lemma `List.length_cons`; then the goal is linear arithmetic over atoms.
Here the same rewriting is done with the functions' own equation lemmas (`f.eq_i` without
hypotheses): a subterm that is an instance of an equation's left side is replaced by the right side.
Only definitional rewrites are kept (the new goal must be definitionally equal to the old one, which
the equations of structural recursion are), so the goal is simply restated (`change`) and the proof of
the new goal is the proof of the old.
"""

from __future__ import annotations

from lantern.kernel.expr import APP, CONST, FVAR, PI, Expr, FVar, get_app_args, mk_app
from lantern.kernel.instantiate import instantiate1, instantiate_level_params

from ..equations import existing_equation_lemmas
from ..term.elaborator import TermElab

MAX_REWRITES = 64


def unfold_ctor_apps(te: TermElab, e: Expr) -> Expr:
    """`e` with each `f (C …)` that an equation of `f` covers replaced by its right side (in
    `te.lctx`); `e` itself if nothing applies."""
    budget = [MAX_REWRITES]
    cache: dict[object, list] = {}  # type: ignore[type-arg]

    def go(x: Expr) -> Expr:
        if budget[0] <= 0 or x.kind != APP:
            return x
        head, args = get_app_args(x)
        new_args = [go(a) for a in args]
        y = mk_app(head, new_args) if any(a is not b for a, b in zip(new_args, args)) else x
        if head.kind == CONST:
            r = rewrite_once(te, y, head, cache)
            if r is not None:
                budget[0] -= 1
                return go(r)
        return y

    return go(e)


def rewrite_once(te: TermElab, t: Expr, head: Expr, cache: dict) -> Expr | None:  # type: ignore[type-arg]
    name = head.name  # type: ignore[attr-defined]
    if name not in cache:
        cache[name] = [_open_lemma(l.type, l.level_params) for l in existing_equation_lemmas(te.env, name, definitional=True)]
    for opened in cache[name]:
        if opened is None:
            continue
        params, binders, lhs, rhs = opened
        lhs = instantiate_level_params(lhs, params, head.levels)  # type: ignore[attr-defined]
        rhs = instantiate_level_params(rhs, params, head.levels)  # type: ignore[attr-defined]
        binding: dict[object, Expr] = {}
        if _match(lhs, t, {b.fid for b in binders}, binding) and all(b.fid in binding for b in binders):
            from lantern.kernel.instantiate import replace_fvars

            r = replace_fvars(rhs, binding)
            return r if te.is_def_eq(t, r) else None
    return None


def _open_lemma(ty: Expr, params: tuple) -> tuple | None:  # type: ignore[type-arg]
    """`∀ xs, lhs = rhs` as placeholders `xs` and the two sides; None with hypotheses."""
    from lantern.kernel.local_ctx import LocalContext

    lctx = LocalContext()
    binders: list[FVar] = []
    while ty.kind == PI:
        x = lctx.mk_local(ty.name, ty.type, None, ty.binfo)  # type: ignore[attr-defined]
        binders.append(x)
        ty = instantiate1(ty.body, x)  # type: ignore[attr-defined]
    head, args = get_app_args(ty)
    if not (head.kind == CONST and str(head.name) == "Eq" and len(args) == 3):  # type: ignore[attr-defined]
        return None
    lhs, rhs = args[1], args[2]
    lhead, _ = get_app_args(lhs)
    if lhead.kind != CONST or any(not _occurs(lhs, b.fid) for b in binders):
        return None  # a binder the left side does not fix: a hypothesis
    return params, binders, lhs, rhs


def _occurs(e: Expr, fid: object) -> bool:
    from lantern.kernel.expr import subterms

    return e.has_fvar and any(x.kind == FVAR and x.fid == fid for x in subterms(e))  # type: ignore[attr-defined]


def _match(p: Expr, t: Expr, holes: set, binding: dict) -> bool:  # type: ignore[type-arg]
    """Syntactic first-order matching: `holes` are the pattern's variables."""
    if p.kind == FVAR and p.fid in holes:  # type: ignore[attr-defined]
        prev = binding.get(p.fid)  # type: ignore[attr-defined]
        if prev is None:
            binding[p.fid] = t  # type: ignore[attr-defined]
            return True
        return prev == t
    if p.kind == APP:
        if t.kind != APP:
            return False
        return _match(p.fn, t.fn, holes, binding) and _match(p.arg, t.arg, holes, binding)  # type: ignore[attr-defined]
    return p == t
