"""Reading lean4export NDJSON (format 3.0.0 and 3.1.0) into a fresh kernel environment.

Every declaration in the file is re-checked by the kernel. For inductive types the file's constructor,
recursor and metadata records are not trusted: the kernel regenerates them from the types and
constructor types and the loader compares the two, rejecting any disagreement. The quotient package is
likewise declared by the kernel and compared with the file.

Outcomes: `Accepted`, `Rejected` (the file is wrong: a declaration fails to check, or the file is
malformed), `Undecided` (the file uses something this kernel does not support, such as nested
inductive types).
"""

from __future__ import annotations

import gc
import json
from typing import Any, Iterable, Sequence

from .add_decl import check_declaration
from .declaration import (
    ABBREV_HINTS,
    OPAQUE_HINTS,
    SAFE,
    AxiomDecl,
    ConstantInfo,
    Constructor,
    ConstructorInfo,
    DefinitionDecl,
    InductiveDecl,
    InductiveInfo,
    InductiveType,
    MutualDefinitionDecl,
    OpaqueDecl,
    QuotDecl,
    RecursorInfo,
    ReducibilityHints,
    TheoremDecl,
)
from .environment import Environment
from .errors import KernelError
from .expr import DEFAULT, IMPLICIT, INST_IMPLICIT, STRICT_IMPLICIT, App, BVar, Const, Expr, Lam, Let, NatLit, Pi, Proj, Sort, StrLit
from .instantiate import instantiate_level_params
from .level import ZERO_LEVEL, Level, mk_imax_core, mk_max_core, mk_param, mk_succ
from .name import ANONYMOUS, Name
from .record import record

FREEZE_EVERY = 256
BINDER_INFOS = {"default": DEFAULT, "implicit": IMPLICIT, "strictImplicit": STRICT_IMPLICIT, "instImplicit": INST_IMPLICIT}


class ExportFormatError(Exception):
    """The file is not a well-formed export."""


class Unsupported(Exception):
    """The file is well formed but uses something this kernel cannot check."""


@record
class LoadResult:
    env: Environment
    declarations: int


def _get(d: dict[str, Any], *keys: str) -> Any:
    """The first of `keys` present in `d` (3.0.0 and 3.1.0 spell some keys differently)."""
    for k in keys:
        if k in d:
            return d[k]
    raise ExportFormatError(f"missing field {' or '.join(repr(k) for k in keys)}")


def _records(value: Any) -> list[dict[str, Any]]:
    """3.0.0 wraps definitions and theorems in arrays, 3.1.0 does not."""
    return value if isinstance(value, list) else [value]


