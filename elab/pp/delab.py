"""The delaborator: kernel terms back to surface syntax, following Lean's
`PrettyPrinter/Delaborator/Builtins.lean` with its default options.

Binders are opened as fresh free variables (locally nameless, as Lean does), so that types can be
inferred where Lean infers them: which arguments are implicit, whether a `∀` is a proposition, whether
an argument is a proof (shown `⋯` unless the whole term is a proof), whether field notation applies.
Inference uses the elaborator's checker; where it fails (ill-typed or unknown terms) the printer
falls back as Lean does (an explicit `@f` application) and never raises.
"""

from __future__ import annotations

from typing import Optional, Sequence

from lantern.kernel.expr import (
    APP, BVAR, CONST, DEFAULT, FVAR, IMPLICIT, INST_IMPLICIT, LAM, LET, MVAR, NATLIT, PI, PROJ, SORT,
    STRICT_IMPLICIT, STRLIT, Expr, FVar, get_app_args,
)
from lantern.kernel.instantiate import has_loose_bvar, instantiate1, instantiate_rev
from lantern.kernel.level import ZERO_LEVEL
from lantern.kernel.name import ANONYMOUS, Name
from lantern.kernel.record import record

from . import format as F
from . import syntax as S
from .level import format_level, format_sort
from .names import binder_display, is_inaccessible, sanitize
from .notation import NotationEntry, NotationTable
from .syntax import LEAD_PREC, MAX_PREC, Stx

ATOMIC = (BVAR, FVAR, MVAR, SORT, CONST, NATLIT, STRLIT)


class _Fail(Exception):
    """A special delaborator does not apply (Lean's `failure` in `DelabM`)."""


@record
class Options:
    """The `pp.*` options this printer honours, with Lean's defaults."""

    fun_binder_types: bool = False  # pp.funBinderTypes
    pi_binder_types: bool = True  # pp.piBinderTypes
    foralls: bool = True  # pp.foralls
    universes: bool = False  # pp.universes
    proofs: Optional[bool] = None  # pp.proofs (unset: shown only when the whole term is a proof)
    field_notation: bool = True  # pp.fieldNotation
    field_notation_generalized: bool = True  # pp.fieldNotation.generalized
    notation: bool = True  # pp.notation
    safe_shadowing: bool = True  # pp.safeShadowing
    let_var_types: bool = False  # pp.letVarTypes
    show_let_values: bool = True  # pp.showLetValues (goals)
    deep_terms: bool = False  # pp.deepTerms
    deep_terms_threshold: int = 50  # pp.deepTerms.threshold
    motives_pi: bool = True  # pp.motives.pi
    width: int = F.WIDTH  # format.width


@record
class ParamKind:
    name: Name
    binfo: int
    default: Optional[Expr] = None
    auto: bool = False

    @property
    def regular_explicit(self) -> bool:
        return self.binfo == DEFAULT and not self.auto and self.default is None


class Binder:
    """A binder group as printed: `x`, `(x y : T)`, `{α : Type}`, `{α}`, `[Add α]`, `[inst : Add α]`."""

    __slots__ = ("open", "names", "type", "close")

    def __init__(self, open_: str, names: list[str], type_: Optional[Stx], close: str) -> None:
        self.open, self.names, self.type, self.close = open_, names, type_, close

    def layout(self, type_doc: Optional[tuple]) -> tuple:
        parts: list = [self.open]
        for i, n in enumerate(self.names):
            if i:
                parts.append(F.LINE)
            parts.append(n)
        if type_doc is not None:
            if self.names:
                parts += [" :", F.LINE]
            parts.append(type_doc)
        parts.append(self.close)
        return F.cat(*parts)


def binders_node(kind: str, prec: int, lead: str, binders: list[Binder], sep: str, body: Stx,
                 body_prec: int = 0, group_binders: bool = False, leading_line: bool = True) -> Stx:
    """`fun b₁ b₂ => body`, `∀ b₁ b₂, body`, `∃ x y, body`, `b → body`: the binder types and the
    body are the node's children (so they are parenthesized like any nested term)."""
    children = [(b.type, 0) for b in binders if b.type is not None] + [(body, body_prec)]

    def lay(ds: list) -> tuple:
        k = 0
        parts: list = []
        for b in binders:
            td = None
            if b.type is not None:
                td = ds[k]
                k += 1
            if leading_line or parts:
                parts.append(F.LINE)
            parts.append(b.layout(td))
        head: tuple
        if group_binders:
            head = F.cat(lead, F.group(F.nest(S.INDENT, F.cat(*parts, sep))))
        else:
            head = F.cat(lead, *parts, sep)
        return F.cat(head, F.LINE, ds[-1])

    return Stx(kind, prec, children, lay, ends_with_child=True, data=(binders, body))


def binder_names_used(node: Stx, names: Sequence[str]) -> bool:
    """Whether any of `names` appears as an identifier in `node` (Lean's `Syntax.hasIdent`)."""
    want = set(names)
    stack = [node]
    while stack:
        n = stack.pop()
        if n.kind == "ident" and n.data in want:
            return True
        stack.extend(c for c, _ in n.children)
    return False


