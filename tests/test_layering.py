"""Imports only go down the layers. Above all, the trusted kernel imports nothing but the standard
library: a kernel that imported the front end, the server or a third-party package would make them
part of what must be trusted."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {"kernel": "lantern.kernel", "elab": "lantern.elab", "server": "lantern.server"}
# What each layer may import from the project (besides itself).
ALLOWED = {
    "kernel": set(),
    "elab": {"lantern.kernel"},
    "server": {"lantern.kernel", "lantern.elab"},
}
# Third-party packages each layer may import.
THIRD_PARTY = {"kernel": set(), "elab": {"lark"}, "server": {"pygls", "lsprotocol", "lark"}}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Absolute module names imported by `path` (relative imports resolved against its package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    layer = path.relative_to(ROOT).parts[0]
    package = [LAYERS[layer], *path.relative_to(ROOT / layer).parent.parts]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                found.append((node.lineno, ".".join(base + ([node.module] if node.module else []))))
            else:
                found.append((node.lineno, node.module or ""))
    return found


def violations(layer: str) -> list[str]:
    bad = []
    own = LAYERS[layer]
    for path in sorted((ROOT / layer).rglob("*.py")):
        for lineno, module in imported_modules(path):
            top = module.split(".")[0]
            if module == own or module.startswith(own + "."):
                continue
            if top == "lantern":
                if not any(module == a or module.startswith(a + ".") for a in ALLOWED[layer]):
                    bad.append(f"{path.relative_to(ROOT)}:{lineno}: imports {module}")
            elif top in sys.stdlib_module_names or top == "__future__":
                continue
            elif top not in THIRD_PARTY[layer]:
                bad.append(f"{path.relative_to(ROOT)}:{lineno}: imports third-party {module}")
    return bad


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_layer_imports_only_go_down(layer: str) -> None:
    assert violations(layer) == []


def test_kernel_imports_only_the_standard_library() -> None:
    assert violations("kernel") == []
    # The check itself must see the kernel's imports (guards against a walker that finds nothing).
    names = {m for p in (ROOT / "kernel").rglob("*.py") for _, m in imported_modules(p)}
    assert "lantern.kernel.expr" in names


def test_the_checker_detects_a_forbidden_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_root = tmp_path
    (fake_root / "kernel").mkdir()
    (fake_root / "kernel" / "bad.py").write_text("from lantern.elab import parser\nimport lark\nimport json\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", fake_root)
    assert violations("kernel") == [
        "kernel/bad.py:1: imports lantern.elab",
        "kernel/bad.py:2: imports third-party lark",
    ]


def test_check_export_loads_no_front_end() -> None:
    """`lantern check-export` must run with the kernel alone."""
    import subprocess

    code = (
        "import sys; from lantern.cli import main; rc = main(['check-export', 'examples/Nat.add_succ.ndjson']);"
        "bad = [m for m in sys.modules if m.startswith(('lantern.elab', 'lantern.server', 'lark', 'pygls'))];"
        "print(bad); sys.exit(rc or (1 if bad else 0))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr

