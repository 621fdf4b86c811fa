"""A theorem's statement without its proof: the half of an asynchronous theorem that the document
goes on with (`elab/kernel_jobs.py`), as Lean elaborates a theorem's proof in a task of its own once
its header is known.

`statement_only` elaborates the header exactly as `elab_definition_core` does, admits the theorem
with that statement (`kernel.deferred.admit_statement`), and applies its modifiers. It gives up
(None) whenever the proof could still change what the header means: a metavariable left in the
statement, a name already taken, any error. The speculation is checked afterwards: the whole command
is elaborated as usual elsewhere and must produce exactly this one theorem with this statement.

That elaboration does not make the header again: it takes up the one made here (`PreparedHeader`),
with the id counters as they stood after it, so its variables are numbered as in a check in sequence.
The header is handed over only if reading the statement off it created nothing.
"""

from __future__ import annotations

from lantern.kernel.deferred import admit_statement
from lantern.kernel.expr import HAS_EMVAR, Expr
from lantern.kernel.name import Name
from lantern.kernel.record import record, replace

from ..env import ElabEnv
from ..meta.context import id_counters
from ..meta.instantiate import mk_forall_fvars
from ..syntax import tree as T
from .declaration import apply_modifiers, elab_header, full_name, generalize_levels
from .prepared_header import PreparedHeader


@record(frozen=True)
class Statement:
    """What the parent guessed: the theorem the whole command must add."""

    name: Name
    level_params: tuple[Name, ...]
    type: Expr


def may_be_asynchronous(cmd: T.Command) -> bool:
    """A plain named `theorem` with a proof (no `where`, no equations compiled into a `match`), or
    an `example`, which adds nothing whatever its proof."""
    if not isinstance(cmd, T.Definition) or cmd.where or cmd.value is None or cmd.equations:
        return False
    return cmd.kind == "example" or (cmd.kind == "theorem" and bool(cmd.sig.name))


def statement_only(env: ElabEnv, cmd: T.Definition) -> tuple[ElabEnv, Statement | None, PreparedHeader | None] | None:
    """`env` (a fork the caller owns) with the theorem of `cmd` admitted by its statement, the
    statement, and the header for the command's elaboration to take up (None if it must elaborate
    the header again); or None. An `example` states nothing: `env` as it is, and no statement."""
    if cmd.kind == "example":
        return env, None, None
    try:
        # The header is elaborated where the statement is not admitted: the command's elaboration
        # goes on with it, and must not see its own theorem.
        header = elab_header(replace(env, kernel=env.kernel.snapshot()), cmd.sig)
        te = header.te
        ids, token, levels = id_counters(), te.mctx.checkpoint(), len(te.level_names)
        ty = te.instantiate(mk_forall_fvars(te.mctx, te.lctx, header.fvars, header.type))
        if ty.flags & HAS_EMVAR or te.messages:
            return None  # the proof may still fix the statement, or the header has something to say
        name = full_name(env, cmd.sig.name)
        (ty,), level_params = generalize_levels(te, [ty])
        if name in env.kernel or ty.has_mvar:
            return None
        admit_statement(env.kernel, name, level_params, ty)
        prepared = None
        if id_counters() == ids and len(te.level_names) == levels:
            # Nothing was created since the header and what was assigned is undone: the command's
            # elaboration finds the header exactly as it would have made it.
            te.mctx.rollback(token)
            prepared = PreparedHeader(cmd.sig, header, ids)
        return apply_modifiers(env, cmd.mods, name, ty), Statement(name, level_params, ty), prepared
    except Exception:  # noqa: BLE001 (whatever went wrong, the command is checked as usual)
        return None
