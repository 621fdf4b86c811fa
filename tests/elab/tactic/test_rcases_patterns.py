"""How rcases patterns are read and matched to constructor fields (Lean's `processConstructor` and
`processConstructors`): implicit fields take `_`, missing patterns are `_`, and the last field takes
the remaining patterns as a tuple, so `⟨a, b, c⟩` destructures `a ∧ b ∧ c`."""

from __future__ import annotations

from lantern.elab.syntax import tree as T
from lantern.elab.tactic.rcases import (
    PAlts, PClear, PName, PRfl, PTuple, PTyped, PWild, alternative_patterns, field_patterns, read_pattern,
)
from lantern.kernel.expr import DEFAULT, IMPLICIT

S = T.Span(0, 0)


def name(n: str) -> PName:
    return PName(n, S)


def show(p) -> str:  # noqa: ANN001
    if isinstance(p, PName):
        return p.name
    if isinstance(p, PWild):
        return "_"
    if isinstance(p, PClear):
        return "-"
    if isinstance(p, PRfl):
        return "rfl"
    if isinstance(p, PTuple):
        return "⟨" + ", ".join(show(x) for x in p.items) + "⟩"
    if isinstance(p, PAlts):
        return " | ".join(show(x) for x in p.alts)
    if isinstance(p, PTyped):
        return f"({show(p.pat)} : T)"
    raise AssertionError(p)


def test_reading_the_syntax() -> None:
    stx = T.PatAlts(S, (T.AnonCtor(S, (T.Ident(S, "a"), T.Hole(S), T.Ident(S, "-"))), T.Ident(S, "rfl")))
    assert show(read_pattern(stx)) == "⟨a, _, -⟩ | rfl"
    assert show(read_pattern(T.Paren(S, T.Typed(S, T.Ident(S, "h"), T.Ident(S, "p"))))) == "(h : T)"


def test_one_pattern_per_field() -> None:
    assert [show(p) for p in field_patterns([DEFAULT, DEFAULT], [name("a"), name("b")], S)] == ["a", "b"]


def test_missing_patterns_are_wildcards() -> None:
    assert [show(p) for p in field_patterns([DEFAULT, DEFAULT, DEFAULT], [name("a")], S)] == ["a", "_", "_"]


def test_the_last_field_takes_the_rest_as_a_tuple() -> None:
    pats = [name("a"), name("b"), name("c")]
    assert [show(p) for p in field_patterns([DEFAULT, DEFAULT], pats, S)] == ["a", "⟨b, c⟩"]


def test_implicit_fields_take_no_pattern() -> None:
    # `Nat.le.step {m} (h : n.le m)`: the pattern goes to `h`.
    assert [show(p) for p in field_patterns([IMPLICIT, DEFAULT], [name("h")], S)] == ["_", "h"]


def test_no_fields() -> None:
    assert field_patterns([], [name("a")], S) == []


def test_one_alternative_per_constructor() -> None:
    alts = read_pattern(T.PatAlts(S, (T.Ident(S, "a"), T.AnonCtor(S, (T.Ident(S, "b"), T.Ident(S, "c"))))))
    assert [[show(p) for p in ps] for ps in alternative_patterns(alts, 2)] == [["a"], ["b", "c"]]


def test_missing_alternatives_are_wildcards() -> None:
    assert [[show(p) for p in ps] for ps in alternative_patterns(name("a"), 3)] == [["a"], ["_"], ["_"]]


def test_extra_alternatives_go_to_the_last_constructor() -> None:
    alts = PAlts((name("a"), name("b"), name("c")), S)
    assert [[show(p) for p in ps] for ps in alternative_patterns(alts, 2)] == [["a"], ["b | c"]]
