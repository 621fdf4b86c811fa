"""The pretty printer: kernel terms printed exactly as Lean 4 prints them, for error messages, `#check`,
hovers and goal states.

    format_term(e, env, lctx=None, mctx=None, notation=None) -> str
    format_goal(lctx, target, env, tag=None, mctx=None) -> str
    format_signature(name, env) -> str            # `#check @f` / hover: `f.{u} {α : Type u} (x : α) : α`

`env` is the kernel `Environment` or the front end's `ElabEnv` (which adds scope-aware name
shortening). `notation` is a `NotationTable` or a list of records `(fn, symbol, kind, prec)` put on top
of Lean's built-in notation. The pipeline is Lean's: delaborate (`delab.py`), parenthesize and lay out
(`syntax.py`), and render with Lean's `Format` algorithm at width 120 (`format.py`).
"""

from __future__ import annotations

from typing import Optional, Sequence

from lantern.kernel.expr import CONST, IMPLICIT, INST_IMPLICIT, PI, STRICT_IMPLICIT, Expr
from lantern.kernel.instantiate import has_loose_bvar, instantiate1
from lantern.kernel.name import Name

from . import format as F
from . import syntax as S
from .delab import Binder, Delaborator, Options, quote_string
from .level import format_level, format_sort
from .names import erase_macro_scopes, is_inaccessible
from .notation import NotationEntry, NotationTable
from .syntax import Stx

__all__ = [
    "format_term", "format_goal", "format_signature", "term_doc", "goal_doc", "signature_doc",
    "Options", "NotationTable", "NotationEntry", "format_level", "format_sort", "quote_string",
]


def term_doc(e: Expr, env: object, lctx: object = None, mctx: object = None, notation: object = None,
             options: Optional[Options] = None) -> tuple:
    """The `Format` of a term (what Lean's `ppExpr` returns), to embed in a larger message."""
    d = Delaborator(env, lctx, mctx, notation, options)
    return S.term_doc(d.delab_top(e))


def format_term(e: Expr, env: object, lctx: object = None, mctx: object = None, notation: object = None,
                options: Optional[Options] = None, *, width: Optional[int] = None, column: int = 0) -> str:
    """`e` as Lean prints it (`ppExpr`): notation, implicit arguments hidden, field notation, binder
    names made fresh where needed, nested proofs as `⋯`, wrapped at `width` (120)."""
    opts = options or Options()
    return F.pretty(term_doc(e, env, lctx, mctx, notation, opts), width or opts.width, column=column)


# -- goals ------------------------------------------------------------------------------------------------


def goal_doc(lctx: object, target: Expr, env: object, tag: object = None, mctx: object = None,
             notation: object = None, options: Optional[Options] = None) -> tuple:
    """Lean's `Meta.ppGoal`: `case tag`, the hypotheses (consecutive ones of the same type grouped as
    `x y : T`, let-variables as `x : T := v`), then `⊢ target`."""
    from ..meta.instantiate import instantiate_mvars

    opts = options or Options()
    d = Delaborator(env, lctx, mctx, notation, opts)

    def inst(e: Expr) -> Expr:
        try:
            return instantiate_mvars(d.mctx, e)
        except Exception:  # noqa: BLE001
            return e

    def pp(e: Expr) -> tuple:
        return S.term_doc(d.delab_top(e))

    parts: list = []

    def add_line() -> None:
        if parts:
            parts.append(F.LINE)

    pending: list[str] = []
    prev: Optional[Expr] = None

    def push_pending() -> None:
        if pending:
            add_line()
            if prev is not None:
                parts.append(F.group(F.cat(" ".join(pending), " :", F.nest(S.INDENT, F.cat(F.LINE, pp(prev))))))

    from ..meta.context import is_aux_decl

    for decl in d.decls:
        if is_aux_decl(decl):
            continue
        name = d.names[decl.fvar.fid]
        ty = inst(decl.type)
        if decl.value is None:
            if prev is None or prev == ty:
                pending.append(name)
                prev = ty
            else:
                push_pending()
                pending, prev = [name], ty
        else:
            push_pending()
            pending, prev = [], None
            add_line()
            elem = F.cat(name, " : ", pp(ty))
            if opts.show_let_values:
                elem = F.cat(elem, " :=", F.nest(S.INDENT, F.cat(F.LINE, pp(inst(decl.value)))))
            parts.append(F.group(elem))
    push_pending()
    add_line()
    parts += ["⊢ ", F.nest(S.INDENT, pp(inst(target)))]
    doc = F.cat(*parts)
    if tag is not None:
        t = tag if isinstance(tag, str) else (erase_macro_scopes(tag) if not tag.is_anonymous else "")  # type: ignore[attr-defined]
        if t:
            doc = F.cat("case " + t, F.LINE, doc)
    return doc


def format_goal(lctx: object, target: Expr, env: object, tag: object = None, mctx: object = None,
                notation: object = None, options: Optional[Options] = None) -> str:
    opts = options or Options()
    return F.pretty(goal_doc(lctx, target, env, tag, mctx, notation, opts), opts.width)


def format_goals(goals: Sequence[tuple], env: object, mctx: object = None, notation: object = None,
                 options: Optional[Options] = None) -> str:
    """Several goals `(lctx, target, tag)` separated by blank lines, as Lean's `unsolved goals`."""
    if not goals:
        return "no goals"
    return "\n\n".join(format_goal(g[0], g[1], env, g[2] if len(g) > 2 else None, mctx, notation, options)
                       for g in goals)


