"""`@record`: the part of `@dataclass` this code base uses, made cheap to create and to instantiate.

Why not `dataclasses`: it spends about a millisecond per class (an `exec` per generated method,
`inspect.signature` for `__doc__`, a second class for `slots=True`), Lantern makes some 120 such
classes at each start, and importing `dataclasses` also imports `inspect`. Here `__init__`, `__eq__`
and `__hash__` are generated as dataclasses generates them (the same bytecode, as fast), but each
is compiled when first called, with one small `exec`, and classes whose fields look alike share
the code: a class costs ~40 µs to make, and a method never called in a run is never compiled. A
frozen `__init__` sets slots through their member descriptors, faster than dataclasses'
`object.__setattr__` (~40% off making an instance).

What it does, as `dataclasses` does: `frozen`, `slots`, `eq`, defaults and
`field(default_factory=…, hash=…, compare=…, repr=…)`, fields inherited from record bases,
`__init__`, `__repr__` (`Cls(a=1, b=2)`), `__eq__` (on field tuples, same class only), `__hash__`
(decided as dataclasses decide it for `eq`/`frozen` and an explicit `__hash__`), `__match_args__`,
frozen `__setattr__`/`__delattr__`. A frozen class with slots pickles as its constructor and field
values (fast to load, and unaffected by the frozen `__setattr__`).
Not supported: `order`, `unsafe_hash`, `init=False` fields, `InitVar`, `KW_ONLY`, `__post_init__`,
the generated `__doc__`.

`replace`, `fields`, `field_names` and `is_record` stand for `dataclasses.replace/fields/
is_dataclass`. Code that still calls `dataclasses` on a record keeps working: each record class
answers `__dataclass_fields__` on demand (importing `dataclasses` only then).
"""

from __future__ import annotations

from operator import attrgetter
from types import FunctionType
from typing import Any, Callable

__all__ = ["record", "field", "fields", "field_names", "replace", "is_record", "FrozenInstanceError"]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
_FACTORY: Any = type("_HasDefaultFactory", (), {"__repr__": lambda self: "<factory>"})()


class FrozenInstanceError(AttributeError):
    """Assigning to a field of a frozen record (dataclasses' error of the same name)."""


class Field:
    """One field of a record: its name, annotation and default, and whether it counts for
    `__repr__`, `__eq__` and `__hash__` (`hash=None`: as `compare`)."""

    __slots__ = ("name", "type", "default", "default_factory", "repr", "hash", "compare")
    init = True  # every field is an `__init__` parameter here

    def __init__(self, default: Any = MISSING, default_factory: Any = MISSING, repr: bool = True,
                 hash: bool | None = None, compare: bool = True) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.type: Any = None
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.hash = hash
        self.compare = compare

    def __repr__(self) -> str:
        return (f"Field(name={self.name!r}, type={self.type!r}, default={self.default!r}, "
                f"default_factory={self.default_factory!r}, repr={self.repr}, hash={self.hash}, "
                f"compare={self.compare})")


def field(*, default: Any = MISSING, default_factory: Any = MISSING, repr: bool = True,
          hash: bool | None = None, compare: bool = True) -> Any:
    """A field's options, as `dataclasses.field` (typed `Any` so `x: int = field(...)` checks)."""
    return Field(default, default_factory, repr, hash, compare)


def record(cls: Any = None, /, *, frozen: bool = False, slots: bool = False, eq: bool = True) -> Any:
    """`@record` or `@record(frozen=True, slots=True, eq=False)`: see the module docstring."""

    def wrap(c: type) -> type:
        return _make_record(c, frozen, slots, eq)

    return wrap if cls is None else wrap(cls)


# -- the functions that stand for dataclasses' ---------------------------------------------------


def is_record(x: Any) -> bool:
    """Whether `x` is a record class or an instance of one (`dataclasses.is_dataclass`)."""
    return hasattr(x, "__record_names__")


