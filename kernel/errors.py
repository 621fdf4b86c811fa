"""The one exception the kernel raises on bad input."""

from __future__ import annotations

from .name import Name


class KernelError(Exception):
    """A declaration was rejected. `decl` names it (when known); `message` says why, in words."""

    def __init__(self, message: str, decl: Name | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.decl = decl

    def with_decl(self, decl: Name) -> "KernelError":
        if self.decl is None:
            self.decl = decl
        return self

    def __str__(self) -> str:
        if self.decl is None:
            return f"(kernel) {self.message}"
        return f"(kernel) declaration '{self.decl}': {self.message}"
