"""Which constants a command's check looked at: the kernel environment seen through a recorder.

A command's outcome (its messages, goals, and what it adds) is a function of its text, the front
end's tables and the constants its elaboration looked up. The engine replays a command after an edit
only when none of the constants it looked up changed, so every lookup must be seen — including those
that found nothing (name resolution probes candidates, `f.eq_1` is made on first use: a constant
that appears later changes what the command means) and those that walked every name (the "unknown
identifier" suggestions, the simp index's order), recorded as `ALL_NAMES`.

`ReadRecorder` stands in for the kernel `Environment` while one command is checked (forks of it
record into the same log); everything else is passed through to the real environment, and
`add` is the real environment's, so the kernel checks declarations exactly as without a recorder.
"""

from __future__ import annotations

from typing import Any, Iterator

from lantern.kernel.declaration import ConstantInfo
from lantern.kernel.environment import Environment
from lantern.kernel.name import Name

ALL_NAMES = "*every name*"  # logged when the whole list of constants was read


class ReadRecorder:
    __slots__ = ("target", "log")

    def __init__(self, target: Environment, log: set) -> None:
        self.target = target
        self.log = log

    def find(self, name: Name) -> ConstantInfo | None:
        self.log.add(name)
        return self.target.find(name)

    def get(self, name: Name) -> ConstantInfo:
        self.log.add(name)
        return self.target.get(name)

    def __contains__(self, name: Name) -> bool:
        self.log.add(name)
        return name in self.target

    @property
    def order(self) -> tuple[Name, ...]:
        self.log.add(ALL_NAMES)
        return self.target.order

    def __iter__(self) -> Iterator[ConstantInfo]:
        self.log.add(ALL_NAMES)
        return iter(self.target)

    def __len__(self) -> int:
        self.log.add(ALL_NAMES)
        return len(self.target)

    def __bool__(self) -> bool:
        return True

    def fork(self) -> "ReadRecorder":
        return ReadRecorder(self.target.fork(), self.log)

    def add(self, decl: Any) -> list[ConstantInfo]:
        """The real environment's `add` (so the kernel shares its caches as usual). What the kernel
        looked up needs no log when it accepts: the added constants' own mentions are recorded
        (`record.py`). When it refuses, nothing is added: the declaration's mentions and names are
        logged (a name already taken is a reason to refuse)."""
        try:
            return self.target.add(decl)
        except BaseException:
            from lantern.kernel.declaration import declaration_names

            self.log.update(constants_in(decl))
            self.log.update(declaration_names(decl))
            raise

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.target, attr)


def real_kernel(kernel: Any) -> Any:
    """The environment behind a recorder (or the environment itself)."""
    return kernel.target if isinstance(kernel, ReadRecorder) else kernel


def constants_in(decl: Any) -> set[Name]:
    """The constants a declaration (or any record of terms) mentions."""
    from lantern.kernel.record import field_names, is_record

    from lantern.kernel.expr import Expr

    from .compare import constants_of_exprs

    exprs: list[Expr] = []
    stack = [decl]
    while stack:
        x = stack.pop()
        if isinstance(x, Expr):
            exprs.append(x)
        elif isinstance(x, (tuple, list)):
            stack.extend(x)
        elif is_record(x) and not isinstance(x, type):
            stack.extend(getattr(x, n) for n in field_names(x))
    return constants_of_exprs(exprs)
