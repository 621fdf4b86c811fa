"""Comparing what a command added before and after an edit, and what its constants mention.

Equality here is stricter than the kernel's `Expr.__eq__`, which ignores binder names and binder
infos (as Lean's `==`): those are shown in goals and hovers and decide implicit arguments, so a
constant whose binder was renamed has changed for the engine.
"""

from __future__ import annotations

from typing import Any, Iterable

from lantern.kernel.declaration import ConstantInfo, RecursorRule
from lantern.kernel.expr import APP, CONST, FVAR, LAM, LET, PI, PROJ, Expr
from lantern.kernel.name import Name
from lantern.kernel.record import fields


def infos_equal(a: ConstantInfo, b: ConstantInfo) -> bool:
    """The same constant in every respect: kind, universe parameters, type, value, hints, …"""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    return all(_values_equal(getattr(a, f.name), getattr(b, f.name)) for f in fields(a))  # type: ignore[arg-type]


def _values_equal(x: Any, y: Any) -> bool:
    if x is y:
        return True
    if isinstance(x, Expr):
        return isinstance(y, Expr) and exprs_identical(x, y)
    if isinstance(x, tuple):
        return isinstance(y, tuple) and len(x) == len(y) and all(_values_equal(p, q) for p, q in zip(x, y))
    if isinstance(x, RecursorRule):
        return isinstance(y, RecursorRule) and all(_values_equal(getattr(x, f.name), getattr(y, f.name)) for f in fields(x))
    return bool(x == y)


def exprs_identical(a: Expr, b: Expr) -> bool:
    """Structural equality that also compares binder names, binder infos and `let` flags."""
    if a is b:
        return True
    if a != b:  # the kernel's comparison: fast, and rules out most differences
        return False
    stack = [(a, b)]
    seen: set[tuple[int, int]] = set()
    while stack:
        x, y = stack.pop()
        if x is y:
            continue
        key = (id(x), id(y))
        if key in seen:
            continue
        seen.add(key)
        k = x.kind
        if k == APP:
            stack.append((x.fn, y.fn))  # type: ignore[attr-defined]
            stack.append((x.arg, y.arg))  # type: ignore[attr-defined]
        elif k == LAM or k == PI:
            if x.name != y.name or x.binfo != y.binfo:  # type: ignore[attr-defined]
                return False
            stack.append((x.type, y.type))  # type: ignore[attr-defined]
            stack.append((x.body, y.body))  # type: ignore[attr-defined]
        elif k == LET:
            if x.name != y.name or x.nondep != y.nondep:  # type: ignore[attr-defined]
                return False
            stack.append((x.type, y.type))  # type: ignore[attr-defined]
            stack.append((x.value, y.value))  # type: ignore[attr-defined]
            stack.append((x.body, y.body))  # type: ignore[attr-defined]
        elif k == PROJ:
            stack.append((x.expr, y.expr))  # type: ignore[attr-defined]
        elif k == FVAR:
            if x.name != y.name:  # type: ignore[attr-defined]
                return False
    return True


def constants_mentioned(infos: Iterable[ConstantInfo]) -> set[Name]:
    """Every constant named in the types, values and recursor rules of `infos`."""
    exprs: list[Expr] = []
    for info in infos:
        exprs.append(info.type)
        value = getattr(info, "value", None)
        if isinstance(value, Expr):
            exprs.append(value)
        for rule in getattr(info, "rules", ()):
            exprs.append(rule.rhs)
    return constants_of_exprs(exprs)


def constants_of_exprs(exprs: list[Expr]) -> set[Name]:
    out: set[Name] = set()
    seen: set[int] = set()
    stack = list(exprs)
    while stack:
        e = stack.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        k = e.kind
        if k == APP:
            stack.append(e.fn)  # type: ignore[attr-defined]
            stack.append(e.arg)  # type: ignore[attr-defined]
        elif k == CONST:
            out.add(e.name)  # type: ignore[attr-defined]
        elif k == LAM or k == PI:
            stack.append(e.type)  # type: ignore[attr-defined]
            stack.append(e.body)  # type: ignore[attr-defined]
        elif k == LET:
            stack.append(e.type)  # type: ignore[attr-defined]
            stack.append(e.value)  # type: ignore[attr-defined]
            stack.append(e.body)  # type: ignore[attr-defined]
        elif k == PROJ:
            out.add(e.struct)  # type: ignore[attr-defined]
            stack.append(e.expr)  # type: ignore[attr-defined]
    return out


def registered(env: Any, names: set[Name]) -> bool:
    """Whether any of `names` is in one of the front end's tables (an attribute such as `@[simp]`,
    an instance, a default instance, a structure, an `export` alias). Searches keep what they learnt
    from such constants across commands (the simp index is cached by the attribute's set), so a
    change to one of them counts as a change of the tables."""
    for members in env.attributes.values():
        if not names.isdisjoint(members):
            return True
    for insts in env.instances.values():
        if any(i.name in names for i in insts):
            return True
    for pairs in env.default_instances.values():
        if any(n in names for n, _ in pairs):
            return True
    for info in env.structures.values():
        if info.name in names or info.ctor in names:
            return True
    return any(t in names for targets in env.aliases.values() for t in targets)
