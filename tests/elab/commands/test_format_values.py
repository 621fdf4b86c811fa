"""`Std.Format` values built by compiled code are laid out by the pretty printer's engine: `#eval` of
a `Format`, `Format.pretty` (a native implementation of Lean's `partial def`) and user `Repr`
instances all go through `format_value.to_doc`."""

from __future__ import annotations

from lantern.elab.document import check_document, messages_of


def infos(text: str) -> list[str]:
    return [m.text for m in messages_of(check_document(text))]


def test_a_group_that_fits_is_flat_and_a_bare_line_breaks() -> None:
    out = infos(
        "open Std in\n#eval (Format.group (Format.text \"a\" ++ Format.line ++ Format.text \"b\")).pretty\n"
        "open Std in\n#eval (Format.text \"a\" ++ Format.line ++ Format.text \"b\").pretty\n"
    )
    assert out == ['"a b"', '"a\\nb"']


def test_width_and_nesting() -> None:
    out = infos(
        "open Std in\n#eval (Format.group (Format.nest 2 (Format.text \"abc\" ++ Format.line ++ Format.text \"de\"))).pretty 4\n"
    )
    assert out == ['"abc\\n  de"']


def test_a_format_is_shown_as_its_layout() -> None:
    assert infos("#eval repr [some 1, none]") == ["[some 1, none]"]


def test_a_deep_format_needs_no_deep_recursion() -> None:
    text = (
        "def many : Nat → Std.Format\n  | 0 => Std.Format.nil\n  | n + 1 => Std.Format.text \"x\" ++ many n\n"
        "#eval (many 3000).pretty.length\n"
    )
    assert infos(text) == ["3000"]
