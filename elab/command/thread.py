"""Rewriting the recursive calls of a body, with an auxiliary variable passed through its `match`es.

Both compilations of recursion that go beyond the recursor replace each call `f as` by a term built
from an auxiliary variable whose type mentions the arguments of the current call: the induction
hypothesis `ih : ∀ q, r q ⟨vs⟩ → C q` of `WellFounded.fix`, or the table `b : I.below motive x` of
`brecOn`. For the replacement to see that the body matched `x` against `n + 1`, the variable is passed
through each `casesOn` on a variable its type mentions (Lean's `MatcherApp.addArg`): the motive
becomes `fun x => Aux[x] → motive x`, each branch takes its own copy of the variable, with the
constructor in its type, and the `casesOn` is applied to the variable.

`CallRewriter.visit` opens binders as locals of `te.lctx` on the way, so a call is rewritten in its
own local context (where the proof obligations of well-founded recursion are stated).
"""

from __future__ import annotations

from lantern.kernel.declaration import ConstructorInfo, InductiveInfo
from lantern.kernel.expr import APP, CONST, FVAR, LAM, LET, PI, Const, Expr, FVar, Lam, Pi, get_app_args, mk_app, subterms
from lantern.kernel.instantiate import instantiate1, instantiate_level_params, replace_fvars
from lantern.kernel.level import Level
from lantern.kernel.name import Name

from ..messages import ElabError
from ..meta.instantiate import beta, mk_forall_fvars, mk_lambda_fvars
from ..syntax import tree as T
from ..term.elaborator import TermElab

ITE, DITE, NOT = Name.of("ite"), Name.of("dite"), Name.of("Not")


def _children(e: Expr) -> tuple[Expr, ...]:
    k = e.kind
    if k == APP:
        return (e.fn, e.arg)  # type: ignore[attr-defined]
    if k in (LAM, PI):
        return (e.type, e.body)  # type: ignore[attr-defined]
    if k == LET:
        return (e.type, e.value, e.body)  # type: ignore[attr-defined]
    return (e.expr,) if hasattr(e, "expr") else ()  # a projection


def mentions_fvar(e: Expr, fid: object) -> bool:
    return e.has_fvar and any(x.kind == FVAR and x.fid == fid for x in subterms(e))  # type: ignore[attr-defined]


def open_lambdas(te: TermElab, body: Expr) -> tuple[list[FVar], Expr]:
    """The leading `fun`s of `body` opened as locals of `te.lctx` (the caller restores `te.lctx`):
    the new locals and what is left of the body."""
    opened: list[FVar] = []
    while body.kind == LAM:
        te.lctx, x = te.lctx.add(body.name, body.type, None, body.binfo)  # type: ignore[attr-defined]
        opened.append(x)
        body = instantiate1(body.body, x)  # type: ignore[attr-defined]
    return opened, body


def collect_calls(e: Expr, f: FVar) -> list[list[Expr]]:
    """The argument lists of the applications of `f` in `e` (outermost first)."""
    out: list[list[Expr]] = []
    stack = [e]
    while stack:
        x = stack.pop()
        if not mentions_fvar(x, f.fid):
            continue
        if x.kind == APP:
            head, args = get_app_args(x)
            if head.kind == FVAR and head.fid == f.fid:  # type: ignore[attr-defined]
                out.append(args)
            else:
                stack.append(head)
            stack.extend(reversed(args))
        else:
            stack.extend(reversed(_children(x)))
    return out


def mentions_bare(e: Expr, f: FVar) -> bool:
    """`f` somewhere other than at the head of an application."""

    def go(x: Expr, under_app_fn: bool) -> bool:
        if not x.has_fvar:
            return False
        if x.kind == FVAR:
            return x.fid == f.fid and not under_app_fn  # type: ignore[attr-defined]
        if x.kind == APP:
            head, args = get_app_args(x)
            return go(head, True) or any(go(a, False) for a in args)
        if x.kind in (LAM, PI):
            return go(x.type, False) or go(x.body, False)  # type: ignore[attr-defined]
        if x.kind == LET:
            return go(x.type, False) or go(x.value, False) or go(x.body, False)  # type: ignore[attr-defined]
        return any(go(c, False) for c in _children(x))

    return go(e, False)


