"""Writing an environment as NDJSON and reading it back gives the same environment, and the written
file passes `lantern check-export`."""

from __future__ import annotations

import io
from pathlib import Path

from lantern.cli import main
from lantern.kernel.export_reader import ExportReader, load_export
from lantern.kernel.export_writer import write_export

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "Nat.add_succ.ndjson"


def test_round_trip_of_the_lean_export(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    original = load_export(str(EXAMPLE)).env
    out = tmp_path / "again.ndjson"
    with open(out, "w", encoding="utf-8") as f:
        write_export(original, f)
    reread = load_export(str(out)).env
    assert reread.order == original.order
    for name in original.order:
        assert reread.get(name) == original.get(name), name
    assert main(["check-export", str(out)]) == 0
    assert "accepted" in capsys.readouterr().out


def test_written_file_uses_format_3_1_0() -> None:
    buf = io.StringIO()
    write_export(load_export(str(EXAMPLE)).env, buf)
    lines = buf.getvalue().splitlines()
    assert '"version":"3.1.0"' in lines[0]
    assert any(line.startswith('{"inductive":{"types"') for line in lines)
    reader = ExportReader()
    reader.read_lines(lines)
    assert reader.declarations == 19


def test_forked_environments_are_independent() -> None:
    """A fork sees everything before it; what is added to one side does not show in the other,
    including across the flattening of the recent additions into a new base."""
    from lantern.kernel.environment import FLATTEN_AT
    from lantern.kernel.name import Name
    from tests.kernel.builders import NAT, add_nat, axiom, env_with

    NAME_B = Name.of("b")
    base = env_with(add_nat)
    left, right = base.fork(), base.fork()
    for i in range(FLATTEN_AT + 10):  # forces `left` to flatten
        left.add(axiom(f"a{i}", NAT))
    right.add(axiom("b", NAT))
    assert "a0" not in {str(n) for n in right.order} and right.find(NAME_B) is not None
    assert left.find(NAME_B) is None and base.find(NAME_B) is None
    assert len(left) == len(base) + FLATTEN_AT + 10
    assert left.order[: len(base)] == base.order
    fork_of_left = left.fork()
    fork_of_left.add(axiom("c", NAT))
    assert "c" not in {str(n) for n in left.order}

