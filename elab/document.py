"""Checking a whole document: split it into commands, parse each, resolve its operators against the
notation in scope, elaborate it, and collect the messages. One snapshot (environment after the
command) is kept per command, which the language server will reuse incrementally."""

from __future__ import annotations

from dataclasses import dataclass, field

from lantern.kernel.environment import Environment

from .command.run import elab_command
from .env import ElabEnv
from .messages import ERROR, Message
from .syntax import tree as T


@dataclass
class Snapshot:
    span: T.Span
    command: T.Command
    env: ElabEnv  # the environment after this command
    messages: list[Message] = field(default_factory=list)


def initial_env() -> ElabEnv:
    from .syntax.operators import NotationTable

    env = ElabEnv(Environment())
    env.notations = NotationTable.builtin()
    return env


def check_document(text: str, env: ElabEnv | None = None, freeze_every: int = 0) -> list[Snapshot]:
    """Check a whole document. `freeze_every`: for a one-shot process (the CLI), hide everything
    built so far from Python's cyclic collector every that many commands — snapshots are kept to the
    end and hold no cycles, so rescanning them at each collection is pure cost."""
    from .syntax.commands import split_commands
    from .syntax.operators import ResolveError, resolve_all
    from .syntax.parser import parse_command

    env = env if env is not None else initial_env()
    snapshots: list[Snapshot] = []
    for start, end in split_commands(text):
        cmd = parse_command(text, start, end)
        if not isinstance(cmd, T.ParseError):
            try:
                cmd = resolve_all(cmd, env.notations)
            except ResolveError as ex:
                cmd = T.ParseError(ex.span, ex.message)
        env, messages = elab_command(env, cmd)
        snapshots.append(Snapshot(T.Span(start, end), cmd, env, messages))
        if freeze_every and len(snapshots) % freeze_every == 0:
            import gc

            gc.freeze()
    return snapshots


def messages_of(snapshots: list[Snapshot]) -> list[Message]:
    return [m for s in snapshots for m in s.messages]


def has_errors(snapshots: list[Snapshot]) -> bool:
    return any(m.severity == ERROR for m in messages_of(snapshots))
