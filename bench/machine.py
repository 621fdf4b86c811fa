"""What the numbers were measured on: the machine and the commit."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from typing import Any

from .registry import REPO_ROOT


def _cpuinfo() -> dict[str, str]:
    """The first processor's fields of /proc/cpuinfo (empty elsewhere than Linux)."""
    fields: dict[str, str] = {}
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    if fields:
                        break
                    continue
                key, _, value = line.partition(":")
                fields.setdefault(key.strip().lower(), value.strip())
    except OSError:
        pass
    return fields


def _cpu_model(info: dict[str, str]) -> str:
    return info.get("model name") or platform.processor() or "unknown"


def _mem_total_bytes() -> int | None:
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def describe() -> dict[str, Any]:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    mem = _mem_total_bytes()
    info = _cpuinfo()
    return {
        "platform": platform.platform(),
        "system": platform.system(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "python_build": " ".join(platform.python_build()),
        "python_executable": sys.executable,
        "cpu_model": _cpu_model(info),
        # Vendors' model names can be vague ("AMD EPYC"): family/model/stepping pin the generation.
        "cpu_family_model_stepping": "/".join(info.get(k, "?") for k in ("cpu family", "model", "stepping")) if info else None,
        "cpu_mhz": float(info["cpu mhz"]) if "cpu mhz" in info else None,
        "cpu_count": os.cpu_count(),
        "cpu_usable": usable,
        "memory_bytes": mem,
        "memory_gib": round(mem / 2**30, 1) if mem else None,
    }


def _git(*args: str) -> str | None:
    try:
        p = subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return p.stdout.strip() if p.returncode == 0 else None


def git_info() -> dict[str, Any]:
    commit = _git("rev-parse", "HEAD")
    status = _git("status", "--porcelain") or ""
    lines = [l for l in status.splitlines() if l.strip()]
    return {
        "commit": commit,
        "short": commit[:7] if commit else "nogit",
        "branch": _git("rev-parse", "--abbrev-ref", "HEAD"),
        "subject": _git("log", "-1", "--format=%s"),
        # Changes to tracked files (the measured code may differ from the commit) and untracked ones.
        "dirty": any(not l.startswith("??") for l in lines),
        "modified": sorted(l[3:] for l in lines if not l.startswith("??")),
        "untracked": sorted(l[3:] for l in lines if l.startswith("??")),
    }
