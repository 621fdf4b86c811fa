"""A small on-disk cache for what the front end derives from its own sources (the parser's tables,
the checked prelude): one pickle per entry, keyed by a hash of everything it was derived from, written
atomically, ignored if missing, stale or unreadable.

Location: `$LANTERN_CACHE_DIR`, else `$XDG_CACHE_HOME/lantern`, else `~/.cache/lantern`. A cache that
cannot be written only costs the rebuild. Like Lean's `.olean` files, a cache entry is trusted when
loaded: it lives in the user's own cache directory and is replaced whenever its sources change.
"""

from __future__ import annotations

import os
import pickle
import sys
from typing import Any


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


def load(name: str, key: str) -> Any | None:
    """The data stored under `name` if it was stored with `key`, else None."""
    path = entry_path(name)
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            saved = pickle.load(f)
        if isinstance(saved, dict) and saved.get("key") == key:
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
            pickle.dump({"key": key, "data": data}, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, RecursionError, TypeError):
        try:
            os.unlink(tmp)
        except OSError:
            pass
