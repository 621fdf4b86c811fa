"""The deriving handlers: `Repr`, `DecidableEq`, `BEq`, `Inhabited`.

Each writes the declarations Lean's handler writes (see `Lean/Elab/Deriving/*.lean`) and elaborates
them as ordinary declarations:

- `Repr`: for a structure, `{ x := 1, y := 2 }` (each value grouped and nested under its label); for
  other types an auxiliary `reprT✝ x prec` matching on the constructor, `T.c a b` with the arguments at
  `max_prec` and parentheses when the context asks (`Repr.addAppParen`). The built-in printing of
  `#eval` writes exactly the same, and is used for these instances (`eval_hook.py`).
- `DecidableEq`: for an enumeration, Lean's `T.toCtorIdx`/`T.ofNat` and the lemma between them; for
  other types an auxiliary `decEqT✝ x y` comparing the fields of equal constructors one by one, with
  term proofs of injectivity and disjointness through `Eq.rec` and `casesOn` (no tactic involved).
- `BEq`: `beqT✝ x y`, `a₁ == b₁ && …` on equal constructors, `false` otherwise.
- `Inhabited`: `⟨T.c default …⟩` for the first constructor whose fields all have a default value.
"""

from __future__ import annotations

from lantern.kernel.declaration import InductiveInfo
from lantern.kernel.name import Name

from ..env import ElabEnv
from ..messages import ElabError
from ..syntax import tree as T
from .deriving_syntax import Ctor, Syn, TypeShape
from .eval_hook import DERIVED_ATTRIBUTE

FORMAT = "Std.Format"
MAX_PREC = 1024


def _elaborate(env: ElabEnv, decls: list[T.Definition]) -> tuple[ElabEnv, list]:
    from .declaration import elab_definition

    messages: list = []
    for d in decls:
        env, produced = elab_definition(env, d)
        messages += produced
    return env, messages


def _new_instances(before: ElabEnv, after: ElabEnv, cls: str) -> list[Name]:
    old = {i.name for i in before.instances.get(Name.of(cls), ())}
    return [i.name for i in after.instances.get(Name.of(cls), ()) if i.name not in old]


def _instance(shape: TypeShape, cls: str, value: T.Term) -> T.Definition:
    syn = shape.syn
    return syn.definition("instance", None, shape.levels, shape.header(cls), syn.app(cls, shape.applied()), value)


def _binder(syn: Syn, name: str, ty: T.Term) -> T.Binder:
    return syn.binder(name, ty, "default")


# -- Repr ------------------------------------------------------------------------------------------


def derive_repr(env: ElabEnv, info: InductiveInfo, span: T.Span) -> tuple[ElabEnv, list]:
    shape = TypeShape(env, info, span, "Repr")
    syn = shape.syn
    if shape.is_structure:
        decls = [_instance(shape, "Repr", syn.anon(syn.fun(["x✝", "prec✝"], _repr_structure(shape))))]
    else:
        aux = shape.aux_name("repr")
        alts = [([shape.pattern(c, [f.name for f in c.fields])], _repr_ctor(shape, c, aux)) for c in shape.ctors]
        binders = shape.header("Repr") + [_binder(syn, "x✝", shape.applied()), _binder(syn, "prec✝", syn.root("Nat"))]
        body = syn.match([syn.id("x✝")], alts) if alts else shape.cases(syn.id("x✝"), syn.root(FORMAT), [])
        decls = [
            syn.definition("def", aux, shape.levels, binders, syn.root(FORMAT), body),
            _instance(shape, "Repr", syn.anon(syn.id(aux))),
        ]
    new_env, messages = _elaborate(env, decls)
    for inst in _new_instances(env, new_env, "Repr"):
        new_env = new_env.add_attribute(DERIVED_ATTRIBUTE, inst)
    return new_env, messages


def _append(syn: Syn, *parts: T.Term) -> T.Term:
    out = parts[0]
    for p in parts[1:]:
        out = syn.app(f"{FORMAT}.append", out, p)
    return out


def _text(syn: Syn, s: str) -> T.Term:
    return syn.app(f"{FORMAT}.text", syn.text(s))


def _group(syn: Syn, f: T.Term) -> T.Term:
    return syn.app(f"{FORMAT}.group", f, syn.root(f"{FORMAT}.FlattenBehavior.allOrNone"))


