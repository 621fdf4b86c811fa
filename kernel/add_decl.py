"""Checking a declaration before it enters the environment (Lean's `environment::add`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from .declaration import (
    PARTIAL,
    SAFE,
    UNSAFE,
    AxiomDecl,
    AxiomInfo,
    ConstantInfo,
    Declaration,
    DefinitionDecl,
    DefinitionInfo,
    InductiveDecl,
    MutualDefinitionDecl,
    OpaqueDecl,
    OpaqueInfo,
    QuotDecl,
    TheoremDecl,
    TheoremInfo,
    declaration_names,
)
from .deep import run_deep
from .environment import EnvironmentView
from .errors import KernelError
from .expr import Expr
from .name import Name
from .type_checker import TypeChecker

if TYPE_CHECKING:
    from .environment import Environment


def add_declaration(env: "Environment", decl: Declaration) -> list[ConstantInfo]:
    infos = check_declaration(env, decl)
    env._insert(infos)
    return infos


def check_declaration(env: "Environment", decl: Declaration) -> list[ConstantInfo]:
    """Check `decl` against `env` and return the constants it would add, without adding them."""
    try:
        return run_deep(_check, env, decl)
    except KernelError as ex:
        names = declaration_names(decl)
        raise ex.with_decl(names[0] if names else Name.of("?"))


def _check(env: "Environment", decl: Declaration) -> list[ConstantInfo]:
    if isinstance(decl, AxiomDecl):
        tc = check_header(env, decl.name, decl.level_params, decl.type, UNSAFE if decl.is_unsafe else SAFE)
        return [AxiomInfo(decl.name, decl.level_params, decl.type, decl.is_unsafe)]
    if isinstance(decl, DefinitionDecl):
        return [_check_definition(env, decl)]
    if isinstance(decl, TheoremDecl):
        tc = check_header(env, decl.name, decl.level_params, decl.type, SAFE)
        if not tc.is_prop_type(decl.type):
            raise KernelError(f"theorem type is not a proposition: '{tc.fmt(decl.type)}'", decl.name)
        check_value(tc, decl.name, decl.value, decl.type)
        return [TheoremInfo(decl.name, decl.level_params, decl.type, decl.value, (decl.name,))]
    if isinstance(decl, OpaqueDecl):
        safety = UNSAFE if decl.is_unsafe else SAFE
        tc = check_header(env, decl.name, decl.level_params, decl.type, safety)
        check_value(tc, decl.name, decl.value, decl.type)
        return [OpaqueInfo(decl.name, decl.level_params, decl.type, decl.value, decl.is_unsafe, (decl.name,))]
    if isinstance(decl, MutualDefinitionDecl):
        return _check_mutual(env, decl.defs)
    if isinstance(decl, QuotDecl):
        from .quot import check_quot

        return check_quot(env)
    if isinstance(decl, InductiveDecl):
        from .inductive import check_inductive

        return check_inductive(env, decl)
    raise KernelError(f"unknown kind of declaration {type(decl).__name__}")


def check_closed(name: Name, e: Expr, what: str) -> None:
    if e.lbr:
        raise KernelError(f"{what} has a loose bound variable", name)
    if e.has_fvar:
        raise KernelError(f"{what} has a free variable", name)
    if e.has_mvar:
        raise KernelError(f"{what} has a metavariable", name)


def check_level_params(name: Name, level_params: Sequence[Name]) -> None:
    seen: set[Name] = set()
    for p in level_params:
        if p in seen:
            raise KernelError(f"duplicate universe level parameter '{p}'", name)
        seen.add(p)


def check_header(
    env: "Environment", name: Name, level_params: Sequence[Name], type: Expr, safety: str
) -> TypeChecker:
    """Lean's `check_constant_val`: a fresh name, distinct universe parameters, a closed type that
    is a type. Returns the type checker to go on with."""
    if name in env:
        raise KernelError(f"'{name}' has already been declared", name)
    check_level_params(name, level_params)
    check_closed(name, type, "type")
    tc = TypeChecker(env, level_params, safety, shared_caches=True)
    try:
        tc.ensure_type(type)
    except KernelError as ex:
        raise ex.with_decl(name)
    return tc


def check_value(tc: TypeChecker, name: Name, value: Expr, type: Expr) -> None:
    check_closed(name, value, "value")
    try:
        value_type = tc.infer(value, False)
        ok = tc.is_def_eq(value_type, type)
    except KernelError as ex:
        raise ex.with_decl(name)
    if not ok:
        raise KernelError(
            f"declared type and value type do not match: the value has type '{tc.fmt(value_type)}' "
            f"but the declared type is '{tc.fmt(type)}'",
            name,
        )


def definition_info(d: DefinitionDecl, all_names: tuple[Name, ...]) -> DefinitionInfo:
    return DefinitionInfo(d.name, d.level_params, d.type, d.value, d.hints, d.safety, all_names)


def _check_definition(env: "Environment", d: DefinitionDecl) -> DefinitionInfo:
    if d.safety in (UNSAFE, PARTIAL):
        # Unsafe and partial definitions may refer to themselves: check the body with the header in
        # scope. Safe declarations cannot use them (`infer_constant`), so no proof can unfold one.
        return _check_mutual(env, (d,))[0]  # type: ignore[return-value]
    tc = check_header(env, d.name, d.level_params, d.type, d.safety)
    check_value(tc, d.name, d.value, d.type)
    return definition_info(d, (d.name,))


def _check_mutual(env: "Environment", defs: Sequence[DefinitionDecl]) -> list[ConstantInfo]:
    if not defs:
        raise KernelError("empty mutual block")
    safety = defs[0].safety
    if safety == SAFE or any(d.safety != safety for d in defs):
        raise KernelError(
            "invalid mutual definition: the declarations must all be unsafe or all be partial", defs[0].name
        )
    all_names = tuple(d.name for d in defs)
    if len(set(all_names)) != len(all_names):
        dup = next(n for n in all_names if all_names.count(n) > 1)
        raise KernelError(f"duplicate declaration name '{dup}' in mutual block", dup)
    for d in defs:
        if d.level_params != defs[0].level_params:
            raise KernelError("the declarations of a mutual block must have the same universe level parameters", d.name)
    for d in defs:
        check_header(env, d.name, d.level_params, d.type, safety)
    infos = [definition_info(d, all_names) for d in defs]
    scratch = EnvironmentView(env, infos)  # type: ignore[arg-type]
    for d in defs:
        check_value(TypeChecker(scratch, d.level_params, safety), d.name, d.value, d.type)
    assert safety in (UNSAFE, PARTIAL)
    return infos  # type: ignore[return-value]
