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
