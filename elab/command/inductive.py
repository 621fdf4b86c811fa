"""`inductive` declarations.

The type being defined is a local variable while the constructors are elaborated, so that `List α`
in a constructor type is an ordinary application; afterwards it is replaced by the constant. The
parameters are the header's binders, implicit in the constructor types (as in Lean). Without a
declared type the result is the smallest `Type`/`Sort` that holds every constructor field. The kernel
then checks the whole declaration and generates the recursor.
"""

from __future__ import annotations

from lantern.kernel.declaration import Constructor, InductiveDecl, InductiveType
from lantern.kernel.errors import KernelError
from lantern.kernel.expr import IMPLICIT, PI, SORT, Binding, Const, Expr, FVar, Pi, Sort, mk_app
from lantern.kernel.instantiate import instantiate1, replace_fvars
from lantern.kernel.level import normalize, Level, mk_max, mk_succ, mk_zero
from lantern.kernel.name import Name

from ..constructions import add_auxiliary_constructions
from ..env import ElabEnv
from ..messages import ElabError
from ..meta.instantiate import mk_forall_fvars
from ..syntax import tree as T
from ..term.elaborator import AutoBound, TermElab
from .declaration import MAX_AUTO_BOUND, check_no_mvars, elab_header, full_name, generalize_levels



def elab_inductive(env: ElabEnv, cmd: T.Inductive) -> tuple[ElabEnv, list]:
    name = full_name(env, cmd.sig.name or "_")
    header = elab_header(env, cmd.sig, default_type=False)
    te = header.te
    params = header.fvars
    inferred_universe = header.type is None
    result_sort = Sort(te.mctx.new_level_mvar()) if inferred_universe else header.type
    # The type being defined, as a local of type `(params) → result_sort`, for the constructors.
    ind_type_local = mk_forall_fvars(te.mctx, te.lctx, params, result_sort)
    saved = te.lctx
    te.lctx, self_ref = te.lctx.add(Name.of(cmd.sig.name or "_"), ind_type_local)
    ctor_types: list[tuple[T.CtorDecl, Expr]] = []
    field_levels: list[Level] = []
    for ctor in cmd.ctors:
        ctor_types.append(elab_ctor_type(te, te.lctx, ctor, mk_app(self_ref, params), field_levels))
    te.synthesize_pending()
    if inferred_universe:
        # The smallest `Type` holding every field; recursive fields (whose sort is the result's own,
        # still unknown, universe) do not count.
        result_level = result_sort.level  # type: ignore[attr-defined]
        level: Level = mk_succ(mk_zero())
        for l in field_levels:
            l = te.instantiate(Sort(l)).level  # type: ignore[attr-defined]
            if not _mentions(l, result_level):
                level = mk_max(level, l)
        te.is_def_eq(result_sort, Sort(normalize(level)))
    te.lctx = saved
    ind_type = mk_forall_fvars(te.mctx, te.lctx, params, te.instantiate(result_sort))
    closed_ctors = [mk_forall_fvars(te.mctx, te.lctx, params, ty) for _, ty in ctor_types]
    check_no_mvars(te, ind_type, cmd.sig.span, "the type")
    for (c, _), ty in zip(ctor_types, closed_ctors):
        check_no_mvars(te, ty, c.span, f"the type of constructor '{c.name}'")
    exprs, level_params = generalize_levels(te, [ind_type, *closed_ctors])
    ind_type, closed_ctors = exprs[0], exprs[1:]
    the_const = Const(name, tuple(_param_levels(level_params)))
    ctors = []
    for (c, _), ty in zip(ctor_types, closed_ctors):
        ty = replace_fvars(ty, {self_ref.fid: the_const})
        ctors.append(Constructor(name.child(c.name), _implicit_params(ty, len(params))))
    # Leading indices that every constructor fixes become parameters, as Lean's `fixedIndicesToParams`
    # does (`Eq {α} : α → α → Prop` has parameters `α a` and one index). The kernel is the judge: if
    # it does not accept the promoted form, the declaration is checked as written.
    promoted = fixed_indices(ind_type, [c.type for c in ctors], len(params))
    attempts = [len(params) + promoted, len(params)] if promoted else [len(params)]
    try:
        for i, nparams in enumerate(attempts):
            decl = InductiveDecl(level_params, nparams, (InductiveType(name, ind_type, tuple(ctors)),))
            try:
                env.kernel.add(decl)
                break
            except KernelError:
                if i == len(attempts) - 1:
                    raise
        add_auxiliary_constructions(env.kernel, name)
    except KernelError as ex:
        culprit = next((c for c in cmd.ctors if ex.decl is not None and str(ex.decl).endswith("." + c.name)), None)
        raise ElabError(culprit.span if culprit else cmd.sig.span, f"(kernel) {ex.message}") from None
    new_env = env.with_namespace(name)
    if cmd.mods.doc:
        new_env = new_env.add_doc(name, cmd.mods.doc)
    return new_env, list(te.messages)


