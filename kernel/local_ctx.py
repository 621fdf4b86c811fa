"""Local contexts: the free variables the type checker introduces when it goes under a binder."""

from __future__ import annotations

import itertools
from typing import Sequence

from .expr import DEFAULT, Expr, FVar, Lam, Let, Pi
from .instantiate import abstract_prefix
from .name import Name
from .record import record

_fresh_ids = itertools.count(1)


@record(frozen=True, slots=True)
class LocalDecl:
    fvar: FVar
    name: Name
    type: Expr
    value: Expr | None = None
    binfo: int = DEFAULT


class LocalContext:
    __slots__ = ("decls",)

    def __init__(self) -> None:
        self.decls: dict[object, LocalDecl] = {}

    def mk_local(self, name: Name, type: Expr, value: Expr | None = None, binfo: int = DEFAULT) -> FVar:
        fvar = FVar(("k", next(_fresh_ids)), name)
        self.decls[fvar.fid] = LocalDecl(fvar, name, type, value, binfo)
        return fvar

    def get(self, fvar: Expr) -> LocalDecl | None:
        return self.decls.get(fvar.fid)  # type: ignore[attr-defined]

    def mk_binding(self, fvars: Sequence[FVar], body: Expr, *, lam: bool) -> Expr:
        """Close `body` over `fvars` (outermost first) with λ or Π binders; variables with a value
        become `let`s."""
        position = {f.fid: k for k, f in enumerate(fvars)}
        r = abstract_prefix(body, position, len(fvars))
        for k in range(len(fvars) - 1, -1, -1):
            d = self.decls[fvars[k].fid]
            ty = abstract_prefix(d.type, position, k)
            if d.value is not None:
                r = Let(d.name, ty, abstract_prefix(d.value, position, k), r)
            else:
                r = (Lam if lam else Pi)(d.name, ty, r, d.binfo)
        return r
