"""Adding one strongly connected component of a mutual block (Lean's `addPreDefinitions`, per clique).

- one function that calls no function of its component: added as it is;
- `unsafe` (any member): the functions themselves, one kernel block of unsafe definitions that may
  refer to each other;
- `partial` (any member): as a `partial def` each (`partial_def.py`): the bodies are the block of
  partial constants `f._unsafe_rec`, calling each other's, which `#eval` runs; each `f` is an opaque
  constant with an inhabitant of its type;
- one function calling itself: the single-definition compilers (`declaration.compile_recursion`);
- several: structural recursion (`mutual_structural.py`) unless a member asks for well-founded
  recursion (`termination_by`/`decreasing_by`) or it fails, then well-founded recursion
  (`mutual_wf.py`).

Every value is an ordinary term the kernel checks when the declaration is added; the equation lemmas
are made as for a single definition, the other functions of the component standing in the bodies as
constants.
"""

from __future__ import annotations

from lantern.kernel.declaration import (
    ABBREV_HINTS, PARTIAL, SAFE, UNSAFE, DefinitionDecl, MutualDefinitionDecl, OpaqueDecl, ReducibilityHints, TheoremDecl,
)
from lantern.kernel.errors import KernelError
from lantern.kernel.expr import Const, Expr
from lantern.kernel.instantiate import replace_fvars
from lantern.kernel.level import mk_param
from lantern.kernel.name import Name

from ..env import ElabEnv, InstanceInfo
from ..equations import EqnSource, add_equation_lemmas
from ..messages import ElabError
from ..meta.instantiate import mk_forall_fvars, mk_lambda_fvars
from ..term.elaborator import TermElab
from .declaration import _class_of, _kernel_check, apply_modifiers, check_no_mvars, definition_height
from .mutual_fn import MutualFn, calls_in
from .partial_def import implementation_name, inhabitant


def add_component(env: ElabEnv, te: TermElab, fns: list[MutualFn], level_params: tuple[Name, ...]) -> tuple[ElabEnv, list]:
    messages: list = []
    for fn in fns:
        if fn.uses_sorry:
            messages.append(("warning", fn.cmd.sig.span, "declaration uses 'sorry'"))
    targets = {fn.fvar.fid: i for i, fn in enumerate(fns)}
    recursive = any(calls_in(fn.value, targets) for fn in fns)  # type: ignore[arg-type]
    if not recursive:
        return _add_all(env, te, fns, [_closed(te, fn, fn.value) for fn in fns], level_params, None), messages  # type: ignore[arg-type]
    if any(fn.cmd.mods.unsafe for fn in fns):
        return _add_unsafe(env, te, fns, level_params), messages
    if any(fn.cmd.mods.partial for fn in fns):
        return _add_partial(env, te, fns, level_params), messages
    if len(fns) == 1:
        from .declaration import compile_recursion

        fn = fns[0]
        union, te.lctx = te.lctx, fn.lctx  # (its goals show its own parameters only)
        try:
            value, well_founded = compile_recursion(te, fn.fvar, fn.params, fn.value, str(fn.name), fn.cmd)  # type: ignore[arg-type]
        finally:
            te.lctx = union
        return _add_all(env, te, fns, [_closed(te, fn, value)], level_params, "wf" if well_founded else "structural"), messages
    wants_wf = any(fn.cmd.termination_by is not None or fn.cmd.decreasing_by is not None for fn in fns)
    if not wants_wf:
        from .mutual_structural import compile_mutual_structural

        try:
            values = compile_mutual_structural(te, fns)
            return _add_all(env, te, fns, values, level_params, "structural"), messages
        except ElabError:
            pass  # (the well-founded error is the one reported, as for a single definition)
    from .mutual_wf import compile_mutual_wf

    aux, values = compile_mutual_wf(te, fns, level_params)
    _kernel_check(env, aux, fns[0].cmd, add=True)
    return _add_all(env, te, fns, values, level_params, "wf"), messages


def _closed(te: TermElab, fn: MutualFn, value: Expr) -> Expr:
    return mk_lambda_fvars(te.mctx, te.lctx, fn.params, te.instantiate(value))


def _type_of(te: TermElab, fn: MutualFn) -> Expr:
    return te.instantiate(mk_forall_fvars(te.mctx, te.lctx, fn.params, fn.result))


def _levels(level_params: tuple[Name, ...]) -> tuple:  # type: ignore[type-arg]
    return tuple(mk_param(p) for p in level_params)


