"""`structure` and `class`: an inductive type with one constructor whose fields are the structure's
fields (after a `toA : A` field for each parent of `extends A`, as Lean's subobject fields), plus one
projection function per field (`Prod.fst : {α β} → α × β → α`), defined with the
kernel's primitive projections so that structure eta and projection reduction apply. For a class the
instance argument of the projections is instance-implicit (`[self : Add α]`), which is what lets
`Add.add a b` find its instance. A field `x : T := v` (or `x := v` for a parent's field) also
declares `S.x._default`, which `{ … }` uses for a field left out.
"""

from __future__ import annotations

from lantern.kernel.declaration import ABBREV_HINTS, Constructor, DefinitionDecl, InductiveDecl, InductiveType
from lantern.kernel.errors import KernelError
from lantern.kernel.expr import (
    CONST, DEFAULT, IMPLICIT, INST_IMPLICIT, PI, Binding, Const, Expr, Lam, Pi, Proj, get_app_fn, mk_app,
)
from lantern.kernel.instantiate import instantiate, replace_fvars
from lantern.kernel.level import normalize, Level, mk_max, mk_param, mk_succ, mk_zero
from lantern.kernel.name import Name

from ..constructions import add_auxiliary_constructions
from ..env import ElabEnv, InstanceInfo, StructureInfo
from ..messages import ElabError
from ..meta.instantiate import mk_forall_fvars, mk_lambda_fvars
from ..syntax import tree as T
from ..term.app import flat_fields, to_parent_field
from .declaration import check_no_mvars, elab_header, full_name, generalize_levels, relevel_self


def elab_structure(env: ElabEnv, cmd: T.Structure) -> tuple[ElabEnv, list]:
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
    parents, parent_values = _elab_parents(env, te, cmd, field_fvars, field_names, levels)
    defaults: list[_FieldDefault] = []
    for f in cmd.fields:
        for fname in f.names:
            if f.binders:
                fn_type_stx = T.Pi(f.span, f.binders, f.type) if f.type is not None else None
            else:
                fn_type_stx = f.type
            if fn_type_stx is None and f.default is not None and fname in parent_values.names:
                # `b := 10` for a parent's field `b`: a new default for it (Lean's default override).
                inherited = te.lctx.find_user(Name.of(fname))
                defaults.append(_elab_default(te, f, inherited.type, fname, params + field_fvars, parent_values))
                continue
            if fn_type_stx is None:
                raise ElabError(f.span, f"field '{fname}' needs a type")
            if fname in field_names:
                raise ElabError(f.span, f"field '{fname}' has already been declared")
            if fname in parent_values.names:
                owner = next(p for p in parents if fname in flat_fields(env, p))
                raise ElabError(f.span, f"field '{fname}' from '{owner}' has already been declared")
            ty = te.elab_type(fn_type_stx)
            sort = te.whnf(te.infer(ty))
            levels.append(sort.level)  # type: ignore[attr-defined]
            if f.default is not None:
                defaults.append(_elab_default(te, f, ty, fname, params + field_fvars, parent_values))
            ty = replace_fvars(te.instantiate(ty), parent_values.values)  # parent fields: `toA.x`
            te.lctx, fv = te.lctx.add(Name.of(fname), ty)
            field_fvars.append(fv)
            field_names.append(fname)
    te.synthesize_pending()
    if inferred:
        level: Level = mk_succ(mk_zero())
        for l in levels:
            level = mk_max(level, te.instantiate(_sort(l)).level)  # type: ignore[attr-defined]
        result = _sort(normalize(level))
    for d in defaults:
        d.close(te)
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
            env.kernel.add(_projection(name, ctor_type, nparams, i, field_names, level_params, cmd.is_class))
        for d in defaults:
            env.kernel.add(d.declaration(te, name, level_params))
    except KernelError as ex:
        raise ElabError(cmd.sig.span, f"(kernel) {ex.message}") from None
    new_env = env.with_namespace(name)
    new_env = new_env.add_structure(StructureInfo(name, ctor_name, tuple(Name.of(f) for f in field_names), parents, cmd.is_class))
    if cmd.is_class:
        # A class's parent projections are instances (`Monad.toApplicative`), as in Lean.
        for parent in parents:
            new_env = new_env.add_instance(InstanceInfo(name.child(to_parent_field(parent)), parent))
    if cmd.mods.doc:
        new_env = new_env.add_doc(name, cmd.mods.doc)
    return new_env, list(te.messages)


class _FieldDefault:
    """`x : T := v`: Lean's `S.x._default`, the value abstracted over the structure's parameters and
    the fields before `x` (which it may mention), so that `{ … }` can fill a field left out."""

    def __init__(self, fname: str, span: T.Span, value: Expr, ty: Expr, scope: list) -> None:
        self.fname, self.span, self.value, self.type, self.scope = fname, span, value, ty, scope

    def close(self, te) -> None:
        """Abstract the scope while its locals are still in the context."""
        self.value = mk_lambda_fvars(te.mctx, te.lctx, self.scope, self.value)
        self.type = mk_forall_fvars(te.mctx, te.lctx, self.scope, self.type)

    def declaration(self, te, struct: Name, struct_levels: tuple[Name, ...]) -> DefinitionDecl:
        check_no_mvars(te, self.value, self.span, "the default value")
        (ty, value), level_params = generalize_levels(te, [self.type, self.value])
        extra = tuple(l for l in level_params if l not in struct_levels)
        return DefinitionDecl(struct.child(self.fname).child("_default"), (*struct_levels, *extra), ty, value, ABBREV_HINTS)


