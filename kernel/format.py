"""A plain printer for kernel terms, for error messages. No notation: the front end has the real
pretty printer; this one only has to be unambiguous and never fail."""

from __future__ import annotations

from .expr import (
    APP,
    BVAR,
    CONST,
    FVAR,
    LAM,
    LET,
    MVAR,
    NATLIT,
    PI,
    PROJ,
    SORT,
    STRLIT,
    Expr,
    get_app_args,
)
from .instantiate import has_loose_bvar
from .level import ZERO, format_level, to_offset

MAX_CHARS = 400


def format_sort(level) -> str:  # type: ignore[no-untyped-def]
    base, k = to_offset(level)
    if base.kind == ZERO:
        return "Prop" if k == 0 else ("Type" if k == 1 else f"Type {k - 1}")
    if k == 0:
        return f"Sort {_atom_level(level)}"
    inner = format_level(level.a) if k == 1 else format_level(level)  # type: ignore[arg-type]
    return f"Type {inner}" if k == 1 and " " not in inner else f"Sort {_atom_level(level)}"


def _atom_level(level) -> str:  # type: ignore[no-untyped-def]
    s = format_level(level)
    return f"({s})" if " " in s or "+" in s else s


def format_expr(e: Expr, names: list[str] | None = None) -> str:
    text = _fmt(e, list(names or []), 0)
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"


def _fmt(e: Expr, ctx: list[str], prec: int) -> str:
    k = e.kind
    if k == BVAR:
        i = e.idx  # type: ignore[attr-defined]
        return ctx[-1 - i] if i < len(ctx) else f"#{i}"
    if k == FVAR:
        return str(e.name) if not e.name.is_anonymous else f"_fvar.{e.fid}"  # type: ignore[attr-defined]
    if k == MVAR:
        return f"?{e.mid}"  # type: ignore[attr-defined]
    if k == SORT:
        s = format_sort(e.level)  # type: ignore[attr-defined]
        return f"({s})" if prec > 1 and " " in s else s
    if k == CONST:
        if e.levels:  # type: ignore[attr-defined]
            return f"{e.name}.{{{', '.join(format_level(l) for l in e.levels)}}}"  # type: ignore[attr-defined]
        return str(e.name)  # type: ignore[attr-defined]
    if k == NATLIT:
        return str(e.value)  # type: ignore[attr-defined]
    if k == STRLIT:
        return repr(e.value).replace("'", '"')  # type: ignore[attr-defined]
    if k == APP:
        f, args = get_app_args(e)
        s = " ".join([_fmt(f, ctx, 2)] + [_fmt(a, ctx, 2) for a in args])
        return f"({s})" if prec > 1 else s
    if k == PROJ:
        return f"{_fmt(e.expr, ctx, 2)}.{e.idx + 1}"  # type: ignore[attr-defined]
    if k in (LAM, PI):
        name = _fresh(str(e.name), ctx)  # type: ignore[attr-defined]
        dom = _fmt(e.type, ctx, 0)  # type: ignore[attr-defined]
        body = _fmt(e.body, ctx + [name], 0)  # type: ignore[attr-defined]
        if k == LAM:
            s = f"fun ({name} : {dom}) => {body}"
        elif not has_loose_bvar(e.body, 0):  # type: ignore[attr-defined]
            s = f"{_fmt(e.type, ctx, 1)} → {body}"  # type: ignore[attr-defined]
        else:
            s = f"({name} : {dom}) → {body}"
        return f"({s})" if prec > 0 else s
    if k == LET:
        name = _fresh(str(e.name), ctx)  # type: ignore[attr-defined]
        s = (
            f"let {name} : {_fmt(e.type, ctx, 0)} := {_fmt(e.value, ctx, 0)}; "  # type: ignore[attr-defined]
            f"{_fmt(e.body, ctx + [name], 0)}"  # type: ignore[attr-defined]
        )
        return f"({s})" if prec > 0 else s
    return "<?>"


def _fresh(base: str, ctx: list[str]) -> str:
    if base in ("", "[anonymous]"):
        base = "x"
    name, i = base, 1
    while name in ctx:
        name = f"{base}_{i}"
        i += 1
    return name