def fields(x: Any) -> tuple[Field, ...]:
    """The fields of a record class or instance, in order (`dataclasses.fields`)."""
    try:
        return x.__record_fields__  # type: ignore[no-any-return]
    except AttributeError:
        raise TypeError("must be called with a record type or instance") from None


def field_names(x: Any) -> tuple[str, ...]:
    """The names of the fields of a record class or instance, in order."""
    try:
        return x.__record_names__  # type: ignore[no-any-return]
    except AttributeError:
        raise TypeError("must be called with a record type or instance") from None


def replace(obj: Any, /, **changes: Any) -> Any:
    """A copy of `obj` with some fields changed (`dataclasses.replace`). A dataclass instance is
    passed on to `dataclasses.replace`, so a call site works with both while classes move over."""
    cls = obj.__class__
    names = getattr(cls, "__record_names__", None)
    if names is None:
        import dataclasses

        return dataclasses.replace(obj, **changes)
    values = [changes.pop(n) if n in changes else getattr(obj, n) for n in names]
    return cls(*values, **changes)  # a name left in `changes` is not a field: `__init__` says so


# -- making the class ----------------------------------------------------------------------------


def _make_record(cls: type, frozen: bool, slots: bool, eq: bool) -> type:
    own = _own_fields(cls)
    inherited: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for f in base.__dict__.get("__record_fields__", ()):
            inherited[f.name] = f
    all_fields = {**inherited, **{f.name: f for f in own}}
    field_list = tuple(all_fields.values())
    names = tuple(all_fields)
    qualname = cls.__qualname__
    # The class the methods belong to, once made (with slots, the class is made again): each
    # method is made before it, so they find it here. Setting methods on a made class costs
    # more than making the class with them, hence one dict of everything to add.
    box: list[type] = []
    added: dict[str, Any] = {
        "__record_fields__": field_list,
        "__record_names__": names,
        "__dataclass_fields__": _DATACLASS_FIELDS,
        "__match_args__": names,
    }
    generated_init = "__init__" not in cls.__dict__
    if generated_init:
        added["__init__"] = _on_first_use(box, qualname, "__init__", _init_maker(box, field_list, frozen, slots))
    if "__repr__" not in cls.__dict__:
        added["__repr__"] = _make_repr(tuple(f.name for f in field_list if f.repr))
    if eq and "__eq__" not in cls.__dict__:
        added["__eq__"] = _on_first_use(box, qualname, "__eq__", _eq_maker(box, tuple(f.name for f in field_list if f.compare)))
    hash_method = _decide_hash(cls, box, field_list, frozen, eq)
    if hash_method is not MISSING:
        added["__hash__"] = hash_method
    if frozen:
        added["__setattr__"], added["__delattr__"] = _frozen_methods(cls, box, names)
        if slots and generated_init:  # the constructor takes the fields: rebuild through it
            added["__reduce__"] = _make_reduce(_tuple_getter(names))

    if slots:
        cls = _with_slots(cls, tuple(f.name for f in own if f.name not in inherited), added)
    else:
        for f in own:  # as dataclasses: the default stays a class attribute, a factory does not
            if isinstance(cls.__dict__.get(f.name), Field):
                if f.default is MISSING:
                    delattr(cls, f.name)
                else:
                    setattr(cls, f.name, f.default)
        for name, value in added.items():
            setattr(cls, name, value)
    box.append(cls)
    return cls


def _own_fields(cls: type) -> list[Field]:
    """The fields the class body declares, in order, with their defaults."""
    out = []
    seen_default = False
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        text = annotation if isinstance(annotation, str) else repr(annotation)
        if text.startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = cls.__dict__.get(name, MISSING)
        f = value if isinstance(value, Field) else Field(default=value)
        f.name, f.type = name, annotation
        if f.default is not MISSING and f.default.__class__.__hash__ is None:
            raise ValueError(f"mutable default {type(f.default)} for field {name} is not allowed: use default_factory")
        has_default = f.default is not MISSING or f.default_factory is not MISSING
        if seen_default and not has_default:
            raise TypeError(f"non-default argument {name!r} follows default argument")
        seen_default = seen_default or has_default
        out.append(f)
    return out


