"""Auxiliary constructions Lean generates for every inductive type, derived from its recursor:

- `I.recOn`: the recursor with the major premise before the minor premises;
- `I.casesOn`: case analysis, the recursor without induction hypotheses, major premise first;
- `I.below` and `I.brecOn`: course-of-values recursion (`ensure_brec_on`, made on first use).

Pattern matching compiles to `casesOn`. Both are ordinary definitions, checked by the kernel. Mutual
blocks get `recOn` only for now (their `casesOn` needs `PUnit` motives for the other types).
"""

from __future__ import annotations

from lantern.kernel.declaration import ABBREV_HINTS, DefinitionDecl, InductiveInfo, RecursorInfo
from lantern.kernel.environment import Environment
from lantern.kernel.expr import CONST, IMPLICIT, PI, Binding, Const, Expr, FVar, Lam, Pi, Proj, mk_app
from lantern.kernel.instantiate import instantiate1, instantiate_level_params
from lantern.kernel.level import mk_param
from lantern.kernel.local_ctx import LocalContext
from lantern.kernel.name import Name


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


# -- `below` and `brecOn`: course-of-values recursion, for structural recursion on deeper subterms ---

PPROD, PPROD_MK, PUNIT, PUNIT_UNIT = Name.of("PProd"), Name.of("PProd.mk"), Name.of("PUnit"), Name.of("PUnit.unit")


def ensure_brec_on(env: Environment, ind_name: Name) -> bool:
    """Add `I.below` and `I.brecOn` (Lean's, for a non-indexed, non-mutual, non-reflexive inductive
    type that eliminates into any universe) unless present; they need `PProd` and `PUnit`. Made when a
    definition first recurses through them, since the prelude's types come before `PProd`."""
    if ind_name.child("brecOn") in env:
        return True
    if PPROD not in env or PUNIT not in env:
        return False
    ind = env.find(ind_name)
    if not isinstance(ind, InductiveInfo) or ind.num_indices or len(ind.all) != 1:
        return False
    rec = env.find(ind_name.child("rec"))
    if not isinstance(rec, RecursorInfo) or len(rec.level_params) != len(ind.level_params) + 1:
        return False  # eliminates into `Prop` only
    built = _BelowBuilder(env, ind, rec)
    below = built.below()
    if below is None:
        return False
    env.add(below)
    env.add(built.brec_on())
    return True


