"""Elaborating one command: dispatch, scopes, and the `#` commands.

`elab_command(env, cmd)` returns the environment after the command and its messages. An error stops
only its own command: the environment before it is returned unchanged (nothing half-added), so the
rest of the file is checked as if the command were absent.
"""

from __future__ import annotations

from lantern.kernel.errors import KernelError
from lantern.kernel.expr import CONST, Const, Expr
from lantern.kernel.name import Name
from lantern.kernel.record import replace

from ..env import ElabEnv, Scope
from ..messages import ERROR, INFO, ElabError, Message
from ..syntax import tree as T
from ..term.elaborator import AutoBound, TermElab
from .declaration import elab_axiom, elab_definition, full_name
from .deriving import derive_after, elab_deriving_instance
from .inductive import elab_inductive
from .structure import elab_structure


def elab_command(env: ElabEnv, cmd: T.Command) -> tuple[ElabEnv, list[Message]]:
    try:
        new_env, raw = _dispatch(env.fork(), cmd)  # the command works on its own copy
    except ElabError as ex:
        return env, [Message(ex.span, ERROR, ex.text)]
    except AutoBound as ab:
        return env, [Message(cmd.span, ERROR, f"unknown identifier '{ab.name}'")]
    except KernelError as ex:
        return env, [Message(cmd.span, ERROR, str(ex))]
    except RecursionError:
        return env, [Message(cmd.span, ERROR, "term is too deeply nested to be elaborated")]
    except Exception as ex:  # an internal error must not stop the file: report it on the command
        import traceback  # here only: it costs a start-up ~5 ms of imports

        detail = "".join(traceback.format_exception_only(type(ex), ex)).strip()
        return env, [Message(cmd.span, ERROR, f"internal error while elaborating this command: {detail}")]
    return new_env, [m if isinstance(m, Message) else Message(m[1], m[0], m[2]) for m in raw]


def _dispatch(env: ElabEnv, cmd: T.Command) -> tuple[ElabEnv, list]:
    if isinstance(cmd, T.ParseError):
        return env, [Message(cmd.span, ERROR, cmd.message)]
    if isinstance(cmd, T.Definition):
        if cmd.kind == "opaque":
            from .opaque import elab_opaque

            return elab_opaque(env, cmd)
        if cmd.mods.unsafe and not cmd.where and cmd.kind == "def":
            # An `unsafe def` may call itself without a termination argument: a block of one.
            from .mutual_def import elab_mutual_def

            return derive_after(elab_mutual_def(env, [cmd]), cmd)
        return derive_after(elab_definition(env, cmd), cmd)
    if isinstance(cmd, T.Axiom):
        return elab_axiom(env, cmd)
    if isinstance(cmd, T.Inductive):
        return derive_after(elab_inductive(env, cmd), cmd)
    if isinstance(cmd, T.Structure):
        return derive_after(elab_structure(env, cmd), cmd)
    if isinstance(cmd, T.Mutual):
        from .mutual import elab_mutual

        return elab_mutual(env, cmd)
    if isinstance(cmd, T.Export):
        from .export_cmd import elab_export

        return elab_export(env, cmd)
    if isinstance(cmd, T.DerivingInstance):
        return elab_deriving_instance(env, cmd)
    if isinstance(cmd, T.Scope):
        return elab_scope(env, cmd)
    if isinstance(cmd, T.Variable):
        scope = env.scope
        return env.with_scope(replace(scope, variables=scope.variables + tuple(cmd.binders))), []
    if isinstance(cmd, T.InitQuot):
        from lantern.kernel.declaration import QuotDecl

        env.kernel.add(QuotDecl())
        return env, []
    if isinstance(cmd, T.Universe):
        scope = env.scope
        return env.with_scope(replace(scope, universes=scope.universes + tuple(cmd.names))), []
    if isinstance(cmd, T.Open):
        return elab_open(env, cmd)
    if isinstance(cmd, T.HashCmd):
        return elab_hash(env, cmd)
    if isinstance(cmd, T.NotationCmd):
        return elab_notation(env, cmd)
    if isinstance(cmd, T.GuardMsgs):
        return elab_guard_msgs(env, cmd)
    if isinstance(cmd, T.AttributeCmd):
        return elab_attribute(env, cmd)
    if isinstance(cmd, T.SetOption):
        scope = env.scope
        return env.with_scope(replace(scope, options=scope.options + ((cmd.name, cmd.value),))), []
    raise ElabError(cmd.span, f"this command ({type(cmd).__name__}) is not supported yet")


