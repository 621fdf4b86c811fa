"""The environment: the constants the kernel has checked, by name.

`add` is the only way in: it checks a declaration and, only if the whole declaration is accepted,
records the constants it produces. The environment is mutable for speed; `copy()` gives an independent
one (a shallow copy: constants themselves are immutable) for callers that need snapshots.
"""

from __future__ import annotations

from typing import Iterator

from .declaration import ConstantInfo, Declaration
from .errors import KernelError
from .name import Name


class Environment:
    __slots__ = ("constants", "order", "quot_initialized", "nat_ext_verdicts", "__weakref__")

    def __init__(self) -> None:
        self.constants: dict[Name, ConstantInfo] = {}
        self.order: list[Name] = []  # insertion order, for export
        self.quot_initialized = False
        # Which Nat operations may be computed on literals (see nat_ext.py); a verdict never changes
        # once given, because constants are never replaced.
        self.nat_ext_verdicts: dict[Name, bool] = {}

    def find(self, name: Name) -> ConstantInfo | None:
        return self.constants.get(name)

    def get(self, name: Name) -> ConstantInfo:
        info = self.constants.get(name)
        if info is None:
            raise KernelError(f"unknown constant '{name}'")
        return info

    def __contains__(self, name: Name) -> bool:
        return name in self.constants

    def __iter__(self) -> Iterator[ConstantInfo]:
        return (self.constants[n] for n in self.order)

    def __len__(self) -> int:
        return len(self.constants)

    def add(self, decl: Declaration) -> list[ConstantInfo]:
        """Check `decl` and add what it declares; raise `KernelError` (and change nothing) if it is
        rejected. Returns the constants added."""
        from .add_decl import add_declaration

        return add_declaration(self, decl)

    def _insert(self, infos: list[ConstantInfo]) -> None:
        """Record constants produced by `add_decl.check_declaration` (kernel-internal)."""
        from .declaration import QuotInfo

        for info in infos:
            self.constants[info.name] = info
            self.order.append(info.name)
            if isinstance(info, QuotInfo):
                self.quot_initialized = True

    def copy(self) -> "Environment":
        env = Environment()
        env.constants = dict(self.constants)
        env.order = list(self.order)
        env.quot_initialized = self.quot_initialized
        env.nat_ext_verdicts = dict(self.nat_ext_verdicts)
        return env


class EnvironmentView:
    """An environment seen with some extra constants on top, without copying it: used while an
    inductive or mutual declaration is being checked and its own constants must already be in
    scope."""

    __slots__ = ("base", "extra", "quot_initialized", "nat_ext_verdicts")

    def __init__(self, base: "Environment | EnvironmentView", extra: list[ConstantInfo] = ()) -> None:  # type: ignore[assignment]
        self.base = base
        self.extra: dict[Name, ConstantInfo] = {c.name: c for c in extra}
        self.quot_initialized = base.quot_initialized
        # Verdicts are not shared with the base: the extra constants are not checked yet.
        self.nat_ext_verdicts: dict[Name, bool] = {}

    def add_extra(self, info: ConstantInfo) -> None:
        self.extra[info.name] = info

    def find(self, name: Name) -> ConstantInfo | None:
        info = self.extra.get(name)
        return info if info is not None else self.base.find(name)

    def get(self, name: Name) -> ConstantInfo:
        info = self.find(name)
        if info is None:
            raise KernelError(f"unknown constant '{name}'")
        return info

    def __contains__(self, name: Name) -> bool:
        return name in self.extra or name in self.base
