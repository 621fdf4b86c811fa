"""Local contexts and metavariable contexts for elaboration.

A `LocalContext` here is persistent: every goal and every metavariable keeps the context it was
created in, and adding a variable makes a new context sharing the old one. The metavariable context
is mutable with an undo trail, so that a failed attempt (an instance candidate, a `first` alternative)
rolls back exactly what it assigned.
"""

from __future__ import annotations

import itertools
from typing import Iterator

from lantern.kernel.expr import DEFAULT, Expr, FVar, MVar
from lantern.kernel.level import Level, mk_mvar
from lantern.kernel.local_ctx import LocalContext as KernelLocalContext
from lantern.kernel.local_ctx import LocalDecl
from lantern.kernel.name import Name
from lantern.kernel.record import record

_fvar_ids = itertools.count(1)
_mvar_ids = itertools.count(1)
_level_ids = itertools.count(1)
LEVEL_MVAR_ROOT = Name.of("_u")


def set_id_counters(ids: tuple[int, int, int]) -> None:
    """Number the next free variables, metavariables and universe metavariables from `ids`. Messages
    show the numbers (`?m.12`): a document's check numbers each command from the same start
    (`document.check_command`), so what it shows does not depend on the commands before it."""
    global _fvar_ids, _mvar_ids, _level_ids
    _fvar_ids, _mvar_ids, _level_ids = (itertools.count(i) for i in ids)


def id_counters() -> tuple[int, int, int]:
    """The ids the next free variable, metavariable and universe metavariable will get (to resume
    numbering from here with `set_id_counters`)."""
    ids = (next(_fvar_ids), next(_mvar_ids), next(_level_ids))
    set_id_counters(ids)
    return ids


# Metavariable kinds, as in Lean: natural ones are assigned by unification; synthetic ones (instances,
# postponed terms) preferably by their synthesiser; synthetic-opaque ones (goals, `?x`) only explicitly.
NATURAL, SYNTHETIC, SYNTHETIC_OPAQUE = "natural", "synthetic", "syntheticOpaque"

# The binder info of an auxiliary local (Lean's `LocalDeclKind.auxDecl`): the declaration being
# defined, as a local for its recursive calls. Goals do not show it; `assumption` and automation skip it.
AUX_DECL = 16


def is_aux_decl(decl: LocalDecl) -> bool:
    return decl.binfo == AUX_DECL


class LocalContext:
    """An ordered, persistent set of local declarations, looked up by fvar id or by user name."""

    __slots__ = ("decls", "_by_fid")

    def __init__(self, decls: tuple[LocalDecl, ...] = ()) -> None:
        self.decls = decls
        self._by_fid: dict[object, LocalDecl] = {d.fvar.fid: d for d in decls}

    def add(self, name: Name, type: Expr, value: Expr | None = None, binfo: int = DEFAULT) -> tuple["LocalContext", FVar]:
        fvar = FVar(("e", next(_fvar_ids)), name)
        return LocalContext(self.decls + (LocalDecl(fvar, name, type, value, binfo),)), fvar

    def alias(self, name: Name, fvar: FVar) -> "LocalContext":
        """Let `name` refer to the existing variable `fvar` (a pattern variable naming a field): the
        same variable, so abstracting `fvar` covers every use of either name."""
        d = self._by_fid[fvar.fid]
        ctx = LocalContext(self.decls + (LocalDecl(fvar, name, d.type, d.value, d.binfo),))
        ctx._by_fid[fvar.fid] = d  # lookups by id keep the original declaration
        return ctx

    def get(self, fvar: Expr) -> LocalDecl | None:
        return self._by_fid.get(fvar.fid)  # type: ignore[attr-defined]

    def contains(self, fid: object) -> bool:
        return fid in self._by_fid

    def find_user(self, name: Name) -> LocalDecl | None:
        """The innermost declaration the user can refer to as `name`."""
        for d in reversed(self.decls):
            if d.name is name:
                return d
        return None

    def replace(self, decl: LocalDecl) -> "LocalContext":
        return LocalContext(tuple(decl if d.fvar.fid == decl.fvar.fid else d for d in self.decls))

    def remove(self, fids: set[object]) -> "LocalContext":
        return LocalContext(tuple(d for d in self.decls if d.fvar.fid not in fids))

    def is_prefix_of(self, other: "LocalContext") -> bool:
        return all(other.contains(d.fvar.fid) for d in self.decls)

    def __iter__(self) -> Iterator[LocalDecl]:
        return iter(self.decls)

    def __len__(self) -> int:
        return len(self.decls)


