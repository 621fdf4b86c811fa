"""Operators: the notation table and the resolver that turns a flat `OpSeq` into `OpApp` trees.

The parser never knows precedences: `a + b * c` arrives as `OpSeq[a, +, b, *, c]`, whatever notations
are in scope, so that a `notation` command changes this table and not the grammar. The resolver is a
Pratt parser over the sequence with Lean's rules. Every notation is normalised to a mixfix form —
symbols and variable slots with precedences, and a result precedence `p`:

    infixl:p " s " => f     lhs:p   s rhs:p+1
    infixr:p " s " => f     lhs:p+1 s rhs:p
    infix:p  " s " => f     lhs:p+1 s rhs:p+1      (non-associative: `a = b = c` is an error)
    prefix:p "s"   => f     s arg:p
    postfix:p "s"  => f     arg:p s
    notation:p a " s " b:q => t                    (a variable without precedence is at 0)

A notation starting with a symbol is *leading*; it is usable where the expected precedence is ≤ p. One
starting with a variable is *trailing*: it extends a left operand whose precedence is at least the
variable's. Operands (applications, literals, parenthesised terms) have precedence max (1024). As in
Lean, a leading notation of precedence max can be an application argument (`f ¬p` is `f (¬p)`), and
an application has precedence 1022 (`lead`).

Several notations may share a symbol; those that apply are all tried, and the one that consumes the
most wins. Two that consume the same tokens are ambiguous: a `ResolveError` names them. A run of
operator characters that is not a known symbol (`¬¬`, `*-`) is split by longest match against the
table, as Lean's tokenizer would; if it cannot be split, it is an unknown operator.

Special cases: `→` builds a `Pi` with one anonymous binder (and `(x : A) → B`, `{x : A} → B`,
`[C α] → B` a dependent one: the parser hands such a binder over as a `Binder` operand); `f <| x` and
`x |> f` build an `App`; `↑x` is an `OpApp` whose function is the identifier `↑` (a coercion, for the
elaborator to insert).
"""

from __future__ import annotations

from lantern.kernel.record import field_names, is_record, record, replace

from .build_base import Tok
from .tree import App, Binder, Ident, NotationCmd, OpApp, OpSeq, OpToken, Pi, Span

MAX_PREC = 1024
ARG_PREC = 1023
LEAD_PREC = 1022
_ARROWS = ("→", "->")
ARROW_BINDER = "a✝"  # the binder name of `A → B`

Item = tuple[str, str, "int | None"]  # ("sym", text, None) | ("var", name, precedence)


