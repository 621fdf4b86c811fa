"""`mutual def … def … end`: definitions and theorems that call each other (Lean's `elabMutualDef` and
`addPreDefinitions`).

The headers come first, each on its own (auto-bound implicits and all, `declaration.elab_header`);
then every body is elaborated in one term elaborator where each function of the block is a local of
its declared type, so `isOdd n` in `isEven`'s body is an application of that local. The block is then
split into its strongly connected components, dependencies first, as Lean's `partitionPreDefs` does:
a function that calls no function of its component is added as it is; a component of one function
calling itself goes through the single-definition compilers (`declaration.compile_recursion`); a
larger one is compiled by structural recursion over the recursor with one motive per type
(`mutual_structural.py`), else by well-founded recursion over the packed arguments (`mutual_wf.py`);
`partial` and `unsafe` components as Lean compiles them (`mutual_add.py`). Each function keeps its
equation lemmas, so `simp [isEven]`, `rw [isEven]` and `unfold isEven` work as for a single one.
"""

from __future__ import annotations

from lantern.kernel.expr import HAS_EMVAR, Const, Expr
from lantern.kernel.instantiate import instantiate1, replace_fvars
from lantern.kernel.level import mk_param
from lantern.kernel.name import Name
from lantern.kernel.record import replace

from ..env import ElabEnv
from ..messages import ElabError
from ..meta.context import AUX_DECL, LocalContext
from ..meta.instantiate import mk_forall_fvars
from ..syntax import tree as T
from ..term.elaborator import AutoBound, TermElab
from .declaration import elab_header, full_name, generalize_levels, instance_name
from .mutual_fn import MutualFn, calls_in


def elab_mutual_def(env: ElabEnv, cmds: list[T.Definition]) -> tuple[ElabEnv, list]:
    cmds = [_with_value(c) for c in cmds]
    te, fns = _elab_headers(env, cmds)
    messages: list = []
    for fn in fns:
        _elab_body(te, env, fn)
    # Universe metavariables left anywhere become parameters, shared by the whole block (Lean's
    # `fixLevelParams` gives every definition of a block the same universe parameters).
    terms = [te.instantiate(mk_forall_fvars(te.mctx, te.lctx, fn.params, fn.result)) for fn in fns]
    _, level_params = generalize_levels(te, [*terms, *(fn.value for fn in fns)])  # type: ignore[misc]
    messages += list(te.messages)
    del te.messages[:]
    from .mutual_add import add_component

    consts: dict[object, Expr] = {}  # the functions added so far, for the bodies of the later ones
    levels = tuple(mk_param(p) for p in level_params)
    for component in components(fns):
        members = [fns[i] for i in component]
        for fn in members:
            fn.value = replace_fvars(te.instantiate(fn.value), consts)  # type: ignore[arg-type]
        env, msgs = add_component(env, te, members, level_params)
        messages += list(te.messages) + msgs  # (`decreasing_by` reports its errors in `te.messages`)
        del te.messages[:]
        for fn in members:
            consts[fn.fvar.fid] = Const(fn.name, levels)
    return env, messages


def _with_value(cmd: T.Definition) -> T.Definition:
    if cmd.where:
        raise ElabError(cmd.where[0].span, "`where` declarations inside a `mutual` block are not supported yet")
    if cmd.equations:
        # `def f : A → B | p => e | …` is `def f : A → B := fun | p => e | …`
        cmd = replace(cmd, value=T.FunMatch(cmd.equations[0].span.join(cmd.equations[-1].span), cmd.equations))
    if cmd.value is None:
        raise ElabError(cmd.span, f"'{cmd.kind}' needs a value here")
    return cmd


