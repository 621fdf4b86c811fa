"""`structure` and `class`: an inductive type with one constructor whose fields are the structure's
fields, plus one projection function per field (`Prod.fst : {α β} → α × β → α`), defined with the
kernel's primitive projections so that structure eta and projection reduction apply. For a class the
instance argument of the projections is instance-implicit (`[self : Add α]`), which is what lets
`Add.add a b` find its instance.
"""

from __future__ import annotations

from lantern.kernel.declaration import ABBREV_HINTS, Constructor, DefinitionDecl, InductiveDecl, InductiveType
from lantern.kernel.errors import KernelError
from lantern.kernel.expr import DEFAULT, IMPLICIT, INST_IMPLICIT, PI, Binding, Const, Expr, Lam, Pi, Proj, mk_app
from lantern.kernel.instantiate import instantiate
from lantern.kernel.level import normalize, Level, mk_max, mk_param, mk_succ, mk_zero
from lantern.kernel.name import Name

from ..constructions import add_auxiliary_constructions
from ..env import ElabEnv, StructureInfo
from ..messages import ElabError
from ..meta.instantiate import mk_forall_fvars
from ..syntax import tree as T
from .declaration import check_no_mvars, elab_header, full_name, generalize_levels, relevel_self


def elab_structure(env: ElabEnv, cmd: T.Structure) -> tuple[ElabEnv, list]:
    if cmd.extends:
        raise ElabError(cmd.extends[0].span, "`extends` is not supported yet")
    name = full_name(env, cmd.sig.name or "_")
    header = elab_header(env, cmd.sig, default_type=False)
    te = header.te
    params = header.fvars
    inferred = header.type is None
    result = header.type
    saved = te.lctx
    field_fvars = []
    field_names: list[str] = []
    levels: list[Level] = []
    for f in cmd.fields:
        for fname in f.names:
            if f.binders:
                fn_type_stx = T.Pi(f.span, f.binders, f.type) if f.type is not None else None
            else:
                fn_type_stx = f.type
            if fn_type_stx is None:
                raise ElabError(f.span, f"field '{fname}' needs a type")
            ty = te.elab_type(fn_type_stx)
            sort = te.whnf(te.infer(ty))
            levels.append(sort.level)  # type: ignore[attr-defined]
            te.lctx, fv = te.lctx.add(Name.of(fname), ty)
            field_fvars.append(fv)
            field_names.append(fname)
    te.synthesize_pending()
    if inferred:
        level: Level = mk_succ(mk_zero())
        for l in levels:
            level = mk_max(level, te.instantiate(_sort(l)).level)  # type: ignore[attr-defined]
        result = _sort(normalize(level))
    ind_self = mk_app(Const(name, ()), params)  # placeholder: levels fixed after generalisation
    ctor_body = mk_forall_fvars(te.mctx, te.lctx, field_fvars, ind_self)
    te.lctx = saved
    ind_type = mk_forall_fvars(te.mctx, te.lctx, params, te.instantiate(result))
    ctor_type = mk_forall_fvars(te.mctx, te.lctx, params, ctor_body)
    check_no_mvars(te, ind_type, cmd.sig.span, "the type")
    check_no_mvars(te, ctor_type, cmd.span, "the fields")
    (ind_type, ctor_type), level_params = generalize_levels(te, [ind_type, ctor_type])
    ctor_type = relevel_self(ctor_type, name, level_params)
    ctor_name = name.child(cmd.ctor or "mk")
    nparams = len(params)
    decl = InductiveDecl(level_params, nparams, (InductiveType(name, ind_type, (Constructor(ctor_name, _implicit(ctor_type, nparams)),)),))
    try:
        env.kernel.add(decl)
        add_auxiliary_constructions(env.kernel, name)
        for i, fname in enumerate(field_names):
            env.kernel.add(_projection(name, ctor_type, nparams, i, fname, level_params, cmd.is_class))
    except KernelError as ex:
        raise ElabError(cmd.sig.span, f"(kernel) {ex.message}") from None
    new_env = env.with_namespace(name)
    new_env = new_env.add_structure(StructureInfo(name, ctor_name, tuple(Name.of(f) for f in field_names), (), cmd.is_class))
    if cmd.mods.doc:
        new_env = new_env.add_doc(name, cmd.mods.doc)
    return new_env, list(te.messages)


def _sort(level: Level) -> Expr:
    from lantern.kernel.expr import Sort

    return Sort(level)


def _implicit(ty: Expr, n: int) -> Expr:
    if n == 0 or ty.kind != PI:
        return ty
    assert isinstance(ty, Binding)
    return Pi(ty.name, ty.type, _implicit(ty.body, n - 1), IMPLICIT)


def _projection(
    struct: Name, ctor_type: Expr, nparams: int, idx: int, fname: str, level_params: tuple[Name, ...], is_class: bool
) -> DefinitionDecl:
    """`S.f : {params} → (self : S params) → T_f[earlier fields := self.j]` with value
    `fun params self => self.idx` (a primitive projection)."""
    levels = tuple(mk_param(p) for p in level_params)
    # Peel the parameters off the constructor type, keeping them as bound variables.
    binders: list[Binding] = []
    t = ctor_type
    for _ in range(nparams):
        assert isinstance(t, Binding)
        binders.append(t)
        t = t.body
    # Now `t` is `(f₀ : T₀) → … → S params` under the parameters: walk to field `idx`, replacing each
    # earlier field by its projection of `self` (bound just outside the field types).
    from lantern.kernel.instantiate import lift_loose_bvars

    self_type = mk_app(Const(struct, levels), [_bvar(nparams - 1 - i) for i in range(nparams)])
    field_t = lift_loose_bvars(t, 1)  # room for `self`
    for j in range(idx):
        assert isinstance(field_t, Binding)
        field_t = instantiate(field_t.body, [Proj(struct, j, _bvar(0))])
    assert isinstance(field_t, Binding)
    result_type = field_t.type
    self_binfo = INST_IMPLICIT if is_class else DEFAULT
    ty: Expr = Pi(Name.of("self"), self_type, result_type, self_binfo)
    value: Expr = Lam(Name.of("self"), self_type, Proj(struct, idx, _bvar(0)), self_binfo)
    for b in reversed(binders):
        ty = Pi(b.name, b.type, ty, IMPLICIT)
        value = Lam(b.name, b.type, value, IMPLICIT)
    return DefinitionDecl(struct.child(fname), level_params, ty, value, ABBREV_HINTS)


def _bvar(i: int) -> Expr:
    from lantern.kernel.expr import BVar

    return BVar(i)
