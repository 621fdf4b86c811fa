"""`Std.Format` values at run time, laid out by the pretty printer's engine.

A `Repr` instance written in Lantern (a user's, or a derived one) computes a `Std.Format` value: a
constructor tree `(cidx, fields…)` built by compiled code. `#eval` prints it, and `Format.pretty`
(a `partial def` in Lean, hence opaque to the kernel) renders it, by turning that tree into the
document tuples of `pp.format` and running Lean's layout algorithm there — so a user's instance wraps
long output exactly as the built-in printing does.

The constructors must be Lean's, in Lean's order (`nil line text nest append group tag`), with
`group`'s second field a `FlattenBehavior` (`allOrNone`, `fill`); `layout_ok` checks it once.
"""

from __future__ import annotations

from typing import Callable, Optional

from lantern.kernel.name import Name

from ..pp import format as F
from . import layout as L
from .values import Value

FORMAT = Name.of("Std.Format")
PRETTY = Name.of("Std.Format.pretty")
FLATTEN = Name.of("Std.Format.FlattenBehavior")
CTORS = tuple(Name.of(f"Std.Format.{c}") for c in ("nil", "line", "text", "nest", "append", "group", "tag"))
FLATTEN_CTORS = (Name.of("Std.Format.FlattenBehavior.allOrNone"), Name.of("Std.Format.FlattenBehavior.fill"))
NIL, LINE, TEXT, NEST, APPEND, GROUP, TAG = range(7)


def layout_ok(layout_of: Callable[[Name], Optional[L.Layout]]) -> Optional[L.Layout]:
    """The layout of `Std.Format` if it is Lean's type (see the module docstring), else None."""
    fmt, flat = layout_of(FORMAT), layout_of(FLATTEN)
    if fmt is None or fmt.kind != L.CTOR or tuple(c.name for c in fmt.ctors) != CTORS:
        return None
    if flat is None or flat.kind != L.ENUM or tuple(c.name for c in flat.ctors) != FLATTEN_CTORS:
        return None
    return fmt


def to_doc(v: Value, lay: L.Layout) -> tuple:
    """The document for the `Format` value `v`, built without recursion (a `Format.join` of a long
    list is a deep chain of appends)."""
    cidx, fields = lay.cidx, lay.fields
    # Work stack of ("visit", value) and ("build", kind, extra, count) entries; finished documents
    # go on `done`.
    done: list[tuple] = []
    work: list[tuple] = [("visit", v)]
    while work:
        item = work.pop()
        if item[0] == "visit":
            x = item[1]
            c = cidx(x)
            fs = fields(x)
            if c == NIL:
                done.append(F.NIL)
            elif c == LINE:
                done.append(F.LINE)
            elif c == TEXT:
                done.append(F.text(fs[0]))
            elif c == NEST:
                work += [("build", NEST, int(fs[0]), 1), ("visit", fs[1])]
            elif c == APPEND:
                work += [("build", APPEND, None, 2), ("visit", fs[1]), ("visit", fs[0])]
            elif c == GROUP:
                work += [("build", GROUP, int(fs[1]) == 1, 1), ("visit", fs[0])]
            else:  # TAG: the tag carries no layout
                work.append(("visit", fs[1]))
        else:
            _, kind, extra, count = item
            parts = done[len(done) - count:]
            del done[len(done) - count:]
            if kind == NEST:
                done.append(F.nest(extra, parts[0]))
            elif kind == APPEND:
                done.append(("cat", (parts[0], parts[1])))
            else:
                done.append(F.fill(parts[0]) if extra else F.group(parts[0]))
    return done[0]


def pretty(v: Value, lay: L.Layout, width: int) -> str:
    return F.pretty(to_doc(v, lay), width)
