"""A small on-disk cache for what the front end derives from its own sources (the parser's tables,
the checked prelude): one pickle per entry, keyed by a hash of everything it was derived from, written
atomically, ignored if missing, stale or unreadable.

Location: `$LANTERN_CACHE_DIR`, else `$XDG_CACHE_HOME/lantern`, else `~/.cache/lantern`. A cache that
cannot be written only costs the rebuild. Like Lean's `.olean` files, a cache entry is trusted when
loaded: it lives in the user's own cache directory and is replaced whenever its sources change.

Loading is what every process pays (the checked prelude: ~10⁵ term nodes), so it is made cheap:
terms equal in every field (binder names and infos included, so indistinguishable) are written once
(`_sharing_pickler`), which divides the nodes to rebuild by about three; and the cyclic garbage
collector is paused while the nodes are rebuilt, since they are all kept and each collection would
only rescan them.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lantern.kernel.expr import Expr


def cache_dir() -> str | None:
    base = os.environ.get("LANTERN_CACHE_DIR")
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        base = os.path.join(xdg, "lantern")
    try:
        os.makedirs(base, exist_ok=True)
    except OSError:
        return None
    return base


def entry_path(name: str) -> str | None:
    base = cache_dir()
    if base is None:
        return None
    return os.path.join(base, f"{name}-py{sys.version_info[0]}{sys.version_info[1]}.pickle")


def load(name: str, key: str, lasting: bool = False) -> Any | None:
    """The data stored under `name` if it was stored with `key`, else None. `lasting`: the data is
    kept to the end of the process (the checked prelude), so it is frozen out of the cyclic
    collector's sight (`gc.freeze`, with all else alive by then): otherwise the first collection
    after loading rescans every node just loaded (~10 ms for the prelude), and later full
    collections do again."""
    path = entry_path(name)
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            collecting = gc.isenabled()
            gc.disable()
            try:
                saved = pickle.load(f)
                found = isinstance(saved, dict) and saved.get("key") == key
                if found and lasting:
                    gc.freeze()
            finally:
                if collecting:
                    gc.enable()
        if found:
            return saved["data"]
    except Exception:  # missing, truncated, from another version: rebuild
        pass
    return None


def store(name: str, key: str, data: Any) -> None:
    path = entry_path(name)
    if path is None:
        return
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as f:
            _sharing_pickler(f).dump({"key": key, "data": data})
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, RecursionError, TypeError):
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _same(e: Expr) -> Expr:
    """What a node equal to an already written one unpickles to: that one."""
    return e


def _sharing_pickler(file: Any) -> pickle.Pickler:
    """A pickler that writes each term once up to equality of every field (made on demand, so that
    importing this module does not import the kernel)."""
    from lantern.kernel.expr import APP, BVAR, CONST, FVAR, LAM, LET, MVAR, NATLIT, PI, PROJ, SORT, STRLIT, Expr, _children

    class _SharingPickler(pickle.Pickler):
        """Writes each term once up to equality of every field: a node equal to one met before is
        written as a reference to it (`_same`), and a node's own children as their representatives."""

        def __init__(self, file: Any, protocol: int) -> None:
            super().__init__(file, protocol)
            self._by_key: dict[tuple, Expr] = {}
            self._rep: dict[int, Expr] = {}  # id of a node (kept alive by the data) ↦ its representative

        def reducer_override(self, obj: Any) -> Any:
            if not isinstance(obj, Expr):
                return NotImplemented
            rep = self._representative(obj)
            if rep is not obj:
                return (_same, (rep,))
            fn, args = obj.__reduce__()
            return fn, tuple(self._rep[id(a)] if isinstance(a, Expr) else a for a in args)

        def _representative(self, e: Expr) -> Expr:
            rep = self._rep
            stack: list[tuple[Expr, bool]] = [(e, False)]
            while stack:  # children first, without recursion
                x, children_done = stack.pop()
                if id(x) in rep:
                    continue
                if not children_done:
                    stack.append((x, True))
                    stack.extend((c, False) for c in _children(x) if id(c) not in rep)
                    continue
                rep[id(x)] = self._by_key.setdefault(self._key(x), x)
            return rep[id(e)]

        def _key(self, x: Expr) -> tuple:
            r = self._rep
            k = x.kind
            if k == APP:
                return (k, id(r[id(x.fn)]), id(r[id(x.arg)]))  # type: ignore[attr-defined]
            if k == LAM or k == PI:
                return (k, x.name, x.binfo, id(r[id(x.type)]), id(r[id(x.body)]))  # type: ignore[attr-defined]
            if k == LET:
                return (k, x.name, x.nondep, id(r[id(x.type)]), id(r[id(x.value)]), id(r[id(x.body)]))  # type: ignore[attr-defined]
            if k == PROJ:
                return (k, x.struct, x.idx, id(r[id(x.expr)]))  # type: ignore[attr-defined]
            if k == CONST:
                return (k, x.name, x.levels)  # type: ignore[attr-defined]
            if k == SORT:
                return (k, x.level)  # type: ignore[attr-defined]
            if k == BVAR:
                return (k, x.idx)  # type: ignore[attr-defined]
            if k == FVAR:
                return (k, x.fid, x.name)  # type: ignore[attr-defined]
            if k == MVAR:
                return (k, x.mid)  # type: ignore[attr-defined]
            if k == NATLIT or k == STRLIT:
                return (k, type(x.value), x.value)  # type: ignore[attr-defined]
            return (k, id(x))  # an unknown kind: never shared

    return _SharingPickler(file, pickle.HIGHEST_PROTOCOL)
