"""The benchmark harness works: `python -m bench --smoke` runs every workload once and succeeds, and a
workload that raises makes the run fail."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
if str(ROOT) not in sys.path:  # `bench` is a folder of the repository, not an installed package
    sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402


def run_bench(*args: str, env: dict[str, str] | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bench", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def workload_names() -> list[str]:
    p = run_bench("--list", timeout=60)
    assert p.returncode == 0, p.stderr
    return [line.split()[0] for line in p.stdout.splitlines() if line and not line.startswith(" ")]


def test_smoke_runs_every_workload() -> None:
    names = workload_names()
    assert "kernel.lean_export" in names
    assert any(n.startswith("kernel.synthetic.") for n in names)
    p = run_bench("--smoke", "--no-write")
    out = p.stdout + p.stderr
    assert p.returncode == 0, out
    for name in names:
        assert name in p.stdout, f"{name} missing from the smoke output:\n{out}"
    assert "[no all]" in p.stdout  # the cache ablation ran too
    assert "ERROR" not in p.stdout


def test_a_failing_workload_fails_the_run(tmp_path: Path) -> None:
    (tmp_path / "bench_failing_family.py").write_text(
        textwrap.dedent(
            """
            from bench.registry import workload

            @workload("selftest.fails", sizes=(1, 2), smoke_size=1)
            def prepare(size):
                def run():
                    raise RuntimeError("deliberate failure")
                return run
            """
        )
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = str(tmp_path) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["BENCH_EXTRA_FAMILIES"] = "bench_failing_family"
    p = run_bench("--smoke", "--no-write", "-k", "selftest.*", env=env, timeout=60)
    assert p.returncode != 0, p.stdout + p.stderr
    assert "deliberate failure" in p.stdout


def test_growth_and_ablation_summaries() -> None:
    def m(size: int, t: float, group: str = "workloads", ablate: str | None = None) -> dict:
        return {"workload": "w", "size": size, "status": "ok", "min_s": t, "median_s": 1.1 * t, "reps": 5, "group": group, "ablate": ablate}

    ms = [
        m(100, 1.0), m(200, 4.0), m(400, 16.0),
        m(100, 2.5, "ablation"), m(100, 3.0, "ablation", "eqv"), m(100, 2.0, "ablation"),
    ]
    g = report.growth(ms)["w"]
    assert [r["ratio"] for r in g["ratios"]] == [4.0, 4.0]
    assert g["exponent"] == pytest.approx(2.0)
    a = report.ablation_factors(ms)["w N=100"]
    assert a["baseline_s"] == 2.0  # the better of the two baselines
    assert a["caches"]["eqv"]["factor"] == pytest.approx(1.5)
    assert "×1.50" in report.markdown({"measurements": ms})


def test_the_comparison_shows_each_repetitions_ratio() -> None:
    # The machine slowed down for the second repetition: that moves the ratio of the medians, not
    # the ratio of the two runs within a repetition.
    runs = [{"lantern_s": 1.0, "coq_s": 1.1}, {"lantern_s": 2.0, "coq_s": 2.2}, {"lantern_s": 1.9, "coq_s": 1.0}]
    ms = [{"workload": "compare.x", "size": 3, "status": "ok", "metrics_runs": runs}]
    (row,) = report.comparisons(ms)
    assert row[4] == "1.73"  # 1.9 s / 1.1 s
    assert row[5] == "0.91 (0.91–1.90)"
