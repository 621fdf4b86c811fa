"""The prelude checks, and the kernel accepts its Nat operations for literal arithmetic (their
defining equations hold definitionally), so numerals compute fast."""

from __future__ import annotations

from lantern.elab.document import check_document, empty_env, initial_env, messages_of
from lantern.kernel.name import Name
from lantern.kernel.nat_ext import verify
from lantern.kernel.type_checker import TypeChecker

PRELUDE_NAMES = ["Nat.add", "Nat.sub", "Nat.mul", "Nat.beq", "List.append", "instHAdd", "instOfNatNat", "rfl", "ite"]


def test_the_prelude_checks_without_messages() -> None:
    from pathlib import Path

    import lantern.elab

    text = (Path(lantern.elab.__file__).parent / "prelude" / "Prelude.ltn").read_text(encoding="utf-8")
    assert messages_of(check_document(text, empty_env())) == []


def test_the_prelude_declares_lean_core_names() -> None:
    env = initial_env()
    for name in PRELUDE_NAMES:
        assert Name.of(name) in env.kernel, name


def test_nat_operations_are_verified_for_literal_arithmetic() -> None:
    env = initial_env()
    tc = TypeChecker(env.kernel)
    for op in ["Nat.add", "Nat.sub", "Nat.mul", "Nat.beq"]:
        assert verify(tc, Name.of(op)), op


def test_each_document_gets_its_own_copy() -> None:
    a, b = initial_env(), initial_env()
    assert a.kernel is not b.kernel
    snaps = check_document("def onlyHere : Nat := 1\n")
    assert Name.of("onlyHere") in snaps[-1].env.kernel
    assert Name.of("onlyHere") not in initial_env().kernel
