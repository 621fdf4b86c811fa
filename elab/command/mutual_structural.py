"""Mutual structural recursion, through the recursor with one motive per type (Lean's
`Structural` module for a mutual clique, with its `PProd` packing of several functions on one type).

Each function's body (after the fixed prefix, `mutual_fn.py`) must be a `match` on one of its
parameters, compiled to `I.casesOn`, and every call of a function of the block must pass, in that
function's recursive position, a recursive field of the constructor being matched. The types recursed
on must be one inductive type (`isEven`/`isOdd` on `Nat`) or types of one mutual block
(`Tree.size`/`Forest.size`), with the same parameters. Then, for each type `Tₖ` of the block, the
motive is the tuple (`PProd`, right-nested) of the results of the functions recursing on `Tₖ`, each
quantified over its other parameters, `fun t => (∀ ys, R₁ t ys) ×' (∀ zs, R₂ t zs)` (`PUnit` when no
function recurses on it); each minor premise is the tuple of the functions' branches for that
constructor, in which a call `g … y …` becomes the component of `y`'s induction hypothesis for `g`; and
each function is the component of `Tₖ.rec motives minors x` for it, applied to its other parameters:

    isEven n = (Nat.rec ⟨true, false⟩ (fun n ih => ⟨ih.2, ih.1⟩) n).1

This is the recursor-based form of `recursion.py` for a clique. Its equations hold by `rfl` once the
matched argument is a constructor, so the case-splitting prover proves them.
"""

from __future__ import annotations

from lantern.kernel.declaration import InductiveInfo, RecursorInfo
from lantern.kernel.expr import APP, CONST, FVAR, PI, Const, Expr, FVar, Proj, Sort, get_app_args, mk_app
from lantern.kernel.instantiate import _rebuild, instantiate1, instantiate_level_params, replace_fvars
from lantern.kernel.level import Level, mk_succ, mk_zero
from lantern.kernel.name import Name
from lantern.kernel.record import record

from ..constructions import PPROD, PPROD_MK, PUNIT, PUNIT_UNIT
from ..messages import ElabError
from ..meta.instantiate import beta, mk_forall_fvars, mk_lambda_fvars
from ..syntax import tree as T
from ..term.elaborator import TermElab
from .mutual_fn import MutualFn, Opened, fixed_prefix, mentions_any, open_params, unify_prefix


@record
class Plan:
    """One function: the `casesOn` its body is, and its parameters sorted by role."""

    opened: Opened
    ind: InductiveInfo
    ind_params: list[Expr]
    levels: tuple[Level, ...]  # the inductive type's universe levels
    motive: Expr  # the `casesOn`'s, `fun x => ∀ extra, R`
    major: FVar
    position: int  # of `major` in `opened.params`
    minors: list[Expr]
    later: list[FVar]  # the other parameters after the prefix, quantified in the motive
    extra: list[FVar]  # those the `match` generalised itself (the last parameters)
    type_index: int = 0  # which type of the block it recurses on
    slot: int = 0  # its place in that type's tuple
    family: Expr | None = None  # `fun t => ∀ later, motive t`, its component's type


class _Fail(Exception):
    pass


def compile_mutual_structural(te: TermElab, fns: list[MutualFn]) -> list[Expr]:
    """The values of `fns` (closed over their parameters; the other functions of the block do not
    occur in them), or an `ElabError` saying why structural recursion does not apply."""
    saved = te.lctx
    try:
        return _Compiler(te, fns).compile()
    except _Fail as ex:
        names = ", ".join(f"'{fn.name}'" for fn in fns)
        raise ElabError(fns[0].cmd.sig.span, f"structural recursion cannot be used for {names}: {ex}") from None
    finally:
        te.lctx = saved


def compile_structural_alone(te: TermElab, f: FVar, header: list[FVar], value: Expr, name: str, cmd: T.Definition) -> Expr:
    """One function recursing on a type of a mutual block (`Forest.len`), as a clique of one: the
    value in the context of `header`, like the single-definition compilers' (`recursion.py`)."""
    fn = MutualFn(cmd, Name.of(name), f, list(header), te.instantiate(te.infer(value)), value)
    (closed,) = compile_mutual_structural(te, [fn])
    return beta(closed, header)


