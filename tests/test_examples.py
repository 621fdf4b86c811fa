"""The seed examples get exactly the verdicts their comments give: a command right after a line
`-- expect error` must be rejected with an error, every other command must be accepted without
errors (and `sorry` counts as a failure to prove: no warnings either). This is the acceptance test of
the language and tactic issues, run on the copies in `examples/` (identical to the shared seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lantern.elab.document import check_document

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p.name for p in (ROOT / "examples").glob("*.ltn"))


def verdicts(text: str) -> list[tuple[int, bool, bool]]:
    """For each command: its line, whether it is marked `-- expect error`, whether it has errors."""
    snapshots = check_document(text)
    out = []
    for s in snapshots:
        if s.span.start == s.span.end or not text[s.span.start : s.span.end].strip():
            continue
        before = text[: s.span.start].rstrip("\n").split("\n")
        # The marker sits on the last line before the command's first non-comment line; the span may
        # begin with the comments in front of the command.
        body = text[s.span.start : s.span.end].split("\n")
        first_code = next(i for i, ln in enumerate(body) if ln.strip() and not ln.strip().startswith("--"))
        marked = any(ln.strip() == "-- expect error" for ln in (before[-1:] + body[:first_code]))
        line = text.count("\n", 0, s.span.start) + first_code + 1
        errors = [m for m in s.messages if m.severity == "error"]
        warnings = [m for m in s.messages if m.severity == "warning"]
        out.append((line, marked, bool(errors) or bool(warnings)))
    return out


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_verdicts_are_as_commented(name: str) -> None:
    text = (ROOT / "examples" / name).read_text(encoding="utf-8")
    found = verdicts(text)
    assert sum(marked for _, marked, _ in found) == text.count("-- expect error\n")  # every marker is seen
    wrong = [(line, marked) for line, marked, failed in found if marked != failed]
    assert not wrong, f"commands with the wrong verdict (line, expected an error): {wrong}"
