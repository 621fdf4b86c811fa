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
    print(f"{args.file}: accepted: {result.declarations} declarations, {len(result.env)} constants checked")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lantern", description="Lantern: a proof language in the style of Lean 4.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser(
        "check-export",
        help="re-check a lean4export NDJSON file with the kernel alone (exit 0 accept, 1 reject, 2 cannot decide)",
    )
    p.add_argument("file")
    p.set_defaults(run=cmd_check_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
