"""Run `lantern check` on a test file and return its output as the CLI prints it, with the path
relative to this folder, so expectations do not depend on where the repository lives."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

from lantern.cli import main

HERE = Path(__file__).resolve().parent


def check_output(name: str) -> tuple[int, str]:
    out = io.StringIO()
    cwd = os.getcwd()
    try:
        os.chdir(HERE)
        with contextlib.redirect_stdout(out):
            code = main(["check", f"{name}.ltn"])
    finally:
        os.chdir(cwd)
    return code, out.getvalue()