def elab_scope(env: ElabEnv, cmd: T.Scope) -> tuple[ElabEnv, list]:
    scope = env.scope
    if cmd.kind == "namespace":
        header = Name.of(cmd.name or "")
        ns = full_name(env, cmd.name or "")
        return env.push_scope(Scope("namespace", header, ns, scope.opens, scope.variables, scope.universes)).with_namespace(ns), []
    if cmd.kind == "section":
        header = Name.of(cmd.name) if cmd.name else Name.of("")
        return env.push_scope(Scope("section", header, scope.namespace, scope.opens, scope.variables, scope.universes)), []
    # `end X` closes the innermost scope, whose name must be X.
    if len(env.scopes) == 1:
        raise ElabError(cmd.span, "invalid 'end', there is no open namespace or section")
    given = Name.of(cmd.name) if cmd.name else Name.of("")
    if given is not scope.header:
        what = f"'{scope.header}'" if not scope.header.is_anonymous else "an anonymous section"
        raise ElabError(cmd.span, f"invalid 'end', name mismatch: the innermost scope is {what}")
    return env.pop_scope(), []


def elab_attribute(env: ElabEnv, cmd: T.AttributeCmd) -> tuple[ElabEnv, list]:
    from ..names import resolve_global
    from .declaration import add_attribute

    for text in cmd.names:
        found = resolve_global(env, text)
        if len(found) != 1 or found[0].fields:
            raise ElabError(cmd.span, f"unknown constant '{text}'")
        name = found[0].name
        for attr in cmd.attrs:
            if cmd.erase:
                table = dict(env.attributes)
                table[attr.name] = table.get(attr.name, frozenset()) - {name}
                env = replace(env, attributes=table)
            else:
                env = add_attribute(env, attr, name, env.kernel.get(name).type)
    return env, []


def elab_open(env: ElabEnv, cmd: T.Open) -> tuple[ElabEnv, list]:
    from ..names import namespace_prefixes

    opens = list(env.scope.opens)
    for ns_text in cmd.namespaces:
        found = None
        for prefix in namespace_prefixes(env.scope.namespace):
            candidate = full_name(replace(env, scopes=(Scope(namespace=prefix),)), ns_text)
            if candidate in env.namespaces:
                found = candidate
                break
        if found is None:
            raise ElabError(cmd.span, f"unknown namespace '{ns_text}'")
        opens.append(found)
    if getattr(cmd, "command", None) is not None:
        # `open X in cmd`: the namespaces are open for that command only.
        inner_env, messages = elab_command(env.with_scope(replace(env.scope, opens=tuple(opens))), cmd.command)
        return inner_env.with_scope(replace(inner_env.scope, opens=env.scope.opens)), messages
    return env.with_scope(replace(env.scope, opens=tuple(opens))), []


def elab_hash(env: ElabEnv, cmd: T.HashCmd) -> tuple[ElabEnv, list]:
    te = TermElab(env, level_names=list(env.scope.universes))
    if cmd.kind == "check":
        if isinstance(cmd.term, T.Ident) and not cmd.term.levels:
            # `#check f` for a constant prints its signature, as Lean does.
            from ..names import resolve_global
            from ..pp import format_signature

            found = resolve_global(env, cmd.term.name) if te.lctx.find_user(Name.of(cmd.term.name)) is None else []
            if len(found) == 1 and not found[0].fields:
                return env, [Message(cmd.span, INFO, format_signature(found[0].name, env))]
        if isinstance(cmd.term, T.Explicit) and not cmd.term.ident.levels:
            # `#check @f` shows `f` with its own universe parameters, as Lean does.
            from lantern.kernel.level import mk_param

            from ..names import resolve_global

            found = resolve_global(env, cmd.term.ident.name)
            if len(found) == 1 and not found[0].fields:
                info = env.kernel.get(found[0].name)
                c = Const(info.name, tuple(mk_param(p) for p in info.level_params))
                return env, [Message(cmd.span, INFO, f"{te.pp(c)} : {te.pp(info.type)}")]
        e = te.elab(cmd.term, None)
        te.synthesize_pending()
        ty = te.instantiate(te.infer(e))
        return env, [Message(cmd.span, INFO, f"{te.pp(e)} : {te.pp(ty)}")]
    if cmd.kind == "reduce":
        e = te.elab(cmd.term, None)
        te.synthesize_pending()
        return env, [Message(cmd.span, INFO, te.pp(normalize(te, te.instantiate(e))))]
    if cmd.kind == "eval":
        from ..eval import EvalError, Limits, evaluate

        e = te.elab(cmd.term, None)
        te.synthesize_pending()
        e = te.instantiate(e)
        ty = te.instantiate(te.infer(e))
        if e.has_mvar:
            raise ElabError(cmd.term.span, f"cannot evaluate a term with unsolved placeholders\n  {te.pp(e)}")
        steps = dict(env.scope.options).get("eval.maxSteps")
        limit = Limits(steps=int(steps)) if steps and steps.isdigit() else None
        from .eval_hook import make_repr_hook

        try:
            return env, [Message(cmd.span, INFO, evaluate(env, e, ty, limit=limit, repr_hook=make_repr_hook(env)))]
        except EvalError as ex:
            return env, [Message(cmd.span, ERROR, str(ex))]
    if cmd.kind == "print":
        from ..names import resolve_global

        found = resolve_global(env, cmd.term.name) if isinstance(cmd.term, T.Ident) else []
        if not isinstance(cmd.term, T.Ident):
            raise ElabError(cmd.term.span, "#print expects the name of a declaration")
        if len(found) != 1 or found[0].fields:
            raise te.unknown_identifier(cmd.term)
        return env, [Message(cmd.span, INFO, print_declaration(te, found[0].name))]
    raise ElabError(cmd.span, f"#{cmd.kind} is not supported yet")


