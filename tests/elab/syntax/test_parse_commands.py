"""Each command form parses to the expected tree shape."""

from lantern.elab.syntax import tree as T

from .util import check_spans, cmd, show, text_of


def test_def_with_binders_type_and_value():
    text = "def add3 {α : Type} [Add α] (x y z : α) : α := x + y + z"
    c = cmd(text)
    check_spans(text, c)
    assert isinstance(c, T.Definition) and c.kind == "def"
    assert c.sig.name == "add3" and text_of(text, c.sig) == "add3 {α : Type} [Add α] (x y z : α) : α"
    assert [(b.kind, b.names) for b in c.sig.binders] == [("implicit", ("α",)), ("inst", ()), ("default", ("x", "y", "z"))]
    assert show(c.sig.binders[1].type) == "(Add α)"
    x = text.index("x y z")
    assert c.sig.binders[2].name_spans == (T.Span(x, x + 1), T.Span(x + 2, x + 3), T.Span(x + 4, x + 5))
    assert show(c.sig.type) == "α"
    assert show(c.value) == "[x + y + z]"


def test_plain_binders_and_level_params():
    c = cmd("def const.{u, v} {α : Sort u} {β : Sort v} (a : α) b : α := a")
    assert c.sig.level_params == ("u", "v")
    assert c.sig.binders[-1].names == ("b",) and c.sig.binders[-1].type is None
    assert show(c.sig.binders[0].type) == "Sort u"


def test_theorem_abbrev_example_opaque_axiom():
    assert cmd("theorem t : True := trivial").kind == "theorem"
    a = cmd("abbrev N := Nat")
    assert a.kind == "abbrev" and a.sig.type is None and show(a.value) == "Nat"
    e = cmd("example : 2 + 2 = 4 := rfl")
    assert e.kind == "example" and e.sig.name is None and e.sig.name_span is None
    o = cmd("opaque secret : Nat")
    assert o.kind == "opaque" and o.value is None
    o2 = cmd("opaque secret2 : Nat := 5")
    assert show(o2.value) == "5"
    ax = cmd("axiom em (p : Prop) : p ∨ ¬p")
    assert isinstance(ax, T.Axiom) and ax.sig.name == "em" and show(ax.sig.type) == "[p ∨ ¬ p]"


def test_instances():
    i = cmd("instance : Inhabited Nat := ⟨0⟩")
    assert i.kind == "instance" and i.sig.name is None and show(i.sig.type) == "(Inhabited Nat)"
    j = cmd("instance (priority := 100) instFoo [Add α] : Foo α := ⟨fun a => a⟩")
    assert j.priority == 100 and j.sig.name == "instFoo" and j.sig.binders[0].kind == "inst"
    text = "instance : Add Point where\n  add p q := ⟨p.x + q.x⟩\n  zero := 0\n"
    k = cmd(text)
    check_spans(text, k)
    assert isinstance(k.value, T.StructInst)
    f1, f2 = k.value.fields
    assert (f1.name, [b.names for b in f1.binders], show(f1.value)) == ("add", [("p",), ("q",)], "⟨[p.x + q.x]⟩")
    assert (f2.name, show(f2.value)) == ("zero", "0")


def test_modifiers_and_attributes():
    text = "/-- Adds. -/\n@[simp, reducible] @[instance 100]\nprivate noncomputable partial unsafe def f := 1"
    c = cmd(text)
    m = c.mods
    assert m.doc == "Adds."
    assert [(a.name, a.args) for a in m.attrs] == [("simp", ()), ("reducible", ()), ("instance", ("100",))]
    assert (m.visibility, m.noncomputable, m.partial, m.unsafe) == ("private", True, True, True)
    assert c.span.start == 0 and text_of(text, c.sig) == "f"
    assert cmd("protected def Foo.bar := 1").mods.visibility == "protected"


def test_equations_where_termination_decreasing():
    text = (
        "def ack : Nat → Nat → Nat\n"
        "  | 0, n => n + 1\n"
        "  | m+1, 0 => ack m 1\n"
        "  | m+1, n+1 => ack m (ack (m+1) n)\n"
        "termination_by m n => (m, n)\n"
        "decreasing_by all_goals simp; omega\n"
    )
    c = cmd(text)
    check_spans(text, c)
    assert c.value is None and len(c.equations) == 3
    assert [[show(p) for p in alt.patterns[0]] for alt in c.equations] == [["0", "n"], ["[m + 1]", "0"], ["[m + 1]", "[n + 1]"]]
    assert c.termination_binders == ("m", "n") and show(c.termination_by) == "(tuple m n)"
    assert [t.name for t in c.decreasing_by.tactics] == ["all_goals"]


