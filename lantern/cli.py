"""The `lantern` command. Each subcommand imports only the layers it needs: `check-export` loads the
kernel alone, so that re-checking an export trusts nothing else."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    import argparse


def cmd_check_export(args: argparse.Namespace) -> int:
    from lantern.kernel.errors import KernelError
    from lantern.kernel.export_reader import ExportFormatError, Unsupported, load_export

    try:
        result = load_export(args.file)
    except KernelError as ex:
        print(f"{args.file}: rejected: {ex}", file=sys.stderr)
        return 1
    except ExportFormatError as ex:
        print(f"{args.file}: rejected: malformed export: {ex}", file=sys.stderr)
        return 1
    except Unsupported as ex:
        print(f"{args.file}: cannot decide: {ex}", file=sys.stderr)
        return 2
    except OSError as ex:
        print(f"{args.file}: cannot decide: cannot read the file: {ex.strerror or ex}", file=sys.stderr)
        return 2
    except Exception as ex:  # a bug in Lantern is no verdict on the file
        print(f"{args.file}: cannot decide: internal error: {type(ex).__name__}: {ex}", file=sys.stderr)
        return 2
    print(f"{args.file}: accepted: {result.declarations} declarations, {len(result.env)} constants checked")
    return 0


# Every 8 commands, what a one-shot check has built is hidden from the cyclic collector
# (`check_document`): on the 300-function file its time went from 0.13 s (every 64) to 0.004 s, for
# ~9 MB more kept (what cyclic garbage a command leaves is then frozen with it).
FREEZE_EVERY = 8


def check_file(path: str, as_json: bool = False, in_parallel: bool = True) -> tuple[bool, list]:
    """Check one file and print its messages; returns (failed, snapshots). `in_parallel`: theorem
    proofs in a second process (the snapshots then hold theorems whose proofs are elsewhere)."""
    try:  # a broken installation is one line of error, not a traceback
        from lantern.elab.document import check_document, messages_of
        from lantern.elab.syntax.source import LineIndex
    except Exception as ex:
        print(f"{path}:1:1: error: internal error: cannot load Lantern's front end: {type(ex).__name__}: {ex}")
        return True, []
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as ex:
        print(f"{path}:1:1: error: cannot read the file: {ex}")
        return True, []
    index = LineIndex(text)
    try:
        snapshots = check_document(text, freeze_every=FREEZE_EVERY, defer_proofs=in_parallel)
    except Exception as ex:  # the prelude or the driver failed: a bug in Lantern, not in the file
        print(f"{path}:1:1: error: internal error: {type(ex).__name__}: {ex}")
        return True, []
    failed = False
    for m in messages_of(snapshots):
        line, col = index.position(m.span.start)
        failed |= m.severity == "error"
        if as_json:
            import json

            print(json.dumps({"file": path, "line": line + 1, "column": col + 1, "severity": m.severity, "text": m.text}, ensure_ascii=False))
        else:
            print(f"{path}:{line + 1}:{col + 1}: {m.severity}: {m.text}")
    return failed, snapshots


def cmd_check(args: argparse.Namespace) -> int:
    failed = False
    for path in args.files:
        failed |= check_file(path, args.json)[0]
    return 1 if failed else 0


def cmd_export(args: argparse.Namespace) -> int:
    """Check the file, then write its whole environment (prelude included) as lean4export NDJSON, so
    that `lantern check-export` re-checks every declaration with the kernel alone. A file with errors
    is not exported."""
    from lantern.kernel.export_writer import write_export

    failed, snapshots = check_file(args.file, in_parallel=False)  # every proof is exported
    if failed:
        print(f"{args.file}: not exported: the file has errors", file=sys.stderr)
        return 1
    if snapshots:
        env = snapshots[-1].env.kernel
    else:
        from lantern.elab.document import initial_env

        env = initial_env().kernel
    with open(args.output, "w", encoding="utf-8") as out:
        write_export(env, out)
    return 0


def cmd_server(args: argparse.Namespace) -> int:
    try:  # a broken installation is one line on stderr (the editor's log), not a traceback
        from lantern.server.app import serve
    except Exception as ex:
        print(f"lantern server: internal error: cannot load the language server: {type(ex).__name__}: {ex}", file=sys.stderr)
        return 1

    return serve(log_level=args.log_level)


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(prog="lantern", description="Lantern: a proof language in the style of Lean 4.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser(
        "check-export",
        help="re-check a lean4export NDJSON file with the kernel alone (exit 0 accept, 1 reject, 2 cannot decide)",
    )
    p.add_argument("file")
    p.set_defaults(run=cmd_check_export)
    p = sub.add_parser("check", help="check .ltn files; print each message as FILE:LINE:COL: severity: text (exit 1 on error)")
    p.add_argument("files", nargs="+")
    p.add_argument("--json", action="store_true", help="one JSON object per message")
    p.set_defaults(run=cmd_check)
    p = sub.add_parser("export", help="check a .ltn file and write its environment as lean4export NDJSON")
    p.add_argument("file")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(run=cmd_export)
    p = sub.add_parser("server", help="the language server, on stdin/stdout")
    p.add_argument("--stdio", action="store_true", help="ignored: stdio is the only transport (VS Code's client adds it)")
    p.add_argument("--log-level", default="WARNING", help="what to log on stderr (DEBUG, INFO, WARNING, ERROR)")
    p.set_defaults(run=cmd_server)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _plain_check(argv) or build_parser().parse_args(argv)
    return int(args.run(args))


def _plain_check(argv: list[str]) -> argparse.Namespace | None:
    """`lantern check FILE…` without options, read as `build_parser` reads it but without building
    it: `argparse` and the translations it looks up cost a start ~6 ms. Anything else: None."""
    if len(argv) < 2 or argv[0] != "check" or any(a.startswith("-") for a in argv[1:]):
        return None
    from types import SimpleNamespace

    return SimpleNamespace(command="check", files=argv[1:], json=False, run=cmd_check)  # type: ignore[return-value]


if __name__ == "__main__":
    sys.exit(main())
