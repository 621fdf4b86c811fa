"""From closed kernel terms to Python closures.

`compile(e)` turns a term into a `Code`: a Python function from the *frame* — the tuple of the
values of the variables bound around `e` — to `e`'s value. Nothing is turned into source text: each
term node becomes a closure over the closures of its children (closure compilation), specialised for
the common arities so that a call costs as few Python calls as possible.

Terms are compiled locally nameless, as the kernel checks them: going under a binder replaces the
bound variable by a fresh local of the kernel's `TypeChecker` and gives it the next slot of the frame.
That keeps the kernel's type inference available at every subterm, which is how types and proofs are
recognised and erased (`relevance.py`), and how the inliner below stays type-correct.

Before a term is compiled, its head is simplified at compile time (`simplify.py`): conditionals and
case analyses are unfolded so that only the branch taken runs, and instances and projections are
unfolded so that `a + b` on `Nat` is a Python addition.

Recursors get special treatment (see `recursor.py`): when a minor premise is a λ, its body is
compiled in place (no closure, no curried call) and the induction hypotheses it does not mention are
never computed; when no minor premise uses its hypotheses (`casesOn`), the recursor is a plain
branch on the constructor index. A self-call in tail position returns a `TailCall` that the
definition's loop restarts, so tail-recursive `partial def`s run in constant stack.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Optional, Sequence

from lantern.kernel.declaration import (
    UNSAFE, AxiomInfo, ConstructorInfo, DefinitionInfo, InductiveInfo, OpaqueInfo, QuotInfo, RecursorInfo,
    TheoremInfo,
)
from lantern.kernel.errors import KernelError
from lantern.kernel.expr import (
    APP, CONST, FVAR, LAM, LET, MVAR, NATLIT, PI, PROJ, SORT, STRLIT, Expr, get_app_args,
)
from lantern.kernel.instantiate import has_loose_bvar, instantiate, instantiate1
from lantern.kernel.type_checker import TypeChecker

from . import layout as L
from .budget import BUDGET
from .closures import ERASED_CODE, Minor, cases_code, const_code, lambda_code, rec_code, tail_call_code
from .errors import EvalError
from .natives import Native
from .program import Global, Program, count_lambdas, no_definition
from .recursor import RecRuntime
from .relevance import is_erasable_type
from .simplify import MAX_UNFOLDS, SimplifyMixin, bvar_uses
from .values import ERASED, Code, TailCall, Value, curry, list_to_str, str_to_list


class Compiler(SimplifyMixin):
    def __init__(self, program: Program, tc: TypeChecker, self_global: Optional[Global] = None) -> None:
        self.program = program
        self.tc = tc
        self.env = tc.env
        self.slots: dict[object, int] = {}
        self.depth = 0
        self.irrelevant_cache: dict[Expr, bool] = {}
        self.unfolds_left = MAX_UNFOLDS
        self.self_global = self_global
        self.has_tail_call = False
        # Codes known to read a slot or to be constant, so that their users can skip a call (keyed by
        # id, holding the code itself so that an id is never reused while its entry exists).
        self.slot_of: dict[int, tuple[Code, int]] = {}
        self.const_of: dict[int, tuple[Code, Value]] = {}
        self.const_of[id(ERASED_CODE)] = (ERASED_CODE, ERASED)

    # -- relevance ----------------------------------------------------------------------------------------

    def irrelevant(self, e: Expr) -> bool:
        k = e.kind
        if k == SORT or k == PI:
            return True
        if k == NATLIT or k == STRLIT:
            return False
        r = self.irrelevant_cache.get(e)
        if r is None:
            try:
                r = is_erasable_type(self.tc, self.tc.infer(e, True))
            except KernelError as ex:
                raise EvalError(f"internal error in the evaluator: cannot type a subterm ({ex.message})") from None
            self.irrelevant_cache[e] = r
        return r

    # -- small code builders ------------------------------------------------------------------------------

    def constant(self, v: Value) -> Code:
        c = ERASED_CODE if v is ERASED else const_code(v)
        self.const_of[id(c)] = (c, v)
        return c

    def slot_code(self, i: int) -> Code:
        c = itemgetter(i)
        self.slot_of[id(c)] = (c, i)
        return c  # type: ignore[return-value]

    def slot(self, c: Code) -> Optional[int]:
        """The slot `c` reads, if it is a plain variable access."""
        hit = self.slot_of.get(id(c))
        return hit[1] if hit is not None and hit[0] is c else None

    def is_constant(self, c: Code) -> bool:
        hit = self.const_of.get(id(c))
        return hit is not None and hit[0] is c

    def constant_value(self, c: Code) -> Value:
        return self.const_of[id(c)][1]

    def apply_codes(self, f: Code, args: Sequence[Code]) -> Code:
        """Code applying the function value `f` computes to the values `args` compute."""
        n = len(args)
        if n == 0:
            return f
        if n == 1:
            (a,) = args

            def app1(fr: tuple) -> Value:
                return f(fr)(a(fr))

            return app1
        if n == 2:
            a, b = args

            def app2(fr: tuple) -> Value:
                return f(fr)(a(fr))(b(fr))

            return app2
        arg_list = list(args)

        def appn(fr: tuple) -> Value:
            v = f(fr)
            for a in arg_list:
                v = v(a(fr))
            return v

        return appn

    # -- entry ---------------------------------------------------------------------------------------------

    def compile(self, e: Expr, tail: bool = False) -> Code:
        e = self.normalize(e)
        k = e.kind
        if k == FVAR:
            i = self.slots.get(e.fid)  # type: ignore[attr-defined]
            if i is None:  # a local standing for a proof (see `RecRuntime`): never read
                return ERASED_CODE
            return self.slot_code(i)
        if k == NATLIT or k == STRLIT:
            return self.constant(e.value)  # type: ignore[attr-defined]
        if k == SORT or k == PI:
            return ERASED_CODE
        if k == APP or k == CONST:
            return self.compile_app(e, tail)
        if k == LAM:
            return self.compile_lambda(e)
        if k == LET:
            return self.compile_let(e, tail)
        if k == PROJ:
            return self.compile_proj(e)
        if k == MVAR:
            raise EvalError("cannot evaluate a term that contains metavariables")
        raise EvalError(f"internal error in the evaluator: unexpected loose bound variable in {e!r}")

    def compile_arg(self, e: Expr) -> Code:
        return ERASED_CODE if self.irrelevant(e) else self.compile(e)

    # -- binders -----------------------------------------------------------------------------------------

    def bind(self, fvar: Expr) -> int:
        i = self.depth
        self.slots[fvar.fid] = i  # type: ignore[attr-defined]
        self.depth += 1
        return i

    def open_lambdas(self, e: Expr, n: int) -> tuple[list[Expr], Expr]:
        """Open `n` leading λs as locals bound to the next slots; returns them and the body."""
        fvars: list[Expr] = []
        for _ in range(n):
            ty = instantiate(e.type, fvars[::-1]) if fvars else e.type  # type: ignore[attr-defined]
            x = self.tc.lctx.mk_local(e.name, ty, None, e.binfo)  # type: ignore[attr-defined]
            fvars.append(x)
            e = e.body  # type: ignore[attr-defined]
        body = instantiate(e, fvars[::-1]) if fvars else e
        for x in fvars:
            self.bind(x)
        return fvars, body

    def compile_lambda(self, e: Expr) -> Code:
        n = count_lambdas(e)
        saved = self.depth
        _, body = self.open_lambdas(e, n)
        code = self.compile(body)
        self.depth = saved
        return lambda_code(n, code)

    def compile_let(self, e: Expr, tail: bool) -> Code:
        val = e.value  # type: ignore[attr-defined]
        body = e.body  # type: ignore[attr-defined]
        if val.kind in (FVAR, CONST, NATLIT, STRLIT, SORT, PI) or (
                val.kind == LAM and bvar_uses(body, 0, 2) <= 1) or self.irrelevant(val):
            return self.compile(instantiate1(body, val), tail)  # nothing to compute once: substitute
        vcode = self.compile(val)
        x = self.tc.lctx.mk_local(e.name, e.type, val)  # type: ignore[attr-defined]
        saved = self.depth
        self.bind(x)
        bcode = self.compile(instantiate1(body, x), tail)
        self.depth = saved

        def let_code(fr: tuple) -> Value:
            return bcode(fr + (vcode(fr),))

        return let_code

    # -- projections -------------------------------------------------------------------------------------

    def compile_proj(self, e: Expr) -> Code:
        lay = self.program.layout(e.struct)  # type: ignore[attr-defined]
        i = e.idx  # type: ignore[attr-defined]
        if lay is None:
            raise EvalError(f"internal error in the evaluator: projection of '{e.struct}', not a structure")  # type: ignore[attr-defined]
        if lay.kind in (L.ENUM, L.PROP) or not lay.relevant[0][i]:
            return ERASED_CODE
        x = self.compile(e.expr)  # type: ignore[attr-defined]
        if lay.kind == L.STRING:
            return lambda fr: str_to_list(x(fr))
        if lay.kind == L.CHAR:
            wrap = lay.wrap_char
            return lambda fr: wrap(x(fr))
        j = i + 1
        s = self.slot(x)
        if s is not None:
            return lambda fr: fr[s][j]
        return lambda fr: x(fr)[j]

    # -- applications ------------------------------------------------------------------------------------

    def compile_app(self, e: Expr, tail: bool) -> Code:
        head, args = get_app_args(e)
        if head.kind == CONST:
            return self.compile_const_app(head, args, tail)
        f = self.compile(head)
        return self.apply_codes(f, [self.compile_arg(a) for a in args])

    def compile_const_app(self, head: Expr, args: list[Expr], tail: bool) -> Code:
        info = self.program.resolve(head.name)  # type: ignore[attr-defined]
        if isinstance(info, ConstructorInfo):
            return self.compile_ctor(info, args)
        if isinstance(info, RecursorInfo):
            return self.compile_rec(info, args, tail)
        if isinstance(info, QuotInfo):
            return self.compile_quot(info, args)
        if isinstance(info, (InductiveInfo, TheoremInfo)):
            return ERASED_CODE
        native = self.program.native(info)
        if native is not None:
            return self.compile_native(native, args)
        if isinstance(info, (DefinitionInfo, OpaqueInfo)):
            return self.compile_call(self.program.global_for(info), args, tail)
        if isinstance(info, AxiomInfo):
            err = no_definition(info.name)

            def fail(fr: tuple) -> Value:
                raise err

            return fail
        raise EvalError(f"cannot evaluate '{info.name}'")

    def compile_call(self, g: Global, args: list[Expr], tail: bool) -> Code:
        a = g.arity
        if a == 0 or len(args) < a:
            def load(fr: tuple) -> Value:
                return g.load()

            return self.apply_codes(load, [self.compile_arg(x) for x in args])
        codes = [self.compile_arg(x) for x in args[:a]]
        extra = [self.compile_arg(x) for x in args[a:]]
        if tail and not extra and g is self.self_global:
            self.has_tail_call = True
            return tail_call_code(codes)
        call = self.direct_call(g, codes)
        return self.apply_codes(call, extra) if extra else call

    def direct_call(self, g: Global, codes: list[Code]) -> Code:
        tick = BUDGET
        n = len(codes)
        if n == 1:
            (a,) = codes
            s = self.slot(a)
            if s is not None:
                def call1s(fr: tuple) -> Value:
                    tick.tick()
                    return g.body((fr[s],))

                return call1s

            def call1(fr: tuple) -> Value:
                tick.tick()
                return g.body((a(fr),))

            return call1
        if n == 2:
            a, b = codes

            def call2(fr: tuple) -> Value:
                tick.tick()
                return g.body((a(fr), b(fr)))

            return call2
        if n == 3:
            a, b, c = codes

            def call3(fr: tuple) -> Value:
                tick.tick()
                return g.body((a(fr), b(fr), c(fr)))

            return call3

        def calln(fr: tuple) -> Value:
            tick.tick()
            return g.body(tuple([c(fr) for c in codes]))

        return calln

    def compile_native(self, native: Native, args: list[Expr]) -> Code:
        n = native.arity
        fn = native.fn
        if len(args) < n:
            value = curry(n, lambda xs: fn(*xs))
            return self.apply_codes(self.constant(value), [self.compile_arg(x) for x in args])
        codes = [self.compile(x) for x in args[:n]]
        if n == 1:
            (a,) = codes

            def nat1(fr: tuple) -> Value:
                return fn(a(fr))

            code = nat1
        elif n == 2:
            a, b = codes
            sa, sb = self.slot(a), self.slot(b)
            if sa is not None and self.is_constant(b):
                kb = self.constant_value(b)

                def nat2sk(fr: tuple) -> Value:
                    return fn(fr[sa], kb)

                code = nat2sk
            elif sa is not None and sb is not None:
                def nat2ss(fr: tuple) -> Value:
                    return fn(fr[sa], fr[sb])

                code = nat2ss
            else:
                def nat2(fr: tuple) -> Value:
                    return fn(a(fr), b(fr))

                code = nat2
        else:
            def natn(fr: tuple) -> Value:
                return fn(*[c(fr) for c in codes])

            code = natn
        extra = [self.compile_arg(x) for x in args[n:]]
        return self.apply_codes(code, extra) if extra else code

    # -- constructors ------------------------------------------------------------------------------------

    def compile_ctor(self, info: ConstructorInfo, args: list[Expr]) -> Code:
        lay = self.program.layout(info.induct)
        assert lay is not None
        np, nf, cidx = info.num_params, info.num_fields, info.cidx
        if len(args) < np + nf:
            value = self.program.ctor_value(info)
            return self.apply_codes(self.constant(value), [self.compile_arg(x) for x in args])
        fields = args[np : np + nf]
        kind = lay.kind
        if kind == L.PROP:
            return ERASED_CODE
        if kind == L.ENUM:
            return self.constant(cidx)
        if kind == L.NAT:
            if cidx == 0:
                return self.constant(0)
            x = self.compile(fields[0])
            return lambda fr: x(fr) + 1
        if kind == L.INT:
            x = self.compile(fields[0])
            return x if cidx == 0 else (lambda fr: -x(fr) - 1)
        if kind == L.STRING:
            x = self.compile(fields[0])
            return lambda fr: list_to_str(x(fr))
        if kind == L.CHAR:
            x = self.compile(fields[0])
            unwrap = lay.unwrap_char
            return lambda fr: unwrap(x(fr))
        codes = [self.compile_arg(f) if rel else ERASED_CODE for f, rel in zip(fields, lay.relevant[cidx])]
        return self.tuple_code(cidx, codes)

    def tuple_code(self, cidx: int, codes: list[Code]) -> Code:
        if all(self.is_constant(c) for c in codes):
            return self.constant((cidx, *[self.constant_value(c) for c in codes]))
        n = len(codes)
        if n == 1:
            (a,) = codes
            return lambda fr: (cidx, a(fr))
        if n == 2:
            a, b = codes
            if self.is_constant(b):  # typically a proof field
                kb = self.constant_value(b)
                return lambda fr: (cidx, a(fr), kb)
            return lambda fr: (cidx, a(fr), b(fr))
        if n == 3:
            a, b, c = codes
            return lambda fr: (cidx, a(fr), b(fr), c(fr))
        return lambda fr: (cidx, *[c(fr) for c in codes])

    # -- quotients ---------------------------------------------------------------------------------------

    def compile_quot(self, info: QuotInfo, args: list[Expr]) -> Code:
        if info.kind == "ctor":  # Quot.mk α r a ↦ a
            if len(args) < 3:
                return self.apply_codes(self.constant(curry(3, itemgetter(2))), [self.compile_arg(x) for x in args])
            a = self.compile_arg(args[2])
            extra = [self.compile_arg(x) for x in args[3:]]
            return self.apply_codes(a, extra) if extra else a
        if info.kind == "lift":  # Quot.lift α r β f h q ↦ f q
            if len(args) < 6:
                value = curry(6, lambda xs: xs[3](xs[5]))
                return self.apply_codes(self.constant(value), [self.compile_arg(x) for x in args])
            f, q = self.compile_arg(args[3]), self.compile_arg(args[5])
            code = self.apply_codes(f, [q])
            extra = [self.compile_arg(x) for x in args[6:]]
            return self.apply_codes(code, extra) if extra else code
        return ERASED_CODE  # Quot itself and Quot.ind (a proof)

    # -- recursors ---------------------------------------------------------------------------------------

    def compile_rec(self, info: RecursorInfo, args: list[Expr], tail: bool) -> Code:
        rt: RecRuntime = self.program.rec_runtime(info)
        mi = info.major_idx
        if len(args) <= mi:
            return self.apply_codes(self.constant(rt.value), [self.compile_arg(x) for x in args])
        major = args[mi]
        extra = [self.compile_arg(x) for x in args[mi + 1 :]]
        if rt.plan is None or self.irrelevant(major):
            codes = [self.compile_arg(x) for x in args[: mi + 1]]
            tick = BUDGET

            def erased_major(fr: tuple) -> Value:
                tick.tick()
                return rt.call(tuple([c(fr) for c in codes]))

            return self.apply_codes(erased_major, extra) if extra else erased_major
        plan, k = rt.plan, rt.k
        o = plan.num_params + plan.num_motives
        minor_terms = args[o : o + plan.num_minors]

        # Which minors are λs taking the fields and hypotheses, and which hypotheses they use.
        shapes = []
        for j, m in enumerate(minor_terms):
            shape = plan.by_minor[j]
            assert shape is not None
            m = self.normalize(m)
            nb = shape.nfields + len(shape.ihs)
            if count_lambdas(m) >= nb:
                body = m
                for _ in range(nb):
                    body = body.body  # type: ignore[attr-defined]
                nihs = len(shape.ihs)
                needs = tuple(has_loose_bvar(body, nihs - 1 - p) for p in range(nihs))
                shapes.append((m, shape, nb, needs))
            else:
                shapes.append((m, shape, nb, None))
        cases_only = all(
            shapes[s.minor][3] is not None and not any(shapes[s.minor][3]) for s in plan.rules[k]  # type: ignore[arg-type]
        )
        branch_tail = tail and cases_only and not extra
        minors: list[Minor] = []
        for j, (m, shape, nb, needs) in enumerate(shapes):
            used = cases_only and any(s.minor == j for s in plan.rules[k])
            if cases_only and not used:
                minors.append(Minor(False, None, None, nb))  # never selected by this recursor
                continue
            if needs is not None:
                saved = self.depth
                _, body = self.open_lambdas(m, nb)
                code = self.compile(body, branch_tail)
                self.depth = saved
                minors.append(Minor(True, code, needs, nb))
            else:
                minors.append(Minor(False, self.compile(m), None, nb))
        major_code = self.compile(major)
        lay = plan.layouts[k]
        if cases_only:
            branches = [minors[s.minor] for s in plan.rules[k]]
            code = cases_code(lay, branches, [len(s.ihs) for s in plan.rules[k]], major_code, self.slot(major_code))
        else:
            code = rec_code(plan, k, minors, major_code)
        return self.apply_codes(code, extra) if extra else code

# -- compiling a definition --------------------------------------------------------------------------------


def compile_global(program: Program, g: Global) -> Code:
    """The body of `g` as code on the frame of its `arity` arguments."""
    if g.value is None:
        err = no_definition(g.name)

        def fail(fr: tuple) -> Value:
            raise err

        return fail
    tc = TypeChecker(program.env, g.level_params, UNSAFE)
    comp = Compiler(program, tc, g)
    try:
        if g.type is not None and is_erasable_type(tc, g.type):
            return ERASED_CODE
    except KernelError as ex:
        raise EvalError(f"internal error in the evaluator: cannot type '{g.name}' ({ex.message})") from None
    _, body = comp.open_lambdas(g.value, g.arity)
    code = comp.compile(body, tail=True)
    if not comp.has_tail_call:
        return code
    tick = BUDGET

    def loop(fr: tuple) -> Value:
        r = code(fr)
        while type(r) is TailCall:
            tick.tick()
            r = code(r.args)
        return r

    return loop


def compile_term(program: Program, e: Expr) -> Code:
    """A closed term (no level parameters) as code on the empty frame."""
    tc = TypeChecker(program.env, (), UNSAFE)
    return Compiler(program, tc).compile_arg(e)
