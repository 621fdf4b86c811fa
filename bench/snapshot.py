"""A frozen copy of the project's code for one benchmark run.

The repository may be edited while a long run is under way (other work goes on in the same tree),
and a run whose measurements saw different code is worthless. So by default the runner copies the
code once, at the start, into a temporary folder laid out the way Python imports it —
`lantern/`, `lantern/kernel/`, … following `[tool.setuptools.package-dir]` of pyproject.toml — plus
`bench/` and the data folders, and runs every worker there (working directory and `PYTHONPATH`).
Python's path finder comes before the editable install's finder, so the copy is what gets imported.
"""

from __future__ import annotations

import compileall
import hashlib
import os
import shutil
import tempfile
import tomllib
from pathlib import Path

from .registry import REPO_ROOT

# Folders copied as they are besides the packages (workload inputs, the harness itself).
DATA_DIRS = ("bench", "examples")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "results", "node_modules", "*.tmp")


def package_dirs(root: str = REPO_ROOT) -> dict[str, str]:
    """Import name -> folder of the repository, from pyproject.toml."""
    with open(os.path.join(root, "pyproject.toml"), "rb") as f:
        data = tomllib.load(f)
    mapping = data.get("tool", {}).get("setuptools", {}).get("package-dir", {})
    return {name: folder for name, folder in mapping.items() if name}


def make(root: str = REPO_ROOT) -> tuple[str, str]:
    """Copy the code into a new temporary folder; returns (folder, digest of the copied sources)."""
    dest = tempfile.mkdtemp(prefix="lantern-bench-")
    for name, folder in sorted(package_dirs(root).items(), key=lambda kv: kv[0].count(".")):
        src = os.path.join(root, folder)
        target = os.path.join(dest, *name.split("."))
        if os.path.isdir(src):
            # Parents first (sorted by depth), so a subpackage lands inside its parent's copy.
            shutil.copytree(src, target, ignore=_IGNORE, dirs_exist_ok=True)
    for folder in DATA_DIRS:
        src = os.path.join(root, folder)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dest, folder), ignore=_IGNORE, dirs_exist_ok=True)
    # Byte-compiled as an installation is (pip compiles what it installs): otherwise every fresh
    # process would compile the whole front end again (~0.25 s), and more so where the environment
    # sets PYTHONDONTWRITEBYTECODE, which stops Python from caching what it compiles.
    compileall.compile_dir(dest, quiet=1)
    return dest, digest(dest)


def digest(folder: str) -> str:
    h = hashlib.sha256()
    base = Path(folder)
    for path in sorted(base.rglob("*.py")):
        h.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def remove(folder: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)
