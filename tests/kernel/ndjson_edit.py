"""Small editing helpers for lean4export NDJSON files, used to build corrupted exports in tests.

An `Export` holds the file as a list of JSON objects (one per line, in order). Records are order
sensitive: a name, level or expression must appear before any record that refers to it, so new
primitives are inserted just before a chosen record (by default at the end of the file).

    ex = Export.load(EXAMPLE)
    thm = ex.decl("Nat.add_succ")          # the inner record of the theorem (a dict, edited in place)
    nat = ex.const("Nat")                   # id of an existing or new `const Nat` expression
    ex.write(tmp_path / "bad.ndjson")
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Iterator

# Keys under which 3.0.0 and 3.1.0 put declarations.
DECL_KEYS = ("axiom", "def", "thm", "opaque", "quot", "inductive")
INDUCTIVE_PARTS = (("inductiveVals", "types"), ("constructorVals", "ctors"), ("recursorVals", "recs"))


def is_primitive(obj: dict[str, Any]) -> bool:
    return "in" in obj or "il" in obj or "ie" in obj


def is_declaration(obj: dict[str, Any]) -> bool:
    return not is_primitive(obj) and "meta" not in obj


def inner_records(obj: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every constant record inside a declaration line: the one definition/theorem/... record, or
    each type, constructor and recursor of an inductive block."""
    for key in DECL_KEYS:
        if key not in obj:
            continue
        value = obj[key]
        if key == "inductive":
            for keys in INDUCTIVE_PARTS:
                for k in keys:
                    yield from value.get(k, [])
        elif isinstance(value, list):
            yield from value
        else:
            yield value


