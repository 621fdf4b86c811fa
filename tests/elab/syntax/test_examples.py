"""The example files parse completely, to the right commands, with sound spans, and resolve."""

from pathlib import Path

import pytest

from lantern.elab.syntax import tree as T
from lantern.elab.syntax.commands import split_commands
from lantern.elab.syntax.operators import CORE, resolve_all
from lantern.elab.syntax.parser import parse_document

from .util import check_spans, show, text_of

# Copies of ../shared/examples, kept in the repository so that these tests always run.
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def summary(c) -> tuple[str, str | None]:
    if isinstance(c, T.Definition):
        return c.kind, c.sig.name
    if isinstance(c, T.NotationCmd):
        return c.kind, c.parts[0][1]
    if isinstance(c, T.HashCmd):
        return "#" + c.kind, show(c.term)
    return type(c).__name__, None


def load(name: str) -> tuple[str, list]:
    path = EXAMPLES / name
    text = path.read_text(encoding="utf-8")
    return text, parse_document(text)


def test_tour():
    text, cmds = load("Tour.ltn")
    assert [summary(c) for c in cmds] == [
        ("def", "append"),
        ("infixr", "+++"),
        ("#eval", "[[list 1, 2] +++ [list 3] +++ [list 4, 5]]"),
        ("theorem", "append_length"),
        ("theorem", "append_assoc"),
        ("#check", "@append_length"),
    ]
    for c in cmds:
        check_spans(text, c)
    append = cmds[0]
    assert text_of(text, append).startswith("def append") and text_of(text, append).endswith("x :: append xs ys")
    assert isinstance(append.value, T.Match) and len(append.value.alts) == 2
    length = cmds[3]
    induction = length.value.tactics.tactics[0]
    assert induction.name == "induction"
    assert [a.ctor for a in induction.args["alts"]] == ["nil", "cons"]
    assert induction.args["alts"][1].names == ("x", "xs", "ih")
    assert [t.name for t in induction.args["alts"][1].tactics.tactics] == ["simp", "omega"]


def test_tour_resolves_with_its_notation():
    text, cmds = load("Tour.ltn")
    table = CORE
    out = []
    for c in cmds:
        r = resolve_all(c, table)
        if isinstance(c, T.NotationCmd):
            table = table.add(r)
        out.append(r)
    assert show(out[2].term) == "(+++ [list 1, 2] (+++ [list 3] [list 4, 5]))"
    assoc = out[4].sig.type
    assert show(assoc) == "(= (+++ (paren (+++ xs ys)) zs) (+++ xs (paren (+++ ys zs))))"
    assert show(out[3].sig.type) == "(= (paren (append xs ys)).length (+ xs.length ys.length))"


def test_automated_reasoning():
    text, cmds = load("AutomatedReasoning.ltn")
    assert [summary(c) for c in cmds] == [
        ("def", "f"),
        ("theorem", "f_true"),
        ("theorem", "add_comm_omega"),
        ("def", "g"),
        ("def", "gInt"),
        ("def", "g2"),
        ("def", "g3"),
        ("theorem", "sub_add_wrong"),
        ("theorem", "sub_add_right"),
        ("theorem", "two_plus_two"),
        ("theorem", "two_plus_two'"),
    ]
    for c in cmds:
        check_spans(text, c)
        resolve_all(c)
    g_int = cmds[4]
    assert isinstance(g_int.value, T.If) and g_int.value.hyp == "h"
    assert g_int.value.then.hyp == "h'"
    assert show(g_int.termination_by) == "(paren [x - y]).toNat"
    assert [t.name for t in g_int.decreasing_by.tactics] == ["omega"]
    assert cmds[6].mods.partial
    assert text_of(text, cmds[1].value) == "by\n  simp [f, Nat.add_comm]"


def test_every_line_is_inside_a_command():
    for name in ("Tour.ltn", "AutomatedReasoning.ltn"):
        path = EXAMPLES / name
        if not path.exists():
            pytest.skip(f"{path} not found")
        text = path.read_text(encoding="utf-8")
        spans = split_commands(text)
        assert spans[0][0] == 0 and spans[-1][1] == len(text)
