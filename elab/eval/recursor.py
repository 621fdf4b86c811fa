"""Recursors (`I.rec`) evaluated by their rules, without building unary numbers and without Python
recursion on the data.

A `RecPlan` reads, once per mutual block, the shape of every rule from the kernel's right-hand side
`fun params motives minors fields => minorᵢ fields ihs…` (the same shape Lean's kernel generates, so
exported recursors work too): which minor premise a constructor selects, and for each induction
hypothesis which field it recurses on, with which recursor of the block, under how many binders (for
reflexive fields such as `Acc.intro`'s).

`run_rec` then folds a value bottom-up with an explicit stack: a list of 100,000 elements costs
100,000 iterations, not 100,000 Python frames. `Nat` majors are counted up from 0 in a loop. The
caller says which hypotheses each minor premise actually uses (`needs`): a `casesOn`-style use
computes none of them, so it costs one step, not a traversal of the whole value.
"""

from __future__ import annotations

from typing import Callable, Optional, Sequence

from lantern.kernel.declaration import ConstructorInfo, InductiveInfo, RecursorInfo
from lantern.kernel.expr import BVAR, CONST, LAM, PI, Expr, get_app_args
from lantern.kernel.name import Name
from lantern.kernel.record import record

from . import layout as L
from .budget import BUDGET
from .errors import EvalError
from .values import ERASED, Value, apply_all, curry

ApplyMinor = Callable[[int, tuple, tuple], Value]  # (minor index, fields, hypotheses) ↦ value
Needs = Sequence[Optional[tuple[bool, ...]]]  # per minor: which hypotheses it uses (None: all)


@record(frozen=True, slots=True)
class IH:
    field: int  # the recursive field
    rec: int  # the recursor of the block that recurses on it
    nxs: int  # binders in front of it (a reflexive field is a function returning the type)


@record(frozen=True, slots=True)
class RuleShape:
    minor: int
    nfields: int
    ihs: tuple[IH, ...]


class RecPlan:
    """The recursors of one (possibly mutual) inductive block, as the evaluator runs them."""

    def __init__(self, env: object, recs: Sequence[RecursorInfo], layouts: Sequence[L.Layout]) -> None:
        self.recs = tuple(recs)
        self.index = {r.name: k for k, r in enumerate(recs)}
        self.layouts = tuple(layouts)
        first = recs[0]
        self.num_params, self.num_motives, self.num_minors = first.num_params, first.num_motives, first.num_minors
        self.rules: list[tuple[RuleShape, ...]] = []
        self.by_minor: list[Optional[RuleShape]] = [None] * self.num_minors
        for rec, lay in zip(recs, layouts):
            cidx = {c.name: c.cidx for c in lay.ctors}
            shapes: list[Optional[RuleShape]] = [None] * len(lay.ctors)
            for rule in rec.rules:
                shape = self._parse(rec, rule.nfields, rule.rhs)
                shapes[cidx[rule.ctor]] = shape
                self.by_minor[shape.minor] = shape
            if any(s is None for s in shapes):
                raise EvalError(f"cannot evaluate '{rec.name}': a constructor has no rule")
            self.rules.append(tuple(shapes))  # type: ignore[arg-type]
        self.nat_loop = len(recs) == 1 and layouts[0].kind == L.NAT
        # One recursor whose constructors recurse at most once, directly (lists, unary types): folded
        # by walking down the spine, then back up, with no per-node bookkeeping.
        self.linear = len(recs) == 1 and all(len(s.ihs) <= 1 and all(ih.nxs == 0 for ih in s.ihs) for s in self.rules[0])

    def _parse(self, rec: RecursorInfo, nfields: int, rhs: Expr) -> RuleShape:
        bad = EvalError(f"cannot evaluate '{rec.name}': unexpected recursor rule")
        n_outer = self.num_params + self.num_motives + self.num_minors
        body = rhs
        for _ in range(n_outer + nfields):
            if body.kind != LAM:
                raise bad
            body = body.body  # type: ignore[attr-defined]
        head, args = get_app_args(body)
        if head.kind != BVAR or len(args) < nfields:
            raise bad
        position = n_outer + nfields - 1 - head.idx  # type: ignore[attr-defined]
        minor = position - self.num_params - self.num_motives
        if not 0 <= minor < self.num_minors:
            raise bad
        ihs = []
        for a in args[nfields:]:
            nxs = 0
            while a.kind == LAM:
                a = a.body  # type: ignore[attr-defined]
                nxs += 1
            h, rargs = get_app_args(a)
            if h.kind != CONST or h.name not in self.index or not rargs:  # type: ignore[attr-defined]
                raise bad
            fh = get_app_args(rargs[-1])[0]
            if fh.kind != BVAR:
                raise bad
            field = nfields - 1 - (fh.idx - nxs)  # type: ignore[attr-defined]
            if not 0 <= field < nfields:
                raise bad
            ihs.append(IH(field, self.index[h.name], nxs))  # type: ignore[attr-defined]
        return RuleShape(minor, nfields, tuple(ihs))


