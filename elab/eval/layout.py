"""How the values of each inductive type are represented (see `values.py`), decided once per type.

A `Layout` tells the rest of the evaluator how to build a constructor application, how to read the
constructor index and the fields of a value (for recursors and printing), and which fields are
irrelevant. Special layouts give the built-in types their Python representation:

- `NAT`: `Nat` (with `Nat.zero`/`Nat.succ`, as the kernel's literal support requires) as `int`;
- `INT`: an `Int` with `Int.ofNat`/`Int.negSucc` of a `Nat`, as `int`;
- `STRING`: a `String` whose constructor holds a `List Char`, as `str`;
- `CHAR`: a `Char` structure whose first field is a `Nat`, or a chain of one-field structures down to
  one (`UInt32 → BitVec → Fin → Nat` in Lean's core), as its code point;
- `ENUM`: constructors with irrelevant fields only (`Bool`, `Decidable p`, `Unit`, enumerations), as
  the constructor index;
- `PROP`: an inductive proposition: its values are proofs, always `ERASED`;
- `CTOR`: everything else, as `(cidx, fields…)`.
"""

from __future__ import annotations

from typing import Callable, Optional

from lantern.kernel import builtins as B
from lantern.kernel.declaration import UNSAFE, ConstructorInfo, InductiveInfo
from lantern.kernel.expr import CONST, PI, SORT, Const, Expr, get_app_args
from lantern.kernel.instantiate import instantiate1
from lantern.kernel.level import ZERO
from lantern.kernel.name import Name
from lantern.kernel.nat_ext import nat_is_standard
from lantern.kernel.type_checker import TypeChecker

from .relevance import is_erasable_type
from .values import ERASED, Value, list_to_str, str_to_list

NAT, INT, STRING, CHAR, ENUM, PROP, CTOR = "nat", "int", "string", "char", "enum", "prop", "ctor"

LIST = Name.of("List")
INT_NAME, INT_OF_NAT, INT_NEG_SUCC = Name.of("Int"), Name.of("Int.ofNat"), Name.of("Int.negSucc")
NAT_CONST = Const(B.NAT)


class Layout:
    __slots__ = ("kind", "ind", "ctors", "relevant", "explicit", "cidx", "fields", "char_chain")

    def __init__(self, kind: str, ind: InductiveInfo, ctors: tuple[ConstructorInfo, ...],
                 relevant: tuple[tuple[bool, ...], ...], explicit: tuple[tuple[bool, ...], ...],
                 char_chain: tuple[int, ...] = ()) -> None:
        self.kind = kind
        self.ind = ind
        self.ctors = ctors
        self.relevant = relevant  # per constructor, per field: does it carry data?
        self.explicit = explicit  # per constructor, per field: is it an explicit binder? (printing)
        self.char_chain = char_chain  # CHAR: the field counts of the structures wrapping the Nat
        self.cidx: Callable[[Value], int]
        self.fields: Callable[[Value], tuple]
        self._install_readers()

    def _install_readers(self) -> None:
        k = self.kind
        erased = tuple((ERASED,) * c.num_fields for c in self.ctors)
        if k == NAT:
            self.cidx = lambda v: 1 if v else 0
            self.fields = lambda v: (v - 1,) if v else ()
        elif k == INT:
            self.cidx = lambda v: 0 if v >= 0 else 1
            self.fields = lambda v: (v,) if v >= 0 else (-v - 1,)
        elif k == STRING:
            rest = erased[0][1:]
            self.cidx = lambda v: 0
            self.fields = lambda v: (str_to_list(v),) + rest
        elif k == CHAR:
            rest = erased[0][1:]
            wrap = self.wrap_char
            self.cidx = lambda v: 0
            self.fields = lambda v: (wrap(v),) + rest
        elif k == ENUM:
            self.cidx = int
            self.fields = erased.__getitem__
        else:  # CTOR (PROP values are never inspected)
            self.cidx = lambda v: v[0]
            self.fields = lambda v: v[1:]

    # -- constructors ----------------------------------------------------------------------------

    def build(self, cidx: int, fields: tuple) -> Value:
        """The value of constructor `cidx` applied to `fields` (values)."""
        k = self.kind
        if k == CTOR:
            return (cidx,) + fields
        if k == ENUM:
            return cidx
        if k == NAT:
            return fields[0] + 1 if cidx else 0
        if k == INT:
            return fields[0] if cidx == 0 else -fields[0] - 1
        if k == STRING:
            return list_to_str(fields[0])
        if k == CHAR:
            return self.unwrap_char(fields[0])
        return ERASED  # PROP

    def wrap_char(self, c: int) -> Value:
        """A code point as the value of `Char`'s first field (a `Nat`, or the structures around one)."""
        v: Value = c
        for nfields in reversed(self.char_chain):
            v = (0, v) + (ERASED,) * (nfields - 1)
        return v

    @staticmethod
    def unwrap_char(v: Value) -> int:
        while type(v) is tuple:
            v = v[1]
        return v


