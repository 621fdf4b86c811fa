"""Patterns: the syntax of a `match` alternative read as constructor trees (`PCtor`) with variables
(`PVar`) and wildcards (`PWild`), as Lean's pattern elaboration reads them: numerals and `n + k` on
`Nat` are `Nat.succ` chains, `[a, b]`, `a :: as` and `(a, b)` their constructors, `⟨…⟩` the type's only
constructor, `.ctor` a constructor of the discriminant's type. A name that is no constructor is a new
variable (it shadows nothing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.declaration import ConstructorInfo
from lantern.kernel.expr import PI
from lantern.kernel.name import Name
from lantern.kernel.record import record

from ..messages import ElabError
from ..names import resolve_global
from ..syntax import tree as T

if TYPE_CHECKING:
    from .elaborator import TermElab

    _Base = TermElab
else:
    _Base = object


@record(frozen=True)
class PVar:
    name: str
    span: T.Span


@record(frozen=True)
class PWild:
    span: T.Span


@record(frozen=True)
class PCtor:
    """A constructor pattern; `ctor` is None for `⟨…⟩` (the type's only constructor) and a bare name
    for `.ctor …` (looked up in the type's namespace)."""

    ctor: Name | None
    args: tuple["Pat", ...]
    span: T.Span
    dotted: str | None = None
    numeric: bool = False  # written as a numeral or `p + k` (equation lemmas state it so)


Pat = PVar | PWild | PCtor


NAT_ZERO, NAT_SUCC = Name.of("Nat.zero"), Name.of("Nat.succ")


class PatternMixin(_Base):
    def to_pattern(self, stx: T.Term) -> Pat:
        if isinstance(stx, T.Paren):
            return self.to_pattern(stx.term)
        if isinstance(stx, T.Typed):
            return self.to_pattern(stx.term)
        if isinstance(stx, T.Hole):
            return PWild(stx.span)
        if isinstance(stx, T.Ident):
            ctor = self.pattern_ctor(stx.name)
            if ctor is not None:
                return PCtor(ctor, (), stx.span)
            if "." in stx.name:
                raise ElabError(stx.span, f"invalid pattern, constructor or constant marked with '[match_pattern]' expected: '{stx.name}'")
            return PVar(stx.name, stx.span)
        if isinstance(stx, T.DotIdent):
            return PCtor(None, (), stx.span, stx.name)
        if isinstance(stx, T.App):
            args = tuple(self.to_pattern(a) for a in stx.args if not isinstance(a, T.NamedArg))
            if isinstance(stx.fn, T.DotIdent):
                return PCtor(None, args, stx.span, stx.fn.name)
            if isinstance(stx.fn, T.Ident):
                ctor = self.pattern_ctor(stx.fn.name)
                if ctor is not None:
                    return PCtor(ctor, args, stx.span)
            raise ElabError(stx.span, "invalid pattern: a constructor application expected")
        if isinstance(stx, T.AnonCtor):
            return PCtor(None, tuple(self.to_pattern(a) for a in stx.items), stx.span)
        if isinstance(stx, T.Tuple):
            p = self.to_pattern(stx.items[-1])
            for item in reversed(stx.items[:-1]):
                p = PCtor(Name.of("Prod.mk"), (self.to_pattern(item), p), stx.span)
            return p
        if isinstance(stx, T.ListLit):
            p: Pat = PCtor(Name.of("List.nil"), (), stx.span)
            for item in reversed(stx.items):
                p = PCtor(Name.of("List.cons"), (self.to_pattern(item), p), stx.span)
            return p
        if isinstance(stx, T.NumLit):
            return _nat_pattern(stx.value, PCtor(NAT_ZERO, (), stx.span), stx.span)
        if isinstance(stx, T.OpApp):
            if stx.symbol == "::" and len(stx.args) == 2:
                return PCtor(Name.of("List.cons"), tuple(self.to_pattern(a) for a in stx.args), stx.span)
            if stx.symbol == "+" and len(stx.args) == 2 and isinstance(stx.args[1], T.NumLit):
                return _nat_pattern(stx.args[1].value, self.to_pattern(stx.args[0]), stx.span)
        raise ElabError(stx.span, "this kind of pattern is not supported yet")

    def pattern_ctor(self, text: str) -> Name | None:
        if self.lctx.find_user(Name.of(text)) is not None and "." not in text:
            return None  # a bound variable of the same name shadows nothing in a pattern: it is a new variable
        found = resolve_global(self.env, text)
        if len(found) == 1 and not found[0].fields and isinstance(self.env.kernel.find(found[0].name), ConstructorInfo):
            return found[0].name
        return None



def expand_implicit(p: PCtor, ctor: ConstructorInfo) -> tuple[Pat, ...]:
    """The pattern's arguments for all the constructor's fields: when it gives only the explicit
    ones (`.cons a v` for `Vec.cons {n} a v`), `_` for the implicit ones, as Lean's patterns."""
    from lantern.kernel.expr import DEFAULT

    t, binfos = ctor.type, []
    for i in range(ctor.num_params + ctor.num_fields):
        if t.kind != PI:
            break
        if i >= ctor.num_params:
            binfos.append(t.binfo)  # type: ignore[attr-defined]
        t = t.body  # type: ignore[attr-defined]
    explicit = sum(1 for b in binfos if b == DEFAULT)
    if len(p.args) == ctor.num_fields or len(p.args) != explicit:
        return p.args
    given = iter(p.args)
    return tuple(next(given) if b == DEFAULT else PWild(p.span) for b in binfos)


def _nat_pattern(k: int, base: Pat, span: T.Span) -> Pat:
    p = base
    for _ in range(k):
        p = PCtor(NAT_SUCC, (p,), span, None, True)
    if k == 0 and isinstance(p, PCtor) and p.ctor is NAT_ZERO:
        p = PCtor(NAT_ZERO, (), span, None, True)
    return p

