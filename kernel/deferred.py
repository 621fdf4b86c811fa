"""Theorems admitted now and checked later: Lean's asynchronous proofs, for one-shot checks.

Nothing that follows a theorem depends on its proof, only on its statement (as in Lean, where a
theorem's proof is elaborated and kernel-checked in a task of its own while the file goes on). Two
ways in, used only by the front end's driver (`elab/kernel_jobs.py`), which runs the checks in a
second process while elaboration goes on:

- `admit_statement` records a theorem by its statement alone; its proof is being elaborated
  elsewhere, and reading it raises `PendingProof`. The driver must obtain the same theorem from a
  full check of its command elsewhere, or check the document again without speculating.
- `admit` records a theorem or definition that is elaborated but not checked, and returns a `Deferred`
  entry (the declaration and a snapshot of the environment it was admitted into). `check_deferred`
  later checks entries exactly as `Environment.add` would have, each against its own snapshot, so
  a proof still cannot use its own theorem or anything declared after it.

The trust argument: an admitted declaration is a promise, and the driver never reports a document
before every promise has been kept (`kernel/DIVERGENCES.md`, *Deferred checks*). Inductive types,
quotients and mutual blocks are always checked on entry: checking them makes their recursors.
"""

from __future__ import annotations

from .add_decl import definition_info, check_declaration
from .declaration import SAFE, Declaration, DefinitionDecl, TheoremDecl, TheoremInfo
from .environment import Environment
from .errors import KernelError
from .expr import Expr
from .name import Name
from .record import record


@record(frozen=True, eq=False)
class Deferred:
    """A theorem admitted into an environment and not yet checked: `env` is that environment as it
    was just before (a snapshot nothing else adds to); `add` says whether the theorem's constant was
    recorded (an `example` is only checked, never recorded)."""

    env: Environment
    decl: Declaration
    add: bool


def admit(env: Environment, decl: Declaration, add: bool = True) -> Deferred:
    """Record `decl`'s constant in `env` (if `add`) without checking it, and return the entry that
    must be checked before anything about `env` is reported. The name must be fresh, as for `add`.
    A theorem or a safe definition (the elaborator may unfold it at once: its value is the one that
    will be checked); with `add=False` (an `example`) any declaration: nothing is recorded."""
    if add and not (isinstance(decl, TheoremDecl) or (isinstance(decl, DefinitionDecl) and decl.safety == SAFE)):
        raise TypeError("only theorems and safe definitions are admitted unchecked")
    if add and decl.name in env:  # type: ignore[union-attr]
        raise KernelError(f"'{decl.name}' has already been declared", decl.name)  # type: ignore[union-attr]
    entry = Deferred(env.snapshot(), decl, add)
    if isinstance(decl, TheoremDecl) and add:
        env._insert([TheoremInfo(decl.name, decl.level_params, decl.type, decl.value, (decl.name,))])
    elif add:
        env._insert([definition_info(decl, (decl.name,))])  # type: ignore[arg-type]
    return entry


class PendingProof(BaseException):
    """The proof of a theorem admitted by `admit_statement` was needed before it exists. A
    `BaseException`, so that no handler for ordinary errors mistakes it for a failure of the
    command at hand: whoever admitted the statement must catch it and check without speculating."""


class _PendingTheoremInfo(TheoremInfo):
    """A theorem whose statement is known and whose proof is still being elaborated elsewhere:
    reading its value raises `PendingProof`."""

    __slots__ = ()

    def __getattribute__(self, attr: str) -> object:
        if attr == "value":
            raise PendingProof(object.__getattribute__(self, "name"))
        return object.__getattribute__(self, attr)


def admit_statement(env: Environment, name: Name, level_params: tuple[Name, ...], type: Expr) -> None:
    """Record theorem `name : type` in `env` before its proof exists (Lean's asynchronous theorems).
    The caller must later obtain the theorem from a check of its whole declaration, in an
    environment where this was not admitted, and compare: nothing else makes it trustworthy."""
    if name in env:
        raise KernelError(f"'{name}' has already been declared", name)
    env._insert([_PendingTheoremInfo(name, level_params, type, None, (name,))])  # type: ignore[arg-type]


def check_deferred(entries: list[Deferred]) -> list[tuple[int, KernelError]]:
    """Check `entries` in order, each against its snapshot; the rejected ones, by index. The
    closed-term caches one check learnt are handed to the next only when its environment holds every
    constant of the previous one (the same constant objects): a fact about a constant is true only
    where that very constant is."""
    failures: list[tuple[int, KernelError]] = []
    previous: Environment | None = None
    for i, entry in enumerate(entries):
        if previous is not None and _extends(entry.env, previous):
            entry.env._checker_caches = previous._checker_caches
        try:
            check_declaration(entry.env, entry.decl)
        except KernelError as ex:
            failures.append((i, ex))
        previous = entry.env
    return failures


def lend_caches(env: Environment, later: Environment) -> None:
    """Let checks in `env` start from what checks in `later` learnt about closed terms, if `later`
    extends `env` (holds each of its constants as the same object): such a fact is about constants
    of `env` only when its terms are, and then it holds in `env` too, since constants never change.
    Used to start the checks of a batch of theorems from one line of environments warm."""
    if env._checker_caches is None and _extends(later, env):
        env._checker_caches = later.checker_caches()


def _extends(env: Environment, older: Environment) -> bool:
    """Whether every constant of `older` is in `env` as the same object. Snapshots of one document
    share their base table until it is flattened, so this usually compares only the recent overlay;
    most often one is on the other's line (`Environment.continues`), and nothing is compared."""
    if env.continues(older):
        return True
    if env._base is not older._base:
        older_names = older.order
    else:
        older_names = older._recent_order  # type: ignore[assignment]
    find = env.find
    return all(find(n) is older.find(n) for n in older_names)
