"""The statements of equation lemmas, read off a compiled definition.

`f.eq_def : ∀ xs, f xs = body` (the body as elaborated, recursive calls to `f` itself), and for a
definition whose body is a `match` on its parameters, one `f.eq_i` per pattern row, stated with the
patterns as written: `append (x :: xs) ys = x :: append xs ys`, `f (n + 2) = …`.

A row that overlaps earlier rows (a variable or `_` where an earlier row has a constructor) is stated
as Lean states it: the variable stays general and a hypothesis says that each overlapping earlier row
does not match, `(∀ ys, x = p → False) → f x = rhs` (for `| 0 => a | n => b`: `(n = 0 → False) →
f n = b`). The match compiler records, for each row, a leaf of its case tree (`term.match.MatchLeaf`):
the discriminants' values there and the right-hand side, from which the statement is built.
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

from lantern.kernel.declaration import ConstructorInfo, InductiveInfo
from lantern.kernel.expr import CONST, DEFAULT, FVAR, IMPLICIT, LAM, NATLIT, Const, Expr, FVar, NatLit, Pi, get_app_args, mk_app
from lantern.kernel.instantiate import instantiate1, instantiate_level_params, replace_fvars
from lantern.kernel.level import mk_zero
from lantern.kernel.local_ctx import LocalDecl
from lantern.kernel.name import Name
from lantern.kernel.record import record

from .meta.instantiate import mk_forall_fvars
from .term.match import PCtor, PVar, PWild, Pat, expand_implicit

if TYPE_CHECKING:
    from .term.elaborator import TermElab
    from .term.match import MatchLeaf, MatchRecord

NAT_ZERO, NAT_SUCC = Name.of("Nat.zero"), Name.of("Nat.succ")
INACCESSIBLE = "x✝"


class StatementError(Exception):
    """The statement cannot be built in this form (the caller falls back or skips)."""


@record
class EqnStatement:
    suffix: str  # "eq_1", "eq_def", …
    type: Expr  # closed
    nvars: int
    nhyps: int


def peel_lambdas(te: "TermElab", value: Expr, fixed: dict[int, FVar] | None = None) -> tuple[list[FVar], Expr]:
    """Open the leading `fun`s of `value` as new locals of `te.lctx` (the `i`th as `fixed[i]` if given)."""
    xs: list[FVar] = []
    while value.kind == LAM:
        if fixed is not None and len(xs) in fixed:
            x = fixed[len(xs)]
        else:
            te.lctx, x = te.lctx.add(value.name, value.type, None, value.binfo)  # type: ignore[attr-defined]
        xs.append(x)
        value = instantiate1(value.body, x)  # type: ignore[attr-defined]
    return xs, value


def unfold_statement(te: "TermElab", f: Expr, params: list[FVar], body: Expr, suffix: str = "eq_def") -> EqnStatement:
    """`∀ params, f params = body` in `te.lctx`."""
    lhs = mk_app(f, params)
    ty = te.instantiate(te.infer(lhs))
    eq = mk_app(Const(Name.of("Eq"), (te.sort_level_of(ty),)), [ty, lhs, body])
    stmt = te.instantiate(mk_forall_fvars(te.mctx, te.lctx, params, eq))
    if stmt.has_fvar or stmt.has_mvar:
        raise StatementError("the body mentions local variables or metavariables")
    return EqnStatement(suffix, stmt, len(params), 0)


def top_level_match(
    te: "TermElab", records: list["MatchRecord"], header: list[FVar], value: Expr, self_map: dict[object, Expr]
) -> tuple[list[FVar], "MatchRecord | None", Expr]:
    """The parameters (header and leading `fun`s of `value`) and, if the body is a `match` on
    parameters, its record. The `fun`s are opened with the variables the match used for them, in the
    local context of the match's first leaf (where those variables live); `te.lctx` is left extended
    (the caller restores it)."""
    header_ids = {p.fid for p in header}
    for record in reversed(records):
        if record.result is None or not record.leaves or not record.discrs or any(d.kind != FVAR for d in record.discrs):
            continue
        extra = [d for d in record.discrs if d.fid not in header_ids]  # type: ignore[attr-defined]
        result = replace_fvars(te.instantiate(record.result), self_map)
        saved = te.lctx
        xs, body = peel_lambdas(te, value)
        te.lctx = saved
        if len(extra) > len(xs):
            continue
        # Which of the opened `fun`s are the discriminants: try each choice, in order (few binders).
        for chosen in combinations(range(len(xs)), len(extra)):
            mapping = {xs[i].fid: extra[k] for k, i in enumerate(chosen)}
            if replace_fvars(body, mapping) == result:
                te.lctx = record.leaves[0].lctx  # type: ignore[assignment]
                opened, body = peel_lambdas(te, value, {i: extra[k] for k, i in enumerate(chosen)})  # type: ignore[misc]
                return [*header, *opened], record, body
    xs, body = peel_lambdas(te, value)
    return [*header, *xs], None, body


class RowBuilder:
    """Builds the statement of one pattern row in the local context of one of its leaves."""

    def __init__(self, te: "TermElab", leaf: "MatchLeaf") -> None:
        self.te = te
        self.lctx = leaf.lctx
        self.vars: list[FVar] = []
        self.seen: set[object] = set()
        self.lets = {name: x for name, x in leaf.lets}
        self.subst: dict[object, Expr] = {}

    # -- the row's own patterns, against the leaf's values ------------------------------------------

    def fresh(self, name: str, ty: Expr) -> FVar:
        self.lctx, x = self.lctx.add(Name.of(name), ty)
        return x

    def rename(self, x: FVar, name: str, binfo: int = DEFAULT) -> None:
        d = self.lctx.get(x)
        if d is not None and (str(d.name) != name or d.binfo != binfo):
            self.lctx = self.lctx.replace(LocalDecl(d.fvar, Name.of(name), d.type, d.value, binfo))

    def infer(self, e: Expr) -> Expr:
        saved = self.te.lctx
        self.te.lctx = self.lctx
        try:
            return self.te.instantiate(self.te.infer(e))
        finally:
            self.te.lctx = saved

    def whnf(self, e: Expr) -> Expr:
        saved = self.te.lctx
        self.te.lctx = self.lctx
        try:
            return self.te.whnf(e)
        finally:
            self.te.lctx = saved

    def convert(self, pat: Pat, value: Expr, hint: str = INACCESSIBLE, binfo: int = DEFAULT) -> tuple[Expr, tuple]:  # type: ignore[type-arg]
        """The pattern as a term (its variables: the leaf's fields, or new variables where the leaf
        split further than the pattern says), and its shape for the overlap test. `_` is named after
        the constructor's field (`hint`), as Lean names it."""
        if isinstance(pat, (PVar, PWild)):
            name = pat.name if isinstance(pat, PVar) else hint
            if value.kind == FVAR:
                if value.fid not in self.seen:  # type: ignore[attr-defined]
                    self.seen.add(value.fid)  # type: ignore[attr-defined]
                    self.rename(value, name, binfo)  # type: ignore[arg-type]
                    self.vars.append(value)  # type: ignore[arg-type]
                return value, ("var", value)  # (a variable already bound: the leaf says it is that one)
            x = self.fresh(name, self.infer(value))
            self.vars.append(x)
            if isinstance(pat, PVar) and pat.name in self.lets:
                self.subst[self.lets[pat.name].fid] = x
            return x, ("var", x)
        if pat.numeric and pat.ctor is NAT_SUCC:
            k, base_pat, base_val = 0, pat, value
            while isinstance(base_pat, PCtor) and base_pat.numeric and base_pat.ctor is NAT_SUCC:
                head, args = get_app_args(base_val)
                if not (head.kind == CONST and head.name is NAT_SUCC and len(args) == 1):  # type: ignore[attr-defined]
                    raise StatementError("the leaf does not follow the pattern")
                k, base_pat, base_val = k + 1, base_pat.args[0], args[0]
            base, shape = self.convert(base_pat, base_val)
            for _ in range(k):
                shape = ("ctor", NAT_SUCC, [shape])
            return nat_offset(self.te, base, k), shape
        head, args = get_app_args(value)
        info = self.te.env.kernel.find(head.name) if head.kind == CONST else None  # type: ignore[attr-defined]
        if not isinstance(info, ConstructorInfo):
            raise StatementError("the leaf does not follow the pattern")
        fields = args[info.num_params:]
        pat_args = expand_implicit(pat, info)
        if len(fields) != len(pat_args):
            raise StatementError("pattern arity")
        subs, shapes = [], []
        for sp, fv, hint, bi in zip(pat_args, fields, field_names(info), field_binfos(info)):
            t, sh = self.convert(sp, fv, hint, bi)
            subs.append(t)
            shapes.append(sh)
        term = mk_app(head, [*args[: info.num_params], *subs])
        if pat.numeric and info.name is NAT_ZERO:
            term = nat_literal(self.te, 0, term)
        return term, ("ctor", info.name, shapes)

    # -- "an earlier row does not match" -----------------------------------------------------------

    def overlap(self, pat: Pat, shape: tuple) -> list[tuple[Expr, Pat]] | None:  # type: ignore[type-arg]
        """The equations under which `pat` would match a term of this shape: `[]` if it always
        does, None if it never does."""
        if isinstance(pat, (PVar, PWild)):
            return []
        if shape[0] == "var":
            return [(shape[1], pat)]
        ctor = self.ctor_name(pat, self.te.env.kernel.get(shape[1]).induct)  # type: ignore[union-attr]
        if ctor is not shape[1]:
            return None
        out: list[tuple[Expr, Pat]] = []
        for sp, sh in zip(expand_implicit(pat, self.te.env.kernel.get(ctor)), shape[2]):  # type: ignore[arg-type]
            r = self.overlap(sp, sh)
            if r is None:
                return None
            out += r
        return out

    def ctor_name(self, pat: PCtor, ind_name: Name) -> Name:
        if pat.ctor is not None:
            return pat.ctor
        ind = self.te.env.kernel.get(ind_name)
        assert isinstance(ind, InductiveInfo)
        if pat.dotted is not None:
            return ind_name.child(pat.dotted)
        return ind.ctors[0]

    def pattern_term(self, pat: Pat, ty: Expr, ys: list[FVar], hint: str = INACCESSIBLE) -> Expr:
        """A fresh instance of `pat` at type `ty`; its variables are added to `ys`."""
        if isinstance(pat, (PVar, PWild)):
            y = self.fresh(pat.name if isinstance(pat, PVar) else hint, ty)
            ys.append(y)
            return y
        if pat.numeric and pat.ctor is NAT_SUCC:
            k, base = 0, pat
            while isinstance(base, PCtor) and base.numeric and base.ctor is NAT_SUCC:
                k, base = k + 1, base.args[0]
            return nat_offset(self.te, self.pattern_term(base, ty, ys), k)
        w = self.whnf(ty)
        head, targs = get_app_args(w)
        ind = self.te.env.kernel.find(head.name) if head.kind == CONST else None  # type: ignore[attr-defined]
        if not isinstance(ind, InductiveInfo):
            raise StatementError("pattern on a non-inductive type")
        ctor = self.te.env.kernel.get(self.ctor_name(pat, ind.name))
        assert isinstance(ctor, ConstructorInfo)
        params = targs[: ind.num_params]
        ctype = instantiate_level_params(ctor.type, ctor.level_params, head.levels)  # type: ignore[attr-defined]
        for p in params:
            ctype = instantiate1(self.whnf(ctype).body, p)  # type: ignore[attr-defined]
        subs = []
        for sp, hint in zip(expand_implicit(pat, ctor), field_names(ctor)):
            cw = self.whnf(ctype)
            sub = self.pattern_term(sp, cw.type, ys, hint)  # type: ignore[attr-defined]
            subs.append(sub)
            ctype = instantiate1(cw.body, sub)  # type: ignore[attr-defined]
        term = mk_app(Const(ctor.name, head.levels), [*params, *subs])  # type: ignore[attr-defined]
        if pat.numeric and ctor.name is NAT_ZERO:
            term = nat_literal(self.te, 0, term)
        return term

    def hypothesis(self, constraints: list[tuple[Expr, Pat]]) -> Expr:
        """`∀ ys, x₁ = p₁ → … → False`."""
        ys: list[FVar] = []
        eqs = []
        for x, pat in constraints:
            ty = self.infer(x)
            eqs.append(self.mk_eq(ty, x, self.pattern_term(pat, ty, ys)))
        body: Expr = Const(Name.of("False"))
        for eq in reversed(eqs):
            body = Pi(Name.of(INACCESSIBLE), eq, body)
        return mk_forall_fvars(self.te.mctx, self.lctx, ys, body)

    def mk_eq(self, ty: Expr, a: Expr, b: Expr) -> Expr:
        saved = self.te.lctx
        self.te.lctx = self.lctx
        try:
            level = self.te.sort_level_of(ty)
        finally:
            self.te.lctx = saved
        return mk_app(Const(Name.of("Eq"), (level,)), [ty, a, b])


