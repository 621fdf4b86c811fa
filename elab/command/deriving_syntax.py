"""Building the declarations a deriving handler writes, as syntax trees.

`Syn` makes terms with one span (the `deriving` clause). `TypeShape` reads an inductive type the way
the handlers need it: its parameters (named, with their types as syntax), and for each constructor its
fields — which are explicit, which are recursive occurrences of the type, which are types or proofs
(printed `_`, compared for free). `header` makes the binders every derived declaration starts with:
the parameters as implicit binders and `[C α]` for each parameter that is a type, as Lean's
`mkHeader`/`mkInstImplicitBinders` do.

A kernel term enters the syntax as `Pre` (an already elaborated term) when it has no loose bound
variables; only the parts that mention earlier parameters are rebuilt as syntax, constants then
written `@_root_.C.{u}` so that nothing can shadow them and every argument is passed explicitly.
"""

from __future__ import annotations

from lantern.kernel import level as KL
from lantern.kernel.declaration import ConstructorInfo, InductiveInfo
from lantern.kernel.expr import APP, BVAR, CONST, LAM, PI, SORT, Expr, get_app_args
from lantern.kernel.instantiate import instantiate1
from lantern.kernel.name import Name
from lantern.kernel.record import record
from lantern.kernel.type_checker import TypeChecker

from ..env import ElabEnv
from ..messages import ElabError
from ..syntax import tree as T
from ..term.app import Pre


class Syn:
    """Syntax with a fixed span."""

    def __init__(self, span: T.Span) -> None:
        self.span = span

    def id(self, name: str) -> T.Ident:
        return T.Ident(self.span, name)

    def root(self, name: Name | str) -> T.Ident:
        """A global constant that no local or namespace can shadow."""
        return T.Ident(self.span, f"_root_.{name}")

    def app(self, fn: T.Term | str, *args: T.Term) -> T.Term:
        f = self.root(fn) if isinstance(fn, (str, Name)) else fn
        return T.App(self.span, f, tuple(args)) if args else f

    def explicit(self, name: Name | str, *args: T.Term) -> T.Term:
        f = T.Explicit(self.span, self.root(name))
        return T.App(self.span, f, tuple(args)) if args else f

    def text(self, s: str) -> T.StrLit:
        return T.StrLit(self.span, s)

    def num(self, n: int) -> T.NumLit:
        return T.NumLit(self.span, n)

    def hole(self) -> T.Hole:
        return T.Hole(self.span)

    def fun(self, names: list[str], body: T.Term) -> T.Term:
        if not names:
            return body
        return T.Fun(self.span, tuple(T.Binder(self.span, (n,), None) for n in names), body)

    def typed(self, term: T.Term, ty: T.Term) -> T.Term:
        return T.Typed(self.span, term, ty)

    def proj(self, target: T.Term, field: str) -> T.Term:
        return T.Proj(self.span, target, field)

    def anon(self, *items: T.Term) -> T.Term:
        return T.AnonCtor(self.span, tuple(items))

    def named(self, name: str, value: T.Term) -> T.NamedArg:
        return T.NamedArg(self.span, name, value)

    def match(self, discrs: list[T.Term], alts: list[tuple[list[T.Term], T.Term]]) -> T.Term:
        return T.Match(
            self.span,
            tuple(T.Discr(self.span, d) for d in discrs),
            tuple(T.MatchAlt(self.span, (tuple(pats),), rhs) for pats, rhs in alts),
        )

    def binder(self, name: str | None, ty: T.Term, kind: str) -> T.Binder:
        return T.Binder(self.span, (name,) if name else (), ty, kind)

    def definition(self, kind: str, name: str | None, levels: tuple[str, ...], binders: list[T.Binder],
                   ty: T.Term, value: T.Term) -> T.Definition:
        sig = T.DeclSig(self.span, name, None, levels, tuple(binders), ty)
        return T.Definition(self.span, kind, T.Modifiers(), sig, value)


@record
class Field:
    name: str  # the pattern variable or the structure field name
    explicit: bool
    recursive: bool  # its type is the type being derived for (with the same parameters)
    irrelevant: bool  # a type or a proof: printed `_`, equal for free
    proof: bool  # a proof (irrelevant, and equal for free)
    raw_type: Expr  # its type, bound variables for the parameters and the fields before it
    written: str  # the name in the constructor's declaration, for messages


