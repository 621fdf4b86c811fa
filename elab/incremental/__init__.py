"""The incremental document engine the language server drives (`Document`): one snapshot per
command; after an edit, unchanged commands before it are kept, unchanged commands after it are
replayed when nothing they depend on changed, and the rest is checked again.

- `engine.py`: `Document` (the API: `set_text`, `step`, `snapshots`, …) and the reuse rule;
- `record.py`: what is kept of each checked command (its delta and what it depends on);
- `reads.py`: seeing which constants a command's check looked up;
- `replay.py`: applying a kept command to the environment after an edit, at its new offset;
- `compare.py`: comparing constants before and after an edit.
"""

from .engine import Document

__all__ = ["Document"]
