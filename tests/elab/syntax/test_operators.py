"""Operator resolution: Lean's precedences and associativity, user notation, clashes, unknown operators."""

import pytest

from lantern.elab.syntax import tree as T
from lantern.elab.syntax.operators import CORE, NotationTable, ResolveError, resolve, resolve_all

from .util import cmd, nodes, resolved, show, term


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a + b * c", "(+ a (* b c))"),
        ("a * b + c", "(+ (* a b) c)"),
        ("a - b - c", "(- (- a b) c)"),
        ("a / b / c", "(/ (/ a b) c)"),
        ("a :: b :: c", "(:: a (:: b c))"),
        ("a ++ b ++ c", "(++ (++ a b) c)"),
        ("2 ^ 3 ^ 4", "(^ 2 (^ 3 4))"),
        ("a ∧ b ∧ c", "(∧ a (∧ b c))"),
        ("a ∧ b ∨ c ∧ d", "(∨ (∧ a b) (∧ c d))"),
        ("a ∨ b ↔ c", "(↔ (∨ a b) c)"),
        ("¬ a = b", "(¬ (= a b))"),
        ("¬ a ∧ b", "(∧ (¬ a) b)"),
        ("-x + y", "(+ (- x) y)"),
        ("- x ^ 2", "(- (^ x 2))"),
        ("-x * y", "(* (- x) y)"),
        ("a * -b", "(* a (- b))"),
        ("a ≤ b ∧ b ≥ c", "(∧ (≤ a b) (≥ b c))"),
        ("x + y == y + x", "(== (+ x y) (+ y x))"),
        ("a != b || c && d", "(|| (!= a b) (&& c d))"),
        ("!b && c", "(&& (! b) c)"),
        ("f ∘ g ∘ h", "(∘ f (∘ g h))"),
        ("A × B × C", "(× A (× B C))"),
        ("a ∣ b", "(∣ a b)"),
        ("a ≠ b", "(≠ a b)"),
        ("x :: xs ++ ys", "(++ (:: x xs) ys)"),
        ("x :: xs = ys", "(= (:: x xs) ys)"),
        ("↑n + 1", "(+ (↑ n) 1)"),
        ("f ¬p ∧ q", "(∧ (f (¬ p)) q)"),
        ("f x ↑y", "(f x (↑ y))"),
        ("x |> f |> g", "(g (f x))"),
        ("f <| g <| x", "(f (g x))"),
        ("f a <| b", "(f a b)"),
        ("f $ g x", "(f (g x))"),
        ("(a + b) * c", "(* (paren (+ a b)) c)"),
        ("¬¬p", "(¬ (¬ p))"),
        ("a*-b", "(* a (- b))"),
        ("n+1", "(+ n 1)"),
    ],
)
def test_core_precedences(text, expected):
    assert show(resolved(text)) == expected


def test_arrows_become_pi():
    t = resolved("a → b → c")
    assert isinstance(t, T.Pi) and t.binders[0].names == ("a✝",) and show(t.binders[0].type) == "a"
    assert isinstance(t.body, T.Pi)
    assert show(resolved("a ∧ b → c")) == "(Π (a✝ : (∧ a b)), c)"
    assert show(resolved("Nat -> Nat")) == "(Π (a✝ : Nat), Nat)"
    assert show(resolved("(x : A) → B x → C")) == "(Π (x : A), (Π (a✝ : (B x)), C))"


def test_functions_are_lean_names():
    expected = {
        "+": "HAdd.hAdd", "-": "HSub.hSub", "*": "HMul.hMul", "/": "HDiv.hDiv", "%": "HMod.hMod", "^": "HPow.hPow",
        "++": "HAppend.hAppend", "::": "List.cons", "=": "Eq", "≠": "Ne", "<": "LT.lt", ">": "GT.gt",
        "≤": "LE.le", "≥": "GE.ge", "==": "BEq.beq", "!=": "bne", "∧": "And", "∨": "Or", "↔": "Iff",
        "×": "Prod", "∘": "Function.comp", "∣": "Dvd.dvd", "&&": "and", "||": "or",
    }
    for sym, fn in expected.items():
        t = resolved(f"a {sym} b")
        assert isinstance(t, T.OpApp) and t.fn.name == fn and t.params == () and len(t.args) == 2, sym
    assert resolved("¬p").fn.name == "Not"
    assert resolved("!b").fn.name == "not"
    assert resolved("-x").fn.name == "Neg.neg"


def test_spans():
    text = "a + b * c"
    t = resolved(text)
    assert t.span == T.Span(0, 9)
    assert t.args[1].span == T.Span(4, 9)
    assert t.fn.span == T.Span(2, 3)  # the function name points at its operator
    t2 = resolved("¬¬p")
    assert [t2.span, t2.args[0].span] == [T.Span(0, 3), T.Span(1, 3)]


def test_non_associative_chains_are_errors():
    for text in ["a = b = c", "a < b < c", "a ↔ b ↔ c", "a = b < c"]:
        with pytest.raises(ResolveError, match="not associative") as e:
            resolved(text)
        assert e.value.span.start == text.index(" ", text.index("b")) + 1


