"""Declaration headers and definitions: `def`, `theorem`, `abbrev`, `example`, `instance`, `axiom`.

A header `name (binders) : type` is elaborated with auto-bound implicits (an unknown single name such
as `a` in `List a` becomes `{a : Sort u}` and the header starts again), the value against the type;
then pending instances are solved, universe metavariables become parameters `u_1, u_2, …`, the
binders are closed over, and the kernel checks the result before it enters the environment.
"""

from __future__ import annotations

from lantern.kernel.declaration import (
    ABBREV_HINTS, PARTIAL, SAFE, AxiomDecl, DefinitionDecl, OpaqueDecl, ReducibilityHints, TheoremDecl, has_value,
)
from lantern.kernel.errors import KernelError
from lantern.kernel.expr import CONST, HAS_EMVAR, HAS_LMVAR, HAS_LPARAM, IMPLICIT, Const, Expr, FVar, Sort, subterms, subterms_with
from lantern.kernel.instantiate import instantiate_level_params, replace_fvars
from lantern.kernel.level import MVAR as LMVAR, Level, mk_param
from lantern.kernel.name import Name
from lantern.kernel.record import record, replace

from ..env import ElabEnv, InstanceInfo
from ..equations import EqnSource, add_equation_lemmas
from ..messages import ElabError
from ..meta.context import AUX_DECL, set_id_counters
from ..meta.instantiate import instantiate_level_mvars, mk_forall_fvars, mk_lambda_fvars
from ..syntax import tree as T
from ..term.elaborator import AutoBound, TermElab
from .partial_def import implementation_name, inhabitant
from .prepared_header import take as take_prepared
from .recursion import compile_structural, mentions

MAX_AUTO_BOUND = 64


@record
class Header:
    te: TermElab
    fvars: list[FVar]
    type: Expr


def elab_header(env: ElabEnv, sig: T.DeclSig, default_type: bool = True) -> Header:
    """Binders and type of a declaration, with auto-bound implicits. The namespace of a dotted name
    (`def Color.f`) is open while they and the body are elaborated, as in Lean."""
    from ..term.decl_scope import decl_namespace_env

    env = decl_namespace_env(env, sig.name)
    auto: list[str] = []
    while True:
        te = TermElab(env, level_names=[*env.scope.universes, *sig.level_params], auto_bound=True)
        try:
            fvars: list[FVar] = []
            for name in auto:
                # `{a : ?T}`: the type is found by unification (`List a` makes it `Type u`, `Vec α n`
                # makes it `Nat`), as Lean's auto-bound implicits.
                te.lctx, fv = te.lctx.add(Name.of(name), te.new_type_mvar(), None, IMPLICIT)
                fvars.append(fv)
            variable_fvars, _ = te.elab_binders(env.scope.variables)
            binder_fvars, _ = te.elab_binders(sig.binders)
            te.auto_bound = True
            if sig.type is not None:
                ty = te.elab_type(sig.type)
            elif default_type:
                ty = te.new_type_mvar()
            else:
                ty = None  # type: ignore[assignment]
            te.auto_bound = False
            # The header is complete before the body is looked at (as in Lean): its instances, such
            # as the numerals' `OfNat`, are solved now, so the body is checked against a known type.
            te.synthesize_pending()
            all_fvars = fvars + variable_fvars + binder_fvars
            if sig.type is not None:
                # Universe metavariables of a complete header become parameters `u_1, …` now (Lean's
                # `levelMVarToParam`), so goals and messages about the body show `Type u_1`.
                generalize_levels(te, [*(te.lctx.get(f).type for f in all_fvars), ty])  # type: ignore[union-attr]
                te._checker = None
            return Header(te, all_fvars, ty)
        except AutoBound as ab:
            if ab.name in auto or len(auto) >= MAX_AUTO_BOUND:
                raise
            auto.append(ab.name)


def _header(env: ElabEnv, sig: T.DeclSig) -> Header:
    """The header of `sig`: elaborated now, or the one elaborated ahead for it (`prepared_header`)."""
    prepared = take_prepared(sig)
    if prepared is None:
        return elab_header(env, sig)
    set_id_counters(prepared.ids)
    return prepared.header