class ScratchContext(KernelLocalContext):
    """What the kernel's algorithms see while the front end checks a term: the goal's persistent
    context, plus the variables the algorithms introduce under binders."""

    __slots__ = ("base",)

    def __init__(self, base: LocalContext) -> None:
        super().__init__()
        self.base = base

    def get(self, fvar: Expr) -> LocalDecl | None:
        d = self.decls.get(fvar.fid)  # type: ignore[attr-defined]
        return d if d is not None else self.base.get(fvar)


@record(frozen=True, slots=True)
class MVarDecl:
    mid: int
    type: Expr
    lctx: LocalContext
    kind: str = NATURAL
    user_name: Name | None = None
    depth: int = 0


class MetavarContext:
    def __init__(self) -> None:
        self.decls: dict[int, MVarDecl] = {}
        self.last_mvar_id = 0  # the id of the newest metavariable created here (`mark`)
        self.assignment: dict[int, Expr] = {}
        self.level_assignment: dict[Name, Level] = {}
        # `?n` delayed-assigned to `(xs, ?m)`: `?n ys` means the value of `?m` with `xs := ys`, once `?m`
        # is fully assigned. This is how a goal under binders (after `intro`) feeds its parent's proof.
        self.delayed: dict[int, tuple[tuple[FVar, ...], int]] = {}
        self.depth = 0
        self._trail: list[tuple[str, object]] = []

    # -- creation -------------------------------------------------------------------------------

    def new_mvar(
        self, type: Expr, lctx: LocalContext, kind: str = NATURAL, user_name: Name | None = None
    ) -> MVar:
        mid = next(_mvar_ids)
        self.last_mvar_id = mid
        self.decls[mid] = MVarDecl(mid, type, lctx, kind, user_name, self.depth)
        return MVar(mid)

    def mark(self) -> int:
        """A mark in creation order: the metavariables numbered above it were created after it (ids
        grow across all contexts, so the last id this context handed out is a valid mark)."""
        return self.last_mvar_id

    def new_level_mvar(self) -> Level:
        return mk_mvar(Name.mk_num(LEVEL_MVAR_ROOT, next(_level_ids)))

    def decl(self, mvar: Expr) -> MVarDecl:
        return self.decls[mvar.mid]  # type: ignore[attr-defined]

    # -- assignment -----------------------------------------------------------------------------

    def assign(self, mid: int, value: Expr) -> None:
        self.assignment[mid] = value
        self._trail.append(("e", mid))

    def compress(self, mid: int, value: Expr) -> None:
        """Replace an assignment by its instantiated form (same meaning); undone on rollback, since
        the instantiation may use assignments made after a checkpoint."""
        self._trail.append(("c", (mid, self.assignment[mid])))
        self.assignment[mid] = value

    def compress_level(self, name: Name, value: Level) -> None:
        self._trail.append(("lc", (name, self.level_assignment[name])))
        self.level_assignment[name] = value

    def assign_level(self, name: Name, value: Level) -> None:
        self.level_assignment[name] = value
        self._trail.append(("l", name))

    def assign_delayed(self, mid: int, fvars: tuple[FVar, ...], target: int) -> None:
        self.delayed[mid] = (fvars, target)
        self._trail.append(("d", mid))

    def is_assignable(self, mid: int) -> bool:
        d = self.decls.get(mid)
        return (
            d is not None and d.kind != SYNTHETIC_OPAQUE and d.depth == self.depth
            and mid not in self.assignment and mid not in self.delayed
        )

    # -- backtracking ---------------------------------------------------------------------------

    def checkpoint(self) -> int:
        return len(self._trail)

    def rollback(self, token: int) -> None:
        while len(self._trail) > token:
            kind, key = self._trail.pop()
            if kind == "e":
                del self.assignment[key]  # type: ignore[arg-type]
            elif kind == "l":
                del self.level_assignment[key]  # type: ignore[arg-type]
            elif kind == "c":
                mid, old = key  # type: ignore[misc]
                self.assignment[mid] = old
            elif kind == "lc":
                lname, lold = key  # type: ignore[misc]
                self.level_assignment[lname] = lold
            else:
                del self.delayed[key]  # type: ignore[arg-type]
