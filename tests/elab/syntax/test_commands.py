"""`split_commands`: command boundaries at column-0 keywords, outside comments and strings."""

from lantern.elab.syntax.commands import split_commands


def pieces(text: str) -> list[str]:
    spans = split_commands(text)
    # contiguous and covering
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    return [text[a:b] for a, b in spans]


def test_simple_and_trailing_comments_go_to_the_previous_command():
    text = "-- header\n\ndef a := 1\n-- about b\ndef b := 2\n"
    assert pieces(text) == ["-- header\n\ndef a := 1\n-- about b\n", "def b := 2\n"]


def test_keywords_inside_comments_and_strings_do_not_split():
    text = (
        "def a := 1\n"
        "/- nested /- comment\ndef x := 2\n-/ still comment\ntheorem y : True := trivial\n-/\n"
        'def s := "a string\ndef z := 3"\n'
        "def c := '\"'\n"
        "def d := 4\n"
    )
    got = pieces(text)
    assert [p.split()[1] for p in got] == ["a", "s", "c", "d"]


def test_identifier_with_prime_is_not_a_char_literal():
    text = "def h' := 1\ndef h'' := 2\n"
    assert len(pieces(text)) == 2


def test_continuation_lines_at_column_zero():
    text = (
        "def f : Nat → Nat\n| 0 => 1\n| n+1 => f n\n"
        "termination_by n => n\ndecreasing_by omega\n"
        "structure P where\n  x : Nat\nderiving Repr\n"
        "instance : Inhabited P where\n  default := ⟨0⟩\n"
    )
    got = pieces(text)
    assert len(got) == 3
    assert got[0].startswith("def f") and "decreasing_by" in got[0]
    assert got[1].startswith("structure") and "deriving" in got[1]


def test_doc_comment_and_attributes_start_their_command():
    text = "def a := 1\n/-- doc\nfor b -/\n@[simp]\ntheorem b : True := trivial\n@[reducible] def c := 2\n"
    got = pieces(text)
    assert got[1].startswith("/-- doc") and "theorem b" in got[1]
    assert got[2].startswith("@[reducible] def c")


def test_doc_comment_before_a_constructor_stays_in_the_inductive():
    text = "inductive T where\n/-- first -/\n| a\n/-- second -/\n| b\ndef x := 1\n"
    got = pieces(text)
    assert len(got) == 2 and got[0].count("/--") == 2


def test_mutual_block_is_one_command():
    text = (
        "mutual\ndef even : Nat → Bool\n  | 0 => true\n  | n+1 => odd n\n"
        "def odd : Nat → Bool\n  | 0 => false\n  | n+1 => even n\nend\n"
        "def after := 1\n"
    )
    got = pieces(text)
    assert len(got) == 2 and got[0].rstrip().endswith("end") and got[1].startswith("def after")


def test_command_after_in_belongs_to_it():
    text = "/-- info: 2 -/\n#guard_msgs in\n#eval 1 + 1\nopen Nat in\n-- comment\ndef x := succ 0\n#check x\n"
    got = pieces(text)
    assert len(got) == 3
    assert got[0].startswith("/-- info") and "#eval" in got[0]
    assert got[1].startswith("open Nat in") and "def x" in got[1]


def test_leading_junk_is_its_own_span_and_blank_documents_have_none():
    assert split_commands("") == []
    assert split_commands("  \n-- only a comment\n/- and -/\n") == []
    assert split_commands("garbage") == [(0, 7)]
    text = "oops\ndef a := 1\n"
    assert pieces(text) == ["oops\n", "def a := 1\n"]


def test_modifiers_and_hash_commands_start_commands():
    text = "private def a := 1\nnoncomputable section\n#eval a\n#exit\n"
    assert len(pieces(text)) == 4


def test_indented_keywords_do_not_split():
    text = "def f := by\n  have : True := by\n    trivial\n  exact this\n  def\n"
    assert len(pieces(text)) == 1