def fixed_indices(ind_type: Expr, ctor_types: list[Expr], nparams: int) -> int:
    """How many leading indices every constructor takes as its own next binders and returns
    unchanged (`refl (a : α) : Eq a a`): those can be parameters."""
    from lantern.kernel.expr import get_app_args
    from lantern.kernel.local_ctx import LocalContext

    num_indices = 0
    t = ind_type
    while t.kind == PI:
        num_indices += 1
        t = t.body  # type: ignore[attr-defined]
    num_indices -= nparams
    best = num_indices
    for ct in ctor_types:
        lctx = LocalContext()
        binders = []
        t = ct
        while t.kind == PI:
            assert isinstance(t, Binding)
            x = lctx.mk_local(t.name, t.type, None, t.binfo)
            binders.append(x)
            from lantern.kernel.instantiate import instantiate1

            t = instantiate1(t.body, x)
        _, result_args = get_app_args(t)
        k = 0
        while (
            k < best and nparams + k < len(binders) and nparams + k < len(result_args)
            and result_args[nparams + k] == binders[nparams + k]
        ):
            k += 1
        best = min(best, k)
    return max(best, 0)


def _mentions(l: Level, m: Level) -> bool:
    return l is m or any(isinstance(x, Level) and _mentions(x, m) for x in (l.a, l.b))


def _param_levels(params: tuple[Name, ...]) -> list[Level]:
    from lantern.kernel.level import mk_param

    return [mk_param(p) for p in params]


def _implicit_params(ty: Expr, n: int) -> Expr:
    """The inductive's parameters are implicit binders of each constructor."""
    if n == 0 or ty.kind != PI:
        return ty
    assert isinstance(ty, Binding)
    return Pi(ty.name, ty.type, _implicit_params(ty.body, n - 1), IMPLICIT)


def field_levels_of(te: TermElab, ty: Expr, out: list[Level]) -> None:
    """The universe of each field of a constructor type, binders and arrows alike (`node : α → …`)."""
    saved = te.lctx
    try:
        ty = te.instantiate(ty)
        while ty.kind == PI:
            sort = te.whnf(te.infer(ty.type))  # type: ignore[attr-defined]
            if sort.kind == SORT:
                out.append(sort.level)  # type: ignore[attr-defined]
            te.lctx, x = te.lctx.add(ty.name, ty.type, None, ty.binfo)  # type: ignore[attr-defined]
            ty = instantiate1(ty.body, x)  # type: ignore[attr-defined]
    finally:
        te.lctx = saved


def elab_ctor_type(te: TermElab, own: object, ctor: T.CtorDecl, default_target: Expr, field_levels: list[Level]) -> tuple[T.CtorDecl, Expr]:
    """A constructor's type in the local context `own` (the parameters and the types being declared),
    with its own auto-bound implicits (`(xs : Vec α n)`); the universes of its fields go to
    `field_levels`."""
    auto: list[str] = []
    while True:
        te.lctx = own  # type: ignore[assignment]
        try:
            te.auto_bound = True
            fvars: list[FVar] = []
            for a in auto:
                te.lctx, fv = te.lctx.add(Name.of(a), te.new_type_mvar(), None, IMPLICIT)
                fvars.append(fv)
            more, _ = te.elab_binders(ctor.binders)
            fvars += more
            target = te.elab_type(ctor.type) if ctor.type is not None else default_target
            break
        except AutoBound as ab:
            if ab.name in auto or len(auto) >= MAX_AUTO_BOUND:
                raise ElabError(ctor.span, f"unknown identifier '{ab.name}'") from None
            auto.append(ab.name)
        finally:
            te.auto_bound = False
    ty = mk_forall_fvars(te.mctx, te.lctx, fvars, target)
    te.lctx = own  # type: ignore[assignment]
    field_levels_of(te, ty, field_levels)
    return ctor, ty
