"""`deriving Repr, DecidableEq, BEq, Inhabited` clauses and `deriving instance … for T`.

As Lean's deriving handlers do, each handler writes ordinary declarations — an auxiliary function
(`reprTree✝`, `decEqTree✝`, …) where the instance needs recursion, and the instance — and elaborates
them like any user declaration, so the kernel checks everything derived. The declarations are built as
syntax trees (`deriving_syntax.py`), never as text: the type's parameters enter the header as
implicit binders whose types are the kernel's own terms, and every node carries the span of the
`deriving` clause, where any error is reported.

Lean logs a failing handler and goes on with the next class; so does this module. A class without a
handler gets Lean's message ("default handlers have not been implemented yet"). For a type defined
by `def T := …`, the instance is the one of its value (`inferInstanceAs (C …)`), as Lean's
`processDefDeriving` does, for any class.
"""

from __future__ import annotations

from typing import Callable

from lantern.kernel.declaration import DefinitionInfo, InductiveInfo
from lantern.kernel.name import Name

from ..env import ElabEnv
from ..messages import ERROR, ElabError, Message
from ..names import resolve_global
from ..syntax import tree as T
from . import deriving_handlers as H

Handler = Callable[[ElabEnv, InductiveInfo, T.Span], tuple[ElabEnv, list]]
HANDLERS: dict[Name, Handler] = {
    Name.of("Repr"): H.derive_repr,
    Name.of("DecidableEq"): H.derive_decidable_eq,
    Name.of("BEq"): H.derive_beq,
    Name.of("Inhabited"): H.derive_inhabited,
}


def derive_after(result: tuple[ElabEnv, list], cmd: T.Inductive | T.Structure | T.Definition) -> tuple[ElabEnv, list]:
    """Run the `deriving` clause of an `inductive`, `structure` or `def` that has just been declared."""
    env, messages = result
    if not cmd.deriving:
        return result
    from .declaration import full_name

    type_name = full_name(env, cmd.sig.name or "_")
    spans = getattr(cmd, "deriving_spans", ()) or (cmd.span,) * len(cmd.deriving)
    messages = list(messages)
    for cls, span in zip(cmd.deriving, spans):
        env = _derive(env, cls, span, [(type_name, span)], messages)
    return env, messages


def elab_deriving_instance(env: ElabEnv, cmd: T.DerivingInstance) -> tuple[ElabEnv, list]:
    """`deriving instance C₁, C₂ for T₁, T₂`."""
    types: list[tuple[Name, T.Span]] = []
    type_spans = cmd.type_spans or (cmd.span,) * len(cmd.types)
    for text, span in zip(cmd.types, type_spans):
        found = resolve_global(env, text)
        if len(found) != 1 or found[0].fields:
            raise ElabError(span, f"unknown constant '{text}'")
        types.append((found[0].name, span))
    messages: list = []
    class_spans = cmd.class_spans or (cmd.span,) * len(cmd.classes)
    for cls, span in zip(cmd.classes, class_spans):
        env = _derive(env, cls, span, types, messages)
    return env, messages


def _derive(env: ElabEnv, cls: str, span: T.Span, types: list[tuple[Name, T.Span]], messages: list) -> ElabEnv:
    """Derive class `cls` for each of `types`; errors become messages and leave `env` as it was."""
    found = resolve_global(env, cls)
    if len(found) != 1 or found[0].fields:
        messages.append(Message(span, ERROR, f"unknown constant '{cls}'"))
        return env
    class_name = found[0].name
    handler = HANDLERS.get(class_name)
    if handler is None and not all(isinstance(env.kernel.find(n), DefinitionInfo) for n, _ in types):
        names = ", ".join(str(n) for n, _ in types)
        messages.append(Message(span, ERROR, f"default handlers have not been implemented yet, class: '{class_name}' types: #[{names}]"))
        return env
    for type_name, _ in types:
        info = env.kernel.find(type_name)
        trial = env.fork()
        try:
            if isinstance(info, DefinitionInfo):
                trial, produced = H.derive_for_definition(trial, class_name, info, span)
            elif isinstance(info, InductiveInfo):
                trial, produced = handler(trial, info, span)
            else:
                raise ElabError(span, f"default handlers have not been implemented yet, class: '{class_name}' types: #[{type_name}]")
        except ElabError as ex:
            messages.append(Message(ex.span, ERROR, ex.text))
            continue
        messages += produced
        env = trial
    return env