def row_statements(
    te: "TermElab", f: Expr, self_ref: FVar | None, params: list[FVar], record: "MatchRecord", siblings: dict[object, Expr] | None = None
) -> list[EqnStatement]:
    """One statement per pattern row of `record` (the body's `match` on `params`); `siblings` are the
    constants of the other functions of a mutual block, locals in the right-hand sides."""
    out: list[EqnStatement] = []
    discr_pos = {d.fid: k for k, d in enumerate(record.discrs)}  # type: ignore[attr-defined]
    for r, row in enumerate(record.rows):
        leaf = next((l for l in record.leaves if l.row == r), None)
        if leaf is None:
            raise StatementError(f"row {r + 1} is never selected")
        b = RowBuilder(te, leaf)
        # Parameters the match refined (the indices of an indexed family) take their value there.
        param_vars = [p for p in params if p.fid not in discr_pos and p.fid not in leaf.refined]
        b.vars.extend(param_vars)
        b.seen.update(p.fid for p in param_vars)
        terms, shapes = [], []
        for pat, val in zip(row, leaf.values):
            t, sh = b.convert(pat, te.instantiate(val))
            terms.append(t)
            shapes.append(sh)
        hyps: list[FVar] = []
        for j in range(r):
            constraints: list[tuple[Expr, Pat]] = []
            disjoint = False
            for pat_j, sh in zip(record.rows[j], shapes):
                c = b.overlap(pat_j, sh)
                if c is None:
                    disjoint = True
                    break
                constraints += c
            if disjoint or not constraints:
                continue
            h_type = b.hypothesis(constraints)
            b.lctx, h = b.lctx.add(Name.of(INACCESSIBLE), h_type)
            hyps.append(h)
        mapping: dict[object, Expr] = dict(b.subst)
        for fid, value in leaf.refined.items():
            mapping[fid] = te.instantiate(value)
        for d, t in zip(record.discrs, terms):
            mapping[d.fid] = t  # type: ignore[attr-defined]
        if self_ref is not None:
            mapping[self_ref.fid] = f
        mapping.update(siblings or {})
        lhs = mk_app(f, [mapping.get(p.fid, p) for p in params])
        rhs = replace_fvars(te.instantiate(leaf.rhs), mapping)
        eq = b.mk_eq(b.infer(lhs), lhs, rhs)
        stmt = te.instantiate(mk_forall_fvars(te.mctx, b.lctx, [*b.vars, *hyps], eq))
        if stmt.has_fvar or stmt.has_mvar:
            raise StatementError("the statement mentions local variables")
        out.append(EqnStatement(f"eq_{r + 1}", stmt, len(b.vars), len(hyps)))
    return out


