"""What compiled code shares across evaluations: one `Global` per definition, the layout of each
inductive type, the recursor plans and the native implementations.

All of it is keyed by the *identity* of the kernel's `ConstantInfo` objects. The front end forks the
kernel environment for every command, but a fork shares the constants themselves, and a constant
never changes once added (nor do the constants it refers to, which were added before it). So code
compiled for `List.map` while evaluating one command is valid in every later command — and in any
environment holding that same constant object — while two unrelated environments that both declare
a `List.map` never share code. The table is bounded (least recently compiled entries are dropped;
code that still refers to a dropped entry keeps it alive).

Compilation itself is lazy: a `Global` compiles its body the first time it is called.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable, Mapping, Optional

from lantern.kernel.declaration import (
    SAFE, ConstantInfo, ConstructorInfo, DefinitionInfo, InductiveInfo, OpaqueInfo, RecursorInfo,
)
from lantern.kernel.expr import LAM, Expr
from lantern.kernel.name import Name
from lantern.kernel.record import field, record

from . import layout as L
from .budget import BUDGET
from .errors import EvalError
from .natives import Native, native_for
from .recursor import RecPlan, RecRuntime, make_plan
from .values import Value, curry

MAX_ENTRIES = 50_000

# Definitions inlined by substituting their arguments unevaluated (Lean's `@[macro_inline]`), so that
# the branches of a conditional are only evaluated when taken.
MACRO_INLINE = frozenset(Name.of(n) for n in (
    "ite", "dite", "cond", "and", "or", "Bool.and", "Bool.or", "Option.getD",
    "instDecidableAnd", "instDecidableOr",
))
MACRO, INLINE = "macro", "inline"


@record
class EvalContext:
    """What one evaluation knows beyond the kernel environment (from the front end's `ElabEnv`)."""

    env: Any  # the kernel Environment
    elab_env: Any = None  # the ElabEnv, if any (structures for printing, instances for inlining)
    implemented_by: Mapping[Name, Name] = field(default_factory=dict)
    inline: frozenset = frozenset()  # reducible definitions and instances: unfolded when compiling
    macro_inline: frozenset = frozenset()


def count_lambdas(e: Expr) -> int:
    n = 0
    while e.kind == LAM:
        e = e.body  # type: ignore[attr-defined]
        n += 1
    return n


class Global:
    """A compiled constant. `body(args)` runs the value's body on its `arity` leading λ-arguments
    (known-arity calls use it directly); `load()` gives the value itself (a curried function, or the
    value of a closed term, computed once). Both start as stubs that compile on first use."""

    __slots__ = ("program", "name", "level_params", "type", "value", "arity", "body", "load")

    def __init__(self, program: "Program", name: Name, level_params: tuple, type: Optional[Expr],
                 value: Optional[Expr]) -> None:
        self.program = program
        self.name = name
        self.level_params = level_params
        self.type = type
        self.value = value
        self.arity = count_lambdas(value) if value is not None else 0
        self.body: Callable[[tuple], Value] = self._compile_and_run
        self.load: Callable[[], Value] = self._first_load

    def compile(self) -> None:
        from .compiler import compile_global

        self.body = compile_global(self.program, self)

    def _compile_and_run(self, frame: tuple) -> Value:
        self.compile()
        return self.body(frame)

    def _first_load(self) -> Value:
        BUDGET.tick()
        if self.arity == 0:
            v = self.body(())
        else:
            v = global_closure(self)
        self.load = lambda: v
        return v

    def __repr__(self) -> str:
        return f"<Global {self.name}/{self.arity}>"


def global_closure(g: Global) -> Value:
    """`g` as a curried function value."""
    n = g.arity
    tick = BUDGET
    if n == 1:
        def f1(x: Value) -> Value:
            tick.tick()
            return g.body((x,))
        return f1
    if n == 2:
        def f2(x: Value) -> Value:
            def g2(y: Value) -> Value:
                tick.tick()
                return g.body((x, y))
            return g2
        return f2

    def run(args: tuple) -> Value:
        tick.tick()
        return g.body(args)

    return curry(n, run)


def no_definition(name: Name) -> EvalError:
    if str(name) == "sorryAx":
        return EvalError("cannot evaluate code because 'sorryAx' uses 'sorry' and/or contains errors")
    return EvalError(f"cannot evaluate '{name}': it has no definition")


class Program:
    def __init__(self) -> None:
        self._table: OrderedDict[tuple[str, int], tuple[object, object]] = OrderedDict()
        self.ctx: Optional[EvalContext] = None

    @property
    def env(self) -> Any:
        assert self.ctx is not None, "no evaluation in progress"
        return self.ctx.env

    def _memo(self, kind: str, info: object, make: Callable[[], object]) -> Any:
        key = (kind, id(info))
        hit = self._table.get(key)
        if hit is not None and hit[0] is info:
            return hit[1]
        value = make()
        self._table[key] = (info, value)
        if len(self._table) > MAX_ENTRIES:
            for _ in range(MAX_ENTRIES // 4):
                self._table.popitem(last=False)
        return value

    # -- constants ------------------------------------------------------------------------------------

    def resolve(self, name: Name) -> ConstantInfo:
        """The constant `name` stands for at run time (its `implemented_by` implementation, if any)."""
        assert self.ctx is not None
        impl = self.ctx.implemented_by.get(name)
        info = self.ctx.env.find(impl if impl is not None else name)
        if info is None:
            raise EvalError(f"unknown constant '{impl or name}'")
        return info

    def global_for(self, info: ConstantInfo) -> Global:
        def make() -> Global:
            value = getattr(info, "value", None) if isinstance(info, (DefinitionInfo, OpaqueInfo)) else None
            return Global(self, info.name, info.level_params, info.type, value)

        return self._memo("global", info, make)

    def native(self, info: ConstantInfo) -> Optional[Native]:
        return self._memo("native", info, lambda: native_for(self.env, info, self.layout))

    def layout(self, name: Name) -> Optional[L.Layout]:
        info = self.ctx.env.find(name) if self.ctx is not None else None
        if not isinstance(info, InductiveInfo):
            return None
        return self._memo("layout", info, lambda: L.compute_layout(self.env, info))

    def rec_runtime(self, info: RecursorInfo) -> RecRuntime:
        def make() -> RecRuntime:
            lay = self.layout(info.major_induct)
            if lay is None or lay.kind == L.PROP:
                return RecRuntime(self, info, None, 0)
            plan = self.rec_plan(info)
            return RecRuntime(self, info, plan, plan.index[info.name])

        return self._memo("rec", info, make)

    def rec_plan(self, info: RecursorInfo) -> RecPlan:
        first = self.env.get(info.all[0].child("rec"))
        return self._memo("plan", first, lambda: make_plan(self.env, info, self.layout))  # type: ignore[arg-type]

    def ctor_value(self, info: ConstructorInfo) -> Value:
        """A constructor as a curried function (for partial applications)."""
        lay = self.layout(info.induct)
        assert lay is not None
        np, cidx = info.num_params, info.cidx
        return self._memo("ctor", info, lambda: curry(np + info.num_fields, lambda a: lay.build(cidx, a[np:])))

    # -- compile-time decisions -----------------------------------------------------------------------

    def inline_mode(self, info: DefinitionInfo) -> Optional[str]:
        """`MACRO` (substitute the arguments unevaluated), `INLINE` (unfold, arguments evaluated once)
        or `None` (call it)."""
        if info.safety != SAFE:
            return None
        name = info.name
        ctx = self.ctx
        if name in MACRO_INLINE or (ctx is not None and name in ctx.macro_inline):
            return MACRO
        last = name.last
        if isinstance(last, str):
            if last in ("casesOn", "recOn") and info.hints.kind == "abbrev":
                return MACRO
            if last.startswith("match_"):
                return MACRO
        if info.hints.kind == "abbrev" or (ctx is not None and name in ctx.inline):
            return INLINE
        return None


PROGRAM = Program()

