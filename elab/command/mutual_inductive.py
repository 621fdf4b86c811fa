"""`mutual inductive … end`: inductive types defined together (Lean's `elabMutualInductive`).

Every type of the block is a local variable while the constructors of all of them are elaborated, so
`Forest` may be used in `Tree`'s constructors and the other way round; afterwards the locals are
replaced by the constants and the kernel checks the whole block at once and generates one recursor per
type (with one motive per type). The types share their parameters, as Lean requires: the first type's
header gives them, and each other type must declare the same number with the same types (its binder
names refer to the first type's parameters). Types without a declared sort get the smallest `Type`
holding every constructor field, the same for the whole block (the kernel wants one universe).

Each type also gets `recOn` and `casesOn`. A mutual type's `casesOn` is its recursor with the other
types' motives made constant (`fun _ => PUnit`) and their minor premises `PUnit.unit`, as Lean's
`mkCasesOn` does, so `match` on a `Tree` compiles as on any other type.
"""

from __future__ import annotations

from lantern.kernel.declaration import ABBREV_HINTS, Constructor, DefinitionDecl, InductiveDecl, InductiveInfo, InductiveType, RecursorInfo
from lantern.kernel.environment import Environment
from lantern.kernel.errors import KernelError
from lantern.kernel.expr import IMPLICIT, LAM, PI, SORT, Const, Expr, FVar, Lam, Sort, mk_app
from lantern.kernel.instantiate import instantiate1, replace_fvars
from lantern.kernel.level import Level, mk_max, mk_param, mk_succ, mk_zero, normalize
from lantern.kernel.local_ctx import LocalContext as KernelLocalContext
from lantern.kernel.name import Name

from ..constructions import PUNIT, PUNIT_UNIT, add_auxiliary_constructions
from ..env import ElabEnv
from ..messages import ElabError
from ..meta.instantiate import mk_forall_fvars
from ..syntax import tree as T
from ..term.elaborator import TermElab
from .declaration import check_no_mvars, elab_header, full_name, generalize_levels
from .inductive import _implicit_params, _mentions, _param_levels, elab_ctor_type



def elab_mutual_inductive(env: ElabEnv, decls: list[T.Inductive]) -> tuple[ElabEnv, list]:
    names = [full_name(env, d.sig.name or "_") for d in decls]
    for i, n in enumerate(names):
        if n in names[:i]:
            raise ElabError(decls[i].sig.span, f"invalid mutually inductive types, '{n}' has already been declared")
    header = elab_header(env, decls[0].sig, default_type=False)
    te = header.te
    params = header.fvars
    nbinders = len(params) - _binder_count_offset(te, decls[0], params)
    binder_params = params[len(params) - nbinders:]
    shared_level: Level | None = None
    result_sorts: list[Expr] = []
    for k, d in enumerate(decls):
        ty = header.type if k == 0 else _other_header(te, d, binder_params)
        if ty is None:
            if shared_level is None:
                shared_level = te.mctx.new_level_mvar()
            ty = Sort(shared_level)
        result_sorts.append(ty)
    # The types being defined, as locals, for the constructors of every type of the block.
    base = te.lctx
    type_locals: list[FVar] = []
    for d, sort in zip(decls, result_sorts):
        te.lctx, x = te.lctx.add(Name.of(d.sig.name or "_"), mk_forall_fvars(te.mctx, te.lctx, params, sort))
        type_locals.append(x)
    with_types = te.lctx
    ctor_types: list[list[tuple[T.CtorDecl, Expr]]] = []
    field_levels: list[Level] = []
    for k, d in enumerate(decls):
        te.lctx = with_types
        if k > 0:  # this type's own names for the shared parameters
            for b_name, p in zip(_binder_names(d), binder_params):
                te.lctx = te.lctx.alias(Name.of(b_name), p)
        own = te.lctx
        default_target = mk_app(type_locals[k], params)
        ctor_types.append([elab_ctor_type(te, own, c, default_target, field_levels) for c in d.ctors])
    te.lctx = with_types
    te.synthesize_pending()
    if shared_level is not None:
        result_level = te.instantiate(Sort(shared_level)).level  # type: ignore[attr-defined]
        level: Level = mk_succ(mk_zero())
        for l in field_levels:
            l = te.instantiate(Sort(l)).level  # type: ignore[attr-defined]
            if not _mentions(l, result_level):
                level = mk_max(level, l)
        te.is_def_eq(Sort(shared_level), Sort(normalize(level)))
    te.lctx = base
    ind_types = [mk_forall_fvars(te.mctx, te.lctx, params, te.instantiate(s)) for s in result_sorts]
    closed = [[mk_forall_fvars(te.mctx, te.lctx, params, ty) for _, ty in cs] for cs in ctor_types]
    for d, t in zip(decls, ind_types):
        check_no_mvars(te, t, d.sig.span, "the type")
    for cs, tys in zip(ctor_types, closed):
        for (c, _), ty in zip(cs, tys):
            check_no_mvars(te, ty, c.span, f"the type of constructor '{c.name}'")
    flat = [ty for tys in closed for ty in tys]
    exprs, level_params = generalize_levels(te, [*ind_types, *flat])
    ind_types, flat = exprs[: len(decls)], exprs[len(decls):]
    consts = {x.fid: Const(n, tuple(_param_levels(level_params))) for x, n in zip(type_locals, names)}
    types = []
    pos = 0
    for d, name, ind_type, cs in zip(decls, names, ind_types, ctor_types):
        ctors = []
        for c, _ in cs:
            ty = replace_fvars(flat[pos], consts)
            pos += 1
            ctors.append(Constructor(name.child(c.name), _implicit_params(ty, len(params))))
        types.append(InductiveType(name, ind_type, tuple(ctors)))
    try:
        env.kernel.add(InductiveDecl(level_params, len(params), tuple(types)))
        for name in names:
            add_auxiliary_constructions(env.kernel, name)
            add_mutual_cases_on(env.kernel, name)
    except KernelError as ex:
        culprit = next((c for cs in ctor_types for c, _ in cs if ex.decl is not None and str(ex.decl).endswith("." + c.name)), None)
        raise ElabError(culprit.span if culprit else decls[0].sig.span, f"(kernel) {ex.message}") from None
    new_env = env
    for d, name in zip(decls, names):
        new_env = new_env.with_namespace(name)
        if d.mods.doc:
            new_env = new_env.add_doc(name, d.mods.doc)
    return new_env, list(te.messages)


