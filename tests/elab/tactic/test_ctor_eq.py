"""Constructor applications as `injection`, `contradiction` and `rcases` see them: numerals of `Nat`
are `Nat.succ`/`Nat.zero` applications (`n + 2` is `Nat.succ (n + 1)`, readable rather than
unfolded), and other terms count after weak head normalisation."""

from __future__ import annotations

from lantern.elab.document import initial_env
from lantern.elab.syntax.operators import resolve_all
from lantern.elab.syntax.parser import parse_term
from lantern.elab.tactic.ctor_eq import ctor_view
from lantern.elab.term.elaborator import TermElab
from lantern.kernel.expr import Const
from lantern.kernel.name import Name


def view(text: str, locals_: dict[str, str] | None = None) -> tuple[str, list[str]] | None:
    env = initial_env()
    te = TermElab(env)
    for n, ty in (locals_ or {}).items():
        te.lctx, _ = te.lctx.add(Name.of(n), te.elab_type(resolve_all(parse_term(ty), env.notations)))
    e = te.elab(resolve_all(parse_term(text), env.notations), Const(Name.of("Nat")) if locals_ is not None else None)
    te.synthesize_pending()
    v = ctor_view(te, te.instantiate(e))
    if v is None:
        return None
    return str(v.ctor.name), [te.pp(f) for f in v.fields]


def test_numerals() -> None:
    assert view("0", {}) == ("Nat.zero", [])
    assert view("3", {}) == ("Nat.succ", ["2"])


def test_successor_notation() -> None:
    assert view("n + 1", {"n": "Nat"}) == ("Nat.succ", ["n"])
    assert view("n + 2", {"n": "Nat"}) == ("Nat.succ", ["n + 1"])


def test_constructor_applications() -> None:
    assert view("Nat.succ n", {"n": "Nat"}) == ("Nat.succ", ["n"])
    assert view("[1, 2]") == ("List.cons", ["1", "[2]"])


def test_variables_are_not_constructors() -> None:
    assert view("n", {"n": "Nat"}) is None
    assert view("n + m", {"n": "Nat", "m": "Nat"}) is None