def _with_slots(cls: type, slot_names: tuple[str, ...], added: dict[str, Any]) -> type:
    """The class made again with `__slots__` (slots can only be declared when a class is made), and
    with the `added` attributes."""
    body = dict(cls.__dict__)
    body.update(added)
    body.pop("__dict__", None)
    body.pop("__weakref__", None)
    for name in slot_names:
        body.pop(name, None)  # a default: `__init__` has it; the class attribute would hide the slot
    body["__slots__"] = slot_names
    made = type(cls)(cls.__name__, cls.__bases__, body)
    made.__qualname__ = cls.__qualname__  # not part of the class body: set it again
    return made


# Compiled code by source: classes whose fields have the same names and kinds of default share
# their methods' code, each with its own globals (its setters, factories) and default values.
_CODE: dict[str, Any] = {}


def _compiled(cls: type, source: str, ns: dict[str, Any], defaults: tuple = ()) -> Any:
    """The function `source` defines (one `def`), with `ns` as globals, named as a method of `cls`."""
    code = _CODE.get(source)
    if code is None:
        scratch: dict[str, Any] = {"_FACTORY": _FACTORY}
        exec(source, scratch)
        code = _CODE[source] = next(v for k, v in scratch.items() if k.startswith("__") and k != "__builtins__").__code__
    qualname = f"{cls.__qualname__}.{code.co_name}"
    fn = FunctionType(code.replace(co_qualname=qualname), ns, code.co_name, defaults or None)
    fn.__qualname__ = qualname
    fn.__module__ = cls.__module__
    return fn


def _on_first_use(box: list[type], qualname: str, name: str, make: Callable[[], Any]) -> Callable[..., Any]:
    """A method that makes the real one (compiling it) when first called, and puts it in its place:
    most classes use few of their methods in a run, and compiling is most of a class's cost."""

    def first_call(*args: Any, **kwargs: Any) -> Any:
        method = make()
        type.__setattr__(box[0], name, method)
        return method(*args, **kwargs)

    first_call.__name__ = name
    first_call.__qualname__ = f"{qualname}.{name}"
    return first_call


def _init_maker(box: list[type], field_list: tuple[Field, ...], frozen: bool, slots: bool) -> Callable[[], Any]:
    def make() -> Any:
        cls = box[0]
        params, body, defaults = [], [], []
        ns: dict[str, Any] = {"__builtins__": __builtins__, "_FACTORY": _FACTORY, "_osa": object.__setattr__}
        for f in field_list:
            n = f.name
            value = n
            if f.default_factory is not MISSING:
                ns[f"_factory_{n}"] = f.default_factory
                value = f"_factory_{n}() if {n} is _FACTORY else {n}"
                defaults.append(_FACTORY)
                params.append(f"{n}=_FACTORY")
            elif f.default is not MISSING:
                defaults.append(f.default)
                params.append(f"{n}=_FACTORY")  # a placeholder: the real default is in __defaults__
            else:
                params.append(n)
            if frozen and slots and n in cls.__dict__:
                ns[f"_set_{n}"] = cls.__dict__[n].__set__  # the slot's own setter: no frozen __setattr__
                body.append(f"  _set_{n}(self, {value})")
            elif frozen:
                body.append(f"  _osa(self, {n!r}, {value})")
            else:
                body.append(f"  self.{n} = {value}")
        source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "  pass") + "\n"
        return _compiled(cls, source, ns, tuple(defaults))

    return make


def _tuple_source(obj: str, names: tuple[str, ...]) -> str:
    """`(obj.a,obj.b,)`: the tuples dataclasses compare and hash."""
    return "(" + "".join(f"{obj}.{n}," for n in names) + ")"


def _eq_maker(box: list[type], names: tuple[str, ...]) -> Callable[[], Any]:
    def make() -> Any:
        cls = box[0]
        source = (f"def __eq__(self, other):\n  if other.__class__ is self.__class__:\n"
                  f"    return {_tuple_source('self', names)} == {_tuple_source('other', names)}\n"
                  f"  return NotImplemented\n")
        return _compiled(cls, source, {"__builtins__": __builtins__})

    return make


