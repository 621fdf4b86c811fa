"""Syntax errors: a precise span and a clear message, confined to their command."""

import pytest

from lantern.elab.syntax import tree as T
from lantern.elab.syntax.commands import split_commands
from lantern.elab.syntax.parser import parse_command, parse_document


def error(text: str) -> T.ParseError:
    c = parse_command(text)
    assert isinstance(c, T.ParseError), c
    return c


@pytest.mark.parametrize(
    "text, message, at",
    [
        ("def x :=", "expected term after ':='", ""),
        ("def x := )", "unexpected token ')'; expected term", ")"),
        ("def x := (1 + 2", "expected ')'", ""),
        ("theorem foo : P := by", "expected tactic after 'by'", ""),
        ("theorem foo : P := by\n  exact", "expected term after 'exact'", ""),
        ("theorem t : True := by\n  simp\n  foo bar", "unexpected identifier 'foo'; expected tactic", "foo"),
        ("def := 1", "unexpected token ':='; expected identifier", ":="),
        ("structure", "expected identifier after 'structure'", ""),
        ("def x := 2.5", "decimal literals are not supported", "2.5"),
        ('def x := "abc', "unterminated string literal", '"abc'),
        ("def x := 1 /- abc", "unterminated comment", "/- abc"),
        ("def x := a ? b", "unexpected character '?'", "?"),
        ('def x := "\\q"', "invalid escape sequence '\\q'", '"\\q"'),
        ("def f : Nat → Nat\n  | 0 =>\n  | n => n", "unexpected token '|'; expected term", "|"),
        ("def x := f {y : Nat}", "unexpected binder", "{y : Nat}"),
        ("oops", "unexpected identifier 'oops'; expected command", "oops"),
        ("theorem t : True := by\n  cases h with\n  | inl => trivial\n  | inr =>", "expected tactic after '=>'", ""),
    ],
)
def test_messages_and_spans(text, message, at):
    e = error(text)
    assert e.message.startswith(message), e.message
    assert text[e.span.start:e.span.end] == at
    if at == "":  # a missing piece is pointed at right after what precedes it
        assert e.span.start == len(text.rstrip())


def test_an_error_stays_in_its_command():
    text = (
        "def a := 1\n"
        "\n"
        "theorem broken : True := by\n"
        "  exact (foo\n"
        "\n"
        "def b (x : Nat) : Nat := x + 1\n"
        "#eval b a\n"
    )
    spans = split_commands(text)
    cmds = parse_document(text)
    assert [type(c).__name__ for c in cmds] == ["Definition", "ParseError", "Definition", "HashCmd"]
    a, broken, b, ev = cmds
    assert broken.span.start >= spans[1][0] and broken.span.end <= spans[1][1]
    assert text[b.span.start:b.span.end] == "def b (x : Nat) : Nat := x + 1"
    assert text[ev.span.start:ev.span.end] == "#eval b a"
    assert b.sig.name == "b" and text[b.sig.name_span.start:b.sig.name_span.end] == "b"


def test_error_spans_are_document_offsets():
    text = "def ok := 1\ndef bad := (\ndef ok2 := 2\n"
    cmds = parse_document(text)
    bad = cmds[1]
    assert isinstance(bad, T.ParseError)
    assert bad.span.start == text.index("(") + 1  # right after the open parenthesis
    assert cmds[2].span == T.Span(text.index("def ok2"), text.index("def ok2") + len("def ok2 := 2"))


def test_parse_never_raises_on_garbage():
    for text in ["", "   ", ")))", "def", "@[", "/--", "#", "fun", "by by by", "| | |", "⟨", "λ", "∀", "def x := ·", "theorem x : ∀ , P := _"]:
        c = parse_command(text)
        assert isinstance(c, (T.ParseError, T.Definition, T.HashCmd)), (text, c)
