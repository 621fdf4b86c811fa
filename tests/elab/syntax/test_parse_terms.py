"""Each term form parses to the expected tree shape (operators unresolved unless stated)."""

import pytest

from lantern.elab.syntax import tree as T
from lantern.elab.syntax.parser import parse_term

from .util import check_spans, resolved, show, term, text_of


@pytest.mark.parametrize(
    "text, expected",
    [
        ("List.map.{u, v} f xs", "(List.map f xs)"),
        ("@List.map _ _ f", "(@List.map _ _ f)"),
        ("Nat.succ ?_ ?x", "(Nat.succ ?_ ?x)"),
        ("0x1F", "31"),
        ("0b101", "5"),
        ("42", "42"),
        ('"a\\nb\\"c\\x41\\u03b1"', repr('a\nb"cAα')),
        ("'x'", "'x'"),
        ("_", "_"),
        ("Prop", "Prop"),
        ("Type", "Type"),
        ("Type u", "Type u"),
        ("Sort (u+1)", "Sort (u+1)"),
        ("Type (max u v)", "Type (max u v)"),
        ("Sort (imax 1 u)", "Sort (imax 1 u)"),
        ("f (x := 1) y", "(f (x := 1) y)"),
        ("(append xs ys).length", "(paren (append xs ys)).length"),
        ("e.1", "e.1"),
        ("x.1.2", "x.1.2"),
        ("xs.length", "xs.length"),
        ("(1 : Nat)", "(1 : Nat)"),
        ("(a, b, c)", "(tuple a b c)"),
        ("()", "(tuple )"),
        ("⟨a, b⟩", "⟨a, b⟩"),
        ("⟨⟩", "⟨⟩"),
        ("[a, b]", "[list a, b]"),
        ("[]", "[list ]"),
        ("(· + 1)", "(paren [· + 1])"),
        (".cons x xs", "(.cons x xs)"),
        ("sorry", "sorry"),
        ("f <| g x", "[f <| (g x)]"),
        ("xs.map fun x => x + 1", "(xs.map (fun (x) => [x + 1]))"),
    ],
)
def test_atoms_and_applications(text, expected):
    t = term(text)
    check_spans(text, t)
    assert show(t) == expected


def test_levels_are_kept():
    t = term("List.map.{u, v+1} f")
    assert [type(lv).__name__ for lv in t.fn.levels] == ["LevelName", "LevelAdd"]


def test_fun_forms():
    f = term("fun x (y : T) => e")
    assert isinstance(f, T.Fun) and [(b.names, show(b.type) if b.type else None) for b in f.binders] == [(("x",), None), (("y",), "T")]
    g = term("fun x y : Nat => x")
    assert [show(b) for b in g.binders] == ["(x : Nat)", "(y : Nat)"]
    h = term("λ {α} (a : α) => a")
    assert [b.kind for b in h.binders] == ["implicit", "default"]
    p = term("fun ⟨a, b⟩ c => a")
    assert isinstance(p, T.FunMatch) and len(p.alts) == 1
    assert [show(x) for x in p.alts[0].patterns[0]] == ["⟨a, b⟩", "c"]
    m = term("fun | 0 => 1 | n+1 => n")
    assert isinstance(m, T.FunMatch) and [show(a.patterns[0][0]) for a in m.alts] == ["0", "[n + 1]"]
    assert isinstance(term("fun x ↦ x"), T.Fun)


def test_match():
    text = "match h : a, b with\n  | 0, _ => x\n  | n+1, y | y, n+1 => y"
    m = term(text)
    check_spans(text, m)
    assert [(d.name, show(d.term)) for d in m.discrs] == [("h", "a"), (None, "b")]
    assert [[[show(p) for p in grp] for grp in alt.patterns] for alt in m.alts] == [
        [["0", "_"]],
        [["[n + 1]", "y"], ["y", "[n + 1]"]],
    ]
    assert text_of(text, m.alts[1]) == "| n+1, y | y, n+1 => y"