# -- computing layouts ------------------------------------------------------------------------------


def ctor_fields(tc: TypeChecker, ctor: ConstructorInfo, params: Optional[list[Expr]] = None) -> list[tuple[Expr, Expr, int]]:
    """Open a constructor's type: `(field fvar, field type, binder info)` for each field, with the
    parameters instantiated by `params` (fresh locals if not given)."""
    t = ctor.type
    out: list[tuple[Expr, Expr, int]] = []
    for i in range(ctor.num_params + ctor.num_fields):
        t = tc.whnf(t) if t.kind != PI else t
        if t.kind != PI:
            break
        if i < ctor.num_params and params is not None and i < len(params):
            t = instantiate1(t.body, params[i])  # type: ignore[attr-defined]
            continue
        x = tc.lctx.mk_local(t.name, t.type, None, t.binfo)  # type: ignore[attr-defined]
        if i >= ctor.num_params:
            out.append((x, t.type, t.binfo))  # type: ignore[attr-defined]
        t = instantiate1(t.body, x)  # type: ignore[attr-defined]
    return out


def _is_prop_inductive(tc: TypeChecker, ind: InductiveInfo) -> bool:
    t = tc.whnf(ind.type)
    while t.kind == PI:
        t = tc.whnf(instantiate1(t.body, tc.lctx.mk_local(t.name, t.type)))  # type: ignore[attr-defined]
    return t.kind == SORT and t.level.kind == ZERO  # type: ignore[attr-defined]


def compute_layout(env: object, ind: InductiveInfo) -> Layout:
    tc = TypeChecker(env, ind.level_params, UNSAFE)  # type: ignore[arg-type]
    ctors = tuple(env.get(c) for c in ind.ctors)  # type: ignore[attr-defined]
    relevant, explicit, types = [], [], []
    for c in ctors:
        fs = ctor_fields(tc, c)
        relevant.append(tuple(not is_erasable_type(tc, ty) for _, ty, _ in fs))
        explicit.append(tuple(bi == 0 for _, _, bi in fs))
        types.append([ty for _, ty, _ in fs])
    rel, expl = tuple(relevant), tuple(explicit)

    def mk(kind: str, chain: tuple[int, ...] = ()) -> Layout:
        return Layout(kind, ind, ctors, rel, expl, chain)

    if _is_prop_inductive(tc, ind):
        return mk(PROP)
    if ind.name is B.NAT and nat_is_standard(env):
        return mk(NAT)
    if (ind.name is INT_NAME and ind.num_params == 0 and ind.num_indices == 0
            and ind.ctors == (INT_OF_NAT, INT_NEG_SUCC)
            and all(c.num_fields == 1 and types[i][0] == NAT_CONST for i, c in enumerate(ctors))):
        return mk(INT)
    if ind.name is B.CHAR and len(ctors) == 1 and ctors[0].num_fields >= 1 and not any(rel[0][1:]):
        chain = _nat_chain(env, tc, types[0][0])
        if chain is not None:
            return mk(CHAR, chain)
    if ind.name is B.STRING and len(ctors) == 1 and ctors[0].num_fields >= 1 and not any(rel[0][1:]):
        if _is_list_of_char(env, types[0][0]):
            return mk(STRING)
    if all(not any(r) for r in rel):
        return mk(ENUM)
    return mk(CTOR)


def _nat_chain(env: object, tc: TypeChecker, t: Expr) -> Optional[tuple[int, ...]]:
    """`()` if `t` is `Nat`; the field counts of the one-data-field structures wrapping a `Nat`
    (outermost first) if it is such a chain; `None` otherwise."""
    chain: list[int] = []
    for _ in range(8):
        t = tc.whnf(t)
        if t == NAT_CONST:
            return tuple(chain) if nat_is_standard(env) else None
        head, args = get_app_args(t)
        if head.kind != CONST:
            return None
        s = env.find(head.name)  # type: ignore[attr-defined]
        if not isinstance(s, InductiveInfo) or len(s.ctors) != 1 or s.num_indices or s.is_rec:
            return None
        ctor = env.get(s.ctors[0])  # type: ignore[attr-defined]
        fs = ctor_fields(tc, ctor, args[: s.num_params])
        if not fs or any(not is_erasable_type(tc, ty) for _, ty, _ in fs[1:]):
            return None
        chain.append(len(fs))
        t = fs[0][1]
    return None


def _is_list_of_char(env: object, t: Expr) -> bool:
    head, args = get_app_args(t)
    if head.kind != CONST or head.name is not LIST or len(args) != 1 or args[0] != Const(B.CHAR):  # type: ignore[attr-defined]
        return False
    lst = env.find(LIST)  # type: ignore[attr-defined]
    return isinstance(lst, InductiveInfo) and lst.ctors == (B.LIST_NIL, B.LIST_CONS)