# -- signatures ------------------------------------------------------------------------------------------


def signature_doc(name: object, env: object, notation: object = None, options: Optional[Options] = None,
                  universes: bool = True) -> tuple:
    """Lean's `delabConstWithSignature`: `c.{u} (x : A) {β : Type} [inst : C] : T`, binders taken
    from the type as long as they are named (and the names are new), the rest after the colon."""
    n = name if isinstance(name, Name) else Name.of(str(name))
    kenv = getattr(env, "kernel", env)
    info = kenv.find(n)  # type: ignore[attr-defined]
    if info is None:
        raise KeyError(f"unknown constant '{n}'")
    d = Delaborator(env, None, None, notation, options)
    d.omit_proofs = not (d.opts.proofs or False)
    head = str(n)
    if universes and info.level_params:
        head += ".{" + ", ".join(str(p) for p in info.level_params) + "}"
    binders: list[Binder] = []
    opened = []
    used: set[str] = set()
    e = info.type
    try:
        while e.kind == PI:
            if e.binfo == INST_IMPLICIT and is_inaccessible(e.name):  # type: ignore[attr-defined]
                binders.append(Binder("[", [], d.sub(e.type), "]"))  # type: ignore[attr-defined]
                fv = d.enter(_hygienic(e.name), e.type, e.binfo)  # type: ignore[attr-defined]
                opened.append(fv)
                e = instantiate1(e.body, fv)  # type: ignore[attr-defined]
                continue
            if not _param_ok(e, used):
                break
            cur: list[str] = []
            while True:
                nm = str(e.name)  # type: ignore[attr-defined]
                if nm in used:
                    nm = _hygienic(e.name)  # type: ignore[attr-defined]
                used.add(nm)
                nxt = e.body  # type: ignore[attr-defined]
                group = (nxt.kind == PI and _param_ok(nxt, used) and e.binfo == nxt.binfo  # type: ignore[attr-defined]
                         and e.type == nxt.type and nxt.binfo != INST_IMPLICIT)  # type: ignore[attr-defined]
                cur.append(nm)
                if not group:
                    binders.append(_param_binder(d, e, cur))
                fv = d.enter(nm, e.type, e.binfo)  # type: ignore[attr-defined]
                opened.append(fv)
                e = instantiate1(e.body, fv)  # type: ignore[attr-defined]
                if not group:
                    break
        d.spine = _spine_flags(d, e)
        old = d.opts.pi_binder_types
        d.opts.pi_binder_types = True
        try:
            ty = d.delab(e)
        finally:
            d.opts.pi_binder_types = old
    finally:
        for fv in reversed(opened):
            d.leave(fv)
    children = [(b.type, 0) for b in binders if b.type is not None] + [(ty, 0)]

    def lay(ds: list) -> tuple:
        parts: list = [head]
        k = 0
        for b in binders:
            td = None
            if b.type is not None:
                td = ds[k]
                k += 1
            parts += [F.LINE, b.layout(td)]
        return F.cat(*parts, " :", F.LINE, ds[-1])

    return S.term_doc(Stx("signature", S.MAX_PREC, children, lay, ends_with_child=True))


def format_signature(name: object, env: object, notation: object = None, options: Optional[Options] = None,
                     universes: bool = True) -> str:
    """`#check f` / `#check @f` and hovers: `append_length.{u_1} {a : Type u_1} (xs ys : List a) :
    (append xs ys).length = xs.length + ys.length`."""
    opts = options or Options()
    return F.pretty(signature_doc(name, env, notation, opts, universes), opts.width)


def _hygienic(n: Name) -> str:
    return (erase_macro_scopes(n) or "a") + "✝"


def _param_ok(e: Expr, used: set[str]) -> bool:
    """A binder that can be shown as a parameter: dependent, or named with a name not used yet."""
    return has_loose_bvar(e.body, 0) or not (is_inaccessible(e.name) or str(e.name) in used)  # type: ignore[attr-defined]


def _param_binder(d: Delaborator, e: Expr, names: list[str]) -> Binder:
    from lantern.kernel.expr import get_app_args

    binfo = e.binfo  # type: ignore[attr-defined]
    ty = e.type  # type: ignore[attr-defined]
    if binfo == IMPLICIT:
        return Binder("{", names, d.sub(ty), "}")
    if binfo == STRICT_IMPLICIT:
        return Binder("⦃", names, d.sub(ty), "⦄")
    if binfo == INST_IMPLICIT:
        return Binder("[", names[:1], d.sub(ty), "]")
    f, xs = get_app_args(ty)
    if f.kind == CONST and str(f.name) == "optParam" and len(xs) == 2:  # type: ignore[attr-defined]
        t, v = d.sub(xs[0]), d.sub(xs[1])
        b = Binder("(", names, t, ")")
        b.close = ")"
        b.type = Stx("optParam", S.MAX_PREC, [(t, 0), (v, 0)], lambda ds: F.cat(ds[0], " :=", F.LINE, ds[1]))
        return b
    return Binder("(", names, d.sub(ty), ")")


def _spine_flags(d: Delaborator, e: Expr) -> Optional[tuple]:
    """Lean's `processSpine`: along the rest of the type, a named binder whose name is free shows its
    name even if unused (`pp.piBinderNames`); one whose name is taken is made inaccessible."""
    return (e, True)