def _binder_count_offset(te: TermElab, d: T.Inductive, params: list[FVar]) -> int:
    """How many of the header's locals are not the declaration's own binders (auto-bound implicits
    and `variable`s come first)."""
    return len(params) - sum(len(b.names) or 1 for b in d.sig.binders)  # (`[C α]`: one, unnamed)


def _binder_names(d: T.Inductive) -> list[str]:
    out: list[str] = []
    for b in d.sig.binders:
        out.extend(b.names or ("_",))
    return out


def _other_header(te: TermElab, d: T.Inductive, binder_params: list[FVar]) -> Expr | None:
    """The sort (after the colon) of a type other than the first, with its binders read as the first
    type's parameters (which they must match)."""
    saved = te.lctx
    try:
        fvars, _ = te.elab_binders(d.sig.binders)
        if len(fvars) != len(binder_params):
            raise ElabError(d.sig.span, "invalid mutually inductive types, the types must have the same parameters")
        mapping: dict[object, Expr] = {}
        for x, p in zip(fvars, binder_params):
            xt = replace_fvars(te.instantiate(te.lctx.get(x).type), mapping)  # type: ignore[union-attr]
            if not te.is_def_eq(xt, te.lctx.get(p).type):  # type: ignore[union-attr]
                raise ElabError(d.sig.span, f"invalid mutually inductive types, parameter '{x.name}' has type\n  {te.pp(xt)}\nbut is expected to have type\n  {te.pp(te.lctx.get(p).type)}")  # type: ignore[union-attr]
            mapping[x.fid] = p
        if d.sig.type is None:
            return None
        return replace_fvars(te.instantiate(te.elab_type(d.sig.type)), mapping)
    finally:
        te.lctx = saved


# -- `casesOn` for a type of a mutual block -----------------------------------------------------------


def add_mutual_cases_on(env: Environment, name: Name) -> None:
    """`T.casesOn` for a type `T` of a mutual block (nothing for a type alone, which has its own)."""
    decl = mk_mutual_cases_on(env, name)
    if decl is not None:
        env.add(decl)