@record
class Ctor:
    name: Name
    fields: list[Field]


class TypeShape:
    """An inductive type as the handlers see it (see the module docstring)."""

    def __init__(self, env: ElabEnv, info: InductiveInfo, span: T.Span, what: str) -> None:
        self.env = env
        self.info = info
        self.name = info.name
        self.syn = Syn(span)
        if info.num_indices:
            raise ElabError(span, f"'deriving {what}' for '{info.name}' failed: indexed families are not supported yet")
        if len(info.all) != 1:
            raise ElabError(span, f"'deriving {what}' for '{info.name}' failed: mutual types are not supported yet")
        # The type's universe parameters, for the derived declarations (those already declared with
        # `universe` in scope must not be declared twice).
        self.levels = tuple(str(p) for p in info.level_params if str(p) not in env.scope.universes)
        tc = TypeChecker(env.kernel, info.level_params)
        self.param_names: list[str] = []
        self.param_types: list[T.Term] = []
        self.param_is_type: list[bool] = []
        t = info.type
        params = []
        for _ in range(info.num_params):
            t = t if t.kind == PI else tc.whnf(t)
            name = _fresh(str(t.name) if not t.name.is_anonymous else "α", self.param_names)  # type: ignore[attr-defined]
            self.param_types.append(to_syntax(self.syn, t.type, self.param_names))  # type: ignore[attr-defined]
            self.param_is_type.append(tc.whnf(t.type).kind == SORT)  # type: ignore[attr-defined]
            self.param_names.append(name)
            x = tc.lctx.mk_local(Name.of(name), t.type)  # type: ignore[attr-defined]
            params.append(x)
            t = instantiate1(t.body, x)  # type: ignore[attr-defined]
        self.ctors = [self._ctor(tc, env.kernel.get(c), params) for c in info.ctors]
        self.is_structure = info.name in env.structures

    def _ctor(self, tc: TypeChecker, ctor: ConstructorInfo, params: list) -> Ctor:
        t = ctor.type
        raw = ctor.type
        for p in params:
            t = t if t.kind == PI else tc.whnf(t)
            t = instantiate1(t.body, p)  # type: ignore[attr-defined]
            raw = raw.body  # type: ignore[attr-defined]
        fields: list[Field] = []
        struct = self.env.structures.get(self.name)
        for i in range(ctor.num_fields):
            t = t if t.kind == PI else tc.whnf(t)
            fty = t.type  # type: ignore[attr-defined]
            head, args = get_app_args(fty)
            recursive = head.kind == CONST and head.name is self.name  # type: ignore[attr-defined]
            if recursive and list(args) != list(params):
                raise ElabError(self.syn.span, f"'deriving' for '{self.name}' failed: nested occurrences of the type are not supported")
            proof = tc.is_prop_type(fty)
            irrelevant = proof or tc.whnf(fty).kind == SORT
            name = str(struct.fields[i]) if struct is not None else f"a✝{i + 1}"
            fields.append(Field(name, t.binfo == 0, recursive, irrelevant, proof, raw.type, str(t.name)))  # type: ignore[attr-defined]
            x = tc.lctx.mk_local(t.name, fty)  # type: ignore[attr-defined]
            t = instantiate1(t.body, x)  # type: ignore[attr-defined]
            raw = raw.body  # type: ignore[attr-defined]
        return Ctor(ctor.name, fields)

    @property
    def is_recursive(self) -> bool:
        return any(f.recursive for c in self.ctors for f in c.fields)

    @property
    def is_enum(self) -> bool:
        return self.info.num_params == 0 and all(not c.fields for c in self.ctors) and bool(self.ctors)

    def applied(self) -> T.Term:
        """`@T α β`: the type at the header's parameters."""
        if not self.param_names:
            return self.syn.root(self.name)
        return self.syn.explicit(self.name, *(self.syn.id(n) for n in self.param_names))

    def header(self, cls: str | None) -> list[T.Binder]:
        """`{α : Type u} [C α]`: the parameters, implicit, and an instance of `cls` for each type."""
        binders = [self.syn.binder(n, ty, "implicit") for n, ty in zip(self.param_names, self.param_types)]
        if cls is not None:
            binders += [self.syn.binder(None, self.syn.app(cls, self.syn.id(n)), "inst")
                        for n, is_type in zip(self.param_names, self.param_is_type) if is_type]
        return binders

    def field_type(self, ctor: Ctor, k: int, names: list[str]) -> T.Term:
        """The type of field `k` as syntax, the fields before it named `names[:k]`."""
        return to_syntax(self.syn, ctor.fields[k].raw_type, [*self.param_names, *names[:k]])

    def cases(self, major: T.Term, motive_body: T.Term, minors: list[T.Term]) -> T.Term:
        """`T.casesOn (motive := fun _ => body) major minors…`."""
        syn = self.syn
        return syn.app(f"{self.name}.casesOn", syn.named("motive", syn.fun(["_"], motive_body)), major, *minors)

    def aux_name(self, prefix: str) -> str:
        """The auxiliary function's name, `reprTree✝` beside the type (written from the root)."""
        last = str(self.name.last)
        short = f"{prefix}{last[0].upper()}{last[1:]}✝"
        prefix_name = self.name.prefix
        full = prefix_name.child(short) if prefix_name is not None and not prefix_name.is_anonymous else Name.of(short)
        return f"_root_.{full}"

    def pattern(self, ctor: Ctor, names: list[str]) -> T.Term:
        """`T.c a b` as a pattern: one variable per field, implicit ones included."""
        return self.syn.app(ctor.name, *(self.syn.id(n) for n in names))

    def term(self, ctor: Ctor, names: list[str]) -> T.Term:
        """`@T.c _ _ a b` as a term: the parameters left to unification."""
        syn = self.syn
        args = [syn.hole() for _ in self.param_names] + [syn.id(n) for n in names]
        return syn.explicit(ctor.name, *args) if args else syn.root(ctor.name)