class CallRewriter:
    """Subclasses say how a call is replaced (`on_call`) and what a matched variable becomes in the
    values `cur` they track (`as_written`)."""

    def __init__(self, te: TermElab, f: FVar, name: str, span: T.Span, dite: bool) -> None:
        self.te = te
        self.f = f
        self.name = name
        self.span = span
        self.dite = dite  # turn `ite` around calls into `dite` (well-founded recursion)
        self.hidden: set[object] = {f.fid}  # auxiliary locals, not shown in goals
        # The functions whose calls are rewritten: `f`, or every function of a mutual block.
        self.targets: set[object] = {f.fid}
        # The variables split by the `casesOn`s around the current point, and what each is there
        # (a later pattern row may still call `f` on a variable an earlier row split further).
        self.splits: dict[object, Expr] = {}
        self.beta_fvar_redexes = False  # structural recursion sets it (`brecon.py`)

    def on_call(self, args: list[Expr], aux: FVar, cur: list[Expr]) -> Expr:
        raise NotImplementedError

    def on_call_to(self, fn: FVar, args: list[Expr], aux: FVar, cur: list[Expr]) -> Expr:
        """A call of `fn` (one of `targets`): `on_call` unless the subclass tells the functions apart."""
        return self.on_call(args, aux, cur)

    def mentions_target(self, e: Expr) -> bool:
        if len(self.targets) == 1:
            return mentions_fvar(e, self.f.fid)
        return e.has_fvar and any(x.kind == FVAR and x.fid in self.targets for x in subterms(e))  # type: ignore[attr-defined]

    def as_written(self, ctor: Name, fields: list[FVar], value: Expr) -> Expr:
        return value

    def fail(self, why: str) -> ElabError:
        return ElabError(self.span, f"fail to show termination for '{self.name}': {why}")

    # -- the traversal ------------------------------------------------------------------------------

    def visit(self, e: Expr, aux: FVar, cur: list[Expr]) -> Expr:
        if not self.mentions_target(e):
            return e
        k = e.kind
        if k in (LAM, PI):
            return self.visit_binder(e, aux, cur)
        if k == LET:
            value = self.visit(e.value, aux, cur)  # type: ignore[attr-defined]
            saved = self.te.lctx
            try:
                self.te.lctx, x = self.te.lctx.add(e.name, e.type, value)  # type: ignore[attr-defined]
                body = self.visit(instantiate1(e.body, x), aux, cur)  # type: ignore[attr-defined]
                return mk_lambda_fvars(self.te.mctx, self.te.lctx, [x], body)
            finally:
                self.te.lctx = saved
        if k == APP:
            head, args = get_app_args(e)
            if self.beta_fvar_redexes and head.kind == LAM and all(a.kind == FVAR for a in args):
                # `(fun a b => …) a✝ e`, how the match compiler passes a row its variables: with the
                # redex reduced, a call on `a` is a call on the field `a✝` the table knows.
                return self.visit(beta(head, args), aux, cur)
            if head.kind == FVAR and head.fid in self.targets:  # type: ignore[attr-defined]
                return self.on_call_to(head, [self.visit(a, aux, cur) for a in args], aux, cur)  # type: ignore[arg-type]
            if head.kind == CONST:
                if self.dite and head.name is ITE and len(args) >= 5:  # type: ignore[attr-defined]
                    return self.visit(ite_to_dite(head, args), aux, cur)
                threaded = self.visit_cases(head, args, aux, cur)
                if threaded is not None:
                    return threaded
            return mk_app(self.visit(head, aux, cur), [self.visit(a, aux, cur) for a in args])
        raise self.fail("a recursive call in an unsupported position")

    def visit_binder(self, e: Expr, aux: FVar, cur: list[Expr]) -> Expr:
        saved = self.te.lctx
        try:
            self.te.lctx, x = self.te.lctx.add(e.name, e.type, None, e.binfo)  # type: ignore[attr-defined]
            body = self.visit(instantiate1(e.body, x), aux, cur)  # type: ignore[attr-defined]
            close = mk_lambda_fvars if e.kind == LAM else mk_forall_fvars
            return close(self.te.mctx, self.te.lctx, [x], body)
        finally:
            self.te.lctx = saved

    # -- passing the auxiliary variable through `casesOn` ----------------------------------------------

    def visit_cases(self, head: Expr, args: list[Expr], aux: FVar, cur: list[Expr]) -> Expr | None:
        name = head.name  # type: ignore[attr-defined]
        if name.is_anonymous or name.last != "casesOn":
            return None
        ind = self.te.env.kernel.find(name.prefix)
        if not isinstance(ind, InductiveInfo) or ind.num_indices:
            return None
        np_, nc = ind.num_params, len(ind.ctors)
        if len(args) < np_ + 2 + nc:
            return None
        params, motive, major = args[:np_], args[np_], args[np_ + 1]
        minors, extra = args[np_ + 2: np_ + 2 + nc], args[np_ + 2 + nc:]
        if major.kind != FVAR or not any(mentions_fvar(c, major.fid) for c in cur):  # type: ignore[attr-defined]
            return None
        te = self.te
        aux_t = te.instantiate(te.lctx.get(aux).type)  # type: ignore[union-attr]
        saved = te.lctx
        try:
            te.lctx, x = te.lctx.add(Name.of("x✝"), te.instantiate(te.infer(major)))
            arrow = Pi(Name.of("aux✝"), replace_fvars(aux_t, {major.fid: x}), beta(motive, [x]))  # type: ignore[attr-defined]
            new_motive = mk_lambda_fvars(te.mctx, te.lctx, [x], arrow)
            arrow_level = te.sort_level_of(arrow)
        finally:
            te.lctx = saved
        levels = tuple(head.levels)  # type: ignore[attr-defined]
        if len(te.env.kernel.get(name).level_params) == len(ind.level_params) + 1:
            levels = (arrow_level,) + levels[1:]
        elif not _is_zero(arrow_level):
            return None  # a `casesOn` into `Prop` only: the variable cannot go through it
        ind_levels = levels[len(levels) - len(ind.level_params):]
        new_minors = []
        for ctor_name, minor in zip(ind.ctors, minors):
            ctor = te.env.kernel.get(ctor_name)
            assert isinstance(ctor, ConstructorInfo)
            new_minors.append(self.thread_minor(ctor, ind_levels, params, minor, major, aux_t, cur))  # type: ignore[arg-type]
        rest = [self.visit(a, aux, cur) for a in extra]
        return mk_app(Const(name, levels), [*params, new_motive, major, *new_minors, aux, *rest])

    def thread_minor(
        self, ctor: ConstructorInfo, levels: tuple, params: list[Expr], minor: Expr, major: FVar, aux_t: Expr, cur: list[Expr]  # type: ignore[type-arg]
    ) -> Expr:
        te = self.te
        saved = te.lctx
        try:
            ctype = instantiate_level_params(ctor.type, ctor.level_params, levels)
            for p in params:
                ctype = instantiate1(te.whnf(ctype).body, p)  # type: ignore[attr-defined]
            fields: list[FVar] = []
            body = minor
            for _ in range(ctor.num_fields):
                w = te.whnf(ctype)
                if body.kind == LAM:
                    name, bty = body.name, body.type  # type: ignore[attr-defined]
                else:
                    name, bty = w.name, w.type  # type: ignore[attr-defined]
                te.lctx, x = te.lctx.add(name, bty)
                fields.append(x)
                body = instantiate1(body.body, x) if body.kind == LAM else mk_app(body, [x])  # type: ignore[attr-defined]
                ctype = instantiate1(w.body, x)  # type: ignore[attr-defined]
            value = mk_app(Const(ctor.name, levels), [*params, *fields])
            te.lctx, aux2 = te.lctx.add(Name.of("aux✝"), replace_fvars(aux_t, {major.fid: value}))
            self.hidden.add(aux2.fid)
            self.hidden.add(major.fid)
            shown = self.as_written(ctor.name, fields, value)
            new_cur = [replace_fvars(c, {major.fid: shown}) for c in cur]
            outer_split = self.splits.get(major.fid)
            self.splits[major.fid] = value
            try:
                new_body = self.visit(body, aux2, new_cur)
            finally:
                if outer_split is None:
                    del self.splits[major.fid]
                else:
                    self.splits[major.fid] = outer_split
            return mk_lambda_fvars(te.mctx, te.lctx, [*fields, aux2], new_body)
        finally:
            te.lctx = saved

    def as_split(self, e: Expr) -> Expr:
        """`e` with the variables split around the current point replaced by what they are here, and
        `let`-bound ones by their values (a row binds its pattern variables with `let a := num n`)."""
        from lantern.kernel.expr import subterms

        for _ in range(64):
            mapping = dict(self.splits)
            for x in subterms(e):
                if x.kind == FVAR and x.fid not in mapping:  # type: ignore[attr-defined]
                    decl = self.te.lctx.get(x)
                    if decl is not None and decl.value is not None:
                        mapping[x.fid] = decl.value  # type: ignore[attr-defined]
            r = replace_fvars(e, mapping)
            if r is e or r == e:
                return r
            e = r
        return e


def ite_to_dite(head: Expr, args: list[Expr]) -> Expr:
    """`ite c t e` as `dite c (fun h => t) (fun h => e)`: the same value, and the condition is a
    hypothesis for the calls in `t` and `e` (as Lean's well-founded recursion does)."""
    alpha, c, inst, t, e = args[:5]
    yes = Lam(Name.of("h✝"), c, t)
    no = Lam(Name.of("h✝"), mk_app(Const(NOT), [c]), e)
    return mk_app(Const(DITE, head.levels), [alpha, c, inst, yes, no, *args[5:]])  # type: ignore[attr-defined]


def _is_zero(l: Level) -> bool:
    return str(l) == "0"