def quote_char(c: str, in_string: bool) -> str:
    """Lean's `Char.quoteCore`."""
    if c == "\n":
        return "\\n"
    if c == "\t":
        return "\\t"
    if c == "\\":
        return "\\\\"
    if c == '"':
        return '\\"'
    if not in_string and c == "'":
        return "\\'"
    if ord(c) <= 31 or c == "\x7f":
        return "\\x" + format(ord(c), "02x")
    return c


def quote_string(s: str) -> str:
    return '"' + "".join(quote_char(c, True) for c in s) + '"'


def approx_depth(e: Expr, limit: int) -> int:
    """Lean's `Expr.approxDepth`, computed only as far as `limit + 1`."""

    def go(x: Expr, budget: int) -> int:
        if budget <= 0 or x.kind in ATOMIC:
            return 0
        k = x.kind
        if k == APP:
            kids = (x.fn, x.arg)  # type: ignore[attr-defined]
        elif k in (LAM, PI):
            kids = (x.type, x.body)  # type: ignore[attr-defined]
        elif k == LET:
            kids = (x.type, x.value, x.body)  # type: ignore[attr-defined]
        else:
            kids = (x.expr,)  # type: ignore[attr-defined]
        return 1 + max(go(c, budget - 1) for c in kids)

    return go(e, limit + 1)


