"""`lantern.kernel.record`: records behave as the dataclasses they replace (constructor, defaults,
equality, hashing, repr, frozenness, pickling, `replace`/`fields`), including through `dataclasses`'
own functions, which code not yet moved over still calls."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from lantern.kernel.record import FrozenInstanceError, field, field_names, fields, is_record, record, replace


@record(frozen=True, slots=True)
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class PointDC:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()


@record(frozen=True, slots=True)
class Tagged:
    name: str
    extra: dict = field(default_factory=dict, hash=False, compare=False)


@record
class Mutable:
    a: int
    items: list = field(default_factory=list)


@record(frozen=True, eq=False)
class ByIdentity:
    a: int


@record(frozen=True)
class FrozenDict:
    a: int
    b: str = "b"


@record(frozen=True, slots=True)
class Empty:
    """No fields at all."""


@record(frozen=True, slots=True)
class One:
    v: object


@record(frozen=True, slots=True)
class WithHash:
    a: int

    def __hash__(self) -> int:
        return 7


@record
class Base:
    a: int
    b: int = 1


@record
class Derived(Base):
    c: int = 2


def test_constructor_and_defaults() -> None:
    p = Point(1)
    assert (p.x, p.y, p.tags) == (1, 0, ())
    assert Point(1, 2, ("t",)) == Point(x=1, y=2, tags=("t",))
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, z=3)  # type: ignore[call-arg]


def test_default_factory_is_called_per_instance() -> None:
    m1, m2 = Mutable(1), Mutable(2)
    m1.items.append(1)
    assert m2.items == [] and Mutable(3, [5]).items == [5]


def test_repr_is_dataclasses() -> None:
    assert repr(Point(1, 2)) == repr(PointDC(1, 2)).replace("PointDC", "Point")
    assert repr(Empty()) == "Empty()"
    m = Mutable(1)
    m.items.append(m)
    assert repr(m) == "Mutable(a=1, items=[...])"


def test_eq_and_hash_are_dataclasses() -> None:
    assert Point(1, 2) == Point(1, 2) and Point(1, 2) != Point(1, 3)
    assert Point(1, 2) != PointDC(1, 2)
    assert hash(Point(1, 2, ("a",))) == hash(PointDC(1, 2, ("a",))) == hash((1, 2, ("a",)))
    assert hash(One(5)) == hash((5,)) and hash(Empty()) == hash(()) and Empty() == Empty()
    assert Tagged("n", {"k": 1}) == Tagged("n") and hash(Tagged("n", {"k": 1})) == hash(("n",))
    assert Mutable.__hash__ is None  # mutable with eq: unhashable, as dataclasses
    a = ByIdentity(1)
    assert a != ByIdentity(1) and a == a and hash(a) == object.__hash__(a)
    assert hash(WithHash(1)) == 7
    assert FrozenDict(1) == FrozenDict(1) and hash(FrozenDict(1)) == hash((1, "b"))


def test_frozen() -> None:
    p = Point(1)
    with pytest.raises(FrozenInstanceError):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del p.x  # type: ignore[misc]
    f = FrozenDict(1)
    with pytest.raises(FrozenInstanceError):
        f.a = 3  # type: ignore[misc]
    assert not hasattr(p, "__dict__") and "__dict__" in dir(f)
    assert f.b == "b" and FrozenDict.b == "b"  # a default stays a class attribute without slots


def test_pickle_roundtrip() -> None:
    for x in (Point(1, 2, ("a",)), Tagged("n", {"k": 1}), Mutable(1, [2]), FrozenDict(3), Empty(), One(None), Derived(1, 2, 3)):
        y = pickle.loads(pickle.dumps(x, protocol=pickle.HIGHEST_PROTOCOL))
        assert type(y) is type(x) and repr(y) == repr(x)


def test_replace_fields_is_record() -> None:
    p = Point(1, 2)
    assert replace(p, y=5) == Point(1, 5) and p.y == 2
    with pytest.raises(TypeError):
        replace(p, z=1)
    assert replace(PointDC(1), y=3) == PointDC(1, 3)  # a dataclass is passed on to dataclasses
    assert [f.name for f in fields(Point)] == ["x", "y", "tags"] == list(field_names(p))
    assert is_record(p) and is_record(Point) and not is_record(PointDC(1)) and not is_record(3)
    with pytest.raises(TypeError):
        fields(3)


def test_dataclasses_functions_still_work_on_records() -> None:
    p = Point(1, 2)
    assert dataclasses.is_dataclass(p) and dataclasses.is_dataclass(Point)
    assert [f.name for f in dataclasses.fields(p)] == ["x", "y", "tags"]
    assert dataclasses.replace(p, x=9) == Point(9, 2)
    assert dataclasses.replace(Derived(1), c=5) == Derived(1, 1, 5)


def test_inheritance_and_match_args() -> None:
    d = Derived(1, c=3)
    assert (d.a, d.b, d.c) == (1, 1, 3) and field_names(Derived) == ("a", "b", "c")
    assert Point.__match_args__ == ("x", "y", "tags")
    match Point(4, 5):
        case Point(x, y):
            assert (x, y) == (4, 5)


def test_class_identity_and_methods_kept() -> None:
    assert Point.__qualname__ == "Point" and Point.__module__ == __name__
    assert Empty.__doc__ == "No fields at all."
    assert Point.__init__.__qualname__.startswith("Point.")


def test_errors_as_dataclasses() -> None:
    with pytest.raises(ValueError):

        @record
        class BadDefault:
            xs: list = []  # noqa: RUF012

    with pytest.raises(TypeError):

        @record
        class BadOrder:
            a: int = 0
            b: int  # type: ignore[misc]


def test_instance_creation_not_slower_than_dataclass() -> None:
    """Generous bound (timings are noisy): the record constructor must not be slower."""
    import timeit

    t_record = min(timeit.repeat(lambda: Point(1, 2), number=20000, repeat=5))
    t_dc = min(timeit.repeat(lambda: PointDC(1, 2), number=20000, repeat=5))
    assert t_record < t_dc * 1.2