def full_name(env: ElabEnv, short: str) -> Name:
    from ..names import join, split_ident

    parts = split_ident(short)
    if parts and parts[0] == "_root_":
        return join(Name.of(""), parts[1:])
    return join(env.scope.namespace, parts)


def generalize_levels(te: TermElab, exprs: list[Expr]) -> tuple[list[Expr], tuple[Name, ...]]:
    """Turn the universe metavariables left in `exprs` into parameters `u_1, u_2, …` (Lean's naming),
    after the user's own universe names."""
    found: list[Name] = []
    instantiated = [te.instantiate(e) for e in exprs]
    for e in instantiated:
        for x in subterms_with(e, HAS_LMVAR):
            levels: tuple[Level, ...] = ()
            if x.kind == CONST:
                levels = x.levels  # type: ignore[attr-defined]
            elif isinstance(x, Sort):
                levels = (x.level,)
            for l in levels:
                _collect_level_mvars(te, l, found)
    used = set(te.level_names)
    i = 1
    for m in found:
        while f"u_{i}" in used:
            i += 1
        te.mctx.assign_level(m, mk_param(Name.of(f"u_{i}")))
        used.add(f"u_{i}")
        te.level_names.append(f"u_{i}")
    out = [te.instantiate(e) for e in instantiated] if found else instantiated  # (nothing new assigned)
    params = _used_level_params(out, te.level_names)
    return out, params


def _collect_level_mvars(te: TermElab, l: Level, out: list[Name]) -> None:
    l = instantiate_level_mvars(te.mctx, l)
    if not l.has_mvar:
        return
    if l.kind == LMVAR:
        if l.a not in out:
            out.append(l.a)  # type: ignore[arg-type]
        return
    for x in (l.a, l.b):
        if isinstance(x, Level):
            _collect_level_mvars(te, x, out)


def _used_level_params(exprs: list[Expr], order: list[str]) -> tuple[Name, ...]:
    from lantern.kernel.level import params_of

    used: set[Name] = set()
    for e in exprs:
        for x in subterms_with(e, HAS_LPARAM):
            if x.kind == CONST:
                for l in x.levels:  # type: ignore[attr-defined]
                    params_of(l, used)
            elif isinstance(x, Sort):
                params_of(x.level, used)
    return tuple(Name.of(n) for n in order if Name.of(n) in used)


def check_no_mvars(te: TermElab, e: Expr, span: T.Span, what: str) -> None:
    e = te.instantiate(e)
    if e.flags & HAS_EMVAR:  # (universe metavariables become parameters afterwards)
        raise ElabError(span, f"don't know how to synthesize placeholder in {what}\n  {te.pp(e)}")


def definition_height(env: ElabEnv, value: Expr) -> int:
    h = 0
    for x in subterms(value):
        if x.kind == CONST:
            info = env.kernel.find(x.name)  # type: ignore[attr-defined]
            if info is not None and has_value(info) and getattr(info, "hints", None) is not None and info.hints.kind == "regular":  # type: ignore[union-attr]
                h = max(h, info.hints.height)  # type: ignore[union-attr]
    return h + 1


def elab_definition(env: ElabEnv, cmd: T.Definition) -> tuple[ElabEnv, list]:
    if cmd.where:
        return elab_with_where(env, cmd)
    return elab_definition_core(env, cmd, ())


def elab_with_where(env: ElabEnv, cmd: T.Definition) -> tuple[ElabEnv, list]:
    """`def f … := … go … where go … := …`: each `go` is the definition `f.go`, elaborated first (as
    Lean does, minus mutual recursion with `f`), and `go` in `f`'s body refers to it."""
    if not cmd.sig.name:
        raise ElabError(cmd.where[0].span, "`where` needs a named declaration")
    messages: list = []
    aux: list[tuple[Name, Name]] = []
    for w in cmd.where:
        short = w.sig.name or "_"
        sub = replace(w, sig=replace(w.sig, name=f"{cmd.sig.name}.{short}"))
        env, msgs = elab_definition(env, sub)
        messages += msgs
        aux.append((Name.of(short), full_name(env, sub.sig.name)))  # type: ignore[arg-type]
    env, msgs = elab_definition_core(env, replace(cmd, where=()), tuple(aux))
    return env, messages + msgs


