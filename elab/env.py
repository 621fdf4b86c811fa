"""The front end's environment: the kernel's checked constants plus what only the front end needs
(namespaces, instances, structure fields, attributes, documentation, declaration positions), and the
scope a command is elaborated in (current namespace, `open`s, `variable`s, `universe`s).

Each command is elaborated in a fork of the previous snapshot (`fork`), so that a document keeps one
snapshot per command and an edit can re-check from any command on. Extension tables are small dicts
copied on write; the kernel environment forks cheaply (a shared base plus a small overlay).
"""

from __future__ import annotations

from typing import Any

from lantern.kernel.environment import Environment
from lantern.kernel.name import ANONYMOUS, Name
from lantern.kernel.record import field, record, replace


@record(frozen=True, slots=True)
class InstanceInfo:
    name: Name
    class_name: Name
    priority: int = 1000


@record(frozen=True, slots=True)
class StructureInfo:
    name: Name
    ctor: Name
    fields: tuple[Name, ...]  # field names (last components), in order
    parents: tuple[Name, ...] = ()
    is_class: bool = False


@record(frozen=True, slots=True)
class Scope:
    """What `namespace`/`section`/`open`/`variable`/`universe` set; `end` pops it."""

    kind: str = "root"  # "root" | "namespace" | "section"
    header: Name = ANONYMOUS  # the name given to `namespace X` / `section X`
    namespace: Name = ANONYMOUS  # the current namespace (all enclosing namespaces joined)
    opens: tuple[Name, ...] = ()
    variables: tuple[Any, ...] = ()  # binder syntax, elaborated with each declaration that uses them
    universes: tuple[str, ...] = ()
    options: tuple[tuple[str, str], ...] = ()


@record(slots=True)
class ElabEnv:
    kernel: Environment
    scopes: tuple[Scope, ...] = (Scope(),)
    namespaces: frozenset[Name] = frozenset()
    instances: dict[Name, tuple[InstanceInfo, ...]] = field(default_factory=dict)
    default_instances: dict[Name, tuple[tuple[Name, int], ...]] = field(default_factory=dict)
    structures: dict[Name, StructureInfo] = field(default_factory=dict)
    attributes: dict[str, frozenset[Name]] = field(default_factory=dict)  # "simp", "reducible", …
    protected: frozenset[Name] = frozenset()
    docs: dict[Name, str] = field(default_factory=dict)
    notations: Any = None  # syntax.operators.NotationTable, installed by the command elaborator
    aliases: dict[Name, tuple[Name, ...]] = field(default_factory=dict)  # `export`: alias ↦ constants
    implemented_by: dict[Name, Name] = field(default_factory=dict)  # what `#eval` runs instead (`partial def`)
    # `f ↦` how to make `f.eq_def` when first asked for (`equations.PendingEqDef`; made on demand, as in Lean)
    pending_eq_defs: dict[Name, Any] = field(default_factory=dict)

    @property
    def scope(self) -> Scope:
        return self.scopes[-1]

    def fork(self) -> "ElabEnv":
        """A copy to elaborate the next command in: the kernel environment is forked (cheaply, see
        `Environment.fork`) and the tables are copied on write by the `with_*`/`add_*` methods, so
        nothing done to the copy shows in this snapshot."""
        return replace(self, kernel=self.kernel.fork())

    # -- copy-on-write updates ---------------------------------------------------------------------

    def with_scope(self, scope: Scope) -> "ElabEnv":
        return replace(self, scopes=self.scopes[:-1] + (scope,))

    def push_scope(self, scope: Scope) -> "ElabEnv":
        return replace(self, scopes=self.scopes + (scope,))

    def pop_scope(self) -> "ElabEnv":
        return replace(self, scopes=self.scopes[:-1])

    def with_namespace(self, ns: Name) -> "ElabEnv":
        names = set(self.namespaces)
        while not ns.is_anonymous and ns not in names:
            names.add(ns)
            ns = ns.prefix  # type: ignore[assignment]
        return replace(self, namespaces=frozenset(names))

    def add_instance(self, info: InstanceInfo) -> "ElabEnv":
        table = dict(self.instances)
        table[info.class_name] = table.get(info.class_name, ()) + (info,)
        return replace(self, instances=table)

    def add_default_instance(self, class_name: Name, inst: Name, priority: int = 1000) -> "ElabEnv":
        table = dict(self.default_instances)
        table[class_name] = table.get(class_name, ()) + ((inst, priority),)
        return replace(self, default_instances=table)

    def add_structure(self, info: StructureInfo) -> "ElabEnv":
        table = dict(self.structures)
        table[info.name] = info
        return replace(self, structures=table)

    def add_attribute(self, attr: str, name: Name) -> "ElabEnv":
        table = dict(self.attributes)
        table[attr] = table.get(attr, frozenset()) | {name}
        return replace(self, attributes=table)

    def has_attribute(self, attr: str, name: Name) -> bool:
        return name in self.attributes.get(attr, frozenset())

    def add_doc(self, name: Name, doc: str) -> "ElabEnv":
        table = dict(self.docs)
        table[name] = doc
        return replace(self, docs=table)

    def add_alias(self, alias: Name, target: Name) -> "ElabEnv":
        """`export Ns (x)` in namespace `A`: `A.x` now also denotes `Ns.x` (Lean's `addAlias`)."""
        table = dict(self.aliases)
        if target not in table.get(alias, ()):
            table[alias] = table.get(alias, ()) + (target,)
        return replace(self, aliases=table)

    def add_implemented_by(self, name: Name, impl: Name) -> "ElabEnv":
        """`#eval` runs `impl` where `name` is used (Lean's `@[implemented_by]`; a `partial def`)."""
        return replace(self, implemented_by={**self.implemented_by, name: impl})

    def add_pending_eq_def(self, name: Name, pending: Any) -> "ElabEnv":
        """`name.eq_def` is reserved: made from `pending` on first use (`equations.ensure_reserved`)."""
        return replace(self, pending_eq_defs={**self.pending_eq_defs, name: pending})

    def add_protected(self, name: Name) -> "ElabEnv":
        return replace(self, protected=self.protected | {name})
