"""The environment: the constants the kernel has checked, by name.

`add` is the only way in: it checks a declaration and, only if the whole declaration is accepted,
records the constants it produces.

Environments are cheap to fork, because the front end keeps one per command of a document and an
edit re-checks from some command on: `fork()` shares a frozen base table and copies only a small
overlay of recent additions; once the overlay grows past `FLATTEN_AT` it is merged into a new base.
Forking costs O(FLATTEN_AT) and a lookup two dictionary probes at most.

An environment also carries the caches of closed terms that the kernel's declaration checkers share
(`CheckerCaches`): what one declaration's check learnt about terms without free variables (their
types, their weak head normal forms, which are definitionally equal) stays true for every later
declaration, because constants are only ever added, never changed (`DIVERGENCES.md`). The caches
follow one line of descent: `fork()` hands them to the child, and the parent starts again with empty
ones, so a sibling fork (an edit re-checking from an older snapshot) never sees facts about constants
it does not have.
"""

from __future__ import annotations

from typing import Iterator

from .declaration import ConstantInfo, Declaration
from .errors import KernelError
from .name import Name

FLATTEN_AT = 512


class _Line:
    """A line of environments, each holding the first constants of one sequence: those with this
    line and length n hold its first n constants, the same objects. An environment at the tip extends
    the sequence; one behind it that adds a constant branches off on a new line, whose first
    `at` constants are those of `parent`. (This makes `extends` cheap for the snapshots of one
    document, which form a single line.)"""

    __slots__ = ("tip", "parent", "at")

    def __init__(self, tip: int = 0, parent: "_Line | None" = None, at: int = 0) -> None:
        self.tip = tip
        self.parent = parent
        self.at = at


class CheckerCaches:
    """Facts about closed terms (no free variables, no metavariables) established by the kernel's own
    `TypeChecker` while checking declarations of one environment — their types, their weak head
    normal forms, which of them are definitionally equal: valid in that environment and in
    everything later added to it. The full-check cache is keyed by what a check depends on besides
    the environment: the declaration's safety and its universe parameters."""

    __slots__ = ("infer_only", "infer", "whnf", "whnf_core", "eqv")

    def __init__(self) -> None:
        self.infer_only: dict = {}
        self.infer: dict[tuple[str, frozenset], dict] = {}
        self.whnf: dict = {}
        self.whnf_core: dict = {}
        self.eqv: object = None  # the closed pairs proved definitionally equal (a `defeq.EquivManager`)


class Environment:
    __slots__ = (
        "_base",
        "_base_order",
        "_recent",
        "_recent_order",
        "_line",
        "quot_initialized",
        "nat_ext_verdicts",
        "_checker_caches",
        "__weakref__",
    )

    def __init__(self) -> None:
        # Never mutated once shared by a fork: only `_recent` and `_recent_order` change.
        self._base: dict[Name, ConstantInfo] = {}
        self._base_order: tuple[Name, ...] = ()
        self._recent: dict[Name, ConstantInfo] = {}
        self._recent_order: list[Name] = []
        self._line = _Line()
        self.quot_initialized = False
        # Which Nat operations may be computed on literals (see nat_ext.py); a verdict never changes
        # once given, because constants are never replaced.
        self.nat_ext_verdicts: dict[Name, bool] = {}
        self._checker_caches: CheckerCaches | None = None

    def checker_caches(self) -> CheckerCaches:
        """The caches the kernel's declaration checkers share in this environment (see the module
        docstring)."""
        c = self._checker_caches
        if c is None:
            c = self._checker_caches = CheckerCaches()
        return c

    def __getstate__(self) -> dict:
        # The caches are not part of the environment's meaning: not pickled (the prelude cache).
        return {k: getattr(self, k) for k in self.__slots__ if k not in ("_checker_caches", "__weakref__")}

    def __setstate__(self, state: dict) -> None:
        self._line = _Line()  # (a state pickled without its line: on a line of its own)
        for k, v in state.items():
            setattr(self, k, v)
        self._checker_caches = None

    def find(self, name: Name) -> ConstantInfo | None:
        info = self._recent.get(name)
        return info if info is not None else self._base.get(name)

    def get(self, name: Name) -> ConstantInfo:
        info = self.find(name)
        if info is None:
            raise KernelError(f"unknown constant '{name}'")
        return info

    def __contains__(self, name: Name) -> bool:
        return name in self._recent or name in self._base

    def continues(self, older: "Environment") -> bool:
        """Whether this environment is known to hold every constant of `older`, as the same objects,
        because `older` is on its line (or the line it branched off) no further than it. False says
        nothing: the two may still agree constant by constant."""
        line, limit, n = self._line, len(self), len(older)
        while line is not None:
            if line is older._line:
                return n <= limit
            limit = min(limit, line.at)
            line = line.parent
        return False

    @property
    def order(self) -> tuple[Name, ...]:
        """Every constant's name, in the order they were added (which respects dependencies)."""
        return self._base_order + tuple(self._recent_order)

    def __iter__(self) -> Iterator[ConstantInfo]:
        return (self.get(n) for n in self.order)

    def __len__(self) -> int:
        return len(self._base) + len(self._recent)

    def add(self, decl: Declaration) -> list[ConstantInfo]:
        """Check `decl` and add what it declares; raise `KernelError` (and change nothing) if it is
        rejected. Returns the constants added."""
        from .add_decl import add_declaration

        return add_declaration(self, decl)

    def _insert(self, infos: list[ConstantInfo]) -> None:
        """Record constants produced by `add_decl.check_declaration` (kernel-internal)."""
        from .declaration import QuotInfo

        if self._line.tip != len(self):  # another environment of the line went on from here
            self._line = _Line(len(self), self._line, len(self))
        for info in infos:
            self._recent[info.name] = info
            self._recent_order.append(info.name)
            if isinstance(info, QuotInfo):
                self.quot_initialized = True
        if len(self._recent) > FLATTEN_AT:
            self._base = {**self._base, **self._recent}
            self._base_order = self.order
            self._recent, self._recent_order = {}, []
        self._line.tip = len(self)

    def adopt(self, source: "Environment", names: "tuple[Name, ...] | list[Name]") -> None:
        """Record constants that `source` holds, without checking them again. Only the language
        server's incremental engine (`elab/incremental/`) calls this, to replay a command it checked
        before an edit into the environment after the edit — when this environment agrees with the
        one the command was checked in on every constant the command read or its constants mention
        (that agreement is the engine's guarantee; `lantern check` never adopts). Only constants a
        kernel check produced (those of an environment) come in this way; a name already present,
        or given twice, is refused and nothing is recorded."""
        infos = [source.get(n) for n in names]
        seen: set[Name] = set()
        for info in infos:
            if info.name in self or info.name in seen:
                raise KernelError(f"already declared '{info.name}'")
            seen.add(info.name)
        self._insert(infos)

    def fork(self) -> "Environment":
        """An independent environment with the same constants: adding to one does not affect the
        other."""
        env = self.snapshot()
        # Hand the caches down: the child extends what they were learnt in; this environment may
        # now be extended differently (another fork), so it starts afresh.
        env._checker_caches, self._checker_caches = self._checker_caches, None
        return env

    def snapshot(self) -> "Environment":
        """An independent environment with the same constants and no caches (this one keeps its
        own): what a deferred check runs against (`deferred.py`)."""
        env = Environment()
        env._base, env._base_order = self._base, self._base_order
        env._recent, env._recent_order = dict(self._recent), list(self._recent_order)
        env._line = self._line
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