def elab_definition_core(env: ElabEnv, cmd: T.Definition, aux: tuple[tuple[Name, Name], ...]) -> tuple[ElabEnv, list]:
    if cmd.equations:
        # `def f : A → B | p => e | …` is `def f : A → B := fun | p => e | …`
        cmd = replace(cmd, value=T.FunMatch(cmd.equations[0].span.join(cmd.equations[-1].span), cmd.equations))
    if cmd.value is None:
        raise ElabError(cmd.span, f"'{cmd.kind}' needs a value here")
    header = _header(env, cmd.sig)
    te = header.te
    if cmd.sig.name:
        name = full_name(env, cmd.sig.name)
    elif cmd.kind == "instance":
        name = full_name(env, instance_name(te, header.type))
    else:
        name = None
    # The function itself, as a local, for recursive calls (its type must be known for that).
    self_ref = None
    fn_type = te.instantiate(mk_forall_fvars(te.mctx, te.lctx, header.fvars, header.type))
    if name is not None and cmd.kind in ("def", "theorem", "abbrev", "instance") and not (fn_type.flags & HAS_EMVAR):
        # Recursive calls may use the name as written (`Nat.add`) or, unless protected, its last part.
        written = Name.of(cmd.sig.name) if cmd.sig.name else name
        te.lctx, self_ref = te.lctx.add(written, fn_type, None, AUX_DECL)
        if cmd.mods.visibility != "protected" and written is not Name.of(str(name.last)):
            te.lctx = te.lctx.alias(Name.of(str(name.last)), self_ref)
        if written is not name:
            te.lctx = te.lctx.alias(name, self_ref)  # (field notation: `xs.len` in `List.len`)
    # The `where` declarations, by their short names: locals standing for the constants.
    aux_consts: dict[object, Expr] = {}
    for short, full in aux:
        info = env.kernel.get(full)
        levels = tuple(te.mctx.new_level_mvar() for _ in info.level_params)
        te.lctx, x = te.lctx.add(short, instantiate_level_params(info.type, info.level_params, levels), None, AUX_DECL)
        aux_consts[x.fid] = Const(full, levels)
    try:
        value = te.elab_checked(cmd.value, header.type)
    except AutoBound as ab:
        raise ElabError(cmd.value.span, f"unknown identifier '{ab.name}'") from None
    te.synthesize_pending()
    # Instantiated once here: the steps below would each substitute a tactic proof's delayed
    # assignments (a case under its binders) into it again.
    value = te.instantiate(value)
    if te.mctx.delayed and value.flags & HAS_EMVAR:
        # A `by` block in a branch of `fun | …` is a goal under the branch's binders and then under
        # the `fun`'s: a chain of delayed assignments, which instantiation follows one level only.
        # (Only then: instantiation alone settles the delayed assignments of a proof's `intro`s.)
        from .wf import settle_delayed

        settle_delayed(te)
        value = te.instantiate(value)
    if aux_consts:
        value = replace_fvars(value, aux_consts)
    elaborated = value  # before recursion is compiled: the equation lemmas state this body
    recursive = self_ref is not None and mentions(value, self_ref)
    calls_itself = recursive
    well_founded = False
    if recursive and not cmd.mods.partial:
        value, well_founded = compile_recursion(te, self_ref, header.fvars, value, str(name), cmd)  # type: ignore[arg-type]
        recursive = False
    ty = mk_forall_fvars(te.mctx, te.lctx, header.fvars, header.type)
    val = mk_lambda_fvars(te.mctx, te.lctx, header.fvars, value)
    check_no_mvars(te, ty, cmd.sig.span, "the type")
    check_no_mvars(te, val, cmd.value.span, "the value")
    impl: Name | None = None  # `partial def` (see `partial_def.py`): the body is `f._unsafe_rec`'s
    terms = [ty, val]
    if recursive:
        impl = implementation_name(name)  # type: ignore[arg-type]
        val = replace_fvars(val, {self_ref.fid: Const(impl, ())})  # type: ignore[union-attr]
        inhabited = inhabitant(te, header.fvars, header.type, name, cmd.sig.span)  # type: ignore[arg-type]
        check_no_mvars(te, inhabited, cmd.sig.span, "the type")
        terms = [ty, val, inhabited]
    terms, level_params = generalize_levels(te, terms)
    ty, val = terms[0], terms[1]
    if impl is not None:
        val = relevel_self(val, impl, level_params)
    messages = list(te.messages)
    if te.uses_sorry:
        messages.append(("warning", cmd.sig.span, "declaration uses 'sorry'"))
    if cmd.kind == "example" or name is None:
        decl = DefinitionDecl(Name.of("_example"), level_params, ty, val)
        _kernel_check(env, decl, cmd, add=False)
        return env, messages
    if cmd.kind == "theorem":
        decl = TheoremDecl(name, level_params, ty, val)
    else:
        hints = ABBREV_HINTS if cmd.kind == "abbrev" else ReducibilityHints.regular(definition_height(env, val))
        if impl is not None:
            _kernel_check(env, DefinitionDecl(impl, level_params, ty, val, hints, PARTIAL), cmd, add=True)
            decl = OpaqueDecl(name, level_params, ty, terms[2])
        else:
            decl = DefinitionDecl(name, level_params, ty, val, hints, SAFE)
    _kernel_check(env, decl, cmd, add=True)
    if cmd.kind in ("def", "abbrev") and not recursive:
        source = EqnSource(name, level_params, header.fvars, elaborated, self_ref, getattr(te, "match_records", []), calls_itself)
        if well_founded:
            from .wf_eqns import prove_wf_eq_def

            source.prove_def = prove_wf_eq_def
        env = add_equation_lemmas(env, te, source)
    new_env = env if impl is None else env.add_implemented_by(name, impl)  # type: ignore[arg-type]
    if cmd.kind == "instance":
        cls = _class_of(ty, env)
        if cls is not None:
            new_env = new_env.add_instance(InstanceInfo(name, cls, cmd.priority or 1000))
    if cmd.kind == "abbrev":
        new_env = new_env.add_attribute("reducible", name)
    return apply_modifiers(new_env, cmd.mods, name, ty), messages


