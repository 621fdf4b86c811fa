"""Pattern matching compiled to `casesOn` (the clause-matrix algorithm).

The alternatives form a matrix: one row per alternative, one column per discriminant. Column 0 is
examined: if every row has a variable or `_` there, the variables are bound to the discriminant and the
column goes; otherwise the discriminant is split with `I.casesOn`, one branch per constructor, each
branch matching the constructor's fields (new columns) and the remaining discriminants against the rows
that fit that constructor. A constructor no row fits is a missing case; an alternative never reached is
redundant. When a discriminant is a variable, the branch's expected type has it replaced by the
constructor application (dependent elimination through the motive), and so have the types of the later
discriminants that mention it (`h : n ≠ 0` after `n`: generalised through the motive). An indexed
family's indices are replaced too when they are variables (`Vec α n`), and unified when they are not
(`Vec α (n + 1)`, `match_indexed.py`, where impossible cases are left out). Patterns give a
constructor's explicit fields; its implicit ones are `_`.

The compiled match is recorded (`MatchRecord`: the written patterns of each row and, for each leaf of
the case tree, the discriminants' values and the right-hand side) for the equation lemmas
(`lantern.elab.equations`). Recursion is compiled afterwards, by the definition elaborator.

Not yet: `h : e` discriminants, overlapping literals other than `Nat`'s.
"""

from __future__ import annotations

from lantern.kernel.declaration import ConstructorInfo, InductiveInfo
from lantern.kernel.expr import CONST, FVAR, PI, SORT, Const, Expr, FVar, get_app_args, mk_app, subterms
from lantern.kernel.instantiate import instantiate1, instantiate_level_params, replace_fvars
from lantern.kernel.level import Level
from lantern.kernel.name import Name
from lantern.kernel.record import field, record

from ..messages import ElabError
from ..meta.instantiate import mk_forall_fvars, mk_lambda_fvars
from ..syntax import tree as T
from .match_indexed import IndexedMatchMixin
from .match_patterns import PCtor, PVar, PWild, Pat, PatternMixin, expand_implicit  # noqa: F401 (re-exported)


@record
class Row:
    pats: list[Pat]
    alt: int
    rhs: T.Term
    bindings: list[tuple[str, Expr]] = field(default_factory=list)
    row_id: int = 0  # the pattern row (an alternative `| p | q => e` has two), in written order


@record
class MatchLeaf:
    """Where the compiled match selects pattern row `row`: each discriminant's value there (a
    constructor tree over the fields the case splits introduced), the right-hand side as elaborated
    (its pattern variables free: those bound to a field are that field, the others are the `lets`),
    and the local context. Equation lemmas are read off the leaves (`lantern.elab.equations`)."""

    row: int
    values: list[Expr]
    rhs: Expr
    lets: list[tuple[str, FVar]]
    lctx: object
    refined: dict = field(default_factory=dict)  # other variables the splits replaced (indices): fid ↦ value


@record
class MatchRecord:
    """A compiled `match`: discriminants, the written patterns of each row, the leaves, the result."""

    discrs: list[Expr]
    rows: list[tuple[Pat, ...]]
    leaves: list[MatchLeaf] = field(default_factory=list)
    result: Expr | None = None




class _Shape:
    """The pattern a branch of the compiled match stands for, built as the matrix is split; rendered
    for "missing cases" messages (`(Nat.succ (Nat.succ _))`)."""

    __slots__ = ("ctor", "children")

    def __init__(self) -> None:
        self.ctor: Name | None = None
        self.children: list[_Shape] = []

    def render(self) -> str:
        if self.ctor is None:
            return "_"
        if not self.children:
            return str(self.ctor)
        return "(" + " ".join([str(self.ctor)] + [c.render() for c in self.children]) + ")"


