"""Resolving a global identifier as Lean does: in the current namespace and its parents, in the
opened namespaces, at the root (`_root_.x`), and — when no constant has the whole dotted name — as a
shorter constant followed by field accesses (`Nat.succ.injEq`, `List.length.foo`, …). A name made by
`export` (an alias) counts wherever a constant of that name would."""

from __future__ import annotations

from lantern.kernel.name import ANONYMOUS, Name
from lantern.kernel.record import record

from .env import ElabEnv

ROOT = "_root_"


@record(frozen=True, slots=True)
class Resolution:
    """A constant and the field accesses that follow it in the identifier."""

    name: Name
    fields: tuple[str, ...] = ()


def split_ident(text: str) -> list[str]:
    return [p for p in text.split(".") if p != ""]


def join(prefix: Name, parts: list[str]) -> Name:
    n = prefix
    for p in parts:
        n = Name.mk_num(n, int(p)) if p.isdigit() else Name.mk_str(n, p)
    return n


def namespace_prefixes(ns: Name) -> list[Name]:
    """`A.B` ↦ `[A.B, A, anonymous]`: where a name is looked up, innermost first."""
    out = []
    n: Name | None = ns
    while n is not None:
        out.append(n)
        n = n.prefix
    return out


def resolve_global(env: ElabEnv, text: str) -> list[Resolution]:
    """All constants the identifier may denote, best first: longest constant prefix first, then
    innermost namespace first. Several results at the same rank are an ambiguity for the caller."""
    parts = split_ident(text)
    if not parts:
        return []
    if parts[0] == ROOT:
        return _resolve_in(env, [ANONYMOUS], parts[1:])
    scope = env.scope
    for k in range(len(parts), 0, -1):
        head, fields = parts[:k], tuple(parts[k:])
        found: list[Resolution] = []
        for ns in namespace_prefixes(scope.namespace):
            names = _candidates(env, join(ns, head), ns, head)
            if names:
                found += [Resolution(n, fields) for n in names]
                break  # the innermost namespace shadows the outer ones
        for ns in scope.opens:
            for n in _candidates(env, join(ns, head), ns, head):
                if all(r.name is not n for r in found):
                    found.append(Resolution(n, fields))
        if found:
            return found
    return []


def _candidates(env: ElabEnv, n: Name, ns: Name, head: list[str]) -> list[Name]:
    """What `n` (the identifier `head` looked up in `ns`) denotes: the constant `n`, and the
    constants `n` is an alias of (`export`); an alias of a protected constant does not count for a
    one-part identifier, as in Lean's `getAliases (skipProtected := id.isAtomic)`."""
    out = [n] if _exists(env, n) and _visible(env, n, ns, head, opened=False) else []
    for target in env.aliases.get(n, ()):
        if target not in out and not (len(head) == 1 and target in env.protected):
            out.append(target)
    return out


def _exists(env: ElabEnv, n: Name) -> bool:
    """`n` is a constant, or a reserved name made on first use (`f.eq_1`, `f.eq_def`), as in Lean."""
    if n in env.kernel:
        return True
    last = n.last
    if last not in ("eq_1", "eq_def"):
        return False
    from .equations import ensure_reserved

    return ensure_reserved(env, n)


def _resolve_in(env: ElabEnv, namespaces: list[Name], parts: list[str]) -> list[Resolution]:
    for k in range(len(parts), 0, -1):
        for ns in namespaces:
            names = _candidates(env, join(ns, parts[:k]), ns, parts[:k])
            if names:
                return [Resolution(n, tuple(parts[k:])) for n in names]
    return []


def _visible(env: ElabEnv, n: Name, ns: Name, head: list[str], opened: bool) -> bool:
    """A protected declaration `A.x` is not reachable as `x` from inside `A` or through `open A`."""
    return not (n in env.protected and len(head) == 1 and not ns.is_anonymous)


def near_names(env: ElabEnv, text: str, limit: int = 3) -> list[str]:
    """Declared names close to `text`, for "unknown identifier" messages."""
    import difflib

    last = split_ident(text)[-1] if split_ident(text) else text
    pool: dict[str, str] = {}
    for n in env.kernel.order:
        s = str(n)
        pool.setdefault(s.rsplit(".", 1)[-1], s)
        pool.setdefault(s, s)
    hits = difflib.get_close_matches(text, list(pool), n=limit, cutoff=0.75)
    if len(hits) < limit:
        hits += [h for h in difflib.get_close_matches(last, list(pool), n=limit, cutoff=0.8) if h not in hits]
    return [pool[h] for h in hits[:limit]]
