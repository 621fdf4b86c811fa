"""`export Ns (a b)`: make `a` and `b` aliases of `Ns.a` and `Ns.b` in the current namespace.

This is Lean's `elabExport`: the namespace is resolved as `open` resolves it (innermost enclosing
namespace first), each name must denote a constant of that namespace, and the alias is
`currentNamespace ++ a`. Name resolution (`names.resolve_global`) then treats the alias like a
constant of that name, so `decide p` means `Decidable.decide p` after `export Decidable (decide)`,
and the pretty printer, which prints the shortest name that resolves back to a constant, shows
`Decidable.decide p` as `decide p` — as Lean does.
"""

from __future__ import annotations

from lantern.kernel.name import Name
from lantern.kernel.record import replace

from ..env import ElabEnv, Scope
from ..messages import ElabError
from ..names import join, namespace_prefixes, split_ident
from ..syntax import tree as T
from .declaration import full_name


def elab_export(env: ElabEnv, cmd: T.Export) -> tuple[ElabEnv, list]:
    ns = _resolve_namespace(env, cmd)
    current = env.scope.namespace
    if ns is current:
        raise ElabError(cmd.span, "invalid 'export', self export")
    spans = cmd.name_spans or (cmd.span,) * len(cmd.names)
    for text, span in zip(cmd.names, spans):
        target = join(ns, split_ident(text))
        if target not in env.kernel:
            raise ElabError(span, f"unknown constant '{target}'")
        env = env.add_alias(join(current, split_ident(text)), target)
    return env, []


def _resolve_namespace(env: ElabEnv, cmd: T.Export) -> Name:
    """The namespace `cmd.namespace` names, looked up from the innermost enclosing namespace out (as
    `open` does)."""
    for prefix in namespace_prefixes(env.scope.namespace):
        candidate = full_name(replace(env, scopes=(Scope(namespace=prefix),)), cmd.namespace)
        if candidate in env.namespaces:
            return candidate
    raise ElabError(cmd.namespace_span or cmd.span, f"unknown namespace '{cmd.namespace}'")