class Delaborator:
    def __init__(self, env: object, lctx: object = None, mctx: object = None, notation: object = None,
                 options: Optional[Options] = None) -> None:
        from ..meta.context import LocalContext, MetavarContext

        self.kenv = getattr(env, "kernel", env)
        self.eenv = env if hasattr(env, "kernel") else None
        self.opts = options or Options()
        try:  # the notation given, else the one in scope in the front end's environment
            self.table = NotationTable.coerce(notation if notation is not None else getattr(self.eenv, "notations", None))
        except Exception:  # noqa: BLE001 - a table of another shape: Lean's built-ins only
            self.table = NotationTable.coerce(None)
        self.mctx = mctx if mctx is not None else MetavarContext()
        decls = _decls_of(lctx)
        self.lctx = LocalContext(tuple(decls))
        self.decls = decls
        shown = sanitize([d.name for d in decls])
        self.names: dict[object, str] = {d.fvar.fid: s for d, s in zip(decls, shown)}
        self.used: dict[str, int] = {}
        for s in shown:
            self.used[s] = self.used.get(s, 0) + 1
        self._checker: object = None
        self.depth = 0
        self.omit_proofs = False
        self.spine: Optional[tuple] = None

    # -- type inference (never raises) -----------------------------------------------------------------

    @property
    def checker(self):  # type: ignore[no-untyped-def]
        if self._checker is None:
            from ..meta.checker import MetaChecker

            self._checker = MetaChecker(self.kenv, self.mctx, self.lctx)
        return self._checker

    def infer(self, e: Expr) -> Optional[Expr]:
        try:
            return self.checker.infer(e, True)
        except Exception:  # noqa: BLE001 - an ill-typed term still prints
            return None

    def whnf(self, e: Expr) -> Expr:
        try:
            return self.checker.whnf(e)
        except Exception:  # noqa: BLE001
            return e

    def is_prop(self, t: Expr) -> bool:
        """Whether the type `t` is a proposition."""
        s = self.infer(t)
        if s is None:
            return False
        s = self.whnf(s)
        return s.kind == SORT and s.level is ZERO_LEVEL  # type: ignore[attr-defined]

    def is_proof(self, e: Expr) -> bool:
        t = self.infer(e)
        return t is not None and self.is_prop(t)

    # -- local variables --------------------------------------------------------------------------------

    def enter(self, name: str, type_: Expr, binfo: int = DEFAULT, value: Optional[Expr] = None) -> FVar:
        try:
            fv = self.checker.lctx.mk_local(Name.mk_str(ANONYMOUS, name), type_, value, binfo)
        except Exception:  # noqa: BLE001
            fv = FVar(("pp", id(type_), name), Name.mk_str(ANONYMOUS, name))
        self.names[fv.fid] = name
        self.used[name] = self.used.get(name, 0) + 1
        return fv

    def leave(self, fv: FVar) -> None:
        name = self.names.pop(fv.fid)
        self.used[name] -= 1
        try:
            self.checker.lctx.decls.pop(fv.fid, None)
        except Exception:  # noqa: BLE001
            pass

    def fvar_name(self, e: Expr) -> str:
        s = self.names.get(e.fid)  # type: ignore[attr-defined]
        if s is not None:
            return s
        n = e.name  # type: ignore[attr-defined]
        if n is not None and not n.is_anonymous:
            return sanitize([n])[0]
        fid = e.fid  # type: ignore[attr-defined]
        tail = fid[-1] if isinstance(fid, tuple) and fid else fid
        return f"_fvar.{tail}"

    def body_uses(self, body: Expr, name: str) -> bool:
        if not body.has_fvar:
            return False
        stack, seen = [body], set()
        while stack:
            x = stack.pop()
            if id(x) in seen or not x.has_fvar:
                continue
            seen.add(id(x))
            k = x.kind
            if k == FVAR:
                if self.fvar_name(x) == name:
                    return True
            elif k == APP:
                stack += [x.fn, x.arg]  # type: ignore[attr-defined]
            elif k in (LAM, PI):
                stack += [x.type, x.body]  # type: ignore[attr-defined]
            elif k == LET:
                stack += [x.type, x.value, x.body]  # type: ignore[attr-defined]
            elif k == PROJ:
                stack.append(x.expr)  # type: ignore[attr-defined]
        return False

    def unused_name(self, suggestion: Name, body: Expr, avoid: frozenset = frozenset()) -> str:
        """Lean's `getUnusedName`: keep the binder's name unless a variable of that name is in scope
        and used by the body (or the name is taken in the same binder list); then `x_1`, `x_2`, …"""
        s = binder_display(suggestion)
        if self.used.get(s, 0) == 0 and s not in avoid:
            return s
        if self.opts.safe_shadowing and s not in avoid and not self.body_uses(body, s):
            return s
        i = 1
        while self.used.get(f"{s}_{i}", 0) or f"{s}_{i}" in avoid:
            i += 1
        return f"{s}_{i}"

    # -- entry point --------------------------------------------------------------------------------------

    def delab_top(self, e: Expr) -> Stx:
        from ..meta.instantiate import instantiate_mvars

        try:
            e = instantiate_mvars(self.mctx, e)
        except Exception:  # noqa: BLE001
            pass
        proofs = self.opts.proofs
        if proofs is None:
            proofs = e.kind != CONST and self.is_proof(e)
        self.omit_proofs = not proofs
        return self.delab(e)

    def delab(self, e: Expr) -> Stx:
        k = e.kind
        if k not in ATOMIC:
            if not self.opts.deep_terms:
                excess = self.depth - self.opts.deep_terms_threshold
                if excess > 0 and approx_depth(e, max(self.opts.deep_terms_threshold // 4 - excess, 0)) > max(
                        self.opts.deep_terms_threshold // 4 - excess, 0):
                    return S.atom("⋯", "omission")
            if self.omit_proofs and self.is_proof(e):
                return S.atom("⋯", "omission")
        if k == BVAR:
            return S.ident(f"#{e.idx}")  # type: ignore[attr-defined]
        if k == FVAR:
            return S.ident(self.fvar_name(e))
        if k == MVAR:
            return self.delab_mvar(e)
        if k == SORT:
            text, has_arg = format_sort(e.level)  # type: ignore[attr-defined]
            return Stx("sort", LEAD_PREC if has_arg else MAX_PREC, (), lambda _: F.text(text), data=text)
        if k in (CONST, APP):
            return self.delab_app(e)
        if k == LAM:
            return self.delab_lam(e, frozenset())
        if k == PI:
            return self.delab_forall(e)
        if k == LET:
            return self.delab_let(e)
        if k == NATLIT:
            return S.atom(str(e.value), "num", e.value)  # type: ignore[attr-defined]
        if k == STRLIT:
            return S.atom(quote_string(e.value), "str")  # type: ignore[attr-defined]
        if k == PROJ:
            return S.proj(self.sub(e.expr), str(e.idx + 1))  # type: ignore[attr-defined]
        return S.atom("<?>")

    def sub(self, e: Expr, steps: int = 1) -> Stx:
        """Delaborate a subterm `steps` positions deeper (Lean's `descend`)."""
        self.depth += steps
        try:
            return self.delab(e)
        finally:
            self.depth -= steps

    # -- metavariables, constants -----------------------------------------------------------------------

    def mvar_text(self, mid: object) -> str:
        d = getattr(self.mctx, "decls", {}).get(mid)
        un = getattr(d, "user_name", None)
        if un is not None and not un.is_anonymous:
            return f"?{un}"
        return f"?m.{mid}"

    def delab_mvar(self, e: Expr) -> Stx:
        return S.atom(self.mvar_text(e.mid), "mvar")  # type: ignore[attr-defined]

    def const_name(self, c: Name) -> str:
        """The shortest suffix of `c` that resolves to `c` in the current scope (Lean's
        `unresolveNameGlobalAvoidingLocals`); the full name without scope information."""
        full = str(c)
        if self.eenv is None or not hasattr(self.eenv, "scope"):
            short = full
        else:
            from ..names import resolve_global

            short = full
            comps = [str(x) for x in c.components()]
            for k in range(1, len(comps) + 1):
                cand = ".".join(comps[-k:])
                try:
                    res = resolve_global(self.eenv, cand)  # type: ignore[arg-type]
                except Exception:  # noqa: BLE001
                    break
                if len(res) == 1 and res[0].name is c:
                    short = cand
                    break
        if self.used.get(short, 0):
            return full if short != full else "_root_." + full
        return short

    def delab_const(self, e: Expr) -> Stx:
        name = self.const_name(e.name)  # type: ignore[attr-defined]
        if self.opts.universes and e.levels:  # type: ignore[attr-defined]
            name += ".{" + ", ".join(format_level(l) for l in e.levels) + "}"  # type: ignore[attr-defined]
        return S.ident(name)

    # -- applications ---------------------------------------------------------------------------------------

    def param_kinds(self, fn: Expr, args: Sequence[Expr]) -> list[ParamKind]:
        t = self.infer(fn)
        if t is None:
            # a λ's parameters are its binders, even where inference gave up (very deep terms)
            out: list[ParamKind] = []
            while fn.kind == LAM and len(out) < len(args):
                out.append(ParamKind(fn.name, fn.binfo))  # type: ignore[attr-defined]
                fn = fn.body  # type: ignore[attr-defined]
            return out if len(out) == len(args) else []
        out: list[ParamKind] = []
        j = 0
        for i in range(len(args)):
            if t.kind != PI:
                t = self.whnf(instantiate_rev(t, args[j:i]))
                j = i
                if t.kind != PI:
                    return []
            out.append(_param_kind(t, args[j:i]))
            t = t.body  # type: ignore[attr-defined]
        t = instantiate_rev(t, args[j:])
        for n in range(64):  # parameters past the supplied arguments (forallTelescopeReducing)
            if t.kind != PI:
                t = self.whnf(t)
                if t.kind != PI:
                    break
            out.append(_param_kind(t, ()))
            t = instantiate1(t.body, FVar(("pp-param", n)))  # type: ignore[attr-defined]
        return out

    def delab_app(self, e: Expr) -> Stx:
        fn, args = get_app_args(e)
        if fn.kind == CONST and self.opts.notation:
            special = _SPECIALS.get(str(fn.name))  # type: ignore[attr-defined]
            if special is not None:
                r = special(self, e, fn, args)
                if r is not None:
                    return r
        if fn.kind == MVAR and args:
            r = self.delab_delayed(fn, args)
            if r is not None:
                return r
        return self.app_core(fn, args, unexpand=True)

    def delab_head(self, fn: Expr, steps: int) -> Stx:
        if fn.kind == CONST:
            return self.delab_const(fn)
        return self.sub(fn, steps)

    def use_explicit(self, n: int, kinds: list[ParamKind]) -> bool:
        if len(kinds) < n:
            return True
        if n < len(kinds) and kinds[n].binfo in (IMPLICIT, INST_IMPLICIT):
            return True
        return any(k.binfo == DEFAULT and not k.regular_explicit for k in kinds[n:])

    def needs_at(self, fn: Expr, n: int, kinds: list[ParamKind]) -> bool:
        if not kinds and n > 0 and fn.kind == CONST and not fn.levels:  # type: ignore[attr-defined]
            return False
        return (len(kinds) < n or any(k.binfo != DEFAULT for k in kinds[:n])
                or (n < len(kinds) and kinds[n].binfo in (IMPLICIT, INST_IMPLICIT))
                or any(k.binfo == DEFAULT and not k.regular_explicit for k in kinds[n:]))

    def app_core(self, fn: Expr, args: Sequence[Expr], unexpand: bool, head: Optional[Stx] = None,
                 kinds: Optional[list[ParamKind]] = None) -> Stx:
        """Lean's `delabAppCore`: `head` (if given) is the already printed function part."""
        n = len(args)
        if kinds is None:
            kinds = self.param_kinds(fn, args)
        if self.use_explicit(n, kinds):
            return self.app_explicit(fn, args, kinds, unexpand and head is None, head)
        return self.app_implicit(fn, args, kinds, unexpand and head is None, head)

    def arg_steps(self, n: int, i: int) -> int:
        return n - i

    def app_explicit(self, fn: Expr, args: Sequence[Expr], kinds: list[ParamKind], field_ok: bool,
                     head: Optional[Stx]) -> Stx:
        n = len(args)
        at = self.needs_at(fn, n, kinds)
        if head is None:
            head = self.delab_head(fn, n)
            if at and head.kind != "explicit":
                head = S.prefix("@", MAX_PREC, head, MAX_PREC)
                head.kind = "explicit"
        elif at:
            raise _Fail()  # Lean's `withOverApp` guard: `@` cannot be put on a notation
        field = None
        if field_ok and not at and fn.kind == CONST and self.opts.field_notation and not self.opts.universes:
            field = self.field_candidate(fn, args)
        stxs = [self.sub(a, self.arg_steps(n, i)) for i, a in enumerate(args)]
        if field is not None:
            idx, fname = field
            obj = stxs.pop(idx)
            return S.app(S.proj(obj, fname), stxs)
        return S.app(head, stxs)

    def app_implicit(self, fn: Expr, args: Sequence[Expr], kinds: list[ParamKind], unexpand: bool,
                     head: Optional[Stx]) -> Stx:
        n = len(args)
        if unexpand and fn.kind != CONST:
            unexpand = False
        field = None
        if unexpand and self.opts.field_notation and not self.opts.universes:
            field = self.field_candidate(fn, args)
        entries: list[tuple[str, Optional[Stx]]] = []
        for i, a in enumerate(args):
            k = kinds[i]
            if k.default is not None and k.default == a:
                entries.append(("optional", self.sub(a, self.arg_steps(n, i))))
            elif (field is not None and field[0] == i) or k.binfo == DEFAULT:
                entries.append(("regular", self.sub(a, self.arg_steps(n, i))))
            elif str(k.name) == "motive" and self.opts.motives_pi and _returns_pi(a):
                s = self.sub(a, self.arg_steps(n, i))
                named = Stx("named", MAX_PREC, [(s, 0)], lambda ds: F.cat("(motive :=", F.LINE, ds[0], ")"))
                entries.append(("named", named))
            else:
                entries.append(("skip", None))
        while entries and entries[-1][0] == "optional":
            entries.pop()
        if head is None:
            head = self.delab_head(fn, n)
        if unexpand and self.opts.notation:
            upto = next((i for i, (kind, _) in enumerate(entries) if kind == "named"), len(entries))
            r = self.unexpand(fn.name, entries, upto)  # type: ignore[attr-defined]
            if r is not None:
                return r
        if field is not None:
            idx, fname = field
            if idx < len(entries) and entries[idx][0] == "regular":
                obj = entries[idx][1]
                rest = [s for j, (_, s) in enumerate(entries) if s is not None and j != idx]
                return S.app(S.proj(obj, fname), rest)  # type: ignore[arg-type]
        return S.app(head, [s for _, s in entries if s is not None])

    def over_app(self, e_head: Expr, arity: int, args: Sequence[Expr], head_stx: Stx) -> Stx:
        """Lean's `withOverApp`: `head_stx` prints the first `arity` arguments; the rest are ordinary
        arguments (no notation)."""
        if len(args) == arity:
            return head_stx
        from lantern.kernel.expr import mk_app

        try:
            return self.app_core(mk_app(e_head, list(args[:arity])), args[arity:], unexpand=False, head=head_stx)
        except _Fail:
            return None  # type: ignore[return-value]

    # -- notation (app unexpanders) --------------------------------------------------------------------------

    def unexpand(self, c: Name, entries: list[tuple[str, Optional[Stx]]], upto: int) -> Optional[Stx]:
        stxs = [s for _, s in entries[:upto] if s is not None]
        extra = [s for _, s in entries[upto:] if s is not None]
        entries_for = self.table.lookup(c)
        user = [x for x in entries_for if not self.table.is_builtin(x)]
        builtin = [x for x in entries_for if self.table.is_builtin(x)]
        candidates: list = [("entry", x) for x in user] + [("pattern", str(c))] + [("entry", x) for x in builtin]
        for kind, what in candidates:
            if kind == "pattern":
                pat = _PATTERNS.get(what)
                if pat is None:
                    continue
                arity, fn = pat
                if len(stxs) < arity:
                    continue
                r = fn(self, stxs[:arity])
                if r is not None:
                    return S.app(r, stxs[arity:] + extra)
            else:
                ent: NotationEntry = what
                if len(stxs) < ent.arity:
                    continue
                r = _apply_entry(ent, stxs[: ent.arity])
                return S.app(r, stxs[ent.arity:] + extra)
        return None

    # -- field notation -------------------------------------------------------------------------------------

    def field_candidate(self, fn: Expr, args: Sequence[Expr]) -> Optional[tuple[int, str]]:
        """Lean's `fieldNotationCandidate?` (generalized field notation): `f x` prints `x.f` when `x`
        is the first explicit argument and its type is headed by `f`'s namespace."""
        if not self.opts.field_notation_generalized:
            return None
        c: Name = fn.name  # type: ignore[attr-defined]
        if c.prefix is None or c.prefix.is_anonymous or not isinstance(c.last, str):
            return None
        base = c.prefix
        if str(base) == "Function":
            return None
        info = self.kenv.find(c)
        if info is None:
            return None
        if self.is_proof(fn):
            return None
        t = info.type
        for i in range(len(args)):
            if t.kind != PI:
                return None
            if str(t.name) == "motive":  # type: ignore[attr-defined]
                return None
            if _head_const(_cleanup(t.type)) is base:  # type: ignore[attr-defined]
                if t.binfo != DEFAULT:  # type: ignore[attr-defined]
                    return None
                obj = args[i]
                if obj.kind == NATLIT or _is_app_of(obj, "OfNat.ofNat", 3) or _is_app_of(obj, "OfScientific.ofScientific", 5):
                    return None
                from lantern.kernel.expr import get_app_fn

                if get_app_fn(obj).kind == MVAR:
                    return None
                ty = self.infer(obj)
                if ty is None:
                    return None
                try:
                    from ..meta.instantiate import instantiate_mvars

                    ty = instantiate_mvars(self.mctx, ty)
                except Exception:  # noqa: BLE001
                    pass
                if _head_const(ty) is not base:
                    return None
                return i, str(c.last)
            if t.binfo == DEFAULT:  # type: ignore[attr-defined]
                return None
            t = t.body  # type: ignore[attr-defined]
        return None

    # -- binders ----------------------------------------------------------------------------------------------

    def delab_lam(self, e: Expr, all_names: frozenset) -> Stx:
        """`fun x y => b`: nested lambdas merge into one `fun`; names within it are kept distinct."""
        binders: list[Binder] = []
        opened: list[FVar] = []
        cur: list[str] = []
        ppt = self.opts.fun_binder_types
        steps = 0
        try:
            while True:
                group_next = (e.body.kind == LAM and e.binfo == e.body.binfo  # type: ignore[attr-defined]
                              and e.type == e.body.type and e.body.binfo != INST_IMPLICIT)  # type: ignore[attr-defined]
                name = self.unused_name(e.name, e.body, all_names)  # type: ignore[attr-defined]
                all_names = all_names | {name}
                cur.append(name)
                dom = e.type  # type: ignore[attr-defined]
                binfo = e.binfo  # type: ignore[attr-defined]
                dep = has_loose_bvar(e.body, 0)  # type: ignore[attr-defined]
                steps += 1
                if not group_next:
                    binders.append(self._fun_binder(binfo, cur, dom, ppt, steps, dep, e.name))  # type: ignore[attr-defined]
                    cur = []
                fv = self.enter(name, dom, binfo)
                opened.append(fv)
                e = instantiate1(e.body, fv)  # type: ignore[attr-defined]
                if e.kind != LAM:
                    break
            self.depth += steps
            try:
                body = self.delab(e)
            finally:
                self.depth -= steps
        finally:
            for fv in reversed(opened):
                self.leave(fv)
        # an instance binder shows its name only if the body mentions it
        for b in binders:
            if b.open == "[" and b.names and not binder_names_used(body, b.names):
                b.names = []
        return binders_node("fun", MAX_PREC, "fun", binders, " =>", body, group_binders=True)

    def _fun_binder(self, binfo: int, names: list[str], dom: Expr, ppt: bool, steps: int, dep: bool,
                    orig: Name) -> Binder:
        def ty() -> Stx:
            return self.sub(dom, steps)

        if binfo == DEFAULT:
            if ppt:
                return Binder("(", names, ty(), ")")
            return Binder("", names, None, "")
        if binfo == IMPLICIT:
            return Binder("{", names, ty() if ppt else None, "}")
        if binfo == STRICT_IMPLICIT:
            return Binder("⦃", names, ty() if ppt else None, "⦄")
        return Binder("[", list(names) if dep else [], ty(), "]")

    def delab_forall(self, e: Expr) -> Stx:
        prop = self.is_prop(e)
        return self._forall(e, prop, [], False, 0)

    def _forall(self, e: Expr, prop: bool, cur: list[str], cur_dep: bool, steps: int) -> Stx:
        spine = self.spine is not None and self.spine[0] is e
        self.spine = None
        preserved: Optional[str] = None
        force = False
        if spine:  # the rest of a signature's type (`processSpine` in `delabConstWithSignature`)
            n = e.name  # type: ignore[attr-defined]
            if is_inaccessible(n):
                preserved = binder_display(n) + "✝"
            elif self.used.get(str(n), 0):
                preserved = str(n) + "✝"
            else:
                preserved, force = str(n), True
        dep = has_loose_bvar(e.body, 0) or force  # type: ignore[attr-defined]
        if not dep and prop and e.binfo == DEFAULT and self.opts.foralls:  # type: ignore[attr-defined]
            dep = not self.is_prop(e.type)  # type: ignore[attr-defined]
        if cur and dep != cur_dep:
            body = self.sub(e, steps)
            return self._forall_group(e, cur, cur_dep, body, prop, steps)
        group_next = (e.body.kind == PI and e.binfo == e.body.binfo  # type: ignore[attr-defined]
                      and e.type == e.body.type and e.body.binfo != INST_IMPLICIT)  # type: ignore[attr-defined]
        name = preserved if preserved is not None else self.unused_name(e.name, e.body)  # type: ignore[attr-defined]
        fv = self.enter(name, e.type, e.binfo)  # type: ignore[attr-defined]
        try:
            inner = instantiate1(e.body, fv)  # type: ignore[attr-defined]
            if spine:
                self.spine = (inner, True)
            if group_next:
                return self._forall(inner, prop, cur + [name], dep, steps + 1)
            body = self.sub(inner, steps + 1)
        finally:
            self.leave(fv)
        return self._forall_group(e, cur + [name], dep, body, prop, steps)

    def _forall_group(self, e: Expr, names: list[str], dep: bool, body: Stx, prop: bool, steps: int) -> Stx:
        binfo = e.binfo  # type: ignore[attr-defined]
        dom = self.sub(e.type, steps + 1)  # type: ignore[attr-defined]
        if binfo == IMPLICIT:
            group = Binder("{", names, dom, "}")
        elif binfo == STRICT_IMPLICIT:
            group = Binder("⦃", names, dom, "⦄")
        elif binfo == INST_IMPLICIT:
            show = dep or not is_inaccessible(e.name)  # type: ignore[attr-defined]
            group = Binder("[", names[-1:] if show else [], dom, "]")
        elif dep:
            if prop and not self.opts.pi_binder_types and self.opts.foralls:
                return binders_node("forall", LEAD_PREC, "∀", [Binder("", names, None, "")], ",", body)
            group = Binder("(", names, dom, ")")
        else:
            r = body
            for _ in names:
                r = S.infix(" → ", 25, dom, 0, r, 25, kind="arrow")
            return r
        if prop and self.opts.foralls:
            if body.kind == "forall":
                binders, inner = body.data  # type: ignore[misc]
                return binders_node("forall", LEAD_PREC, "∀", [group] + list(binders), ",", inner)
            return binders_node("forall", LEAD_PREC, "∀", [group], ",", body)
        return binders_node("depArrow", 25, "", [group], " →", body, leading_line=False)

    def delab_let(self, e: Expr) -> Stx:
        name = self.unused_name(e.name, e.body)  # type: ignore[attr-defined]
        val = self.sub(e.value)  # type: ignore[attr-defined]
        ty = self.sub(e.type) if self.opts.let_var_types else None  # type: ignore[attr-defined]
        fv = self.enter(name, e.type, DEFAULT, e.value)  # type: ignore[attr-defined]
        try:
            body = self.sub(instantiate1(e.body, fv), 1)  # type: ignore[attr-defined]
        finally:
            self.leave(fv)
        kw = "have" if getattr(e, "nondep", False) else "let"
        children = ([(ty, 0)] if ty is not None else []) + [(val, 0), (body, 0)]

        def lay(ds: list) -> tuple:
            head: list = [kw, F.LINE, name]
            if ty is not None:
                head += [" :", F.LINE, ds[0]]
            head += [" :=", F.LINE, ds[-2]]
            return F.cat(*head, F.nest(-S.INDENT, F.cat(";", "\n", ds[-1])))

        return Stx("let", LEAD_PREC, children, lay, ends_with_child=True)

    def delab_delayed(self, fn: Expr, args: Sequence[Expr]) -> Optional[Stx]:
        delayed = getattr(self.mctx, "delayed", {})
        d = delayed.get(fn.mid)  # type: ignore[attr-defined]
        if d is None:
            return None
        fvars, target = d
        if len(args) < len(fvars) or not all(a.kind == FVAR for a in args[: len(fvars)]):
            return None
        return self.over_app(fn, len(fvars), args, S.atom(self.mvar_text(target), "mvar"))


# -- helpers ------------------------------------------------------------------------------------------------


def _decls_of(lctx: object) -> list:
    if lctx is None:
        return []
    decls = getattr(lctx, "decls", lctx)
    if isinstance(decls, dict):
        return list(decls.values())
    return list(decls)  # type: ignore[call-overload]


def _param_kind(pi: Expr, args: Sequence[Expr]) -> ParamKind:
    t = pi.type  # type: ignore[attr-defined]
    default = None
    auto = False
    f, xs = get_app_args(t)
    if f.kind == CONST and len(xs) == 2:
        if str(f.name) == "optParam":  # type: ignore[attr-defined]
            default = instantiate_rev(xs[1], args) if xs[1].lbr else xs[1]
        elif str(f.name) == "autoParam":  # type: ignore[attr-defined]
            auto = True
    return ParamKind(pi.name, pi.binfo, default, auto)  # type: ignore[attr-defined]


def _cleanup(t: Expr) -> Expr:
    """Strip `optParam`/`autoParam`/`outParam` wrappers (Lean's `cleanupAnnotations`)."""
    while True:
        f, xs = get_app_args(t)
        if f.kind == CONST and xs and str(f.name) in ("optParam", "autoParam", "outParam", "semiOutParam"):  # type: ignore[attr-defined]
            t = xs[0]
        else:
            return t


def _head_const(t: Expr) -> Optional[Name]:
    from lantern.kernel.expr import get_app_fn

    f = get_app_fn(t)
    return f.name if f.kind == CONST else None  # type: ignore[attr-defined]


def _is_app_of(e: Expr, name: str, n: int) -> bool:
    f, xs = get_app_args(e)
    return f.kind == CONST and str(f.name) == name and len(xs) == n  # type: ignore[attr-defined]


def _returns_pi(motive: Expr) -> bool:
    while motive.kind == LAM:
        motive = motive.body  # type: ignore[attr-defined]
    return motive.kind == PI


def _apply_entry(ent: NotationEntry, stxs: Sequence[Stx]) -> Stx:
    holes = [stxs[i] for i in ent.holes()]
    precs = ent.precs()
    if ent.kind in ("infixl", "infixr", "infix"):
        return S.infix(ent.symbol, ent.prec, holes[0], precs[0], holes[1], precs[1])
    if ent.kind == "prefix":
        return S.prefix(ent.symbol, ent.prec, holes[0], precs[0])
    return S.postfix(ent.symbol, ent.prec, holes[0], precs[0])


# -- special delaborators (Lean's `@[builtin_delab app.c]`) -----------------------------------------------------


def _delab_ofnat(d: Delaborator, e: Expr, fn: Expr, args: Sequence[Expr]) -> Optional[Stx]:
    if len(args) < 3 or args[1].kind != NATLIT:
        return None
    return d.over_app(fn, 3, args, S.atom(str(args[1].value), "num", args[1].value))  # type: ignore[attr-defined]


def _delab_char(d: Delaborator, e: Expr, fn: Expr, args: Sequence[Expr]) -> Optional[Stx]:
    if len(args) != 1 or args[0].kind != NATLIT:
        return None
    try:
        c = chr(args[0].value)  # type: ignore[attr-defined]
    except (ValueError, OverflowError):
        return None
    return S.atom("'" + quote_char(c, False) + "'", "char")


def _delab_sorry(d: Delaborator, e: Expr, fn: Expr, args: Sequence[Expr]) -> Optional[Stx]:
    if len(args) < 2:
        return None
    return d.over_app(fn, 2, args, S.atom("sorry", "sorry"))


def _delab_dite(d: Delaborator, e: Expr, fn: Expr, args: Sequence[Expr]) -> Optional[Stx]:
    if len(args) < 5 or args[3].kind != LAM or args[4].kind != LAM:
        return None
    n = len(args)
    c = d.sub(args[1], n - 1)
    t_lam, e_lam = args[3], args[4]
    h = d.unused_name(t_lam.name, t_lam.body)  # type: ignore[attr-defined]
    fv = d.enter(h, t_lam.type, DEFAULT)  # type: ignore[attr-defined]
    try:
        t = d.sub(instantiate1(t_lam.body, fv), 3)  # type: ignore[attr-defined]
    finally:
        d.leave(fv)
    fv = d.enter(h, e_lam.type, DEFAULT)  # type: ignore[attr-defined]
    try:
        el = d.sub(instantiate1(e_lam.body, fv), 2)  # type: ignore[attr-defined]
    finally:
        d.leave(fv)
    return d.over_app(fn, 5, args, _if_node([f"if {h} :", c], t, el))


def _if_node(head: list, t: Stx, e: Stx, cond: Optional[Stx] = None) -> Stx:
    """`if c then t else e` (`ppRealGroup(ppRealFill(ppIndent("if " c " then") ppSpace t)
    ppDedent(ppSpace) ppRealFill("else " e))`)."""
    cond_stx = head[1] if cond is None else cond
    lead = head[0]

    def lay(ds: list) -> tuple:
        first = F.fill(F.cat(F.nest(S.INDENT, F.cat(lead, F.LINE, ds[0], " then")), F.LINE, ds[1]))
        return F.group(F.cat(first, F.nest(-S.INDENT, F.LINE), F.fill(F.cat("else", F.LINE, ds[2]))))

    return Stx("if", LEAD_PREC, [(cond_stx, 0), (t, 0), (e, 0)], lay, ends_with_child=True)


_SPECIALS = {
    "OfNat.ofNat": _delab_ofnat,
    "Char.ofNat": _delab_char,
    "sorryAx": _delab_sorry,
    "dite": _delab_dite,
}


# -- pattern unexpanders (Lean core's `@[app_unexpander]`s) ---------------------------------------------------


def _unexpand_ite(d: Delaborator, a: list[Stx]) -> Optional[Stx]:
    return _if_node(["if", a[0]], a[1], a[2])


def _unexpand_exists(d: Delaborator, a: list[Stx]) -> Optional[Stx]:
    f = a[0]
    if f.kind != "fun":
        return None
    binders, body = f.data  # type: ignore[misc]
    if len(binders) != 1:
        return None
    b = binders[0]
    if b.open == "" and len(b.names) == 1:
        if body.kind == "exists" and body.data[2]:  # merge `∃ x, ∃ y, p` into `∃ x y, p`
            inner_binders, inner, _ = body.data
            return _exists_node([Binder("", b.names + inner_binders[0].names, None, "")], inner, True)
        return _exists_node([b], body, True)
    if b.open == "(" and len(b.names) == 1:
        return _exists_node([b], body, False)
    return None


def _exists_node(binders: list[Binder], body: Stx, simple: bool) -> Stx:
    n = binders_node("exists", LEAD_PREC, "∃", binders, ",", body)
    n.data = (binders, body, simple)
    return n


def _unexpand_nil(d: Delaborator, a: list[Stx]) -> Optional[Stx]:
    return S.bracketed("[", [], "]", "list")


def _unexpand_cons(d: Delaborator, a: list[Stx]) -> Optional[Stx]:
    x, tail = a
    if tail.kind == "list":
        return S.bracketed("[", [x] + list(tail.data), "]", "list")  # type: ignore[arg-type]
    if tail.kind == "omission":  # a list cut off by `pp.deepTerms`
        return S.bracketed("[", [x, tail], "]", "list")
    return None


def _unexpand_prod_mk(d: Delaborator, a: list[Stx]) -> Optional[Stx]:
    x, y = a
    if y.kind == "tuple":
        return S.bracketed("(", [x] + list(y.data), ")", "tuple")  # type: ignore[arg-type]
    return S.bracketed("(", [x, y], ")", "tuple")


def _unexpand_unit(d: Delaborator, a: list[Stx]) -> Optional[Stx]:
    return S.atom("()", "unit")


def _index(suffix: str):  # type: ignore[no-untyped-def]
    def go(d: Delaborator, a: list[Stx]) -> Optional[Stx]:
        xs, i = a[0], a[1]
        return Stx("index", MAX_PREC, [(xs, MAX_PREC), (i, 0)],
                   lambda ds: F.cat(ds[0], "[", ds[1], "]" + suffix), trailing=True)

    return go


_PATTERNS = {
    "ite": (3, _unexpand_ite),
    "Exists": (1, _unexpand_exists),
    "List.nil": (0, _unexpand_nil),
    "List.cons": (2, _unexpand_cons),
    "Prod.mk": (2, _unexpand_prod_mk),
    "Unit.unit": (0, _unexpand_unit),
    "GetElem.getElem": (3, lambda d, a: _index("")(d, a[:2])),
    "GetElem?.getElem?": (2, _index("?")),
    "GetElem?.getElem!": (2, _index("!")),
}
