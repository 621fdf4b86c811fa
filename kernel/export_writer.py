"""Writing an environment as lean4export NDJSON, format 3.1.0.

Names, levels and expressions are numbered in order of first use and shared, as lean4export does;
each declaration record follows the primitives it refers to. The output reads back with
`export_reader` (and, being the official format, with other Lean 4 checkers)."""

from __future__ import annotations

import json
from typing import IO, Any, Iterable

from .declaration import (
    AxiomInfo,
    ConstantInfo,
    ConstructorInfo,
    DefinitionInfo,
    InductiveInfo,
    OpaqueInfo,
    QuotInfo,
    RecursorInfo,
    ReducibilityHints,
    TheoremInfo,
)
from .deep import run_deep
from .environment import Environment
from .expr import APP, BVAR, CONST, FVAR, LAM, LET, MVAR, NATLIT, PI, PROJ, SORT, STRLIT, Expr
from .level import IMAX, MAX, PARAM, SUCC, ZERO, Level
from .name import Name

FORMAT_VERSION = "3.1.0"
BINDER_INFO_NAMES = ("default", "implicit", "strictImplicit", "instImplicit")


class ExportWriter:
    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.name_ids: dict[Name, int] = {}
        self.level_ids: dict[Level, int] = {}
        self.expr_ids: dict[Expr, int] = {}

    def emit(self, obj: dict[str, Any]) -> None:
        self.out.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
        self.out.write("\n")

    def meta(self) -> None:
        self.emit({"meta": {
            "exporter": {"name": "lantern", "version": "0.1.0"},
            "lean": {"githash": "", "version": "lantern"},
            "format": {"version": FORMAT_VERSION},
        }})

    # -- primitives ---------------------------------------------------------------------------

    def name(self, n: Name) -> int:
        if n.is_anonymous:
            return 0
        i = self.name_ids.get(n)
        if i is not None:
            return i
        pre = self.name(n.prefix)  # type: ignore[arg-type]
        i = len(self.name_ids) + 1
        if isinstance(n.last, int):
            self.emit({"in": i, "num": {"pre": pre, "i": n.last}})
        else:
            self.emit({"in": i, "str": {"pre": pre, "str": n.last}})
        self.name_ids[n] = i
        return i

    def level(self, l: Level) -> int:
        if l.kind == ZERO:
            return 0
        i = self.level_ids.get(l)
        if i is not None:
            return i
        if l.kind == SUCC:
            obj: dict[str, Any] = {"succ": self.level(l.a)}  # type: ignore[arg-type]
        elif l.kind in (MAX, IMAX):
            key = "max" if l.kind == MAX else "imax"
            obj = {key: [self.level(l.a), self.level(l.b)]}  # type: ignore[arg-type]
        elif l.kind == PARAM:
            obj = {"param": self.name(l.a)}  # type: ignore[arg-type]
        else:
            raise ValueError(f"cannot export the universe metavariable {l}")
        i = len(self.level_ids) + 1
        obj["il"] = i
        self.emit(obj)
        self.level_ids[l] = i
        return i

    def expr(self, e: Expr) -> int:
        i = self.expr_ids.get(e)
        if i is not None:
            return i
        k = e.kind
        obj: dict[str, Any]
        if k == BVAR:
            obj = {"bvar": e.idx}  # type: ignore[attr-defined]
        elif k == SORT:
            obj = {"sort": self.level(e.level)}  # type: ignore[attr-defined]
        elif k == CONST:
            obj = {"const": {"name": self.name(e.name), "us": [self.level(l) for l in e.levels]}}  # type: ignore[attr-defined]
        elif k == APP:
            obj = {"app": {"fn": self.expr(e.fn), "arg": self.expr(e.arg)}}  # type: ignore[attr-defined]
        elif k in (LAM, PI):
            obj = {"lam" if k == LAM else "forallE": {
                "name": self.name(e.name),  # type: ignore[attr-defined]
                "type": self.expr(e.type),  # type: ignore[attr-defined]
                "body": self.expr(e.body),  # type: ignore[attr-defined]
                "binderInfo": BINDER_INFO_NAMES[e.binfo],  # type: ignore[attr-defined]
            }}
        elif k == LET:
            obj = {"letE": {
                "name": self.name(e.name),  # type: ignore[attr-defined]
                "type": self.expr(e.type),  # type: ignore[attr-defined]
                "value": self.expr(e.value),  # type: ignore[attr-defined]
                "body": self.expr(e.body),  # type: ignore[attr-defined]
                "nondep": e.nondep,  # type: ignore[attr-defined]
            }}
        elif k == PROJ:
            obj = {"proj": {"typeName": self.name(e.struct), "idx": e.idx, "struct": self.expr(e.expr)}}  # type: ignore[attr-defined]
        elif k == NATLIT:
            obj = {"natVal": str(e.value)}  # type: ignore[attr-defined]
        elif k == STRLIT:
            obj = {"strVal": e.value}  # type: ignore[attr-defined]
        elif k in (FVAR, MVAR):
            raise ValueError("cannot export a term with free variables or metavariables")
        else:  # pragma: no cover
            raise ValueError(f"unknown term kind {k}")
        i = len(self.expr_ids)
        obj["ie"] = i
        self.emit(obj)
        self.expr_ids[e] = i
        return i

    # -- declarations --------------------------------------------------------------------------

    def names(self, ns: Iterable[Name]) -> list[int]:
        return [self.name(n) for n in ns]

    def header(self, c: ConstantInfo) -> dict[str, Any]:
        return {"name": self.name(c.name), "levelParams": self.names(c.level_params), "type": self.expr(c.type)}

    def constant(self, c: ConstantInfo, env: Environment) -> None:
        if isinstance(c, AxiomInfo):
            self.emit({"axiom": {**self.header(c), "isUnsafe": c.is_unsafe}})
        elif isinstance(c, DefinitionInfo):
            self.emit({"def": {
                **self.header(c), "value": self.expr(c.value), "hints": _hints_json(c.hints),
                "safety": c.safety, "all": self.names(c.all),
            }})
        elif isinstance(c, TheoremInfo):
            self.emit({"thm": {**self.header(c), "value": self.expr(c.value), "all": self.names(c.all)}})
        elif isinstance(c, OpaqueInfo):
            self.emit({"opaque": {
                **self.header(c), "value": self.expr(c.value), "isUnsafe": c.is_unsafe, "all": self.names(c.all),
            }})
        elif isinstance(c, QuotInfo):
            self.emit({"quot": {**self.header(c), "kind": c.kind}})
        elif isinstance(c, InductiveInfo):
            if c.name is c.all[0]:
                self.inductive_block(c, env)
        # Constructors and recursors are written with their inductive block.

    def inductive_block(self, first: InductiveInfo, env: Environment) -> None:
        types = [env.get(n) for n in first.all]
        ctors = [env.get(c) for t in types for c in t.ctors]  # type: ignore[union-attr]
        recs = [env.get(t.name.child("rec")) for t in types]
        types_json = [{
            **self.header(t), "numParams": t.num_params, "numIndices": t.num_indices, "all": self.names(t.all),
            "ctors": self.names(t.ctors), "numNested": t.num_nested, "isRec": t.is_rec, "isUnsafe": t.is_unsafe,
            "isReflexive": t.is_reflexive,
        } for t in types if isinstance(t, InductiveInfo)]
        ctors_json = [{
            **self.header(c), "induct": self.name(c.induct), "cidx": c.cidx, "numParams": c.num_params,
            "numFields": c.num_fields, "isUnsafe": c.is_unsafe,
        } for c in ctors if isinstance(c, ConstructorInfo)]
        recs_json = [{
            **self.header(r), "all": self.names(r.all), "numParams": r.num_params, "numIndices": r.num_indices,
            "numMotives": r.num_motives, "numMinors": r.num_minors,
            "rules": [{"ctor": self.name(x.ctor), "nfields": x.nfields, "rhs": self.expr(x.rhs)} for x in r.rules],
            "k": r.k, "isUnsafe": r.is_unsafe,
        } for r in recs if isinstance(r, RecursorInfo)]
        self.emit({"inductive": {"types": types_json, "ctors": ctors_json, "recs": recs_json}})


def _hints_json(h: ReducibilityHints) -> Any:
    return {"regular": h.height} if h.kind == "regular" else h.kind


def write_export(env: Environment, out: IO[str], names: Iterable[Name] | None = None) -> None:
    """Write `env` (or only the constants `names`, in environment order) to `out`. Constants are
    written in the order they were added, which respects dependencies."""
    writer = ExportWriter(out)
    writer.meta()
    wanted = None if names is None else set(names)
    for c in env:
        if wanted is None or c.name in wanted:
            run_deep(writer.constant, c, env)
