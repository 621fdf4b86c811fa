"""The notation the pretty printer prints back: Lean core's operators with their precedences, plus
whatever the user declares (`infixr:65 " +++ " => append` makes `append xs ys` print as `xs +++ ys`,
as Lean's generated unexpanders do). The most recently added entry for a function wins."""

from __future__ import annotations

from typing import Iterable, Optional, Sequence, Union

from lantern.kernel.name import Name
from lantern.kernel.record import record, replace

MAX_PREC = 1024
KINDS = ("infixl", "infixr", "infix", "prefix", "postfix")


@record(frozen=True)
class NotationEntry:
    """`kind:prec symbol => fn`. `arg_precs` overrides the precedences Lean derives from the kind
    (`notation:max "¬" p:40`); `order` gives which explicit arguments of `fn` fill the holes, left to
    right (`notation:50 a:50 " ∈ " b:50 => Membership.mem b a` has order (1, 0))."""

    fn: Name
    symbol: str
    kind: str
    prec: int
    arg_precs: Optional[tuple[int, ...]] = None
    order: Optional[tuple[int, ...]] = None
    builtin: bool = False

    @property
    def arity(self) -> int:
        return 2 if self.kind in ("infixl", "infixr", "infix") else 1

    def precs(self) -> tuple[int, ...]:
        if self.arg_precs is not None:
            return self.arg_precs
        p = self.prec
        if self.kind == "infixl":
            return (p, p + 1)
        if self.kind == "infixr":
            return (p + 1, p)
        if self.kind == "infix":
            return (p + 1, p + 1)
        return (p,)

    def holes(self) -> tuple[int, ...]:
        return self.order if self.order is not None else tuple(range(self.arity))


Record = Union[NotationEntry, tuple, dict]


def _entry(r: Record) -> NotationEntry:
    if isinstance(r, NotationEntry):
        return r
    if isinstance(r, dict):
        fn = r.get("fn") or r.get("name") or r.get("function")
        e = NotationEntry(_name(fn), r["symbol"], r["kind"], int(r.get("prec", r.get("precedence", MAX_PREC))),
                          r.get("arg_precs"), r.get("order"))
    elif isinstance(r, tuple):
        fn, symbol, kind, prec = r[:4]
        e = NotationEntry(_name(fn), symbol, kind, int(prec))
    else:  # an object with the same fields (e.g. an entry of the parser's operator table)
        fn = next(getattr(r, a) for a in ("fn", "function", "head", "name") if hasattr(r, a))
        symbol = next(getattr(r, a) for a in ("symbol", "token", "atom") if hasattr(r, a))
        prec = next(getattr(r, a) for a in ("prec", "precedence") if hasattr(r, a))
        e = NotationEntry(_name(fn), symbol, str(r.kind), int(prec))
    if e.kind not in KINDS:
        raise ValueError(f"unknown notation kind '{e.kind}'")
    return e


def _name(n: object) -> Name:
    return n if isinstance(n, Name) else Name.of(str(n))


# (function, symbol, kind, precedence), as declared in Lean's Init/Notation.lean and Init/Core.lean.
BUILTINS: tuple[tuple, ...] = (
    ("Function.comp", " ∘ ", "infixr", 90),
    ("Prod", " × ", "infixr", 35),
    ("PProd", " ×' ", "infixr", 35),
    ("Dvd.dvd", " ∣ ", "infix", 50),
    ("HOr.hOr", " ||| ", "infixl", 55),
    ("HXor.hXor", " ^^^ ", "infixl", 58),
    ("HAnd.hAnd", " &&& ", "infixl", 60),
    ("HAdd.hAdd", " + ", "infixl", 65),
    ("HSub.hSub", " - ", "infixl", 65),
    ("HMul.hMul", " * ", "infixl", 70),
    ("HDiv.hDiv", " / ", "infixl", 70),
    ("HMod.hMod", " % ", "infixl", 70),
    ("HShiftLeft.hShiftLeft", " <<< ", "infixl", 75),
    ("HShiftRight.hShiftRight", " >>> ", "infixl", 75),
    ("HPow.hPow", " ^ ", "infixr", 80),
    ("HAppend.hAppend", " ++ ", "infixl", 65),
    ("Neg.neg", "-", "prefix", 75),
    ("Complement.complement", "~~~", "prefix", 100),
    ("LE.le", " ≤ ", "infix", 50),
    ("LT.lt", " < ", "infix", 50),
    ("GE.ge", " ≥ ", "infix", 50),
    ("GT.gt", " > ", "infix", 50),
    ("Eq", " = ", "infix", 50),
    ("BEq.beq", " == ", "infix", 50),
    ("Ne", " ≠ ", "infix", 50),
    ("And", " ∧ ", "infixr", 35),
    ("Or", " ∨ ", "infixr", 30),
    ("Iff", " ↔ ", "infix", 20),
    ("and", " && ", "infixl", 35),
    ("or", " || ", "infixl", 30),
    ("List.cons", " :: ", "infixr", 67),
    ("Functor.map", " <$> ", "infixr", 100),
)
SPECIAL: tuple[NotationEntry, ...] = (
    NotationEntry(Name.of("Not"), "¬", "prefix", MAX_PREC, (40,)),
    NotationEntry(Name.of("not"), "!", "prefix", MAX_PREC, (40,)),
    # Coercions print as `↑x`, as Lean shows functions marked `@[coe]`.
    NotationEntry(Name.of("Nat.cast"), "↑", "prefix", MAX_PREC, (MAX_PREC,)),
    NotationEntry(Name.of("Membership.mem"), " ∈ ", "infix", 50, (50, 50), (1, 0)),
)


class NotationTable:
    """Notation to print back, by head function. `NotationTable()` has Lean's built-ins; `add` (or
    `NotationTable(records)`) puts user notation on top."""

    def __init__(self, records: Iterable[Record] = (), *, builtins: bool = True) -> None:
        self._by_fn: dict[Name, list[NotationEntry]] = {}
        if builtins:
            for r in BUILTINS:
                self.add(replace(_entry(r), builtin=True))
            for e in SPECIAL:
                self.add(replace(e, builtin=True))
        for r in records:
            self.add(r)

    def add(self, record: Record, *args: object) -> NotationEntry:
        """`add(entry)`, `add((fn, symbol, kind, prec))`, `add({"fn":…, "symbol":…, "kind":…,
        "prec":…})` or `add(fn, symbol, kind, prec)`."""
        if args:
            record = (record,) + args  # type: ignore[operator]
        e = _entry(record)
        self._by_fn.setdefault(e.fn, []).append(e)
        return e

    def lookup(self, fn: Name) -> Sequence[NotationEntry]:
        """Entries for `fn`, most recent first (the order Lean tries unexpanders in)."""
        return tuple(reversed(self._by_fn.get(fn, ())))

    def is_builtin(self, e: NotationEntry) -> bool:
        return e.builtin

    def copy(self) -> "NotationTable":
        t = NotationTable(builtins=False)
        t._by_fn = {k: list(v) for k, v in self._by_fn.items()}
        return t

    @classmethod
    def coerce(cls, notation: object) -> "NotationTable":
        """Accept `None` (built-ins), a table, or a list of records (built-ins plus those)."""
        if notation is None:
            return _DEFAULT
        if isinstance(notation, NotationTable):
            return notation
        return cls(notation)  # type: ignore[arg-type]


_DEFAULT = NotationTable()
