"""Loose speed checks (the real numbers are in the parser's report): a cached grammar loads fast and a
typical command parses in well under a millisecond on a normal machine — asserted here with a wide
margin (this suite also runs on slow, shared CI machines)."""

import time

from lantern.elab.syntax.commands import split_commands
from lantern.elab.syntax.grammar import load_grammar
from lantern.elab.syntax.parser import parse_command

TEXT = (
    "theorem append_length (xs ys : List a)\n"
    "        : (append xs ys).length = xs.length + ys.length := by\n"
    "  induction xs with\n"
    "  | nil => simp [append]\n"
    "  | cons x xs ih => simp [append, ih]; omega\n"
)


def test_cached_grammar_loads_quickly():
    load_grammar()  # make sure the cache exists
    t = time.perf_counter()
    load_grammar()
    assert time.perf_counter() - t < 0.5


def test_command_parse_time():
    parse_command(TEXT)
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(20):
            parse_command(TEXT)
        best = min(best, (time.perf_counter() - t) / 20)
    assert best < 0.005, f"{best * 1e6:.0f} µs per parse"


def test_split_is_linear_and_fast():
    text = TEXT * 400  # ~80 KB, 400 commands
    t = time.perf_counter()
    spans = split_commands(text)
    assert len(spans) == 400
    assert time.perf_counter() - t < 1.0