def field_binfos(ctor: ConstructorInfo) -> list[int]:
    """Whether each field is explicit (`DEFAULT`) or implicit: an implicit field's pattern variable
    is an implicit binder of the equation, as in Lean."""
    from lantern.kernel.expr import PI

    t, out = ctor.type, []
    for i in range(ctor.num_params + ctor.num_fields):
        if t.kind != PI:
            break
        if i >= ctor.num_params:
            out.append(DEFAULT if t.binfo == DEFAULT else IMPLICIT)  # type: ignore[attr-defined]
        t = t.body  # type: ignore[attr-defined]
    return out + [DEFAULT] * (ctor.num_fields - len(out))


def field_names(ctor: ConstructorInfo) -> list[str]:
    """The names of the constructor's fields (its binders after the parameters)."""
    from lantern.kernel.expr import PI

    t, out = ctor.type, []
    for i in range(ctor.num_params + ctor.num_fields):
        if t.kind != PI:
            break
        if i >= ctor.num_params:
            out.append(str(t.name))  # type: ignore[attr-defined]
        t = t.body  # type: ignore[attr-defined]
    return out + [INACCESSIBLE] * (ctor.num_fields - len(out))


# -- numerals as Lean writes them in patterns ----------------------------------------------------------


def nat_literal(te: "TermElab", k: int, fallback: Expr) -> Expr:
    """`(k : Nat)` as the elaborator writes a numeral, `@OfNat.ofNat Nat k (instOfNatNat k)`."""
    kern = te.env.kernel
    if Name.of("OfNat.ofNat") not in kern or Name.of("instOfNatNat") not in kern:
        return fallback
    nat = Const(Name.of("Nat"))
    z = mk_zero()
    return mk_app(Const(Name.of("OfNat.ofNat"), (z,)), [nat, NatLit(k), mk_app(Const(Name.of("instOfNatNat")), [NatLit(k)])])


