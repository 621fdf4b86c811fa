"""Hierarchical names (`Nat.succ`, `_private.3`), interned.

Every name is built through `Name.mk_str`/`Name.mk_num`, which return the one shared object for a
given spelling. Equality is therefore identity, and the hash is cached: names are compared and hashed
constantly inside terms, so both must cost nothing.
"""

from __future__ import annotations

from typing import Union

Component = Union[str, int]


class Name:
    __slots__ = ("prefix", "last", "_hash", "_text", "__weakref__")

    prefix: "Name | None"
    last: Component | None

    _table: dict[tuple["Name | None", Component | None], "Name"] = {}

    def __new__(cls, *args: object) -> "Name":
        raise TypeError("use Name.mk_str, Name.mk_num or Name.of")

    @classmethod
    def _intern(cls, prefix: "Name | None", last: Component | None) -> "Name":
        key = (prefix, last)
        found = cls._table.get(key)
        if found is not None:
            return found
        self = object.__new__(cls)
        self.prefix = prefix
        self.last = last
        self._hash = hash(key)
        if prefix is None:
            self._text = ""
        elif prefix.prefix is None:
            self._text = str(last)
        else:
            self._text = f"{prefix._text}.{last}"
        cls._table[key] = self
        return self

    @classmethod
    def mk_str(cls, prefix: "Name", s: str) -> "Name":
        return cls._intern(prefix, s)

    @classmethod
    def mk_num(cls, prefix: "Name", n: int) -> "Name":
        return cls._intern(prefix, int(n))

    @classmethod
    def of(cls, text: str) -> "Name":
        """`Name.of("Nat.succ")`; numeric components are written as digits (`a.1`)."""
        found = _BY_TEXT.get(text)
        if found is not None:
            return found
        n = ANONYMOUS
        if text == "":
            return n
        for part in text.split("."):
            n = cls.mk_num(n, int(part)) if part.isdigit() else cls.mk_str(n, part)
        if len(_BY_TEXT) < 1 << 16:  # (names are interned forever anyway; this only bounds the index)
            _BY_TEXT[text] = n
        return n

    @property
    def is_anonymous(self) -> bool:
        return self.prefix is None

    def components(self) -> list[Component]:
        out: list[Component] = []
        n: Name | None = self
        while n is not None and n.prefix is not None:
            out.append(n.last)  # type: ignore[arg-type]
            n = n.prefix
        out.reverse()
        return out

    def child(self, s: str) -> "Name":
        return Name.mk_str(self, s)

    def is_prefix_of(self, other: "Name") -> bool:
        n: Name | None = other
        while n is not None:
            if n is self:
                return True
            n = n.prefix
        return False

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return self is other

    def __lt__(self, other: "Name") -> bool:
        # Lean's `Name.lt`-like total order: component-wise, numbers before strings.
        a, b = self.components(), other.components()
        for x, y in zip(a, b):
            if x == y:
                continue
            if isinstance(x, int) != isinstance(y, int):
                return isinstance(x, int)
            return x < y  # type: ignore[operator]
        return len(a) < len(b)

    def __str__(self) -> str:
        return self._text if self.prefix is not None else "[anonymous]"

    def __repr__(self) -> str:
        return f"`{self}"

    def __reduce__(self) -> tuple:
        # Unpickling re-interns, so identity equality survives a cache round trip.
        if self.prefix is None:
            return (_anonymous, ())
        if isinstance(self.last, int):
            return (Name.mk_num, (self.prefix, self.last))
        return (Name.mk_str, (self.prefix, self.last))


def _anonymous() -> Name:
    return ANONYMOUS


ANONYMOUS: Name = Name._intern(None, None)
# `Name.of` text ↦ name: elaboration asks for the same few dozen names (`Eq`, `HAdd.hAdd`, …) over
# and over.
_BY_TEXT: dict[str, Name] = {}
