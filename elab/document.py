"""Checking a whole document: split it into commands, parse each, resolve its operators against the
notation in scope, elaborate it, and collect the messages. One snapshot (environment after the
command) is kept per command, which the language server will reuse incrementally."""

from __future__ import annotations

import os
import re

from lantern.kernel.deferred import PendingProof
from lantern.kernel.environment import Environment
from lantern.kernel.record import field, record, replace

from . import info
from .command.run import elab_command
from .env import ElabEnv, Scope
from .info import InfoNode
from .kernel_jobs import KernelJobs, SpeculationFailed, deferring
from .kernel_jobs import active as active_jobs
from .messages import ERROR, Message
from .syntax import tree as T


@record
class Snapshot:
    span: T.Span
    command: T.Command
    env: ElabEnv  # the environment after this command
    messages: list[Message] = field(default_factory=list)
    info: list[InfoNode] = field(default_factory=list)  # tactic states etc. (`info.py`)


def empty_env() -> ElabEnv:
    from .syntax.operators import NotationTable

    env = ElabEnv(Environment())
    env.notations = NotationTable.builtin()
    return env


_prelude_env: ElabEnv | None = None

# The prelude's files, checked in this order, each in the environment the previous ones built.
# (Paths are strings: `pathlib` costs a start-up ~10 ms of imports.)
ELAB_DIR = os.path.dirname(os.path.abspath(__file__))
PRELUDE_DIR = os.path.join(ELAB_DIR, "prelude")
PRELUDE_FILES = ("Prelude.ltn", "Types.ltn", "Tactics.ltn", "WF.ltn", "Lemmas.ltn", "Omega.ltn")
PRELUDE_PATH = os.path.join(PRELUDE_DIR, PRELUDE_FILES[0])


def prelude_texts() -> list[tuple[str, str]]:
    texts = []
    for name in PRELUDE_FILES:
        with open(os.path.join(PRELUDE_DIR, name), encoding="utf-8") as f:
            texts.append((name, f.read()))
    return texts


def initial_env() -> ElabEnv:
    """The environment after the prelude (`prelude/*.ltn`, in `PRELUDE_FILES` order), checked once and
    forked for each document. The checked prelude is cached on disk (`cache.py`), keyed by its text
    and by the source of the front end and the kernel, so a change to either checks it again. A
    prelude that does not check is a bug in Lantern, reported as an error.

    Reading and hashing all those files at each start would cost ~15 ms, so the key found for them
    is cached too, under their `source_stamp` (paths, sizes, times): a start whose files are
    untouched since only reads their metadata."""
    global _prelude_env
    if _prelude_env is None:
        from . import cache

        stamp = prelude_stamp()
        key = cache.load("prelude-key", stamp)
        texts = None
        if not isinstance(key, str):
            texts = prelude_texts()
            key = prelude_key("\0".join(text for _, text in texts))
            cache.store("prelude-key", stamp, key)
        env = cache.load("prelude", key, lasting=True)
        if not isinstance(env, ElabEnv):
            env = check_prelude(texts if texts is not None else prelude_texts())
            cache.store("prelude", key, env)
        _prelude_env = env
    return _prelude_env.fork()


def prelude_stamp() -> str:
    """The `source_stamp` of every file `prelude_key` reads: when it is unchanged, so is the key."""
    import lantern.kernel

    from .source_stamp import source_stamp

    roots = (ELAB_DIR, os.path.dirname(os.path.abspath(lantern.kernel.__file__)))
    return source_stamp(roots, ".py", [os.path.join(PRELUDE_DIR, name) for name in PRELUDE_FILES])


def check_prelude(texts: list[tuple[str, str]]) -> ElabEnv:
    env = empty_env()
    for name, text in texts:
        snapshots = check_document(text, env)
        errors = [m for m in messages_of(snapshots) if m.severity == ERROR]
        if errors:
            from .syntax.source import LineIndex

            line, col = LineIndex(text).position(errors[0].span.start)
            raise RuntimeError(f"the prelude does not check: {name}:{line + 1}:{col}: {errors[0].text}")
        if snapshots:
            # Each file starts in a fresh scope, as an imported Lean file does: its `universe`,
            # `variable`, `open` and namespaces do not reach the next file or the user's.
            env = replace(snapshots[-1].env, scopes=(Scope(),))
    return env


def prelude_key(text: str) -> str:
    """What the checked prelude depends on: its text and every source file of `elab/` and the kernel."""
    import hashlib
    from pathlib import Path

    import lantern.kernel

    digest = hashlib.sha256(text.encode("utf-8"))
    for root in (Path(__file__).parent, Path(lantern.kernel.__file__).parent):
        for path in sorted(root.rglob("*.py")):
            digest.update(str(path.relative_to(root)).encode("utf-8"))
            digest.update(path.read_bytes())
    return digest.hexdigest()


ONE_SHOT_GC_THRESHOLD = (10_000, 10, 10)  # `gc.set_threshold` for a one-shot check (Python's: 700)

_PRELUDE_HEADER = re.compile(r"(?:\s|--[^\n]*(?:\n|$)|/-(?:.|\n)*?-/)*prelude\b")