def print_declaration(te: TermElab, name: Name) -> str:
    """What Lean's `#print` shows: the kind, the name with its universe parameters, the type, and the
    value of a definition or theorem; the constructors of an inductive type."""
    from lantern.kernel.declaration import (
        AxiomInfo,
        ConstructorInfo,
        DefinitionInfo,
        InductiveInfo,
        OpaqueInfo,
        QuotInfo,
        RecursorInfo,
        TheoremInfo,
    )

    info = te.env.kernel.get(name)
    levels = f".{{{', '.join(str(p) for p in info.level_params)}}}" if info.level_params else ""
    header = f"{name}{levels} : {te.pp(info.type)}"
    if isinstance(info, DefinitionInfo):
        prefix = "@[reducible] def" if info.hints.kind == "abbrev" else "def"
        return f"{prefix} {header} :=\n{te.pp(info.value)}"
    if isinstance(info, TheoremInfo):
        return f"theorem {header} :=\n{te.pp(info.value)}"
    if isinstance(info, OpaqueInfo):
        return f"opaque {header}"
    if isinstance(info, AxiomInfo):
        return f"axiom {header}"
    if isinstance(info, InductiveInfo):
        ctors = "\n".join(f"{c} : {te.pp(te.env.kernel.get(c).type)}" for c in info.ctors)
        return f"inductive {header}\nnumber of parameters: {info.num_params}\nconstructors:\n{ctors}"
    if isinstance(info, ConstructorInfo):
        return f"constructor {header}"
    if isinstance(info, RecursorInfo):
        return f"recursor {header}"
    if isinstance(info, QuotInfo):
        return f"Quotient primitive {header}"
    return header


def elab_guard_msgs(env: ElabEnv, cmd: T.GuardMsgs) -> tuple[ElabEnv, list]:
    """`/-- expected -/ #guard_msgs in cmd`: the command's messages, rendered as Lean renders them
    (`severity: text`, separated by `---`), must equal the doc comment (whitespace at the ends of
    lines and of the whole text aside). On success they are swallowed; otherwise they are reported
    along with the mismatch."""
    new_env, messages = elab_command(env, cmd.command)
    actual = "\n---\n".join(f"{m.severity}: {m.text}" for m in messages)
    expected = cmd.expected or ""
    if _normalize(actual) == _normalize(expected):
        return new_env, []
    report = Message(cmd.span, ERROR, f"❌️ Docstring on `#guard_msgs` does not match generated message:\n\n{actual}")
    return new_env, [*messages, report]


def _normalize(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def normalize(te: TermElab, e: Expr) -> Expr:
    """Full normal form, as `#reduce` shows it: weak head normal form, then the same inside (under
    binders with fresh variables)."""
    from lantern.kernel.expr import APP, LAM, PI, App, get_app_args
    from lantern.kernel.instantiate import instantiate1

    e = te.whnf(e)
    if e.kind == APP:
        f, args = get_app_args(e)
        r = normalize(te, f) if f.kind != CONST else f  # (a stuck head constant stays)
        for a in args:
            r = App(r, normalize(te, a))
        return r
    if e.kind in (LAM, PI):
        with te.with_local(e.name, e.type, None, e.binfo) as x:  # type: ignore[attr-defined]
            body = normalize(te, instantiate1(e.body, x))  # type: ignore[attr-defined]
            dom = normalize(te, e.type)  # type: ignore[attr-defined]
            from lantern.elab.meta.instantiate import mk_forall_fvars, mk_lambda_fvars

            closed = (mk_lambda_fvars if e.kind == LAM else mk_forall_fvars)(te.mctx, te.lctx, [x], body)
        return type(e)(e.name, dom, closed.body, e.binfo)  # type: ignore[attr-defined,call-arg]
    return e


def elab_notation(env: ElabEnv, cmd: T.NotationCmd) -> tuple[ElabEnv, list]:
    from ..syntax.operators import NotationTable

    table = env.notations if env.notations is not None else NotationTable.builtin()
    return replace(env, notations=table.add(cmd)), []


