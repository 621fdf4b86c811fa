"""The incremental engine: what an edit keeps, and that the result equals a check from scratch."""

from __future__ import annotations

from lantern.elab.document import check_document, messages_of
from lantern.elab.incremental import Document

SOURCE = """def double (n : Nat) : Nat := n + n

theorem double_zero : double 0 = 0 := rfl

theorem double_one : double 1 = 2 := by decide

#eval double 21
"""


def outputs(messages) -> list[tuple[int, int, str, str]]:
    return [(m.span.start, m.span.end, m.severity, m.text) for m in messages]


def test_complete_run_matches_a_check_from_scratch() -> None:
    doc = Document(SOURCE)
    assert not doc.complete
    doc.run()
    assert doc.complete and doc.checked_up_to == len(SOURCE)
    assert outputs(doc.messages()) == outputs(messages_of(check_document(SOURCE)))


def test_edit_keeps_the_unchanged_prefix_and_replays_what_does_not_depend_on_it() -> None:
    doc = Document(SOURCE)
    doc.run()
    edited = SOURCE.replace("double 1 = 2 := by decide", "double 1 = 3 := by decide")
    doc.set_text(edited)
    assert doc.reused == 2  # `double` and `double_zero`
    doc.run()
    assert (doc.rechecked, doc.replayed) == (1, 1)  # `double_one` checked again, `#eval` replayed
    assert outputs(doc.messages()) == outputs(messages_of(check_document(edited)))
    assert any(m.severity == "error" for m in doc.messages())


def test_snapshot_at_finds_each_command_and_the_boundary_belongs_to_the_earlier() -> None:
    doc = Document(SOURCE)
    doc.run()
    for snapshot in doc.snapshots:
        assert doc.snapshot_at(snapshot.span.start + 1) is snapshot
        assert doc.snapshot_at(snapshot.span.end) is snapshot
    assert doc.snapshot_at(0) is doc.snapshots[0]


def test_snapshot_at_finds_the_command_and_waits_for_unchecked_ones() -> None:
    doc = Document(SOURCE)
    offset = SOURCE.index("decide")
    assert doc.snapshot_at(offset) is None
    while doc.snapshot_at(offset) is None:
        assert doc.step() is not None
    assert "decide" in SOURCE[doc.snapshot_at(offset).span.start : doc.snapshot_at(offset).span.end]


def test_a_file_starting_with_prelude_starts_empty() -> None:
    doc = Document("prelude\ninductive N where\n  | z : N\n#check N.z\n")
    doc.run()
    assert [m.text for m in doc.messages()] == ["N.z : N"]
    doc.set_text("def x := 1\n")  # no `prelude` now: the prelude's environment again
    doc.run()
    assert doc.messages() == []
