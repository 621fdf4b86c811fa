"""Workloads of the front end (`lantern.elab`) — issue 5's start-up workload (4) and the seed tour (1):

- `frontend.prelude.cached`: load the checked prelude from the disk cache (what every `lantern check`
  pays after the first run);
- `frontend.prelude.check`: elaborate and kernel-check the prelude from nothing (the first run, or
  after a change to the front end);
- `frontend.check_empty.process`: `python -m lantern check` on an empty file in a fresh process
  (interpreter start-up, imports, prelude);
- `frontend.tour.process`: `python -m lantern check examples/Tour.ltn` in a fresh process (the tactic
  proofs are not supported yet, so it reports errors; the time is what a user waits today).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from typing import Any, Callable

from .registry import REPO_ROOT, workload

TOUR = os.path.join(REPO_ROOT, "examples", "Tour.ltn")


@workload("frontend.prelude.cached", unit="constant")
def prelude_cached(size: int | None) -> Callable[[], dict[str, Any]]:
    """Load the checked prelude from the disk cache into a fresh process-level slot."""
    import lantern.elab.document as document

    document.initial_env()  # make sure the cache entry exists (untimed)

    def run() -> dict[str, Any]:
        document._prelude_env = None
        env = document.initial_env()
        return {"units": len(env.kernel), "constants": len(env.kernel)}

    return run


@workload("frontend.prelude.check", unit="command", max_reps=5)
def prelude_check(size: int | None) -> Callable[[], dict[str, Any]]:
    """Elaborate and kernel-check the prelude from the empty environment (no cache)."""
    from lantern.elab.document import check_prelude, prelude_texts
    from lantern.elab.syntax.commands import split_commands

    texts = prelude_texts()
    commands = sum(len(split_commands(text)) for _, text in texts)

    def run() -> dict[str, Any]:
        check_prelude(texts)  # raises if the prelude does not check
        return {"units": commands, "commands": commands}

    return run


def _process(args: list[str], ok_codes: tuple[int, ...]) -> Callable[[], dict[str, Any]]:
    def run() -> dict[str, Any]:
        p = subprocess.run([sys.executable, "-m", "lantern", *args], capture_output=True, text=True, cwd=REPO_ROOT)
        if p.returncode not in ok_codes or "internal error" in p.stdout or "Traceback" in p.stderr:
            raise RuntimeError(f"lantern {' '.join(args)} failed (exit {p.returncode}): {p.stdout[-500:]}{p.stderr[-500:]}")
        return {"units": 1, "messages": len(p.stdout.splitlines())}

    return run


@workload("frontend.check_empty.process", unit="run", max_reps=10)
def check_empty_process(size: int | None) -> Callable[[], dict[str, Any]]:
    """`python -m lantern check` on an empty file, in a fresh process: start-up with the prelude."""
    fd, path = tempfile.mkstemp(suffix=".ltn")
    os.close(fd)
    return _process(["check", path], (0,))


@workload("frontend.tour.process", unit="run", max_reps=10)
def tour_process(size: int | None) -> Callable[[], dict[str, Any]]:
    """`python -m lantern check examples/Tour.ltn` in a fresh process (it checks without an error: a
    failure, crash or internal error fails the workload)."""
    return _process(["check", TOUR], (0,))
