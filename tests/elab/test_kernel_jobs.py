"""Theorem proofs elaborated and kernel-checked in a forked process while the document goes on
(`elab/kernel_jobs.py`): every admitted theorem is checked before the document is reported, its
failure lands on its own command, a child that dies takes nothing unchecked with it, and a
speculation that does not hold is undone by checking the document again."""

from __future__ import annotations

import os

import pytest

from lantern.elab import kernel_jobs
from lantern.elab.document import check_document, messages_of
from lantern.elab.kernel_jobs import KernelJobs, SpeculationFailed
from lantern.elab.syntax import tree as T

from ..kernel.builders import NAT, add_eq, add_nat, definition, env_with, eq, refl, theorem, unary


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Small batches, and a count of the processes started."""
    monkeypatch.setattr(kernel_jobs, "MIN_BATCH_WEIGHT", 2)
    started: list[int] = []
    real_fork = os.fork

    def counting_fork() -> int:
        pid = real_fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counting_fork)
    return started


def _run(jobs: KernelJobs, bad: set[int], failed: set[int] = frozenset(), n: int = 6) -> str | None:  # type: ignore[assignment]
    """Admit theorems t0 … t{n-1} (those in `bad` false), one command each; the speculation's
    failure message, or None if every check passed."""
    env = env_with(add_nat, add_eq)
    env.add(definition("two", NAT, unary(2)))
    try:
        for i in range(n):
            cmd = object()
            jobs.begin_command(cmd)  # type: ignore[arg-type]
            rhs = unary(3) if i in bad else unary(2)
            if jobs.may_defer(cmd, theorem(f"t{i}", eq("two", rhs), refl("two")), True):
                jobs.admit(env, theorem(f"t{i}", eq("two", rhs), refl("two")))
            jobs.end_command(succeeded=i not in failed)
        jobs.finish()
    except SpeculationFailed as ex:
        return str(ex)
    finally:
        jobs.stop()
    return None


def test_a_rejected_theorem_fails_the_speculation_from_a_child(forks: list[int]) -> None:
    failure = _run(KernelJobs(), bad={3})
    assert forks, "no child process was started"
    assert failure is not None and failure.startswith("command 3: (kernel) ")


def test_the_theorems_of_a_failed_command_are_dropped_with_it(forks: list[int]) -> None:
    assert _run(KernelJobs(), bad={1}, failed={1}) is None


def test_a_child_that_dies_leaves_its_batch_to_the_parent(forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    real_check = kernel_jobs.check_deferred

    def dies_in_the_child(entries):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            raise RuntimeError("the child breaks")
        return real_check(entries)

    monkeypatch.setattr(kernel_jobs, "check_deferred", dies_in_the_child)
    assert _run(KernelJobs(), bad=set()) is None
    assert forks
    failure = _run(KernelJobs(), bad={0, 5})
    assert failure is not None and failure.split(":")[0] in ("command 0", "command 5")


def test_only_the_commands_own_declaration_is_deferred() -> None:
    jobs = KernelJobs()
    cmd, other = object(), object()
    jobs.begin_command(cmd)  # type: ignore[arg-type]
    thm = theorem("t", eq(unary(1), unary(1)), refl(unary(1)))
    assert jobs.may_defer(cmd, thm, True)
    assert not jobs.may_defer(other, thm, True)  # a `where` function, a derived instance …
    assert jobs.may_defer(cmd, definition("d", NAT, unary(1)), True)
    assert not jobs.may_defer(other, definition("d", NAT, unary(1)), True)
    assert jobs.may_defer(cmd, definition("_example", NAT, unary(1)), False)  # an `example`


DOCUMENT = "\n\n".join(
    [
        "def double : Nat → Nat\n  | 0 => 0\n  | n + 1 => double n + 2",
        *(f"theorem double_{i} (n : Nat) : double (n + {i}) = double n + 2 * {i} := by\n  induction n with\n  | zero => simp [double]; omega\n  | succ n ih => simp [double]; omega" for i in range(4)),
        "theorem wrong : double 1 = 3 := by decide",
        "example : double 2 = 4 := rfl",
        "#check double_3",
    ]
)


def test_a_document_checks_the_same_with_deferred_proofs(forks: list[int]) -> None:
    def shown(snapshots):  # type: ignore[no-untyped-def]
        return [(m.span, m.severity, m.text) for m in messages_of(snapshots)]

    deferred = check_document(DOCUMENT, defer_proofs=True)
    assert forks
    assert shown(deferred) == shown(check_document(DOCUMENT))
    assert any("decide" in text for _, _, text in shown(deferred))  # the file is not all green


def _restarts(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record, per pass over a document, whether it handed work to jobs (the second pass does not)."""
    from lantern.elab import document

    passes: list[bool] = []
    real = document._check_commands

    def counting(text, env, freeze_every, jobs):  # type: ignore[no-untyped-def]
        passes.append(jobs is not None)
        return real(text, env, freeze_every, jobs)

    monkeypatch.setattr(document, "_check_commands", counting)
    return passes


