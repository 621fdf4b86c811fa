"""The namespace of a declaration's own name is open for its signature and body (Lean's
`expandDeclNamespace?`).

Lean reads `def Color.f : Color → Nat | red => 0 | green => 1` as `namespace Color def f … end Color`,
so inside it `red` is the constructor `Color.red`, not a new pattern variable. Here the name is left
as it is (the declaration is still `Color.f`, and recursive calls by either name still work); only the
environment the term elaborator resolves names in gets a namespace scope `Color` on top.
"""

from __future__ import annotations

from lantern.kernel.record import replace

from ..env import ElabEnv
from ..names import join, split_ident


def decl_namespace_env(env: ElabEnv, decl_name: str | None) -> ElabEnv:
    """`env` with the namespace prefix of `decl_name` entered (for elaboration only: the copy shares
    the kernel environment, and the caller keeps using `env` for what it adds)."""
    if not decl_name:
        return env
    parts = split_ident(decl_name)
    if len(parts) < 2 or parts[0] == "_root_":
        return env  # Lean: `_root_.f` and atomic names open nothing
    scope = env.scope
    ns = join(scope.namespace, parts[:-1])
    return env.push_scope(replace(scope, kind="namespace", namespace=ns)).with_namespace(ns)