def test_where_clauses():
    text = (
        "def sum (xs : List Nat) : Nat := go xs 0\n"
        "where\n"
        "  go : List Nat → Nat → Nat\n"
        "    | [], acc => acc\n"
        "    | x :: xs, acc => go xs (acc + x)\n"
        "  twice (n : Nat) : Nat := n + n\n"
        "  termination_by n\n"
    )
    c = cmd(text)
    check_spans(text, c)
    assert show(c.value) == "(go xs 0)"
    go, twice = c.where
    assert go.kind == "def" and go.sig.name == "go" and len(go.equations) == 2
    assert twice.sig.name == "twice" and show(twice.value) == "[n + n]" and show(twice.termination_by) == "n"


def test_termination_by_single_term_and_deriving_on_def_body():
    c = cmd("def f (n : Nat) : Nat := if n = 0 then 0 else f (n - 1)\ntermination_by n")
    assert show(c.termination_by) == "n" and c.termination_binders == ()


def test_inductive():
    text = (
        "inductive Tree (α : Type u) : Type u where\n"
        "  /-- A leaf. -/\n"
        "  | leaf : Tree α\n"
        "  | node (l : Tree α) (x : α) (r : Tree α) : Tree α\n"
        "  | other\n"
        "  deriving Repr, DecidableEq, BEq\n"
    )
    c = cmd(text)
    check_spans(text, c)
    assert isinstance(c, T.Inductive) and c.sig.name == "Tree" and show(c.sig.type) == "Type u"
    assert [k.name for k in c.ctors] == ["leaf", "node", "other"]
    assert c.ctors[0].doc == "A leaf." and show(c.ctors[0].type) == "(Tree α)"
    assert [b.names for b in c.ctors[1].binders] == [("l",), ("x",), ("r",)]
    assert c.ctors[2].type is None and c.ctors[2].binders == ()
    assert text_of(text, c.ctors[1]) == "| node (l : Tree α) (x : α) (r : Tree α) : Tree α"
    assert c.deriving == ("Repr", "DecidableEq", "BEq")
    n = c.ctors[1].name_span
    assert text[n.start:n.end] == "node"


def test_inductive_without_where():
    c = cmd("inductive Color | red | green | blue")
    assert [k.name for k in c.ctors] == ["red", "green", "blue"]


def test_structure_and_class():
    text = (
        "structure Point3 (α : Type) extends Point α, Named where\n"
        "  mk ::\n"
        "  /-- The height. -/\n"
        "  z : α\n"
        "  w v : α := 0\n"
        "  f (n : Nat) : α\n"
        "  (p q : Nat)\n"
        "  {i : Nat}\n"
        "deriving Repr\n"
    )
    c = cmd(text)
    check_spans(text, c)
    assert isinstance(c, T.Structure) and not c.is_class and c.ctor == "mk"
    assert [show(e) for e in c.extends] == ["(Point α)", "Named"]
    assert [(f.names, f.kind) for f in c.fields] == [
        (("z",), "default"), (("w", "v"), "default"), (("f",), "default"), (("p", "q"), "default"), (("i",), "implicit")
    ]
    assert c.fields[0].doc == "The height." and show(c.fields[1].default) == "0"
    assert [b.names for b in c.fields[2].binders] == [("n",)]
    assert c.deriving == ("Repr",)
    k = cmd("class Foo (α : Type) where\n  foo : α → α\n  bar : α")
    assert k.is_class and [f.names for f in k.fields] == [("foo",), ("bar",)]
    assert show(k.fields[0].type) == "[α → α]"
    e = cmd("structure Empty")
    assert e.fields == () and e.ctor is None


def test_mutual():
    text = (
        "mutual\n"
        "def even : Nat → Bool\n  | 0 => true\n  | n+1 => odd n\n"
        "def odd : Nat → Bool\n  | 0 => false\n  | n+1 => even n\n"
        "end"
    )
    c = cmd(text)
    assert isinstance(c, T.Mutual) and [d.sig.name for d in c.commands] == ["even", "odd"]
    assert all(len(d.equations) == 2 for d in c.commands)


