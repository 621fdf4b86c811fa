"""The prelude checks, and the kernel accepts its Nat operations for literal arithmetic (their
defining equations hold definitionally), so numerals compute fast."""

from __future__ import annotations

import os

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
    for op in ["Nat.add", "Nat.sub", "Nat.mul", "Nat.beq", "Nat.pow"]:
        assert verify(tc, Name.of(op)), op


def test_each_document_gets_its_own_copy() -> None:
    a, b = initial_env(), initial_env()
    assert a.kernel is not b.kernel
    snaps = check_document("def onlyHere : Nat := 1\n")
    assert Name.of("onlyHere") in snaps[-1].env.kernel
    assert Name.of("onlyHere") not in initial_env().kernel


def test_the_cached_prelude_is_the_checked_prelude(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Loaded from the disk cache (in a fresh process, so with different string hashes), the prelude
    has exactly the constants of a freshly checked one, and they work."""
    import os
    import subprocess
    import sys

    monkeypatch.setenv("LANTERN_CACHE_DIR", str(tmp_path))
    code = (
        "from lantern.elab.document import initial_env, check_document, messages_of;"
        "env = initial_env();"
        "print(len(env.kernel));"
        "print([m.text for m in messages_of(check_document('#eval 2 + 3 * 4\\n'))])"
    )
    runs = []
    for seed in ("1", "2"):  # the first run checks and stores, the second loads
        environ = {**os.environ, "PYTHONHASHSEED": seed, "LANTERN_CACHE_DIR": str(tmp_path)}
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environ)
        assert proc.returncode == 0, proc.stderr
        runs.append(proc.stdout)
    assert runs[0] == runs[1]
    assert "'14'" in runs[1]
    assert any(name.startswith("prelude-") for name in os.listdir(tmp_path))


def test_a_stale_cache_entry_is_ignored(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from lantern.elab import cache

    monkeypatch.setenv("LANTERN_CACHE_DIR", str(tmp_path))
    cache.store("thing", "key-1", {"x": 1})
    assert cache.load("thing", "key-1") == {"x": 1}
    assert cache.load("thing", "key-2") is None
    (tmp_path / os.listdir(tmp_path)[0]).write_bytes(b"not a pickle")
    assert cache.load("thing", "key-1") is None

