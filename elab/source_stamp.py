"""A cheap fingerprint of source files, to find a cache entry keyed by their contents without reading
them: the checked prelude's key is a hash of the prelude and of every source file of the front end
and the kernel (~1 MB, ~15 ms to read and hash at each start), and this stamp, taken from the files'
metadata alone (~1 ms), says when that hash is known already (`document.initial_env`).

The stamp changes whenever a file is written, replaced, added, removed or renamed: it holds each
file's path, inode, size, modification time and status-change time (`st_ctime`, which the system
sets on every write or metadata change and which, unlike the modification time, no tool can set
back). A changed stamp only costs reading and hashing the files once more. Like Python's own
bytecode cache, it trusts file times: two writes of the same size within one tick of the file
clock (a few milliseconds), with a check reading the files in between, would go unseen.
"""

from __future__ import annotations

import os
from typing import Iterable


def source_stamp(roots: Iterable[str], suffix: str, files: Iterable[str] = ()) -> str:
    """The stamp of every file named `*suffix` under the directories `roots` (recursively, as
    `Path.rglob`), and of the given `files`, in a fixed order."""
    lines = []
    for root in roots:
        lines.append(f"{root}/")
        found = []
        skip = len(os.path.join(root, ""))  # the path relative to `root` follows
        stack = [root]
        while stack:
            folder = stack.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir():
                        if entry.name != "__pycache__":
                            stack.append(entry.path)
                    elif entry.name.endswith(suffix):
                        found.append((entry.path[skip:], entry.stat()))
        found.sort()
        lines.extend(_stat_line(rel, st) for rel, st in found)
    for path in files:
        lines.append(_stat_line(path, os.stat(path)))
    return "\n".join(lines)


def _stat_line(name: str, st: os.stat_result) -> str:
    return f"{name}\t{st.st_ino}\t{st.st_size}\t{st.st_mtime_ns}\t{st.st_ctime_ns}"
