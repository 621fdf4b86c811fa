"""The surface syntax the delaborator produces, Lean's parenthesizer over it, and its layout.

A node is what one Pratt parser call of Lean's term grammar produces: its precedence, the terms it
contains (each parsed at some precedence) and how it is laid out. `parenthesize` inserts exactly the
parentheses Lean's parenthesizer inserts (PrettyPrinter/Parenthesizer.lean): a child parsed at `prec`
is parenthesized if its own precedence is lower (`a + (b - c)`), or if it ends with a term of lower
precedence than what follows it (`(fun x => x) y`, `(¬p) = q`).
"""

from __future__ import annotations

from typing import Callable, Optional, Sequence

from . import format as F

MAX_PREC, ARG_PREC, LEAD_PREC, MIN_PREC = 1024, 1023, 1022, 10

Layout = Callable[[list], tuple]


class Stx:
    __slots__ = ("kind", "prec", "children", "layout", "trailing", "ends_with_child", "adj", "data", "trail", "lead_cont")

    def __init__(
        self,
        kind: str,
        prec: int,
        children: Sequence[tuple["Stx", int]] = (),
        layout: Optional[Layout] = None,
        *,
        trailing: bool = False,
        ends_with_child: bool = False,
        adj: Sequence[bool] = (),
        data: object = None,
    ) -> None:
        self.kind = kind
        self.prec = prec
        self.children = list(children)
        self.layout = layout
        self.trailing = trailing  # the first child comes first (a trailing parser's left-hand side)
        self.ends_with_child = ends_with_child
        self.adj = list(adj) or [False] * max(len(self.children) - 1, 0)  # child i+1 right after child i
        self.data = data
        self.trail: Optional[int] = None
        self.lead_cont: Optional[int] = None

    def __repr__(self) -> str:
        return f"Stx({self.kind}, {render(self)!r})"


# -- constructors -------------------------------------------------------------------------------------


def atom(text: str, kind: str = "atom", data: object = None) -> Stx:
    return Stx(kind, MAX_PREC, (), lambda _: F.text(text), data=data)


def ident(name: str) -> Stx:
    return atom(name, "ident", name)


def tokens(sym: str) -> tuple:
    """An atom as Lean's formatter emits it: a trailing space becomes a soft line break."""
    if sym.endswith(" ") and sym.strip():
        return F.cat(sym.rstrip(), F.LINE)
    return F.text(sym)


def app(fn: Stx, args: Sequence[Stx]) -> Stx:
    if not args:
        return fn
    children = [(fn, MAX_PREC)] + [(a, ARG_PREC) for a in args]

    def lay(ds: list) -> tuple:
        parts: list = [ds[0]]
        for d in ds[1:]:
            parts += [F.LINE, d]
        return F.cat(*parts)

    return Stx("app", LEAD_PREC, children, lay, trailing=True, ends_with_child=True, adj=[True] * len(args),
               data=(fn, list(args)))


def infix(sym: str, prec: int, lhs: Stx, lhs_prec: int, rhs: Stx, rhs_prec: int, kind: str = "infix") -> Stx:
    return Stx(kind, prec, [(lhs, lhs_prec), (rhs, rhs_prec)], lambda ds: F.cat(ds[0], tokens(sym), ds[1]),
               trailing=True, ends_with_child=True, data=sym)


def _id_rest(c: str) -> bool:
    return c.isalnum() or c in "_'!?" or "\u2080" <= c <= "\u209c" or "\u1d62" <= c <= "\u1d6a"


def _id_first(c: str) -> bool:
    return (c.isalpha() and c != "λ") or c == "_"


def needs_space(left: str, right: str) -> bool:
    """Whether two tokens written together would lex differently (Lean's formatter then puts a space
    between them): `S a` not `Sa`, `a !` not `a!` (an identifier), `- -a` not `--a` (a comment)."""
    if not left or not right:
        return False
    a, b = left[-1], right[0]
    if a == "-" and b == "-":
        return True
    if _id_rest(a) and _id_rest(b):
        i = len(left)
        while i > 0 and _id_rest(left[i - 1]):
            i -= 1
        return _id_first(left[i])
    return False


def prefix(sym: str, prec: int, arg: Stx, arg_prec: int) -> Stx:
    def lay(ds: list) -> tuple:
        if not sym.endswith(" ") and needs_space(sym, F.flat(ds[0])):
            return F.cat(sym, F.LINE, ds[0])
        return F.cat(tokens(sym), ds[0])

    return Stx("prefix", prec, [(arg, arg_prec)], lay, ends_with_child=True, data=sym)