class ExportReader:
    def __init__(self, env: Environment | None = None) -> None:
        self.env = env if env is not None else Environment()
        self.names: dict[int, Name] = {0: ANONYMOUS}
        self.levels: dict[int, Level] = {0: ZERO_LEVEL}
        self.exprs: dict[int, Expr] = {}
        self.declarations = 0
        self._pending_mutual: list[DefinitionDecl] = []
        self._pending_all: tuple[Name, ...] = ()

    # -- primitives ---------------------------------------------------------------------------

    def name(self, i: int) -> Name:
        try:
            return self.names[i]
        except (KeyError, TypeError):
            raise ExportFormatError(f"reference to undefined name #{i}") from None

    def level(self, i: int) -> Level:
        try:
            return self.levels[i]
        except (KeyError, TypeError):
            raise ExportFormatError(f"reference to undefined level #{i}") from None

    def expr(self, i: int) -> Expr:
        try:
            return self.exprs[i]
        except (KeyError, TypeError):
            raise ExportFormatError(f"reference to undefined expression #{i}") from None

    @staticmethod
    def fresh_id(table: dict[int, Any], idx: Any, what: str) -> int:
        """Ids are defined once: a second definition would let the file say two things at once."""
        if not isinstance(idx, int) or isinstance(idx, bool):
            raise ExportFormatError(f"{what} id {idx!r} is not an integer")
        if idx in table:
            raise ExportFormatError(f"{what} #{idx} is defined twice")
        return idx

    def read_name(self, obj: dict[str, Any]) -> None:
        idx = self.fresh_id(self.names, obj["in"], "name")
        if "str" in obj:
            d = obj["str"]
            self.names[idx] = Name.mk_str(self.name(d["pre"]), str(d["str"]))
        elif "num" in obj:
            d = obj["num"]
            self.names[idx] = Name.mk_num(self.name(d["pre"]), int(d["i"]))
        else:
            raise ExportFormatError("unknown name record")

    def read_level(self, obj: dict[str, Any]) -> None:
        idx = self.fresh_id(self.levels, obj["il"], "level")
        if "succ" in obj:
            l = mk_succ(self.level(obj["succ"]))
        elif "max" in obj:
            a, b = obj["max"]
            l = mk_max_core(self.level(a), self.level(b))
        elif "imax" in obj:
            a, b = obj["imax"]
            l = mk_imax_core(self.level(a), self.level(b))
        elif "param" in obj:
            l = mk_param(self.name(obj["param"]))
        else:
            raise ExportFormatError("unknown level record")
        self.levels[idx] = l

    def read_expr(self, obj: dict[str, Any]) -> None:
        idx = self.fresh_id(self.exprs, obj["ie"], "expression")
        e: Expr
        if "bvar" in obj:
            v = obj["bvar"]
            e = BVar(int(v["deBruijnIndex"] if isinstance(v, dict) else v))
        elif "sort" in obj:
            v = obj["sort"]
            e = Sort(self.level(v["u"] if isinstance(v, dict) else v))
        elif "const" in obj:
            d = obj["const"]
            e = Const(self.name(_get(d, "name", "declName")), tuple(self.level(u) for u in d["us"]))
        elif "app" in obj:
            d = obj["app"]
            e = App(self.expr(d["fn"]), self.expr(d["arg"]))
        elif "lam" in obj or "forallE" in obj:
            d = obj.get("lam") or obj["forallE"]
            cls = Lam if "lam" in obj else Pi
            binfo = BINDER_INFOS.get(d.get("binderInfo", "default"))
            if binfo is None:
                raise ExportFormatError(f"unknown binder info {d.get('binderInfo')!r}")
            e = cls(
                self.name(_get(d, "name", "binderName")),
                self.expr(_get(d, "type", "binderType")),
                self.expr(d["body"]),
                binfo,
            )
        elif "letE" in obj:
            d = obj["letE"]
            e = Let(
                self.name(_get(d, "name", "declName")),
                self.expr(d["type"]),
                self.expr(d["value"]),
                self.expr(d["body"]),
                bool(d.get("nondep", False)),
            )
        elif "proj" in obj:
            d = obj["proj"]
            e = Proj(self.name(d["typeName"]), int(d["idx"]), self.expr(d["struct"]))
        elif "natVal" in obj:
            e = NatLit(int(obj["natVal"]))
        elif "strVal" in obj:
            e = StrLit(str(obj["strVal"]))
        elif "mdata" in obj:
            e = self.expr(obj["mdata"]["expr"])  # metadata has no meaning for the kernel
        else:
            raise ExportFormatError("unknown expression record")
        self.exprs[idx] = e

    # -- declarations -----------------------------------------------------------------------------

    def lparams(self, d: dict[str, Any]) -> tuple[Name, ...]:
        return tuple(self.name(i) for i in d["levelParams"])

    def add(self, decl: Any, compare: Any = None) -> list[ConstantInfo]:
        infos = check_declaration(self.env, decl)
        if compare is not None:
            compare(infos)
        self.env._insert(infos)
        self.declarations += 1
        if self.declarations % FREEZE_EVERY == 0:
            # The environment's terms live as long as the process and hold no cycles: move them out of
            # the cyclic collector's sight, or each collection rescans them all (quadratic overall).
            gc.freeze()
        return infos

    def read_declaration(self, obj: dict[str, Any]) -> None:
        if "axiom" in obj or "axiomInfo" in obj:
            for d in _records(obj.get("axiom") or obj["axiomInfo"]):
                self.add(AxiomDecl(self.name(d["name"]), self.lparams(d), self.expr(d["type"]), bool(d.get("isUnsafe"))))
        elif "def" in obj or "defn" in obj or "defnInfo" in obj:
            for d in _records(obj.get("def") or obj.get("defn") or obj["defnInfo"]):
                if "hints" not in d and "safety" not in d:  # 3.0.0 puts opaques in "def" arrays
                    self.read_opaque(d)
                else:
                    self.read_definition(d)
        elif "thm" in obj or "thmInfo" in obj:
            for d in _records(obj.get("thm") or obj["thmInfo"]):
                self.add(TheoremDecl(self.name(d["name"]), self.lparams(d), self.expr(d["type"]), self.expr(d["value"])))
        elif "opaque" in obj or "opaqueInfo" in obj:
            for d in _records(obj.get("opaque") or obj["opaqueInfo"]):
                self.read_opaque(d)
        elif "quot" in obj or "quotInfo" in obj:
            for d in _records(obj.get("quot") or obj["quotInfo"]):
                self.read_quot(d)
        elif "inductive" in obj:
            self.read_inductive(obj["inductive"])
        else:
            raise ExportFormatError(f"unknown record with keys {sorted(obj)}")

    def read_opaque(self, d: dict[str, Any]) -> None:
        self.add(
            OpaqueDecl(self.name(d["name"]), self.lparams(d), self.expr(d["type"]), self.expr(d["value"]), bool(d.get("isUnsafe")))
        )

    def read_definition(self, d: dict[str, Any]) -> None:
        hints_json = d.get("hints", "opaque")
        if hints_json == "opaque":
            hints = OPAQUE_HINTS
        elif hints_json == "abbrev":
            hints = ABBREV_HINTS
        elif isinstance(hints_json, dict) and "regular" in hints_json:
            hints = ReducibilityHints.regular(int(hints_json["regular"]))
        else:
            raise ExportFormatError(f"unknown reducibility hints {hints_json!r}")
        safety = d.get("safety", SAFE)
        if safety not in ("safe", "unsafe", "partial"):
            raise ExportFormatError(f"unknown definition safety {safety!r}")
        decl = DefinitionDecl(self.name(d["name"]), self.lparams(d), self.expr(d["type"]), self.expr(d["value"]), hints, safety)
        all_names = tuple(self.name(i) for i in d.get("all", [d["name"]]))
        if safety == SAFE or len(all_names) <= 1:
            self.add(decl)
            return
        # An unsafe or partial mutual block: collect its members, then check them together.
        if self._pending_mutual and self._pending_all != all_names:
            raise ExportFormatError(f"mutual block of '{self._pending_mutual[0].name}' is incomplete")
        self._pending_all = all_names
        self._pending_mutual.append(decl)
        if {x.name for x in self._pending_mutual} == set(all_names):
            block, self._pending_mutual = tuple(self._pending_mutual), []
            self.add(MutualDefinitionDecl(block))

    def read_quot(self, d: dict[str, Any]) -> None:
        name = self.name(d["name"])
        if not self.env.quot_initialized:
            self.add(QuotDecl())
        info = self.env.find(name)
        if info is None or getattr(info, "kind", None) != d.get("kind", getattr(info, "kind", None)):
            raise KernelError("not one of the kernel's quotient constants", name)
        _same_type(info.type, info.level_params, self.expr(d["type"]), self.lparams(d), name, "type")

    def read_inductive(self, block: dict[str, Any]) -> None:
        types_json = _get(block, "types", "inductiveVals")
        ctors_json = _get(block, "ctors", "constructorVals")
        recs_json = _get(block, "recs", "recursorVals")
        if not types_json:
            raise ExportFormatError("inductive block without types")
        first = types_json[0]
        first_name = self.name(first["name"])
        if any(t.get("numNested", 0) for t in types_json):
            raise Unsupported(f"'{first_name}' is a nested inductive type, which this kernel does not check yet")
        ctor_by_name = {self.name(c["name"]): c for c in ctors_json}
        lparams = self.lparams(first)
        types = []
        for t in types_json:
            ctors = []
            for ci in t["ctors"]:
                cname = self.name(ci)
                c = ctor_by_name.pop(cname, None)
                if c is None:
                    raise KernelError(f"constructor '{cname}' is listed but not given", self.name(t["name"]))
                ctors.append(Constructor(cname, self.expr(c["type"])))
            types.append(InductiveType(self.name(t["name"]), self.expr(t["type"]), tuple(ctors)))
        if ctor_by_name:
            extra = next(iter(ctor_by_name))
            raise KernelError(f"constructor '{extra}' does not belong to any type of the block", first_name)
        decl = InductiveDecl(lparams, int(first["numParams"]), tuple(types), bool(first.get("isUnsafe")))
        self.add(decl, lambda infos: self.compare_inductive(infos, types_json, ctors_json, recs_json))

    def compare_inductive(self, infos: list[ConstantInfo], types_json: list, ctors_json: list, recs_json: list) -> None:
        """The file's metadata must be exactly what the kernel generated."""
        by_name = {i.name: i for i in infos}
        given = (
            [(t, InductiveInfo) for t in types_json]
            + [(c, ConstructorInfo) for c in ctors_json]
            + [(r, RecursorInfo) for r in recs_json]
        )
        generated_recs = {i.name for i in infos if isinstance(i, RecursorInfo)}
        seen_recs = set()
        for d, cls in given:
            name = self.name(d["name"])
            mine = by_name.get(name)
            if not isinstance(mine, cls):
                raise KernelError(f"the kernel generates no {cls.__name__[:-4].lower()} named '{name}'", name)
            if self.lparams(d) != mine.level_params and len(self.lparams(d)) != len(mine.level_params):
                raise KernelError("wrong number of universe parameters", name)
            _same_type(mine.type, mine.level_params, self.expr(d["type"]), self.lparams(d), name, "type")
            if isinstance(mine, InductiveInfo):
                self._compare_fields(name, d, mine, {
                    "numParams": "num_params", "numIndices": "num_indices", "isRec": "is_rec",
                    "isReflexive": "is_reflexive", "isUnsafe": "is_unsafe",
                })
                self._compare_names(name, "all", d, mine.all)
                self._compare_names(name, "ctors", d, mine.ctors)
            elif isinstance(mine, ConstructorInfo):
                self._compare_fields(name, d, mine, {
                    "cidx": "cidx", "numParams": "num_params", "numFields": "num_fields", "isUnsafe": "is_unsafe",
                })
                if self.name(d["induct"]) is not mine.induct:
                    raise KernelError(f"constructor of '{mine.induct}', but the file says '{self.name(d['induct'])}'", name)
            else:
                seen_recs.add(name)
                self._compare_fields(name, d, mine, {
                    "numParams": "num_params", "numIndices": "num_indices", "numMotives": "num_motives",
                    "numMinors": "num_minors", "k": "k", "isUnsafe": "is_unsafe",
                })
                self._compare_names(name, "all", d, mine.all)
                self._compare_rules(name, d, mine)
        missing = generated_recs - seen_recs
        if missing:
            name = sorted(missing, key=str)[0]
            raise KernelError("recursor missing from the file", name)

    def _compare_fields(self, name: Name, d: dict[str, Any], mine: Any, fields: dict[str, str]) -> None:
        for key, attr in fields.items():
            if key in d and d[key] != getattr(mine, attr):
                raise KernelError(f"the file says {key} = {d[key]!r}, but the kernel computes {getattr(mine, attr)!r}", name)

    def _compare_names(self, name: Name, key: str, d: dict[str, Any], mine: Sequence[Name]) -> None:
        if key in d and tuple(self.name(i) for i in d[key]) != tuple(mine):
            raise KernelError(f"the file's '{key}' list disagrees with the kernel's", name)

    def _compare_rules(self, name: Name, d: dict[str, Any], mine: RecursorInfo) -> None:
        rules = d.get("rules", [])
        if len(rules) != len(mine.rules):
            raise KernelError(f"the file gives {len(rules)} recursor rules, the kernel generates {len(mine.rules)}", name)
        for r, m in zip(rules, mine.rules):
            if self.name(r["ctor"]) is not m.ctor:
                raise KernelError(f"recursor rule for '{self.name(r['ctor'])}' where the kernel has '{m.ctor}'", name)
            if r["nfields"] != m.nfields:
                raise KernelError(f"recursor rule for '{m.ctor}' has nfields = {r['nfields']}, the kernel computes {m.nfields}", name)
            _same_type(m.rhs, mine.level_params, self.expr(r["rhs"]), self.lparams(d), name, f"rule for '{m.ctor}'")

    # -- driver ------------------------------------------------------------------------------------

    def read_lines(self, lines: Iterable[str | bytes]) -> None:
        for lineno, raw in enumerate(lines, 1):
            try:
                line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            except UnicodeDecodeError as ex:
                raise ExportFormatError(f"line {lineno}: not UTF-8 ({ex.reason})") from None
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as ex:
                raise ExportFormatError(f"line {lineno}: not JSON ({ex.msg})") from None
            if not isinstance(obj, dict):
                raise ExportFormatError(f"line {lineno}: not a JSON object")
            try:
                if "meta" in obj:
                    self.check_meta(obj["meta"])
                elif "in" in obj:
                    self.read_name(obj)
                elif "il" in obj:
                    self.read_level(obj)
                elif "ie" in obj:
                    self.read_expr(obj)
                else:
                    self.read_declaration(obj)
            except ExportFormatError as ex:
                raise ExportFormatError(f"line {lineno}{self.declaration_named(obj)}: {ex}") from None
            except (KeyError, TypeError, ValueError, AttributeError) as ex:
                raise ExportFormatError(
                    f"line {lineno}{self.declaration_named(obj)}: malformed record ({type(ex).__name__}: {ex})"
                ) from None
        if self._pending_mutual:
            raise ExportFormatError(f"mutual block of '{self._pending_mutual[0].name}' is incomplete")
        if self.declarations == 0:
            raise ExportFormatError("the file declares nothing")

    def declaration_named(self, obj: dict[str, Any]) -> str:
        """`" (declaration 'X')"` for a declaration record whose name resolves, else `""`."""
        for value in obj.values():
            for record in _records(value) if isinstance(value, (dict, list)) else []:
                if not isinstance(record, dict):
                    continue
                first = (record.get("types") or record.get("inductiveVals") or [record])[0]
                name = self.names.get(first.get("name")) if isinstance(first, dict) else None
                if isinstance(name, Name):
                    return f" (declaration '{name}')"
        return ""

    @staticmethod
    def check_meta(meta: dict[str, Any]) -> None:
        version = str(meta.get("format", {}).get("version", "3.0.0"))
        if not version.startswith("3."):
            raise Unsupported(f"export format version {version} (this kernel reads 3.x)")


def _same_type(mine: Expr, my_params: Sequence[Name], theirs: Expr, their_params: Sequence[Name], name: Name, what: str) -> None:
    """Compare a generated term with the file's, up to renaming of universe parameters."""
    if len(my_params) != len(their_params):
        raise KernelError(f"the file's {what} has {len(their_params)} universe parameters, the kernel's has {len(my_params)}", name)
    renamed = instantiate_level_params(theirs, their_params, tuple(mk_param(p) for p in my_params))
    if renamed != mine:
        from .format import format_expr

        raise KernelError(
            f"the file's {what} '{format_expr(theirs)}' differs from the one the kernel generates '{format_expr(mine)}'",
            name,
        )


def load_export(path: str, env: Environment | None = None) -> LoadResult:
    """Read and check every declaration of the export at `path`. Raises `KernelError` (rejected),
    `ExportFormatError` (malformed: rejected) or `Unsupported` (cannot decide)."""
    reader = ExportReader(env)
    with open(path, "rb") as f:  # decoded line by line, so bad bytes are reported with their line
        reader.read_lines(f)
    return LoadResult(reader.env, reader.declarations)
