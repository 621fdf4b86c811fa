"""`export Ns (a b)` and `deriving instance C for T` parse as commands of their own, and a column-0
`deriving instance` starts a command while a `deriving C` clause stays with its declaration."""

from __future__ import annotations

from lantern.elab.syntax import tree as T
from lantern.elab.syntax.commands import split_commands
from lantern.elab.syntax.parser import parse_command, parse_document


def test_export_names_the_namespace_and_the_aliases() -> None:
    cmd = parse_command("export Decidable (isTrue isFalse decide)")
    assert isinstance(cmd, T.Export)
    assert cmd.namespace == "Decidable" and cmd.names == ("isTrue", "isFalse", "decide")
    assert [s.start for s in cmd.name_spans] == [18, 25, 33]


def test_deriving_instance_lists_classes_and_types() -> None:
    cmd = parse_command("deriving instance Repr, BEq for Foo, Bar.Baz")
    assert isinstance(cmd, T.DerivingInstance)
    assert cmd.classes == ("Repr", "BEq") and cmd.types == ("Foo", "Bar.Baz")
    assert len(cmd.class_spans) == 2 and len(cmd.type_spans) == 2


def test_a_deriving_clause_stays_with_its_declaration() -> None:
    text = "structure P where\n  x : Nat\nderiving Repr, BEq\nderiving instance DecidableEq for P\n"
    assert len(split_commands(text)) == 2
    first, second = parse_document(text)
    assert isinstance(first, T.Structure) and first.deriving == ("Repr", "BEq")
    assert [text[s.start : s.end] for s in first.deriving_spans] == ["Repr", "BEq"]
    assert isinstance(second, T.DerivingInstance) and second.types == ("P",)


def test_export_needs_parenthesised_names() -> None:
    assert isinstance(parse_command("export Nat"), T.ParseError)
