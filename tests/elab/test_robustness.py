"""Inputs at the limits: each gives a clear message on its own command, never a traceback, and the
rest of the file is still checked."""

from __future__ import annotations

from lantern.elab.document import check_document, messages_of


def messages(text: str) -> list[tuple[str, str]]:
    return [(m.severity, m.text) for m in messages_of(check_document(text))]


def test_deep_nesting_is_an_error_of_its_command_only() -> None:
    text = "def deep : Nat := " + "(" * 3000 + "1" + ")" * 3000 + "\n#eval 1 + 1\n"
    out = messages(text)
    assert out[0][0] == "error" and "nested too deeply" in out[0][1]
    assert out[1] == ("info", "2")


def test_long_operator_chains_are_an_error_of_their_command_only() -> None:
    text = "def sum : Nat := " + " + ".join(["1"] * 3000) + "\n#eval 3 * 3\n"
    out = messages(text)
    assert out[0][0] == "error" and "deeply nested" in out[0][1]
    assert out[1] == ("info", "9")


def test_numerals_have_no_size_limit() -> None:
    big = "9" * 5000
    out = messages(f"#eval {big} + 1\n")
    assert out == [("info", "1" + "0" * 5000)]


def test_empty_and_comment_only_files() -> None:
    assert messages("") == []
    assert messages("-- nothing\n/- nested /- comment -/ -/\n") == []


def test_a_lone_operator_where_a_term_belongs() -> None:
    """Found by fuzzing: `⟨<, rfl⟩` reached the elaborator with a raw token inside."""
    out = messages("def x : Nat := ⟨<, rfl⟩\n#eval 1\n")
    assert out[0] == ("error", "expected a term, found '<'")
    assert out[1] == ("info", "1")