def check_document(text: str, env: ElabEnv | None = None, freeze_every: int = 0, defer_proofs: bool = False) -> list[Snapshot]:
    """Check a whole document. `freeze_every`: for a one-shot process (the CLI), hide everything
    built so far from Python's cyclic collector every that many commands — snapshots are kept to the
    end and hold no cycles, so rescanning them at each collection is pure cost — and collect the
    youngest generation less often (`ONE_SHOT_GC_THRESHOLD`): checking allocates terms by the
    hundred thousand, nearly all acyclic, and the older generations' collections then mostly rescan
    survivors (measured: two thirds of the collector's time saved, ~5% of a check).

    `defer_proofs`: theorem proofs are elaborated, and declarations kernel-checked, in a second
    process while the document goes on (`kernel_jobs.py`); what they say is in the snapshots when
    this returns. Should any of it not come out as promised (a theorem other than its statement
    said, a declaration the kernel rejects), the document is checked again in one process, so the
    messages are always those of checking in sequence."""
    text, env = document_start(text, env)
    if freeze_every:
        import gc

        gc.set_threshold(*ONE_SHOT_GC_THRESHOLD)
    if not defer_proofs:
        return _check_commands(text, env, freeze_every, None)
    try:
        return _check_commands(text, env, freeze_every, KernelJobs())
    except (SpeculationFailed, PendingProof):
        return _check_commands(text, env, freeze_every, None)


def _check_commands(text: str, env: ElabEnv, freeze_every: int, jobs: KernelJobs | None) -> list[Snapshot]:
    from .syntax.commands import split_commands

    snapshots: list[Snapshot] = []
    with deferring(jobs):
        for start, end in split_commands(text):
            snapshot = check_command(text, start, end, env)
            if jobs is not None:
                jobs.end_command(succeeded=snapshot.env is not env, env=snapshot.env)
            env = snapshot.env
            snapshots.append(snapshot)
            if freeze_every and len(snapshots) % freeze_every == 0:
                import gc

                gc.freeze()
        if jobs is not None:
            jobs.finish()
            for index, messages in jobs.proof_messages.items():
                snapshots[index].messages = list(messages)
    return snapshots


def document_start(text: str, env: ElabEnv | None) -> tuple[str, ElabEnv]:
    """The environment a document starts in: the given one, else the prelude's, else (a file that
    begins with `prelude`, as in Lean) the empty one — with the keyword blanked, offsets kept."""
    if env is not None:
        return text, env
    text, own_prelude = blank_prelude_header(text)
    return text, (empty_env() if own_prelude else initial_env())


def blank_prelude_header(text: str) -> tuple[str, bool]:
    """`text` with a leading `prelude` keyword replaced by spaces, and whether it had one."""
    header = _PRELUDE_HEADER.match(text)
    if not header:
        return text, False
    return text[: header.end() - len("prelude")] + " " * len("prelude") + text[header.end():], True


# The fvar, mvar and universe-mvar ids each command starts numbering from. Messages and goals show
# them (`?m.5`), so numbering per command makes what a command shows depend on the command alone,
# not on how many variables the commands before it used: the same in a check from scratch and after
# an incremental edit, and in any process. (Nothing of a command's variables outlives it but its
# info nodes, which are only printed.)
START_IDS = (1, 1, 1)


def check_command(text: str, start: int, end: int, env: ElabEnv) -> Snapshot:
    """Parse, resolve and elaborate the command at `text[start:end]` in `env`. Its errors stay in its
    snapshot; the next command starts from `snapshot.env` whatever happened here."""
    cmd = parse_resolved(text, start, end, env.notations)
    jobs = active_jobs()
    if jobs is not None:
        from .meta.context import set_id_counters

        set_id_counters(START_IDS)  # the statement's header is numbered as `elaborate_command` numbers it
        jobs.begin_command(cmd)
        after = jobs.statement_first(start, end, cmd, env)
        if after is not None:  # the proof is a job: its messages come when it is done
            return Snapshot(T.Span(start, end), cmd, after)
    return elaborate_command(start, end, cmd, env)


def elaborate_command(start: int, end: int, cmd: T.Command, env: ElabEnv) -> Snapshot:
    """Elaborate the parsed command at `[start, end)` in `env`."""
    from .meta.context import set_id_counters

    set_id_counters(START_IDS)
    with info.collecting() as nodes:
        env, messages = elab_command(env, cmd)
    return Snapshot(T.Span(start, end), cmd, env, messages, nodes)


def parse_resolved(text: str, start: int, end: int, notations: object) -> T.Command:
    """The command at `text[start:end]` parsed, its operators resolved against `notations`; a
    `ParseError` node if it does not parse. (The incremental engine re-parses a command it reuses at
    a new offset with this, to give its syntax tree the new spans.)"""
    from .syntax.operators import ResolveError, resolve_all
    from .syntax.parser import parse_command

    try:
        cmd = parse_command(text, start, end)
        if not isinstance(cmd, T.ParseError):
            cmd = resolve_all(cmd, notations)
    except ResolveError as ex:
        cmd = T.ParseError(ex.span, ex.message)
    except RecursionError:  # an error of this command only; the file goes on
        cmd = T.ParseError(T.Span(start, end), "this command is nested too deeply to be parsed")
    except Exception as ex:  # a bug in the parser: an error on this command, not the end of the file
        cmd = T.ParseError(T.Span(start, end), f"internal error while parsing this command: {type(ex).__name__}: {ex}")
    return cmd


def messages_of(snapshots: list[Snapshot]) -> list[Message]:
    return [m for s in snapshots for m in s.messages]