def _repr_structure(shape: TypeShape) -> T.Term:
    """`{ x := repr x.x, … }` as `Format.bracket "{ " … " }"`."""
    syn = shape.syn
    parts: list[T.Term] = []
    for i, f in enumerate(shape.ctors[0].fields):
        if i:
            parts += [_text(syn, ","), syn.root(f"{FORMAT}.line")]
        label = f"{f.name} := "
        if f.irrelevant:
            parts.append(_text(syn, label + "_"))
        else:
            value = syn.app("repr", syn.proj(syn.id("x✝"), f.name))
            parts += [_text(syn, label), _group(syn, syn.app(f"{FORMAT}.nest", syn.num(len(label)), value))]
    body = _append(syn, *parts) if parts else syn.root(f"{FORMAT}.nil")
    return syn.app(f"{FORMAT}.bracket", syn.text("{ "), body, syn.text(" }"))


def _repr_ctor(shape: TypeShape, ctor: Ctor, aux: str) -> T.Term:
    """`Repr.addAppParen (group (nest k (text "T.c" ++ line ++ reprArg a ++ …))) prec`."""
    syn = shape.syn
    parts: list[T.Term] = [_text(syn, str(ctor.name))]
    for f in ctor.fields:
        if not f.explicit:
            continue
        if f.irrelevant:
            arg = _text(syn, "_")
        elif f.recursive:
            arg = syn.app(syn.id(aux), syn.id(f.name), syn.num(MAX_PREC))
        else:
            arg = syn.app("reprArg", syn.id(f.name))
        parts += [syn.root(f"{FORMAT}.line"), arg]
    indent = T.If(syn.span, syn.app("GE.ge", syn.id("prec✝"), syn.num(MAX_PREC)), syn.num(1), syn.num(2))
    nested = _group(syn, syn.app(f"{FORMAT}.nest", indent, _append(syn, *parts)))
    return syn.app("Repr.addAppParen", nested, syn.id("prec✝"))


# -- DecidableEq -----------------------------------------------------------------------------------


def derive_decidable_eq(env: ElabEnv, info: InductiveInfo, span: T.Span) -> tuple[ElabEnv, list]:
    shape = TypeShape(env, info, span, "DecidableEq")
    for c in shape.ctors:
        for f in c.fields:
            if f.irrelevant and not _is_proof_field(env, info, c, f):
                raise ElabError(span, f"'deriving DecidableEq' for '{info.name}' failed: the field '{f.written}' of '{c.name}' is a type")
    if shape.is_enum:
        return _decidable_eq_enum(env, shape)
    syn = shape.syn
    aux = shape.aux_name("decEq")
    x, y = syn.id("x✝"), syn.id("y✝")
    outer = []
    for ci in shape.ctors:
        a = [f"a✝{k + 1}" for k in range(len(ci.fields))]
        inner = []
        for cj in shape.ctors:
            b = [f"b✝{k + 1}" for k in range(len(cj.fields))]
            if ci is cj:
                rhs_term = _dec_eq_same(shape, ci, a, b, syn.id(aux))
            else:
                rhs_term = syn.app("Decidable.isFalse", syn.fun(["h✝"], _disjoint(shape, ci, cj, a, b, syn.id("h✝"))))
            inner.append(([shape.pattern(cj, b)], rhs_term))
        outer.append(([shape.pattern(ci, a)], syn.fun(["y✝"], syn.match([y], inner))))
    # `(x : T) : (y : T) → Decidable (x = y)`, matching on `x` and then on `y`: the recursion is on
    # `x` alone, with the result a function of `y`.
    goal = T.Pi(syn.span, (syn.binder("y✝", shape.applied(), "default"),), syn.app("Decidable", syn.app("Eq", x, y)))
    binders = shape.header("DecidableEq") + [_binder(syn, "x✝", shape.applied())]
    body = syn.match([x], outer) if outer else shape.cases(x, goal, [])
    decls = [
        syn.definition("def", aux, shape.levels, binders, goal, body),
        _instance(shape, "DecidableEq", syn.id(aux)),
    ]
    return _elaborate(env, decls)


