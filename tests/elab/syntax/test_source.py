"""`LineIndex`: offsets ↔ (line, column) in code points, and the position encodings of the edges."""

from lantern.elab.syntax.source import LineIndex


def test_round_trip():
    text = "def x := 1\n\n  theorem y : True := trivial\nlast"
    idx = LineIndex(text)
    assert idx.line_count == 4
    for off in range(len(text) + 1):
        line, col = idx.position(off)
        assert idx.offset(line, col) == off
    assert idx.position(0) == (0, 0)
    assert idx.position(11) == (1, 0)
    assert idx.position(14) == (2, 2)
    assert idx.position(len(text)) == (3, 4)


def test_clamping():
    idx = LineIndex("ab\ncd")
    assert idx.offset(0, 99) == 2  # end of line 0, before the newline
    assert idx.offset(99, 0) == 5
    assert idx.position(99) == (1, 2)
    assert idx.line_text(1) == "cd"


def test_code_points_and_encodings():
    text = "α → 𝔹\nx"  # 𝔹 is outside the BMP: 2 UTF-16 units, 4 UTF-8 bytes
    idx = LineIndex(text)
    assert idx.position(text.index("𝔹")) == (0, 4)
    assert idx.encode_column(0, 5, "utf-16") == 6
    assert idx.encode_column(0, 5, "utf-8") == 11  # α(2) sp(1) →(3) sp(1) 𝔹(4)
    assert idx.encode_column(0, 5, "utf-32") == 5
    assert idx.decode_column(0, 6, "utf-16") == 5
    assert idx.decode_column(0, 11, "utf-8") == 5
    assert idx.decode_column(0, 2, "utf-8") == 1
    assert idx.decode_column(1, 9, "utf-16") == 1


def test_empty_document():
    idx = LineIndex("")
    assert idx.position(0) == (0, 0)
    assert idx.offset(0, 0) == 0
