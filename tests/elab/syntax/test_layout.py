"""Indentation-sensitive term constructs: nested matches, let/have bodies, fields, where, calc."""

from lantern.elab.syntax import tree as T
from lantern.elab.syntax.parser import parse_document

from .util import check_spans, cmd, show


def test_nested_match_ends_at_a_smaller_column():
    text = (
        "def f (x y : Nat) : Nat :=\n"
        "  match x with\n"
        "  | 0 =>\n"
        "    match y with\n"
        "    | 0 => 1\n"
        "    | _ => 2\n"
        "  | _ => 3\n"
    )
    c = cmd(text)
    check_spans(text, c)
    outer = c.value
    assert len(outer.alts) == 2 and show(outer.alts[1].rhs) == "3"
    inner = outer.alts[0].rhs
    assert isinstance(inner, T.Match) and [show(a.rhs) for a in inner.alts] == ["1", "2"]


def test_nested_match_at_the_same_column_takes_the_alternatives():
    # as in Lean: the inner `match` is not closed by a `|` at its own alternatives' column
    c = cmd("def f (x y : Nat) : Nat :=\n  match x with\n  | 0 => match y with\n  | 0 => 1\n  | _ => 2")
    assert len(c.value.alts) == 1 and len(c.value.alts[0].rhs.alts) == 2


def test_let_and_have_bodies_on_the_next_line():
    text = "def f : Nat :=\n  let x := 1\n  let y :=\n    x + 1\n  have h : y = y := rfl\n  x + y\n"
    c = cmd(text)
    check_spans(text, c)
    l1 = c.value
    assert isinstance(l1, T.Let) and l1.name == "x"
    l2 = l1.body
    assert l2.name == "y" and show(l2.value) == "[x + 1]"
    h = l2.body
    assert isinstance(h, T.Have) and show(h.body) == "[x + y]"


def test_application_does_not_continue_at_the_let_column():
    c = cmd("def f : Nat :=\n  let x := g\n  x")
    assert show(c.value.value) == "g" and show(c.value.body) == "x"


def test_multiline_if_and_fun():
    c = cmd("def h (c : Bool) : Nat → Nat :=\n  fun x =>\n    if c then\n      x\n    else\n      x + 1")
    assert isinstance(c.value, T.Fun) and isinstance(c.value.body, T.If)


def test_structure_fields_with_tactic_defaults():
    c = cmd("structure S where\n  x : Nat := by exact 0\n  y : Nat\n  z : Nat := 1\n")
    assert [f.names for f in c.fields] == [("x",), ("y",), ("z",)]
    assert isinstance(c.fields[0].default, T.By)


def test_where_declarations_line_up():
    c = cmd("def a := b + c\nwhere\n  b := 1\n  c : Nat :=\n    2\n")
    assert [w.sig.name for w in c.where] == ["b", "c"] and show(c.where[1].value) == "2"


def test_calc_steps_reanchor_after_the_first_line():
    c = cmd("theorem t : a = c :=\n  calc a = b := h1\n       _ = c := h2\n")
    assert len(c.value.steps) == 2
    c2 = cmd("theorem t : a = c :=\n  calc a = b := h1\n    _ = c := h2\n")
    assert len(c2.value.steps) == 2


def test_deeper_lines_continue_and_brackets_suspend_layout():
    text = "theorem t : True := by\n  simp [foo,\n  bar]\n  exact (f\n a\n    b)\n"
    c = cmd(text)
    tacs = c.value.tactics.tactics
    assert [t.name for t in tacs] == ["simp", "exact"]
    assert [show(r.term) for r in tacs[0].args["lemmas"]] == ["foo", "bar"]
    assert show(tacs[1].args["term"]) == "(paren (f a b))"


def test_constructs_parse_across_a_document():
    text = (
        "theorem foo : True :=\n  have h : True := trivial\n  h\n\n"
        "theorem foo2 : True := by simp\n  <;> rfl\n\n"
        "example := let x := 1\n           let y := 2\n           x + y\n"
    )
    cmds = parse_document(text)
    assert [type(c).__name__ for c in cmds] == ["Definition"] * 3
    for c in cmds:
        check_spans(text, c)
    assert cmds[1].value.tactics.tactics[0].name == "<;>"