def apply_modifiers(env: ElabEnv, mods: T.Modifiers, name: Name, ty: Expr) -> ElabEnv:
    """What a declaration's modifiers record: its doc comment, `protected`, and `@[…]` attributes."""
    if mods.doc:
        env = env.add_doc(name, mods.doc)
    if mods.visibility == "protected":
        env = env.add_protected(name)
    for attr in mods.attrs:
        env = add_attribute(env, attr, name, ty)
    return env


def compile_recursion(te: TermElab, self_ref: FVar, header: list[FVar], value: Expr, name: str, cmd: T.Definition) -> tuple[Expr, bool]:
    """A recursive body without the recursion: structural (through the recursor) unless
    `termination_by`/`decreasing_by` ask for well-founded recursion or it fails, then well-founded.
    Returns the value and whether it is well-founded."""
    structural_error = None
    if cmd.termination_by is None and cmd.decreasing_by is None:
        try:
            return compile_structural(te, self_ref, header, value, name, cmd.sig.span), False
        except ElabError as ex:
            structural_error = ex
        from .brecon import compile_brecon

        try:
            return compile_brecon(te, self_ref, header, value, name, cmd.sig.span), False
        except ElabError:
            pass
        from .mutual_structural import compile_structural_alone

        try:  # (recursion over a type of a mutual block: its recursor, with the other types' motives)
            return compile_structural_alone(te, self_ref, header, value, name, cmd), False
        except ElabError:
            pass
        if Name.of("WellFounded.fix") not in env_of(te).kernel:
            raise structural_error
    from .wf import compile_wf

    compiled, _ = compile_wf(te, self_ref, header, value, name, cmd.sig.span, cmd)
    return compiled, True


def env_of(te: TermElab) -> ElabEnv:
    return te.env


