"""Term elaboration: surface syntax to kernel terms, bidirectionally (Lean's `elabTerm`).

`TermElab.elab(stx, expected)` returns a term whose type is `expected` when one is given (unifying, so
that holes and implicit arguments are solved from both directions). Metavariables stand for what is not
known yet; instance problems are collected and solved by `synthesize_pending` once enough is known.
Applications, names and field notation are in `app.py`, instance search in `instances.py`.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from lantern.kernel.errors import KernelError
from lantern.kernel.expr import APP, CONST, DEFAULT, HAS_EMVAR, MVAR as MVAR_KIND, IMPLICIT, INST_IMPLICIT, PI, SORT, STRICT_IMPLICIT, Const, Expr, FVar, MVar, NatLit, Sort, StrLit, mk_app
from lantern.kernel.level import ZERO_LEVEL, Level, mk_max, mk_param, mk_succ, mk_zero, of_nat
from lantern.kernel.name import Name

from ..env import ElabEnv
from ..messages import ElabError, Message
from ..meta.checker import MetaChecker
from ..meta.context import NATURAL, SYNTHETIC, SYNTHETIC_OPAQUE, LocalContext, MetavarContext
from ..meta.instantiate import instantiate_mvars, mk_forall_fvars, mk_lambda_fvars
from ..syntax import tree as T
from .app import AppMixin
from .instances import InstanceMixin
from .match import MatchMixin
from .struct_inst import StructInstMixin
from .subst_notation import SubstMixin

BINDER_KINDS = {"default": DEFAULT, "implicit": IMPLICIT, "strict": STRICT_IMPLICIT, "inst": INST_IMPLICIT}


class AutoBound(Exception):
    """An unknown name in a signature where auto-bound implicits are allowed: the declaration
    elaborator adds `{name : Sort u}` and starts the signature again (as Lean does)."""

    def __init__(self, name: str) -> None:
        self.name = name


class TermElab(AppMixin, StructInstMixin, MatchMixin, InstanceMixin, SubstMixin):
    def __init__(
        self,
        env: ElabEnv,
        mctx: MetavarContext | None = None,
        lctx: LocalContext | None = None,
        level_names: list[str] | None = None,
        auto_bound: bool = False,
    ) -> None:
        self.env = env
        self.mctx = mctx if mctx is not None else MetavarContext()
        self.lctx = lctx if lctx is not None else LocalContext()
        self.level_names: list[str] = list(level_names or [])
        self.auto_bound = auto_bound
        self.pending_instances: list[tuple[MVar, T.Span]] = []
        # `by` blocks wait until the rest of the term is elaborated (as in Lean): goal and syntax.
        self.pending_tactics: list[tuple[MVar, T.By]] = []
        # Type checks that waited on instances: (hole standing for the term, term, its type, expected, span).
        self.postponed_checks: list[tuple[MVar, Expr, Expr, Expr, T.Span]] = []
        self.messages: list[Message] = []
        self.uses_sorry = False
        self._checker: MetaChecker | None = None

    # -- the checker for the current local context --------------------------------------------------

    def checker(self) -> MetaChecker:
        mc = self._checker
        if mc is None or mc.goal_lctx is not self.lctx:
            mc = MetaChecker(self.env.kernel, self.mctx, self.lctx, [Name.of(n) for n in self.level_names])
            self._checker = mc
        return mc

    def infer(self, e: Expr) -> Expr:
        return self.checker().infer(e, True)

    def whnf(self, e: Expr) -> Expr:
        return self.checker().whnf(e)

    def is_def_eq(self, a: Expr, b: Expr) -> bool:
        try:
            return self.checker().is_def_eq(a, b)
        except KernelError:
            return False

    def instantiate(self, e: Expr) -> Expr:
        return instantiate_mvars(self.mctx, e)

    def pp(self, e: Expr) -> str:
        from ..pp import format_term

        return format_term(self.instantiate(e), self.env, self.lctx, self.mctx)

    # -- local context ---------------------------------------------------------------------------------

    @contextmanager
    def with_local(self, name: str | Name, type: Expr, value: Expr | None = None, binfo: int = DEFAULT) -> Iterator[FVar]:
        saved = self.lctx
        self.lctx, fvar = self.lctx.add(name if isinstance(name, Name) else Name.of(name), type, value, binfo)
        try:
            yield fvar
        finally:
            self.lctx = saved

    def new_mvar(self, type: Expr | None = None, kind: str = NATURAL, user_name: Name | None = None) -> MVar:
        if type is None:
            type = self.new_type_mvar()
        return self.mctx.new_mvar(type, self.lctx, kind, user_name)

    def new_type_mvar(self) -> Expr:
        return self.mctx.new_mvar(Sort(self.mctx.new_level_mvar()), self.lctx)

    # -- entry points -----------------------------------------------------------------------------------

    def elab(self, stx: T.Term, expected: Expr | None = None) -> Expr:
        method = getattr(self, "elab_" + type(stx).__name__, None)
        if method is None:
            raise ElabError(stx.span, f"this kind of term ({type(stx).__name__}) is not supported yet")
        return method(stx, expected)

    def elab_checked(self, stx: T.Term, expected: Expr | None) -> Expr:
        """Elaborate and make sure the result has the expected type."""
        e = self.elab(stx, expected)
        return self.ensure_has_type(expected, e, stx.span)

    def elab_type(self, stx: T.Term) -> Expr:
        e = self.elab(stx, None)
        ty = self.whnf(self.infer(e))
        if ty.kind == SORT:
            return e
        if ty.kind == CONST and ty.name is Name.of("Bool"):  # type: ignore[attr-defined]
            return self.coerce(e, ty, Sort(ZERO_LEVEL), stx.span) or e  # `(h : b)` with `b : Bool` is `b = true`
        if self.is_def_eq(ty, Sort(self.mctx.new_level_mvar())):
            return e
        raise ElabError(stx.span, f"type expected, got\n  ({self.pp(e)} : {self.pp(ty)})")

    def ensure_has_type(self, expected: Expr | None, e: Expr, span: T.Span) -> Expr:
        if expected is None:
            return e
        ty = self.infer(e)
        if self.is_def_eq(ty, expected):
            return e
        if self.pending_instances:
            # The types may wait on instances (`k + 1` with `k : ?α`): solve what can be, try again.
            self._synthesize_instances(use_defaults=False, report=False)
            if self.is_def_eq(ty, expected):
                return e
        coerced = self.coerce(e, ty, expected, span)
        if coerced is not None:
            return coerced
        if (self.instantiate(ty).flags | self.instantiate(expected).flags) & HAS_EMVAR and self.pending_instances:
            # Undecided while instances are pending (`congrArg (· + 1) ih`: the function's type waits
            # on default instances): check again once they are solved, as Lean postpones coercions.
            hole = self.new_mvar(expected, SYNTHETIC)
            self.postponed_checks.append((hole, e, ty, expected, span))
            return hole
        raise self.mismatch(e, ty, expected, span)

    def mismatch(self, e: Expr, ty: Expr, expected: Expr, span: T.Span) -> ElabError:
        return ElabError(
            span,
            f"type mismatch\n  {self.pp(e)}\nhas type\n  {self.pp(ty)} : {self.pp_sort(ty)}\n"
            f"but is expected to have type\n  {self.pp(expected)} : {self.pp_sort(expected)}",
        )

    def run_postponed_checks(self) -> bool:
        """Retry the postponed type checks; raise the mismatch when one still fails. True if any ran."""
        ran = False
        while self.postponed_checks:
            hole, e, ty, expected, span = self.postponed_checks.pop(0)
            ran = True
            if self.is_def_eq(ty, expected) and self.is_def_eq(hole, e):
                continue
            coerced = self.coerce(e, ty, expected, span)
            if coerced is not None and self.is_def_eq(hole, coerced):
                continue
            raise self.mismatch(e, ty, expected, span)
        return ran

    def pp_sort(self, ty: Expr) -> str:
        """The sort of a type, for messages (as Lean's `has type T : Prop`)."""
        try:
            return self.pp(self.whnf(self.infer(ty)))
        except Exception:  # a message must not fail on an ill-formed type
            return "?"

    def coerce(self, e: Expr, ty: Expr, expected: Expr, span: T.Span | None = None) -> Expr | None:
        """Insert a coercion, as Lean does when the types differ: from `Nat` to any type with a
        `NatCast` instance (`↑n : Int` is `Nat.cast n`), and from `Bool` to `Prop` (`b` is `b = true`,
        Lean's `boolToProp`: `if p x then …` with `p : α → Bool`). Other coercions (`Coe`) are still
        to come."""
        w_expected = self.whnf(self.instantiate(expected))
        if w_expected.kind == SORT and w_expected.level is ZERO_LEVEL:  # type: ignore[attr-defined]
            w = self.whnf(self.instantiate(ty))
            if w.kind == CONST and w.name is Name.of("Bool"):  # type: ignore[attr-defined]
                return mk_app(Const(Name.of("Eq"), (mk_succ(mk_zero()),)), [w, e, Const(Name.of("Bool.true"))])
        if w_expected.kind == CONST and w_expected.name is Name.of("Bool"):  # type: ignore[attr-defined]
            # A decidable proposition where a `Bool` is expected: `decide p` (Lean's `decPropToBool`).
            w = self.whnf(self.instantiate(ty))
            if w.kind == SORT and w.level is ZERO_LEVEL:  # type: ignore[attr-defined]
                dec = mk_app(Const(Name.of("Decidable")), [e])
                inst = self.synth_instance(dec)
                if inst is None and self.instantiate(e).has_mvar:
                    # (`(· > 2)` before the numerals' type is known: the instance waits, as any other)
                    inst = self.new_mvar(dec, kind=SYNTHETIC)
                    self.pending_instances.append((inst, span or T.Span(0, 0)))
                if inst is not None:
                    return mk_app(Const(Name.of("Decidable.decide")), [e, inst])
        nat_cast = Name.of("Nat.cast")
        if nat_cast not in self.env.kernel or expected.has_mvar:
            return None
        w = self.whnf(ty)
        if not (w.kind == CONST and w.name is Name.of("Nat")):  # type: ignore[attr-defined]
            return None
        level = self.mctx.new_level_mvar()
        goal = mk_app(Const(Name.of("NatCast"), (level,)), [expected])
        token = self.mctx.checkpoint()
        inst = self.synth_instance(goal)
        if inst is None:
            self.mctx.rollback(token)
            return None
        return mk_app(Const(nat_cast, (level,)), [expected, inst, e])

    # -- atoms ----------------------------------------------------------------------------------------

    def elab_Paren(self, stx: T.Paren, expected: Expr | None) -> Expr:
        from ..syntax.cdot import expand_cdots

        fn = expand_cdots(stx.term)
        return self.elab(stx.term if fn is None else fn, expected)

    def elab_Typed(self, stx: T.Typed, expected: Expr | None) -> Expr:
        ty = self.elab_type(stx.type)
        e = self.elab_checked(stx.term, ty)
        return e

    def elab_SortTerm(self, stx: T.SortTerm, expected: Expr | None) -> Expr:
        if stx.keyword == "Prop":
            return Sort(mk_zero())
        level = self.elab_level(stx.level) if stx.level is not None else None
        if stx.keyword == "Type":
            return Sort(mk_succ(level if level is not None else mk_zero()))
        return Sort(level if level is not None else self.mctx.new_level_mvar())

    def elab_level(self, stx: T.Level) -> Level:
        if isinstance(stx, T.LevelNum):
            return of_nat(stx.value)
        if isinstance(stx, T.LevelHole):
            return self.mctx.new_level_mvar()
        if isinstance(stx, T.LevelName):
            if stx.name not in self.level_names:
                if not self.auto_bound:
                    raise ElabError(stx.span, f"unknown universe level '{stx.name}'")
                self.level_names.append(stx.name)
            return mk_param(Name.of(stx.name))
        if isinstance(stx, T.LevelAdd):
            l = self.elab_level(stx.level)
            for _ in range(stx.offset):
                l = mk_succ(l)
            return l
        if isinstance(stx, T.LevelMax):
            from lantern.kernel.level import mk_imax

            levels = [self.elab_level(a) for a in stx.args]
            r = levels[-1]
            for l in reversed(levels[:-1]):
                r = mk_imax(l, r) if stx.imax else mk_max(l, r)
            return r
        raise ElabError(stx.span, "unsupported universe level")

    def elab_Hole(self, stx: T.Hole, expected: Expr | None) -> Expr:
        if stx.synthetic:
            name = Name.of(stx.name) if stx.name else None
            return self.new_mvar(expected, SYNTHETIC_OPAQUE, name)
        return self.new_mvar(expected)

    def elab_NumLit(self, stx: T.NumLit, expected: Expr | None) -> Expr:
        of_nat_class = Name.of("OfNat")
        if of_nat_class not in self.env.kernel:
            return NatLit(stx.value)  # no prelude: raw literals of type Nat
        ty = expected if expected is not None else self.new_type_mvar()
        level = self.mctx.new_level_mvar()
        inst_type = mk_app(Const(of_nat_class, (level,)), [ty, NatLit(stx.value)])
        inst = self.new_mvar(inst_type, kind=SYNTHETIC)
        known = self.instantiate(ty)
        while known.kind == APP:
            known = known.fn  # type: ignore[attr-defined]
        value = self.synth_instance(inst_type) if known.kind != MVAR_KIND else None
        if value is not None and self.is_def_eq(inst, value):
            pass  # the type is known: solved at once, as Lean does, so the numeral computes
        else:
            self.pending_instances.append((inst, stx.span))
        return mk_app(Const(Name.of("OfNat.ofNat"), (level,)), [ty, NatLit(stx.value), inst])

    def elab_StrLit(self, stx: T.StrLit, expected: Expr | None) -> Expr:
        return StrLit(stx.value)

    def elab_CharLit(self, stx: T.CharLit, expected: Expr | None) -> Expr:
        return mk_app(Const(Name.of("Char.ofNat")), [NatLit(ord(stx.value))])

    def elab_Calc(self, stx: T.Calc, expected: Expr | None) -> Expr:
        from ..tactic.calc import elab_calc  # `calc` chains live with the tactic of the same name

        return elab_calc(self, stx, expected)

    def elab_By(self, stx: T.By, expected: Expr | None) -> Expr:
        ty = expected if expected is not None else self.new_type_mvar()
        goal = self.new_mvar(ty, SYNTHETIC_OPAQUE)
        self.pending_tactics.append((goal, stx))
        return goal

    def run_pending_tactics(self) -> None:
        """Run the waiting `by` blocks, in the order they were written."""
        from ..tactic import run_by_block

        while self.pending_tactics:
            goal, stx = self.pending_tactics.pop(0)
            run_by_block(self, goal, stx)

    def elab_Sorry(self, stx: T.Sorry, expected: Expr | None) -> Expr:
        self.uses_sorry = True
        ty = expected if expected is not None else self.new_type_mvar()
        return mk_app(Const(Name.of("sorryAx"), (self.sort_level_of(ty),)), [ty, Const(Name.of("Bool.false"))])

    def sort_level_of(self, ty: Expr) -> Level:
        """The `u` with `ty : Sort u`."""
        s = self.whnf(self.infer(ty))
        if s.kind == SORT:
            return s.level  # type: ignore[attr-defined]
        level = self.mctx.new_level_mvar()
        self.is_def_eq(s, Sort(level))
        return level

    # -- binders ----------------------------------------------------------------------------------------

    def elab_binders(self, binders: tuple[T.Binder, ...], expected_pi: Expr | None = None) -> tuple[list[FVar], Expr | None]:
        """Add the binders to the local context (the caller restores it). Untyped binders take their
        type from `expected_pi` when it is a Π, else a new metavariable. Returns the variables and what
        remains of `expected_pi`."""
        fvars: list[FVar] = []
        for b in binders:
            names = b.names or ("inst✝",)
            for i, name in enumerate(names):
                span = b.name_spans[i] if i < len(b.name_spans) else b.span
                if b.type is not None:
                    ty = self.elab_type(b.type)
                    if b.default is not None:
                        ty = self.opt_param(ty, b.default)
                elif expected_pi is not None and self.whnf(expected_pi).kind == PI:
                    ty = self.whnf(expected_pi).type  # type: ignore[attr-defined]
                else:
                    ty = self.new_type_mvar()
                if expected_pi is not None:
                    w = self.whnf(expected_pi)
                    if w.kind == PI:
                        if b.type is not None and not self.is_def_eq(w.type, ty):  # type: ignore[attr-defined]
                            raise ElabError(span, f"type mismatch in binder '{name}': expected {self.pp(w.type)}, got {self.pp(ty)}")  # type: ignore[attr-defined]
                    else:
                        expected_pi = None
                user = Name.of("x✝") if name == "_" else Name.of(name)
                self.lctx, fvar = self.lctx.add(user, ty, None, BINDER_KINDS[b.kind])
                fvars.append(fvar)
                if expected_pi is not None:
                    w = self.whnf(expected_pi)
                    from lantern.kernel.instantiate import instantiate1

                    expected_pi = instantiate1(w.body, fvar)  # type: ignore[attr-defined]
        return fvars, expected_pi

    def opt_param(self, ty: Expr, default: T.Term) -> Expr:
        """`(x : T := v)` is a binder of type `optParam T v`: an application may leave it out (Lean)."""
        value = self.elab_checked(default, ty)
        return mk_app(Const(Name.of("optParam"), (self.sort_level_of(ty),)), [ty, value])

    def elab_Fun(self, stx: T.Fun, expected: Expr | None) -> Expr:
        saved = self.lctx
        try:
            fvars, body_expected = self.elab_binders(stx.binders, expected)
            body = self.elab_checked(stx.body, body_expected)
            self.synthesize_pending(use_defaults=False, report=False)  # while the binders are in scope
            return mk_lambda_fvars(self.mctx, self.lctx, fvars, body)
        finally:
            self.lctx = saved

    def elab_Pi(self, stx: T.Pi, expected: Expr | None) -> Expr:
        saved = self.lctx
        try:
            fvars, _ = self.elab_binders(stx.binders)
            body = self.elab_type(stx.body)
            self.synthesize_pending(use_defaults=False, report=False)  # while the binders are in scope
            return mk_forall_fvars(self.mctx, self.lctx, fvars, body)
        finally:
            self.lctx = saved

    def elab_Exists(self, stx: T.Exists, expected: Expr | None) -> Expr:
        """`∃ x y, p` is `Exists fun x => Exists fun y => p`, one binder at a time (as Lean's macro)."""
        body: T.Term = stx.body
        for b in reversed(stx.binders):
            for name in reversed(b.names or ("_",)):
                one = T.Binder(b.span, (name,), b.type, "default")
                body = T.App(stx.span, T.Ident(stx.span, "Exists"), (T.Fun(stx.span, (one,), body),))
        return self.elab(body, expected)

    def elab_Let(self, stx: T.Let, expected: Expr | None) -> Expr:
        if not isinstance(stx.name, str):
            raise ElabError(stx.span, "pattern `let` is not supported yet")
        ty, value = self.elab_let_value(stx.binders, stx.type, stx.value)
        saved = self.lctx
        try:
            self.lctx, x = self.lctx.add(Name.of(stx.name), ty, value)
            body = self.elab_checked(stx.body, expected)
            self.synthesize_pending(use_defaults=False, report=False)
            return mk_lambda_fvars(self.mctx, self.lctx, [x], body)  # a let-variable closes into `let`
        finally:
            self.lctx = saved

    def elab_Have(self, stx: T.Have, expected: Expr | None) -> Expr:
        if stx.name is not None and not isinstance(stx.name, str):
            raise ElabError(stx.span, "pattern `have` is not supported yet")
        ty, value = self.elab_let_value(stx.binders, stx.type, stx.value)
        saved = self.lctx
        try:
            self.lctx, x = self.lctx.add(Name.of(stx.name or "this"), ty)
            body = self.elab_checked(stx.body, expected)
            self.synthesize_pending(use_defaults=False, report=False)
            fn = mk_lambda_fvars(self.mctx, self.lctx, [x], body)
        finally:
            self.lctx = saved
        return mk_app(fn, [value])  # `have` is opaque to its body: a β-redex, not a `let`

    def elab_let_value(self, binders: tuple[T.Binder, ...], type_stx: T.Term | None, value_stx: T.Term) -> tuple[Expr, Expr]:
        if binders:
            # `let f (x : A) : B := v` is `let f : (x : A) → B := fun x => v`
            fun = T.Fun(value_stx.span, binders, value_stx if type_stx is None else T.Typed(value_stx.span, value_stx, type_stx))
            value = self.elab(fun, None)
            return self.instantiate(self.infer(value)), value
        ty = self.elab_type(type_stx) if type_stx is not None else None
        value = self.elab_checked(value_stx, ty)
        return (ty if ty is not None else self.instantiate(self.infer(value))), value

    def elab_Show(self, stx: T.Show, expected: Expr | None) -> Expr:
        ty = self.elab_type(stx.type)
        if expected is not None and not self.is_def_eq(ty, expected):
            raise ElabError(stx.span, f"type mismatch: `show` gives\n  {self.pp(ty)}\nbut the expected type is\n  {self.pp(expected)}")
        if stx.term is None:
            raise ElabError(stx.span, "`show T` needs `from e` or `by tac` here")
        return self.elab_checked(stx.term, ty)

