"""Every `.ltn` file here checks with exactly the messages in its `.expected` file."""

from __future__ import annotations

import pytest

from tests.ltn.harness import HERE, check_output

FILES = sorted(p.stem for p in HERE.glob("*.ltn"))


@pytest.mark.parametrize("name", FILES)
def test_messages_are_as_expected(name: str) -> None:
    code, out = check_output(name)
    expected = (HERE / f"{name}.expected").read_text(encoding="utf-8")
    assert out == expected
    assert code == (1 if ": error: " in expected else 0)


def test_there_are_test_files() -> None:
    assert FILES
