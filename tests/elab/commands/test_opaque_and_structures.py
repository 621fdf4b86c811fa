"""`opaque` adds an opaque constant (the kernel never unfolds it); `structure … extends` records its
parents and gives the parent's fields through `toParent`."""

from __future__ import annotations

from lantern.elab.document import check_document, messages_of
from lantern.kernel.declaration import OpaqueInfo
from lantern.kernel.expr import LAM
from lantern.kernel.name import Name

N = Name.of


def run(text: str):  # type: ignore[no-untyped-def]
    snapshots = check_document(text)
    return snapshots[-1].env, [m.text for m in messages_of(snapshots) if m.severity == "error"]


def test_opaque_is_an_opaque_constant_valued_by_default() -> None:
    env, errors = run("opaque c : Nat\nopaque f (n : Nat) : List Nat\n")
    assert errors == []
    c = env.kernel.get(N("c"))
    assert isinstance(c, OpaqueInfo) and "Inhabited.default" in str(c.value)
    f = env.kernel.get(N("f"))
    assert isinstance(f, OpaqueInfo) and f.value.kind == LAM  # `fun n => default`


def test_opaque_without_an_inhabited_type_fails() -> None:
    _, errors = run("inductive E : Type\nopaque e : E\n")
    assert errors == ["failed to synthesize\n  Inhabited E"]


def test_extends_records_the_parent_and_the_subobject_field() -> None:
    env, errors = run("structure A where\n  x : Nat\nstructure B extends A where\n  y : Nat\n")
    assert errors == []
    info = env.structures[N("B")]
    assert info.parents == (N("A"),) and info.fields == (N("toA"), N("y"))
    assert N("B.toA") in env.kernel and N("B.x") not in env.kernel


def test_a_class_parent_projection_is_an_instance() -> None:
    env, errors = run("class C (α : Type) where\n  c : α\nclass D (α : Type) extends C α where\n  d : α\n")
    assert errors == []
    assert N("D.toC") in {i.name for i in env.instances[N("C")]}
