"""Aliases made by `export` resolve like constants (Lean's `getAliases` in `resolveGlobalName`), and
the pretty printer, which prints the shortest name resolving back to a constant, uses them."""

from __future__ import annotations

from lantern.elab.document import check_document, messages_of
from lantern.elab.names import resolve_global
from lantern.kernel.name import Name

N = Name.of


def env_after(text: str):  # type: ignore[no-untyped-def]
    snapshots = check_document(text)
    assert [m.text for m in messages_of(snapshots) if m.severity == "error"] == []
    return snapshots[-1].env


def test_prelude_exports_resolve_to_their_constants() -> None:
    env = env_after("#check 1")
    assert [r.name for r in resolve_global(env, "true")] == [N("Bool.true")]
    assert [r.name for r in resolve_global(env, "decide")] == [N("Decidable.decide")]
    assert [r.name for r in resolve_global(env, "some")] == [N("Option.some")]
    assert [r.name for r in resolve_global(env, "default")] == [N("Inhabited.default")]


def test_an_alias_lives_in_the_namespace_of_the_export() -> None:
    env = env_after("namespace A\ndef f : Nat := 1\nend A\nnamespace B\nexport A (f)\nend B\n")
    assert N("B.f") in env.aliases and env.aliases[N("B.f")] == (N("A.f"),)
    assert [r.name for r in resolve_global(env, "B.f")] == [N("A.f")]
    assert resolve_global(env, "f") == []


def test_an_alias_and_a_field_access() -> None:
    env = env_after("namespace A\ndef xs : List Nat := [1]\nend A\nexport A (xs)\n")
    found = resolve_global(env, "xs.length")
    assert [(r.name, r.fields) for r in found] == [(N("A.xs"), ("length",))]


def test_the_printer_shows_exported_names_short() -> None:
    snapshots = check_document("#check (Bool.true, Decidable.decide (1 = 1), Option.some 2)")
    assert messages_of(snapshots)[0].text == "(true, decide (1 = 1), some 2) : Bool × Bool × Option Nat"
