"""Compile-time simplification of the term about to be compiled, as Lean's compiler does it.

`normalize` rewrites the head of a term until nothing applies:

- `casesOn`/`recOn`/matchers and the `@[macro_inline]` definitions (`ite`, `dite`, `cond`, `and`,
  `or`, …) are unfolded with their arguments substituted *unevaluated*, so that a conditional only
  evaluates the branch it takes and the recursor sees its minor premises as λ-terms;
- abbreviations, reducible definitions, instances and structure projections are unfolded with
  their arguments bound by `let` (each evaluated once, as a call would evaluate it);
- a β-redex becomes `let`s (`beta_to_let`);
- a projection of a constructor application is reduced, looking through instances that are
  constant structures (`instAddNat := ⟨Nat.add⟩`).

So `a + b` on `Nat` compiles to a Python addition instead of calls through `HAdd.hAdd`, `instHAdd`,
`Add.add` and `instAddNat`. Every rewrite is a kernel reduction (δ, β, ζ, projection), so the result
is well-typed and the erasure analysis keeps working on it. `MAX_UNFOLDS` bounds the code growth.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from lantern.kernel.declaration import ConstructorInfo, DefinitionInfo
from lantern.kernel.expr import (
    APP, BVAR, CONST, LAM, LET, NATLIT, PI, PROJ, SORT, STRLIT, Expr, Let, get_app_args, get_app_fn, mk_app,
)
from lantern.kernel.instantiate import instantiate, instantiate_level_params

from .program import INLINE, MACRO, count_lambdas

if TYPE_CHECKING:
    from .compiler import Compiler

    _Base = Compiler
else:
    _Base = object

MAX_UNFOLDS = 4000  # per compiled definition


class SimplifyMixin(_Base):
    """The compile-time rewriting of `Compiler` (a mixin, as the kernel's `ReduceMixin` is)."""

    def normalize(self, e: Expr) -> Expr:
        """Rewrite the head of `e` until no rule of the module docstring applies."""
        while True:
            k = e.kind
            if k == APP or k == CONST:
                head = get_app_fn(e)
                hk = head.kind
                if hk == LAM:
                    e = beta_to_let(e)
                    continue
                if hk == CONST:
                    r = self.unfold(e, head)
                    if r is None:
                        return e
                    e = r
                    continue
                if hk == PROJ:
                    f = self.reduce_proj(head)
                    if f is None:
                        return e
                    e = mk_app(f, get_app_args(e)[1])
                    continue
                return e
            if k == PROJ:
                f = self.reduce_proj(e)
                if f is None:
                    return e
                e = f
                continue
            return e

    def unfold(self, e: Expr, head: Expr) -> Optional[Expr]:
        """`e` with its head constant unfolded, if the constant's inline mode asks for it and `e`
        applies it to all the λs of its value."""
        if self.unfolds_left <= 0:
            return None
        info = self.program.resolve(head.name)  # type: ignore[attr-defined]
        if not isinstance(info, DefinitionInfo) or len(info.level_params) != len(head.levels):  # type: ignore[attr-defined]
            return None
        mode = self.program.inline_mode(info)
        if mode is None:
            return None
        _, args = get_app_args(e)
        value = instantiate_level_params(info.value, info.level_params, head.levels)  # type: ignore[attr-defined]
        arity = count_lambdas(value)
        if arity == 0:
            if mode == INLINE and value.kind == CONST:  # an alias (`instDecidableEqNat := Nat.decEq`)
                self.unfolds_left -= 1
                return mk_app(value, args)
            return None
        if arity > len(args):
            return None
        self.unfolds_left -= 1
        if mode == MACRO:
            body = value
            for _ in range(arity):
                body = body.body  # type: ignore[attr-defined]
            return mk_app(instantiate(body, args[arity - 1 :: -1]), args[arity:])
        return mk_app(value, args)  # INLINE: the β-redex becomes `let`s (`beta_to_let`)

    def reduce_proj(self, p: Expr) -> Optional[Expr]:
        """`S.mk a₁ … aₙ).i` ↦ `aᵢ`, looking through inlined definitions (instances)."""
        x = self.normalize(p.expr)  # type: ignore[attr-defined]
        head, args = get_app_args(x)
        if head.kind != CONST:
            return None
        info = self.program.resolve(head.name)  # type: ignore[attr-defined]
        if isinstance(info, DefinitionInfo) and not args and self.unfolds_left > 0 and \
                self.program.inline_mode(info) == INLINE and len(info.level_params) == len(head.levels):  # type: ignore[attr-defined]
            # An instance that is a constant structure (`instAddNat := ⟨Nat.add⟩`): take the field
            # if that duplicates no work.
            value = instantiate_level_params(info.value, info.level_params, head.levels)  # type: ignore[attr-defined]
            h2, a2 = get_app_args(value)
            if h2.kind == CONST:
                c2 = self.env.find(h2.name)  # type: ignore[attr-defined]
                if isinstance(c2, ConstructorInfo) and c2.induct is p.struct:  # type: ignore[attr-defined]
                    i = c2.num_params + p.idx  # type: ignore[attr-defined]
                    if i < len(a2) and a2[i].kind in (LAM, CONST, NATLIT, STRLIT, SORT, PI):
                        self.unfolds_left -= 1
                        return a2[i]
            return None
        if not isinstance(info, ConstructorInfo) or info.induct is not p.struct:  # type: ignore[attr-defined]
            return None
        i = info.num_params + p.idx  # type: ignore[attr-defined]
        return args[i] if i < len(args) else None


def beta_to_let(e: Expr) -> Expr:
    """`(fun x y => b) a c d` ↦ `let x := a; let y := c; b d` (the let-compiler then substitutes
    what is cheap and evaluates the rest once). Terms being compiled have no loose bound variables,
    so the remaining arguments need no lifting."""
    head, args = get_app_args(e)
    binders = []
    body = head
    i = 0
    while body.kind == LAM and i < len(args):
        binders.append((body.name, body.type, args[i]))  # type: ignore[attr-defined]
        body = body.body  # type: ignore[attr-defined]
        i += 1
    r = mk_app(body, args[i:])
    for name, ty, val in reversed(binders):
        r = Let(name, ty, val, r)
    return r


def bvar_uses(e: Expr, i: int, limit: int) -> int:
    """How many times `#i` occurs in `e`, counting up to `limit`. Every occurrence in the tree counts,
    also inside a subterm shared twice (inlining duplicates it twice): that is why this is not the
    kernel's `has_loose_bvar`, which visits a shared subterm once."""
    count = 0
    stack = [(e, i)]
    while stack:
        x, j = stack.pop()
        if x.lbr <= j:
            continue
        k = x.kind
        if k == BVAR:
            if x.idx == j:  # type: ignore[attr-defined]
                count += 1
                if count >= limit:
                    return count
        elif k == APP:
            stack.append((x.fn, j))  # type: ignore[attr-defined]
            stack.append((x.arg, j))  # type: ignore[attr-defined]
        elif k == LAM or k == PI:
            stack.append((x.type, j))  # type: ignore[attr-defined]
            stack.append((x.body, j + 1))  # type: ignore[attr-defined]
        elif k == LET:
            stack.append((x.type, j))  # type: ignore[attr-defined]
            stack.append((x.value, j))  # type: ignore[attr-defined]
            stack.append((x.body, j + 1))  # type: ignore[attr-defined]
        elif k == PROJ:
            stack.append((x.expr, j))  # type: ignore[attr-defined]
    return count
