"""Layout: Lean's indentation rules as virtual tokens for an LALR parser.

Lean parses some constructs by column: the tactics of a `by` block are separated by newlines at the
block's column (`sepByIndent`), match alternatives must not be left of the first `|`, the body of a
`let` starts at a line no further right than the `let`, structure fields and `where` declarations
line up. An LALR grammar cannot see columns, so the driver inserts virtual tokens, and the grammar
treats them as brackets and separators (see grammar.lark):

- a *block* (`_BB … _BS … _BE`) opens where the parser expects `_BB` (after `by`, `·`, `=>` of a tactic
  alternative, `where`, `calc`, `try`, …); its column is that of its first token. A later line whose
  first token is at that column starts a new item (`_BS`), one at a smaller column ends the block
  (`_BE`), one further right continues the current item;
- *alternatives* (`_AB … _AE`) open before the first `|` of a match, `fun`, equations or
  `induction … with`; a line left of that `|`, or at its column but not starting with `|`, ends them;
- a *declaration* (`_DB … _DE`) opens after a term-mode `let`/`have` with the keyword's column; a line
  at or left of that column ends the declaration, and the body follows.

Columns only count for contexts opened at the current bracket depth: inside parentheses or brackets
opened later, lines continue freely (Lean's `withoutPosition`), and a closing bracket closes every
context opened inside it.

The parser state decides too, which keeps the rules small and close to Lean's longest-match
behaviour: a virtual token is only inserted where the parser accepts it, and a token that the parser
cannot accept closes (or opens) contexts until it can be accepted — Haskell's "parse-error(t)" rule.
That is how `⟨by simp, h⟩` ends the tactic block at `,` and `if c then by simp else …` at `else`,
and why `induction xs with` may be followed by its `| nil => …` alternatives at the *same* column as
`induction` (a `|` that can start alternatives is not a new tactic), as in Lean.
"""

from __future__ import annotations

from .build import Tok
from .lr import Parser

SEQ, ALTS, DECL = 0, 1, 2
CLOSER = ("_BE", "_AE", "_DE")
_CONTINUATIONS = frozenset({"|", "<;>"})
# Keywords that continue the current item when the parser can take them, whatever their column (Lean
# checks no column for them): `termination_by` after a `where` declaration, `with` after `cases h`
# on its own line, `:=` of a calc step on the next line, …. Other tokens that could continue an item
# (an identifier, `·`, `(`) are arguments only to the right of the block's column, as in Lean.
_CONTINUE_KEYWORDS = frozenset(
    {"termination_by", "decreasing_by", "with", "at", ":=", "then", "else", "from", "using", "generalizing", "in", ":", "=>", "↦", "<;>"}
)


class Ctx:
    """An open layout context."""

    __slots__ = ("kind", "col", "depth", "anchor")

    def __init__(self, kind: int, col: int, depth: int, anchor: bool = False) -> None:
        self.kind = kind
        self.col = col
        self.depth = depth
        # A calc block whose first step is on the `calc` line: its column is re-anchored at the next
        # line's step (`calc a = b := p` / `    _ = c := q`), as Lean's calc steps allow.
        self.anchor = anchor


class Layout:
    """The open layout contexts of one command parse, and the decisions that feed virtual tokens."""

    __slots__ = ("p", "ctxs", "depth")

    def __init__(self, parser: Parser) -> None:
        self.p = parser
        self.ctxs: list[Ctx] = []
        self.depth = 0

    # -- queries ---------------------------------------------------------------------------------

    def acc(self, term: str) -> bool:
        return self.p.accepts(term)

    def choose(self, cands: tuple[str, ...]) -> str | None:
        """The first candidate terminal the parser accepts now."""
        accepts = self.p.accepts
        for t in cands:
            if accepts(t):
                return t
        return None

    def _virtual(self, term: str) -> None:
        self.p.feed(term, Tok(term, "", None, None))

    def _close_top(self) -> bool:
        ctx = self.ctxs[-1]
        closer = CLOSER[ctx.kind]
        if not self.acc(closer):
            return False
        self._virtual(closer)
        self.ctxs.pop()
        return True

    # -- decisions -------------------------------------------------------------------------------

    def line_start(self, cands: tuple[str, ...], text: str, col: int, keyword: bool) -> None:
        """The token (`cands`, `text`) is the first on its line, at `col`: separate or close items."""
        ctxs = self.ctxs
        while ctxs:
            c = ctxs[-1]
            if c.depth != self.depth:
                return
            if c.kind == SEQ:
                if c.anchor:
                    outer = ctxs[-2].col if len(ctxs) > 1 and ctxs[-2].depth == c.depth else -1
                    if outer < col < c.col and self.p.accepts_after("_BS", cands):
                        c.col = col
                        c.anchor = False
                if col < c.col:
                    if text == "|" and (self.choose(cands) or self.acc("_AB")):
                        return  # alternatives of a tactic in this block, e.g. `cases h with` ⏎ `| inl …`
                    if text in _CONTINUE_KEYWORDS and self.choose(cands):
                        return
                    if self._close_top():
                        continue
                    return
                if col == c.col:
                    if text in _CONTINUATIONS and (self.choose(cands) or (text == "|" and self.acc("_AB"))):
                        return
                    if text in _CONTINUE_KEYWORDS and self.choose(cands):
                        return
                    if self.p.accepts_after("_BS", cands):
                        self._virtual("_BS")
                        return
                    if keyword and self._close_top():
                        continue
                    if self.acc("_BS"):
                        self._virtual("_BS")  # a new item that cannot start here: the error follows
                    return
                return
            if c.kind == ALTS:
                if col < c.col or (col == c.col and text != "|"):
                    if self._close_top():
                        continue
                return
            if col <= c.col and self._close_top():  # DECL
                continue
            return

    def close_for_bracket(self) -> None:
        """A closing bracket at the current depth ends every context opened inside its bracket."""
        ctxs = self.ctxs
        while ctxs and ctxs[-1].depth >= self.depth:
            if not self._close_top():
                return

    def repair(self, cands: tuple[str, ...], text: str, col: int, prev_col: int, anchor: bool) -> str | None:
        """The parser cannot accept the token: open or close contexts until it can. Returns the
        terminal to feed, or None when nothing helps (a syntax error)."""
        ctxs = self.ctxs
        for _ in range(256):
            if text == "|" and self.acc("_AB"):
                ctxs.append(Ctx(ALTS, col, self.depth))
                self._virtual("_AB")
            elif self.acc("_BB"):
                ctxs.append(Ctx(SEQ, col, self.depth, anchor))
                self._virtual("_BB")
            elif self.acc("_DB"):
                ctxs.append(Ctx(DECL, prev_col, self.depth))
                self._virtual("_DB")
            elif not (ctxs and ctxs[-1].depth == self.depth and self._close_top()):
                return None
            t = self.choose(cands)
            if t is not None:
                return t
        return None

    def finish(self) -> bool:
        """End of the command: close every context; False if one cannot be closed here."""
        while self.ctxs:
            if not self._close_top():
                return False
        return True
