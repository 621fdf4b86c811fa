"""What the editor sees of a checked document, to compare the incremental engine with a check from
scratch: messages (severity, text, span), every tactic node's goals as printed, the goals shown at
positions (`tactic_state_at` + `format_goal_views`), command spans and syntax trees, and the
constants and tables of the final environment."""

from __future__ import annotations

from lantern.elab.document import Snapshot, check_document
from lantern.elab.incremental import Document
from lantern.elab.incremental.compare import infos_equal
from lantern.elab.info import format_goal_views, tactic_state_at


def messages(snapshots: list[Snapshot]) -> list[tuple[int, int, str, str]]:
    return [(m.span.start, m.span.end, m.severity, m.text) for s in snapshots for m in s.messages]


def goals(snapshots: list[Snapshot]) -> list[tuple]:
    out = []
    for s in snapshots:
        for node in s.info:
            before = tuple(format_goal_views(node, node.goals_before))
            after = tuple(format_goal_views(node, node.goals_after))
            out.append((node.span.start, node.span.end, node.name, before, after))
    return out


def goals_at(snapshots: list[Snapshot], offsets: list[int]) -> list[tuple]:
    out = []
    for offset in offsets:
        snapshot = next((s for s in snapshots if s.span.start <= offset <= s.span.end), None)
        found = tactic_state_at(snapshot.info, offset) if snapshot is not None else None
        out.append(None if found is None else tuple(format_goal_views(*found)))
    return out


def final_constants(snapshots: list[Snapshot], start: int) -> list:
    if not snapshots:
        return []
    kernel = snapshots[-1].env.kernel
    return [kernel.get(n) for n in kernel.order[start:]]


def tables(snapshots: list[Snapshot]) -> tuple:
    if not snapshots:
        return ()
    env = snapshots[-1].env
    return (env.scopes, env.namespaces, env.instances, env.default_instances, env.structures, env.attributes,
            env.protected, env.docs, env.aliases, tuple(getattr(env.notations, "notations", ())), env.pending_eq_defs)


def assert_same_as_scratch(doc: Document, text: str) -> None:
    """`doc` (complete) shows exactly what a check of `text` from scratch shows."""
    assert doc.complete and doc.text == text
    fresh = check_document(text)
    got = doc.snapshots
    _same("command spans", [(s.span.start, s.span.end) for s in got], [(s.span.start, s.span.end) for s in fresh])
    _same("messages", messages(got), messages(fresh))
    _same("goals", goals(got), goals(fresh))
    offsets = sorted({o for s in fresh for n in s.info for o in (n.span.start, n.span.end, (n.span.start + n.span.end) // 2)})
    _same("goals at positions", goals_at(got, offsets), goals_at(fresh, offsets))
    for a, b in zip(got, fresh):
        assert a.command == b.command, f"syntax tree of the command at {a.span}"
    base = len(doc._env.kernel)  # the start environment's constants
    mine, theirs = final_constants(got, base), final_constants(fresh, base)
    assert [c.name for c in mine] == [c.name for c in theirs]
    for a, b in zip(mine, theirs):
        assert infos_equal(a, b), f"constant {a.name} differs"
    assert tables(got) == tables(fresh)


def _same(what: str, got: list, expected: list) -> None:
    if got != expected:
        extra = [x for x in got if x not in expected]
        missing = [x for x in expected if x not in got]
        raise AssertionError(f"{what} differ from a check from scratch:\n  only incremental: {extra}\n  only from scratch: {missing}")