class MatchMixin(IndexedMatchMixin, PatternMixin):
    def elab_Match(self, stx: T.Match, expected: Expr | None) -> Expr:
        if expected is None:
            # Lean postpones a `match` until its expected type is known (an operand of `=` waits for
            # the other side, see `binop.py`); when nothing will tell, the type is left to the branches.
            expected = self.new_type_mvar()
        if stx.motive is not None or any(d.name for d in stx.discrs):
            raise ElabError(stx.span, "`match` with a motive or `h : e` discriminants is not supported yet")
        discrs = []
        for d in stx.discrs:
            e = self.elab(d.term, None)
            self.synthesize_pending()
            discrs.append(self.instantiate(e))
        return self.compile_alts(discrs, stx.alts, expected, stx.span)

    def elab_FunMatch(self, stx: T.FunMatch, expected: Expr | None) -> Expr:
        if expected is None:
            raise ElabError(stx.span, "the expected type of `fun | …` must be known")
        arity = len(stx.alts[0].patterns[0])
        saved = self.lctx
        try:
            xs: list[FVar] = []
            goal = expected
            for i in range(arity):
                w = self.whnf(goal)
                if w.kind != PI:
                    raise ElabError(stx.span, f"`fun` with {arity} patterns, but the expected type has only {i} arguments\n  {self.pp(expected)}")
                self.lctx, x = self.lctx.add(Name.of("x✝"), w.type, None, w.binfo)  # type: ignore[attr-defined]
                xs.append(x)
                goal = instantiate1(w.body, x)  # type: ignore[attr-defined]
            body = self.compile_alts(xs, stx.alts, goal, stx.span)
            return mk_lambda_fvars(self.mctx, self.lctx, xs, body)
        finally:
            self.lctx = saved

    # -- driver ------------------------------------------------------------------------------------

    def compile_alts(self, discrs: list[Expr], alts: tuple[T.MatchAlt, ...], goal: Expr, span: T.Span) -> Expr:
        rows: list[Row] = []
        for i, alt in enumerate(alts):
            for pats in alt.patterns:
                if len(pats) != len(discrs):
                    raise ElabError(alt.span, f"{len(discrs)} patterns expected, {len(pats)} given")
                rows.append(Row([self.to_pattern(p) for p in pats], i, alt.rhs, [], len(rows)))
        used: set[int] = set()
        missing: list[str] = []
        roots = [_Shape() for _ in discrs]
        record = MatchRecord(list(discrs), [tuple(r.pats) for r in rows])
        # A `match` inside a right-hand side has its own roots, record and substitution.
        outer = (getattr(self, "_match_roots", None), getattr(self, "_match_record", None), getattr(self, "_match_subst", None))
        self._match_roots, self._match_record, self._match_subst = roots, record, {}
        try:
            result = self.compile_rows(discrs, rows, goal, used, missing, roots)
        finally:
            self._match_roots, self._match_record, self._match_subst = outer
        record.result = result
        if not hasattr(self, "match_records"):
            self.match_records = []
        self.match_records.append(record)
        if missing:
            raise ElabError(span, "missing cases:\n" + "\n".join(missing))
        for i, alt in enumerate(alts):
            if i not in used:
                raise ElabError(alt.span, "redundant alternative: the alternatives before it cover every case")
        return result

    def compile_rows(
        self, discrs: list[Expr], rows: list[Row], goal: Expr, used: set[int], missing: list[str], shapes: list[_Shape]
    ) -> Expr:
        if not rows:
            missing.append(", ".join(r.render() for r in self._match_roots))
            return goal  # placeholder: the error is reported once all cases are known
        if not discrs:
            row = rows[0]
            used.add(row.alt)
            return self.elab_rhs(row, goal)
        d = discrs[0]
        if all(not isinstance(r.pats[0], PCtor) for r in rows):
            new_rows = []
            for r in rows:
                p = r.pats[0]
                binds = r.bindings + ([(p.name, d)] if isinstance(p, PVar) else [])
                new_rows.append(Row(r.pats[1:], r.alt, r.rhs, binds, r.row_id))
            return self.compile_rows(discrs[1:], new_rows, goal, used, missing, shapes[1:])
        return self.split(d, discrs[1:], rows, goal, used, missing, shapes)

    def elab_rhs(self, row: Row, goal: Expr) -> Expr:
        saved = self.lctx
        try:
            lets: list[FVar] = []
            named_lets: list[tuple[str, FVar]] = []
            for name, value in row.bindings:
                if value.kind == FVAR:
                    # A variable naming a field or a variable discriminant: the same variable, so that
                    # recursive calls on it are recognised (no `let` copy).
                    if self.lctx.get(value).name is not Name.of(name):  # type: ignore[union-attr]
                        self.lctx = self.lctx.alias(Name.of(name), value)  # type: ignore[arg-type]
                    continue
                self.lctx, x = self.lctx.add(Name.of(name), self.instantiate(self.infer(value)), value)
                lets.append(x)
                named_lets.append((name, x))
            body = self.elab_checked(row.rhs, goal)
            self.synthesize_pending(use_defaults=False, report=False)  # while the pattern variables are in scope
            record = getattr(self, "_match_record", None)
            if record is not None:
                values = [self.leaf_value(d) for d in record.discrs]
                discr_ids = {d.fid for d in record.discrs if d.kind == FVAR}  # type: ignore[attr-defined]
                refined = {fid: self.leaf_value(v) for fid, v in (getattr(self, "_match_subst", None) or {}).items() if fid not in discr_ids}
                record.leaves.append(MatchLeaf(row.row_id, values, body, named_lets, self.lctx, refined))
            return mk_lambda_fvars(self.mctx, self.lctx, lets, body) if lets else body
        finally:
            self.lctx = saved

    def leaf_value(self, d: Expr) -> Expr:
        """`d` with the case splits made so far substituted (a split variable is its constructor)."""
        subst = getattr(self, "_match_subst", None) or {}
        for _ in range(64):
            if not d.has_fvar:
                return d
            d2 = replace_fvars(d, subst)
            if d2 == d:
                return d
            d = d2
        return d

    # -- splitting on a constructor ------------------------------------------------------------------

    def split(
        self, d: Expr, rest: list[Expr], rows: list[Row], goal: Expr, used: set[int], missing: list[str], shapes: list[_Shape]
    ) -> Expr:
        d_type = self.whnf(self.instantiate(self.infer(d)))
        head, type_args = get_app_args(d_type)
        ind = self.env.kernel.find(head.name) if head.kind == CONST else None  # type: ignore[attr-defined]
        span = next(r.pats[0].span for r in rows if isinstance(r.pats[0], PCtor))
        if not isinstance(ind, InductiveInfo):
            raise ElabError(span, f"constructor pattern, but the discriminant's type is not an inductive type\n  {self.pp(d_type)}")
        indices = type_args[ind.num_params:]
        if ind.num_indices and not self.variable_indices(d, type_args, ind.num_params):
            # Indices that are not variables (`Vec α (n + 1)`): unified in each branch.
            return self.split_indexed(d, rest, rows, goal, used, missing, shapes, ind, head, type_args, span)
        cases_name = ind.name.child("casesOn")
        cases = self.env.kernel.find(cases_name)
        if cases is None:
            raise ElabError(span, f"'{ind.name}' has no 'casesOn' (mutual types cannot be matched on yet)")
        levels: tuple[Level, ...] = head.levels  # type: ignore[attr-defined]
        params = type_args[: ind.num_params]
        # Later discriminants whose types mention this one (`h : n ≠ 0` after `n`) are generalised:
        # the motive quantifies over them, so each branch sees them with the constructor put in.
        deps = self.dependent_discrs(d, rest, indices)
        general_goal = mk_forall_fvars(self.mctx, self.lctx, deps, goal) if deps else goal
        # The motive: the goal with the discriminant (if a variable) and its indices abstracted.
        saved = self.lctx
        index_vars: list[FVar] = []
        abstracted: dict[object, Expr] = {}
        ind_type = instantiate_level_params(ind.type, ind.level_params, head.levels)  # type: ignore[attr-defined]
        for p in params:
            ind_type = instantiate1(self.whnf(ind_type).body, p)  # type: ignore[attr-defined]
        for i in indices:
            w = self.whnf(ind_type)
            self.lctx, iv = self.lctx.add(self.lctx.get(i).name, w.type)  # type: ignore[union-attr,attr-defined]
            index_vars.append(iv)
            abstracted[i.fid] = iv  # type: ignore[attr-defined]
            ind_type = instantiate1(w.body, iv)  # type: ignore[attr-defined]
        self.lctx, x = self.lctx.add(Name.of("x✝"), replace_fvars(d_type, abstracted))
        if d.kind == FVAR:
            abstracted[d.fid] = x  # type: ignore[attr-defined]
        motive_body = replace_fvars(general_goal, abstracted)
        motive = mk_lambda_fvars(self.mctx, self.lctx, [*index_vars, x], motive_body)
        self.lctx = saved
        goal_sort = self.whnf(self.infer(general_goal))
        if len(cases.level_params) == len(levels) + 1:
            if goal_sort.kind != SORT:
                raise ElabError(span, "cannot determine the universe of the match's result")
            levels = (goal_sort.level,) + levels  # type: ignore[attr-defined]
        branches = []
        for cidx, ctor_name in enumerate(ind.ctors):
            ctor = self.env.kernel.get(ctor_name)
            assert isinstance(ctor, ConstructorInfo)
            ind_levels = levels[len(levels) - len(ind.level_params):]  # the motive's level comes first
            branches.append(self.branch(d, ind, ctor, ind_levels, params, rest, rows, goal, used, missing, shapes, deps, indices))
        return mk_app(Const(cases_name, levels), [*params, motive, *indices, d, *branches, *deps])

    def variable_indices(self, d: Expr, type_args: list[Expr], num_params: int) -> bool:
        """Indices that are distinct variables, free in no parameter (`Vec α n`): each branch then
        has them replaced by the constructor's (Lean unifies general indices; that is to come)."""
        indices = type_args[num_params:]
        if d.kind != FVAR or any(i.kind != FVAR for i in indices):
            return False
        ids = [i.fid for i in indices]  # type: ignore[attr-defined]
        if len(set(ids)) != len(ids):
            return False
        return not any(a.has_fvar and any(x.kind == FVAR and x.fid in ids for x in subterms(a)) for a in type_args[:num_params])  # type: ignore[attr-defined]

    def dependent_discrs(self, d: Expr, rest: list[Expr], indices: list[Expr] = []) -> list[FVar]:  # noqa: B006
        if d.kind != FVAR:
            return []
        found: list[FVar] = []
        ids = {d.fid, *(i.fid for i in indices)}  # type: ignore[attr-defined]
        for r in rest:
            if r.kind != FVAR:
                continue
            decl = self.lctx.get(r)
            if decl is None:
                continue
            ty = self.instantiate(decl.type)
            if ty.has_fvar and any(x.kind == FVAR and x.fid in ids for x in subterms(ty)):  # type: ignore[attr-defined]
                found.append(r)  # type: ignore[arg-type]
                ids.add(r.fid)  # type: ignore[attr-defined]
        return found

    def branch(
        self, d: Expr, ind: InductiveInfo, ctor: ConstructorInfo, ind_levels: tuple[Level, ...], params: list[Expr],
        rest: list[Expr], rows: list[Row], goal: Expr, used: set[int], missing: list[str], shapes: list[_Shape],
        deps: list[FVar] = [],  # noqa: B006 (never mutated)
        indices: list[Expr] = [],  # noqa: B006
    ) -> Expr:
        saved = self.lctx
        try:
            fields, t = self.open_fields(ind, ctor, ind_levels, params, rows)
            value = mk_app(Const(ctor.name, ind_levels), [*params, *fields])
            # The generalised discriminants, again, with the constructor for `d` in their types.
            renamed: dict[object, Expr] = {d.fid: value} if d.kind == FVAR else {}  # type: ignore[attr-defined]
            if indices:  # the index variables become the constructor's indices
                _, result_args = get_app_args(self.whnf(t))
                for i, idx in zip(indices, result_args[len(params):]):
                    renamed[i.fid] = idx  # type: ignore[attr-defined]
            new_deps: list[FVar] = []
            for dep in deps:
                dd = self.lctx.get(dep)
                self.lctx, nd = self.lctx.add(dd.name, replace_fvars(self.instantiate(dd.type), renamed), None, dd.binfo)  # type: ignore[union-attr]
                renamed[dep.fid] = nd
                new_deps.append(nd)
            if deps:
                rest = [replace_fvars(r, renamed) if r.kind == FVAR else r for r in rest]
            new_rows = self.rows_for(rows, ind, ctor, value)
            branch_goal = replace_fvars(goal, renamed) if renamed else goal
            node = shapes[0]  # this column now stands for `ctor _ … _`
            node.ctor, node.children = ctor.name, [_Shape() for _ in fields]
            outer_subst = getattr(self, "_match_subst", None)
            if outer_subst is not None and renamed:
                self._match_subst = {**outer_subst, **renamed}
            try:
                body = self.compile_rows(fields + rest, new_rows, branch_goal, used, missing, node.children + shapes[1:])
            finally:
                self._match_subst = outer_subst
            self.synthesize_pending(use_defaults=False, report=False)  # while the fields are in scope
            node.ctor, node.children = None, []
            return mk_lambda_fvars(self.mctx, self.lctx, [*fields, *new_deps], body)
        finally:
            self.lctx = saved

    def open_fields(
        self, ind: InductiveInfo, ctor: ConstructorInfo, ind_levels: tuple[Level, ...], params: list[Expr], rows: list[Row]
    ) -> tuple[list[FVar], Expr]:
        """The constructor's fields as new locals (named by the first row that names them, else
        inaccessible), and the rest of its type (`I params indices`)."""
        ctor_type = instantiate_level_params(ctor.type, ctor.level_params, ind_levels)
        for p in params:
            ctor_type = instantiate1(self.whnf(ctor_type).body, p)  # type: ignore[attr-defined]
        names: list[str] = ["a✝"] * ctor.num_fields
        for r in rows:
            p = r.pats[0]
            if isinstance(p, PCtor) and self.ctor_of(p, ind) is ctor.name:
                for i, sub in enumerate(expand_implicit(p, ctor)[: ctor.num_fields]):
                    if isinstance(sub, PVar) and names[i] == "a✝":
                        names[i] = sub.name
        fields: list[FVar] = []
        t = ctor_type
        for i in range(ctor.num_fields):
            w = self.whnf(t)
            self.lctx, f = self.lctx.add(Name.of(names[i]), w.type, None)  # type: ignore[attr-defined]
            fields.append(f)
            t = instantiate1(w.body, f)  # type: ignore[attr-defined]
        return fields, t

    def rows_for(self, rows: list[Row], ind: InductiveInfo, ctor: ConstructorInfo, value: Expr) -> list[Row]:
        """The rows that fit `ctor` in column 0, with its fields as new columns."""
        new_rows: list[Row] = []
        for r in rows:
            p = r.pats[0]
            if isinstance(p, PCtor):
                if self.ctor_of(p, ind) is not ctor.name:
                    continue
                args = expand_implicit(p, ctor)
                if len(args) != ctor.num_fields:
                    raise ElabError(p.span, f"the constructor '{ctor.name}' has {ctor.num_fields} fields, the pattern gives {len(p.args)}")
                new_rows.append(Row([*args, *r.pats[1:]], r.alt, r.rhs, list(r.bindings), r.row_id))
            else:
                binds = r.bindings + ([(p.name, value)] if isinstance(p, PVar) else [])
                new_rows.append(Row([PWild(p.span)] * ctor.num_fields + r.pats[1:], r.alt, r.rhs, binds, r.row_id))
        return new_rows

    def ctor_of(self, p: PCtor, ind: InductiveInfo) -> Name:
        if p.ctor is not None:
            return p.ctor
        if p.dotted is not None:
            name = ind.name.child(p.dotted)
            if name not in ind.ctors:
                raise ElabError(p.span, f"'{name}' is not a constructor of '{ind.name}'")
            return name
        if len(ind.ctors) != 1:
            raise ElabError(p.span, f"⟨...⟩ pattern, but '{ind.name}' has {len(ind.ctors)} constructors")
        return ind.ctors[0]
