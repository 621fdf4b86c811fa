"""Every proof in the `.ltn` tests survives `lantern export` followed by `lantern check-export`: the
environment a test file builds (prelude included; declarations whose proofs failed are admitted with
`sorryAx`, as Lean does) is written as lean4export NDJSON and re-checked by the kernel alone. This
catches any elaborator or tactic that builds a term the kernel would not accept on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from lantern.elab.document import check_document
from lantern.kernel.export_reader import load_export
from lantern.kernel.export_writer import write_export

HERE = Path(__file__).resolve().parent
WITH_PROOFS = sorted(p.stem for p in HERE.glob("*.ltn") if "by" in p.read_text(encoding="utf-8").split())


@pytest.mark.parametrize("name", WITH_PROOFS)
def test_export_is_rechecked_by_the_kernel(name: str, tmp_path: Path) -> None:
    snapshots = check_document((HERE / f"{name}.ltn").read_text(encoding="utf-8"))
    env = snapshots[-1].env.kernel
    out = tmp_path / f"{name}.ndjson"
    with open(out, "w", encoding="utf-8") as f:
        write_export(env, f)
    result = load_export(str(out))
    assert result.declarations > 0
    assert len(result.env) == len(env)