class _Compiler:
    def __init__(self, te: TermElab, fns: list[MutualFn]) -> None:
        self.te = te
        self.fns = fns
        self.targets = {fn.fvar.fid: i for i, fn in enumerate(fns)}

    def compile(self) -> list[Expr]:
        te = self.te
        opened = [open_params(te, fn) for fn in self.fns]
        m = fixed_prefix(te, opened, self.targets)
        unify_prefix(te, opened, m)
        self.m = m
        self.prefix = opened[0].params[:m]
        plans = [self.plan(o) for o in opened]
        first = plans[0]
        group = first.ind.all
        for p in plans:
            if p.ind.name not in group:
                raise _Fail(f"the argument of '{p.opened.fn.name}' recursed on is of type '{p.ind.name}', which is not in the block of '{first.ind.name}'")
            if len(p.ind_params) != len(first.ind_params) or any(a != b for a, b in zip(p.ind_params, first.ind_params)):
                raise _Fail("the functions recurse on different instances of the inductive type")
            p.type_index = group.index(p.ind.name)
        self.plans = plans
        self.group = [te.env.kernel.get(n) for n in group]
        self.per_type: list[list[Plan]] = [[p for p in plans if p.type_index == k] for k in range(len(group))]
        for members in self.per_type:
            for slot, p in enumerate(members):
                p.slot = slot
        self.ind_params = first.ind_params
        self.ind_levels = first.levels
        for p in plans:
            p.family = self.component_family(p)
        self.pad = False
        self.u = self.motive_level()
        rec0 = te.env.kernel.get(group[0].child("rec"))
        assert isinstance(rec0, RecursorInfo)
        if len(rec0.level_params) == len(first.ind.level_params) + 1:
            self.rec_levels = (self.u, *self.ind_levels)
        elif te.is_def_eq(Sort(self.u), Sort(mk_zero())):
            self.rec_levels = tuple(self.ind_levels)
        else:
            raise _Fail(f"'{first.ind.name}' eliminates only into propositions")
        motives = [self.motive_of(k) for k in range(len(group))]
        minors = self.minors(rec0, motives)
        values = []
        for p in plans:
            rec = Const(self.group[p.type_index].name.child("rec"), self.rec_levels)
            app = mk_app(rec, [*self.ind_params, *motives, *minors, p.major])
            component = self.project(app, p)
            others = [x for x in p.opened.params[m:] if x.fid != p.major.fid]
            value = mk_lambda_fvars(te.mctx, te.lctx, p.opened.params, mk_app(component, others))
            if value.has_fvar:
                raise _Fail("a branch depends on a parameter in a way this compilation cannot express")
            values.append(value)
        return values

    # -- each function ----------------------------------------------------------------------------------

    def plan(self, o: Opened) -> Plan:
        te, m = self.te, self.m
        head, args = get_app_args(o.body)
        name = o.fn.name
        if head.kind != CONST or head.name.is_anonymous or head.name.last != "casesOn":  # type: ignore[attr-defined]
            raise _Fail(f"the body of '{name}' is not a `match` on one of its parameters")
        ind = te.env.kernel.find(head.name.prefix)  # type: ignore[attr-defined]
        if not isinstance(ind, InductiveInfo):
            raise _Fail(f"the body of '{name}' is not a `match` on one of its parameters")
        if ind.num_indices:
            raise _Fail(f"'{ind.name}' is an indexed family (not supported by mutual structural recursion yet)")
        np_, nc = ind.num_params, len(ind.ctors)
        if len(args) < np_ + 2 + nc:
            raise _Fail(f"the `match` in '{name}' is not applied to all of its cases")
        ind_params, motive, major = args[:np_], args[np_], args[np_ + 1]
        minors, extra = args[np_ + 2: np_ + 2 + nc], args[np_ + 2 + nc:]
        rest = o.params[m:]
        position = next((i for i, x in enumerate(o.params) if i >= m and major.kind == FVAR and x.fid == major.fid), None)  # type: ignore[attr-defined]
        if position is None:
            raise _Fail(f"the `match` in '{name}' is not on one of its parameters")
        targets = set(self.targets)
        non_prefix = {x.fid for x in rest}
        if any(mentions_any(a, targets) for a in [*ind_params, motive]) or any(mentions_any(a, non_prefix) for a in ind_params):
            raise _Fail(f"the type of the argument '{name}' recurses on depends on its other arguments")
        if len(extra) > len(rest) or any(a.kind != FVAR or a.fid != x.fid for a, x in zip(extra, rest[len(rest) - len(extra):])):  # type: ignore[attr-defined]
            raise _Fail(f"the `match` in '{name}' generalises arguments other than its last ones")
        later = [x for x in rest[: len(rest) - len(extra)] if x.fid != major.fid]  # type: ignore[attr-defined]
        for x in later:
            if mentions_any(te.instantiate(te.lctx.get(x).type), {major.fid}):  # type: ignore[union-attr,attr-defined]
                raise _Fail(f"the type of a parameter of '{name}' depends on the argument recursed on")
        nlev = len(ind.level_params)
        levels = tuple(head.levels[len(head.levels) - nlev:]) if nlev else ()  # type: ignore[attr-defined]
        return Plan(o, ind, list(ind_params), levels, motive, major, position, list(minors), later, list(extra))  # type: ignore[arg-type]

    def component_family(self, p: Plan) -> Expr:
        """`fun t => ∀ later, motive t`: the type of the function's component of the tuple at `t`."""
        te = self.te
        saved = te.lctx
        try:
            te.lctx, t = te.lctx.add(Name.of("t"), self.type_of(p.type_index))
            goal = replace_fvars(beta(p.motive, [t]), {p.major.fid: t})
            return mk_lambda_fvars(te.mctx, te.lctx, [t], mk_forall_fvars(te.mctx, te.lctx, p.later, goal))
        finally:
            te.lctx = saved

    def type_of(self, k: int) -> Expr:
        ind = self.group[k]
        return mk_app(Const(ind.name, self.ind_levels), self.ind_params)

    # -- motives and tuples -----------------------------------------------------------------------------

    def tuple_types(self, k: int, t: Expr) -> list[Expr]:
        types = [beta(p.family, [t]) for p in self.per_type[k]]  # type: ignore[arg-type]
        if self.pad:
            types.append(Const(PUNIT, (mk_succ(mk_zero()),)))
        return types

    def motive_level(self) -> Level:
        """The one universe of every motive (the recursor has one), padding the tuples with `PUnit`
        when the functions' results live in different universes (a theorem with a definition)."""
        for pad in (False, True):
            self.pad = pad
            levels = []
            for k in range(len(self.group)):
                if self.per_type[k]:
                    levels.append(self.level_at(k))
            if all(self.te.is_def_eq(Sort(l), Sort(levels[0])) for l in levels):
                return levels[0]
        raise _Fail("the functions' results live in different universes")

    def level_at(self, k: int) -> Level:
        te = self.te
        saved = te.lctx
        try:
            te.lctx, t = te.lctx.add(Name.of("t"), self.type_of(k))
            return te.sort_level_of(pack_type(te, self.tuple_types(k, t)))
        finally:
            te.lctx = saved

    def motive_of(self, k: int) -> Expr:
        te = self.te
        saved = te.lctx
        try:
            te.lctx, t = te.lctx.add(Name.of("t"), self.type_of(k))
            body = pack_type(te, self.tuple_types(k, t)) if self.per_type[k] else Const(PUNIT, (self.u,))
            return mk_lambda_fvars(te.mctx, te.lctx, [t], body)
        finally:
            te.lctx = saved

    def project(self, e: Expr, p: Plan) -> Expr:
        n = len(self.per_type[p.type_index]) + (1 if self.pad else 0)
        return project(e, p.slot, n)

    # -- minor premises ---------------------------------------------------------------------------------

    def minors(self, rec: RecursorInfo, motives: list[Expr]) -> list[Expr]:
        te = self.te
        t = instantiate_level_params(rec.type, rec.level_params, self.rec_levels)
        for a in [*self.ind_params, *motives]:
            t = instantiate1(t.body, a)  # type: ignore[attr-defined]
        ctors = [(k, c) for k, ind in enumerate(self.group) for c in ind.ctors]
        out = []
        for k, ctor_name in ctors:
            value = self.minor(k, ctor_name, t.type)  # type: ignore[attr-defined]
            out.append(value)
            t = instantiate1(t.body, value)  # type: ignore[attr-defined]
        return out

    def minor(self, k: int, ctor_name: Name, minor_type: Expr) -> Expr:
        te = self.te
        saved = te.lctx
        try:
            ctor = te.env.kernel.get(ctor_name)
            fields: list[FVar] = []
            ihs: list[FVar] = []
            t = minor_type
            while t.kind == PI:
                te.lctx, x = te.lctx.add(t.name, t.type, None, t.binfo)  # type: ignore[attr-defined]
                (fields if len(fields) < ctor.num_fields else ihs).append(x)  # type: ignore[union-attr]
                t = instantiate1(t.body, x)  # type: ignore[attr-defined]
            ih_of: dict[object, tuple[FVar, int]] = {}
            for ih in ihs:
                head, args = get_app_args(te.lctx.get(ih).type)  # type: ignore[union-attr]
                y = args[-1] if args else None
                if y is None or y.kind != FVAR:
                    raise _Fail("unexpected induction hypothesis")
                ih_of[y.fid] = (ih, self.field_type_index(y))  # type: ignore[attr-defined]
            value_c = mk_app(Const(ctor_name, self.ind_levels), [*self.ind_params, *fields])
            cidx = self.group[k].ctors.index(ctor_name)
            components, types = [], self.tuple_types(k, value_c)
            for p in self.per_type[k]:
                branch = beta(p.minors[cidx], fields)
                branch = replace_fvars(branch, {p.major.fid: value_c})
                branch = self.rewrite(branch, ih_of)
                components.append(mk_lambda_fvars(te.mctx, te.lctx, p.later, branch))
            if self.pad:
                components.append(Const(PUNIT_UNIT, (mk_succ(mk_zero()),)))
            body = pack_mk(te, components, types) if self.per_type[k] else Const(PUNIT_UNIT, (self.u,))
            return mk_lambda_fvars(te.mctx, te.lctx, [*fields, *ihs], body)
        finally:
            te.lctx = saved

    def field_type_index(self, y: FVar) -> int:
        head, _ = get_app_args(self.te.whnf(self.te.lctx.get(y).type))  # type: ignore[union-attr]
        names = [ind.name for ind in self.group]
        if head.kind != CONST or head.name not in names:  # type: ignore[attr-defined]
            raise _Fail("unexpected induction hypothesis")
        return names.index(head.name)  # type: ignore[attr-defined]

    def rewrite(self, e: Expr, ih_of: dict[object, tuple[FVar, int]]) -> Expr:
        """Each call `g … y …` (`y` a recursive field) as the component for `g` of `y`'s hypothesis."""
        targets, m = self.targets, self.m

        def go(x: Expr, off: int) -> Expr:
            if not x.has_fvar:
                return x
            if x.kind == APP or x.kind == FVAR:
                fn, args = get_app_args(x)
                if fn.kind == FVAR and fn.fid in targets:  # type: ignore[attr-defined]
                    p = self.plans[targets[fn.fid]]  # type: ignore[attr-defined]
                    args = [go(a, off) for a in args]
                    params = p.opened.params
                    if len(args) < len(params):
                        raise _Fail(f"'{p.opened.fn.name}' is used without all of its arguments")
                    if any(a != q for a, q in zip(args[:m], self.prefix)):
                        raise _Fail(f"a call of '{p.opened.fn.name}' changes a fixed argument")
                    y = args[p.position]
                    found = ih_of.get(y.fid) if y.kind == FVAR else None  # type: ignore[attr-defined]
                    if found is None or found[1] != p.type_index:
                        raise _Fail(f"the argument of a call of '{p.opened.fn.name}' is not a field of the constructor matched")
                    others = [a for j, a in enumerate(args[m: len(params)], m) if j != p.position]
                    return mk_app(self.project(found[0], p), [*others, *args[len(params):]])
            return _rebuild(x, go, off)

        out = go(e, 0)
        if mentions_any(out, set(targets)):
            raise _Fail("a function of the block is used in an unsupported position")
        return out


# -- right-nested `PProd` tuples ------------------------------------------------------------------------


def pack_type(te: TermElab, types: list[Expr]) -> Expr:
    if len(types) == 1:
        return types[0]
    rest = pack_type(te, types[1:])
    return mk_app(Const(PPROD, (te.sort_level_of(types[0]), te.sort_level_of(rest))), [types[0], rest])


def pack_mk(te: TermElab, values: list[Expr], types: list[Expr]) -> Expr:
    if len(values) == 1:
        return values[0]
    rest_t = pack_type(te, types[1:])
    levels = (te.sort_level_of(types[0]), te.sort_level_of(rest_t))
    return mk_app(Const(PPROD_MK, levels), [types[0], rest_t, values[0], pack_mk(te, values[1:], types[1:])])


def project(e: Expr, i: int, n: int) -> Expr:
    """Component `i` of a right-nested tuple of `n`."""
    for _ in range(i):
        e = Proj(PPROD, 1, e)
    return e if i == n - 1 else Proj(PPROD, 0, e)
