"""Nothing a user can type makes the parser raise: every truncation and mutation of real commands
parses to a command or a `ParseError`, and resolving never fails with anything but `ResolveError`."""

import random
from pathlib import Path

from lantern.elab.syntax import tree as T
from lantern.elab.syntax.commands import split_commands
from lantern.elab.syntax.operators import ResolveError, resolve_all
from lantern.elab.syntax.parser import parse_command

HERE = Path(__file__).resolve()
SOURCES = [HERE.parents[4] / "shared" / "examples" / n for n in ("Tour.ltn", "AutomatedReasoning.ltn")]
SNIPPETS = [
    "theorem t (p q : Prop) (hp : p) (hq : q) : p ∧ q := by\n  constructor\n  · exact hp\n  · exact hq\n",
    "def f : Nat → Nat\n  | 0 => 1\n  | n+1 => f n * 2\ntermination_by n => n\n",
    "structure P where\n  mk ::\n  x : Nat := 0\n  (y z : Nat)\nderiving Repr\n",
    "theorem t : a = c := by\n  calc a = b := by simp [h]\n    _ = c := h2\n",
    "example : ∀ x : Nat, ∃ y, y > x := fun x => ⟨x + 1, by omega⟩\n",
]


def texts() -> list[str]:
    out = list(SNIPPETS)
    for p in SOURCES:
        if p.exists():
            t = p.read_text(encoding="utf-8")
            out.extend(t[a:b] for a, b in split_commands(t))
    return out


def check(text: str) -> None:
    c = parse_command(text)
    assert isinstance(c, (T.ParseError, T.Definition, T.HashCmd, T.NotationCmd, T.Structure, T.Inductive, T.Axiom)) or c is not None
    if isinstance(c, T.ParseError):
        assert 0 <= c.span.start <= c.span.end <= len(text)
        return
    try:
        resolve_all(c)
    except ResolveError:
        pass


def test_truncations():
    for text in texts():
        for cut in range(0, len(text), 3):
            check(text[:cut])


def test_random_mutations():
    rng = random.Random(1234)
    alphabet = list("()[]{}⟨⟩,:;|=>←·.@_ \n\t+-*/¬→∀∃λ\"'") + ["fun ", "by ", ":= ", "with ", "  ", "\n  ", "match "]
    for text in texts():
        for _ in range(25):
            chars = list(text)
            for _ in range(rng.randint(1, 4)):
                i = rng.randrange(len(chars) + 1)
                op = rng.random()
                if op < 0.4 and chars:
                    del chars[min(i, len(chars) - 1)]
                elif op < 0.8:
                    chars.insert(i, rng.choice(alphabet))
                elif chars:
                    j = min(i, len(chars) - 1)
                    chars[j] = rng.choice(alphabet)
            check("".join(chars))