def _add_all(
    env: ElabEnv, te: TermElab, fns: list[MutualFn], values: list[Expr], level_params: tuple[Name, ...], how: str | None
) -> ElabEnv:
    """Add each function with its closed value (in which the others are still locals), in order, and
    its equation lemmas."""
    consts = {fn.fvar.fid: Const(fn.name, _levels(level_params)) for fn in fns}
    for fn, value in zip(fns, values):
        ty = _type_of(te, fn)
        check_no_mvars(te, ty, fn.cmd.sig.span, "the type")
        check_no_mvars(te, value, fn.cmd.value.span, "the value")  # type: ignore[union-attr]
        val = replace_fvars(te.instantiate(value), consts)
        if fn.cmd.kind == "theorem":
            decl: object = TheoremDecl(fn.name, level_params, ty, val)
        else:
            hints = ABBREV_HINTS if fn.cmd.kind == "abbrev" else ReducibilityHints.regular(definition_height(env, val))
            decl = DefinitionDecl(fn.name, level_params, ty, val, hints, SAFE)
        _kernel_check(env, decl, fn.cmd, add=True)
    for fn in fns:
        if fn.cmd.kind in ("def", "abbrev"):
            siblings = {k: c for k, c in consts.items() if k != fn.fvar.fid}
            source = EqnSource(fn.name, level_params, fn.params, fn.value, fn.fvar, fn.records, how is not None, siblings=siblings)  # type: ignore[arg-type]
            if how == "wf":
                from .wf_eqns import prove_wf_eq_def

                source.prove_def = prove_wf_eq_def
            env = add_equation_lemmas(env, te, source)
        env = _after_added(env, fn, _type_of(te, fn))
    return env


def _after_added(env: ElabEnv, fn: MutualFn, ty: Expr) -> ElabEnv:
    if fn.cmd.kind == "instance":
        cls = _class_of(ty, env)
        if cls is not None:
            env = env.add_instance(InstanceInfo(fn.name, cls, fn.cmd.priority or 1000))
    if fn.cmd.kind == "abbrev":
        env = env.add_attribute("reducible", fn.name)
    return apply_modifiers(env, fn.cmd.mods, fn.name, ty)


def _add_block(env: ElabEnv, fns: list[MutualFn], decls: list[DefinitionDecl]) -> None:
    try:
        env.kernel.add(MutualDefinitionDecl(tuple(decls)))
    except KernelError as ex:
        culprit = next((fn for fn in fns if ex.decl is not None and str(ex.decl).startswith(str(fn.name))), fns[0])
        raise ElabError(culprit.cmd.sig.span, f"(kernel) {ex.message}") from None


def _add_unsafe(env: ElabEnv, te: TermElab, fns: list[MutualFn], level_params: tuple[Name, ...]) -> ElabEnv:
    """`unsafe` functions may call each other freely: one kernel block of unsafe definitions."""
    consts = {fn.fvar.fid: Const(fn.name, _levels(level_params)) for fn in fns}
    decls = []
    for fn in fns:
        ty = _type_of(te, fn)
        val = _closed(te, fn, fn.value)  # type: ignore[arg-type]
        check_no_mvars(te, ty, fn.cmd.sig.span, "the type")
        check_no_mvars(te, val, fn.cmd.value.span, "the value")  # type: ignore[union-attr]
        decls.append(DefinitionDecl(fn.name, level_params, ty, replace_fvars(val, consts), ReducibilityHints.regular(1), UNSAFE))
    _add_block(env, fns, decls)
    for fn in fns:
        env = _after_added(env, fn, _type_of(te, fn))
    return env


def _add_partial(env: ElabEnv, te: TermElab, fns: list[MutualFn], level_params: tuple[Name, ...]) -> ElabEnv:
    """Each `f` opaque, with an inhabitant of its type; the bodies are the partial block of the
    `f._unsafe_rec`, which `#eval` runs in place of `f`."""
    impls = {fn.fvar.fid: Const(implementation_name(fn.name), _levels(level_params)) for fn in fns}
    opaques = []
    decls = []
    for fn in fns:
        ty = _type_of(te, fn)
        check_no_mvars(te, ty, fn.cmd.sig.span, "the type")
        val = _closed(te, fn, fn.value)  # type: ignore[arg-type]
        check_no_mvars(te, val, fn.cmd.value.span, "the value")  # type: ignore[union-attr]
        inhabited = inhabitant(te, fn.params, fn.result, fn.name, fn.cmd.sig.span)
        check_no_mvars(te, inhabited, fn.cmd.sig.span, "the type")
        decls.append(DefinitionDecl(implementation_name(fn.name), level_params, ty, replace_fvars(val, impls), ReducibilityHints.regular(1), PARTIAL))
        opaques.append(OpaqueDecl(fn.name, level_params, ty, te.instantiate(inhabited)))
    _add_block(env, fns, decls)
    for fn, decl in zip(fns, opaques):
        _kernel_check(env, decl, fn.cmd, add=True)
        env = _after_added(env.add_implemented_by(fn.name, implementation_name(fn.name)), fn, decl.type)
    return env
