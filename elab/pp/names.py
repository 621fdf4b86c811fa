"""Names as the pretty printer shows them: inaccessible (hygienic) names carry a dagger (`n✝`), the
local context is sanitized as Lean's `LocalContext.sanitizeNames` does (an inaccessible or shadowed
hypothesis becomes `x✝`, `x✝¹`, …), and bound variables get fresh names (`x_1`) only when a clash
would change the meaning (`pp.safeShadowing`)."""

from __future__ import annotations

from lantern.kernel.name import Name

DAGGER = "✝"
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUPERSCRIPT_CHARS = set("⁰¹²³⁴⁵⁶⁷⁸⁹")


def is_inaccessible(n: Name | None) -> bool:
    """An anonymous name, one made inaccessible by the elaborator (`x✝`, `inst✝`), or one carrying
    Lean-style macro scopes (`_@`/`_hyg` components)."""
    if n is None or n.is_anonymous:
        return True
    for c in n.components():
        if isinstance(c, str) and (DAGGER in c or c in ("_hyg", "_@")):
            return True
    return False


def erase_macro_scopes(n: Name | None) -> str:
    """The name the user would have written: `x✝` ↦ `x`, `x✝¹` ↦ `x`; anonymous ↦ ``."""
    if n is None or n.is_anonymous:
        return ""
    comps = n.components()
    for i, c in enumerate(comps):
        if c in ("_@", "_hyg"):
            comps = comps[:i]
            break
    out = []
    for c in comps:
        if isinstance(c, str) and DAGGER in c:
            c = c[: c.index(DAGGER)]
        out.append(str(c))
    return ".".join(x for x in out if x != "")


def superscript(k: int) -> str:
    return str(k).translate(_SUPERSCRIPT)


def inaccessible(stem: str, idx: int) -> str:
    return stem + DAGGER + (superscript(idx) if idx else "")


def sanitize(names: list[Name | None]) -> list[str]:
    """Display names for the hypotheses `names` (outermost first), as `sanitizeNames`: walking from
    the innermost, a name that is inaccessible or already taken by a later hypothesis becomes
    `stem✝`, `stem✝¹`, …"""
    seen: set[str] = set()
    stem_idx: dict[str, int] = {}
    out: list[str] = [""] * len(names)
    for i in range(len(names) - 1, -1, -1):
        n = names[i]
        plain = erase_macro_scopes(n) if is_inaccessible(n) else str(n)
        if is_inaccessible(n) or plain in seen:
            seen.add(plain if not is_inaccessible(n) else str(n))
            stem = erase_macro_scopes(n) or "a"
            idx = stem_idx.get(stem, 0)
            while inaccessible(stem, idx) in stem_idx:
                idx += 1
            stem_idx[stem] = idx + 1
            out[i] = inaccessible(stem, idx)
        else:
            seen.add(plain)
            out[i] = plain
    return out


def binder_display(n: Name | None) -> str:
    """How a binder name is suggested (Lean's `getUnusedName`): anonymous ↦ `a`, scopes erased."""
    s = erase_macro_scopes(n)
    return s if s else "a"