class _BelowBuilder:
    def __init__(self, env: Environment, ind: InductiveInfo, rec: RecursorInfo) -> None:
        from lantern.kernel.expr import Sort
        from lantern.kernel.level import mk_max, mk_succ, mk_zero

        self.env, self.ind, self.rec = env, ind, rec
        taken = {str(p) for p in ind.level_params}
        u_name = next(n for n in ("u", "u_1", "u_2", "u_3", "v") if n not in taken)
        self.level_params = (Name.of(u_name), *ind.level_params)
        self.u = mk_param(Name.of(u_name))
        self.one_u = mk_max(mk_succ(mk_zero()), self.u)  # `max 1 u`
        self.sort_one_u = Sort(self.one_u)
        self.ind_levels = tuple(mk_param(p) for p in ind.level_params)
        self.lctx = LocalContext()
        params, _ = _open(self.lctx, rec.type, rec.num_params)
        self.params = params
        self.ind_type = mk_app(Const(ind.name, self.ind_levels), params)
        self.motive = self.lctx.mk_local(Name.of("motive"), Pi(Name.of("t"), self.ind_type, Sort(self.u)), None, IMPLICIT)
        self.below_const = Const(ind.name.child("below"), (self.u, *self.ind_levels))

    def below_of(self, t: Expr) -> Expr:
        return mk_app(self.below_const, [*self.params, self.motive, t])

    def ctor_fields(self, ctor_name: Name) -> tuple[list[FVar], list[FVar]] | None:
        """The constructor's fields as locals, and those that are recursive (None if reflexive)."""
        from lantern.kernel.expr import get_app_fn

        ctor = self.env.get(ctor_name)
        t = instantiate_level_params(ctor.type, ctor.level_params, self.ind_levels)  # type: ignore[union-attr]
        for p in self.params:
            t = instantiate1(t.body, p)  # type: ignore[attr-defined]
        fields: list[FVar] = []
        recursive: list[FVar] = []
        for _ in range(ctor.num_fields):  # type: ignore[union-attr]
            x = self.lctx.mk_local(t.name, t.type, None)  # type: ignore[attr-defined]
            head = get_app_fn(t.type)  # type: ignore[attr-defined]
            if t.type.kind == PI and _mentions_const(t.type, self.ind.name):  # type: ignore[attr-defined]
                return None  # reflexive (`(a : α) → I`): not supported
            if head.kind == CONST and head.name is self.ind.name:  # type: ignore[attr-defined]
                recursive.append(x)
            fields.append(x)
            t = instantiate1(t.body, x)  # type: ignore[attr-defined]
        return fields, recursive

    def below(self) -> DefinitionDecl | None:
        t = self.lctx.mk_local(Name.of("t"), self.ind_type)
        rec_motive = Lam(Name.of("t"), self.ind_type, self.sort_one_u)
        minors = []
        for ctor_name in self.ind.ctors:
            opened = self.ctor_fields(ctor_name)
            if opened is None:
                return None
            fields, recursive = opened
            ihs = [self.lctx.mk_local(Name.of(f"{x.name}_ih"), self.sort_one_u) for x in recursive]
            chain: Expr = Const(PUNIT, (self.one_u,))
            for x, ih in reversed(list(zip(recursive, ihs))):
                pair = mk_app(Const(PPROD, (self.u, self.one_u)), [mk_app(self.motive, [x]), ih])
                chain = mk_app(Const(PPROD, (self.one_u, self.one_u)), [pair, chain])
            minors.append(self.lctx.mk_binding([*fields, *ihs], chain, lam=True))
        from lantern.kernel.level import mk_succ

        rec = Const(self.rec.name, (mk_succ(self.one_u), *self.ind_levels))
        value = mk_app(rec, [*self.params, rec_motive, *minors, t])
        binders = [*self.params, self.motive, t]
        ty = self.lctx.mk_binding(binders, self.sort_one_u, lam=False)
        return DefinitionDecl(
            self.ind.name.child("below"), self.level_params, _implicit_prefix(ty, len(self.params) + 1),
            self.lctx.mk_binding(binders, value, lam=True), ABBREV_HINTS,
        )

    def brec_on(self) -> DefinitionDecl:
        t = self.lctx.mk_local(Name.of("t"), self.ind_type)
        f_type = self.lctx.mk_binding([t], Pi(Name.of("f"), self.below_of(t), mk_app(self.motive, [t])), lam=False)
        big_f = self.lctx.mk_local(Name.of("F"), f_type)
        tt = self.lctx.mk_local(Name.of("t"), self.ind_type)
        pair_of = lambda a: mk_app(Const(PPROD, (self.u, self.one_u)), [mk_app(self.motive, [a]), self.below_of(a)])  # noqa: E731
        rec_motive = self.lctx.mk_binding([tt], pair_of(tt), lam=True)
        minors = []
        for ctor_name in self.ind.ctors:
            opened = self.ctor_fields(ctor_name)
            assert opened is not None
            fields, recursive = opened
            ihs = [self.lctx.mk_local(Name.of(f"{x.name}_ih"), pair_of(x)) for x in recursive]
            table: Expr = Const(PUNIT_UNIT, (self.one_u,))
            table_type: Expr = Const(PUNIT, (self.one_u,))
            for x, ih in reversed(list(zip(recursive, ihs))):
                table = mk_app(Const(PPROD_MK, (self.one_u, self.one_u)), [pair_of(x), table_type, ih, table])
                table_type = mk_app(Const(PPROD, (self.one_u, self.one_u)), [pair_of(x), table_type])
            value_c = mk_app(Const(ctor_name, self.ind_levels), [*self.params, *fields])
            result = mk_app(
                Const(PPROD_MK, (self.u, self.one_u)),
                [mk_app(self.motive, [value_c]), self.below_of(value_c), mk_app(big_f, [value_c, table]), table],
            )
            minors.append(self.lctx.mk_binding([*fields, *ihs], result, lam=True))
        rec = Const(self.rec.name, (self.one_u, *self.ind_levels))
        value = Proj(PPROD, 0, mk_app(rec, [*self.params, rec_motive, *minors, t]))
        binders = [*self.params, self.motive, t, big_f]
        ty = self.lctx.mk_binding(binders, mk_app(self.motive, [t]), lam=False)
        return DefinitionDecl(
            self.ind.name.child("brecOn"), self.level_params, _implicit_prefix(ty, len(self.params) + 1),
            self.lctx.mk_binding(binders, value, lam=True), ABBREV_HINTS,
        )


def _mentions_const(e: Expr, name: Name) -> bool:
    from lantern.kernel.expr import subterms

    return any(x.kind == CONST and x.name is name for x in subterms(e))  # type: ignore[attr-defined]