def run_rec(plan: RecPlan, k: int, major: Value, apply_minor: ApplyMinor, needs: Needs) -> Value:
    """The value of recursor `k` of `plan` on `major`, the minor premises given by `apply_minor`."""
    tick = BUDGET
    if plan.nat_loop:
        zero, succ = plan.rules[0]
        if not major:
            tick.tick()
            return apply_minor(zero.minor, (), ())
        need = needs[succ.minor]
        if need is not None and not need[0]:
            tick.tick()
            return apply_minor(succ.minor, (major - 1,), (ERASED,))
        acc = apply_minor(zero.minor, (), ())
        for i in range(major):
            tick.tick()
            acc = apply_minor(succ.minor, (i,), (acc,))
        return acc

    if plan.linear:
        return _run_linear(plan, major, apply_minor, needs)
    layouts, rules = plan.layouts, plan.rules
    # Each stack entry is a node whose hypotheses are being computed:
    # [shape, fields, hypotheses so far, hypotheses still to compute, the one being computed].
    stack: list[list] = []
    v = major
    while True:
        tick.tick()
        lay = layouts[k]
        fs = lay.fields(v)
        shape = rules[k][lay.cidx(v)]
        need = needs[shape.minor]
        ihs: list[Value] = [ERASED] * len(shape.ihs)
        todo: list[tuple[int, IH]] = []
        for p, ih in enumerate(shape.ihs):
            if need is not None and not need[p]:
                continue
            if ih.nxs:
                ihs[p] = _reflexive(plan, ih, fs[ih.field], apply_minor, needs)
            else:
                todo.append((p, ih))
        if todo:
            p, ih = todo.pop()
            stack.append([shape, fs, ihs, todo, p])
            k, v = ih.rec, fs[ih.field]
            continue
        result = apply_minor(shape.minor, fs, tuple(ihs))
        while stack:
            top = stack[-1]
            top[2][top[4]] = result
            if top[3]:
                p, ih = top[3].pop()
                top[4] = p
                k, v = ih.rec, top[1][ih.field]
                break
            stack.pop()
            result = apply_minor(top[0].minor, top[1], tuple(top[2]))
        else:
            return result


def _run_linear(plan: RecPlan, v: Value, apply_minor: ApplyMinor, needs: Needs) -> Value:
    tick = BUDGET
    lay = plan.layouts[0]
    rules = plan.rules[0]
    cidx, fields = lay.cidx, lay.fields
    generic = lay.kind == L.CTOR
    path: list[tuple[int, tuple]] = []
    while True:
        tick.tick()
        if generic:
            shape = rules[v[0]]
            fs = v[1:]
        else:
            shape = rules[cidx(v)]
            fs = fields(v)
        if shape.ihs:
            need = needs[shape.minor]
            if need is None or need[0]:
                path.append((shape.minor, fs))
                v = fs[shape.ihs[0].field]
                continue
            result = apply_minor(shape.minor, fs, (ERASED,))
        else:
            result = apply_minor(shape.minor, fs, ())
        break
    for j, fs in reversed(path):
        result = apply_minor(j, fs, (result,))
    return result