def _elab_default(te, f: T.FieldDecl, ty: Expr, fname: str, scope: list, parents: "_ParentFields") -> _FieldDefault:
    """Elaborate a field's default value against the field's type (`f (n : Nat) : Nat := n` is
    `fun n => n`); the parents' fields it mentions become projections of the `toA` fields."""
    value_stx = f.default
    if f.binders:
        value_stx = T.Fun(value_stx.span, f.binders, value_stx)  # type: ignore[union-attr]
    value = te.elab_checked(value_stx, ty)
    value = replace_fvars(te.instantiate(value), parents.values)
    ty = replace_fvars(te.instantiate(ty), parents.values)
    return _FieldDefault(fname, f.span, value, ty, list(scope))


class _ParentFields:
    """The parents' fields, in scope for the fields after them: each a `let` local (`x := toA.x`),
    replaced by its value in the field types."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.values: dict[object, Expr] = {}


def _elab_parents(env: ElabEnv, te, cmd: T.Structure, field_fvars: list, field_names: list[str],
                  levels: list[Level]) -> tuple[tuple[Name, ...], _ParentFields]:
    """`extends A, C`: a field `toA : A` for each parent (Lean's subobject fields), and the parent's
    own fields as locals for the fields that follow."""
    parents: list[Name] = []
    scope = _ParentFields()
    for pstx in cmd.extends:
        pty = te.elab_type(pstx)
        te.synthesize_pending()
        pty = te.instantiate(pty)
        head = get_app_fn(te.whnf(pty))
        pname = head.name if head.kind == CONST else None  # type: ignore[attr-defined]
        if pname is None or pname not in env.structures:
            raise ElabError(pstx.span, f"invalid 'extends', structure expected\n  {te.pp(pty)}")
        inherited = flat_fields(env, pname)
        clash = next((x for x in inherited if x in scope.names), None)
        if pname in parents or clash is not None:
            what = f"field '{clash}'" if clash is not None else f"'{pname}'"
            raise ElabError(pstx.span, f"{what} is inherited twice: parents that share fields are not supported yet")
        fname = to_parent_field(pname)
        sort = te.whnf(te.infer(pty))
        levels.append(sort.level)  # type: ignore[attr-defined]
        te.lctx, fv = te.lctx.add(Name.of(fname), pty)
        field_fvars.append(fv)
        field_names.append(fname)
        parents.append(pname)
        for x in inherited:
            value = _field_value(env, te, fv, x)
            te.lctx, lv = te.lctx.add(Name.of(x), te.instantiate(te.infer(value)), value)
            scope.values[lv.fid] = value
            scope.names.add(x)
    return tuple(parents), scope


def _field_value(env: ElabEnv, te, obj: Expr, field: str) -> Expr:
    """`obj.field` for `obj` of a structure type, through the parent projections if the field is
    inherited (`toA.toG.x`), as projection function applications."""
    from lantern.kernel.expr import get_app_args

    head, args = get_app_args(te.whnf(te.instantiate(te.infer(obj))))
    struct = head.name  # type: ignore[attr-defined]
    info = env.structures[struct]
    nparams = env.kernel.get(struct).num_params
    if field in (str(f) for f in info.fields):
        return mk_app(Const(struct.child(field), head.levels), [*args[:nparams], obj])  # type: ignore[attr-defined]
    parent = next(p for p in info.parents if field in flat_fields(env, p))
    sub = mk_app(Const(struct.child(to_parent_field(parent)), head.levels), [*args[:nparams], obj])  # type: ignore[attr-defined]
    return _field_value(env, te, sub, field)


def _sort(level: Level) -> Expr:
    from lantern.kernel.expr import Sort

    return Sort(level)


def _implicit(ty: Expr, n: int) -> Expr:
    if n == 0 or ty.kind != PI:
        return ty
    assert isinstance(ty, Binding)
    return Pi(ty.name, ty.type, _implicit(ty.body, n - 1), IMPLICIT)


def _projection(
    struct: Name, ctor_type: Expr, nparams: int, idx: int, field_names: list[str], level_params: tuple[Name, ...],
    is_class: bool,
) -> DefinitionDecl:
    """`S.f : {params} → (self : S params) → T_f[earlier fields := S.g self]` with value
    `fun params self => self.idx` (a primitive projection). Earlier fields appear in the type as
    applications of their projection functions, as in Lean (`S.h : ∀ self, self.n > 0`)."""
    fname = field_names[idx]
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
        earlier = mk_app(Const(struct.child(field_names[j]), levels), [*(_bvar(nparams - i) for i in range(nparams)), _bvar(0)])
        field_t = instantiate(field_t.body, [earlier])
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