def _elab_headers(env: ElabEnv, cmds: list[T.Definition]) -> tuple[TermElab, list[MutualFn]]:
    """Each header on its own, then one elaborator for the bodies with every function as a local and
    each header's parameters opened again from its type."""
    closed: list[tuple[T.Definition, Name, Expr, int]] = []
    level_names: list[str] = list(env.scope.universes)
    for cmd in cmds:
        header = elab_header(env, cmd.sig)
        hte = header.te
        fn_type = hte.instantiate(mk_forall_fvars(hte.mctx, hte.lctx, header.fvars, header.type))
        if fn_type.flags & HAS_EMVAR:
            raise ElabError(cmd.sig.span, f"failed to infer the type of '{cmd.sig.name or cmd.kind}' in a `mutual` block; give its type after `:`")
        if cmd.sig.name:
            name = full_name(env, cmd.sig.name)
        elif cmd.kind == "instance":
            name = full_name(env, instance_name(hte, header.type))
        else:
            raise ElabError(cmd.sig.span, "a declaration of a `mutual` block needs a name")
        if any(name is c[1] for c in closed):
            raise ElabError(cmd.sig.span, f"'{name}' has already been declared")
        if name in env.kernel:
            raise ElabError(cmd.sig.span, f"'{name}' has already been declared")
        for n in hte.level_names:
            if n not in level_names:
                level_names.append(n)
        closed.append((cmd, name, fn_type, len(header.fvars)))
    te = TermElab(env, level_names=level_names)
    fns: list[MutualFn] = []
    for cmd, name, fn_type, _ in closed:
        written = Name.of(cmd.sig.name) if cmd.sig.name else name
        te.lctx, x = te.lctx.add(written, fn_type, None, AUX_DECL)
        if cmd.mods.visibility != "protected" and written is not Name.of(str(name.last)):
            te.lctx = te.lctx.alias(Name.of(str(name.last)), x)
        if written is not name:
            te.lctx = te.lctx.alias(name, x)  # (for field notation, `f.size` in `Tree.size`)
        fns.append(MutualFn(cmd, name, x, [], fn_type))
    # Each body sees the functions and its own parameters only (`fn.lctx`); the compilers work in
    # the union of those contexts.
    base = te.lctx
    own: list = []
    for fn, (_, _, fn_type, nparams) in zip(fns, closed):
        te.lctx = base
        t = fn_type
        for _ in range(nparams):
            te.lctx, p = te.lctx.add(t.name, t.type, None, t.binfo)  # type: ignore[attr-defined]
            fn.params.append(p)
            t = instantiate1(t.body, p)  # type: ignore[attr-defined]
        fn.result = t
        fn.lctx = te.lctx
        own.extend(te.lctx.decls[len(base.decls):])
    te.lctx = LocalContext(base.decls + tuple(own))
    return te, fns


def _elab_body(te: TermElab, env: ElabEnv, fn: MutualFn) -> None:
    """Elaborate `fn`'s body against its type, with its own namespace open (`def Tree.size` opens
    `Tree`), and run its tactic blocks; its `match` records and use of `sorry` are its own."""
    from ..term.decl_scope import decl_namespace_env

    te.env = decl_namespace_env(env, fn.cmd.sig.name)
    union = te.lctx
    te.lctx = fn.lctx
    te._checker = None
    start = len(getattr(te, "match_records", []))
    te.uses_sorry = False
    try:
        value = te.elab_checked(fn.cmd.value, fn.result)  # type: ignore[arg-type]
    except AutoBound as ab:
        raise ElabError(fn.cmd.value.span, f"unknown identifier '{ab.name}'") from None  # type: ignore[union-attr]
    te.synthesize_pending()
    if te.mctx.delayed:
        from .wf import settle_delayed

        settle_delayed(te)  # (`by` blocks in branches: chains of delayed assignments)
    fn.value = te.instantiate(value)
    fn.records = list(getattr(te, "match_records", [])[start:])
    fn.uses_sorry = te.uses_sorry
    te.env = env
    te.lctx = union
    te._checker = None


def components(fns: list[MutualFn]) -> list[list[int]]:
    """The strongly connected components of the call graph, each after those it calls (Tarjan)."""
    targets = {fn.fvar.fid: i for i, fn in enumerate(fns)}
    succ = [sorted({j for j, _ in calls_in(fn.value, targets)}) for fn in fns]  # type: ignore[arg-type]
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    out: list[list[int]] = []

    def visit(v: int) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in succ[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(sorted(comp))

    for v in range(len(fns)):
        if v not in index:
            visit(v)
    return out

