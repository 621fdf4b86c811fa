"""The language server as an editor uses it (issue 5, workload 3): `lantern server` over stdio, driven
by pygls' own LSP client, on the generated development of `bench/generate.py` (N list functions
with a length theorem each, proved by induction, `simp` and `omega`).

One run of `server.session` is a whole editing session, each phase timed from the client's side:

1. start the server and `initialize` (`start_s`);
2. `didOpen` the file, until `$/lean/fileProgress` says `"processing": []` — complete diagnostics
   (`open_s`);
3. edits inside the proof of the theorem in the middle of the file, alternately breaking it (type
   `; rfl` after its last tactic, where no goal is left) and fixing it, each an incremental `didChange` timed until the new
   text is completely checked (`edit_s`: median of `EDITS`; `edit_max_s`), the diagnostics checked
   each time (one error when broken, none when fixed);
4. `$/lean/plainGoal` at positions inside proofs that are already checked, one request at a time
   (`goal_median_s`, `goal_p95_s` over `goal_requests` requests), every answer checked to hold goals;
5. the server's peak resident set (`server_peak_rss_bytes`, its `VmHWM` just before `shutdown`).

The run's own time (the harness's median) is the whole session, shutdown included.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from typing import Any, Callable

from lsprotocol import types as lsp

from .generate import list_functions
from .registry import REPO_ROOT, workload

SERVER_SIZES = (100, 300)
EDITS = 4
BREAK = "; rfl"  # appended to the last line of the middle proof, where no goal is left
GOAL_THEOREMS = 20  # theorems whose proofs are asked about, spread over the file
TIMEOUT = 600.0


def _cons_line(text: str, k: int) -> tuple[int, str]:
    """(line number, text) of the `| cons` case of theorem `k`'s proof."""
    lines = text.split("\n")
    header = next(i for i, line in enumerate(lines) if line.startswith("theorem ") and f"{k}_length" in line.split()[1])
    cons = next(i for i in range(header, len(lines)) if lines[i].lstrip().startswith("| cons"))
    return cons, lines[cons]


