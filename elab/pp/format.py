"""Lean's `Std.Format`: a Wadler-style document with `group` (all breaks or none) and `fill` (each break
decided on its own), and Lean's exact layout algorithm (`Format.prettyM`), so that long terms wrap as
Lean wraps them: at width 120, indenting by the `nest`s the formatter put in.

Documents are tuples, built with the helpers below: `("text", s)`, `LINE`, `("nest", n, d)`,
`("cat", (d1, d2, ...))`, `("group", d, fill)`. A text containing `\\n` is a hard line break.
"""

from __future__ import annotations

from collections import deque

from typing import Union

Doc = Union[tuple, str]

NIL: tuple = ("cat", ())
LINE: tuple = ("line",)
WIDTH = 120


def text(s: str) -> tuple:
    return ("text", s)


def cat(*docs: Doc) -> tuple:
    out = []
    for d in docs:
        d = _doc(d)
        if d[0] == "cat":
            out.extend(d[1])
        else:
            out.append(d)
    return ("cat", tuple(out))


def nest(n: int, d: Doc) -> tuple:
    return ("nest", n, _doc(d))


def group(d: Doc) -> tuple:
    return ("group", _doc(d), False)


def fill(d: Doc) -> tuple:
    return ("group", _doc(d), True)


def _doc(d: Doc) -> tuple:
    return ("text", d) if isinstance(d, str) else d


def is_nil(d: tuple) -> bool:
    return d[0] == "cat" and not d[1]


def flat(d: Doc) -> str:
    """The one-line rendering (every soft break a space; hard breaks stay)."""
    out: list[str] = []
    stack = [_doc(d)]
    while stack:
        x = stack.pop()
        k = x[0]
        if k == "text":
            out.append(x[1])
        elif k == "line":
            out.append(" ")
        elif k == "cat":
            stack.extend(reversed(x[1]))
        elif k == "nest":
            stack.append(x[2])
        else:
            stack.append(x[1])
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Lean's layout algorithm (Init/Data/Format/Basic.lean), without tags.


class _Space:
    __slots__ = ("found_line", "found_flattened_hard_line", "space")

    def __init__(self, found_line: bool = False, hard: bool = False, space: int = 0) -> None:
        self.found_line = found_line
        self.found_flattened_hard_line = hard
        self.space = space


def _space_upto_line(d: tuple, flatten: bool, w: int) -> _Space:
    k = d[0]
    if k == "text":
        s = d[1]
        p = s.find("\n")
        if p < 0:
            return _Space(False, False, len(s))
        return _Space(True, flatten, p)
    if k == "line":
        return _Space(False, False, 1) if flatten else _Space(True)
    if k == "nest":
        return _space_upto_line(d[2], flatten, w)
    if k == "group":
        return _space_upto_line(d[1], True, w)
    # cat: merge left to right
    r = _Space()
    for x in d[1]:
        if r.space > w or r.found_line:
            return r
        r2 = _space_upto_line(x, flatten, w - r.space)
        r = _Space(r2.found_line, r2.found_flattened_hard_line, r.space + r2.space)
    return r


class _Group:
    __slots__ = ("flatten", "fill", "items")

    def __init__(self, flatten: bool, fill: bool, items: list) -> None:
        self.flatten = flatten
        self.fill = fill
        # (doc, indent) pairs, first item first; a deque because the printer consumes it from the
        # front (a list's pop(0) made long documents quadratic).
        self.items = items if isinstance(items, deque) else deque(items)


def _space_groups(gs: list[_Group], w: int) -> _Space:
    """`spaceUptoLine'` over the work groups, innermost (last in the list) first."""
    r = _Space()
    for g in reversed(gs):
        for (d, _ind) in g.items:
            if r.space > w or r.found_line:
                return r
            r2 = _space_upto_line(d, g.flatten, w - r.space)
            r = _Space(r2.found_line, r2.found_flattened_hard_line, r.space + r2.space)
    return r


class _Printer:
    def __init__(self, width: int, column: int) -> None:
        self.width = width
        self.out: list[str] = []
        self.column = column

    def push_output(self, s: str) -> None:
        self.out.append(s)
        self.column += len(s)

    def push_newline(self, indent: int) -> None:
        self.out.append("\n" + " " * indent)
        self.column = indent

    def push_group(self, fill: bool, items: list, gs: list[_Group], w: int) -> None:
        k = self.column
        g = _Group(not fill, fill, items)
        avail = max(w - k, 0)
        r = _space_groups([g], avail)
        if r.space > avail or r.found_line:
            total = r
        else:
            r2 = _space_groups(gs, avail - r.space)
            total = _Space(r2.found_line, r2.found_flattened_hard_line, r.space + r2.space)
        g.flatten = (not r.found_flattened_hard_line) and total.space <= avail
        gs.append(g)

    def run(self, d: tuple, indent: int) -> str:
        w = self.width
        gs: list[_Group] = [_Group(False, False, [(d, indent)])]
        while gs:
            g = gs[-1]
            if not g.items:
                gs.pop()
                continue
            item, ind = g.items.popleft()
            k = item[0]
            if k == "cat":
                g.items.extendleft((x, ind) for x in reversed(item[1]))
            elif k == "nest":
                g.items.appendleft((item[2], ind + item[1]))
            elif k == "text":
                s = item[1]
                p = s.find("\n")
                if p < 0:
                    self.push_output(s)
                else:
                    self.push_output(s[:p])
                    self.push_newline(max(ind, 0))
                    rest = g.items
                    rest.appendleft((("text", s[p + 1:]), ind))
                    gs.pop()
                    self.push_group(g.fill, rest, gs, w)
            elif k == "line":
                if not g.fill:
                    if g.flatten:
                        self.push_output(" ")
                    else:
                        self.push_newline(max(ind, 0))
                else:
                    rest = g.items
                    gs.pop()
                    if g.flatten:
                        # the previous fill item fitted: try to fit the next one on this line too
                        self.push_group(True, rest, gs, w - 1)
                        if gs[-1].flatten:
                            self.push_output(" ")
                            continue
                        gs.pop()
                    self.push_newline(max(ind, 0))
                    self.push_group(True, rest, gs, w)
            else:  # group
                if g.flatten:
                    g.items.appendleft((item[1], ind))
                else:
                    self.push_group(item[2], [(item[1], ind)], gs, w)
        return "".join(self.out)


def pretty(d: Doc, width: int = WIDTH, indent: int = 0, column: int = 0) -> str:
    """Lean's `Format.pretty`: lay `d` out in `width` columns, starting at `column`."""
    return _Printer(width, column).run(_doc(d), indent)