class ResolveError(Exception):
    """An operator sequence that has no (or more than one) reading under the notation table."""

    def __init__(self, span: Span, message: str, clashes: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.span = span
        self.message = message
        self.clashes = clashes


@record(frozen=True)
class Notation:
    """One notation, normalised (see the module doc). `fn` is the function (infix family) or the
    template over `params` (mixfix); None for the special notations (`special` says which)."""

    name: str  # how messages show it, e.g. `infixr:65 " +++ " => append`
    items: tuple[Item, ...]
    precedence: int
    fn: object = None  # Term | str (a global name, for the built-in table) | None
    params: tuple[str, ...] = ()
    special: str | None = None  # "arrow" | "app_left" | "app_right"

    @property
    def leading(self) -> bool:
        return self.items[0][0] == "sym"

    @property
    def key(self) -> str:
        """The symbol the notation is indexed under: its first symbol."""
        return next(text for kind, text, _ in self.items if kind == "sym")

    @property
    def lhs_prec(self) -> int:
        p = self.items[0][2]
        return 0 if p is None else p

    @property
    def symbols(self) -> tuple[str, ...]:
        return tuple(text for kind, text, _ in self.items if kind == "sym")


def _infix(kind: str, p: int, sym: str) -> tuple[Item, ...]:
    if kind == "infixl":
        return (("var", "lhs", p), ("sym", sym, None), ("var", "rhs", p + 1))
    if kind == "infixr":
        return (("var", "lhs", p + 1), ("sym", sym, None), ("var", "rhs", p))
    if kind == "infix":
        return (("var", "lhs", p + 1), ("sym", sym, None), ("var", "rhs", p + 1))
    if kind == "prefix":
        return (("sym", sym, None), ("var", "arg", p))
    if kind == "postfix":
        return (("var", "arg", p), ("sym", sym, None))
    raise ValueError(kind)


def _show_fn(fn: object) -> str:
    if isinstance(fn, str):
        return fn
    if isinstance(fn, Ident):
        return fn.name
    return "…"


def notation_of(cmd: NotationCmd) -> Notation:
    """The normalised form of a notation command."""
    if cmd.kind == "notation":
        items = tuple((k, t, p) for k, t, p in cmd.parts)
        if not any(k == "sym" for k, _, _ in items):
            raise ResolveError(cmd.span, "a notation needs at least one symbol")
        prec = MAX_PREC if cmd.precedence is None else cmd.precedence
        params = tuple(t for k, t, _ in items if k == "var")
        shown = " ".join(f'"{t}"' if k == "sym" else (t if p is None else f"{t}:{p}") for k, t, p in items)
        head = "notation" if cmd.precedence is None else f"notation:{cmd.precedence}"
        return Notation(f"{head} {shown} => {_show_fn(cmd.rhs)}", items, prec, cmd.rhs, params)
    sym = cmd.parts[0][1]
    prec = MAX_PREC if cmd.precedence is None else cmd.precedence
    items = _infix(cmd.kind, prec, sym)
    return Notation(f'{cmd.kind}:{prec} " {sym} " => {_show_fn(cmd.rhs)}', items, prec, cmd.rhs)


def _core(kind: str, p: int, sym: str, fn: str | None, special: str | None = None) -> Notation:
    return Notation(f'{kind}:{p} " {sym} " => {fn or special}', _infix(kind, p, sym), p, fn, (), special)


def _core_prefix_max(sym: str, arg: int, fn: str) -> Notation:
    return Notation(f'notation:max "{sym}" x:{arg} => {fn} x', (("sym", sym, None), ("var", "x", arg)), MAX_PREC, fn)


CORE_NOTATIONS: tuple[Notation, ...] = (
    _core("infixr", 25, "→", None, "arrow"),
    _core("infixr", 25, "->", None, "arrow"),
    _core("infix", 20, "↔", "Iff"),
    _core("infix", 20, "<->", "Iff"),
    _core("infixr", 30, "∨", "Or"),
    _core("infixr", 30, "\\/", "Or"),
    _core("infixr", 35, "∧", "And"),
    _core("infixr", 35, "/\\", "And"),
    _core_prefix_max("¬", 40, "Not"),
    _core("infix", 50, "=", "Eq"),
    _core("infix", 50, "≠", "Ne"),
    _core("infix", 50, "<", "LT.lt"),
    _core("infix", 50, ">", "GT.gt"),
    _core("infix", 50, "≤", "LE.le"),
    _core("infix", 50, "<=", "LE.le"),
    _core("infix", 50, "≥", "GE.ge"),
    _core("infix", 50, ">=", "GE.ge"),
    _core("infix", 50, "==", "BEq.beq"),
    _core("infix", 50, "!=", "bne"),
    _core("infix", 50, "∣", "Dvd.dvd"),
    _core("infixl", 65, "+", "HAdd.hAdd"),
    _core("infixl", 65, "-", "HSub.hSub"),
    _core("infixl", 65, "++", "HAppend.hAppend"),
    _core("infixr", 67, "::", "List.cons"),
    _core("infixl", 70, "*", "HMul.hMul"),
    _core("infixl", 70, "/", "HDiv.hDiv"),
    _core("infixl", 70, "%", "HMod.hMod"),
    _core("infixr", 75, "^", "HPow.hPow"),
    _core("prefix", 75, "-", "Neg.neg"),
    _core("infixr", 35, "×", "Prod"),
    _core("infixr", 90, "∘", "Function.comp"),
    _core("infixr", 75, "▸", "▸"),  # `h ▸ e`: elaborated specially (`term/subst_notation.py`)
    _core("infixl", 35, "&&", "and"),
    _core("infixl", 30, "||", "or"),
    _core_prefix_max("!", 40, "not"),
    _core_prefix_max("↑", MAX_PREC, "↑"),
    _core("infixr", 10, "<|", None, "app_left"),
    _core("infixr", 10, "$", None, "app_left"),
    _core("infixl", 10, "|>", None, "app_right"),
)


class NotationTable:
    """The notations in scope. Immutable: `add` returns a new table (sharing everything it does not
    change), so each command can keep the table it was checked with."""

    __slots__ = ("leading", "trailing", "symbols", "notations")

    def __init__(self, notations: tuple[Notation, ...] = ()) -> None:
        self.notations = notations
        self.leading: dict[str, tuple[Notation, ...]] = {}
        self.trailing: dict[str, tuple[Notation, ...]] = {}
        symbols: set[str] = set()
        for n in notations:
            self._index(n)
            symbols.update(n.symbols)
        self.symbols = frozenset(symbols)

    def _index(self, n: Notation) -> None:
        d = self.leading if n.leading else self.trailing
        d[n.key] = d.get(n.key, ()) + (n,)

    @classmethod
    def core(cls) -> "NotationTable":
        """Lean core's operators (Prelude / Notation), with their precedences and functions."""
        return CORE

    builtin = core  # the name the command elaborator uses

    def add(self, cmd: NotationCmd | Notation) -> "NotationTable":
        """A new table with one more notation (re-declaring an identical notation changes nothing)."""
        n = cmd if isinstance(cmd, Notation) else notation_of(cmd)
        if any(m.name == n.name and m.items == n.items and m.precedence == n.precedence for m in self.notations):
            return self
        new = NotationTable.__new__(NotationTable)
        new.notations = self.notations + (n,)
        new.leading = dict(self.leading)
        new.trailing = dict(self.trailing)
        new.symbols = self.symbols | frozenset(n.symbols)
        new._index(n)
        return new

    def __len__(self) -> int:
        return len(self.notations)


CORE = NotationTable(CORE_NOTATIONS)


# ----------------------------------------------------------------------------------------------
# Resolution


def resolve(seq: OpSeq, table: NotationTable | None = None):
    """The term an `OpSeq` stands for under `table` (Lean core's operators by default). Operands are
    resolved too (`resolve_all`). Raises `ResolveError`."""
    table = CORE if table is None else table
    items: list = []
    split: list[OpToken] = []  # runs that had to be split: an error inside one names the whole run
    for x in seq.items:
        if isinstance(x, OpToken):
            pieces = _split(x, table)
            if len(pieces) > 1:
                split.append(x)
            items.extend(pieces)
        else:
            items.append(resolve_all(x, table))  # a `Binder` operand's type is resolved too
    r = _Resolver(items, table, seq.span)
    try:
        term, _ = r.parse(0)
        if r.i < len(items):
            x = items[r.i]
            raise ResolveError(_span(x), f"unexpected {_what(x)}")
    except ResolveError as e:
        for tok in split:
            if tok.span.start <= e.span.start < tok.span.end:
                raise ResolveError(tok.span, f"unknown operator '{tok.symbol}'") from None
        raise
    return term


def _split(tok: OpToken, table: NotationTable) -> list[OpToken]:
    """`tok` as known symbols: itself, or a longest-match split (`¬¬` → `¬ ¬`)."""
    s = tok.symbol
    if s in table.symbols:
        return [tok]
    out: list[OpToken] = []
    i = 0
    while i < len(s):
        for j in range(len(s), i, -1):
            if s[i:j] in table.symbols:
                start = tok.span.start + i
                out.append(OpToken(Span(start, start + j - i), s[i:j]))
                i = j
                break
        else:
            raise ResolveError(tok.span, f"unknown operator '{s}'")
    return out


def _span(x) -> Span:
    return x.span


def _what(x) -> str:
    return f"operator '{x.symbol}'" if isinstance(x, OpToken) else "term"


class _Resolver:
    """Pratt parsing over the items of one sequence."""

    def __init__(self, items: list, table: NotationTable, span: Span) -> None:
        self.items = items
        self.table = table
        self.span = span
        self.i = 0

    def peek(self):
        return self.items[self.i] if self.i < len(self.items) else None

    def parse(self, min_prec: int):
        lhs, prec = self.nud(min_prec)
        return self.led(lhs, prec, min_prec)

    def _missing(self, after) -> ResolveError:
        if isinstance(after, OpToken):
            return ResolveError(after.span, f"expected a term after '{after.symbol}'")
        return ResolveError(Span(self.span.end, self.span.end), "expected a term")

    def nud(self, min_prec: int):
        x = self.peek()
        if x is None:
            raise self._missing(self.items[self.i - 1] if self.i else None)
        if not isinstance(x, OpToken):
            self.i += 1
            if isinstance(x, Binder):
                arrow = self.peek()
                if not (isinstance(arrow, OpToken) and arrow.symbol in _ARROWS):
                    raise ResolveError(x.span, "expected '→' after binder")
                self.i += 1
                body, _ = self.parse(25)
                return Pi(Span(x.span.start, body.span.end), (x,), body), 25
            return x, MAX_PREC
        cands = self.table.leading.get(x.symbol, ())
        if not cands:
            if x.symbol in self.table.trailing:
                raise ResolveError(x.span, f"expected a term before '{x.symbol}'")
            raise ResolveError(x.span, f"unknown operator '{x.symbol}'")
        usable = [n for n in cands if n.precedence >= min_prec]
        if not usable:
            raise ResolveError(x.span, f"'{x.symbol}' (precedence {cands[0].precedence}) cannot appear here; add parentheses")
        term, n = self._try(usable, None)
        return term, n.precedence

    def led(self, lhs, prec: int, min_prec: int):
        while True:
            x = self.peek()
            if x is None:
                return lhs, prec
            if not isinstance(x, OpToken):
                raise ResolveError(x.span, "expected an operator")
            cands = self.table.trailing.get(x.symbol, ())
            usable = [n for n in cands if n.precedence >= min_prec and prec >= n.lhs_prec]
            if usable:
                lhs, n = self._try(usable, lhs)
                prec = n.precedence
                continue
            if any(n.precedence >= min_prec for n in cands):
                blocked = next(n for n in cands if n.precedence >= min_prec)
                if prec == blocked.precedence or prec >= min_prec:
                    raise ResolveError(
                        x.span,
                        f"'{x.symbol}' is not associative: `a {x.symbol} b {x.symbol} c` needs parentheses",
                    )
            if not cands and min_prec <= LEAD_PREC and prec >= MAX_PREC:
                lead = [n for n in self.table.leading.get(x.symbol, ()) if n.precedence >= ARG_PREC]
                if lead:
                    arg, _ = self.nud(ARG_PREC)
                    lhs = _apply(lhs, arg)
                    prec = LEAD_PREC
                    continue
            return lhs, prec

    def _try(self, notations: list[Notation], lhs):
        """Parse each notation from here; keep the longest; two equally long ones are ambiguous."""
        start = self.i
        results = []
        error: ResolveError | None = None
        for n in notations:
            self.i = start
            try:
                term = self._apply_notation(n, lhs)
            except ResolveError as e:
                if e.clashes:
                    raise  # an ambiguity deeper down is a clash, not a failed reading
                if error is None or e.span.start > error.span.start:
                    error = e
                continue
            results.append((self.i, term, n))
        if not results:
            self.i = start
            raise error  # type: ignore[misc]
        best = max(r[0] for r in results)
        winners = [r for r in results if r[0] == best]
        if len(winners) > 1:
            names = tuple(r[2].name for r in winners)
            sym = self.items[start]
            raise ResolveError(
                sym.span,
                f"ambiguous notation '{sym.symbol}': " + "; ".join(names),
                names,
            )
        self.i, term, n = winners[0]
        return term, n

    def _apply_notation(self, n: Notation, lhs):
        """Match `n` from the current item (its first symbol); `lhs` fills its first variable."""
        args: list = [] if lhs is None else [lhs]
        syms: list[OpToken] = []
        items = n.items if lhs is None else n.items[1:]
        for kind, text, p in items:
            if kind == "sym":
                x = self.peek()
                if not (isinstance(x, OpToken) and x.symbol == text):
                    where = _span(x) if x is not None else Span(self.span.end, self.span.end)
                    raise ResolveError(where, f"expected '{text}' (notation {n.name})")
                syms.append(x)
                self.i += 1
            else:
                arg, _ = self.parse(0 if p is None else p)
                args.append(arg)
        first = args[0] if lhs is not None else syms[0]
        last = args[-1] if items[-1][0] == "var" else syms[-1]
        span = Span(first.span.start, last.span.end)
        return _build(n, span, syms, args)


def _apply(fn, arg):
    if isinstance(fn, App):
        return App(Span(fn.span.start, arg.span.end), fn.fn, fn.args + (arg,))
    return App(Span(fn.span.start, arg.span.end), fn, (arg,))


def _build(n: Notation, span: Span, syms: list[OpToken], args: list):
    if n.special == "arrow":
        dom, cod = args
        # Lean names an arrow's binder `a`, hygienically (`a✝` in goals: no user name reaches it).
        return Pi(span, (Binder(dom.span, (ARROW_BINDER,), dom),), cod)
    if n.special == "app_left":
        return _apply(args[0], args[1])
    if n.special == "app_right":
        return _apply(args[1], args[0])
    fn = n.fn
    if isinstance(fn, str):
        fn = Ident(syms[0].span, fn)
    symbol = " ".join(s.symbol for s in syms)
    return OpApp(span, symbol, fn, n.params, tuple(args))


# ----------------------------------------------------------------------------------------------
# Whole commands

_FIELDS: dict[type, tuple[str, ...]] = {}


def resolve_all(node, table: NotationTable | None = None):
    """`node` (a command, term, tactic, … or a tuple of them) with every `OpSeq` resolved. A `Binder`
    where a term belongs (e.g. `{x : T}` not followed by `→`) is an error here."""
    table = CORE if table is None else table
    return _walk(node, table, None)


_LEAVES = frozenset({str, int, bool, Span, type(None)})


def _walk(x, table: NotationTable, field: str | None):
    # (Run on every node of every command: the common cases first, nothing copied unless changed.)
    cls = x.__class__
    if cls is OpSeq:
        return resolve(x, table)
    if cls is tuple or cls is dict:
        # A dict's entries are walked as the fields they are named after, a tuple's as its own.
        changed = None
        for key, v in (x.items() if cls is dict else enumerate(x)):
            if v.__class__ in _LEAVES:
                continue
            w = _walk(v, table, key if cls is dict else field)
            if w is not v:
                if changed is None:
                    changed = dict(x) if cls is dict else list(x)
                changed[key] = w
        if changed is None:
            return x
        return changed if cls is dict else tuple(changed)
    if cls is Binder and field not in ("binders", None):
        raise ResolveError(x.span, "unexpected binder (a binder must be followed by '→')")
    if cls is Tok:
        # A lone operator where a term belongs (`⟨<, rfl⟩`): the grammar let it through as a token.
        raise ResolveError(Span(x.start, x.end), f"expected a term, found '{x.value}'")
    if not is_record(cls):
        return x
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(n for n in field_names(cls) if n != "span")
    changed = {}
    for name in names:
        v = getattr(x, name)
        if v.__class__ in _LEAVES:
            continue
        w = _walk(v, table, name)
        if w is not v:
            changed[name] = w
    return replace(x, **changed) if changed else x