def _goal_positions(text: str, n: int) -> list[lsp.Position]:
    """Positions inside proofs: before `induction`, inside the `nil` case's `simp`, at the end of the
    `cons` case, for `GOAL_THEOREMS` theorems spread over the file."""
    lines = text.split("\n")
    positions = []
    step = max(1, n // GOAL_THEOREMS)
    for k in range(0, n, step):
        cons, cons_text = _cons_line(text, k)
        induction = next(i for i in range(cons, 0, -1) if lines[i].lstrip().startswith("induction"))
        nil = next(i for i in range(induction, cons) if lines[i].lstrip().startswith("| nil"))
        positions.append(lsp.Position(line=induction, character=2))
        positions.append(lsp.Position(line=nil, character=lines[nil].index("simp") + 2))
        positions.append(lsp.Position(line=cons, character=len(cons_text)))
    return positions


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _vm_hwm_bytes(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


async def _drain(stream: asyncio.StreamReader | None, tail: list[bytes]) -> None:
    """Read the server's stderr as it comes, keeping the last lines (for an error report)."""
    if stream is None:
        return
    while line := await stream.readline():
        tail.append(line)
        del tail[:-50]


async def _session(text: str, n: int) -> dict[str, Any]:
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("lantern-bench", "1")
    done: dict[int, asyncio.Event] = {}
    diagnostics: dict[int, list[Any]] = {}

    @client.feature("$/lean/fileProgress")
    def on_progress(ls: Any, params: Any) -> None:
        if not params.processing:
            done.setdefault(params.textDocument.version, asyncio.Event()).set()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(ls: Any, params: lsp.PublishDiagnosticsParams) -> None:
        diagnostics[params.version if params.version is not None else -1] = list(params.diagnostics)

    async def checked(version: int) -> None:
        await asyncio.wait_for(done.setdefault(version, asyncio.Event()).wait(), TIMEOUT)

    uri = "file:///bench/ServerBench.ltn"
    t0 = time.perf_counter()
    await client.start_io(sys.executable, "-m", "lantern", "server", "--stdio", cwd=REPO_ROOT)
    stderr_tail: list[bytes] = []
    drain = asyncio.create_task(_drain(client._server.stderr, stderr_tail))  # noqa: SLF001 - a full pipe would block the server
    capabilities = lsp.ClientCapabilities(general=lsp.GeneralClientCapabilities(position_encodings=[lsp.PositionEncodingKind.Utf16]))
    await client.initialize_async(lsp.InitializeParams(process_id=os.getpid(), capabilities=capabilities))
    client.initialized(lsp.InitializedParams())
    start_s = time.perf_counter() - t0

    # Open: complete diagnostics.
    t = time.perf_counter()
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(
        text_document=lsp.TextDocumentItem(uri=uri, language_id="lantern", version=1, text=text)))
    await checked(1)
    open_s = time.perf_counter() - t
    if any(d.severity == lsp.DiagnosticSeverity.Error for d in diagnostics.get(1, [])):
        raise RuntimeError(f"the generated file has errors: {diagnostics[1][0].message[:300]}")

    # Edits inside the middle proof: a tactic too many at its end, then not.
    middle = n // 2
    line, cons_text = _cons_line(text, middle)
    end = lsp.Position(line=line, character=len(cons_text))
    edit_times = []
    version = 1
    for i in range(EDITS):
        broken = i % 2 == 0
        if broken:  # type a tactic after the proof is finished: "no goals to be proved"
            change_range, new = lsp.Range(start=end, end=end), BREAK
        else:
            change_range, new = lsp.Range(start=end, end=lsp.Position(line=line, character=end.character + len(BREAK))), ""
        version += 1
        t = time.perf_counter()
        client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[lsp.TextDocumentContentChangePartial(range=change_range, text=new)]))
        await checked(version)
        edit_times.append(time.perf_counter() - t)
        errors = [d for d in diagnostics.get(version, []) if d.severity == lsp.DiagnosticSeverity.Error]
        if broken and not any(d.range.start.line >= line - 4 and d.range.start.line <= line for d in errors):
            raise RuntimeError(f"breaking theorem {middle}'s proof gave no error there: {errors}")
        if not broken and errors:
            raise RuntimeError(f"fixing theorem {middle}'s proof left errors: {errors[0].message[:300]}")

    # Goals at checked positions, one request at a time.
    latencies = []
    for position in _goal_positions(text, n):
        t = time.perf_counter()
        answer = await client.protocol.send_request_async(
            "$/lean/plainGoal", {"textDocument": {"uri": uri}, "position": {"line": position.line, "character": position.character}})
        latencies.append(time.perf_counter() - t)
        if answer is None or not hasattr(answer, "goals"):
            raise RuntimeError(f"no goal at {position}: {answer!r}")

    server = client._server  # noqa: SLF001 - pygls keeps the process here
    rss = _vm_hwm_bytes(server.pid) if server is not None else None
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    await drain
    if client._server is not None and client._server.returncode != 0:  # noqa: SLF001
        raise RuntimeError(f"the server exited with {client._server.returncode}: {b''.join(stderr_tail)[-2000:].decode(errors='replace')}")  # noqa: SLF001
    return {
        "units": n,
        "start_s": start_s,
        "open_s": open_s,
        "edit_s": statistics.median(edit_times),
        "edit_max_s": max(edit_times),
        "goal_median_s": statistics.median(latencies),
        "goal_p95_s": _percentile(latencies, 0.95),
        "goal_requests": len(latencies),
        "server_peak_rss_bytes": rss or 0,
        "file_lines": text.count("\n"),
    }


@workload("server.session", sizes=SERVER_SIZES, smoke_size=3, unit="theorem", max_reps=3)
def server_session(size: int | None) -> Callable[[], dict[str, Any]]:
    """`lantern server` over stdio with pygls' client: open N generated theorems until complete
    diagnostics, edits inside the middle proof until new complete diagnostics, `$/lean/plainGoal`
    latency at checked positions, the server's peak RSS (metrics of one whole session)."""
    n = size or 300
    text = list_functions(n)

    def run() -> dict[str, Any]:
        return asyncio.run(_session(text, n))

    return run