def test_needing_a_proof_still_elaborating_checks_the_document_again(forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    text = "theorem one : 1 = 1 := rfl\n\n#print one\n\ntheorem two : 2 = 2 := rfl"
    passes = _restarts(monkeypatch)
    deferred = check_document(text, defer_proofs=True)
    assert passes == [True, False]  # `#print` read the proof of `one` before it existed
    assert [m.text for m in messages_of(deferred)] == [m.text for m in messages_of(check_document(text))]
    assert "rfl" in messages_of(deferred)[0].text


def test_a_proof_that_breaks_its_promise_checks_the_document_again(forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    passes = _restarts(monkeypatch)
    real = kernel_jobs.run_proof_job
    monkeypatch.setattr(kernel_jobs, "run_proof_job", lambda job: None if job.command == 2 else real(job))
    deferred = check_document(DOCUMENT, defer_proofs=True)
    assert passes == [True, False]
    assert [(m.span, m.text) for m in messages_of(deferred)] == [(m.span, m.text) for m in messages_of(check_document(DOCUMENT))]


def test_proofs_are_checked_elsewhere_when_statements_are_settled(forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    done: list[str] = []  # the proof jobs whose results came back, in the parent
    real = KernelJobs._record

    def spy(self, batch, results):  # type: ignore[no-untyped-def]
        done.extend(str(job.statement and job.statement.name) for job in batch if isinstance(job, kernel_jobs.ProofJob))
        return real(self, batch, results)

    monkeypatch.setattr(KernelJobs, "_record", spy)
    check_document(DOCUMENT, defer_proofs=True)
    assert sorted(done) == sorted([f"double_{i}" for i in range(4)] + ["None", "wrong"])  # None: the `example`


def test_a_declaration_the_kernel_rejects_is_reported_as_in_sequence(forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    text = "theorem not_a_prop : Nat := 5\n\ndef fine : Nat := 3\n\ntheorem uses : fine = 3 := rfl"
    passes = _restarts(monkeypatch)
    deferred = check_document(text, defer_proofs=True)
    assert passes == [True, False]
    assert [(m.span, m.text) for m in messages_of(deferred)] == [(m.span, m.text) for m in messages_of(check_document(text))]
    assert "(kernel) theorem type is not a proposition" in messages_of(deferred)[0].text



TAKEN_UP = "\n\n".join(
    [
        "theorem t5 (xs : List α) (n : Nat) : xs.length + 0 = xs.length := by\n  apply Eq.trans\n  exact Nat.add_zero _\n  rfl",
        "theorem t6 {β : Type u} (f : β → β) (b : β) : f b = f b := by\n  apply congrArg\n  sorry",
        "theorem t7 (n : Nat) : n + 0 = n := by simp",
    ]
)


def test_a_proof_job_takes_up_the_header_its_statement_was_read_from(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each theorem's header is elaborated once, for its statement; the proof goes on from it, with
    the numbering of its variables (a proof that reused the header's numbers would break it)."""
    from lantern.elab.command import declaration, theorem_statement

    def no_fork() -> int:
        raise OSError("no processes here: the jobs run in this one")

    headers: list[str] = []
    real = declaration.elab_header

    def counting(env, sig, *args):  # type: ignore[no-untyped-def]
        headers.append(sig.name)
        return real(env, sig, *args)

    in_sequence = [(m.span, m.severity, m.text) for m in messages_of(check_document(TAKEN_UP))]
    passes = _restarts(monkeypatch)
    monkeypatch.setattr(os, "fork", no_fork)
    monkeypatch.setattr(kernel_jobs, "MIN_BATCH_WEIGHT", 2)
    monkeypatch.setattr(declaration, "elab_header", counting)
    monkeypatch.setattr(theorem_statement, "elab_header", counting)
    deferred = check_document(TAKEN_UP, defer_proofs=True)
    assert passes == [True] and headers == ["t5", "t6", "t7"]
    assert [(m.span, m.severity, m.text) for m in messages_of(deferred)] == in_sequence
    assert [severity for _, severity, _ in in_sequence] == ["warning"]  # t6's `sorry`
