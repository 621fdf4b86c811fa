"""Auxiliary constructions Lean generates for every inductive type, derived from its recursor:

- `I.recOn`: the recursor with the major premise before the minor premises;
- `I.casesOn`: case analysis, the recursor without induction hypotheses, major premise first.

Pattern matching compiles to `casesOn`. Both are ordinary definitions, checked by the kernel. Mutual
blocks get `recOn` only for now (their `casesOn` needs `PUnit` motives for the other types).
"""

from __future__ import annotations

from lantern.kernel.declaration import ABBREV_HINTS, DefinitionDecl, InductiveInfo, RecursorInfo
from lantern.kernel.environment import Environment
from lantern.kernel.expr import IMPLICIT, PI, Binding, Const, Expr, FVar, mk_app
from lantern.kernel.instantiate import instantiate1
from lantern.kernel.level import mk_param
from lantern.kernel.local_ctx import LocalContext


def _open(lctx: LocalContext, t: Expr, n: int) -> tuple[list[FVar], Expr]:
    """Open `n` leading Π binders of `t` as free variables."""
    fvars: list[FVar] = []
    for _ in range(n):
        assert isinstance(t, Binding) and t.kind == PI, "fewer binders than the recursor promises"
        x = lctx.mk_local(t.name, t.type, None, t.binfo)
        fvars.append(x)
        t = instantiate1(t.body, x)
    return fvars, t


def _opened_recursor(env: Environment, ind: InductiveInfo) -> tuple[RecursorInfo, LocalContext, dict, Expr]:
    rec = env.get(ind.name.child("rec"))
    assert isinstance(rec, RecursorInfo)
    lctx = LocalContext()
    params, t = _open(lctx, rec.type, rec.num_params)
    motives, t = _open(lctx, t, rec.num_motives)
    minors, t = _open(lctx, t, rec.num_minors)
    indices, t = _open(lctx, t, rec.num_indices)
    (major,), target = _open(lctx, t, 1)
    parts = {"params": params, "motives": motives, "minors": minors, "indices": indices, "major": major}
    return rec, lctx, parts, target


def _rec_const(rec: RecursorInfo) -> Const:
    return Const(rec.name, tuple(mk_param(p) for p in rec.level_params))


def mk_rec_on(env: Environment, ind: InductiveInfo) -> DefinitionDecl:
    rec, lctx, p, target = _opened_recursor(env, ind)
    binders = [*p["params"], *p["motives"], *p["indices"], p["major"], *p["minors"]]
    value = mk_app(_rec_const(rec), [*p["params"], *p["motives"], *p["minors"], *p["indices"], p["major"]])
    return DefinitionDecl(
        ind.name.child("recOn"), rec.level_params,
        lctx.mk_binding(binders, target, lam=False), lctx.mk_binding(binders, value, lam=True), ABBREV_HINTS,
    )


def mk_cases_on(env: Environment, ind: InductiveInfo) -> DefinitionDecl | None:
    if len(ind.all) != 1:
        return None
    rec, lctx, p, target = _opened_recursor(env, ind)
    # Each minor premise of `casesOn` is the recursor's without its induction hypotheses; the
    # recursor's minor is then `fun fields ihs => minor fields`.
    case_minors: list[FVar] = []
    rec_minor_args: list[Expr] = []
    for minor, ctor_name in zip(p["minors"], ind.ctors):
        nfields = env.get(ctor_name).num_fields  # type: ignore[union-attr]
        mtype = lctx.get(minor).type  # type: ignore[union-attr]
        fields, rest = _open(lctx, mtype, nfields)
        ihs: list[FVar] = []
        while rest.kind == PI:
            x = lctx.mk_local(rest.name, rest.type, None, rest.binfo)  # type: ignore[attr-defined]
            ihs.append(x)
            rest = instantiate1(rest.body, x)  # type: ignore[attr-defined]
        case_type = lctx.mk_binding(fields, rest, lam=False)
        case_minor = lctx.mk_local(lctx.get(minor).name, case_type)  # type: ignore[union-attr]
        case_minors.append(case_minor)
        rec_minor_args.append(lctx.mk_binding([*fields, *ihs], mk_app(case_minor, fields), lam=True))
    binders = [*p["params"], *p["motives"], *p["indices"], p["major"], *case_minors]
    value = mk_app(_rec_const(rec), [*p["params"], *p["motives"], *rec_minor_args, *p["indices"], p["major"]])
    return DefinitionDecl(
        ind.name.child("casesOn"), rec.level_params,
        _implicit_prefix(lctx.mk_binding(binders, target, lam=False), len(p["params"]) + 1),
        lctx.mk_binding(binders, value, lam=True), ABBREV_HINTS,
    )


def _implicit_prefix(t: Expr, n: int) -> Expr:
    """Parameters and motive are implicit, as in Lean's `casesOn`."""
    from lantern.kernel.expr import Pi

    if n == 0 or not isinstance(t, Binding):
        return t
    return Pi(t.name, t.type, _implicit_prefix(t.body, n - 1), IMPLICIT)


def add_auxiliary_constructions(env: Environment, ind_name) -> None:  # type: ignore[no-untyped-def]
    """Add `recOn` and `casesOn` for the inductive `ind_name` (already in `env`)."""
    ind = env.get(ind_name)
    assert isinstance(ind, InductiveInfo)
    env.add(mk_rec_on(env, ind))
    cases_on = mk_cases_on(env, ind)
    if cases_on is not None:
        env.add(cases_on)
