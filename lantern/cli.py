"""The `lantern` command. Each subcommand imports only the layers it needs: `check-export` loads the
kernel alone, so that re-checking an export trusts nothing else."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence


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


def cmd_check(args: argparse.Namespace) -> int:
    import json

    from lantern.elab.document import check_document, messages_of
    from lantern.elab.syntax.source import LineIndex

    failed = False
    for path in args.files:
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as ex:
            print(f"{path}:1:1: error: cannot read the file: {ex}")
            failed = True
            continue
        index = LineIndex(text)
        try:
            snapshots = check_document(text, freeze_every=64)
        except Exception as ex:  # the prelude or the driver failed: a bug in Lantern, not in the file
            print(f"{path}:1:1: error: internal error: {type(ex).__name__}: {ex}")
            failed = True
            continue
        for m in messages_of(snapshots):
            line, col = index.position(m.span.start)
            failed |= m.severity == "error"
            if args.json:
                print(json.dumps({"file": path, "line": line + 1, "column": col + 1, "severity": m.severity, "text": m.text}, ensure_ascii=False))
            else:
                print(f"{path}:{line + 1}:{col + 1}: {m.severity}: {m.text}")
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