class Export:
    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records

    # -- input / output ---------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path) -> "Export":
        with open(path, encoding="utf-8") as f:
            return cls([json.loads(line) for line in f if line.strip()])

    def copy(self) -> "Export":
        return Export(copy.deepcopy(self.records))

    def dumps(self) -> str:
        return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in self.records)

    def write(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.dumps(), encoding="utf-8")
        return path

    # -- names ------------------------------------------------------------------------------------

    def names(self) -> dict[int, str]:
        """Name id ↦ dotted string (0 is the anonymous name, "")."""
        out = {0: ""}
        for r in self.records:
            if "in" not in r:
                continue
            if "str" in r:
                pre, last = r["str"]["pre"], str(r["str"]["str"])
            else:
                pre, last = r["num"]["pre"], str(r["num"]["i"])
            prefix = out[pre]
            out[r["in"]] = f"{prefix}.{last}" if prefix else last
        return out

    def name_id(self, name: str) -> int:
        for i, s in self.names().items():
            if s == name:
                return i
        raise KeyError(f"no name record for {name!r}")

    def add_name(self, name: str, before: dict[str, Any] | None = None) -> int:
        """The id of `name`, adding name records for it (and its missing prefixes) if needed."""
        known = {s: i for i, s in self.names().items()}
        if name in known:
            return known[name]
        pre = 0
        parts = name.split(".")
        for k in range(1, len(parts) + 1):
            prefix = ".".join(parts[:k])
            if prefix in known:
                pre = known[prefix]
                continue
            i = self.fresh("in")
            self.insert({"in": i, "str": {"pre": pre, "str": parts[k - 1]}}, before)
            known[prefix] = pre = i
        return pre

    # -- levels and expressions ---------------------------------------------------------------------

    def fresh(self, tag: str) -> int:
        """A fresh id for records tagged `tag` ("in", "il" or "ie")."""
        used = [r[tag] for r in self.records if tag in r]
        return max(used, default=0) + 1

    def expr_record(self, i: int) -> dict[str, Any]:
        for r in self.records:
            if r.get("ie") == i:
                return r
        raise KeyError(f"no expression #{i}")

    def level_record(self, i: int) -> dict[str, Any]:
        for r in self.records:
            if r.get("il") == i:
                return r
        raise KeyError(f"no level #{i}")

    def level(self, payload: dict[str, Any], before: dict[str, Any] | None = None) -> int:
        """An existing level record equal to `payload` (defined before `before`), or a new one."""
        for r in self.records:
            if "il" in r and {k: v for k, v in r.items() if k != "il"} == payload:
                if before is None or self.index(r) < self.index(before):
                    return r["il"]
        return self.add_level(payload, before)

    def add_level(self, payload: dict[str, Any], before: dict[str, Any] | None = None) -> int:
        i = self.fresh("il")
        self.insert({"il": i, **payload}, before)
        return i

    def add_expr(self, payload: dict[str, Any], before: dict[str, Any] | None = None) -> int:
        """Add the expression record `{"ie": fresh, **payload}` and return its id."""
        i = self.fresh("ie")
        self.insert({"ie": i, **payload}, before)
        return i

    def find_expr(self, payload: dict[str, Any]) -> int | None:
        """The id of an existing expression record whose content is exactly `payload`."""
        for r in self.records:
            if "ie" in r and {k: v for k, v in r.items() if k != "ie"} == payload:
                return r["ie"]
        return None

    def expr(self, payload: dict[str, Any], before: dict[str, Any] | None = None) -> int:
        """An existing expression record equal to `payload` (defined before `before`), or a new one."""
        i = self.find_expr(payload)
        if i is not None and (before is None or self.index(self.expr_record(i)) < self.index(before)):
            return i
        return self.add_expr(payload, before)

    # small expression builders; each returns an expression id
    def const(self, name: str, us: list[int] = (), before: dict[str, Any] | None = None) -> int:  # type: ignore[assignment]
        return self.expr({"const": {"name": self.add_name(name, before), "us": list(us)}}, before)

    def app(self, fn: int, *args: int, before: dict[str, Any] | None = None) -> int:
        for a in args:
            fn = self.expr({"app": {"fn": fn, "arg": a}}, before)
        return fn

    def bvar(self, i: int, before: dict[str, Any] | None = None) -> int:
        return self.expr({"bvar": i}, before)

    def nat_lit(self, n: int, before: dict[str, Any] | None = None) -> int:
        return self.expr({"natVal": str(n)}, before)

    def sort(self, level: int, before: dict[str, Any] | None = None) -> int:
        return self.expr({"sort": level}, before)

    def binder(self, kind: str, name: str, type: int, body: int, binder_info: str = "default",
               before: dict[str, Any] | None = None) -> int:
        """A `forallE` or `lam` expression."""
        payload = {"binderInfo": binder_info, "body": body, "name": self.add_name(name, before), "type": type}
        return self.expr({kind: payload}, before)

    # reading expressions back
    def kind(self, i: int) -> tuple[str, Any]:
        """The kind of expression `i` ("app", "forallE", "const", ...) and its payload."""
        r = self.expr_record(i)
        key = next(k for k in r if k != "ie")
        return key, r[key]

    def body(self, i: int) -> int:
        """The body of the binder (forallE, lam) expression `i`."""
        key, payload = self.kind(i)
        assert key in ("forallE", "lam"), key
        return payload["body"]

    def unapp(self, i: int) -> tuple[int, list[int]]:
        """Expression `i` as a head applied to arguments (ids)."""
        args = []
        key, payload = self.kind(i)
        while key == "app":
            args.append(payload["arg"])
            i = payload["fn"]
            key, payload = self.kind(i)
        return i, args[::-1]

    # -- records and declarations --------------------------------------------------------------------

    def index(self, record: dict[str, Any]) -> int:
        """Position of `record` (by identity) in the file."""
        for k, r in enumerate(self.records):
            if r is record:
                return k
        raise ValueError("record is not in this export")

    def insert(self, record: dict[str, Any], before: dict[str, Any] | None = None) -> None:
        if before is None:
            self.records.append(record)
        else:
            self.records.insert(self.index(before), record)

    def declarations(self) -> list[dict[str, Any]]:
        return [r for r in self.records if is_declaration(r)]

    def line_of(self, name: str) -> dict[str, Any]:
        """The declaration line (outer object) that declares constant `name`."""
        nid = self.name_id(name)
        for r in self.declarations():
            if any(d.get("name") == nid for d in inner_records(r)):
                return r
        raise KeyError(f"no declaration of {name!r}")

    def decl(self, name: str) -> dict[str, Any]:
        """The inner record (definition, theorem, inductive type, constructor or recursor) of `name`."""
        nid = self.name_id(name)
        for r in self.declarations():
            for d in inner_records(r):
                if d.get("name") == nid:
                    return d
        raise KeyError(f"no declaration of {name!r}")

    def declared_names(self) -> list[str]:
        """Names of the declaration lines, in file order (the first constant of each line)."""
        names = self.names()
        return [names[next(inner_records(r))["name"]] for r in self.declarations()]

    def move_after(self, record: dict[str, Any], anchor: dict[str, Any]) -> None:
        """Move `record` to just after `anchor`."""
        self.records.pop(self.index(record))
        self.records.insert(self.index(anchor) + 1, record)

    # -- format 3.1.0 ------------------------------------------------------------------------------

    def to_3_1_0(self) -> "Export":
        """The same export with the key spellings of format 3.1.0."""
        out = []
        for r in copy.deepcopy(self.records):
            if "meta" in r:
                r["meta"]["format"]["version"] = "3.1.0"
            elif "inductive" in r:
                block = r["inductive"]
                r["inductive"] = {new: block[old] for old, new in INDUCTIVE_PARTS}
            else:
                for key in ("def", "thm", "axiom", "opaque", "quot"):
                    if key in r and isinstance(r[key], list):
                        assert len(r[key]) == 1
                        r[key] = r[key][0]
            out.append(r)
        return Export(out)