def mk_mutual_cases_on(env: Environment, name: Name) -> DefinitionDecl | None:
    ind = env.get(name)
    assert isinstance(ind, InductiveInfo)
    if len(ind.all) == 1 or name.child("casesOn") in env or PUNIT not in env:
        return None
    rec = env.get(name.child("rec"))
    assert isinstance(rec, RecursorInfo)
    k = ind.all.index(name)
    lctx = KernelLocalContext()
    t = rec.type
    params: list[FVar] = []
    for _ in range(rec.num_params):
        x = lctx.mk_local(t.name, t.type, None, t.binfo)  # type: ignore[attr-defined]
        params.append(x)
        t = instantiate1(t.body, x)  # type: ignore[attr-defined]
    rec_args: list[Expr] = [*params]
    motive: FVar | None = None
    for j in range(rec.num_motives):
        if j == k:
            motive = lctx.mk_local(Name.of("motive"), t.type, None, IMPLICIT)  # type: ignore[attr-defined]
            value: Expr = motive
        else:
            value = _constant_motive(t.type)  # type: ignore[attr-defined]  # (no motive type mentions another)
        rec_args.append(value)
        t = instantiate1(t.body, value)  # type: ignore[attr-defined]
    assert motive is not None
    first = sum(len(env.get(n).ctors) for n in ind.all[:k])  # type: ignore[union-attr]
    case_minors: list[FVar] = []
    for i in range(rec.num_minors):
        mtype = t.type  # type: ignore[attr-defined]
        if first <= i < first + len(ind.ctors):
            nfields = env.get(ind.ctors[i - first]).num_fields  # type: ignore[union-attr]
            fields, ihs, target = _open_all(lctx, mtype, nfields)
            case = lctx.mk_local(t.name, lctx.mk_binding(fields, target, lam=False))  # type: ignore[attr-defined]
            case_minors.append(case)
            value = lctx.mk_binding([*fields, *ihs], mk_app(case, fields), lam=True)
        else:
            value = _unit_minor(mtype)
        rec_args.append(value)
        t = instantiate1(t.body, value)  # type: ignore[attr-defined]
    indices: list[FVar] = []
    for _ in range(rec.num_indices):
        x = lctx.mk_local(t.name, t.type, None, t.binfo)  # type: ignore[attr-defined]
        indices.append(x)
        t = instantiate1(t.body, x)  # type: ignore[attr-defined]
    major = lctx.mk_local(t.name, t.type, None, t.binfo)  # type: ignore[attr-defined]
    target = instantiate1(t.body, major)  # type: ignore[attr-defined]
    rec_levels = tuple(mk_param(p) for p in rec.level_params)
    value = mk_app(Const(rec.name, rec_levels), [*rec_args, *indices, major])
    binders = [*params, motive, *indices, major, *case_minors]
    ty = _implicit_params(lctx.mk_binding(binders, target, lam=False), len(params) + 1)
    return DefinitionDecl(name.child("casesOn"), rec.level_params, ty, lctx.mk_binding(binders, value, lam=True), ABBREV_HINTS)


def _constant_motive(motive_type: Expr) -> Expr:
    """`fun idx t => PUnit.{u}` for a motive type `∀ idx t, Sort u`."""
    if motive_type.kind == PI:
        return Lam(motive_type.name, motive_type.type, _constant_motive(motive_type.body), motive_type.binfo)  # type: ignore[attr-defined]
    assert motive_type.kind == SORT
    return Const(PUNIT, (motive_type.level,))  # type: ignore[attr-defined]


def _unit_minor(minor_type: Expr) -> Expr:
    """`fun fields ihs => PUnit.unit` for a minor premise whose motive is constant."""
    if minor_type.kind == PI:
        return Lam(minor_type.name, minor_type.type, _unit_minor(minor_type.body), minor_type.binfo)  # type: ignore[attr-defined]
    # The target is `PUnit.{u}` applied to nothing once the constant motive is beta-reduced.
    from lantern.kernel.expr import get_app_args

    from ..meta.instantiate import beta

    head, args = get_app_args(minor_type)
    if head.kind == LAM:
        minor_type = beta(head, args)
    assert minor_type.kind != PI and getattr(minor_type, "name", None) is PUNIT, "constant motive expected"
    return Const(PUNIT_UNIT, minor_type.levels)  # type: ignore[attr-defined]


def _open_all(lctx: KernelLocalContext, t: Expr, nfields: int) -> tuple[list[FVar], list[FVar], Expr]:
    fields: list[FVar] = []
    ihs: list[FVar] = []
    while t.kind == PI:
        x = lctx.mk_local(t.name, t.type, None, t.binfo)  # type: ignore[attr-defined]
        (fields if len(fields) < nfields else ihs).append(x)
        t = instantiate1(t.body, x)  # type: ignore[attr-defined]
    return fields, ihs, t