def _is_proof_field(env: ElabEnv, info: InductiveInfo, ctor: Ctor, field: object) -> bool:
    """An irrelevant field is a proof (equal for free) or a type (no decidable equality)."""
    from lantern.kernel.expr import PI
    from lantern.kernel.instantiate import instantiate1
    from lantern.kernel.type_checker import TypeChecker

    tc = TypeChecker(env.kernel, info.level_params)
    t = env.kernel.get(ctor.name).type
    for i in range(info.num_params + len(ctor.fields)):
        t = t if t.kind == PI else tc.whnf(t)
        if i >= info.num_params and ctor.fields[i - info.num_params] is field:
            return tc.is_prop_type(t.type)  # type: ignore[attr-defined]
        t = instantiate1(t.body, tc.lctx.mk_local(t.name, t.type))  # type: ignore[attr-defined]
    return False


def _dec_eq_same(shape: TypeShape, ctor: Ctor, a: list[str], b: list[str], aux: T.Term) -> T.Term:
    """Equal constructors: decide the relevant fields in order; `isTrue` through `Eq.rec` once all are
    equal, `isFalse` through injectivity at the first that differs."""
    syn = shape.syn
    lhs = shape.term(ctor, a)
    rhs = shape.term(ctor, b)
    goal = syn.app("Decidable", syn.app("Eq", lhs, rhs))
    relevant = [k for k, f in enumerate(ctor.fields) if not f.irrelevant]
    result: T.Term = syn.app("Decidable.isTrue", _equal_fields_proof(shape, ctor, a, b, relevant))
    for k in reversed(relevant):
        f = ctor.fields[k]
        ak, bk = syn.id(a[k]), syn.id(b[k])
        decide = syn.app(aux, ak, bk) if f.recursive else syn.app("decEq", ak, bk)
        injective = _injection(shape, ctor, a, b, k, syn.id("h✝"))
        no = syn.app("Decidable.isFalse", syn.fun(["h✝"], syn.app(syn.id(f"h✝{k + 1}"), injective)))
        result = syn.explicit("dite", goal, syn.app("Eq", ak, bk), decide,
                              syn.fun([f"h✝{k + 1}"], result), syn.fun([f"h✝{k + 1}"], no))
    return result


def _equal_fields_proof(shape: TypeShape, ctor: Ctor, a: list[str], b: list[str], relevant: list[int]) -> T.Term:
    """`c a… = c b…` from `h✝k : a_k = b_k` for the relevant fields: rewrite the right side's fields
    one by one with `Eq.rec`, last first. Proof fields are equal for free, but their types may mention
    the fields being rewritten (`pos : n > 0`), so each step is generalized over them:
    `∀ q…, c a… = c … q…`, applied to the right side's proofs at the end."""
    syn = shape.syn
    lhs = shape.term(ctor, a)
    proofs = [k for k, f in enumerate(ctor.fields) if f.proof]

    def stage(j: int, at: str | None) -> list[str]:
        """Field names once relevant fields before `j` are rewritten… (`at`: field `j` is `v✝`)."""
        names = []
        for i in range(len(a)):
            if i in proofs:
                names.append(f"q✝{i + 1}")
            elif i in relevant and relevant.index(i) < j:
                names.append(a[i])
            elif i in relevant and relevant.index(i) == j and at is not None:
                names.append(at)
            elif i in relevant and relevant.index(i) == j:
                names.append(a[i])
            else:
                names.append(b[i] if i in relevant else a[i])
        return names

    def generalized(names: list[str]) -> T.Term:
        stmt = syn.app("Eq", lhs, shape.term(ctor, names))
        if not proofs:
            return stmt
        binders = tuple(T.Binder(syn.span, (names[k],), shape.field_type(ctor, k, names), "default") for k in proofs)
        return T.Pi(syn.span, binders, stmt)

    base_names = stage(len(relevant), None)
    proof: T.Term = syn.root("rfl")
    if proofs:
        binders = tuple(T.Binder(syn.span, (base_names[k],), shape.field_type(ctor, k, base_names), "default") for k in proofs)
        proof = syn.typed(T.Fun(syn.span, binders, proof), generalized(base_names))
    for j in reversed(range(len(relevant))):
        motive = syn.fun(["v✝", "_"], generalized(stage(j, "v✝")))
        proof = syn.app("Eq.rec", syn.named("motive", motive), proof, syn.id(f"h✝{relevant[j] + 1}"))
    if proofs:
        proof = syn.app(proof, *(syn.id(b[k]) for k in proofs))
    return proof


def _cases_prop(shape: TypeShape, z: T.Term, minors: list[T.Term]) -> T.Term:
    syn = shape.syn
    motive = syn.fun(["_"], T.SortTerm(syn.span, "Prop"))
    return syn.app(f"{shape.name}.casesOn", syn.named("motive", motive), z, *minors)