def relevel_self(e: Expr, name: Name, level_params: tuple[Name, ...]) -> Expr:
    """Give the self-references `Const(name, …)` of a declaration (made before its universe
    parameters were known) those parameters."""
    from lantern.kernel.instantiate import _rebuild

    levels = tuple(mk_param(p) for p in level_params)

    def go(x: Expr, off: int) -> Expr:
        if x.kind == CONST and x.name is name:  # type: ignore[attr-defined]
            return Const(name, levels)
        return _rebuild(x, go, off)

    return go(e, 0)


def instance_name(te: TermElab, ty: Expr) -> str:
    """Lean's name for an anonymous instance: `inst` followed by the constants of its type, e.g.
    `instance : Add Nat` is `instAddNat`."""
    from lantern.kernel.expr import PI

    ty = te.instantiate(ty)
    while ty.kind == PI:
        ty = ty.body  # type: ignore[attr-defined]
    parts: list[str] = []

    def visit(e: Expr) -> None:  # left to right, as the type reads
        from lantern.kernel.expr import APP

        if e.kind == APP:
            visit(e.fn)  # type: ignore[attr-defined]
            visit(e.arg)  # type: ignore[attr-defined]
        elif e.kind == CONST:
            last = e.name.last  # type: ignore[attr-defined]
            if isinstance(last, str) and last[0].upper() + last[1:] not in parts:
                parts.append(last[0].upper() + last[1:])

    visit(ty)
    return "inst" + "".join(parts)


def add_attribute(env: ElabEnv, attr: T.Attr, name: Name, ty: Expr) -> ElabEnv:
    """`@[simp]`, `@[reducible]`, `@[default_instance]`, … on the declaration `name`."""
    if attr.name == "default_instance":
        cls = _class_of(ty, env)
        if cls is None:
            raise ElabError(attr.span, "invalid default instance: the type is not a class application")
        priority = int(attr.args[0]) if attr.args and attr.args[0].isdigit() else 1000
        env = env.add_default_instance(cls, name, priority)
    return env.add_attribute(attr.name, name)


def _class_of(ty: Expr, env: ElabEnv | None = None) -> Name | None:
    """The class an instance's type concludes with, seeing through reducible abbreviations
    (`DecidableEq Nat` is `(a b : Nat) → Decidable (a = b)`: an instance of `Decidable`)."""
    from lantern.kernel.expr import PI, get_app_args, get_app_fn
    from lantern.kernel.instantiate import instantiate_level_params

    from ..meta.instantiate import beta

    for _ in range(64):
        while ty.kind == PI:
            ty = ty.body  # type: ignore[attr-defined]
        head = get_app_fn(ty)
        if head.kind != CONST:
            return None
        info = env.kernel.find(head.name) if env is not None else None  # type: ignore[attr-defined]
        if info is None or not env.has_attribute("reducible", head.name) or getattr(info, "value", None) is None:  # type: ignore[union-attr]
            return head.name  # type: ignore[attr-defined]
        value = instantiate_level_params(info.value, info.level_params, head.levels)  # type: ignore[attr-defined]
        ty = beta(value, get_app_args(ty)[1])
    return None


def _kernel_check(env: ElabEnv, decl: object, cmd: T.Definition | T.Axiom, add: bool) -> None:
    from lantern.kernel.add_decl import check_declaration

    from ..kernel_jobs import active

    jobs = active()
    try:
        if jobs is not None and jobs.may_defer(cmd, decl, add):
            jobs.admit(env.kernel, decl, add)  # type: ignore[arg-type]
        elif add:
            env.kernel.add(decl)  # type: ignore[arg-type]
        else:
            check_declaration(env.kernel, decl)  # type: ignore[arg-type]
    except KernelError as ex:
        raise ElabError(cmd.sig.span, f"(kernel) {ex.message}") from None


def elab_axiom(env: ElabEnv, cmd: T.Axiom) -> tuple[ElabEnv, list]:
    header = elab_header(env, cmd.sig)
    te = header.te
    te.synthesize_pending()
    ty = mk_forall_fvars(te.mctx, te.lctx, header.fvars, header.type)
    check_no_mvars(te, ty, cmd.sig.span, "the type")
    (ty,), level_params = generalize_levels(te, [ty])
    name = full_name(env, cmd.sig.name or "_axiom")
    _kernel_check(env, AxiomDecl(name, level_params, ty), cmd, add=True)
    return env, list(te.messages)