def _fresh(name: str, taken: list[str]) -> str:
    if name not in taken and "✝" not in name:
        return name
    base = name.replace("✝", "") or "α"
    i = 1
    while f"{base}_{i}" in taken:
        i += 1
    return f"{base}_{i}"


def to_syntax(syn: Syn, e: Expr, names: list[str]) -> T.Term:
    """Syntax for the kernel term `e`, whose loose bound variables are `names` (innermost last)."""
    if e.lbr == 0:
        return Pre(syn.span, e)
    k = e.kind
    if k == BVAR:
        return syn.id(names[len(names) - 1 - e.idx])  # type: ignore[attr-defined]
    if k == APP:
        head, args = get_app_args(e)
        if head.kind == CONST:
            ident = T.Ident(syn.span, f"_root_.{head.name}", tuple(_level(syn, l) for l in head.levels))  # type: ignore[attr-defined]
            f: T.Term = T.Explicit(syn.span, ident)
        else:
            f = to_syntax(syn, head, names)
        return T.App(syn.span, f, tuple(to_syntax(syn, a, names) for a in args))
    if k in (PI, LAM):
        name = _fresh(str(e.name) if not e.name.is_anonymous else "x", names)  # type: ignore[attr-defined]
        kind = {0: "default", 1: "implicit", 2: "strict", 3: "inst"}.get(e.binfo, "default")  # type: ignore[attr-defined]
        binder = T.Binder(syn.span, (name,), to_syntax(syn, e.type, names), kind)  # type: ignore[attr-defined]
        body = to_syntax(syn, e.body, [*names, name])  # type: ignore[attr-defined]
        return T.Pi(syn.span, (binder,), body) if k == PI else T.Fun(syn.span, (binder,), body)
    raise ElabError(syn.span, "'deriving' failed: a parameter's type is not supported")


def _level(syn: Syn, l: KL.Level) -> T.Level:
    if l.kind == KL.ZERO:
        return T.LevelNum(syn.span, 0)
    if l.kind == KL.PARAM:
        return T.LevelName(syn.span, str(l.a))
    if l.kind == KL.SUCC:
        n = 0
        while l.kind == KL.SUCC:
            l, n = l.a, n + 1  # type: ignore[assignment]
        return T.LevelNum(syn.span, n) if l.kind == KL.ZERO else T.LevelAdd(syn.span, _level(syn, l), n)
    if l.kind in (KL.MAX, KL.IMAX):
        return T.LevelMax(syn.span, (_level(syn, l.a), _level(syn, l.b)), l.kind == KL.IMAX)  # type: ignore[arg-type]
    raise ElabError(syn.span, "'deriving' failed: a universe level is not supported")