def _by_eq_rec(shape: TypeShape, lhs: T.Term, rhs: T.Term, family: T.Term, base: T.Term, h: T.Term) -> T.Term:
    """`@Eq.rec _ lhs (fun z _ => family z) base rhs h`."""
    syn = shape.syn
    return syn.explicit("Eq.rec", syn.hole(), lhs, syn.fun(["z✝", "_"], syn.app(family, syn.id("z✝"))), base, rhs, h)


def _injection(shape: TypeShape, ctor: Ctor, a: list[str], b: list[str], k: int, h: T.Term) -> T.Term:
    """`a_k = b_k` from `h : c a… = c b…`: transport `a_k = a_k` along `h` in the family that is
    `a_k = (field k)` at `c` and `True` elsewhere."""
    syn = shape.syn
    minors = []
    for c in shape.ctors:
        fs = [f"f✝{i + 1}" for i in range(len(c.fields))]
        body = syn.app("Eq", syn.id(a[k]), syn.id(fs[k])) if c is ctor else syn.root("True")
        minors.append(syn.fun(fs, body))
    family = syn.fun(["w✝"], _cases_prop(shape, syn.id("w✝"), minors))
    return _by_eq_rec(shape, shape.term(ctor, a), shape.term(ctor, b), family, syn.root("rfl"), h)


def _disjoint(shape: TypeShape, ci: Ctor, cj: Ctor, a: list[str], b: list[str], h: T.Term) -> T.Term:
    """`False` from `h : cᵢ a… = cⱼ b…` (different constructors)."""
    syn = shape.syn
    minors = [syn.fun([f"f✝{i + 1}" for i in range(len(c.fields))], syn.root("True" if c is ci else "False"))
              for c in shape.ctors]
    family = syn.fun(["w✝"], _cases_prop(shape, syn.id("w✝"), minors))
    return _by_eq_rec(shape, shape.term(ci, a), shape.term(cj, b), family, syn.root("True.intro"), h)


def _decidable_eq_enum(env: ElabEnv, shape: TypeShape) -> tuple[ElabEnv, list]:
    """Lean's `mkDecEqEnum`: compare constructor indices, and map them back with `T.ofNat`."""
    syn = shape.syn
    name = shape.name
    to_idx, of_nat, lemma = name.child("toCtorIdx"), name.child("ofNat"), name.child("ofNat_toCtorIdx")
    decls: list[T.Definition] = []
    t = syn.root(name)
    if to_idx not in env.kernel:
        alts = [([syn.root(c.name)], syn.num(i)) for i, c in enumerate(shape.ctors)]
        decls.append(syn.definition("def", f"_root_.{to_idx}", (), [_binder(syn, "x✝", t)], syn.root("Nat"),
                                    syn.match([syn.id("x✝")], alts)))
    if of_nat not in env.kernel:
        body: T.Term = syn.root(shape.ctors[-1].name)
        for i in reversed(range(len(shape.ctors) - 1)):
            cond = syn.app("Eq", syn.id("n✝"), syn.num(i))
            body = T.If(syn.span, syn.typed(cond, T.SortTerm(syn.span, "Prop")), syn.root(shape.ctors[i].name), body)
        decls.append(syn.definition("def", f"_root_.{of_nat}", (), [_binder(syn, "n✝", syn.root("Nat"))], t, body))
    if lemma not in env.kernel:
        stmt = syn.app("Eq", syn.app(of_nat, syn.app(to_idx, syn.id("x✝"))), syn.id("x✝"))
        alts = [([syn.root(c.name)], syn.root("rfl")) for c in shape.ctors]
        decls.append(syn.definition("theorem", f"_root_.{lemma}", (), [_binder(syn, "x✝", t)], stmt,
                                    syn.match([syn.id("x✝")], alts)))
    x, y = syn.id("x✝"), syn.id("y✝")
    goal = syn.app("Decidable", syn.app("Eq", x, y))
    same = syn.app("Eq", syn.app(to_idx, x), syn.app(to_idx, y))
    yes = syn.app("Decidable.isTrue", syn.app(
        "Eq.trans", syn.app("Eq.symm", syn.app(lemma, x)),
        syn.app("Eq.trans", syn.app("congrArg", syn.root(of_nat), syn.id("h✝")), syn.app(lemma, y))))
    no = syn.app("Decidable.isFalse", syn.fun(["e✝"], syn.app(syn.id("h✝"), syn.app("congrArg", syn.root(to_idx), syn.id("e✝")))))
    value = syn.fun(["x✝", "y✝"], syn.explicit(
        "dite", goal, same, syn.app("Nat.decEq", syn.app(to_idx, x), syn.app(to_idx, y)),
        syn.fun(["h✝"], yes), syn.fun(["h✝"], no)))
    decls.append(_instance(shape, "DecidableEq", value))
    return _elaborate(env, decls)