def _reflexive(plan: RecPlan, ih: IH, f: Value, apply_minor: ApplyMinor, needs: Needs) -> Value:
    """The hypothesis for a field `f : (xs : …) → I …`: a function of `xs`, computed on demand."""
    return curry(ih.nxs, lambda xs: run_rec(plan, ih.rec, apply_all(f, xs), apply_minor, needs))


# -- the recursor as a first-class function ------------------------------------------------------------


class RecRuntime:
    """`I.rec` applied to argument values: for partial applications, minor premises that are not
    λs, and majors that are erased (eliminating a proof, e.g. `Eq.rec` as a cast or `Acc.rec` under
    `WellFounded.fix`: the fields are then read back from the indices, which is possible exactly
    for the recursors of propositions that may eliminate into `Type`)."""

    def __init__(self, program: object, info: RecursorInfo, plan: Optional[RecPlan], k: int) -> None:
        self.program = program
        self.info = info
        self.plan = plan
        self.k = k
        self.arity = info.major_idx + 1
        self.value = curry(self.arity, self.call)
        self._rhs: object = None  # Global for the single rule's right-hand side (erased majors)
        self._field_from_index: Optional[list[Optional[int]]] = None

    def call(self, args: tuple) -> Value:
        major = args[-1]
        if major is ERASED or self.plan is None:
            return self.call_erased(args)
        p = self.plan
        o = p.num_params + p.num_motives
        minors = args[o : o + p.num_minors]

        def apply_minor(j: int, fs: tuple, ihs: tuple) -> Value:
            return apply_all(minors[j], fs + ihs)

        return run_rec(p, self.k, major, apply_minor, [None] * p.num_minors)

    def call_erased(self, args: tuple) -> Value:
        info = self.info
        if not info.rules:
            raise EvalError(f"unreachable code was reached: '{info.name}' was applied to a proof of an empty proposition")
        if len(info.rules) != 1:
            raise EvalError(f"cannot evaluate '{info.name}' on a proof")
        rule = info.rules[0]
        if self._rhs is None:
            self._prepare_erased(rule.ctor, rule.nfields, rule.rhs)
        o = info.num_params + info.num_motives + info.num_minors
        indices = args[o : o + info.num_indices]
        fields = tuple(ERASED if j is None else indices[j] for j in self._field_from_index)  # type: ignore[union-attr]
        BUDGET.tick()
        return self._rhs.body(args[:o] + fields)  # type: ignore[attr-defined]

    def _prepare_erased(self, ctor_name: Name, nfields: int, rhs: Expr) -> None:
        env = self.program.env  # type: ignore[attr-defined]
        ctor = env.get(ctor_name)
        assert isinstance(ctor, ConstructorInfo)
        # The constructor's result `I params idx…`: an index that is exactly a field gives it back.
        t = ctor.type
        for _ in range(ctor.num_params + ctor.num_fields):
            if t.kind != PI:
                raise EvalError(f"cannot evaluate '{self.info.name}' on a proof")
            t = t.body  # type: ignore[attr-defined]
        _, result_args = get_app_args(t)
        mapping: list[Optional[int]] = [None] * nfields
        for j, a in enumerate(result_args[ctor.num_params :]):
            if a.kind == BVAR and a.idx < nfields:  # type: ignore[attr-defined]
                mapping[nfields - 1 - a.idx] = j  # type: ignore[attr-defined]
        self._field_from_index = mapping
        from .program import Global

        self._rhs = Global(self.program, self.info.name.child("_rhs"), self.info.level_params, None, rhs)


def make_plan(env: object, info: RecursorInfo, layout_of: Callable[[Name], L.Layout]) -> RecPlan:
    recs = []
    layouts = []
    for ind_name in info.all:
        ind = env.get(ind_name)  # type: ignore[attr-defined]
        assert isinstance(ind, InductiveInfo)
        rec = env.get(ind_name.child("rec"))  # type: ignore[attr-defined]
        assert isinstance(rec, RecursorInfo)
        recs.append(rec)
        layouts.append(layout_of(ind_name))
    return RecPlan(env, recs, layouts)
