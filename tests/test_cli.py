"""The `lantern` command's contract at its edges: a bug in Lantern is reported in one line, never as a
traceback, and never as a verdict on the file."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_check_export_reports_an_internal_error_as_cannot_decide(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """A bug in the checker must never read as a verdict on the file: exit 2, one line, no traceback."""
    import lantern.kernel.export_reader as reader
    from lantern.cli import main

    def broken(path, env=None):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(reader, "load_export", broken)
    assert main(["check-export", str(ROOT / "examples" / "Nat.add_succ.ndjson")]) == 2
    err = capsys.readouterr().err
    assert "cannot decide: internal error: ZeroDivisionError: simulated bug" in err


def test_plain_check_reads_arguments_as_argparse_does() -> None:
    """`lantern check FILE…` skips building the argument parser: it must read the same."""
    from lantern.cli import _plain_check, build_parser

    for argv in (["check", "a.ltn"], ["check", "a.ltn", "b c.ltn"], ["check", "check"], ["check", ""]):
        assert vars(_plain_check(argv)) == vars(build_parser().parse_args(argv))
    for argv in ([], ["check"], ["check", "--json", "a"], ["check", "a", "-h"], ["check", "--", "a"], ["check", "-"], ["export", "a"]):
        assert _plain_check(argv) is None
