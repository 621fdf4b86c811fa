"""The `@[simp]` index of one document is not served to another whose lemma of the same name says
something else (the index cache is keyed by lemma names; a base index is reused only where its
lemmas are the very same constants)."""

from __future__ import annotations

from lantern.elab.document import check_document, messages_of


def document(k: int) -> str:
    # More user lemmas than the cache adds on top of a base, so the user's lemmas get a base index.
    lemmas = "\n".join(f"@[simp] theorem l{i} (n : Nat) : n + {i} = {i} + n := Nat.add_comm n {i}" for i in range(300))
    return (
        "axiom P : Nat → Prop\naxiom ax1 : P 1\naxiom ax2 : P 2\n" + lemmas
        + f"\n@[simp] theorem target : P {k} = True := eq_true ax{k}\nexample : P 1 := by simp\n"
    )


def errors(text: str) -> list[str]:
    return [m.text for m in messages_of(check_document(text)) if m.severity == "error"]


def test_a_lemma_declared_again_is_read_again() -> None:
    assert errors(document(1)) == []
    assert errors(document(2)) == ["simp made no progress"]
