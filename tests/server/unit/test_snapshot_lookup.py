"""Finding the checked command at an offset, as `Document.snapshot_at` does but in O(log n)."""

from __future__ import annotations

from lantern.elab.incremental import Document
from lantern.server.open_document import snapshot_containing

TEXT = "prelude\ninductive N where\n  | z\n\ndef a : N := N.z\n\n\ndef b : N := N.z\n"


def test_agrees_with_the_engine_everywhere() -> None:
    doc = Document(TEXT)
    doc.run()
    for offset in range(-1, len(TEXT) + 2):
        assert snapshot_containing(doc.snapshots, offset) is doc.snapshot_at(offset), offset
    assert snapshot_containing([], 0) is None


def test_a_prefix_of_the_commands() -> None:
    doc = Document(TEXT)
    doc.run()
    first = doc.snapshots[:1]
    assert snapshot_containing(first, TEXT.index("def b")) is None
    assert snapshot_containing(first, TEXT.index("where")) is doc.snapshots[0]
