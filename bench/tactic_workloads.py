"""Tactic-heavy workloads and the comparison with Coq (issue 5, workloads 1 and 2):

- `tactics.listfuns.process`: `python -m lantern check` on N generated list functions with a length
  theorem each (induction, `simp`, `omega`), in a fresh process (cold, as a user runs it);
- `compare.listfuns`: the same file and its Coq twin (`coqc`, with `induction`, `simpl`, `lia`), run
  alternately inside each repetition, so machine noise hits both alike; the metrics of every
  repetition hold both times and both peak RSS, and the report gives Lantern / Coq of the medians;
- `compare.tour`: the seed tour (`examples/Tour.ltn`) against its Coq twin;
- `omega.nat`, `omega.int`: `omega` on generated provable problems of growing size (issue 5, workload 6).

Both tools are run as processes and timed from outside; a run that fails (an error in the Lantern
file, a Coq failure) fails the workload, so the numbers are always for work that was done.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from typing import Any, Callable

from .generate import COQ_TOUR, coq_list_functions, list_functions
from .registry import REPO_ROOT, workload

TOUR = os.path.join(REPO_ROOT, "examples", "Tour.ltn")
LISTFUN_SIZES = (50, 100, 300, 1000)


def timed_process(argv: list[str], cwd: str) -> tuple[float, int, subprocess.CompletedProcess]:
    """Run a process; its wall time and its own peak RSS in bytes (from `wait4`)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(argv, proc.returncode, out.read(), err.read())
    return elapsed, usage.ru_maxrss * 1024, done


def coq_missing() -> str | None:
    return None if shutil.which("coqc") else "coqc is not installed (Debian package `coq`)"


def _check(path: str) -> Callable[[], tuple[float, int]]:
    def run() -> tuple[float, int]:
        elapsed, rss, p = timed_process([sys.executable, "-m", "lantern", "check", path], REPO_ROOT)
        if p.returncode != 0:
            raise RuntimeError(f"lantern check {path} failed (exit {p.returncode}): {p.stdout[-800:]}{p.stderr[-800:]}")
        return elapsed, rss

    return run


def _coqc(path: str) -> Callable[[], tuple[float, int]]:
    coqc = shutil.which("coqc")
    if coqc is None:
        raise RuntimeError("coqc is not installed (Debian package `coq`)")

    def run() -> tuple[float, int]:
        elapsed, rss, p = timed_process([coqc, "-q", os.path.basename(path)], os.path.dirname(path))
        if p.returncode != 0:
            raise RuntimeError(f"coqc {path} failed (exit {p.returncode}): {p.stdout[-800:]}{p.stderr[-800:]}")
        return elapsed, rss

    return run


def _write(text: str, suffix: str) -> str:
    folder = tempfile.mkdtemp(prefix="lantern-bench-")
    path = os.path.join(folder, "Bench" + suffix)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


@workload("tactics.listfuns.process", sizes=LISTFUN_SIZES, smoke_size=3, unit="theorem", max_reps=5)
def listfuns_process(size: int | None) -> Callable[[], dict[str, Any]]:
    """`python -m lantern check` on N generated list functions with a length theorem each (induction,
    simp, omega), in a fresh process."""
    n = size or 300
    check = _check(_write(list_functions(n), ".ltn"))

    def run() -> dict[str, Any]:
        elapsed, rss = check()
        return {"units": n, "lantern_rss_bytes": rss}

    return run


def _compare(lantern_path: str, coq_path: str, units: int) -> Callable[[], dict[str, Any]]:
    lantern, coq = _check(lantern_path), _coqc(coq_path)
    turn = [0]

    def run() -> dict[str, Any]:
        # Alternate which tool goes first, so neither always runs on a warmer machine.
        turn[0] += 1
        if turn[0] % 2:
            lt, lrss = lantern()
            ct, crss = coq()
        else:
            ct, crss = coq()
            lt, lrss = lantern()
        return {"units": units, "lantern_s": lt, "coq_s": ct, "lantern_rss_bytes": lrss, "coq_rss_bytes": crss}

    return run


@workload("compare.listfuns", sizes=(300,), smoke_size=3, unit="theorem", max_reps=11, available=coq_missing)
def compare_listfuns(size: int | None) -> Callable[[], dict[str, Any]]:
    """Lantern and coqc on the same N list functions and length theorems, alternately."""
    n = size or 300
    return _compare(_write(list_functions(n), ".ltn"), _write(coq_list_functions(n), ".v"), n)


@workload("compare.tour", unit="run", max_reps=11, available=coq_missing)
def compare_tour(size: int | None) -> Callable[[], dict[str, Any]]:
    """Lantern on examples/Tour.ltn and coqc on its Coq twin, alternately."""
    return _compare(TOUR, _write(COQ_TOUR, ".v"), 1)


OMEGA_SIZES = (2, 4, 8, 12)


def _omega_workload(ty: str) -> Callable[[int | None], Callable[[], dict[str, Any]]]:
    def prepare(size: int | None) -> Callable[[], dict[str, Any]]:
        """In-process: check one provable omega problem with k = m = N over the type (the prelude is
        loaded untimed); the kernel check of the proof is included, as a user waits for both."""
        from lantern.elab.document import check_document, initial_env
        from lantern.elab.tactic.omega.generate import problem

        k = size or 4
        text = problem(k, k, ty=ty, provable=True, seed=1)
        base = initial_env()

        def run() -> dict[str, Any]:
            snapshots = check_document(text, base.fork())
            errors = [m.text for s in snapshots for m in s.messages if m.severity == "error"]
            if errors:
                raise RuntimeError(f"omega failed on a provable problem: {errors[0][:300]}")
            return {"units": k}

        return run

    return prepare


workload("omega.nat", sizes=OMEGA_SIZES, smoke_size=2, unit="variable",
         description="omega on a provable Nat problem with N variables and N hypotheses (tactic and kernel check).")(_omega_workload("Nat"))
workload("omega.int", sizes=OMEGA_SIZES, smoke_size=2, unit="variable",
         description="omega on a provable Int problem with N variables and N hypotheses (tactic and kernel check).")(_omega_workload("Int"))