def test_scopes_variable_universe():
    assert cmd("namespace Foo.Bar") == T.Scope(T.Span(0, 17), "namespace", "Foo.Bar")
    assert cmd("section").name is None
    assert cmd("end Foo").kind == "end"
    v = cmd("variable {α : Type} [inst : Add α] (x : α)")
    assert isinstance(v, T.Variable) and [(b.kind, b.names) for b in v.binders] == [
        ("implicit", ("α",)), ("inst", ("inst",)), ("default", ("x",))
    ]
    assert cmd("universe u v").names == ("u", "v")


def test_open():
    assert cmd("open Nat List").namespaces == ("Nat", "List")
    o = cmd("open Nat (succ zero)")
    assert o.namespaces == ("Nat",) and o.only == ("succ", "zero")
    assert cmd("open Nat hiding add").hiding == ("add",)
    assert cmd("open Nat renaming add → plus, mul → times").renaming == (("add", "plus"), ("mul", "times"))
    oi = cmd("open Nat in\ndef x := succ 0")
    assert oi.namespaces == ("Nat",) and isinstance(oi.command, T.Definition)


def test_attribute_and_set_option():
    a = cmd("attribute [simp] foo bar")
    assert [x.name for x in a.attrs] == ["simp"] and a.names == ("foo", "bar") and not a.erase
    assert cmd("attribute [-simp] foo").erase
    s = cmd("set_option maxHeartbeats 400000")
    assert (s.name, s.value) == ("maxHeartbeats", "400000")
    assert cmd("set_option pp.all true").value == "true"


def test_notation_commands():
    n = cmd('infixr:65 " +++ " => append')
    assert (n.kind, n.precedence, n.parts, show(n.rhs)) == ("infixr", 65, (("sym", "+++", None),), "append")
    assert cmd('infixl:65 " ⊕ " => xor').kind == "infixl"
    assert cmd('infix:50 " ≈ " => Equiv').kind == "infix"
    p = cmd('prefix:max "√" => Nat.sqrt')
    assert (p.kind, p.precedence) == ("prefix", 1024)
    assert cmd('postfix:max "!" => Nat.factorial').kind == "postfix"
    m = cmd('notation:50 a " ≺ " b:51 => R a b')
    assert m.kind == "notation" and m.precedence == 50
    assert m.parts == (("var", "a", None), ("sym", "≺", None), ("var", "b", 51))
    assert show(m.rhs) == "(R a b)"
    d = cmd('/-- Appends. -/ @[simp] infixl:65 " ++' + "'" + ' " => append')
    assert d.mods.doc == "Appends." and d.parts[0][1] == "++'"


def test_hash_commands_and_guard_msgs():
    assert show(cmd("#check @List.map").term) == "@List.map"
    e = cmd("#eval f 3")
    assert e.kind == "eval" and show(e.term) == "(f 3)"
    assert cmd("#print axioms foo").kind == "print"
    assert cmd("#reduce (fun x => x + 1) 2").kind == "reduce"
    text = "/-- info: 2 -/\n#guard_msgs in\n#eval 1 + 1"
    g = cmd(text)
    assert isinstance(g, T.GuardMsgs) and g.expected == "info: 2"
    assert isinstance(g.command, T.HashCmd) and g.span == T.Span(0, len(text))
    assert cmd("#guard_msgs in\n#check 1").expected is None


def test_def_where_structure_instance_and_braces():
    c = cmd("def origin : Point where\n  x := 0\n  y := 0")
    assert isinstance(c.value, T.StructInst) and [f.name for f in c.value.fields] == ["x", "y"]
    d = cmd("def p : Point := { x := 1, y := 2 }")
    assert [f.name for f in d.value.fields] == ["x", "y"] and d.value.source is None
    u = cmd("def q : Point := { p with x := 3 }")
    assert show(u.value.source) == "p" and u.value.fields[0].name == "x"


def test_mutual_inductives_with_doc_comments():
    text = (
        "mutual\n"
        "/-- Evens. -/\n"
        "inductive Even : Nat → Prop\n  | zero : Even 0\n  | succ : Odd n → Even (n+1)\n"
        "/-- Odds. -/\n"
        "inductive Odd : Nat → Prop\n  /-- The only one. -/\n  | succ : Even n → Odd (n+1)\n"
        "end"
    )
    c = cmd(text)
    check_spans(text, c)
    assert [(d.sig.name, d.mods.doc) for d in c.commands] == [("Even", "Evens."), ("Odd", "Odds.")]
    assert c.commands[1].ctors[0].doc == "The only one."