def test_user_infix():
    table = CORE.add(cmd('infixr:65 " +++ " => append'))
    t = resolved("[1, 2] +++ [3] +++ [4, 5]", table)
    assert show(t) == "(+++ [list 1, 2] (+++ [list 3] [list 4, 5]))"
    assert t.fn.name == "append" and t.params == ()
    assert show(resolved("a +++ b + c", table)) == "(+++ a (+ b c))"  # same precedence as `+`, right-assoc
    assert show(resolved("a * b +++ c", table)) == "(+++ (* a b) c)"
    # the table is immutable: the core table does not know `+++`
    with pytest.raises(ResolveError, match="unknown operator '\\+\\+\\+'"):
        resolved("a +++ b")


def test_prefix_postfix_and_mixfix_notation():
    table = CORE
    for text in ['prefix:max "√" => Nat.sqrt', 'postfix:max "!" => Nat.factorial',
                 'notation:50 a " ≺ " b => R a b', 'notation:65 a " ⊕⊕ " b " ⊗⊗ " c:66 => f a b c',
                 'notation "∅" => EmptyCollection.emptyCollection']:
        table = table.add(cmd(text))
    assert show(resolved("√x + 1", table)) == "(+ (√ x) 1)"
    assert show(resolved("n ! + 1", table)) == "(+ (! n) 1)"
    assert show(resolved("a ≺ b", table)) == "(≺ a b)"
    m = resolved("x ⊕⊕ y ⊗⊗ z", table)
    assert show(m) == "(⊕⊕ ⊗⊗ x y z)" and m.params == ("a", "b", "c") and show(m.fn) == "(f a b c)"
    e = resolved("∅ ++ ∅", table)
    assert show(e) == "(++ (∅ ) (∅ ))"


def test_clash_is_an_error_naming_both():
    table = CORE.add(cmd('infixl:65 " +++ " => append')).add(cmd('infixl:65 " +++ " => other'))
    with pytest.raises(ResolveError) as e:
        resolved("a +++ b", table)
    assert "ambiguous" in e.value.message and len(e.value.clashes) == 2
    assert "append" in e.value.message and "other" in e.value.message
    # re-declaring the same notation is not a clash
    same = CORE.add(cmd('infixr:65 " +++ " => append')).add(cmd('infixr:65 " +++ " => append'))
    assert show(resolved("a +++ b", same)) == "(+++ a b)"


def test_unknown_operators():
    with pytest.raises(ResolveError, match="unknown operator '⊛'") as e:
        resolved("a ⊛ b")
    assert e.value.span == T.Span(2, 3)
    with pytest.raises(ResolveError, match="unknown operator"):
        resolved("a +*+ b")


def test_missing_operands():
    with pytest.raises(ResolveError, match="after '\\+'"):
        resolved("a +")
    with pytest.raises(ResolveError, match="before '\\*'"):
        resolved("* a")


def test_table_is_cheap_and_persistent():
    t1 = CORE.add(cmd('infixl:65 " +++ " => append'))
    t2 = t1.add(cmd('infixl:70 " *** " => mul'))
    assert len(t2) == len(t1) + 1 == len(CORE) + 2
    assert "***" not in t1.symbols and "***" in t2.symbols
    assert NotationTable.core() is CORE and NotationTable.builtin() is CORE


def test_resolve_all_walks_a_whole_command():
    text = (
        "theorem t (h : a + b = c) : ∀ x, x * 2 = x + x := by\n"
        "  have : 1 + 1 = 2 := rfl\n"
        "  induction n with\n"
        "  | zero => simp [Nat.add_comm a b]\n"
        "  | succ n ih => exact fun y => match y + 1 with | 0 => ih | k+1 => k - 1\n"
    )
    c = resolve_all(cmd(text))
    assert not any(isinstance(n, T.OpSeq) for n in nodes(c))
    assert show(c.sig.binders[0].type) == "(= (+ a b) c)"
    assert show(c.sig.type.body) == "(= (* x 2) (+ x x))"
    have = c.value.tactics.tactics[0]
    assert show(have.args["type"]) == "(= (+ 1 1) 2)"
    fun = c.value.tactics.tactics[1].args["alts"][1].tactics.tactics[0].args["term"]
    m = fun.body
    assert show(m.discrs[0].term) == "(+ y 1)" and show(m.alts[1].patterns[0][0]) == "(+ k 1)"
    assert show(m.alts[1].rhs) == "(- k 1)"


def test_resolve_all_resolves_notation_right_hand_sides():
    n = resolve_all(cmd('infixl:65 " +' + "'" + ' " => fun a b => a + b'))
    assert show(n.rhs.body) == "(+ a b)"
    table = CORE.add(n)
    assert show(resolved("x +' y", table)) == "(+' x y)"


def test_resolve_single_opseq():
    seq = term("a + b")
    assert isinstance(seq, T.OpSeq)
    assert show(resolve(seq)) == "(+ a b)"