# -- BEq -------------------------------------------------------------------------------------------


def derive_beq(env: ElabEnv, info: InductiveInfo, span: T.Span) -> tuple[ElabEnv, list]:
    shape = TypeShape(env, info, span, "BEq")
    syn = shape.syn
    aux = shape.aux_name("beq")
    outer = []
    for c in shape.ctors:
        a = [f"a✝{k + 1}" for k in range(len(c.fields))]
        b = [f"b✝{k + 1}" for k in range(len(c.fields))]
        tests = []
        for k, f in enumerate(c.fields):
            if f.irrelevant:
                continue
            ak, bk = syn.id(a[k]), syn.id(b[k])
            tests.append(syn.app(syn.id(aux), ak, bk) if f.recursive else syn.app("BEq.beq", ak, bk))
        body: T.Term = syn.root("Bool.true")
        if tests:
            body = tests[-1]
            for t in reversed(tests[:-1]):
                body = syn.app("and", t, body)
        inner = [([shape.pattern(c, b)], body)]
        if len(shape.ctors) > 1:
            inner.append(([syn.hole()], syn.root("Bool.false")))
        outer.append(([shape.pattern(c, a)], syn.fun(["y✝"], syn.match([syn.id("y✝")], inner))))
    x = syn.id("x✝")
    ty = T.Pi(syn.span, (syn.binder("_", shape.applied(), "default"),), syn.root("Bool"))
    binders = shape.header("BEq") + [_binder(syn, "x✝", shape.applied())]
    body_all = syn.match([x], outer) if outer else shape.cases(x, ty, [])
    decls = [
        syn.definition("def", aux, shape.levels, binders, ty, body_all),
        _instance(shape, "BEq", syn.anon(syn.id(aux))),
    ]
    return _elaborate(env, decls)


# -- Inhabited -------------------------------------------------------------------------------------


def derive_inhabited(env: ElabEnv, info: InductiveInfo, span: T.Span) -> tuple[ElabEnv, list]:
    shape = TypeShape(env, info, span, "Inhabited")
    syn = shape.syn
    for c in shape.ctors:
        if any(f.recursive for f in c.fields):
            continue
        args = [syn.hole() for _ in shape.param_names] + [syn.root("Inhabited.default") for _ in c.fields]
        value = syn.anon(syn.explicit(c.name, *args) if args else syn.root(c.name))  # `⟨T.c default …⟩`
        for with_instances in (False, True):
            binders = shape.header("Inhabited" if with_instances else None)
            decl = syn.definition("instance", None, shape.levels, binders, syn.app("Inhabited", shape.applied()), value)
            try:
                return _elaborate(env.fork(), [decl])
            except ElabError:
                continue
    raise ElabError(span, f"failed to generate 'Inhabited' instance for '{info.name}'")


# -- a type defined by `def` -----------------------------------------------------------------------


def derive_for_definition(env: ElabEnv, class_name: Name, info: object, span: T.Span) -> tuple[ElabEnv, list]:
    """`def T := V deriving C`: `instance : C T := inferInstanceAs (C V)` (Lean's `processDefDeriving`,
    for a `T` without parameters)."""
    from lantern.kernel.expr import SORT

    from ..term.app import Pre

    syn = Syn(span)
    value = info.value  # type: ignore[attr-defined]
    if info.type.kind != SORT or value.lbr or value.has_fvar:  # type: ignore[attr-defined]
        raise ElabError(span, f"default handlers have not been implemented yet, class: '{class_name}' types: #[{info.name}]")  # type: ignore[attr-defined]
    levels = tuple(str(p) for p in info.level_params if str(p) not in env.scope.universes)  # type: ignore[attr-defined]
    body = syn.app("inferInstanceAs", syn.app(class_name, Pre(span, value)))
    decl = syn.definition("instance", None, levels, [], syn.app(class_name, syn.root(info.name)), body)  # type: ignore[attr-defined]
    return _elaborate(env, [decl])
