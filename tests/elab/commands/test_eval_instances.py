"""Which instance `#eval` shows a value with: the user's `Repr`, else the user's `ToString`; the
prelude's and derived instances print as the built-in printing does (`eval_hook.py`)."""

from __future__ import annotations

from lantern.elab.command.eval_hook import make_repr_hook
from lantern.elab.document import check_document, messages_of
from lantern.kernel.expr import Const, mk_app
from lantern.kernel.level import ZERO_LEVEL
from lantern.kernel.name import Name


def run(text: str):  # type: ignore[no-untyped-def]
    snapshots = check_document(text)
    return snapshots[-1].env, [m.text for m in messages_of(snapshots)]


def test_built_in_and_derived_instances_are_left_to_the_printer() -> None:
    env, msgs = run("structure P where\n  x : Nat\nderiving Repr\n")
    assert msgs == []
    hook = make_repr_hook(env)
    assert hook(Const(Name.of("Nat"))) is None
    assert hook(mk_app(Const(Name.of("List"), (ZERO_LEVEL,)), [Const(Name.of("Nat"))])) is None
    assert hook(Const(Name.of("P"))) is None


def test_a_user_repr_instance_is_run() -> None:
    env, msgs = run(
        "structure P where\n  x : Nat\n"
        "instance : Repr P := ⟨fun p _ => Std.Format.text \"P\" ++ repr p.x⟩\n#eval [({ x := 4 } : P)]\n"
    )
    assert msgs == ["[P4]"]
    result = make_repr_hook(env)(Const(Name.of("P")))
    assert result is not None and result.with_prec


def test_to_string_when_there_is_no_repr() -> None:
    _, msgs = run("structure Q where\n  s : String\ninstance : ToString Q := ⟨fun q => q.s⟩\n#eval ({ s := \"hi\" } : Q)\n")
    assert msgs == ["hi"]


def test_repr_wins_over_to_string() -> None:
    _, msgs = run(
        "structure R where\n  n : Nat\ninstance : ToString R := ⟨fun _ => \"string\"⟩\n"
        "instance : Repr R := ⟨fun _ _ => Std.Format.text \"repr\"⟩\n#eval ({ n := 1 } : R)\n"
    )
    assert msgs == ["repr"]