def nat_offset(te: "TermElab", base: Expr, k: int) -> Expr:
    """`base + k` (`Nat.succ` applied `k` times, written as Lean writes the pattern)."""
    if k == 0:
        return base
    fallback = base
    for _ in range(k):
        fallback = mk_app(Const(NAT_SUCC), [fallback])
    value = literal_value(base)
    if value is not None:
        return nat_literal(te, value + k, fallback)
    kern = te.env.kernel
    if any(Name.of(n) not in kern for n in ("HAdd.hAdd", "instHAdd", "instAddNat")):
        return fallback
    nat = Const(Name.of("Nat"))
    z = mk_zero()
    inst = mk_app(Const(Name.of("instHAdd"), (z,)), [nat, Const(Name.of("instAddNat"))])
    return mk_app(Const(Name.of("HAdd.hAdd"), (z, z, z)), [nat, nat, nat, inst, base, nat_literal(te, k, NatLit(k))])


def literal_value(e: Expr) -> int | None:
    """`k` if `e` is `Nat.zero` or the numeral `k`."""
    if e.kind == CONST and e.name is NAT_ZERO:  # type: ignore[attr-defined]
        return 0
    head, args = get_app_args(e)
    if head.kind == CONST and head.name is Name.of("OfNat.ofNat") and len(args) == 3 and args[1].kind == NATLIT:  # type: ignore[attr-defined]
        return args[1].value  # type: ignore[attr-defined]
    return None