def test_quantifiers_and_arrows():
    assert show(term("∀ x y, P x y")) == "(Π (x y), (P x y))"
    assert show(term("∀ x y : T, P x")) == "(Π (x y : T), (P x))"
    assert show(term("∀ (x : A) {y : B}, P")) == "(Π (x : A) {y : B}, P)"
    assert show(term("∃ x, P x")) == "(∃ (x), (P x))"
    assert show(term("∃ x y : T, P x y")) == "(∃ (x y : T), (P x y))"
    # dependent arrows: the binder is an operand of the sequence, resolved into a `Pi`
    assert show(term("(x : A) → B x")) == "[(x : A) → (B x)]"
    assert show(resolved("(x : A) → B x")) == "(Π (x : A), (B x))"
    assert show(resolved("{α : Type} → α → α")) == "(Π {α : Type}, (Π (a✝ : α), α))"
    assert show(resolved("[inst : Add α] → α")) == "(Π [inst : (Add α)], α)"
    assert show(resolved("[Add α] → α")) == "(Π [: (Add α)], α)"
    assert show(resolved("⦃x : A⦄ → B")) == "(Π ⦃x : A⦄, B)"
    assert show(resolved("(x y : A) → B")) == "(Π (x y : A), B)"


def test_let_have_show():
    l = term("let x := 1; x + 1")
    assert isinstance(l, T.Let) and (l.name, show(l.value), show(l.body)) == ("x", "1", "[x + 1]")
    text = "let f (n : Nat) : Nat := n + 1\nlet y := f 2\ny"
    l2 = term(text)
    check_spans(text, l2)
    assert l2.name == "f" and l2.binders[0].names == ("n",) and show(l2.type) == "Nat"
    assert isinstance(l2.body, T.Let) and show(l2.body.body) == "y"
    lp = term("let ⟨a, b⟩ := p; a")
    assert show(lp.name) == "⟨a, b⟩"
    h = term("have h : T := foo; bar")
    assert isinstance(h, T.Have) and (h.name, show(h.type), show(h.value), show(h.body)) == ("h", "T", "foo", "bar")
    h2 = term("have : T := by simp\nthis")
    assert h2.name is None and isinstance(h2.value, T.By) and show(h2.body) == "this"
    s = term("show T from e")
    assert isinstance(s, T.Show) and show(s.term) == "e"
    sb = term("show a = b by simp")
    assert isinstance(sb.term, T.By) and show(sb.type) == "[a = b]"
    assert term("show T").term is None


def test_if():
    i = term("if c then a else b")
    assert isinstance(i, T.If) and i.hyp is None and (show(i.cond), show(i.then), show(i.else_)) == ("c", "a", "b")
    j = term("if h : x > 0 then a else if y then b else c")
    assert j.hyp == "h" and show(j.cond) == "[x > 0]" and isinstance(j.else_, T.If)


def test_calc():
    text = "calc a = b := h1\n    _ = c := h2\n    _ = d := by simp"
    c = term(text)
    check_spans(text, c)
    assert isinstance(c, T.Calc) and [show(s.relation) for s in c.steps] == ["[a = b]", "[_ = c]", "[_ = d]"]
    assert isinstance(c.steps[2].proof, T.By)
    c2 = term("calc\n  a = b := h1\n  _ = c := h2")
    assert len(c2.steps) == 2


def test_by_and_sorry():
    b = term("by simp")
    assert isinstance(b, T.By) and b.tactics.tactics[0].name == "simp"
    assert isinstance(term("sorry"), T.Sorry)


def test_operator_sequences_are_flat():
    t = term("-x + y * z :: zs ≠ w ∧ ¬p ∨ q → r ↔ s")
    assert isinstance(t, T.OpSeq)
    assert show(t) == "[- x + y * z :: zs ≠ w ∧ ¬ p ∨ q → r ↔ s]"
    ops = ["+", "-", "*", "/", "%", "^", "++", "::", "=", "≠", "<", ">", "≤", "≥", "==", "!=", "&&", "||", "∧", "∨", "→", "↔", "×", "∘", "∣", "<|", "|>", "+++", "⊕"]
    for op in ops:
        assert show(term(f"a {op} b")) == f"[a {op} b]"
    for op in ["¬", "-", "!", "↑"]:
        assert show(term(f"{op}a")) == f"[{op} a]"


def test_structure_instances():
    s = term("{ x := 1, y := f 2 }")
    assert isinstance(s, T.StructInst) and [(f.name, show(f.value)) for f in s.fields] == [("x", "1"), ("y", "(f 2)")]
    assert term("{}").fields == ()


def test_binder_outside_arrow_is_an_error():
    from lantern.elab.syntax.operators import ResolveError, resolve_all

    from .util import cmd

    with pytest.raises(ResolveError, match="binder"):
        resolve_all(cmd("def x := {a : Nat}"))
    bad = parse_term("f {x : Nat}")
    assert isinstance(bad, T.ParseError) and "binder" in bad.message
