"""`source_stamp` (what says the prelude cache's key is still known) changes whenever a source file
does: written (even to the same size, with its modification time set back), added, removed."""

from __future__ import annotations

import os
import time
from pathlib import Path

from lantern.elab.source_stamp import source_stamp


def _tree(root: Path) -> None:
    (root / "sub").mkdir()
    (root / "__pycache__").mkdir()
    (root / "a.py").write_text("x = 1\n")
    (root / "sub" / "b.py").write_text("y = 2\n")
    (root / "notes.txt").write_text("not a source\n")
    (root / "__pycache__" / "c.py").write_text("ignored\n")


def test_stamp_is_stable_and_sees_every_change(tmp_path: Path) -> None:
    _tree(tmp_path)
    extra = tmp_path / "extra.ltn"
    extra.write_text("-- prelude\n")
    roots, files = [str(tmp_path)], [str(extra)]
    first = source_stamp(roots, ".py", files)
    assert source_stamp(roots, ".py", files) == first
    assert "a.py" in first and "sub/b.py" in first.replace(os.sep, "/") and "notes.txt" not in first
    assert "__pycache__" not in first

    # Same size, modification time set back: the status-change time still moves.
    b = tmp_path / "sub" / "b.py"
    before = os.stat(b)
    time.sleep(0.05)  # file times advance by clock ticks (a few ms), not on every write
    os.utime(b, ns=(before.st_atime_ns, before.st_mtime_ns - 10**9))  # a write an hour "earlier"...
    b.write_text("y = 3\n")
    os.utime(b, ns=(before.st_atime_ns, before.st_mtime_ns))  # ...and its time restored
    assert os.stat(b).st_size == before.st_size and os.stat(b).st_mtime_ns == before.st_mtime_ns
    second = source_stamp(roots, ".py", files)
    assert second != first

    (tmp_path / "sub" / "new.py").write_text("")
    third = source_stamp(roots, ".py", files)
    assert third != second
    time.sleep(0.05)
    (tmp_path / "sub" / "new.py").unlink()
    assert source_stamp(roots, ".py", files) != third

    before_extra = source_stamp(roots, ".py", files)
    time.sleep(0.05)
    extra.write_text("-- prelude!\n")
    assert source_stamp(roots, ".py", files) != before_extra
