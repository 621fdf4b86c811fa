"""A bug while checking one command costs that command only: it becomes an error on the command, the
commands after it are checked, and an edit checks it again."""

from __future__ import annotations

import pytest

from lantern.elab.incremental import Document, engine

SOURCE = "def a := 1\n\ndef b := 2\n\ndef c := b + 1\n"


def test_a_command_whose_check_raises_is_an_error_and_the_rest_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    real = engine.check_recorded

    def flaky(text: str, start: int, end: int, before):  # type: ignore[no-untyped-def]
        if text[start:].startswith("def b"):
            raise RuntimeError("boom")
        return real(text, start, end, before)

    monkeypatch.setattr(engine, "check_recorded", flaky)
    doc = Document(SOURCE)
    doc.run()
    errors = [m for m in doc.messages() if m.severity == "error"]
    assert [m.text for m in errors][:1] == ["internal error while checking this command: RuntimeError: boom"]
    assert SOURCE[errors[0].span.start :].startswith("def b")
    assert any("unknown identifier 'b'" in m.text for m in errors[1:])  # `c` was checked after it

    monkeypatch.setattr(engine, "check_recorded", real)
    doc.set_text(SOURCE.replace("def a := 1", "def a := 10"))
    doc.run()
    assert doc.messages() == []  # `b` checked again, and `c` with it