def postfix(sym: str, prec: int, arg: Stx, arg_prec: int) -> Stx:
    def lay(ds: list) -> tuple:
        if not sym.startswith(" ") and needs_space(F.flat(ds[0]), sym):
            return F.cat(ds[0], F.LINE, tokens(sym))
        return F.cat(ds[0], tokens(sym))

    return Stx("postfix", prec, [(arg, arg_prec)], lay, trailing=True, data=sym)


def paren(inner: Stx) -> Stx:
    return Stx("paren", MAX_PREC, [(inner, 0)], lambda ds: F.cat("(", ds[0], ")"), data=inner)


def bracketed(open_: str, items: Sequence[Stx], close: str, kind: str) -> Stx:
    """`[a, b]`, `⟨a, b⟩`, `(a, b)`: items at precedence 0, separated by `, `."""

    def lay(ds: list) -> tuple:
        parts: list = [open_]
        for i, d in enumerate(ds):
            if i:
                parts += [",", F.LINE]
            parts.append(d)
        parts.append(close)
        return F.cat(*parts)

    return Stx(kind, MAX_PREC, [(x, 0) for x in items], lay, data=list(items))


def proj(obj: Stx, field: str) -> Stx:
    """`obj.field` / `obj.1` (Lean's `proj` trailing parser)."""
    return Stx("proj", MAX_PREC, [(obj, 0)], lambda ds: F.cat(ds[0], "." + field), trailing=True, data=(obj, field))


# -- parenthesizer ------------------------------------------------------------------------------------


def parenthesize(node: Stx) -> Stx:
    """Insert parentheses where Lean's parenthesizer would, in place; returns `node`. Also computes
    `node.trail` (the precedence of the term at its right edge, if any) and `node.lead_cont` (the
    precedence a term to its left sees when this node follows it directly)."""
    stack: list[tuple[Stx, bool]] = [(node, False)]
    while stack:
        n, done = stack.pop()
        if not done:
            stack.append((n, True))
            for c, _ in n.children:
                if c.lead_cont is None:
                    stack.append((c, False))
            continue
        _finish(n)
    return node


def _finish(n: Stx) -> None:
    k = len(n.children)
    next_cont: Optional[int] = None
    trail: Optional[int] = None
    for i in range(k - 1, -1, -1):
        c, p = n.children[i]
        if i == k - 1:
            cont = None
        elif n.adj[i]:
            cont = next_cont
        else:
            cont = None
        if i == 0 and n.trailing:
            cont = n.prec if cont is None else min(cont, n.prec)
        if p > c.prec or (c.trail is not None and cont is not None and c.trail <= cont):
            c = _wrap(c)
            n.children[i] = (c, p)
        if i == k - 1 and n.ends_with_child:
            trail = p if c.trail is None else min(c.trail, p)
        next_cont = c.lead_cont
    n.trail = trail
    if n.trailing and k:
        n.lead_cont = n.children[0][0].lead_cont
    else:
        n.lead_cont = n.prec


def _wrap(c: Stx) -> Stx:
    p = paren(c)
    p.trail = None
    p.lead_cont = MAX_PREC
    return p


# -- layout -------------------------------------------------------------------------------------------

INDENT = 2


def to_doc(node: Stx) -> tuple:
    """The node's `Format`; every nested term is a category call, laid out as `fill (nest 2 _)`."""
    memo: dict[int, tuple] = {}
    stack: list[tuple[Stx, bool]] = [(node, False)]
    while stack:
        n, done = stack.pop()
        if id(n) in memo:
            continue
        if not done:
            stack.append((n, True))
            stack.extend((c, False) for c, _ in n.children if id(c) not in memo)
            continue
        ds = [F.fill(F.nest(INDENT, memo[id(c)])) for c, _ in n.children]
        memo[id(n)] = n.layout(ds) if n.layout is not None else F.NIL
    return memo[id(node)]


def term_doc(node: Stx) -> tuple:
    """A whole term, as `formatTerm` lays it out (`fill (nest 2 _)`)."""
    parenthesize(node)
    return F.fill(F.nest(INDENT, to_doc(node)))


def render(node: Stx, width: int = F.WIDTH) -> str:
    return F.pretty(term_doc(node), width)
