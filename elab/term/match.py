"""Pattern matching compiled to `casesOn` (the clause-matrix algorithm).

The alternatives form a matrix: one row per alternative, one column per discriminant. Column 0 is
examined: if every row has a variable or `_` there, the variables are bound to the discriminant and the
column goes; otherwise the discriminant is split with `I.casesOn`, one branch per constructor, each
branch matching the constructor's fields (new columns) and the remaining discriminants against the rows
that fit that constructor. A constructor no row fits is a missing case; an alternative never reached is
redundant. When a discriminant is a variable, the branch's expected type has it replaced by the
constructor application (dependent elimination through the motive).

Not yet: indexed families, recursion (a function calling itself), `h : e` discriminants, overlapping
literals other than `Nat`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lantern.kernel.declaration import ConstructorInfo, InductiveInfo
from lantern.kernel.expr import CONST, FVAR, PI, SORT, Const, Expr, FVar, get_app_args, mk_app
from lantern.kernel.instantiate import instantiate1, instantiate_level_params, replace_fvars
from lantern.kernel.level import Level
from lantern.kernel.name import Name

from ..messages import ElabError
from ..meta.instantiate import mk_lambda_fvars
from ..names import resolve_global
from ..syntax import tree as T

if TYPE_CHECKING:
    from .elaborator import TermElab

    _Base = TermElab
else:
    _Base = object


# -- patterns --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PVar:
    name: str
    span: T.Span


@dataclass(frozen=True)
class PWild:
    span: T.Span


@dataclass(frozen=True)
class PCtor:
    """A constructor pattern; `ctor` is None for `⟨…⟩` (the type's only constructor) and a bare name
    for `.ctor …` (looked up in the type's namespace)."""

    ctor: Name | None
    args: tuple["Pat", ...]
    span: T.Span
    dotted: str | None = None


Pat = PVar | PWild | PCtor


@dataclass
class Row:
    pats: list[Pat]
    alt: int
    rhs: T.Term
    bindings: list[tuple[str, Expr]] = field(default_factory=list)


NAT_ZERO, NAT_SUCC = Name.of("Nat.zero"), Name.of("Nat.succ")


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


class MatchMixin(_Base):
    def elab_Match(self, stx: T.Match, expected: Expr | None) -> Expr:
        if expected is None:
            raise ElabError(stx.span, "the expected type of `match` must be known (add a type ascription)")
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
                rows.append(Row([self.to_pattern(p) for p in pats], i, alt.rhs))
        used: set[int] = set()
        missing: list[str] = []
        roots = [_Shape() for _ in discrs]
        outer_roots = getattr(self, "_match_roots", None)  # a `match` inside a right-hand side
        self._match_roots = roots
        try:
            result = self.compile_rows(discrs, rows, goal, used, missing, roots)
        finally:
            self._match_roots = outer_roots
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
                new_rows.append(Row(r.pats[1:], r.alt, r.rhs, binds))
            return self.compile_rows(discrs[1:], new_rows, goal, used, missing, shapes[1:])
        return self.split(d, discrs[1:], rows, goal, used, missing, shapes)

    def elab_rhs(self, row: Row, goal: Expr) -> Expr:
        saved = self.lctx
        try:
            lets: list[FVar] = []
            for name, value in row.bindings:
                if value.kind == FVAR:
                    # A variable naming a field or a variable discriminant: the same variable, so that
                    # recursive calls on it are recognised (no `let` copy).
                    if self.lctx.get(value).name is not Name.of(name):  # type: ignore[union-attr]
                        self.lctx = self.lctx.alias(Name.of(name), value)  # type: ignore[arg-type]
                    continue
                self.lctx, x = self.lctx.add(Name.of(name), self.instantiate(self.infer(value)), value)
                lets.append(x)
            body = self.elab_checked(row.rhs, goal)
            self.synthesize_pending(use_defaults=False, report=False)  # while the pattern variables are in scope
            return mk_lambda_fvars(self.mctx, self.lctx, lets, body) if lets else body
        finally:
            self.lctx = saved

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
        if ind.num_indices:
            raise ElabError(span, f"matching on the indexed family '{ind.name}' is not supported yet")
        cases_name = ind.name.child("casesOn")
        cases = self.env.kernel.find(cases_name)
        if cases is None:
            raise ElabError(span, f"'{ind.name}' has no 'casesOn' (mutual types cannot be matched on yet)")
        levels: tuple[Level, ...] = head.levels  # type: ignore[attr-defined]
        params = type_args[: ind.num_params]
        # The motive: the goal with the discriminant (if a variable) abstracted.
        saved = self.lctx
        self.lctx, x = self.lctx.add(Name.of("x✝"), d_type)
        motive_body = replace_fvars(goal, {d.fid: x}) if d.kind == FVAR else goal  # type: ignore[attr-defined]
        motive = mk_lambda_fvars(self.mctx, self.lctx, [x], motive_body)
        self.lctx = saved
        goal_sort = self.whnf(self.infer(goal))
        if len(cases.level_params) == len(levels) + 1:
            if goal_sort.kind != SORT:
                raise ElabError(span, "cannot determine the universe of the match's result")
            levels = (goal_sort.level,) + levels  # type: ignore[attr-defined]
        branches = []
        for cidx, ctor_name in enumerate(ind.ctors):
            ctor = self.env.kernel.get(ctor_name)
            assert isinstance(ctor, ConstructorInfo)
            ind_levels = levels[len(levels) - len(ind.level_params):]  # the motive's level comes first
            branches.append(self.branch(d, ind, ctor, ind_levels, params, rest, rows, goal, used, missing, shapes))
        return mk_app(Const(cases_name, levels), [*params, motive, d, *branches])

    def branch(
        self, d: Expr, ind: InductiveInfo, ctor: ConstructorInfo, ind_levels: tuple[Level, ...], params: list[Expr],
        rest: list[Expr], rows: list[Row], goal: Expr, used: set[int], missing: list[str], shapes: list[_Shape],
    ) -> Expr:
        ctor_type = instantiate_level_params(ctor.type, ctor.level_params, ind_levels)
        for p in params:
            ctor_type = instantiate1(self.whnf(ctor_type).body, p)  # type: ignore[attr-defined]
        # Field names: from the first row that names them, else inaccessible.
        names: list[str] = ["a✝"] * ctor.num_fields
        for r in rows:
            p = r.pats[0]
            if isinstance(p, PCtor) and self.ctor_of(p, ind) is ctor.name:
                for i, sub in enumerate(p.args[: ctor.num_fields]):
                    if isinstance(sub, PVar) and names[i] == "a✝":
                        names[i] = sub.name
        saved = self.lctx
        try:
            fields: list[FVar] = []
            t = ctor_type
            for i in range(ctor.num_fields):
                w = self.whnf(t)
                self.lctx, f = self.lctx.add(Name.of(names[i]), w.type, None)  # type: ignore[attr-defined]
                fields.append(f)
                t = instantiate1(w.body, f)  # type: ignore[attr-defined]
            value = mk_app(Const(ctor.name, ind_levels), [*params, *fields])
            new_rows: list[Row] = []
            for r in rows:
                p = r.pats[0]
                if isinstance(p, PCtor):
                    if self.ctor_of(p, ind) is not ctor.name:
                        continue
                    if len(p.args) != ctor.num_fields:
                        raise ElabError(p.span, f"the constructor '{ctor.name}' has {ctor.num_fields} fields, the pattern gives {len(p.args)}")
                    new_rows.append(Row([*p.args, *r.pats[1:]], r.alt, r.rhs, list(r.bindings)))
                else:
                    binds = r.bindings + ([(p.name, value)] if isinstance(p, PVar) else [])
                    new_rows.append(Row([PWild(p.span)] * ctor.num_fields + r.pats[1:], r.alt, r.rhs, binds))
            branch_goal = replace_fvars(goal, {d.fid: value}) if d.kind == FVAR else goal  # type: ignore[attr-defined]
            node = shapes[0]  # this column now stands for `ctor _ … _`
            node.ctor, node.children = ctor.name, [_Shape() for _ in fields]
            body = self.compile_rows(fields + rest, new_rows, branch_goal, used, missing, node.children + shapes[1:])
            self.synthesize_pending(use_defaults=False, report=False)  # while the fields are in scope
            node.ctor, node.children = None, []
            return mk_lambda_fvars(self.mctx, self.lctx, fields, body)
        finally:
            self.lctx = saved

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

    # -- from syntax ------------------------------------------------------------------------------------

    def to_pattern(self, stx: T.Term) -> Pat:
        if isinstance(stx, T.Paren):
            return self.to_pattern(stx.term)
        if isinstance(stx, T.Typed):
            return self.to_pattern(stx.term)
        if isinstance(stx, T.Hole):
            return PWild(stx.span)
        if isinstance(stx, T.Ident):
            ctor = self.pattern_ctor(stx.name)
            if ctor is not None:
                return PCtor(ctor, (), stx.span)
            if "." in stx.name:
                raise ElabError(stx.span, f"invalid pattern, constructor or constant marked with '[match_pattern]' expected: '{stx.name}'")
            return PVar(stx.name, stx.span)
        if isinstance(stx, T.DotIdent):
            return PCtor(None, (), stx.span, stx.name)
        if isinstance(stx, T.App):
            args = tuple(self.to_pattern(a) for a in stx.args if not isinstance(a, T.NamedArg))
            if isinstance(stx.fn, T.DotIdent):
                return PCtor(None, args, stx.span, stx.fn.name)
            if isinstance(stx.fn, T.Ident):
                ctor = self.pattern_ctor(stx.fn.name)
                if ctor is not None:
                    return PCtor(ctor, args, stx.span)
            raise ElabError(stx.span, "invalid pattern: a constructor application expected")
        if isinstance(stx, T.AnonCtor):
            return PCtor(None, tuple(self.to_pattern(a) for a in stx.items), stx.span)
        if isinstance(stx, T.Tuple):
            p = self.to_pattern(stx.items[-1])
            for item in reversed(stx.items[:-1]):
                p = PCtor(Name.of("Prod.mk"), (self.to_pattern(item), p), stx.span)
            return p
        if isinstance(stx, T.ListLit):
            p: Pat = PCtor(Name.of("List.nil"), (), stx.span)
            for item in reversed(stx.items):
                p = PCtor(Name.of("List.cons"), (self.to_pattern(item), p), stx.span)
            return p
        if isinstance(stx, T.NumLit):
            return _nat_pattern(stx.value, PCtor(NAT_ZERO, (), stx.span), stx.span)
        if isinstance(stx, T.OpApp):
            if stx.symbol == "::" and len(stx.args) == 2:
                return PCtor(Name.of("List.cons"), tuple(self.to_pattern(a) for a in stx.args), stx.span)
            if stx.symbol == "+" and len(stx.args) == 2 and isinstance(stx.args[1], T.NumLit):
                return _nat_pattern(stx.args[1].value, self.to_pattern(stx.args[0]), stx.span)
        raise ElabError(stx.span, "this kind of pattern is not supported yet")

    def pattern_ctor(self, text: str) -> Name | None:
        if self.lctx.find_user(Name.of(text)) is not None and "." not in text:
            return None  # a bound variable of the same name shadows nothing in a pattern: it is a new variable
        found = resolve_global(self.env, text)
        if len(found) == 1 and not found[0].fields and isinstance(self.env.kernel.find(found[0].name), ConstructorInfo):
            return found[0].name
        return None


def _nat_pattern(k: int, base: Pat, span: T.Span) -> Pat:
    p = base
    for _ in range(k):
        p = PCtor(NAT_SUCC, (p,), span)
    return p