def _hash_maker(box: list[type], names: tuple[str, ...]) -> Callable[[], Any]:
    def make() -> Any:
        cls = box[0]
        source = f"def __hash__(self):\n  return hash({_tuple_source('self', names)})\n"
        return _compiled(cls, source, {"__builtins__": __builtins__})

    return make


def _tuple_getter(names: tuple[str, ...]) -> Callable[[Any], tuple]:
    """`x ↦ (x.a, x.b, …)`, always a tuple."""
    if len(names) >= 2:
        return attrgetter(*names)
    if len(names) == 1:
        get = attrgetter(names[0])
        return lambda x: (get(x),)
    return lambda x: ()


def _make_repr(names: tuple[str, ...]) -> Callable[[Any], str]:
    from _thread import get_ident

    running: set[tuple[int, int]] = set()

    def __repr__(self: Any) -> str:
        key = (id(self), get_ident())
        if key in running:  # a record that contains itself (dataclasses' `recursive_repr`)
            return "..."
        running.add(key)
        try:
            inside = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
        finally:
            running.discard(key)
        return f"{self.__class__.__qualname__}({inside})"

    return __repr__


def _decide_hash(cls: type, box: list[type], field_list: tuple[Field, ...], frozen: bool, eq: bool) -> Any:
    """The `__hash__` to set, or MISSING to leave it, as dataclasses decide without `unsafe_hash`:
    keep an explicit `__hash__`; otherwise hash the fields of a frozen class with `eq`, and make a
    mutable one with `eq` unhashable."""
    explicit = cls.__dict__.get("__hash__", MISSING)
    has_explicit_hash = not (explicit is MISSING or (explicit is None and "__eq__" in cls.__dict__))
    if not eq or has_explicit_hash:
        return MISSING
    if not frozen:
        return None
    hashed = tuple(f.name for f in field_list if (f.compare if f.hash is None else f.hash))
    return _on_first_use(box, cls.__qualname__, "__hash__", _hash_maker(box, hashed))


def _frozen_methods(cls: type, box: list[type], names: tuple[str, ...]) -> tuple[Callable, Callable]:
    """`__setattr__` and `__delattr__` refusing to change a field (any attribute of the class
    itself), as dataclasses' frozen ones."""
    if "__setattr__" in cls.__dict__ or "__delattr__" in cls.__dict__:
        raise TypeError(f"cannot overwrite __setattr__ or __delattr__ of frozen record {cls.__name__}")
    field_set = frozenset(names)

    def __setattr__(self: Any, name: str, value: Any) -> None:
        owner = box[0]
        if type(self) is owner or name in field_set:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(owner, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        owner = box[0]
        if type(self) is owner or name in field_set:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(owner, self).__delattr__(name)

    return __setattr__, __delattr__


def _make_reduce(values: Callable[[Any], tuple]) -> Callable[[Any], tuple]:
    def __reduce__(self: Any) -> tuple:
        return (self.__class__, values(self))

    return __reduce__


class _DataclassFieldsOnDemand:
    """`__dataclass_fields__` for code that still asks `dataclasses` about a record: built (with
    `dataclasses.Field`s) the first time it is read, then stored on the class."""

    def __get__(self, obj: Any, owner: type) -> dict[str, Any]:
        import dataclasses

        table = {}
        for f in owner.__record_fields__:  # type: ignore[attr-defined]
            d = dataclasses.field(
                default=dataclasses.MISSING if f.default is MISSING else f.default,
                default_factory=dataclasses.MISSING if f.default_factory is MISSING else f.default_factory,
                repr=f.repr, hash=f.hash, compare=f.compare)
            d.name, d.type, d._field_type = f.name, f.type, dataclasses._FIELD  # type: ignore[attr-defined]
            table[f.name] = d
        type.__setattr__(owner, "__dataclass_fields__", table)
        return table


_DATACLASS_FIELDS = _DataclassFieldsOnDemand()
