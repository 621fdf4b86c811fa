"""The cache ablation really turns off what it names, including the caches shared across
declarations (each check runs in a fresh interpreter: an ablation patches the kernel's class)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

PROGRAM = """
import sys
from bench import ablation
from lantern.kernel import Environment, TypeChecker
config = sys.argv[1]
ablation.apply(config)
ablation.check_applied(config)
tc = TypeChecker(Environment(), shared_caches=True)
for n, twin in ablation.CLOSED_TWIN.items():
    shared = getattr(tc, twin) is not getattr(tc, n)
    expected = config not in ("shared", "all") and n not in ablation.caches_of(config)
    assert shared == expected, (config, n, shared)
print("ok")
"""


@pytest.mark.parametrize("config", ["infer_cache", "whnf_cache", "eqv", "shared", "all"])
def test_ablation_reaches_the_shared_caches(config: str) -> None:
    p = subprocess.run([sys.executable, "-c", PROGRAM, config], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "ok"
